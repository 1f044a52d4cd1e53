"""Ingest: cleaning, each input format, ids, dates, and every bad-input case."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kgraph.errors import ArticleError, InputError
from kgraph.ingest import clean_text, parse_field_map, read_articles

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "seed.txt"


def collect(inputs, **kw):
    errors: list[ArticleError] = []
    arts = list(read_articles(inputs, on_error=errors.append, **kw))
    return arts, errors


# -- cleaning -----------------------------------------------------------------------------------


def test_seed_noise_is_removed():
    text = clean_text(SEED.read_text(encoding="utf-8"))
    assert "\\n" not in text
    assert "\\”" not in text and "\\\"" not in text
    assert "Leave a Reply" not in text
    assert "Back To Top" not in text
    assert "email address" not in text
    # the headline appears once, and paragraphs stay separate
    assert text.count("Premier Li Qiang Calls for Deeper Integration") == 1
    paragraphs = text.split("\n\n")
    assert paragraphs[0].startswith("Premier Li Qiang Calls")
    assert paragraphs[2].startswith("At an operation center")
    assert paragraphs[-1].endswith("Li concluded.")
    assert len(paragraphs) == 8


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("A line.\\nB line.", "A line.\n\nB line."),  # one paragraph per line
        ("A line wrapped in the middle of its sentence and going\non to the end.",
         "A line wrapped in the middle of its sentence and going on to the end."),
        ('He said \\"go\\".', 'He said "go".'),
        ("Body text.\n\nLeave a Reply\n\nName *\n\nComment", "Body text."),
        ("Title\n\nTitle\n\nBody.", "Title\n\nBody."),
        ("x\x00y\x07z", "xyz"),
        ("  many   spaces\there ", "many spaces here"),
        ("Para one.\n\n\n\nPara two.", "Para one.\n\nPara two."),
        ("Text.\n\nBack To Top", "Text."),
    ],
)
def test_clean_text_cases(raw, expected):
    assert clean_text(raw) == expected


@given(st.text(max_size=300))
def test_cleaning_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


# -- formats ------------------------------------------------------------------------------------


def test_txt_id_is_relative_path_without_suffix(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Li Qiang visited Baidu.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("date 2024-03-20\n\nXi Jinping toured Hunan.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    arts, errors = collect([tmp_path])
    assert errors == []
    assert [a.id for a in arts] == ["a", "sub/b"]
    assert arts[0].published == dt.date(2024, 3, 20)
    assert arts[1].published is None
    assert len(arts[0].sha256) == 64


def test_seed_article():
    (art,) = read_articles([SEED])
    assert art.id == "seed"
    assert art.title == "Premier Li Qiang Calls for Deeper Integration of Sci-Tech and Industrial Innovation"
    assert "Naura Technology Group" in art.text


def test_html_main_text_and_metadata(tmp_path):
    page = """<html><head><title>Xi visits Sunward</title>
    <meta property="article:published_time" content="2020-09-18T10:00:00Z"></head>
    <body><nav>Home | World | Sports</nav><article><h1>Xi visits Sunward</h1>
    <p>Xi Jinping visited Sunward, a machinery manufacturer in Changsha, on Thursday afternoon.</p>
    <p>He inspected the production line and was shown the company's products, and he stressed that
    innovation is the most vital quality of business operations in the manufacturing sector.</p>
    </article><footer>Copyright 2020. Leave a Reply</footer></body></html>"""
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    arts, errors = collect([tmp_path])
    assert errors == []
    (art,) = arts
    assert art.id == "page"
    assert "Sunward" in art.text and "Home | World" not in art.text
    assert art.title == "Xi visits Sunward"
    assert art.published == dt.date(2020, 9, 18)


def test_json_record_and_list(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps(
        {"id": "r1", "title": "T", "text": "Li Qiang visited Baidu.", "url": "http://x/1", "published": "2024-03-20"}
    ))
    (tmp_path / "many.json").write_text(json.dumps([
        {"id": 7, "content": "Modi visited Sindri."},
        {"headline": "no id", "body": "Xi visited Fuzhou.", "date": "March 24, 2021"},
    ]))
    arts, errors = collect([tmp_path])
    assert errors == []
    by_id = {a.id: a for a in arts}
    assert set(by_id) == {"r1", "7", "many:1"}
    assert by_id["r1"].url == "http://x/1" and by_id["r1"].published == dt.date(2024, 3, 20)
    assert by_id["many:1"].published == dt.date(2021, 3, 24)
    assert by_id["many:1"].title == "no id"


def test_jsonl_with_field_map(tmp_path):
    lines = [json.dumps({"doc": "a", "story": "Li Qiang visited Baidu."}),
             json.dumps({"doc": "b", "story": "Xi visited Fuzhou."})]
    (tmp_path / "c.jsonl").write_text("\n".join(lines) + "\n")
    arts, errors = collect([tmp_path], fields=parse_field_map(["id=doc", "text=story"]))
    assert errors == []
    assert [a.id for a in arts] == ["a", "b"]
    assert arts[1].line == 2


def test_bad_field_map():
    with pytest.raises(InputError, match="bad field mapping"):
        parse_field_map(["colour=red"])


# -- bad input ----------------------------------------------------------------------------------


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(read_articles([tmp_path / "nope"]))


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
        ("latin1.txt", "Café visit to Zürich".encode("latin-1"), "not valid UTF-8"),
        ("broken.json", b'{"id": "x", "text": ', "malformed JSON"),
        ("notext.json", b'{"id": "x", "title": "only a title"}', "no 'text' field"),
        ("scalar.json", b"42", "expected a JSON object"),
        ("noise.txt", b"Leave a Reply\n\nBack To Top", "no text left"),
    ],
)
def test_bad_file_is_skipped_and_named(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text("Li Qiang visited Baidu.", encoding="utf-8")
    arts, errors = collect([tmp_path])
    assert [a.id for a in arts] == ["good"]
    assert len(errors) == 1
    assert name in str(errors[0]) and reason in str(errors[0])


def test_bad_jsonl_lines_name_the_line(tmp_path):
    content = "\n".join([
        json.dumps({"id": "a", "text": "Li Qiang visited Baidu."}),
        "{not json",
        json.dumps({"id": "c"}),
        json.dumps({"id": "d", "text": "Xi visited Fuzhou."}),
    ]).encode() + b"\n\xff\xfe\n"
    (tmp_path / "feed.jsonl").write_bytes(content)
    arts, errors = collect([tmp_path])
    assert [a.id for a in arts] == ["a", "d"]
    assert [e.line for e in errors] == [2, 3, 5]
    assert all("feed.jsonl" in str(e) for e in errors)
    assert "feed.jsonl:2: malformed JSON" in str(errors[0])


def test_encoding_option_reads_legacy_files(tmp_path):
    (tmp_path / "old.txt").write_bytes("Macron visited the Whirlpool factory in Amiens, Café.".encode("cp1252"))
    arts, errors = collect([tmp_path], encoding="cp1252")
    assert errors == [] and "Café" in arts[0].text


def test_duplicate_ids_keep_the_first(tmp_path):
    (tmp_path / "x.txt").write_text("First.", encoding="utf-8")
    (tmp_path / "x.json").write_text(json.dumps({"id": "x", "text": "Second."}))
    arts, errors = collect([tmp_path])
    assert [a.text for a in arts] == ["Second."]  # x.json sorts before x.txt
    assert "duplicate article id" in str(errors[0])


@given(st.binary(max_size=400))
def test_no_bytes_crash_ingest(tmp_path_factory, data):
    d = tmp_path_factory.mktemp("fuzz")
    for suffix in (".txt", ".json", ".jsonl", ".html"):
        (d / f"f{suffix}").write_bytes(data)
    arts, errors = collect([d])
    assert len(arts) + len(errors) >= 1
