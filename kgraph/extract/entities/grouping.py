"""Grouping the mentions of one article into entities: one function per merge rule, run in priority order.

Each mention gets a group key (its normalised canonical form); the rules of :data:`MERGE_RULES` merge groups
(union-find on the keys) or re-type a key, in the order listed: a later rule sees the groups the earlier ones
made. **A new merge rule is one function** ``rule(grouping: Grouping) -> None`` added to :data:`MERGE_RULES` at
its place in the order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from kgraph.extract.entities.acronyms import initials_match
from kgraph.extract.entities.candidates import caps_to_title
from kgraph.extract.entities.mentions import Mention
from kgraph.extract.entities.words import (
    FACILITY_HEADS,
    LEGAL_SUFFIX,
    OTHER_BODY,
    PLACE_SUFFIX,
    norm_key,
)
from kgraph.resolve import AliasEntry

__all__ = ["MERGE_RULES", "Grouping", "canonical_form", "group_mentions"]


def canonical_form(text: str, kind: str) -> str:
    """A mention's name without legal suffix (organisations) or "Province"/"city" (places).

    Examples
    --------
    >>> canonical_form("Naura Technology Group Co., Ltd.", "organization"), canonical_form("Hunan Province", "place")
    ('Naura Technology Group', 'Hunan')
    """
    if kind in ("organization", "facility"):
        stripped = LEGAL_SUFFIX.sub("", text).strip(" ,")
        return stripped or text
    if kind == "place":
        stripped = PLACE_SUFFIX.sub("", text)
        if stripped.upper() == stripped and len(stripped) > 4:
            stripped = caps_to_title(stripped)
        return stripped or text
    return text


@dataclass
class Grouping:
    """The per-article state of the merge rules: keys, their forms and kind votes, and the union-find forest."""

    #: The shipped alias table by normalised alias and canonical name.
    table: Mapping[str, AliasEntry]
    #: Normalised gazetteer place names.
    places_norm: AbstractSet[str]
    #: Acronyms defined in the text -> their expansion.
    acronyms: dict[str, str]
    #: key -> canonical form of the mention text (first seen).
    form: dict[str, str] = field(default_factory=dict)
    #: key -> the kinds its mentions were given, in text order.
    kind_votes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    parent: dict[str, str] = field(default_factory=dict)
    keys: list[str] = field(default_factory=list)
    #: Keys of multi-word person names.
    persons: list[str] = field(default_factory=list)
    #: Keys of organisations and facilities (a rule may add to it).
    orgs: list[str] = field(default_factory=list)

    def find(self, k: str) -> str:
        parent = self.parent
        while parent.get(k, k) != k:
            k = parent[k]
        return k

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb

    def kind_of(self, key: str) -> str:
        votes = self.kind_votes[key]
        return max(set(votes), key=lambda k: (votes.count(k), k == "person", -votes.index(k)))

    def target_for(self, expansion: str) -> str | None:
        """The key an acronym's expansion names: the same key, or the one non-person key ending with it."""
        key = norm_key(expansion)
        if key in self.form:
            return key
        ends = [k for k in self.form if k.endswith(" " + key) and self.kind_of(k) != "person"]
        return ends[0] if len(ends) == 1 else None


def merge_upper_case(g: Grouping) -> None:
    """Upper-case forms are the mixed-case name ("FUZHOU" -> "Fuzhou", "PHILIPPE WOJAZER")."""
    for k in g.keys:
        name = g.form[k]
        if name.upper() == name and (len(name) > 4 or " " in name):
            for o in g.keys:
                if o != k and o == norm_key(name.title()):
                    g.union(k, o)


def merge_alias_table(g: Grouping) -> None:
    """Alias table: known variants are one entity ("US", "U.S.", "United States")."""
    by_canonical: dict[str, str] = {}
    for k in g.keys:
        entry = g.table.get(k)
        if entry is not None:
            canon = norm_key(entry.canonical)
            if canon in by_canonical:
                g.union(k, by_canonical[canon])
            else:
                by_canonical[canon] = k


def _contains_words(full: Sequence[str], part: Sequence[str]) -> bool:
    n = len(part)
    if n == 1:
        return part[0] in full
    return tuple(full[-n:]) == tuple(part) or tuple(full[:n]) == tuple(part)


