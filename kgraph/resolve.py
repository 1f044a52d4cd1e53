"""Names -> canonical node ids across articles: alias tables, legal suffixes, acronyms, safe merges.

Rules (in order; the first that applies wins):

1. The user's alias tables (later files override earlier ones), then the shipped default table
   (``resources/aliases.csv``): an alias (or canonical name) maps to its canonical name, kind and optional
   Wikidata QID. The table is compared case-insensitively on whole names, and only with a compatible kind.
2. The exact node id ``kind:slug(name)`` when that node exists.
3. A normalised key (case folded, curly quotes straightened, legal suffixes such as "Co., Ltd." and
   "Corporation" and a leading "the" dropped) equal to the label or an alias of exactly one known entity of a
   compatible kind ("Naura Technology Group Co., Ltd." -> "Naura Technology Group").
4. Organisations, facilities and places only: an alias of this mention (an acronym such as "BAAI", a short
   form such as "Naura") that is the label or alias of exactly one known entity of a compatible kind. A short
   name used alone in a later article ("Naura", "BAAI") resolves the same way through rule 3.
5. Otherwise a new node. A mention that cannot be resolved safely stays separate rather than being guessed:
   two or more candidates means no merge.

People are never merged through a surname, a given name or a titled form: only the full name (rule 2/3) or
the alias table joins two person mentions, and only full-name aliases of a person are remembered. Li Qiang
and Li Keqiang are both "Premier Li" and "Li" in different years, so those forms must not join them; two
different people who share a full name need an alias-table row (or a distinct label) to stay apart.
Kinds ``organization`` and ``facility`` are compatible (the model may label a named site either way);
persons and places only match their own kind.

:func:`likely_duplicates` lists pairs of nodes of one kind with similar labels (rapidfuzz) for a person to
review; each comes with a ready-to-paste alias-table row. See ``docs/resolution.md``.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kgraph.errors import ConfigError
from kgraph.ids import node_id
from kgraph.rules import default_rules

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

__all__ = ["AliasEntry", "Duplicate", "Resolver", "likely_duplicates", "load_alias_table", "normalise_name"]

# Organisation kinds are compatible with each other: a facility mentioned by its full name in one
# article may be tagged an organisation in another.
_COMPATIBLE = {
    "person": ("person",),
    "organization": ("organization", "facility"),
    "facility": ("facility", "organization"),
    "place": ("place",),
}
_KINDS = tuple(_COMPATIBLE)
#: The word lists, from the rule book (resources/rules.toml [resolver] and [legal]).
_RULES = default_rules()
_OTHER_BODY = _RULES.resolver_other_body

_LEGAL_SUFFIX = _RULES.resolver_legal_suffix
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_QID = re.compile(r"^Q[1-9][0-9]*$")


def normalise_name(name: str) -> str:
    """Return a comparison key for a name: case-folded, legal suffixes and a leading "the" dropped.

    Examples
    --------
    >>> normalise_name("Naura Technology Group Co., Ltd.")
    'naura technology group'
    >>> normalise_name("The Boeing Company")
    'boeing'
    >>> normalise_name("Xi’an")
    "xi'an"
    """
    text = _SPACE.sub(" ", name.replace("’", "'").replace("‘", "'")).strip()
    text = _LEADING_THE.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _LEGAL_SUFFIX.sub("", text).strip(" ,.")
    return text.casefold() or name.casefold()


# "Yizhuang district" and "Yizhuang" are one place; "Mexico City" and "Mexico" are not (capitalised "City").
_PLACE_DESCRIPTOR = re.compile(r"\s+(?:district|county|city|province|prefecture|Province|District|County)$")


def _key(kind: str, name: str) -> str:
    """The comparison key of a name of ``kind``: :func:`normalise_name`, and for places no trailing descriptor."""
    if kind == "place":
        stripped = _PLACE_DESCRIPTOR.sub("", name.strip())
        if stripped:
            name = stripped
    return normalise_name(name)


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """One row of an alias table: ``alias`` -> ``canonical`` name of kind ``kind`` (optional Wikidata ``qid``)."""

    alias: str
    canonical: str
    kind: str
    qid: str = ""


def load_alias_table(path: str | Path | None = None) -> list[AliasEntry]:
    """Read an alias table; with no path, the shipped ``kgraph/resources/aliases.csv``.

    CSV form (header required; ``qid`` optional; lines starting with ``#`` are comments)::

        alias,canonical,kind,qid
        BAAI,Beijing Academy of Artificial Intelligence,organization,Q62275476

    TOML form (``.toml`` suffix)::

        [[alias]]
        alias = "BAAI"
        canonical = "Beijing Academy of Artificial Intelligence"
        kind = "organization"
        qid = "Q62275476"

    Parameters
    ----------
    path
        A ``.csv`` or ``.toml`` file.

    Returns
    -------
    list of AliasEntry
        In file order.

    Raises
    ------
    ConfigError
        The file cannot be read, or a row lacks a field, names an unknown kind or has a malformed QID; the
        message names the file and line (TOML: the line of the ``[[alias]]`` table).

    Examples
    --------
    >>> entries = load_alias_table()
    >>> next(e for e in entries if e.alias == "U.S.").canonical
    'United States'
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
        return _parse_toml(text, str(p))
    return _parse_csv(text, str(p))


def _entry(row: dict[str, Any], where: str) -> AliasEntry:
    for key in ("alias", "canonical", "kind"):
        if key not in row or row[key] is None:
            raise ConfigError(f"{where}: missing {key!r} (an alias row needs alias, canonical, kind[, qid])")
    kind = str(row["kind"]).strip().lower()
    if kind == "organisation":
        kind = "organization"
    if kind not in _COMPATIBLE:
        raise ConfigError(f"{where}: kind {kind!r} is not one of {', '.join(_KINDS)}")
    alias, canonical = str(row["alias"]).strip(), str(row["canonical"]).strip()
    if not alias or not canonical:
        raise ConfigError(f"{where}: alias and canonical must not be empty")
    qid = str(row.get("qid") or "").strip()
    if qid and not _QID.match(qid):
        raise ConfigError(f"{where}: qid {qid!r} is not a Wikidata id such as Q148")
    return AliasEntry(alias, canonical, kind, qid)


def _parse_csv(text: str, where: str) -> list[AliasEntry]:
    header: list[str] | None = None
    entries: list[AliasEntry] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            cells = next(csv.reader(io.StringIO(line)))
        except csv.Error as err:
            raise ConfigError(f"{where} line {lineno}: malformed CSV: {err}") from err
        cells = [c.strip() for c in cells]
        if header is None:
            header = [c.lower() for c in cells]
            missing = {"alias", "canonical", "kind"} - set(header)
            if missing:
                raise ConfigError(
                    f"{where} line {lineno}: alias table header lacks column(s) {', '.join(sorted(missing))} "
                    "(expected alias,canonical,kind[,qid])"
                )
            continue
        if len(cells) > len(header):
            raise ConfigError(f"{where} line {lineno}: {len(cells)} fields, header has {len(header)} "
                              "(quote names that contain commas)")
        row = dict(zip(header, cells))
        entries.append(_entry(row, f"{where} line {lineno}"))
    if header is None:
        raise ConfigError(f"{where}: empty alias table (expected a header alias,canonical,kind[,qid])")
    return entries


def _parse_toml(text: str, where: str) -> list[AliasEntry]:
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{where}: invalid TOML: {err}") from err
    rows = data.get("alias", [])
    if not isinstance(rows, list):
        raise ConfigError(f"{where}: 'alias' must be an array of tables ([[alias]])")
    starts = [i for i, line in enumerate(text.splitlines(), 1) if line.strip().startswith("[[alias]]")]
    entries = []
    for i, row in enumerate(rows):
        line = f"line {starts[i]}" if i < len(starts) else f"[[alias]] #{i + 1}"
        if not isinstance(row, dict):
            raise ConfigError(f"{where} {line}: an alias must be a table")
        entries.append(_entry(row, f"{where} {line}"))
    return entries


def _person_safe(name: str, alias: str) -> bool:
    """Whether a person's alias may join nodes: a full-name form (two words or more, not a part of the name)."""
    words = alias.split()
    if len(words) < 2:
        return False
    name_words = [w.casefold() for w in name.split()]
    alias_words = [w.casefold() for w in words]
    # "Premier Li", "Mr Sunak" and "Boler Davis" are titled or partial forms; "PHILIPPE WOJAZER" is the name
    return alias_words == name_words


@dataclass
class Resolver:
    """Maps an entity mention (kind, name, aliases) to a canonical node id, label and QID.

    Examples
    --------
    >>> r = Resolver()
    >>> r.resolve("person", "Li Qiang", ["Premier Li", "Li"])
    ('person:li-qiang', 'Li Qiang', '')
    >>> r.resolve("person", "Li Keqiang", ["Premier Li", "Li"])
    ('person:li-keqiang', 'Li Keqiang', '')
    >>> r.resolve("organization", "Naura Technology Group", ["Naura Technology Group Co., Ltd.", "Naura"])[0]
    'organization:naura-technology-group'
    >>> r.resolve("organization", "Naura", [])[0]
    'organization:naura-technology-group'
    """

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
        """Add (or override) one alias table entry; its canonical name maps to itself."""
        self.table[normalise_name(entry.alias)] = entry
        key = normalise_name(entry.canonical)
        current = self.table.get(key)
        if current is None or current.canonical != entry.canonical or (entry.qid and not current.qid):
            self.table[key] = AliasEntry(entry.canonical, entry.canonical, entry.kind, entry.qid)

    def observe_graph(self, graph: nx.MultiDiGraph) -> None:
        """Learn the labels and aliases of an existing graph's entity nodes."""
        for nid, data in graph.nodes(data=True):
            kind = data.get("kind")
            if kind in _COMPATIBLE:
                self._remember(nid, kind, data.get("label", ""), data.get("aliases", ()))

    def _remember(self, nid: str, kind: str, label: str, aliases: Iterable[str]) -> None:
        self._labels.setdefault(nid, label)
        for name in (label, *aliases):
            if not name:
                continue
            if kind == "person" and name != label and not _person_safe(label, name):
                continue  # surnames and titled forms never become keys
            self._by_key[(kind, _key(kind, name))].add(nid)

    def _candidates(self, kind: str, name: str) -> set[str]:
        found: set[str] = set()
        for k in _COMPATIBLE.get(kind, (kind,)):
            found |= self._by_key.get((k, _key(k, name)), set())
        return found

    def _short_form(self, kind: str, name: str) -> set[str]:
        """Known organisations whose label begins with ``name`` plus words that name no other body."""
        if kind not in ("organization", "facility"):
            return set()
        words = normalise_name(name).split()
        if not words or len(words) > 2:
            return set()
        hits = set()
        for nid, label in self._labels.items():
            if nid.split(":", 1)[0] not in ("organization", "facility"):
                continue
            lw = normalise_name(label).split()
            if len(lw) > len(words) and lw[: len(words)] == words and not set(lw[len(words):]) & _OTHER_BODY:
                hits.add(nid)
        return hits if len(hits) == 1 else set()

    def _lookup_table(self, kind: str, names: Iterable[str]) -> AliasEntry | None:
        for candidate in names:
            entry = self.table.get(normalise_name(candidate))
            if entry and entry.kind in _COMPATIBLE.get(kind, (kind,)):
                return entry
        return None

    def resolve(self, kind: str, name: str, aliases: Iterable[str] = ()) -> tuple[str, str, str]:
        """Return ``(node_id, label, qid)`` for a mention and remember it for later articles.

        Parameters
        ----------
        kind
            ``person``, ``organization``, ``facility`` or ``place``.
        name
            The entity's name in its article.
        aliases
            Its other forms in that article (titled forms, acronyms, legal names).
        """
        aliases = tuple(a for a in aliases if a)
        # 1. alias table: the name first, then full-name aliases (never a bare surname of a person)
        usable = [name, *(a for a in aliases if kind != "person" or _person_safe(name, a))]
        entry = self._lookup_table(kind, usable)
        if entry is not None:
            nid = node_id(entry.kind, entry.canonical)
            self._labels[nid] = entry.canonical
            self._remember(nid, entry.kind, entry.canonical, (name, *aliases) if kind != "person" else (name,))
            return nid, entry.canonical, entry.qid
        nid = node_id(kind, name)
        if nid not in self._labels:
            # 3. the normalised name names exactly one known entity
            found = self._candidates(kind, name)
            if len(found) != 1 and kind != "person":
                # 4. an alias names exactly one known entity: a multi-word form, or the short form that entity
                #    was first seen under ("BAAI" seen alone, then "Beijing Academy ... (BAAI)")
                found = set()
                for alias in aliases:
                    hits = self._candidates(kind, alias)
                    if len(hits) > 1:
                        found = set()
                        break
                    if len(alias.split()) > 1 or all(
                        normalise_name(self._labels.get(h, "")) == normalise_name(alias) for h in hits
                    ):
                        found |= hits
                if len(found) != 1:
                    found = self._short_form(kind, name)
            if len(found) == 1:
                nid = next(iter(found))
        label = self._labels.get(nid, name)
        self._remember(nid, nid.split(":", 1)[0], label, (name, *aliases))
        return nid, label, ""


@dataclass(frozen=True, slots=True)
class Duplicate:
    """Two nodes of one kind whose labels look alike, with a suggested alias-table row."""

    score: float
    kind: str
    keep: str
    keep_label: str
    other: str
    other_label: str

    @property
    def row(self) -> str:
        """A CSV alias-table row mapping the other label onto the kept one (``alias,canonical,kind,qid``)."""
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow([self.other_label, self.keep_label, self.kind, ""])
        return buf.getvalue()


def likely_duplicates(
    graph: KnowledgeGraph | nx.Graph, threshold: float = 85.0, *, kinds: Iterable[str] = _KINDS
) -> list[Duplicate]:
    """Pairs of entity nodes of one kind with similar labels, for a person to review.

    Similarity is ``rapidfuzz.fuzz.token_sort_ratio`` of the normalised labels (see :func:`normalise_name`),
    or 100 when one node's label is an alias of the other. Organisations and facilities are compared with each
    other. The graph is not changed.

    Parameters
    ----------
    graph
        A :class:`~kgraph.graph.KnowledgeGraph` or its networkx graph.
    threshold
        Minimum score, 0-100.
    kinds
        Node kinds to compare.

    Returns
    -------
    list of Duplicate
        Best score first; in each pair ``keep`` is the node seen in more articles (then the longer label).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("organization:naura", kind="organization", label="Naura", aliases=[], articles=["a"])
    >>> g.add_node("organization:naura-technology", kind="organization", label="Naura Technology",
    ...            aliases=[], articles=["b", "c"])
    >>> g.add_node("place:beijing", kind="place", label="Beijing", aliases=[])
    >>> [(d.keep_label, d.other_label, d.row) for d in likely_duplicates(g, 60)]
    [('Naura Technology', 'Naura', 'Naura,Naura Technology,organization,')]
    """
    from rapidfuzz import fuzz

    g = graph if isinstance(graph, nx.Graph) else graph.graph
    wanted = set(kinds)
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for nid, data in sorted(g.nodes(data=True), key=lambda item: str(item[0])):
        kind = data.get("kind")
        if kind in wanted:
            group = "organization" if kind in ("organization", "facility") else kind
            groups[group].append((str(nid), data))
    out: list[Duplicate] = []
    for items in groups.values():
        keys = [normalise_name(str(d.get("label", n))) for n, d in items]
        alias_sets = [{normalise_name(a) for a in d.get("aliases") or ()} for _, d in items]
        for i in range(len(items)):
            for j in range(i + 1, len(items)):
                a, b = items[i], items[j]
                if keys[i] in alias_sets[j] or keys[j] in alias_sets[i]:
                    score = 100.0
                else:
                    score = float(fuzz.token_sort_ratio(keys[i], keys[j]))
                    # a short form that begins the longer name ("Naura" / "Naura Technology Group")
                    if keys[j].startswith(keys[i] + " ") or keys[i].startswith(keys[j] + " "):
                        score = max(score, float(fuzz.partial_ratio(keys[i], keys[j])) * 0.9)
                if score < threshold:
                    continue
                (na, da), (nb, db) = a, b

                def weight(d: dict[str, Any]) -> tuple[int, int]:
                    return (len(d.get("articles") or ()), len(str(d.get("label", ""))))

                if weight(db) > weight(da):
                    (na, da), (nb, db) = (nb, db), (na, da)
                out.append(Duplicate(round(score, 1), str(da.get("kind")), na, str(da.get("label", na)),
                                     nb, str(db.get("label", nb))))
    out.sort(key=lambda d: (-d.score, d.kind, d.keep, d.other))
    return out
