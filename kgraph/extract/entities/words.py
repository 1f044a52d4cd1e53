"""Word lists, text patterns and package-data loaders (titles, known organisations, gazetteer) of the entity rules."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

from kgraph.resolve import AliasEntry, load_alias_table
from kgraph.rules import default_rules

#: The word lists, from the rule book (resources/rules.toml [entities] and [legal]).
_RULES = default_rules()

LABEL_KIND = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "facility"}

ORG_HEADS = _RULES.entity_org_heads
FACILITY_HEADS = _RULES.entity_facility_heads
SETTLEMENT_HEADS = _RULES.entity_settlement_heads
PLACE_HEADS = _RULES.entity_place_heads
OTHER_BODY = _RULES.entity_other_body
ROLE_WORDS = _RULES.entity_role_words
PERSON_NOUNS = _RULES.entity_person_nouns
NOT_ENTITY = _RULES.entity_not_entity
NAME_PARTICLES = _RULES.entity_name_particles
SEA_WORDS = _RULES.entity_sea_words
DIRECTIONS = _RULES.entity_directions
CHINESE_SURNAMES = _RULES.entity_chinese_surnames

PLACE_SUFFIX = re.compile(r"\s+(?:[Pp]rovince|city|[Mm]unicipality)$")
LEGAL_SUFFIX = _RULES.legal_suffix
LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
POSSESSIVE = re.compile(r"(?:'s|’s|‘s|'|’)$")
ACRONYM_DEF = re.compile(r"([A-Za-z][\w&.,'’\- ]{2,120}?)\s*\(\s*([A-Z][A-Za-z0-9&.\-]{1,11})\s*\)")
ACRONYM_FIRST = re.compile(r"\b([A-Z][A-Z0-9&]{1,10})\s*\(\s*([a-z][a-z ,'\-]{3,80})\)")
HAS_LETTER = re.compile(r"[^\W\d_]")
CAP_WORD = r"[A-Z][\w.&'’\-]*"
CREDIT = re.compile(
    rf"(?<![\w/])({CAP_WORD}(?:[ \t]+{CAP_WORD}){{0,3}}(?:[ \t]*/[ \t]*{CAP_WORD}(?:[ \t]+{CAP_WORD}){{0,3}})+)"
)
DATELINE = re.compile(
    r"(?m)^[ \t]*(?:date \d{4}-\d{2}-\d{2}[ \t]+)?([A-Z][A-Z .'’\-]{2,30}[A-Z])?"
    r"(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?)?[ \t]*(?:\(([A-Za-z][\w .&\-]{1,30})\))?[ \t]*"
    r"(?:--|[-–—:])"
)
PAREN_ORG = re.compile(
    rf"({CAP_WORD}(?:[ \t]+{CAP_WORD})*[ \t]+\([A-Z][a-z]+\)(?:[ \t]+{CAP_WORD})*?)"
    r"(,?[ \t]+(?:Co\.?,?[ \t]*Ltd\.?|Co\.?|Ltd\.?|Inc\.?|Corp\.?|Corporation|Limited|LLC|GmbH|AG|PLC))(?!\w)"
)
CREDIT_NOISE = _RULES.entity_credit_noise
LEGAL_WORDS = _RULES.legal_words
FUNCTION = _RULES.entity_function_words
SUBSITE_HEADS = _RULES.entity_subsite_heads
OWNER_HEADS = _RULES.entity_owner_heads
POSSESSIVE_NAME = _RULES.entity_possessive_name
ACRONYM_STOP = _RULES.entity_acronym_stop


def person_titles() -> frozenset[str]:
    """Lower-case title words that precede a person's name (package data ``resources/titles.txt``)."""
    text = resources.files("kgraph.resources").joinpath("titles.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def load_known_orgs() -> frozenset[str]:
    import json

    text = resources.files("kgraph.resources").joinpath("patterns.jsonl").read_text(encoding="utf-8")
    out = set()
    for line in text.splitlines():
        if line.strip():
            pat = json.loads(line)
            if pat.get("label") == "ORG" and isinstance(pat.get("pattern"), str):
                out.add(norm_key(pat["pattern"]))
    return frozenset(out)


def load_gazetteer() -> frozenset[str]:
    text = resources.files("kgraph.resources").joinpath("places.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip().casefold()


@dataclass(frozen=True)
class EntityRules:
    """What the entity rules read besides the word lists: person titles, the alias table, the gazetteer and the
    organisation names of the shipped entity patterns (one per :class:`~kgraph.extract.entities.EntityExtractor`)."""

    #: Lower-case title words cut from the front of person names.
    titles: frozenset[str]
    #: Alias-table entries by normalised alias and canonical name.
    table: Mapping[str, AliasEntry]
    #: Gazetteer place names, and the same normalised.
    places: frozenset[str]
    places_norm: frozenset[str]
    #: Normalised organisation names of the shipped entity patterns.
    known_orgs: frozenset[str]

    @classmethod
    def load(cls, titles: Iterable[str] | None = None, aliases: Iterable[AliasEntry] | None = None) -> EntityRules:
        """The shipped titles, alias table, gazetteer and patterns, or the given titles and aliases."""
        table: dict[str, AliasEntry] = {}
        for entry in aliases if aliases is not None else load_alias_table():
            table[norm_key(entry.alias)] = entry
            table.setdefault(norm_key(entry.canonical), entry)
        places = load_gazetteer()
        return cls(
            titles=frozenset(t.lower() for t in (titles if titles is not None else person_titles())),
            table=table,
            places=places,
            places_norm=frozenset(norm_key(p) for p in places),
            known_orgs=load_known_orgs(),
        )
