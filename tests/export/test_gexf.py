"""GEXF 1.3: valid against the official schema, dated edges on the timeline, readable by networkx."""

from __future__ import annotations

import re

import networkx as nx

from kgraph.export import write

from .conftest import build, hostile_results


def test_valid_against_schema(kg, tmp_path, validate_xml):
    path = tmp_path / "g.gexf"
    write(kg, path)
    assert validate_xml(path) == []


def test_hostile_valid_against_schema(tmp_path, validate_xml):
    path = tmp_path / "h.gexf"
    write(build(hostile_results()), path)
    assert validate_xml(path) == []


def test_structure_and_time(kg, tmp_path):
    path = tmp_path / "g.gexf"
    write(kg, path)
    text = path.read_text(encoding="utf-8")
    assert 'xmlns="http://gexf.net/1.3"' in text and 'version="1.3"' in text
    assert "<graph " in text and "name=" not in text.split("<graph ", 1)[1].split(">", 1)[0]
    assert 'mode="dynamic" timeformat="date"' in text
    assert "lastmodifieddate" not in text
    # no attribute title shadows a name GEXF reserves
    titles = re.findall(r'<attribute id="\d+" title="([^"]+)"', text)
    assert not {"id", "label", "type", "weight", "start", "end"} & set(titles)
    assert "kgraph_weight" in titles
    # identity checks the schema cannot make (quirk 10)
    node_ids = re.findall(r'<node id="([^"]+)"', text)
    assert len(node_ids) == len(set(node_ids)) == kg.graph.number_of_nodes()
    for source, target in re.findall(r'<edge id="e\d+" source="([^"]+)" target="([^"]+)"', text):
        assert source in node_ids and target in node_ids
    visits = re.findall(r'<edge [^>]*kind="visited"[^>]*>', text)
    assert len(visits) == 3
    dated = [re.search(r'start="([\d-]+)" end="([\d-]+)"', v) for v in visits]
    assert sorted(m.groups() for m in dated if m) == [("2024-02-28", "2024-02-28")] * 2
    assert sum(1 for m in dated if m is None) == 1  # the undated visit exists at all times


def test_networkx_reads_it(kg, tmp_path):
    path = tmp_path / "g.gexf"
    write(kg, path)
    g = nx.read_gexf(path)
    assert g.number_of_nodes() == kg.graph.number_of_nodes()
    assert g.number_of_edges() == kg.graph.number_of_edges()
    assert g.nodes["person:li-qiang"]["label"] == "Li Qiang"
    assert g.nodes["person:li-qiang"]["aliases"] == "Premier Li"
    visit = next(d for *_, d in g.edges(data=True) if d.get("kgraph_key") == "visited:a1")
    assert visit["start"] == "2024-02-28" and visit["location"] == "Beijing"
