"""Read and validate gold files in the dev-set schema (:func:`load_gold`) into frozen ``Gold*`` records."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kgraph.errors import InputError

__all__ = ["GoldArticle", "GoldCompanion", "GoldEntity", "GoldVisit", "load_gold"]

# ---------------------------------------------------------------------------------------------------------------
# Gold records


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """A gold person, organisation or place: its name, aliases and optional ``type`` (``"facility"``)."""

    name: str
    aliases: tuple[str, ...] = ()
    type: str = ""


@dataclass(frozen=True, slots=True)
class GoldVisit:
    """A gold visit: ``visitor`` and ``target`` are names of gold entities of the same article."""

    visitor: str
    target: str
    target_type: str = ""
    location: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class GoldCompanion:
    """A gold companion: ``person`` joined ``visitor`` on the visit to ``target``."""

    person: str
    visitor: str
    target: str


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """The gold annotation of one article."""

    id: str
    kind: str = ""
    published: dt.date | None = None
    persons: tuple[GoldEntity, ...] = ()
    organizations: tuple[GoldEntity, ...] = ()
    places: tuple[GoldEntity, ...] = ()
    visits: tuple[GoldVisit, ...] = ()
    companions: tuple[GoldCompanion, ...] = ()
    topics: tuple[str, ...] = ()
    url: str = ""

    @property
    def negative(self) -> bool:
        """True for control articles (``kind == "negative"``) that must yield no visit."""
        return self.kind == "negative"


_REQUIRED = ("id", "persons", "organizations", "places", "visits", "companions", "topics")


def load_gold(path: str | Path) -> dict[str, GoldArticle]:
    """Read a gold file in the dev-set schema (JSON Lines, one article per line).

    Blank lines are skipped. Unknown keys (``description``, ``note``, ``title``, ``evidence``, ...) are ignored.

    Parameters
    ----------
    path
        The ``.jsonl`` file.

    Returns
    -------
    dict
        Article id -> :class:`GoldArticle`, in file order.

    Raises
    ------
    InputError
        The file cannot be read, or a line is not valid JSON, lacks a required key, has a value of the wrong
        type, repeats an id or has a date that is not ``YYYY-MM-DD``; the message names the file and line.

    Examples
    --------
    >>> import tempfile, os
    >>> line = ('{"id": "a1", "persons": [{"name": "Xi Jinping", "aliases": ["Xi"]}], "organizations": [],'
    ...         ' "places": [{"name": "Hunan"}], "visits": [{"visitor": "Xi Jinping", "target": "Hunan",'
    ...         ' "date": "2020-09-17"}], "companions": [], "topics": ["innovation"]}')
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
    ...     _ = f.write(line + "\\n")
    >>> gold = load_gold(f.name)
    >>> gold["a1"].visits[0].date
    datetime.date(2020, 9, 17)
    >>> os.remove(f.name)
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{p}: cannot read gold file: {err}") from err
    articles: dict[str, GoldArticle] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{p}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{where}: invalid JSON ({err.msg} at column {err.colno})") from err
        article = _gold_article(data, where)
        if article.id in articles:
            raise InputError(f"{where}: duplicate article id {article.id!r}")
        articles[article.id] = article
    return articles


def _gold_article(data: Any, where: str) -> GoldArticle:
    if not isinstance(data, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(data).__name__}")
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise InputError(f"{where}: missing key(s) {', '.join(missing)} (required: {', '.join(_REQUIRED)})")
    article_id = data["id"]
    if not isinstance(article_id, str) or not article_id:
        raise InputError(f"{where}: 'id' must be a non-empty string, got {article_id!r}")
    try:
        return GoldArticle(
            id=article_id,
            kind=_opt_str(data.get("kind"), "kind"),
            published=_date(data.get("published"), "published"),
            persons=tuple(_entity(e, f"persons[{i}]") for i, e in enumerate(_list(data, "persons"))),
            organizations=tuple(
                _entity(e, f"organizations[{i}]") for i, e in enumerate(_list(data, "organizations"))
            ),
            places=tuple(_entity(e, f"places[{i}]") for i, e in enumerate(_list(data, "places"))),
            visits=tuple(_visit(v, f"visits[{i}]") for i, v in enumerate(_list(data, "visits"))),
            companions=tuple(
                _companion(c, f"companions[{i}]") for i, c in enumerate(_list(data, "companions"))
            ),
            topics=tuple(_str(t, f"topics[{i}]") for i, t in enumerate(_list(data, "topics"))),
            url=_opt_str(data.get("url"), "url"),
        )
    except _FieldError as err:
        raise InputError(f"{where}: article {article_id!r}: {err}") from None


class _FieldError(Exception):
    """A value inside one gold line is malformed (turned into an InputError naming file and line)."""


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data[key]
    if not isinstance(value, list):
        raise _FieldError(f"{key!r} must be a list, got {type(value).__name__}")
    return value


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _FieldError(f"{what} must be a non-empty string, got {value!r}")
    return value


def _opt_str(value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _FieldError(f"{what} must be a string or null, got {value!r}")
    return value


def _date(value: Any, what: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _FieldError(f"{what} must be a YYYY-MM-DD date or null, got {value!r}")


def _object(value: Any, what: str, required: Sequence[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _FieldError(f"{what} must be an object, got {value!r}")
    missing = [key for key in required if key not in value]
    if missing:
        raise _FieldError(f"{what} lacks {', '.join(repr(k) for k in missing)}")
    return value


def _entity(value: Any, what: str) -> GoldEntity:
    obj = _object(value, what, ("name",))
    aliases = obj.get("aliases") or []
    if not isinstance(aliases, list):
        raise _FieldError(f"{what}.aliases must be a list of strings, got {aliases!r}")
    return GoldEntity(
        name=_str(obj["name"], f"{what}.name"),
        aliases=tuple(_str(a, f"{what}.aliases[{i}]") for i, a in enumerate(aliases)),
        type=_opt_str(obj.get("type"), f"{what}.type"),
    )


def _visit(value: Any, what: str) -> GoldVisit:
    obj = _object(value, what, ("visitor", "target"))
    location = obj.get("location")
    return GoldVisit(
        visitor=_str(obj["visitor"], f"{what}.visitor"),
        target=_str(obj["target"], f"{what}.target"),
        target_type=_opt_str(obj.get("target_type"), f"{what}.target_type"),
        location=None if location is None else _str(location, f"{what}.location"),
        date=_date(obj.get("date"), f"{what}.date"),
    )


def _companion(value: Any, what: str) -> GoldCompanion:
    obj = _object(value, what, ("person", "visitor", "target"))
    return GoldCompanion(
        person=_str(obj["person"], f"{what}.person"),
        visitor=_str(obj["visitor"], f"{what}.visitor"),
        target=_str(obj["target"], f"{what}.target"),
    )
