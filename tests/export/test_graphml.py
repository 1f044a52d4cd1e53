"""GraphML: valid against the GraphML 1.0 schema, readable by igraph, restored by kgraph's reader."""

from __future__ import annotations

import re

import networkx as nx
import pytest

from kgraph.export import read, write
from kgraph.export.graphml import read_graphml

from .conftest import build, cleaned, edge_set, hostile_results, node_set


def test_valid_against_schema(kg, tmp_path, validate_xml):
    path = tmp_path / "g.graphml"
    write(kg, path)
    assert validate_xml(path) == []


def test_hostile_valid_against_schema(tmp_path, validate_xml):
    path = tmp_path / "h.graphml"
    write(build(hostile_results()), path)
    assert validate_xml(path) == []
    text = path.read_text(encoding="utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text)


def test_ids_keys_and_types(kg, tmp_path):
    path = tmp_path / "g.graphml"
    write(kg, path)
    text = path.read_text(encoding="utf-8")
    node_ids = re.findall(r'<node id="([^"]+)"', text)
    assert node_ids == [f"n{i}" for i in range(kg.graph.number_of_nodes())]
    edge_ids = re.findall(r'<edge id="([^"]+)"', text)
    assert edge_ids == [f"e{i}" for i in range(kg.graph.number_of_edges())]
    keys = re.findall(r'<key id="(d\d+)" for="(\w+)" attr.name="(\w+)" attr.type="(\w+)"', text)
    declared = {(domain, name): type_ for _, domain, name, type_ in keys}
    assert declared[("node", "kgraph_id")] == "string"
    assert declared[("edge", "count")] == "long"
    assert declared[("edge", "weight")] == "long"
    assert declared[("node", "aliases")] == "string"
    assert "None" not in text and ">null<" not in text


def test_reader_restores_kgraph_graph(kg, tmp_path):
    path = tmp_path / "g.graphml"
    write(kg, path)
    back = read(path)
    assert node_set(back) == node_set(kg.graph)
    assert edge_set(back) == edge_set(kg.graph)
    # parallel visits (one per article) survive with their keys
    assert set(back["person:li-qiang"]["organization:baidu"]) == {"visited:a1", "visited:a2"}


def test_reader_restores_hostile_graph_modulo_forbidden_characters(tmp_path):
    kg = build(hostile_results())
    path = tmp_path / "h.graphml"
    write(kg, path)
    back = read_graphml(path)
    expected = cleaned(kg.graph)
    assert node_set(back) == node_set(expected)
    assert edge_set(back) == edge_set(expected)


def test_igraph_reads_counts_and_attributes(kg, tmp_path):
    igraph = pytest.importorskip("igraph")
    path = tmp_path / "g.graphml"
    write(kg, path)
    ig = igraph.Graph.Read_GraphML(str(path))
    assert ig.is_directed()
    assert ig.vcount() == kg.graph.number_of_nodes()
    assert ig.ecount() == kg.graph.number_of_edges()
    assert sorted(ig.vs["kgraph_id"]) == sorted(kg.graph.nodes)
    li = ig.vs.find(kgraph_id="person:li-qiang")
    assert li["label"] == "Li Qiang" and li["kind"] == "person" and li["aliases"] == "Premier Li"
    visits = ig.es.select(kind="visited")
    assert len(visits) == 3
    assert sorted(visits["kgraph_key"]) == ["visited:a1", "visited:a2", "visited:a3"]
    assert sorted(e["date"] for e in visits) == ["", "2024-02-28", "2024-02-28"]
    theme = ig.es.find(kind="theme")
    assert theme["weight"] == 2.0  # igraph reads long as float
    assert ig.vs[theme.target]["kgraph_id"] == "topic:artificial-intelligence"


def test_networkx_reads_it(kg, tmp_path):
    path = tmp_path / "g.graphml"
    write(kg, path)
    g = nx.read_graphml(path, force_multigraph=True)
    assert g.number_of_nodes() == kg.graph.number_of_nodes()
    assert g.number_of_edges() == kg.graph.number_of_edges()
