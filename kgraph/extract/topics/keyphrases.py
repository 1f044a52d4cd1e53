"""Keyphrases: salient noun phrases of an article, found by part of speech and ranked by salience.

Used by :class:`kgraph.extract.topics.themes.ThemeExtractor` for themes the topic lexicon lacks. It needs a tagger
(``POS``); lemmas are used when present. Neither the dependency parse nor ``noun_chunks`` is needed, so it works
when the parser ran on some sentences only.

Candidates are maximal runs of adjectives and nouns (hyphenated compounds kept, "new-energy vehicles") outside
entity names, lexicon matches and page furniture; every clean sub-run is a candidate. A candidate's salience is
its position-weighted frequency (headline and opening paragraphs count more), raised for longer phrases and for
abstract single nouns ("innovation", "employment", "manufacturing"), and lowered for generic news nouns.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX
from spacy.tokens import Doc, Token

__all__ = ["Keyphrase", "furniture_start", "keyphrases"]

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE = re.compile(r"[^\n]+")

#: Evaluative or quantifying modifiers stripped from the front of a keyphrase ("important role" -> "role").
WEAK_MODIFIERS = frozenset(
    [
        "important", "key", "major", "main", "new", "latest", "great", "good", "better", "best", "big", "bigger",
        "large", "larger", "small", "high", "higher", "low", "various", "several", "many", "much", "more", "most",
        "other", "such", "certain", "same", "different", "whole", "entire", "full", "further", "relevant", "related",
        "specific", "particular", "general", "overall", "total", "real", "true", "huge", "vast", "significant",
        "crucial", "critical", "vital", "strong", "stronger", "first", "second", "third", "last", "next", "previous",
        "recent", "current", "future", "past", "early", "late", "long", "short", "top", "leading", "local", "own",
        "extraordinary", "exciting", "impressive", "remarkable", "unique", "special", "common", "possible",
        "necessary", "essential", "fundamental", "basic", "clear", "brief", "right", "wrong", "old", "young", "little",
        "few", "additional", "existing", "ongoing", "effective", "efficient", "active", "positive", "negative",
        "tremendous", "considerable", "initial", "final", "annual", "daily", "weekly", "monthly", "multiple",
        "numerous", "enormous", "broad", "wide", "deep", "deeper", "greater", "latter", "former", "chief", "senior",
        "junior", "famous", "popular", "prestigious", "happy", "nice", "proud", "delighted", "glad", "personal",
        "individual", "random", "solid", "steady", "concrete", "sound", "stable", "healthy", "rapid", "rapidly",
        "fast", "swift", "vigorous", "continuous", "constant", "solid"
    ]
)

#: Nouns too generic to stand alone as a topic (or to head a phrase, unless listed in ``KEEP_HEADS``).
GENERIC_NOUNS = frozenset(
    [
        "thing", "things", "way", "ways", "year", "years", "time", "times", "day", "days", "week", "weeks", "month",
        "months", "people", "person", "country", "countries", "part", "parts", "number", "numbers", "lot", "lots",
        "kind", "kinds", "effort", "efforts", "importance", "need", "needs", "hope", "remark", "remarks", "issue",
        "issues", "side", "sides", "company", "companies", "official", "officials", "employee", "employees", "premier",
        "president", "minister", "secretary", "chairman", "visit", "visits", "tour", "tours", "inspection",
        "statement", "report", "reports", "news", "photo", "photos", "video", "videos", "comment", "comments", "point",
        "points", "fact", "facts", "case", "cases", "example", "examples", "place", "places", "area", "areas", "level",
        "levels", "field", "fields", "aspect", "aspects", "role", "roles", "work", "end", "beginning", "afternoon",
        "morning", "evening", "today", "tomorrow", "yesterday", "state", "states", "nation", "government", "city",
        "cities", "province", "village", "town", "region", "world", "home", "family", "families", "member", "members",
        "leader", "leaders", "head", "heads", "group", "groups", "team", "teams", "meeting", "meetings", "event",
        "events", "site", "sites", "occasion", "opportunity", "opportunities", "problem", "problems", "question",
        "questions", "word", "words", "information", "message", "advantage", "advantages", "attention", "interest",
        "range", "series", "share", "center", "centre", "office", "staff", "worker", "workers", "resident",
        "residents", "citizen", "citizens", "local", "locals", "man", "men", "woman", "women", "child", "children",
        "student", "students", "chance", "sense", "mission", "responsibility", "responsibilities", "capability",
        "capabilities", "quality", "progress", "result", "results", "process", "system", "systems", "product",
        "products", "thousand", "thousands", "hundred", "hundreds", "million", "millions", "billion", "billions",
        "percent", "per", "cent", "wife", "husband", "son", "daughter", "father", "mother", "spokesman", "spokeswoman",
        "spokesperson", "reporter", "reporters", "caption", "carousel", "account", "email", "ad", "ads",
        "advertisement", "subscription", "newsletter", "website", "page", "pages", "link", "links", "click", "read",
        "share", "comment", "update", "updates", "reply", "name", "names", "story", "stories", "detail", "details",
        "measure", "measures", "activity", "activities", "step", "steps", "manner", "basis", "regard", "respect",
        "view", "views", "term", "terms", "matter", "matters", "front", "back", "top", "bottom", "line", "lines",
        "session", "sessions", "couple", "hour", "hours", "minute", "minutes", "development", "contribution",
        "contributions", "condition", "conditions", "situation", "situations", "period", "periods", "stage", "stages",
        "task", "tasks", "goal", "goals", "target", "targets", "plan", "plans", "idea", "ideas", "action", "actions",
        "effect", "effects", "impact", "focus", "support", "help", "direction", "guidance", "instruction",
        "instructions", "requirement", "requirements", "demand", "demands", "effort", "talk", "talks", "conversation",
        "conversations", "interaction", "interactions", "speech", "speeches", "address", "greeting", "greetings",
        "photograph", "image", "images", "picture", "pictures", "camera", "music", "fan", "fans", "friend", "friends",
        "guest", "guests", "visitor", "visitors", "crowd", "welcome", "thanks", "moment", "moments", "trip", "trips",
        "journey", "way", "process", "practice", "practices", "approach", "approaches", "ceremony", "ceremonies",
        "event", "lot", "item", "items", "type", "types", "form", "forms", "model", "models", "unit", "units",
        "source", "sources", "look", "sign", "signs", "show", "shows", "feature", "features", "access", "content",
        "platform", "platforms", "user", "users", "subscriber", "subscribers", "reader", "readers", "copyright",
        "rights", "reserved", "cookie", "cookies", "privacy", "policy", "policies"
    ]
)
#: Generic nouns that still make good heads of a multi-word theme ("research team", "job opportunity").
KEEP_HEADS = frozenset(
    [
        "team", "teams", "group", "groups", "system", "systems", "area", "areas", "center", "centre", "product",
        "products", "development", "policy", "policies", "model", "models", "platform", "platforms", "access",
        "rights", "plan", "plans", "goal", "goals", "ceremony", "ceremonies", "support", "practice", "practices",
        "process", "quality", "trip", "trips", "visit", "visits"
    ]
)
#: Heads that make a multi-word run a title, a person, an organisation descriptor or page furniture, not a theme.
GENERIC_HEADS = frozenset(
    [
        "director", "chairman", "chairwoman", "chair", "minister", "secretary", "president", "premier", "governor",
        "mayor", "ceo", "chief", "officer", "spokesman", "spokeswoman", "spokesperson", "executive", "manager", "boss",
        "expert", "professor", "researcher", "scientist", "journalist", "reporter", "correspondent", "editor",
        "author", "delegation", "guest", "host", "visitor", "jacket", "suit", "dress", "shirt", "shawl", "hand",
        "hands", "story", "headline", "salute", "smile", "hug", "handshake", "photo", "photos", "image", "images",
        "video", "videos", "caption", "general", "deputy", "vice", "institute", "institutes", "institution",
        "manufacturer", "manufacturers", "maker", "makers", "company", "companies", "firm", "firms", "council",
        "councils", "ministry", "ministries", "committee", "committees", "commission", "agency", "agencies", "bureau",
        "university", "universities", "college", "academy"
    ]
)
#: Words about the trip itself ("inspection group", "investigation visit"): a phrase holding one is not a theme.
TRIP_WORDS = frozenset([
    "inspection", "inspections", "investigation", "visit", "visits", "tour", "tours", "trip", "trips", "delegation"
])
#: Prepositions after which a single noun is a process whose complement is the theme ("construction of X").
_COMPLEMENT_PREPS = frozenset({"of", "on", "for", "to", "with"})
#: Generic trailing heads dropped from a phrase ("prevention work" -> "prevention").
TRAILING_GENERIC = frozenset([
    "work", "works", "effort", "efforts", "activity", "activities", "measure", "measures", "aspect", "aspects"
])
#: Suffixes of relational adjectives ("industrial", "economic", "nuclear") kept in front of a keyphrase; other
#: leading adjectives ("candid", "retired", "challenging") are stripped.
RELATIONAL_SUFFIXES = ("al", "ic", "ary", "ory", "ar", "ian", "ese", "ern", "ive", "ine", "ish", "ant", "ent")
#: Suffixes of abstract nouns (nominalisations); such single nouns make plausible themes on their own.
ABSTRACT_SUFFIXES = ("tion", "sion", "ment", "ance", "ence", "ity", "ism", "ship", "ing", "ure", "ogy", "ics", "age")
#: Entity labels whose tokens never start or join a keyphrase (names and numbers); NORP ("Chinese") may modify.
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT",
                          "DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL", "LANGUAGE"})
_CONTENT_POS = frozenset({"NOUN", "ADJ"})

#: A line that starts the page's furniture (related links, more videos): nothing after it is the article.
_FURNITURE_START = re.compile(
    r"^\s*(?:more\s+(?:videos|stories|news|articles)\b|related\s+(?:articles|stories|news|videos|content|coverage)\b"
    r"|read\s+more\b|also\s+read\b|you\s+may\s+also\s+like|recommended\s+(?:for\s+you|stories|articles)"
    r"|most\s+(?:read|popular|viewed)\b|trending\s+(?:now|stories|news)\b|latest\s+(?:news|stories|videos)\s*$"
    r"|top\s+stories\s*$|editor'?s\s+picks?\b)",
    re.IGNORECASE,
)
#: A line that is page furniture itself (sign-up boxes, ads, share bars); skipped, not a cut.
_FURNITURE_LINE = re.compile(
    r"\b(?:sign\s+up|newsletter|subscri(?:be|ption)|advertisement|hide\s+ad|cookies?|click\s+here|share\s+this"
    r"|all\s+rights\s+reserved|copyright|follow\s+us|download\s+(?:the|our)\s+app|log\s*in|sign\s+in)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Keyphrase:
    """A ranked keyphrase: its label, salience score and token spans (start, end) in the Doc."""

    label: str
    score: float
    spans: tuple[tuple[int, int], ...]


def singular(word: str) -> str:
    """Naive English singular of one lower-case word (used when the pipeline has no lemmatiser)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ics", "ews")):
        return word[:-1]
    return word


