"""Score extraction results against gold annotations (precision, recall and F1 per field).

The gold format is the dev-set schema: one JSON object per line with ``id``, ``persons``, ``organizations``,
``places``, ``visits``, ``companions`` and ``topics`` (see ``docs/evaluate.md``). :func:`load_gold` reads it,
:func:`score` compares it with :class:`~kgraph.records.ArticleResult` objects (pure, no spaCy) and returns a
:class:`Report`; :func:`predict` runs the extractor over article files first.

Matching rules
--------------
Names are compared by :func:`match_key`: Unicode NFKC, curly quotes made straight, case-folded, whitespace
collapsed, a leading "the", a final possessive "'s" and legal suffixes ("Co., Ltd.", "Corp", "Inc",
"Limited", ...) dropped. A predicted entity matches a gold entity (:func:`name_match`) when

3. the two names are equal, or
2. the predicted name equals a gold alias, or the gold name equals a predicted alias and the predicted name shares
   a word with the gold forms or is their initials (so a garbled node label such as "XINING, June 7" that merely
   carries the alias "Xinhua" does not match; an alias shared by both sides is not enough either: surnames such
   as "Li" are shared by different people), or
1. (tolerant; not for persons) one name is the other plus whole words at the start or end, and either all extra
   words are generic descriptors ("city", "province", "village", "plant", "news agency", ...), or there is one
   extra word, the shorter name has two or more words, the names are at least 80 % similar
   (``rapidfuzz.fuzz.ratio``) and the extra word is neither a function word nor names a different kind of body
   ("university", "institute", "committee", ...). So "Guakou" matches "Guakou village" and "Pilot Free Trade
   Zone" matches "Shanghai Pilot Free Trade Zone", but "Sunderland" does not match "Sunderland Echo", nor
   "Zishan" "Zishan Research Institute", nor "At Lenze (Shanghai) Transmission System" the name without "At".

Each gold item is matched at most once and each predicted item at most once, greedily from the best match
level down (ties by gold order, then predicted order), so the result is deterministic.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from kgraph.errors import InputError
from kgraph.records import ArticleResult, Entity

__all__ = [
    "FIELDS",
    "ArticleDetail",
    "FieldScore",
    "GoldArticle",
    "GoldCompanion",
    "GoldEntity",
    "GoldVisit",
    "Report",
    "load_gold",
    "match_key",
    "name_match",
    "predict",
    "score",
    "topic_key",
    "topic_match",
]

#: Scored fields, in report order.
FIELDS = ("persons", "organizations", "places", "visits", "companions", "topics", "visit dates")

#: Predicted entity kinds scored against each gold entity list.
_FIELD_KINDS = {
    "persons": ("person",),
    "organizations": ("organization", "facility"),
    "places": ("place",),
}

_TARGET_KINDS = ("organization", "facility", "place")

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


# ---------------------------------------------------------------------------------------------------------------
# Name matching

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"'})
_SPACE = re.compile(r"\s+")
_LEADING_THE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"(?<=\w)'s?$")
_LEGAL_SUFFIX = re.compile(
    r"(?:[\s,]+(?:co|company|corp|corporation|inc|incorporated|ltd|limited|llc|plc|gmbh)\.?)+\s*$"
)

# Extra words that only describe what a name already names ("Guakou village", "Xinhua News Agency").
_GENERIC = frozenset(
    "city province county district village town township municipality prefecture area region "
    "plant factory works site group news agency company".split()
)
# Extra words that turn a name into a different body ("Zishan" / "Zishan Research Institute").
_HEAD = frozenset(
    "university college school academy institute institution laboratory lab labs hospital clinic committee "
    "commission ministry department bureau council congress party union association federation society "
    "foundation bank museum airport station hall centre center campus office agency court".split()
)
_STOP = frozenset("and or of the a an in on at for to with by from".split())
#: Minimum ``rapidfuzz.fuzz.ratio`` for a tolerant prefix/suffix match without generic extra words.
TOLERANT_RATIO = 80.0


def match_key(name: str) -> str:
    """Return the comparison key of a name under the evaluation rules.

    Examples
    --------
    >>> match_key("The  Beiyitong Co., Ltd.")
    'beiyitong'
    >>> match_key("Nissan’s")
    'nissan'
    >>> match_key("NPC’s standing committee")
    "npc's standing committee"
    """
    text = unicodedata.normalize("NFKC", name).translate(_QUOTES).casefold()
    text = _SPACE.sub(" ", text).strip(" ,;:")
    text = _LEADING_THE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _LEGAL_SUFFIX.sub("", text).strip(" ,")
    return text or _SPACE.sub(" ", name.casefold()).strip()


def _tolerant(a: str, b: str) -> float:
    """Similarity (0-100) when one key is the other plus whole words at an end, under the tolerant rule; else 0."""
    if a == b or not a or not b:
        return 0.0
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if long_.startswith(short + " "):
        extra = long_[len(short) + 1 :]
    elif long_.endswith(" " + short):
        extra = long_[: -len(short) - 1]
    else:
        return 0.0
    words = extra.split()
    similarity = fuzz.ratio(short, long_)
    if all(w in _GENERIC for w in words):
        return max(similarity, 1.0)
    # One extra word only, and a word that could start or end a name: "Shanghai Pilot Free Trade Zone" is
    # tolerated, "At Lenze ..." (a swallowed preposition) and "... Congress Li Zhanshu" (a glued name) are not.
    if (
        similarity >= TOLERANT_RATIO
        and len(words) == 1
        and len(short.split()) >= 2
        and words[0].strip("().,") not in _HEAD | _STOP
    ):
        return similarity
    return 0.0


def _related(key: str, forms: frozenset[str]) -> bool:
    """True when a name key shares a word with one of ``forms`` or is the initials of one (an acronym)."""
    words = {w for w in key.split() if len(w) > 1 and w not in _STOP}
    squeezed = key.replace(" ", "").replace(".", "")
    for form in forms:
        tokens = form.split()
        if words & set(tokens):
            return True
        if len(tokens) > 1 and squeezed == "".join(t[0] for t in tokens if t not in _STOP):
            return True
    return False


def _forms(name: str, aliases: Iterable[str]) -> tuple[str, frozenset[str]]:
    key = match_key(name)
    return key, frozenset({key, *(match_key(a) for a in aliases)})


def _level(pred: tuple[str, frozenset[str]], gold: tuple[str, frozenset[str]], tolerant: bool = True) -> float:
    """Match level of two (key, forms) pairs: 3 same name, 2 via an alias, 1 + similarity/1000 tolerant, 0."""
    pkey, pforms = pred
    gkey, gforms = gold
    if pkey == gkey:
        return 3.0
    if pkey in gforms or (gkey in pforms and _related(pkey, gforms)):
        return 2.0
    similarity = _tolerant(pkey, gkey) if tolerant else 0.0
    return 1.0 + similarity / 1000 if similarity else 0.0


def name_match(
    predicted: str,
    gold: str,
    predicted_aliases: Iterable[str] = (),
    gold_aliases: Iterable[str] = (),
    *,
    kind: str = "",
) -> int:
    """How a predicted name matches a gold name: 3 same name, 2 via an alias, 1 tolerant, 0 no match.

    ``kind="person"`` turns the tolerant rule off: a person's name with a word more or less is another name.

    Examples
    --------
    >>> name_match("Premier Li", "Li Keqiang", gold_aliases=["Premier Li Keqiang", "Premier Li"])
    2
    >>> name_match("Li Qiang", "Li Keqiang", gold_aliases=["Premier Li"])
    0
    >>> name_match("Guakou", "Guakou village")
    1
    >>> name_match("Kota Srinivasa", "Kota Srinivasa Rao", kind="person")
    0
    """
    return int(_level(_forms(predicted, predicted_aliases), _forms(gold, gold_aliases), kind != "person"))


# ---------------------------------------------------------------------------------------------------------------
# Topic matching

_TOPIC_PUNCT = re.compile(r"[^\w\s']+")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
#: Minimum ``rapidfuzz.fuzz.token_set_ratio`` for two topics to match.
TOPIC_RATIO = 85.0


def topic_key(topic: str) -> str:
    """Normalise a topic phrase: case-folded, ``&`` -> "and", hyphens and punctuation to spaces.

    Examples
    --------
    >>> topic_key("New-Energy  Vehicles")
    'new energy vehicles'
    """
    text = unicodedata.normalize("NFKC", topic).translate(_QUOTES).casefold().replace("&", " and ")
    text = _SPACE.sub(" ", _TOPIC_PUNCT.sub(" ", text)).strip()
    return _ARTICLE.sub("", text)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _topic_words(topic: str) -> tuple[str, ...]:
    return tuple(_singular(w) for w in topic_key(topic).split())


def _contains(long_: Sequence[str], short: Sequence[str]) -> bool:
    n = len(short)
    return 0 < n < len(long_) and any(tuple(long_[i : i + n]) == tuple(short) for i in range(len(long_) - n + 1))


def _topic_level(pred: str, gold: str) -> float:
    pk, gk = topic_key(pred), topic_key(gold)
    if not pk or not gk:
        return 0.0
    if pk == gk:
        return 3.0
    pw, gw = _topic_words(pred), _topic_words(gold)
    if pw == gw:
        return 2.0
    content = [w for w in (pw if len(pw) < len(gw) else gw) if w not in _STOP]
    ratio = fuzz.token_set_ratio(" ".join(pw), " ".join(gw))
    if content and (_contains(pw, gw) or _contains(gw, pw)):
        return 1.0 + ratio / 1000
    if ratio >= TOPIC_RATIO and set(pw) - _STOP and set(gw) - _STOP:
        return 1.0 + ratio / 1000
    return 0.0


def topic_match(predicted: str, gold: str) -> int:
    """How a predicted topic matches a gold topic: 3 same phrase, 2 same singular words, 1 tolerant, 0 none.

    Tolerant: one phrase contains the other as whole words, or ``rapidfuzz.fuzz.token_set_ratio`` of the
    singularised phrases is at least :data:`TOPIC_RATIO`.

    Examples
    --------
    >>> topic_match("Poverty Alleviation", "poverty alleviation")
    3
    >>> topic_match("electric vehicle", "electric vehicles")
    2
    >>> topic_match("innovation", "original innovation")
    1
    >>> topic_match("climate change", "higher education")
    0
    """
    return int(_topic_level(predicted, gold))


# ---------------------------------------------------------------------------------------------------------------
# Assignment


def _assign(
    n_pred: int, n_gold: int, level: Callable[[int, int], float]
) -> tuple[dict[int, int], dict[int, int]]:
    """Greedy best-first one-to-one matching; returns pred->gold pairs and unassigned pred -> best gold."""
    candidates = []
    for i in range(n_pred):
        for j in range(n_gold):
            value = level(i, j)
            if value > 0:
                candidates.append((-value, j, i))
    candidates.sort()
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for _, j, i in candidates:
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    extra: dict[int, int] = {}
    for _, j, i in candidates:
        if i not in pairs and i not in extra:
            extra[i] = j
    return pairs, extra


# ---------------------------------------------------------------------------------------------------------------
# Report


@dataclass
class FieldScore:
    """Counts for one field, micro-averaged over articles."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def gold(self) -> int:
        """Number of gold items (``tp + fn``)."""
        return self.tp + self.fn

    @property
    def pred(self) -> int:
        """Number of predicted items (``tp + fp``)."""
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        """``tp / pred``; 1.0 when nothing was predicted and nothing was expected, 0.0 when only gold exists."""
        return self.tp / self.pred if self.pred else float(self.gold == 0)

    @property
    def recall(self) -> float:
        """``tp / gold``; 1.0 when there is no gold item and nothing was predicted, 0.0 otherwise."""
        return self.tp / self.gold if self.gold else float(self.pred == 0)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0.0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, fp: int, fn: int) -> None:
        """Add one article's counts."""
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def to_dict(self) -> dict[str, Any]:
        """Counts and rates as a JSON-ready dict."""
        return {
            "gold": self.gold,
            "pred": self.pred,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class ArticleDetail:
    """What one article got wrong: per field, the gold items missed and the predicted items with no match."""

    id: str
    missed: dict[str, list[str]] = field(default_factory=dict)
    false: dict[str, list[str]] = field(default_factory=dict)
    wrong_dates: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        """True when nothing was missed, nothing was false, no date was wrong and no entity was split."""
        return not (any(self.missed.values()) or any(self.false.values()) or self.wrong_dates or self.split)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (fields without errors are left out)."""
        return {
            "missed": {k: v for k, v in self.missed.items() if v},
            "false": {k: v for k, v in self.false.items() if v},
            "wrong_dates": list(self.wrong_dates),
            "split": list(self.split),
        }


@dataclass
class Report:
    """The result of :func:`score`.

    Attributes
    ----------
    fields
        Field name (see :data:`FIELDS`) -> :class:`FieldScore`, micro-averaged over the scored articles.
    articles
        Article id -> :class:`ArticleDetail`, in gold order.
    dates_correct, dates_gold_found
        Found visits (matched to a gold visit) whose gold date is set: how many have the same predicted date.
    dates_right, dates_predicted_found
        Found visits with a predicted date: how many equal the gold date (a date where gold has none is wrong).
    locations_correct, visits_found
        Found visits whose location matches the gold location (both null counts as correct).
    kinds_agree
        Found visits whose predicted ``target_kind`` equals the gold ``target_type``.
    negative_articles, negative_with_visits, negative_visits
        Gold ``negative`` articles scored, how many of them got a predicted visit, and how many visits in all.
    fragmentation
        Gold entities matched by more than one predicted entity (they should be one node each).
    missing, unannotated
        Gold ids with no prediction, and predicted ids with no gold (neither is scored).
    """

    fields: dict[str, FieldScore] = field(default_factory=lambda: {name: FieldScore() for name in FIELDS})
    articles: dict[str, ArticleDetail] = field(default_factory=dict)
    dates_correct: int = 0
    dates_gold_found: int = 0
    dates_right: int = 0
    dates_predicted_found: int = 0
    locations_correct: int = 0
    visits_found: int = 0
    kinds_agree: int = 0
    negative_articles: int = 0
    negative_with_visits: int = 0
    negative_visits: int = 0
    fragmentation: int = 0
    missing: list[str] = field(default_factory=list)
    unannotated: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> FieldScore:
        """The :class:`FieldScore` of a field (``report["visits"].f1``)."""
        return self.fields[name]

    def to_dict(self) -> dict[str, Any]:
        """The whole report as JSON-ready data (what ``kgraph evaluate --json`` prints)."""
        return {
            "articles_scored": len(self.articles),
            "fields": {name: score.to_dict() for name, score in self.fields.items()},
            "visit_dates": {
                "correct": self.dates_correct,
                "gold_dated_found": self.dates_gold_found,
                "accuracy": _ratio(self.dates_correct, self.dates_gold_found),
                "predicted_dated_found": self.dates_predicted_found,
                "predicted_right": self.dates_right,
                "precision": _ratio(self.dates_right, self.dates_predicted_found),
            },
            "visit_locations": {"correct": self.locations_correct, "found": self.visits_found},
            "visit_target_kinds": {"agree": self.kinds_agree, "found": self.visits_found},
            "negative": {
                "articles": self.negative_articles,
                "with_visits": self.negative_with_visits,
                "visits": self.negative_visits,
            },
            "fragmentation": self.fragmentation,
            "missing": list(self.missing),
            "unannotated": list(self.unannotated),
            "details": {aid: detail.to_dict() for aid, detail in self.articles.items() if not detail.perfect},
        }

    def to_text(self, verbose: bool = False) -> str:
        """A plain-text table; with ``verbose`` also each article's misses (``-``) and false hits (``+``)."""
        lines = [f"{'field':<14}{'gold':>5}{'pred':>6}{'tp':>6}{'precision':>11}{'recall':>8}{'f1':>7}"]
        for name, s in self.fields.items():
            lines.append(
                f"{name:<14}{s.gold:>5}{s.pred:>6}{s.tp:>6}{s.precision:>11.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
            )
        lines.append("")
        lines.append(
            f"visit dates: {self.dates_correct}/{self.dates_gold_found} correct "
            f"({_fmt(self.dates_correct, self.dates_gold_found)}) on found visits where gold has a date; "
            f"{self.dates_right}/{self.dates_predicted_found} predicted dates right "
            f"({_fmt(self.dates_right, self.dates_predicted_found)})"
        )
        lines.append(
            f"visit locations: {self.locations_correct}/{self.visits_found} correct; "
            f"target kinds: {self.kinds_agree}/{self.visits_found} agree"
        )
        lines.append(
            f"negative articles with visits: {self.negative_with_visits} of {self.negative_articles}"
            f" ({self.negative_visits} visits)"
        )
        lines.append(f"gold entities split over >1 predicted entity: {self.fragmentation}")
        lines.append(f"articles scored: {len(self.articles)}")
        if self.missing:
            lines.append(f"gold articles without prediction (not scored): {', '.join(self.missing)}")
        if self.unannotated:
            lines.append(f"predicted articles without gold (not scored): {', '.join(self.unannotated)}")
        if verbose:
            for aid, detail in self.articles.items():
                if detail.perfect:
                    continue
                lines.append("")
                lines.append(aid)
                for name in FIELDS:
                    for item in detail.missed.get(name, ()):
                        lines.append(f"  - {name:<13} {item}")
                    for item in detail.false.get(name, ()):
                        lines.append(f"  + {name:<13} {item}")
                for item in detail.wrong_dates:
                    lines.append(f"  ! {'date':<13} {item}")
                for item in detail.split:
                    lines.append(f"  ! {'split':<13} {item}")
        return "\n".join(lines) + "\n"


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _fmt(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "-"


# ---------------------------------------------------------------------------------------------------------------
# Scoring


def score(gold: Mapping[str, GoldArticle], predicted: Mapping[str, ArticleResult]) -> Report:
    """Compare predictions with gold annotations, article by article, and sum the counts.

    Only articles present in both mappings are scored; the others are listed in ``Report.missing`` and
    ``Report.unannotated``. The function is pure: it does not load spaCy or touch files.

    Parameters
    ----------
    gold
        Article id -> :class:`GoldArticle` (see :func:`load_gold`).
    predicted
        Article id -> :class:`~kgraph.records.ArticleResult` (see :func:`predict`).

    Returns
    -------
    Report

    Examples
    --------
    >>> from kgraph.records import Article, ArticleResult, Entity, Visit
    >>> gold = {"a1": GoldArticle("a1", persons=(GoldEntity("Xi Jinping", ("Xi",)),),
    ...                           places=(GoldEntity("Hunan"),), visits=(GoldVisit("Xi Jinping", "Hunan"),))}
    >>> result = ArticleResult(Article("a1", "..."),
    ...     entities=(Entity("person:xi", "person", "Xi"), Entity("place:hunan", "place", "Hunan Province")),
    ...     visits=(Visit("Xi", "Hunan Province", "place", None, None, "", "a1"),))
    >>> report = score(gold, {"a1": result})
    >>> report["persons"].f1, report["places"].f1, report["visits"].f1
    (1.0, 1.0, 1.0)
    """
    report = Report()
    report.missing = [aid for aid in gold if aid not in predicted]
    report.unannotated = [aid for aid in predicted if aid not in gold]
    for aid, article in gold.items():
        if aid in predicted:
            _score_article(article, predicted[aid], report)
    return report


def _score_article(gold: GoldArticle, result: ArticleResult, report: Report) -> None:
    detail = ArticleDetail(gold.id)
    report.articles[gold.id] = detail

    # Entities ------------------------------------------------------------------------------------------------
    for name, kinds in _FIELD_KINDS.items():
        golds: tuple[GoldEntity, ...] = getattr(gold, name)
        preds = [e for e in result.entities if e.kind in kinds]
        gforms = [_forms(g.name, g.aliases) for g in golds]
        pforms = [_forms(p.name, p.aliases) for p in preds]
        tolerant = name != "persons"
        pairs, extra = _assign(len(preds), len(golds), lambda i, j: _level(pforms[i], gforms[j], tolerant))
        _count(report, detail, name, len(preds), len(golds), pairs, [p.name for p in preds], [g.name for g in golds])
        split: dict[int, list[str]] = {}
        for i, j in extra.items():
            split.setdefault(j, [preds[k].name for k, jj in pairs.items() if jj == j]).append(preds[i].name)
        for j in sorted(split):
            report.fragmentation += 1
            detail.split.append(f"{name[:-1]} {golds[j].name!r} <- {', '.join(repr(n) for n in split[j])}")

    # Visits --------------------------------------------------------------------------------------------------
    person_index = _EntityIndex(e for e in result.entities if e.kind == "person")
    target_index = _EntityIndex(e for e in result.entities if e.kind in _TARGET_KINDS)
    gold_persons = {g.name: _forms(g.name, g.aliases) for g in gold.persons}
    gold_targets = {g.name: _forms(g.name, g.aliases) for g in (*gold.places, *gold.organizations)}
    gold_places = {g.name: _forms(g.name, g.aliases) for g in gold.places}

    def gperson(name: str) -> tuple[str, frozenset[str]]:
        return gold_persons.get(name) or _forms(name, ())

    def gtarget(name: str) -> tuple[str, frozenset[str]]:
        return gold_targets.get(name) or _forms(name, ())

    pvisits = list(result.visits)
    pv_forms = [(person_index.forms(v.visitor), target_index.forms(v.target)) for v in pvisits]
    gv_forms = [(gperson(v.visitor), gtarget(v.target)) for v in gold.visits]

    def visit_level(i: int, j: int) -> float:
        levels = [_level(pv_forms[i][0], gv_forms[j][0], False), _level(pv_forms[i][1], gv_forms[j][1])]
        return min(levels) * 10 + sum(levels) if min(levels) else 0.0

    pairs, _ = _assign(len(pvisits), len(gold.visits), visit_level)
    _count(
        report,
        detail,
        "visits",
        len(pvisits),
        len(gold.visits),
        pairs,
        [f"{v.visitor} -> {v.target}" for v in pvisits],
        [f"{v.visitor} -> {v.target}" for v in gold.visits],
    )
    dates = report.fields["visit dates"]
    dated_pred = sum(1 for v in pvisits if v.date is not None)
    dated_gold = sum(1 for v in gold.visits if v.date is not None)
    date_tp = 0
    for i, j in sorted(pairs.items(), key=lambda p: p[1]):
        pv, gv = pvisits[i], gold.visits[j]
        report.visits_found += 1
        report.kinds_agree += pv.target_kind == gv.target_type
        if gv.location is None:
            report.locations_correct += pv.location is None
        elif pv.location is not None:
            level = _level(_forms(pv.location, target_index.aliases(pv.location)), gold_places.get(
                gv.location
            ) or _forms(gv.location, ()))
            report.locations_correct += level > 0
        if gv.date is not None:
            report.dates_gold_found += 1
            report.dates_correct += pv.date == gv.date
        if pv.date is not None:
            report.dates_predicted_found += 1
            report.dates_right += pv.date == gv.date
        if pv.date is not None and pv.date == gv.date:
            date_tp += 1
        elif pv.date is not None or gv.date is not None:
            got = pv.date.isoformat() if pv.date else "none"
            want = gv.date.isoformat() if gv.date else "none"
            detail.wrong_dates.append(f"{gv.visitor} -> {gv.target}: {got} (gold {want})")
    dates.add(date_tp, dated_pred - date_tp, dated_gold - date_tp)
    detail.missed["visit dates"] = [
        f"{v.visitor} -> {v.target} {v.date.isoformat()}"
        for j, v in enumerate(gold.visits)
        if v.date is not None and j not in pairs.values()
    ]
    detail.false["visit dates"] = [
        f"{v.visitor} -> {v.target} {v.date.isoformat()}"
        for i, v in enumerate(pvisits)
        if v.date is not None and i not in pairs
    ]

    if gold.negative:
        report.negative_articles += 1
        report.negative_with_visits += bool(pvisits)
        report.negative_visits += len(pvisits)

    # Companions ----------------------------------------------------------------------------------------------
    pcomp = list(result.companions)
    pc_forms = [
        (person_index.forms(c.person), person_index.forms(c.visitor), target_index.forms(c.target)) for c in pcomp
    ]
    gc_forms = [(gperson(c.person), gperson(c.visitor), gtarget(c.target)) for c in gold.companions]

    def companion_level(i: int, j: int) -> float:
        levels = [_level(p, g, k == 2) for k, (p, g) in enumerate(zip(pc_forms[i], gc_forms[j], strict=True))]
        return min(levels) * 10 + sum(levels) if min(levels) else 0.0

    pairs, _ = _assign(len(pcomp), len(gold.companions), companion_level)
    _count(
        report,
        detail,
        "companions",
        len(pcomp),
        len(gold.companions),
        pairs,
        [f"{c.person} with {c.visitor} -> {c.target}" for c in pcomp],
        [f"{c.person} with {c.visitor} -> {c.target}" for c in gold.companions],
    )

    # Topics --------------------------------------------------------------------------------------------------
    ptopics = list(dict.fromkeys(result.topics))
    pairs, _ = _assign(len(ptopics), len(gold.topics), lambda i, j: _topic_level(ptopics[i], gold.topics[j]))
    _count(report, detail, "topics", len(ptopics), len(gold.topics), pairs, ptopics, list(gold.topics))


def _count(
    report: Report,
    detail: ArticleDetail,
    name: str,
    n_pred: int,
    n_gold: int,
    pairs: Mapping[int, int],
    pred_labels: Sequence[str],
    gold_labels: Sequence[str],
) -> None:
    tp = len(pairs)
    report.fields[name].add(tp, n_pred - tp, n_gold - tp)
    matched = set(pairs.values())
    detail.missed[name] = [label for j, label in enumerate(gold_labels) if j not in matched]
    detail.false[name] = [label for i, label in enumerate(pred_labels) if i not in pairs]


class _EntityIndex:
    """Predicted entities by name, so that a visit's visitor or target brings its entity's aliases."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._exact: dict[str, tuple[str, ...]] = {}
        self._keyed: dict[str, tuple[str, ...]] = {}
        for entity in entities:
            self._exact.setdefault(entity.name, entity.aliases)
            self._keyed.setdefault(match_key(entity.name), entity.aliases)

    def aliases(self, name: str) -> tuple[str, ...]:
        if name in self._exact:
            return self._exact[name]
        return self._keyed.get(match_key(name), ())

    def forms(self, name: str) -> tuple[str, frozenset[str]]:
        return _forms(name, self.aliases(name))


# ---------------------------------------------------------------------------------------------------------------
# Prediction


def predict(article_paths: Iterable[str | Path], **extract_options: Any) -> dict[str, ArticleResult]:
    """Run the extractor over article files or folders and key the results by article id.

    Parameters
    ----------
    article_paths
        Files or folders, as accepted by :func:`kgraph.pipeline.extract` (ids of ``.txt`` files are their path
        relative to the given folder, without suffix: ``articles/d01.txt`` -> ``d01``).
    **extract_options
        Fields of :class:`kgraph.extract.pipeline.ExtractOptions` (``model=``, ``rules_only=``, ...) and keyword
        arguments of :func:`kgraph.pipeline.extract` (``options=``, ``encoding=``, ...).

    Returns
    -------
    dict
        Article id -> :class:`~kgraph.records.ArticleResult`, in input order.

    Raises
    ------
    InputError
        An input cannot be read, or two inputs yield the same article id.
    """
    # Imported here: the pipeline loads spaCy, and scoring must not need it.
    from dataclasses import fields as dataclass_fields

    from kgraph.extract.pipeline import ExtractOptions
    from kgraph.pipeline import extract

    names = {f.name for f in dataclass_fields(ExtractOptions)}
    settings = {k: v for k, v in extract_options.items() if k in names}
    kwargs = {k: v for k, v in extract_options.items() if k not in names}
    if settings:
        if kwargs.get("options") is not None:
            raise TypeError(f"pass either options= or ExtractOptions fields ({', '.join(sorted(settings))}), not both")
        kwargs["options"] = ExtractOptions(**settings)
    results: dict[str, ArticleResult] = {}
    for result in extract(list(article_paths), **kwargs):
        aid = result.article.id
        if aid in results:
            raise InputError(f"two inputs yield the article id {aid!r} ({result.article.source or 'unknown source'})")
        results[aid] = result
    return results
