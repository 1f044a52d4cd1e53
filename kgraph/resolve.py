"""Names -> canonical node ids across articles: alias tables, legal suffixes, acronyms, safe merges.

Rules (in order; the first that applies wins):

1. The user's alias table, then the shipped default table (``resources/aliases.csv``): an alias maps to its
   canonical name, kind and optional Wikidata QID.
2. The exact node id ``kind:slug(name)`` when that node exists.
3. A normalised key (legal suffixes such as "Co., Ltd." and "Corporation" dropped, leading "the" dropped) that
   matches exactly one known entity of a compatible kind.
4. An alias (including an acronym) of this mention that is the label or alias of exactly one known entity of a
   compatible kind, and only for aliases that are not bare surnames or single words of a person name.
5. Otherwise a new node. A mention that cannot be resolved safely stays separate rather than being guessed.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx

from kgraph.errors import ConfigError

__all__ = ["AliasEntry", "Resolver", "load_alias_table", "normalise_name"]

# Organisation kinds are compatible with each other: a facility mentioned by its full name in one
# article may be tagged an organisation in another.
_COMPATIBLE = {
    "person": ("person",),
    "organization": ("organization", "facility"),
    "facility": ("facility", "organization"),
    "place": ("place",),
}

_LEGAL_SUFFIX = re.compile(
    r"(?:[\s,]+(?:co\.?|company|corp\.?|corporation|inc\.?|incorporated|ltd\.?|limited|llc|plc|gmbh|ag|s\.?a\.?|"
    r"holdings?))+\.?\s*$",
    re.IGNORECASE,
)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Return a comparison key for a name: case-folded, legal suffixes and a leading "the" dropped.

    Examples
    --------
    >>> normalise_name("Naura Technology Group Co., Ltd.")
    'naura technology group'
    >>> normalise_name("The Boeing Company")
    'boeing'
    """
    text = _SPACE.sub(" ", name.replace("’", "'")).strip()
    text = _LEADING_THE.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _LEGAL_SUFFIX.sub("", text).strip(" ,.")
    return text.casefold() or name.casefold()


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One row of an alias table."""

    alias: str
    canonical: str
    kind: str
    qid: str = ""


def load_alias_table(path: str | Path | None = None) -> list[AliasEntry]:
    """Read an alias table (CSV with columns alias,canonical,kind[,qid] or TOML); default: the shipped one.

    TOML form::

        [[alias]]
        alias = "BAAI"
        canonical = "Beijing Academy of Artificial Intelligence"
        kind = "organization"
        qid = "Q..."
    """
    if path is None:
        text = resources.files("kgraph.resources").joinpath("aliases.csv").read_text(encoding="utf-8")
        return _parse_csv(text, "kgraph/resources/aliases.csv")
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{p}: cannot read alias table: {err}") from err
    if p.suffix.lower() == ".toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{p}: invalid TOML: {err}") from err
        rows = data.get("alias", [])
        entries = []
        for i, row in enumerate(rows, 1):
            try:
                entries.append(_entry(row, f"{p} [[alias]] #{i}"))
            except KeyError as err:
                raise ConfigError(f"{p} [[alias]] #{i}: missing key {err}") from err
        return entries
    return _parse_csv(text, str(p))


def _entry(row: dict, where: str) -> AliasEntry:
    kind = str(row["kind"]).strip().lower()
    if kind not in _COMPATIBLE:
        raise ConfigError(f"{where}: kind {kind!r} is not one of {', '.join(_COMPATIBLE)}")
    alias, canonical = str(row["alias"]).strip(), str(row["canonical"]).strip()
    if not alias or not canonical:
        raise ConfigError(f"{where}: alias and canonical must not be empty")
    return AliasEntry(alias, canonical, kind, str(row.get("qid") or "").strip())


def _parse_csv(text: str, where: str) -> list[AliasEntry]:
    reader = csv.DictReader(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    missing = {"alias", "canonical", "kind"} - set(reader.fieldnames or ())
    if missing:
        raise ConfigError(f"{where}: alias table lacks column(s) {', '.join(sorted(missing))}")
    entries = []
    for row in reader:
        try:
            entries.append(_entry(row, f"{where} line {reader.line_num}"))
        except KeyError as err:
            raise ConfigError(f"{where} line {reader.line_num}: missing {err}") from err
    return entries


@dataclass
class Resolver:
    """Maps an entity mention (kind, name, aliases) to a canonical node id, label and QID."""

    table: dict[str, AliasEntry] = field(default_factory=dict)
    _by_key: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))
    _labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def default(cls, alias_files: Iterable[str | Path] = ()) -> Resolver:
        """A resolver with the shipped alias table, overridden by the user's tables in order."""
        resolver = cls()
        for entry in load_alias_table():
            resolver.add_alias(entry)
        for path in alias_files:
            for entry in load_alias_table(path):
                resolver.add_alias(entry)
        return resolver

    def add_alias(self, entry: AliasEntry) -> None:
        """Add (or override) one alias table entry."""
        self.table[entry.alias.casefold()] = entry
        self.table.setdefault(entry.canonical.casefold(), AliasEntry(entry.canonical, entry.canonical,
                                                                     entry.kind, entry.qid))

    def observe_graph(self, graph: nx.MultiDiGraph) -> None:
        """Learn the labels and aliases of an existing graph's entity nodes."""
        for nid, data in graph.nodes(data=True):
            kind = data.get("kind")
            if kind in _COMPATIBLE:
                self._remember(nid, kind, data.get("label", ""), data.get("aliases", ()))

    def _remember(self, nid: str, kind: str, label: str, aliases: Iterable[str]) -> None:
        self._labels[nid] = label
        for name in (label, *aliases):
            if name:
                self._by_key[(kind, normalise_name(name))].add(nid)

    def _unique(self, kind: str, name: str) -> str | None:
        found: set[str] = set()
        for k in _COMPATIBLE.get(kind, (kind,)):
            found |= self._by_key.get((k, normalise_name(name)), set())
        return next(iter(found)) if len(found) == 1 else None

    def resolve(self, kind: str, name: str, aliases: Iterable[str] = ()) -> tuple[str, str, str]:
        """Return ``(node_id, label, qid)`` for a mention and remember it for later articles."""
        from kgraph.graph import node_id

        aliases = tuple(aliases)
        for candidate in (name, *aliases):
            entry = self.table.get(candidate.casefold())
            if entry and entry.kind in _COMPATIBLE.get(kind, (kind,)):
                nid = node_id(entry.kind, entry.canonical)
                self._remember(nid, entry.kind, entry.canonical, (name, *aliases))
                return nid, entry.canonical, entry.qid
        nid = node_id(kind, name)
        if nid not in self._labels:
            # A one-word person name ("Li", "Premier Li" -> "Li") never merges across articles:
            # Li Qiang and Li Keqiang are both "Premier Li".
            single = kind == "person" and len(name.split()) < 2
            found = None if single else self._unique(kind, name)
            if found is None and not single:
                person_words = set(name.split()) if kind == "person" else set()
                for alias in aliases:
                    if kind == "person" and (alias in person_words or " " not in alias):
                        continue  # a bare surname or given name never merges across articles
                    found = self._unique(kind, alias)
                    if found:
                        break
            if found:
                nid = found
        label = self._labels.get(nid, name)
        self._remember(nid, nid.split(":", 1)[0], label, (name, *aliases))
        return nid, label, ""
