"""Pure trimming functions: right nodes and edges, copies not views, input never mutated."""

from __future__ import annotations

import copy

import networkx as nx
import pytest

from kgraph.errors import UnknownEntity
from kgraph.subgraph import by_kind, date_range, induced, neighbourhood, resolve_node, top_n_by_degree


@pytest.fixture
def g() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("article:a1", kind="article", label="a1", aliases=[], published="2024-01-10")
    g.add_node("article:a2", kind="article", label="a2", aliases=[], published="2024-03-10")
    g.add_node("person:li", kind="person", label="Li Qiang", aliases=["Premier Li"], articles=["a1", "a2"])
    g.add_node("person:wang", kind="person", label="Wang", aliases=[], articles=["a2"])
    g.add_node("organization:baidu", kind="organization", label="Baidu", aliases=["Baidu Inc."], articles=["a1"])
    g.add_node("place:beijing", kind="place", label="Beijing", aliases=[], articles=["a1"])
    g.add_edge("article:a1", "person:li", key="mentions:a1", kind="mentions", date="2024-01-10")
    g.add_edge("article:a1", "organization:baidu", key="mentions:a1", kind="mentions", date="2024-01-10")
    g.add_edge("article:a2", "person:li", key="mentions:a2", kind="mentions", date="2024-03-10")
    g.add_edge("article:a2", "person:wang", key="mentions:a2", kind="mentions", date="2024-03-10")
    g.add_edge("person:li", "organization:baidu", key="visited:a1", kind="visited", date="2024-01-09")
    g.add_edge("person:li", "organization:baidu", key="visited:a2", kind="visited", date=None)
    g.add_edge("person:li", "place:beijing", key="visited:a1", kind="visited", date="2024-01-09")
    return g


def _snapshot(g: nx.MultiDiGraph):
    return copy.deepcopy((list(g.nodes(data=True)), list(g.edges(keys=True, data=True)), dict(g.graph)))


def test_top_n_by_degree_keeps_highest_and_breaks_ties_by_id(g):
    sub = top_n_by_degree(g, 2)
    assert sorted(sub.nodes) == ["organization:baidu", "person:li"]
    assert sorted(sub.edges(keys=True)) == [
        ("person:li", "organization:baidu", "visited:a1"),
        ("person:li", "organization:baidu", "visited:a2"),
    ]
    # article:a1, article:a2 and person:wang... tie-break is by id, so the result is stable
    assert list(top_n_by_degree(g, 4).nodes) == list(top_n_by_degree(g, 4).nodes)
    assert sorted(top_n_by_degree(g, 2, kinds=["article"]).nodes) == ["article:a1", "article:a2"]
    assert top_n_by_degree(g, 0).number_of_nodes() == 0


def test_neighbourhood_ignores_direction_by_default(g):
    assert sorted(neighbourhood(g, "organization:baidu").nodes) == ["article:a1", "organization:baidu", "person:li"]
    assert sorted(neighbourhood(g, "organization:baidu", undirected=False).nodes) == ["organization:baidu"]
    assert set(neighbourhood(g, "organization:baidu", radius=2).nodes) == set(g.nodes) - {"person:wang"}
    assert list(neighbourhood(g, "person:wang", radius=0).nodes) == ["person:wang"]
    with pytest.raises(UnknownEntity):
        neighbourhood(g, "person:nobody")


def test_date_range_keeps_dated_edges_and_their_nodes(g):
    sub = date_range(g, since="2024-01-01", until="2024-01-31")
    assert sorted(k for *_, k in sub.edges(keys=True)) == ["mentions:a1", "mentions:a1", "visited:a1", "visited:a1"]
    assert "person:wang" not in sub
    assert "article:a1" in sub and "article:a2" not in sub
    with_undated = date_range(g, since="2024-01-01", until="2024-01-31", keep_undated=True)
    assert ("person:li", "organization:baidu", "visited:a2") in with_undated.edges(keys=True)
    assert sorted(date_range(g, since="2024-03-01").nodes) == ["article:a2", "person:li", "person:wang"]
    with pytest.raises(ValueError, match="ISO date"):
        date_range(g, since="last week")


def test_by_kind(g):
    sub = by_kind(g, ["person", "organization"], ["visited"])
    assert sorted(sub.nodes) == ["organization:baidu", "person:li", "person:wang"]
    assert sub.number_of_edges() == 2
    assert sorted(by_kind(g, ["person", "organization"], ["visited"], drop_isolates=True).nodes) == [
        "organization:baidu",
        "person:li",
    ]
    assert by_kind(g).number_of_edges() == g.number_of_edges()


@pytest.mark.parametrize(
    "func",
    [
        lambda g: top_n_by_degree(g, 3),
        lambda g: neighbourhood(g, "person:li", 2),
        lambda g: date_range(g, "2024-01-01"),
        lambda g: by_kind(g, ["person"]),
        lambda g: induced(g, g.nodes),
    ],
)
def test_never_mutates_and_returns_independent_copies(g, func):
    before = _snapshot(g)
    sub = func(g)
    assert _snapshot(g) == before
    assert isinstance(sub, nx.MultiDiGraph) and sub is not g
    for node, data in sub.nodes(data=True):
        data["label"] = "changed"
        data.get("aliases", []).append("changed")
    for *_, data in sub.edges(keys=True, data=True):
        data["kind"] = "changed"
    sub.add_node("new")
    assert _snapshot(g) == before


def test_resolve_node(g):
    assert resolve_node(g, "person:li") == "person:li"
    assert resolve_node(g, "li qiang") == "person:li"
    assert resolve_node(g, "Baidu Inc.") == "organization:baidu"
    with pytest.raises(UnknownEntity, match="Li Qiang"):
        resolve_node(g, "Li Qiag")
