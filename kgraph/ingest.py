"""Read articles from txt, html, json and jsonl files and clean scraping noise -> Iterator[Article].

Article ids: for ``.txt`` and ``.html`` files, the path relative to the input folder without its suffix
(``data/seed.txt`` given ``data`` -> ``seed``; a file given directly -> its stem); for JSON records, their
``id`` field (or ``<file id>:<line or index>`` when a record has none).

JSON fields (rename with ``fields={"text": "body"}`` or ``--field text=body``):

========== ==================================================================
id         article id (str or int)
title      headline
text       body text (also read from ``content`` or ``body`` when ``text`` is absent)
url        source address
published  publication date, ISO or "Sep 18, 2020" (also ``date``, ``published_at``)
html       raw HTML, used (through trafilatura) when there is no text
========== ==================================================================
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from kgraph.dates import leading_date, parse_full_date
from kgraph.errors import ArticleError, InputError
from kgraph.records import Article

__all__ = ["SUFFIXES", "clean_text", "iter_files", "read_articles", "read_file"]

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
MAX_BYTES = 50 * 1024 * 1024  # one article file larger than this is skipped as not an article

_FIELD_FALLBACKS = {
    "id": ("id", "article_id", "doc_id", "uid"),
    "title": ("title", "headline"),
    "text": ("text", "content", "body", "article"),
    "url": ("url", "link", "source_url"),
    "published": ("published", "date", "published_at", "pub_date", "datetime"),
    "html": ("html", "raw_html"),
}

# -- cleaning ---------------------------------------------------------------------------------

_LITERAL_NEWLINES = re.compile(r"(?:\\r)?\\n")
_ESCAPED_QUOTE = re.compile(r"\\([\"'”“’‘])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
# A line from which everything to the end is comment form or page footer.
_FOOTER_START = re.compile(
    r"^\s*(leave a (reply|comment)|post a comment|add a comment|comments? \(\d+\)|\d+ comments?"
    r"|related (posts|articles|stories)\s*:?|you may also like|share this( article)?:?)\s*$",
    re.IGNORECASE,
)
# Single furniture lines dropped wherever they occur.
_FURNITURE = re.compile(
    r"^\s*(back to top|your email address will not be published\.?.*|required fields are marked \*?"
    r"|(name|email|website|comment)\s*\*?|post comment|cancel reply|print|share|tweet|advertisement)\s*$",
    re.IGNORECASE,
)


def clean_text(text: str) -> str:
    """Remove scraping noise and keep paragraph boundaries (paragraphs joined by one blank line).

    Lines of a block wrapped mid-sentence are joined into one paragraph; other lines are paragraphs of their own
    (texts with one paragraph per line and no blank lines).

    Literal ``\\n`` sequences become line breaks, backslash-escaped quotes lose the backslash, control
    characters go, comment forms and footers ("Leave a Reply ... Back To Top") are cut, consecutive duplicate
    paragraphs (a repeated headline) are kept once, and whitespace inside a paragraph collapses.
    Cleaning is idempotent.

    Examples
    --------
    >>> clean_text('Title\\n\\nTitle\\n\\n\\\\n\\\\n\\\\n\\n\\nHe said \\\\”yes.\\\\”\\n\\nLeave a Reply\\n\\nBack To Top')
    'Title\\n\\nHe said ”yes.”'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _LITERAL_NEWLINES.sub("\n", text)
    text = _ESCAPED_QUOTE.sub(r"\1", text)
    text = _CONTROL.sub("", text)
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = []
        stop = False
        for line in block.split("\n"):
            if _FOOTER_START.match(line):
                stop = True
                break
            if _FURNITURE.match(line):
                continue
            line = _SPACES.sub(" ", line).strip()
            if line:
                lines.append(line)
        # Lines wrapped mid-sentence are one paragraph; otherwise each line is a paragraph of its own (texts that
        # put one paragraph per line, with no blank lines between).
        for para in [" ".join(lines)] if _is_prose(lines) else lines:
            if para and (not paragraphs or paragraphs[-1] != para):
                paragraphs.append(para)
        if stop:
            break
    return "\n\n".join(paragraphs)


def _is_prose(lines: list[str]) -> bool:
    """Lines of one paragraph wrapped mid-sentence are joined; short separate lines stay lines."""
    return len(lines) > 1 and all(not re.search(r"[.!?:\"”]$", ln) for ln in lines[:-1]) and all(
        len(ln) > 40 for ln in lines[:-1]
    )


