"""Node-link JSON round trips losslessly: nodes, edges, keys, attributes, lists, None, every character."""

from __future__ import annotations

import json
import re

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgraph.export import read, write
from kgraph.export.nodelink import _utf8, generate_node_link, parse_node_link

from .conftest import build, edge_set, hostile_results, node_set


def _same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> bool:
    return node_set(a) == node_set(b) and edge_set(a) == edge_set(b) and a.graph == b.graph


def test_round_trip_sample(kg, tmp_path):
    path = tmp_path / "g.json"
    write(kg, path)
    back = read(path)
    assert _same(back, kg.graph)
    assert back.nodes["person:li-qiang"]["aliases"] == ["Premier Li"]
    assert back.edges["person:li-qiang", "organization:baidu", "visited:a2"]["location"] is None
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "edges" in data and "links" not in data
    assert all("key" in e for e in data["edges"])
    # networkx reads it too
    assert _same(nx.node_link_graph(data, edges="edges"), kg.graph)


def test_round_trip_hostile_keeps_every_character(tmp_path):
    kg = build(hostile_results())
    path = tmp_path / "h.json"
    write(kg, path)
    path.read_bytes().decode("utf-8")  # valid UTF-8 despite lone surrogates
    assert _same(read(path), kg.graph)
    labels = {d["label"] for _, d in read(path).nodes(data=True)}
    assert any("\ud800" in label for label in labels)
    assert any("\x00" in label for label in labels)


def test_sorted_and_independent_of_insertion_order(kg):
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(kg.graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(kg.graph.edges(keys=True, data=True))))
    assert generate_node_link(shuffled) == generate_node_link(kg.graph)


_tricky = st.sampled_from(["\ud800", "\udfff", "\x00", "\x1f", "\ufffe", "\u2028", "|", "\\", "<", "&", '"'])
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
# A lone high surrogate right before a lone low one is the JSON spelling of one astral character (any JSON
# library reads "\ud800\udfff" back as U+103FF); such strings cannot come from decoded text anyway.
_text = st.text(st.one_of(st.characters(codec=None, exclude_categories=()), _tricky), max_size=12).filter(
    lambda t: not _PAIR.search(t)
)
_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False),
    _text,
    st.lists(_text, max_size=4),
)
_attrs = st.dictionaries(_text.filter(lambda k: k not in ("id", "source", "target", "key")), _value, max_size=4)


@st.composite
def graphs(draw):
    g = nx.MultiDiGraph()
    nodes = draw(st.lists(_text, min_size=1, max_size=8, unique=True))
    for node in nodes:
        g.add_node(node, **draw(_attrs))
    for _ in range(draw(st.integers(0, 12))):
        u, v = draw(st.sampled_from(nodes)), draw(st.sampled_from(nodes))
        g.add_edge(u, v, key=draw(_text), **draw(_attrs))
    g.graph.update(draw(st.dictionaries(_text, _value, max_size=2)))
    return g


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_property_round_trip_is_lossless(g):
    data = _utf8(generate_node_link(g))  # what write() puts in the file: valid UTF-8
    assert _same(parse_node_link(json.loads(data.decode("utf-8"))), g)