def merge_person_names(g: Grouping) -> None:
    """Person names: a surname, given name or tail resolves to the one full name that contains it."""
    form, persons = g.form, g.persons
    for k in g.keys:
        words = form[k].split()
        if k in persons and not any(len(form[p].split()) > len(words) for p in persons if p != k):
            continue
        candidates = [
            p for p in persons if p != k and len(form[p].split()) > len(words)
            and (_contains_words(form[p].split(), words))
        ]
        if len(words) <= 2 and candidates and len({g.find(p) for p in candidates}) == 1:
            kind = g.kind_of(k)
            if kind == "person" or (len(words) <= 2 and k not in g.places_norm and g.table.get(k) is None
                                    and words[-1].lower() not in FACILITY_HEADS):
                g.union(k, candidates[0])
                g.kind_votes[k] = ["person"] * len(g.kind_votes[k])


def retype_org_first_words(g: Grouping) -> None:
    """A single word tagged PERSON that no person name contains but that begins one organisation name."""
    for k in g.keys:
        if g.kind_of(k) == "person" and " " not in g.form[k] and g.find(k) == k:
            starts = [o for o in g.orgs if g.form[o].split()[0] == g.form[k] and " " in g.form[o]]
            if len({g.find(o) for o in starts}) == 1:
                g.kind_votes[k] = [g.kind_of(starts[0])] * len(g.kind_votes[k])
                g.orgs.append(k)


def merge_org_short_forms(g: Grouping) -> None:
    """Organisations: a short form that begins the one longer name ("Naura", "Great Hall"), unless the rest names
    another body ("MRC" / "MRC Laboratory of Molecular Biology") or the short form is an acronym ("UAW")."""
    form = g.form
    for k in g.orgs:
        words = form[k].split()
        cands = []
        for o in g.orgs:
            ow = form[o].split()
            if o == k or len(ow) <= len(words) or ow[: len(words)] != words:
                continue
            rest = [w.lower().strip("(),") for w in ow[len(words):]]
            if any(w in OTHER_BODY for w in rest):
                continue
            if len(words) == 1 and words[0].upper() == words[0] and len(words[0]) > 1 and rest[0] != "group":
                continue  # an acronym is its own body ("UAW" / "UAW Local 14")
            cands.append(o)
        if cands and len({g.find(o) for o in cands}) == 1:
            g.union(k, cands[0])


def merge_defined_acronyms(g: Grouping) -> None:
    """Acronyms defined in the text attach to the entity they abbreviate."""
    for acro, expansion in g.acronyms.items():
        target = g.target_for(canonical_form(expansion, "organization"))
        akey = norm_key(acro)
        if target is not None and akey in g.form:
            g.union(akey, target)


def merge_initials(g: Grouping) -> None:
    """Undefined acronyms that match the initials of exactly one organisation ("CQU", "GMU", "APP")."""
    for k in g.keys:
        name = g.form[k]
        if not (name.isupper() and 2 <= len(name) <= 6 and name.isalpha()) or name in g.acronyms:
            continue
        if g.table.get(k) is not None:
            continue
        matches = {g.find(o) for o in g.orgs if o != k and initials_match(name, g.form[o])}
        if g.kind_of(k) in ("organization", "facility", "place") and len(matches) == 1:
            g.union(k, next(iter(matches)))


#: The merge rules in priority order (a later rule sees the groups the earlier ones made).
MERGE_RULES: tuple[Callable[[Grouping], None], ...] = (
    merge_upper_case,
    merge_alias_table,
    merge_person_names,
    retype_org_first_words,
    merge_org_short_forms,
    merge_defined_acronyms,
    merge_initials,
)


def group_mentions(
    mentions: Sequence[Mention], acronyms: dict[str, str], common: set[str], table: Mapping[str, AliasEntry],
    places_norm: AbstractSet[str], rules: Sequence[Callable[[Grouping], None]] = MERGE_RULES,
) -> tuple[Grouping, list[Mention]]:
    """Key every mention (dropping non-person mentions of common-noun acronyms) and run the merge ``rules``.

    Returns the grouping and the mentions kept.
    """
    g = Grouping(table, places_norm, acronyms)
    keep: list[Mention] = []
    for m in mentions:
        if m.text in common and m.kind != "person":
            continue
        name = canonical_form(m.text, m.kind)
        key = norm_key(name)
        keep.append(m)
        g.form.setdefault(key, name)
        g.kind_votes[key].append(m.kind)
        g.parent.setdefault(key, key)
    g.keys = list(g.form)
    g.persons = [k for k in g.keys if g.kind_of(k) == "person" and len(g.form[k].split()) > 1]
    g.orgs = [k for k in g.keys if g.kind_of(k) in ("organization", "facility")]
    for rule in rules:
        rule(g)
    return g, keep