def normalize_phrase(text: str) -> str:
    """Lower case, plain quotes and dashes, single spaces, no surrounding punctuation."""
    text = text.translate(_QUOTES).lower()
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split()).strip(" .,;:!?\"'()[]")


def furniture_start(text: str) -> int:
    """Character offset where the page's trailing furniture starts ("More Videos from ..."), else ``len(text)``.

    Examples
    --------
    >>> furniture_start("Story text.\\n\\nMore Videos from india\\nOther headline")
    13
    >>> furniture_start("Just a story.")
    13
    """
    for match in _LINE.finditer(text):
        if match.start() > 0 and _FURNITURE_START.match(match.group()):
            return match.start()
    return len(text)


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of short lines that are page furniture (sign-up boxes, ads)."""
    out = []
    for match in _LINE.finditer(text):
        line = match.group()
        if len(line.split()) <= 60 and _FURNITURE_LINE.search(line):
            out.append((match.start(), match.end()))
    return out


def _contains_words(outer: str, inner: str) -> bool:
    a = f" {outer.replace('-', ' ')} "
    b = f" {inner.replace('-', ' ')} "
    return b in a


def trim(run: Sequence[Token]) -> list[Token]:
    """Strip weak leading modifiers, trailing adjectives/hyphens and generic trailing heads; cap length at 4."""
    tokens = list(run)
    while tokens and (
        tokens[0].text == "-"
        or tokens[0].lower_ in WEAK_MODIFIERS
        or tokens[0].tag_ in {"JJR", "JJS"}
        or (
            tokens[0].pos_ == "ADJ"
            and "-" not in tokens[0].text
            and (len(tokens) < 2 or tokens[1].text != "-")
            and not tokens[0].lower_.endswith(RELATIONAL_SUFFIXES)
        )
    ):
        tokens.pop(0)
    while tokens and (tokens[-1].text == "-" or tokens[-1].pos_ == "ADJ"):
        tokens.pop()
    if len(tokens) > 1 and tokens[-1].lower_ in TRAILING_GENERIC:
        tokens.pop()
    while len(tokens) > 4:
        tokens.pop(0)
    while tokens and tokens[0].text == "-":
        tokens.pop(0)
    if not tokens or tokens[-1].pos_ == "ADJ":
        return []
    return tokens


def keyphrases(
    doc: Doc,
    blocked: Sequence[bool],
    acronyms: Mapping[str, str],
    *,
    exclude: Sequence[str] = (),
    covered: set[str] | frozenset[str] = frozenset(),
    limit: int = 5,
    min_score: float = 3.0,
) -> list[Keyphrase]:
    """Rank the salient noun phrases of ``doc``; return at most ``limit`` of them, best first.

    Parameters
    ----------
    doc : Doc
        A tagged Doc (``POS``); lemmas are used for the head noun when present.
    blocked : sequence of bool
        Per token: True when it must not be part of a keyphrase (entity names, lexicon matches).
    acronyms : mapping
        Acronyms defined in the text -> their long form (expanded in labels).
    exclude : sequence of str
        Labels already chosen (lexicon topics); a keyphrase containing one or contained in one is dropped.
    covered : set of str
        Normalised phrases that are lexicon terms; a keyphrase equal to one is dropped.
    limit : int
        At most this many keyphrases.
    min_score : float
        Keyphrases scoring lower are dropped.

    Returns
    -------
    list of Keyphrase
    """
    if limit <= 0 or not len(doc):
        return []
    text = doc.text
    cut = furniture_start(text)
    junk = furniture_lines(text)
    paragraphs = [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    has_lemma = doc.has_annotation("LEMMA")
    has_ents = doc.has_annotation("ENT_IOB")

    def paragraph_of(char: int) -> int:
        return bisect.bisect_right(paragraphs, char) - 1

    # Per token: does it lie in page furniture (after the cut, or on a furniture line)?
    starts = doc.to_array(IDX).astype(numpy.int64)
    mask = starts >= cut
    for s, e in junk:
        mask |= (starts >= s) & (starts < e)
    junk_token: list[bool] = mask.tolist()

    # Headline: the first line of the text when it is short and not furniture.
    first_line = _LINE.search(text)
    headline_end = -1
    if first_line and len(first_line.group().split()) <= 25 and not _FURNITURE_LINE.search(first_line.group()):
        headline_end = first_line.end()

    def word(token: Token) -> str:
        if token.text in acronyms:
            return acronyms[token.text]
        return token.text.lower().translate(_QUOTES)

    def head_word(token: Token) -> str:
        if token.text in acronyms:
            return acronyms[token.text]
        lower = token.text.lower()
        if has_lemma and token.pos_ == "NOUN" and token.lemma_:
            lemma = token.lemma_.lower()
            # Keep "-ing" nouns ("manufacturing", "upgrading") and plural-only forms the lemmatiser mangles.
            return lower if lemma != lower and lower.endswith("ing") else lemma
        return singular(lower)

    def ok(token: Token) -> bool:
        if blocked[token.i] or token.like_num or token.is_stop or token.like_url or token.like_email:
            return False
        if has_ents and token.ent_type_ in _NAME_LABELS:
            return False
        if token.text in acronyms and token.pos_ in {"PROPN", "NOUN"}:
            return True
        if not token.text.isascii() or not any(c.isalpha() for c in token.text) or "#" in token.text:
            return False
        # A title-case noun inside a sentence is usually a name the NER missed ("Winter Garden").
        if token.is_title and not token.is_sent_start and token.pos_ == "NOUN" and token.i > 0 \
                and doc[token.i - 1].text not in {'"', "'", "(", "\u201c", ":", "-", "|"}:
            return token.idx < headline_end  # headlines are title case
        return token.pos_ in _CONTENT_POS

    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in doc:
        if junk_token[token.i]:
            if current:
                runs.append(current)
            current = []
            continue
        hyphen = (
            token.text == "-"
            and current
            and not token.whitespace_
            and not current[-1].whitespace_
            and token.i + 1 < len(doc)
            and ok(doc[token.i + 1])
        )
        if hyphen or ok(token):
            current.append(token)
            continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)

    occurrences: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for run in runs:
        trimmed = trim(run)
        for i in range(len(trimmed)):
            for j in range(i + 1, len(trimmed) + 1):
                sub = trimmed[i:j]
                if trim(sub) != sub:
                    continue
                parts = [word(t) for t in sub[:-1]] + [head_word(sub[-1])]
                label = normalize_phrase(" ".join(parts).replace(" - ", "-"))
                if label and len(label) >= 3:
                    occurrences[label].add((sub[0].i, sub[-1].i + 1))

    noun_freq = Counter(
        head_word(t) for t in doc
        if t.pos_ == "NOUN" and not blocked[t.i] and not t.is_stop and not junk_token[t.i]
    )

    def weight(start: int) -> float:
        char = doc[start].idx
        if char < headline_end:
            return 2.0
        return 1.5 if paragraph_of(char) <= 2 else 1.0

    excluded = [normalize_phrase(t) for t in exclude]
    scored: list[tuple[float, int, str]] = []
    for label, spans in occurrences.items():
        words = label.replace("-", " ").split()
        n = len(label.split())
        last = words[-1]
        if last in GENERIC_HEADS or (last in GENERIC_NOUNS and (n == 1 or last not in KEEP_HEADS)):
            continue
        if label in covered or any(_contains_words(label, t) or _contains_words(t, label) for t in excluded):
            continue
        if n > 1 and any(w in TRIP_WORDS for w in words):
            continue
        count = len(spans)
        salience = sum(weight(s) for s, _ in spans)
        support = sum(noun_freq[w] for w in words) / len(words)
        if n == 1:
            # A single noun is a theme when it recurs and names something abstract ("innovation").
            if len(label) < 4 or not label.isalpha():
                continue
            in_headline = any(doc[s].idx < headline_end for s, _ in spans)
            if not label.endswith(ABSTRACT_SUFFIXES) or count < 2 or (count < 3 and not in_headline):
                continue
            if count < 2 and support < 1.5 and salience < 1.5:
                continue
            # A process noun whose complement carries the theme ("construction of the free trade zone",
            # "reach agreement on a CEO") is not a theme of its own.
            linked = sum(e < len(doc) and doc[e].lower_ in _COMPLEMENT_PREPS for _, e in spans)
            if 2 * linked >= count:
                continue
            score = salience
        else:
            score = salience * (1.0 + 0.35 * (min(n, 3) - 1)) + 0.25 * (support - 1)
        scored.append((score, min(s for s, _ in spans), label))
    scored.sort(key=lambda x: (-x[0], x[1], x[2]))

    chosen: list[Keyphrase] = []
    for score, _, label in scored:
        if score < min_score:
            break
        clash = False
        stems = tuple(w[:6] for w in label.replace("-", " ").split())
        for c in chosen:
            # "development project" / "developmental project": one theme.
            if stems == tuple(w[:6] for w in c.label.replace("-", " ").split()):
                clash = True
                break
            if _contains_words(label, c.label) or _contains_words(c.label, label):
                clash = True
                break
            # Overlapping phrasings of one run ("tumble dryer" / "dryer plant") yield one keyphrase.
            if any(s < e2 and s2 < e for s, e in occurrences[label] for s2, e2 in c.spans):
                clash = True
                break
        if clash:
            continue
        chosen.append(Keyphrase(label, round(score, 3), tuple(sorted(occurrences[label]))))
        if len(chosen) >= limit:
            break
    return chosen
