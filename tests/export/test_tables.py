"""CSV tables for Gephi's spreadsheet import, and the flat visits table."""

from __future__ import annotations

import csv

import pytest

from kgraph.errors import ExportError
from kgraph.export import write
from kgraph.export.tables import csv_paths

from .conftest import build, hostile_results


def _rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_file_naming(kg, tmp_path):
    write(kg, tmp_path / "out" / "tables.csv")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "tables-edges.csv",
        "tables-nodes.csv",
        "tables-visits.csv",
    ]
    write(kg, f"{tmp_path / 'dir'}/")
    assert sorted(p.name for p in (tmp_path / "dir").iterdir()) == ["edges.csv", "nodes.csv", "visits.csv"]
    write(kg, tmp_path / "dir", format="csv")
    assert csv_paths(tmp_path / "dir")["visits"] == tmp_path / "dir" / "visits.csv"


def test_gephi_columns(kg, tmp_path):
    paths = csv_paths(tmp_path / "g.csv")
    write(kg, tmp_path / "g.csv")
    nodes = _rows(paths["nodes"])
    assert list(nodes[0])[:4] == ["Id", "Label", "Kind", "Degree"]
    li = next(r for r in nodes if r["Id"] == "person:li-qiang")
    assert li["Label"] == "Li Qiang" and li["Kind"] == "person" and li["aliases"] == "Premier Li"
    assert li["articles"] == "a1|a2|a3"
    edges = _rows(paths["edges"])
    assert list(edges[0])[:8] == ["Source", "Target", "Type", "Id", "Label", "Kind", "Weight", "Key"]
    assert {r["Type"] for r in edges} == {"Directed"}
    assert len(edges) == kg.graph.number_of_edges()
    assert len({r["Id"] for r in edges}) == len(edges)
    theme = next(r for r in edges if r["Kind"] == "theme")
    assert theme["Weight"] == "2" and theme["kgraph_weight"] == "2"
    assert "weight" not in edges[0]  # renamed: Gephi would take it for the Weight column


def test_visits_table(kg, tmp_path):
    write(kg, tmp_path / "g.csv")
    visits = _rows(tmp_path / "g-visits.csv")
    assert [(r["visitor"], r["target"], r["date"], r["article"]) for r in visits] == [
        ("Li Qiang", "Baidu", "2024-02-28", "a1"),
        ("Li Qiang", "Baidu", "2024-02-28", "a2"),
        ("Li Qiang", "Fab 7", "", "a3"),
    ]
    first = visits[0]
    assert first["target_kind"] == "organization" and first["location"] == "Beijing"
    assert first["evidence"] == "Li Qiang visited Baidu in Beijing." and first["role"] == "Premier"


def test_hostile_tables_parse(tmp_path):
    kg = build(hostile_results())
    write(kg, tmp_path / "h.csv")
    nodes = _rows(tmp_path / "h-nodes.csv")
    assert len(nodes) == kg.graph.number_of_nodes()
    assert any("</script>" in r["Label"] for r in nodes)
    assert len(_rows(tmp_path / "h-visits.csv")) == 10


def test_failed_write_leaves_old_files(kg, tmp_path, monkeypatch):
    write(kg, tmp_path / "g.csv")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    from kgraph.export import tables

    def boom(graph):
        raise ExportError("boom")

    monkeypatch.setattr(tables, "generate_tables", boom)
    with pytest.raises(ExportError):
        write(kg, tmp_path / "g.csv")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