def _title_from_text(text: str) -> str:
    first = text.split("\n", 1)[0].strip()
    if first and len(first) <= 200 and len(first.split()) <= 30 and not first.endswith((".", "?", "!")):
        return first
    return ""


# -- files ------------------------------------------------------------------------------------


def iter_files(inputs: Iterable[str | Path]) -> Iterator[tuple[Path, Path]]:
    """Yield ``(file, base folder)`` for each article file under the inputs, sorted, recursively.

    A missing input path raises :class:`InputError`. Files with other suffixes inside folders are ignored;
    a file given directly with an unknown suffix is read as text.
    """
    for raw in inputs:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder")
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES):
                if not any(part.startswith(".") for part in file.relative_to(path).parts):
                    yield file, path
        else:
            yield path, path.parent


def _decode(data: bytes, path: Path, encoding: str | None) -> str:
    if not data.strip():
        raise ArticleError("empty file", str(path))
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as err:
            raise ArticleError(f"cannot decode as {encoding}: {err}", str(path)) from err
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError("binary file (NUL bytes), not an article", str(path))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ArticleError(
            f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); "
            "re-encode the file or pass --encoding (for example cp1252)",
            str(path),
            line,
        ) from err


def _article_id(path: Path, base: Path) -> str:
    try:
        rel = path.relative_to(base)
    except ValueError:
        rel = Path(path.name)
    return rel.with_suffix("").as_posix()


def _make_article(
    aid: str, text: str, *, title: str = "", url: str = "", published: Any = None, source: str, line: int | None
) -> Article:
    cleaned = clean_text(text)
    if not cleaned.strip():
        raise ArticleError("no text left after cleaning", source, line)
    pub = parse_full_date(str(published)) if published not in (None, "") else None
    if pub is None:
        pub = leading_date(cleaned)
    title = clean_text(title).replace("\n", " ") if title else _title_from_text(cleaned)
    digest = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()
    return Article(aid, cleaned, title, str(url or ""), pub, source, line, digest)


def _html_to_text(markup: str, source: str, line: int | None = None) -> tuple[str, dict[str, Any]]:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            markup, include_comments=False, include_tables=False, with_metadata=True
        )
        doc = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else doc
    except Exception as err:  # trafilatura raises many types on broken markup
        raise ArticleError(f"cannot parse HTML: {err}", source, line) from err
    if not doc or not (doc.get("text") or "").strip():
        raise ArticleError("no main text found in HTML", source, line)
    meta = {"title": doc.get("title") or "", "url": doc.get("url") or "", "published": doc.get("date")}
    return doc["text"], meta


def _field(record: Mapping[str, Any], name: str, fields: Mapping[str, str]) -> Any:
    if name in fields:
        return record.get(fields[name])
    for key in _FIELD_FALLBACKS[name]:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def _record_article(
    record: Any, fields: Mapping[str, str], source: str, line: int | None, fallback_id: str
) -> Article:
    if not isinstance(record, dict):
        raise ArticleError(f"expected a JSON object, got {type(record).__name__}", source, line)
    text = _field(record, "text", fields)
    meta: dict[str, Any] = {}
    if text in (None, "") and _field(record, "html", fields):
        text, meta = _html_to_text(str(_field(record, "html", fields)), source, line)
    if not isinstance(text, str) or not text.strip():
        wanted = fields.get("text", "text")
        raise ArticleError(f"record has no {wanted!r} field with text", source, line)
    rid = _field(record, "id", fields)
    aid = str(rid).strip() if rid not in (None, "") else fallback_id
    return _make_article(
        aid,
        text,
        title=str(_field(record, "title", fields) or meta.get("title") or ""),
        url=str(_field(record, "url", fields) or meta.get("url") or ""),
        published=_field(record, "published", fields) or meta.get("published"),
        source=source,
        line=line,
    )


