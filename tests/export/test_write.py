"""write()/read() dispatch, errors, determinism, atomicity, and never mutating the caller's graph."""

from __future__ import annotations

import copy
import os

import networkx as nx
import pytest

from kgraph.errors import ExportError, InputError
from kgraph.export import read, write
from kgraph.export.atomic import atomic_open

from .conftest import build, hostile_results, sample_results

FILES = ("g.json", "g.graphml", "g.gexf", "g.html", "g.csv")


def _outputs(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.parametrize("results", [sample_results, hostile_results], ids=["sample", "hostile"])
def test_same_input_same_bytes_in_every_format(results, tmp_path):
    first, second = tmp_path / "1", tmp_path / "2"
    for out in (first, second):
        kg = build(results())
        for name in FILES:
            write(kg, out / name)
    assert _outputs(first) == _outputs(second)
    assert len(_outputs(first)) == 7  # csv gives three files
    # a graph built in another order writes the same bytes (sorted output)
    kg = build(results())
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(kg.graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(kg.graph.edges(keys=True, data=True))))
    third = tmp_path / "3"
    for name in FILES:
        write(shuffled, third / name)
    assert _outputs(third) == _outputs(first)


def test_accepts_knowledge_graph_and_networkx(kg, tmp_path):
    write(kg, tmp_path / "a.json")
    write(kg.graph, tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_never_mutates_the_graph(kg, tmp_path):
    before = copy.deepcopy((list(kg.graph.nodes(data=True)), list(kg.graph.edges(keys=True, data=True))))
    for name in FILES:
        write(kg, tmp_path / name)
    write(kg, tmp_path / "t.html", top=3, focus="Li Qiang", since="2024-01-01")
    assert before == (list(kg.graph.nodes(data=True)), list(kg.graph.edges(keys=True, data=True)))


def test_unknown_suffix_names_the_allowed_ones(kg, tmp_path):
    with pytest.raises(ExportError) as info:
        write(kg, tmp_path / "g.xlsx")
    for suffix in (".json", ".graphml", ".gexf", ".html", ".htm", ".csv"):
        assert suffix in str(info.value)
    with pytest.raises(ExportError):
        write(kg, tmp_path / "g.json", top=3)  # HTML-only option
    with pytest.raises(ExportError):
        write(kg, tmp_path / "g.html", colour="red")
    with pytest.raises(ExportError, match="no node is named"):
        write(kg, tmp_path / "g.html", focus="Nobody At All")
    with pytest.raises(ExportError, match="CSS length"):
        write(kg, tmp_path / "g.html", height="1px;}</style><script>alert(1)</script>")


def test_read_errors(tmp_path):
    with pytest.raises(InputError, match="suffix"):
        read(tmp_path / "g.gexf")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="bad.json"):
        read(tmp_path / "bad.json")
    (tmp_path / "bad.graphml").write_text("<graphml", encoding="utf-8")
    with pytest.raises(InputError, match="bad.graphml"):
        read(tmp_path / "bad.graphml")
    with pytest.raises(InputError):
        read(tmp_path / "missing.json")


def test_knowledge_graph_save_and_load(kg, tmp_path):
    from kgraph.graph import KnowledgeGraph

    kg.save(tmp_path / "g.graphml")
    back = KnowledgeGraph.load(tmp_path / "g.graphml")
    assert sorted(back.graph.nodes(data=True)) == sorted(kg.graph.nodes(data=True))


def test_atomic_write_keeps_old_file_on_failure(tmp_path):
    target = tmp_path / "g.json"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write(b"half")
        raise RuntimeError("fail mid-write")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["g.json"]  # no temp file left behind


def test_unwritable_target_is_export_error(kg, tmp_path):
    (tmp_path / "dir.json").mkdir()
    with pytest.raises(ExportError, match="dir.json"):
        write(kg, tmp_path / "dir.json")
