"""Word lists, text patterns and package-data loaders (titles, known organisations, gazetteer) of the entity rules."""

from __future__ import annotations

import re
from importlib import resources

from kgraph.rules import default_rules

#: The word lists, from the rule book (resources/rules.toml [entities] and [legal]).
_RULES = default_rules()

_LABEL_KIND = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "facility"}

_ORG_HEADS = _RULES.entity_org_heads
_FACILITY_HEADS = _RULES.entity_facility_heads
_SETTLEMENT_HEADS = _RULES.entity_settlement_heads
_PLACE_HEADS = _RULES.entity_place_heads
_OTHER_BODY = _RULES.entity_other_body
_ROLE_WORDS = _RULES.entity_role_words
_PERSON_NOUNS = _RULES.entity_person_nouns
_NOT_ENTITY = _RULES.entity_not_entity
_NAME_PARTICLES = _RULES.entity_name_particles
_SEA_WORDS = _RULES.entity_sea_words
_DIRECTIONS = _RULES.entity_directions
_CHINESE_SURNAMES = _RULES.entity_chinese_surnames

_PLACE_SUFFIX = re.compile(r"\s+(?:[Pp]rovince|city|[Mm]unicipality)$")
_LEGAL_SUFFIX = _RULES.legal_suffix
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|‘s|'|’)$")
_ACRONYM_DEF = re.compile(r"([A-Za-z][\w&.,'’\- ]{2,120}?)\s*\(\s*([A-Z][A-Za-z0-9&.\-]{1,11})\s*\)")
_ACRONYM_FIRST = re.compile(r"\b([A-Z][A-Z0-9&]{1,10})\s*\(\s*([a-z][a-z ,'\-]{3,80})\)")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_CAP_WORD = r"[A-Z][\w.&'’\-]*"
_CREDIT = re.compile(
    rf"(?<![\w/])({_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}}(?:[ \t]*/[ \t]*{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}})+)"
)
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?:date \d{4}-\d{2}-\d{2}[ \t]+)?([A-Z][A-Z .'’\-]{2,30}[A-Z])?"
    r"(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?)?[ \t]*(?:\(([A-Za-z][\w .&\-]{1,30})\))?[ \t]*"
    r"(?:--|[-–—:])"
)
_PAREN_ORG = re.compile(
    rf"({_CAP_WORD}(?:[ \t]+{_CAP_WORD})*[ \t]+\([A-Z][a-z]+\)(?:[ \t]+{_CAP_WORD})*?)"
    r"(,?[ \t]+(?:Co\.?,?[ \t]*Ltd\.?|Co\.?|Ltd\.?|Inc\.?|Corp\.?|Corporation|Limited|LLC|GmbH|AG|PLC))(?!\w)"
)
_CREDIT_NOISE = _RULES.entity_credit_noise
_LEGAL_WORDS = _RULES.legal_words
_FUNCTION = _RULES.entity_function_words
_SUBSITE_HEADS = _RULES.entity_subsite_heads
_OWNER_HEADS = _RULES.entity_owner_heads
_POSSESSIVE_NAME = _RULES.entity_possessive_name
_ACRONYM_STOP = _RULES.entity_acronym_stop


def person_titles() -> frozenset[str]:
    """Lower-case title words that precede a person's name (package data ``resources/titles.txt``)."""
    text = resources.files("kgraph.resources").joinpath("titles.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _known_orgs() -> frozenset[str]:
    import json

    text = resources.files("kgraph.resources").joinpath("patterns.jsonl").read_text(encoding="utf-8")
    out = set()
    for line in text.splitlines():
        if line.strip():
            pat = json.loads(line)
            if pat.get("label") == "ORG" and isinstance(pat.get("pattern"), str):
                out.add(_norm(pat["pattern"]))
    return frozenset(out)


def _gazetteer() -> frozenset[str]:
    text = resources.files("kgraph.resources").joinpath("places.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip().casefold()
