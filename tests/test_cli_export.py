"""`kgraph export`: conversion between formats and HTML trimming from the shell."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from kgraph.cli import main
from kgraph.export import read
from kgraph.graph import KnowledgeGraph, node_id
from kgraph.records import Article, ArticleResult, Entity, Visit


def _graph(tmp_path):
    results = []
    for i, (person, target) in enumerate([("Li Qiang", "Baidu"), ("Xi Jinping", "Sunward"), ("Li Qiang", "Naura")]):
        ents = (Entity(node_id("person", person), "person", person),
                Entity(node_id("organization", target), "organization", target))
        visit = Visit(person, target, "organization", None, dt.date(2024, 1, i + 1), f"{person} visited {target}.",
                      f"a{i}")
        results.append(ArticleResult(Article(f"a{i}", "x"), entities=ents, visits=(visit,)))
    path = tmp_path / "g.json"
    KnowledgeGraph.from_results(results).save(path)
    return path


def test_export_converts_formats(tmp_path):
    src = _graph(tmp_path)
    (tmp_path / "tables").mkdir()  # an existing folder receives nodes.csv, edges.csv and visits.csv
    result = CliRunner().invoke(main, ["export", str(src), "-o", str(tmp_path / "g.graphml"),
                                       "-o", str(tmp_path / "g.gexf"), "-o", str(tmp_path / "tables")])
    assert result.exit_code == 0, result.output
    assert sorted(read(tmp_path / "g.graphml").nodes) == sorted(read(src).nodes)
    assert "<gexf" in (tmp_path / "g.gexf").read_text(encoding="utf-8")
    assert {p.name for p in (tmp_path / "tables").iterdir()} == {"nodes.csv", "edges.csv", "visits.csv"}


def test_export_html_focus_trims_to_the_neighbourhood(tmp_path):
    src = _graph(tmp_path)
    result = CliRunner().invoke(main, ["export", str(src), "-o", str(tmp_path / "g.html"), "--focus", "Xi Jinping"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert "Sunward" in page and "Naura" not in page


def test_export_unknown_focus_is_a_clear_error(tmp_path):
    src = _graph(tmp_path)
    result = CliRunner().invoke(main, ["export", str(src), "-o", str(tmp_path / "g.html"), "--focus", "Nobody"])
    assert result.exit_code == 1
    assert "Nobody" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "g.html").exists()


def test_every_command_names_the_graph_file_dash_g(tmp_path):
    """The graph file is -g/--graph in every command that reads one; export also keeps its old positional form."""
    src = _graph(tmp_path)
    for args in (["export", "-g", str(src)], ["export", "--graph", str(src)], ["export", str(src)]):
        out = tmp_path / f"{len(args)}-{args[1]}.json"
        result = CliRunner().invoke(main, [*args, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert sorted(read(out).nodes) == sorted(read(src).nodes)
    both = CliRunner().invoke(main, ["export", str(src), "-g", str(src), "-o", str(tmp_path / "x.json")])
    assert both.exit_code == 2 and "not both" in both.output
    missing = CliRunner().invoke(main, ["export", "-g", str(tmp_path / "nope.json"), "-o", str(tmp_path / "y.json")])
    assert missing.exit_code == 1 and "nope.json: no such graph file" in missing.output
    for command in (["export"], ["duplicates"], ["stats"], ["query", "visits"], ["query", "path"]):
        help_text = CliRunner().invoke(main, [*command, "--help"]).output
        assert "-g, --graph FILE" in help_text, command
