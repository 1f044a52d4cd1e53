"""Name lookup: which node an id, label, alias, legal name or acronym refers to."""

from __future__ import annotations

import re

import networkx as nx

from kgraph.errors import UnknownEntity
from kgraph.query._common import ENTITY_KINDS, KIND_RANK, Kinds, aliases_of, kind_of, kind_set, label_of
from kgraph.resolve import normalise_name


def _suggest(graph: nx.MultiDiGraph, name: str, kinds: frozenset[str] | None, limit: int = 5) -> tuple[str, ...]:
    from rapidfuzz import fuzz, process, utils

    labels: list[str] = []
    choices: list[str] = []
    for nid, data in graph.nodes(data=True):
        if kinds is not None and data.get("kind") not in kinds:
            continue
        label = str(data.get("label", nid))
        for text in (label, *aliases_of(data)):
            labels.append(label)
            choices.append(text)
    found = process.extract(
        name, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit * 4, score_cutoff=50
    )
    out: list[str] = []
    for _, _, index in sorted(found, key=lambda hit: (-hit[1], labels[hit[2]])):
        if labels[index] not in out:
            out.append(labels[index])
    return tuple(out[:limit])


_MINOR_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "at", "&"})


def _acronyms(label: str) -> set[str]:
    """Initials of a label, with and without its minor words ("BAAI", "BAOAI").

    Examples
    --------
    >>> sorted(_acronyms("Beijing Academy of Artificial Intelligence"))
    ['baai', 'baoai']
    """
    words = [w for w in re.split(r"[\s\-/]+", label.casefold()) if w]
    if len(words) < 2:
        return set()
    return {"".join(w[0] for w in words), "".join(w[0] for w in words if w not in _MINOR_WORDS)}


def _kinds_text(kinds: frozenset[str]) -> str:
    order = [*ENTITY_KINDS, "topic", "article"]
    names = sorted(kinds, key=lambda k: (order.index(k) if k in order else len(order), k))
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def lookup(graph: nx.MultiDiGraph, name: str, kind: Kinds = None) -> str:
    """Return the node id a name refers to: a node id, a label or an alias, case-insensitively.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        A kgraph graph.
    name : str
        Node id, label or alias.
    kind : str or iterable of str, optional
        Only consider nodes of these kinds.

    Raises
    ------
    kgraph.errors.UnknownEntity
        When nothing matches (with the closest labels as ``suggestions``) or when several nodes match equally
        well (with those nodes as ``suggestions``).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("organization:baidu", kind="organization", label="Baidu", aliases=["Baidu Inc."])
    >>> lookup(g, "baidu inc.")
    'organization:baidu'
    >>> lookup(g, "Biadu")
    Traceback (most recent call last):
    ...
    kgraph.errors.UnknownEntity: no entity named 'Biadu'; closest matches: Baidu
    """
    kinds = kind_set(kind)
    if not isinstance(name, str) or not name.strip():
        raise UnknownEntity(str(name))
    if name in graph and (kinds is None or graph.nodes[name].get("kind") in kinds):
        return name
    key = name.strip().casefold()
    tiers: list[set[str]] = [set(), set(), set()]
    for nid, data in graph.nodes(data=True):
        if kinds is not None and data.get("kind") not in kinds:
            continue
        if str(nid).casefold() == key:
            tiers[0].add(nid)
        if str(data.get("label", "")).casefold() == key:
            tiers[1].add(nid)
        if any(a.casefold() == key for a in aliases_of(data)):
            tiers[2].add(nid)
    found = next((tier for tier in tiers if tier), set())
    if not found:
        norm = normalise_name(name)
        for nid, data in graph.nodes(data=True):
            if kinds is not None and data.get("kind") not in kinds:
                continue
            if any(normalise_name(t) == norm for t in (str(data.get("label", "")), *aliases_of(data)) if t):
                found.add(nid)
    acronym = key.replace(".", "")
    if not found and 2 <= len(acronym) <= 8 and acronym.isalpha():
        for nid, data in graph.nodes(data=True):
            if kinds is not None and data.get("kind") not in kinds:
                continue
            if acronym in _acronyms(str(data.get("label", ""))):
                found.add(nid)
        if len(found) > 1:  # an acronym is a guess: only a unique one resolves
            err = UnknownEntity(name, tuple(sorted(label_of(graph, n) for n in found)))
            err.args = (f"{name!r} is ambiguous: it may stand for {', '.join(err.suggestions)}",)
            raise err
    if not found:
        err = UnknownEntity(name, _suggest(graph, name, kinds))
        if kinds is not None:
            wanted = _kinds_text(kinds)
            try:
                other = lookup(graph, name)
            except UnknownEntity:
                hint = f"; closest matches: {', '.join(err.suggestions)}" if err.suggestions else ""
                err.args = (f"no {wanted} named {name!r}{hint}",)
            else:
                found_kind = kind_of(graph, other)
                err.args = (
                    f"{name!r} is {_article(found_kind)} {found_kind} ({other}), not {_article(wanted)} {wanted}",
                )
        raise err
    if len(found) > 1:  # prefer named entities over topics over articles
        best = min(KIND_RANK.get(kind_of(graph, n), 3) for n in found)
        found = {n for n in found if KIND_RANK.get(kind_of(graph, n), 3) == best}
    if len(found) > 1:
        choices = tuple(f"{label_of(graph, n)} ({n})" for n in sorted(found))
        err = UnknownEntity(name, choices)
        err.args = (f"{name!r} is ambiguous: it names {', '.join(choices)}; pass a node id or a kind",)
        raise err
    return next(iter(found))