def read_file(
    path: str | Path,
    base: str | Path | None = None,
    *,
    fields: Mapping[str, str] | None = None,
    encoding: str | None = None,
    on_error: Callable[[ArticleError], None] | None = None,
) -> Iterator[Article]:
    """Yield the articles of one file; a bad record is reported to ``on_error`` and skipped.

    A file that cannot be read at all raises :class:`ArticleError` (or reports it, when ``on_error`` is given).
    """
    path = Path(path)
    base = Path(base) if base is not None else path.parent
    fields = dict(fields or {})
    source = str(path)
    report = on_error or _raise

    suffix = path.suffix.lower()
    data = b""
    if suffix != ".jsonl":  # JSONL streams line by line and checks each line's size
        try:
            size = path.stat().st_size
            if size > MAX_BYTES:
                report(ArticleError(f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit for one article "
                                    "file (split it, for example into JSONL)", source))
                return
            data = path.read_bytes()
        except OSError as err:
            report(ArticleError(f"cannot read: {err.strerror or err}", source))
            return

    aid = _article_id(path, base)
    try:
        if suffix == ".jsonl":
            yield from _read_jsonl(path, fields, encoding, aid, report)
            return
        text = _decode(data, path, encoding)
        if suffix in (".html", ".htm"):
            body, meta = _html_to_text(text, source)
            yield _make_article(aid, body, source=source, line=None, **meta)
        elif suffix == ".json":
            try:
                payload = json.loads(text)
            except json.JSONDecodeError as err:
                raise ArticleError(f"malformed JSON: {err.msg} (column {err.colno})", source, err.lineno) from err
            records = payload if isinstance(payload, list) else [payload]
            if not records:
                raise ArticleError("JSON list holds no records", source)
            for i, record in enumerate(records):
                try:
                    yield _record_article(record, fields, source, None, f"{aid}:{i}")
                except ArticleError as err:
                    report(ArticleError(f"record {i}: {err.reason}", source, err.line))
        else:
            yield _make_article(aid, text, source=source, line=None)
    except ArticleError as err:
        report(err)


def _read_jsonl(
    path: Path,
    fields: Mapping[str, str],
    encoding: str | None,
    aid: str,
    report: Callable[[ArticleError], None],
) -> Iterator[Article]:
    source = str(path)
    any_line = False
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            any_line = True
            try:
                if len(raw) > MAX_BYTES:
                    raise ArticleError(f"line is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit", source, lineno)
                try:
                    line = raw.decode(encoding or "utf-8-sig")
                except (UnicodeDecodeError, LookupError) as err:
                    raise ArticleError(f"not valid {encoding or 'UTF-8'}: {err}", source, lineno) from err
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as err:
                    raise ArticleError(f"malformed JSON: {err.msg} (column {err.colno})", source, lineno) from err
                yield _record_article(record, fields, source, lineno, f"{aid}:{lineno}")
            except ArticleError as err:
                report(err)
    if not any_line:
        report(ArticleError("empty file", source))


def _raise(err: ArticleError) -> None:
    raise err


def read_articles(
    inputs: Iterable[str | Path],
    *,
    fields: Mapping[str, str] | None = None,
    encoding: str | None = None,
    on_error: Callable[[ArticleError], None] | None = None,
) -> Iterator[Article]:
    """Yield the articles under ``inputs`` (files and folders, recursively, in sorted order).

    Each bad file or record is passed to ``on_error`` (default: logged as a warning) and skipped, so one bad
    article never loses the others. Duplicate article ids are reported and the later one skipped.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "seed.txt").write_text("Li Qiang visited Baidu.")
    >>> [a.id for a in read_articles([d])]
    ['seed']
    """
    report = on_error or (lambda err: log.warning("skipped %s", err))
    seen: set[str] = set()
    for file, base in iter_files(inputs):
        for article in read_file(file, base, fields=fields, encoding=encoding, on_error=report):
            if article.id in seen:
                report(ArticleError(f"duplicate article id {article.id!r}; keeping the first", article.source,
                                    article.line))
                continue
            seen.add(article.id)
            yield article


def parse_field_map(pairs: Iterable[str]) -> dict[str, str]:
    """Parse ``name=field`` pairs (``text=body``) into a field map; :class:`InputError` on a bad pair."""
    out = {}
    for pair in pairs:
        name, sep, field = pair.partition("=")
        if not sep or name.strip() not in _FIELD_FALLBACKS or not field.strip():
            raise InputError(
                f"bad field mapping {pair!r}: use NAME=FIELD with NAME one of {', '.join(_FIELD_FALLBACKS)}"
            )
        out[name.strip()] = field.strip()
    return out
