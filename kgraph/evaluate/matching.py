"""Matching rules (documented in :mod:`kgraph.evaluate`): name and topic keys and levels, one-to-one assignment."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

from rapidfuzz import fuzz

__all__ = ["match_key", "name_match", "topic_key", "topic_match"]

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
    ["city", "province", "county", "district", "village", "town", "township", "municipality", "prefecture", "area", "region", "plant", "factory", "works", "site", "group", "news", "agency", "company"]
)
# Extra words that turn a name into a different body ("Zishan" / "Zishan Research Institute").
_HEAD = frozenset(
    ["university", "college", "school", "academy", "institute", "institution", "laboratory", "lab", "labs", "hospital", "clinic", "committee", "commission", "ministry", "department", "bureau", "council", "congress", "party", "union", "association", "federation", "society", "foundation", "bank", "museum", "airport", "station", "hall", "centre", "center", "campus", "office", "agency", "court"]
)
_STOP = frozenset(["and", "or", "of", "the", "a", "an", "in", "on", "at", "for", "to", "with", "by", "from"])
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


def name_forms(name: str, aliases: Iterable[str]) -> tuple[str, frozenset[str]]:
    key = match_key(name)
    return key, frozenset({key, *(match_key(a) for a in aliases)})


def match_level(pred: tuple[str, frozenset[str]], gold: tuple[str, frozenset[str]], tolerant: bool = True) -> float:
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
    return int(match_level(name_forms(predicted, predicted_aliases), name_forms(gold, gold_aliases), kind != "person"))


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


def topic_match_level(pred: str, gold: str) -> float:
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
    return int(topic_match_level(predicted, gold))


# ---------------------------------------------------------------------------------------------------------------
# Assignment


def assign(
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
