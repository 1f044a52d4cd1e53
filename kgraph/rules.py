"""The rule book: every word list the extraction rules, the sentence gate and the resolver read, as data.

The lists live in the package data ``resources/rules.toml`` (entities, visit targets, legal forms, resolver, gate,
site events) and ``resources/visit_cues.toml`` (visit triggers and modality, read by
:class:`kgraph.extract.visits.VisitCues`). :func:`default_rules` reads ``rules.toml`` once into one immutable
:class:`RuleBook` that every module reads. ``docs/rules.md`` says where a new word goes, and how a user rule file
(``ExtractOptions.rules``) adds words to the visit cue lists.

Examples
--------
>>> rules = default_rules()
>>> "centre" in rules.entity_org_heads, "centre" in rules.target_facility_heads
(True, True)
>>> rules.legal_suffix.sub("", "Naura Technology Group Co., Ltd.")
'Naura Technology Group'
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from importlib import resources
from typing import Any

from kgraph.errors import ConfigError

__all__ = ["RuleBook", "default_rules", "legal_pattern"]

#: (section, key) of rules.toml -> RuleBook field, for every word list.
_KEYS: dict[tuple[str, str], str] = {
    ("legal", "forms"): "legal_forms",
    ("legal", "long_forms"): "legal_long_forms",
    ("legal", "resolver_only"): "legal_resolver_only",
    **{("entities", k): f"entity_{k}" for k in (
        "org_heads", "facility_heads", "settlement_heads", "place_heads", "other_body", "role_words", "person_nouns",
        "not_entity", "name_particles", "sea_words", "directions", "chinese_surnames", "credit_noise",
        "function_words", "subsite_heads", "owner_heads", "possessive_name", "acronym_stop")},
    **{("targets", k): f"target_{k}" for k in (
        "org_heads", "facility_heads", "admin_units", "place_word_heads", "unit_heads", "owner_heads", "directions",
        "name_links")},
    ("resolver", "other_body"): "resolver_other_body",
    ("gate", "extra_cues"): "gate_extra_cues",
    ("gate", "be"): "gate_be",
    ("site_events", "royal_titles"): "royal_titles",
    ("site_events", "head_of_state_titles"): "head_of_state_titles",
    ("site_events", "envoy_titles"): "envoy_titles",
    ("site_events", "not_the_office"): "not_the_office",
}


def legal_pattern(words: Iterable[str], *, ignore_case: bool = False, trailing_space: bool = False) -> re.Pattern[str]:
    """A pattern for one or more legal forms at the end of a name (with the commas and spaces before them).

    A full stop in a word is optional; ``trailing_space`` also takes the spaces after the last form.

    Examples
    --------
    >>> legal_pattern(["Co.", "Ltd."]).sub("", "Sunward Co., Ltd")
    'Sunward'
    """
    alternatives = "|".join(re.escape(w).replace(r"\.", r"\.?") for w in sorted(words))
    end = r"\.?\s*$" if trailing_space else r"\.?$"
    return re.compile(rf"(?:[\s,]+(?:{alternatives}))+{end}", re.IGNORECASE if ignore_case else 0)


@dataclass(frozen=True)
class RuleBook:
    """The word lists of the rules (see ``resources/rules.toml`` for what each one is for).

    Fields are named ``section_key`` after the TOML file (``[entities] org_heads`` -> ``entity_org_heads``).
    """

    legal_forms: frozenset[str]
    legal_long_forms: frozenset[str]
    legal_resolver_only: frozenset[str]
    entity_org_heads: frozenset[str]
    entity_facility_heads: frozenset[str]
    entity_settlement_heads: frozenset[str]
    entity_place_heads: frozenset[str]
    entity_other_body: frozenset[str]
    entity_role_words: frozenset[str]
    entity_person_nouns: frozenset[str]
    entity_not_entity: frozenset[str]
    entity_name_particles: frozenset[str]
    entity_sea_words: frozenset[str]
    entity_directions: frozenset[str]
    entity_chinese_surnames: frozenset[str]
    entity_credit_noise: frozenset[str]
    entity_function_words: frozenset[str]
    entity_subsite_heads: frozenset[str]
    entity_owner_heads: frozenset[str]
    entity_possessive_name: frozenset[str]
    entity_acronym_stop: frozenset[str]
    target_org_heads: frozenset[str]
    target_facility_heads: frozenset[str]
    target_admin_units: frozenset[str]
    target_place_word_heads: frozenset[str]
    target_unit_heads: frozenset[str]
    target_owner_heads: frozenset[str]
    target_directions: frozenset[str]
    target_name_links: frozenset[str]
    resolver_other_body: frozenset[str]
    gate_extra_cues: frozenset[str]
    gate_be: frozenset[str]
    royal_titles: frozenset[str]
    head_of_state_titles: frozenset[str]
    envoy_titles: frozenset[str]
    not_the_office: frozenset[str]

    @functools.cached_property
    def legal_words(self) -> frozenset[str]:
        """Tokens that are a legal form, with and without the full stop, as written ("Co.", "Co", "Ltd", ...)."""
        return self.legal_forms | {w.rstrip(".") for w in self.legal_forms}

    @functools.cached_property
    def legal_suffix(self) -> re.Pattern[str]:
        """Legal forms (also spelled out) at the end of a name inside an article; case matters."""
        return legal_pattern(self.legal_forms | self.legal_long_forms)

    @functools.cached_property
    def resolver_legal_suffix(self) -> re.Pattern[str]:
        """Legal forms the resolver drops across articles, in any case (also ``legal.resolver_only``)."""
        return legal_pattern(self.legal_forms | self.legal_long_forms | self.legal_resolver_only, ignore_case=True,
                             trailing_space=True)

    @classmethod
    def from_tables(cls, tables: Sequence[tuple[str, dict[str, Any]]]) -> RuleBook:
        """Build a book from parsed TOML tables ``(source, table)``: the words of every table, added up."""
        words: dict[str, set[str]] = {f.name: set() for f in fields(cls)}
        for source, table in tables:
            for section, keys in table.items():
                if not isinstance(keys, dict):
                    raise ConfigError(f"{source}: '{section}' is not a [section] of word lists")
                for key, value in keys.items():
                    name = _KEYS.get((section, key))
                    if name is None:
                        raise ConfigError(f"{source}: unknown rule list [{section}] {key} (see docs/rules.md)")
                    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                        raise ConfigError(f"{source}: [{section}] {key} must be a list of strings")
                    words[name].update(value)
        return cls(**{name: frozenset(ws) for name, ws in words.items()})


@functools.cache
def _packaged() -> dict[str, Any]:
    return tomllib.loads(resources.files("kgraph.resources").joinpath("rules.toml").read_text(encoding="utf-8"))


@functools.cache
def default_rules() -> RuleBook:
    """The shipped rule book (``resources/rules.toml``), read once."""
    return RuleBook.from_tables([("rules.toml", _packaged())])

