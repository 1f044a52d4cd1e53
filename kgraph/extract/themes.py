"""Topics of an article (lexicon + keyphrases) and theme links from its entities to those topics.

Two sources of topics are combined:

* a **topic lexicon** (:class:`TopicLexicon`): package data ``kgraph/resources/topics.toml`` extended by user
  files of the same format, matched with spaCy's ``PhraseMatcher`` (case-insensitive terms on ``LOWER``,
  case-sensitive acronyms on ``ORTH``) and ``Matcher`` (token patterns);
* **keyphrases**: runs of adjectives and nouns (by part of speech), lemmatised and scored by frequency and
  position, for themes the lexicon lacks. They need a tagger; on a blank pipeline only the lexicon is used.

:class:`ThemeExtractor` then links each entity to the topics carried by its sentences (``ThemeLink``); the
scope rules are documented on :meth:`ThemeExtractor.extract` and in ``docs/topics.md``.
"""

from __future__ import annotations

import bisect
import logging
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kgraph.errors import ConfigError
from kgraph.records import Entity, ThemeLink

__all__ = ["ThemeExtractor", "TopicLexicon", "TopicSpec", "normalize_topic"]

logger = logging.getLogger(__name__)

#: Token attributes a Matcher pattern may use only when the Doc carries that annotation.
_LINGUISTIC_ATTRS = {"POS": "POS", "TAG": "TAG", "LEMMA": "LEMMA", "MORPH": "MORPH", "DEP": "DEP"}
_TOPIC_KEYS = {"terms", "acronyms", "patterns"}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&.\-]*[A-Z0-9.]$")

#: Evaluative or quantifying modifiers stripped from the front of a keyphrase ("important role" -> "role").
_WEAK_MODIFIERS = frozenset(
    """
    important key major main new latest great good better best big bigger large larger small high higher low
    various several many much more most other such certain same different whole entire full further relevant
    related specific particular general overall total real true huge vast significant crucial critical vital
    strong stronger first second third last next previous recent current future past early late long short
    top leading local own extraordinary exciting impressive remarkable unique special common possible necessary
    essential fundamental basic clear brief right wrong old young little few additional existing ongoing
    effective efficient active positive negative tremendous considerable initial final annual daily weekly
    monthly multiple numerous enormous broad wide deep deeper greater latter former chief senior junior
    famous popular prestigious happy nice proud delighted glad personal individual random
    """.split()
)

#: Nouns too generic to stand alone as a topic, and generic trailing heads ("prevention work" -> "prevention").
_GENERIC_NOUNS = frozenset(
    """
    thing things way ways year years time times day days week weeks month months people person country countries
    part parts number numbers lot lots kind kinds effort efforts importance need needs hope remark remarks issue
    issues side sides company companies official officials employee employees premier president minister
    secretary chairman visit visits tour tours inspection statement report reports news photo photos video
    videos comment comments point points fact facts case cases example examples place places area areas level
    levels field fields aspect aspects role roles work end beginning afternoon morning evening today tomorrow
    yesterday state states nation government city cities province village town region world home family families
    member members leader leaders head heads group groups team teams meeting meetings event events site sites
    occasion opportunity opportunities problem problems question questions word words information message
    advantage advantages attention interest range series share center centre office staff worker workers
    resident residents citizen citizens local locals man men woman women child children student students
    chance sense mission responsibility responsibilities capability capabilities quality progress result results
    process system systems product products thousand thousands hundred hundreds million millions billion
    billions percent per cent wife husband son daughter father mother spokesman spokeswoman spokesperson
    reporter reporters caption carousel account email ad ads advertisement subscription newsletter website
    page pages link links click read share comment update updates reply name names story stories detail details
    measure measures activity activities step steps manner basis regard respect view views term terms matter
    matters front back top bottom line lines session sessions couple hour hours minute minutes
    """.split()
)
#: Weakly supported lexicon topics are still reported while an article has fewer topics than this.
_MIN_TOPICS = 3
#: Suffixes of relational adjectives ("industrial", "economic", "nuclear", "collaborative") kept in keyphrases;
#: other leading adjectives ("candid", "retired", "challenging") are stripped.
_RELATIONAL_SUFFIXES = ("al", "ic", "ary", "ory", "ar", "ian", "ese", "ern", "ive", "ine", "ish", "ant", "ent")

#: Heads that make a multi-word run a title, a person or page furniture rather than a theme.
_GENERIC_HEADS = frozenset(
    """
    director chairman chairwoman chair minister secretary president premier governor mayor ceo chief officer
    spokesman spokeswoman spokesperson executive manager boss expert professor researcher scientist journalist
    reporter correspondent editor author delegation guest host visitor jacket suit dress shirt shawl hand
    hands story headline salute smile hug handshake
    """.split()
)
#: Generic nouns that still make good heads of a multi-word theme ("research team", "job opportunity").
_KEEP_HEADS = frozenset("team teams group groups system systems area areas center centre product products".split())
_TRAILING_GENERIC = frozenset("work works effort efforts activity activities measure measures aspect aspects".split())
_CONTENT_POS = frozenset({"NOUN", "ADJ"})


def normalize_topic(text: str) -> str:
    """Return the canonical spelling of a topic label: lower case, plain quotes, single spaces.

    Parameters
    ----------
    text : str
        A topic label or surface phrase.

    Returns
    -------
    str
        The normalised label.

    Examples
    --------
    >>> normalize_topic("  Reform and  Opening-Up ")
    'reform and opening-up'
    >>> normalize_topic("People\u2019s livelihood")
    "people's livelihood"
    """
    text = text.translate(_QUOTES).lower()
    text = re.sub(r"\s*-\s*", "-", text)
    return " ".join(text.split()).strip(" .,;:!?\"'()[]")


def _singular(word: str) -> str:
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


def _plural(word: str) -> str:
    """Naive English plural of one lower-case word."""
    if not word.isalpha() or len(word) <= 2:
        return word
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def _term_variants(term: str) -> set[str]:
    """Spellings matched for one lexicon term: singular/plural of the last word and hyphen/space variants."""
    base = normalize_topic(term)
    variants = {base}
    words = base.split(" ")
    last = words[-1]
    head, sep, tail = last.rpartition("-")
    for form in {_singular(tail), _plural(_singular(tail))}:
        variants.add(" ".join([*words[:-1], head + sep + form]))
    for variant in list(variants):
        if "-" in variant:
            variants.add(variant.replace("-", " "))
    return {v for v in variants if v}


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """One topic of the lexicon: its label and what counts as a mention of it."""

    name: str
    terms: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()


def _string_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _pattern_list(value: Any, where: str) -> tuple[tuple[dict[str, Any], ...], ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: 'patterns' must be a list of token patterns, got {value!r}")
    patterns = []
    for pattern in value:
        if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) and t for t in pattern):
            raise ConfigError(
                f"{where}: each pattern must be a non-empty list of token tables such as "
                f'[{{LOWER = "chip"}}], got {pattern!r}'
            )
        patterns.append(tuple(dict(token) for token in pattern))
    return tuple(patterns)


@dataclass(frozen=True)
class TopicLexicon:
    """The topic lexicon: topic labels with their terms, acronyms and token patterns.

    Load it with :meth:`load`; instances are immutable.

    Examples
    --------
    >>> lexicon = TopicLexicon.load()
    >>> "artificial intelligence" in lexicon
    True
    >>> "AI" in lexicon["artificial intelligence"].acronyms
    True
    """

    topics: Mapping[str, TopicSpec] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and normalize_topic(name) in self.topics

    def __getitem__(self, name: str) -> TopicSpec:
        return self.topics[normalize_topic(name)]

    def __len__(self) -> int:
        return len(self.topics)

    def __iter__(self) -> Iterator[str]:
        return iter(self.topics)

    @classmethod
    def load(cls, *user_files: str | Path) -> TopicLexicon:
        """Load the shipped lexicon, then add each user file in order.

        A user table whose label is new adds a topic; one whose label exists extends that topic's terms,
        acronyms and patterns.

        Parameters
        ----------
        *user_files : str or Path
            TOML files in the lexicon format (see ``docs/topics.md``).

        Returns
        -------
        TopicLexicon

        Raises
        ------
        ConfigError
            A file is missing, is not valid TOML, or a table is malformed; the message names the file.

        Examples
        --------
        >>> len(TopicLexicon.load()) > 50
        True
        """
        default = resources.files("kgraph.resources").joinpath("topics.toml")
        specs: dict[str, TopicSpec] = {}
        sources = ["kgraph/resources/topics.toml"]
        cls._merge(specs, default.read_text(encoding="utf-8"), sources[0])
        for user_file in user_files:
            path = Path(user_file)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise ConfigError(f"{path}: cannot read topic lexicon: {err}") from err
            cls._merge(specs, text, str(path))
            sources.append(str(path))
        logger.debug("topic lexicon: %d topics from %s", len(specs), ", ".join(sources))
        return cls(topics=dict(specs), sources=tuple(sources))

    @staticmethod
    def _merge(specs: dict[str, TopicSpec], text: str, where: str) -> None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{where}: invalid TOML in topic lexicon: {err}") from err
        unknown = set(data) - {"topics"}
        if unknown:
            raise ConfigError(f"{where}: unknown top-level key(s) {sorted(unknown)}; only [topics.\"<label>\"] tables")
        tables = data.get("topics", {})
        if not isinstance(tables, dict):
            raise ConfigError(f"{where}: 'topics' must be a table of topic tables")
        for label, body in tables.items():
            name = normalize_topic(label)
            here = f"{where}: topic {label!r}"
            if not name:
                raise ConfigError(f"{where}: empty topic label")
            if not isinstance(body, dict):
                raise ConfigError(f"{here} must be a table with terms/acronyms/patterns, got {body!r}")
            bad = set(body) - _TOPIC_KEYS
            if bad:
                raise ConfigError(f"{here}: unknown key(s) {sorted(bad)}; allowed: {sorted(_TOPIC_KEYS)}")
            terms = _string_list(body.get("terms", []), here, "terms")
            acronyms = _string_list(body.get("acronyms", []), here, "acronyms")
            patterns = _pattern_list(body.get("patterns", []), here)
            old = specs.get(name, TopicSpec(name=name))
            specs[name] = TopicSpec(
                name=name,
                terms=tuple(dict.fromkeys(old.terms + terms)),
                acronyms=tuple(dict.fromkeys(old.acronyms + acronyms)),
                patterns=old.patterns + patterns,
            )


@dataclass(slots=True)
class _Hit:
    """One occurrence of a topic: token offsets in the Doc."""

    topic: str
    start: int
    end: int


@dataclass(slots=True)
class _Unit:
    """A sentence clipped to one paragraph."""

    start: int
    end: int
    paragraph: int
    text: str


class ThemeExtractor:
    """Find an article's topics and link its entities to them.

    Parameters
    ----------
    nlp : Language
        The pipeline whose tokenizer and vocab the Docs come from; the caller owns it.
    lexicon : TopicLexicon
        Topics to match (see :meth:`TopicLexicon.load`).
    max_topics : int
        At most this many topics per article (lexicon topics first, by count).
    max_keyphrases : int
        At most this many of them may be keyphrases outside the lexicon.
    max_links_per_entity : int
        At most this many theme links per entity (heaviest first).

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
    >>> themes = ThemeExtractor(nlp, TopicLexicon.load())
    >>> topics, links = themes.extract(nlp("AI needs chips and computing power. AI is key."), [], "a1")
    >>> topics[:3]
    ('artificial intelligence', 'computing power', 'semiconductors')
    """

    def __init__(
        self,
        nlp: Language,
        lexicon: TopicLexicon,
        *,
        max_topics: int = 8,
        max_keyphrases: int = 3,
        max_links_per_entity: int = 5,
    ) -> None:
        if max_topics < 0 or max_keyphrases < 0 or max_links_per_entity < 0:
            raise ValueError("max_topics, max_keyphrases and max_links_per_entity must be >= 0")
        self.lexicon = lexicon
        self.max_topics = max_topics
        self.max_keyphrases = max_keyphrases
        self.max_links_per_entity = max_links_per_entity
        self._phrases_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._phrases_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        # Matchers keyed by the annotations their patterns need (empty key: surface attributes only).
        self._matchers: dict[frozenset[str], Matcher] = {}
        self._names: dict[int, str] = {}
        self._covered: set[str] = set()  # normalised terms of all topics, to drop duplicate keyphrases
        self._expansions: dict[str, str] = {}  # acronym -> topic, from the lexicon
        for spec in lexicon.topics.values():
            key = nlp.vocab.strings.add(f"topic:{spec.name}")
            self._names[key] = spec.name
            variants = set().union(*(_term_variants(t) for t in (spec.name, *spec.terms)))
            self._covered |= {normalize_topic(v) for v in variants}
            self._phrases_lower.add(f"topic:{spec.name}", [nlp.make_doc(v) for v in sorted(variants)])
            if spec.acronyms:
                self._phrases_orth.add(f"topic:{spec.name}", [nlp.make_doc(a) for a in spec.acronyms])
                self._expansions.update({a: spec.name for a in spec.acronyms})
            for pattern in spec.patterns:
                needs = frozenset(
                    _LINGUISTIC_ATTRS[attr.upper()] for token in pattern for attr in token if attr.upper() in _LINGUISTIC_ATTRS
                )
                matcher = self._matchers.setdefault(needs, Matcher(nlp.vocab))
                try:
                    matcher.add(f"topic:{spec.name}", [list(pattern)])
                except (ValueError, KeyError, TypeError) as err:  # spaCy validates patterns here
                    raise ConfigError(f"topic {spec.name!r}: invalid token pattern {list(pattern)!r}: {err}") from err

    # ------------------------------------------------------------------------------------------------ public

    def extract(
        self, doc: Doc, mentions: Sequence[tuple[Entity, Span]], article_id: str
    ) -> tuple[tuple[str, ...], tuple[ThemeLink, ...]]:
        """Return (topics of the article, ranked), (theme links).

        Topics: lexicon topics ranked by number of occurrences (then first position), followed by up to
        ``max_keyphrases`` keyphrases, ``max_topics`` in all. A lexicon match is ignored when it lies inside a
        longer entity name ("Ministry of Commerce" does not make "trade") or overlaps a person's name
        ("Chip Smith").

        Theme links: an entity carries the topics of the sentences it is mentioned in. It carries the topics of
        the whole paragraph when it is the paragraph's subject: a person who is the only person named in the
        paragraph, or the first organisation/facility (else place) named in the paragraph's first sentence.
        ``weight`` counts the sentences in scope that carry the topic; ``evidence`` is the first of them. Each
        entity keeps its ``max_links_per_entity`` heaviest links.

        Parameters
        ----------
        doc : Doc
            The article, from the full pipeline or a blank one with a sentencizer.
        mentions : sequence of (Entity, Span)
            The article's resolved entity mentions and their spans in ``doc``.
        article_id : str
            Written into each ``ThemeLink.article``.

        Returns
        -------
        tuple of (tuple of str, tuple of ThemeLink)
        """
        has_pos = doc.has_annotation("POS")
        taken = self._protected_spans(doc, mentions)
        acronyms = self._defined_acronyms(doc)
        hits = self._lexicon_hits(doc, taken, acronyms)
        lexicon_topics, n_strong = self._rank_lexicon(doc, hits)

        keyphrases: list[str] = []
        key_hits: list[_Hit] = []
        if has_pos and self.max_keyphrases:
            keyphrases, key_hits = self._keyphrases(doc, taken, hits, acronyms, lexicon_topics)
        budget = max(self.max_topics - len(lexicon_topics), 0)
        n_keys = min(self.max_keyphrases, budget, len(keyphrases))
        topics = tuple(lexicon_topics[: self.max_topics]) + tuple(keyphrases[:n_keys])
        # Links may also name a strong lexicon topic beyond the article cap (a minor theme of one paragraph,
        # e.g. the product of one visited company); the per-entity cap bounds them.
        link_topics = topics + tuple(t for t in lexicon_topics[:n_strong] if t not in topics)
        chosen = set(link_topics)
        all_hits = [h for h in (*hits, *key_hits) if h.topic in chosen]
        links = self._links(doc, mentions, all_hits, link_topics, article_id)
        logger.debug("%s: topics %s, %d theme links", article_id, topics, len(links))
        return topics, links

    # ------------------------------------------------------------------------------------------------ lexicon

    @staticmethod
    def _protected_spans(doc: Doc, mentions: Sequence[tuple[Entity, Span]]) -> list[tuple[int, int, bool]]:
        """(start, end, is_person) of entity names: model entities and resolved mentions."""
        spans = [(s.start, s.end, s.label_ == "PERSON") for s in doc.ents]
        spans += [(s.start, s.end, e.kind == "person") for e, s in mentions]
        return spans

    @staticmethod
    def _inside_name(start: int, end: int, taken: Sequence[tuple[int, int, bool]]) -> bool:
        for s, e, is_person in taken:
            if is_person and s < end and start < e:
                return True
            if s <= start and end <= e and (e - s) > (end - start):
                return True
        return False

    @staticmethod
    def _looks_like_name(doc: Doc, start: int, end: int) -> bool:
        """Blank-pipeline guard: a one-word title-case match followed by another title-case word ("Chip Smith")."""
        if end - start != 1 or end >= len(doc):
            return False
        word, nxt = doc[start], doc[end]
        return word.is_title and nxt.is_title and nxt.is_alpha and not nxt.is_sent_start

    @staticmethod
    def _in_title_case_run(doc: Doc, start: int, end: int) -> bool:
        """A title-case match with title-case words on both sides is part of a name or headline ("Air Force One")."""
        if not all(t.is_title or not t.is_alpha for t in doc[start:end]) or doc[start].is_sent_start:
            return False
        before = doc[start - 1] if start > 0 else None
        after = doc[end] if end < len(doc) else None
        name_before = before is not None and before.is_alpha and (before.is_title or before.is_upper)
        name_after = after is not None and (after.is_title or after.is_upper or after.like_num) and after.text != "I"
        return name_before or name_after

    def _defined_acronyms(self, doc: Doc) -> dict[str, str]:
        """Acronyms defined in the text ("artificial intelligence (AI)") -> their normalised long form."""
        found: dict[str, str] = {}
        for i, token in enumerate(doc):
            if token.text != "(" or i + 2 >= len(doc) or doc[i + 2].text != ")":
                continue
            short = doc[i + 1].text
            letters = [c for c in short if c.isupper()]
            if not _ACRONYM.match(short) or not 2 <= len(letters) <= 8:
                continue
            words: list[Token] = []
            j = i - 1
            while j >= 0 and len(words) < len(letters) + 3 and not doc[j].is_sent_start and doc[j].text not in ",;:(":
                words.insert(0, doc[j])
                j -= 1
            if j >= 0 and doc[j].is_sent_start and doc[j].text not in ",;:(":
                words.insert(0, doc[j])
            # Drop leading words until initials of the remaining capitalised/content words fit the acronym.
            for k in range(len(words)):
                cand = [w for w in words[k:] if w.is_alpha]
                initials = "".join(w.text[0].upper() for w in cand if not w.is_stop or w.text[0].isupper())
                if initials == "".join(letters) and cand:
                    # A long form in title case is a name ("Government Digital Service (GDS)"), not a theme.
                    if not all(w.is_title or w.is_stop for w in cand):
                        found[short] = normalize_topic(doc[words[k].i : words[-1].i + 1].text)
                    break
        return found

    def _lexicon_hits(self, doc: Doc, taken: Sequence[tuple[int, int, bool]], acronyms: Mapping[str, str]) -> list[_Hit]:
        raw: list[tuple[int, int, int]] = []
        raw += self._phrases_lower(doc)
        raw += self._phrases_orth(doc)
        for needs, matcher in self._matchers.items():
            if all(doc.has_annotation(attr) for attr in needs):
                raw += matcher(doc)
        has_ents = doc.has_annotation("ENT_IOB")
        # Acronyms defined in this text whose long form is a lexicon term count for that topic.
        term_topic = {}
        for short, long_form in acronyms.items():
            topic = self._topic_of_phrase(long_form)
            if topic and short not in self._expansions:
                term_topic[short] = topic
        if term_topic:
            for token in doc:
                if token.text in term_topic:
                    key = doc.vocab.strings[f"topic:{term_topic[token.text]}"]
                    raw.append((key, token.i, token.i + 1))
        # Longest match wins where matches overlap (leftmost first among equals).
        hits: list[_Hit] = []
        used = [False] * len(doc)
        for key, start, end in sorted(set(raw), key=lambda m: (-(m[2] - m[1]), m[1])):
            if any(used[start:end]):
                continue
            if self._inside_name(start, end, taken):
                continue
            if not has_ents and self._looks_like_name(doc, start, end):
                continue
            if self._in_title_case_run(doc, start, end):
                continue
            for i in range(start, end):
                used[i] = True
            hits.append(_Hit(self._names[key], start, end))
        return sorted(hits, key=lambda h: h.start)

    def _rank_lexicon(self, doc: Doc, hits: Sequence[_Hit]) -> tuple[list[str], int]:
        """Lexicon topics by score, and how many of them are strong; weak single-word evidence needs to recur.

        A hit scores 1 when it is a multi-word term, an acronym or the topic label itself, plus 0.25 per extra
        word (at most 2); other single words score 0.5 (one "protocol" does not make "diplomacy"). A topic needs a
        score of at least 1, except while the article has fewer than ``_MIN_TOPICS`` topics.
        """
        score: Counter[str] = Counter()
        first: dict[str, int] = {}
        for hit in hits:
            span = doc[hit.start : hit.end]
            words = [t for t in span if t.text != "-"]
            strong = (
                len(words) > 1
                or span.text in self._expansions
                or normalize_topic(span.text) in _term_variants(hit.topic)
            )
            # Longer terms are more specific evidence: +0.25 per extra word, at most 2 per hit.
            score[hit.topic] += min(1.0 + 0.25 * (len(words) - 1), 2.0) if strong else 0.5
            first.setdefault(hit.topic, hit.start)
        ranked = sorted(score, key=lambda t: (-score[t], first[t], t))
        strong = [t for t in ranked if score[t] >= 1.0]
        # Short or sparse texts: fill up to _MIN_TOPICS with the weak ones rather than saying nothing.
        weak = [t for t in ranked if score[t] < 1.0][: max(_MIN_TOPICS - len(strong), 0)]
        return strong + weak, len(strong)

    def _topic_of_phrase(self, phrase: str) -> str | None:
        """The lexicon topic whose term (or variant) is exactly ``phrase``, if any."""
        phrase = normalize_topic(phrase)
        if phrase not in self._covered:
            return None
        for spec in self.lexicon.topics.values():
            for term in (spec.name, *spec.terms):
                if phrase in _term_variants(term):
                    return spec.name
        return None

    # ------------------------------------------------------------------------------------------------ keyphrases

    def _keyphrases(
        self,
        doc: Doc,
        taken: Sequence[tuple[int, int, bool]],
        hits: Sequence[_Hit],
        acronyms: Mapping[str, str],
        lexicon_topics: Sequence[str],
    ) -> tuple[list[str], list[_Hit]]:
        """Rank adjective/noun runs that the lexicon did not explain; return labels and their occurrences."""
        blocked = [False] * len(doc)
        for start, end, _ in taken:
            for i in range(start, end):
                blocked[i] = True
        for hit in hits:
            for i in range(hit.start, hit.end):
                blocked[i] = True
        has_lemma = doc.has_annotation("LEMMA")
        paragraphs = self._paragraph_starts(doc)

        def word(token: Token) -> str:
            text = token.text.lower().translate(_QUOTES)
            if token.text in acronyms:
                return acronyms[token.text]
            return text

        def head_word(token: Token) -> str:
            if token.text in acronyms:
                return acronyms[token.text]
            if has_lemma and token.pos_ == "NOUN" and token.lemma_:
                return token.lemma_.lower()
            return _singular(token.text.lower())

        def ok(token: Token) -> bool:
            if blocked[token.i] or token.like_num or token.is_stop or token.like_url or token.like_email:
                return False
            if token.text in acronyms and token.pos_ in {"PROPN", "NOUN"}:
                return True
            return token.pos_ in _CONTENT_POS and any(c.isalpha() for c in token.text) and token.text.isascii()

        runs: list[list[Token]] = []
        current: list[Token] = []
        for token in doc:
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

        # Every sub-run that is itself a clean phrase is a candidate, so "groundwater recharge" is counted
        # inside "groundwater recharge projects" too.
        occurrences: dict[str, set[tuple[int, int]]] = defaultdict(set)
        for run in runs:
            trimmed = self._trim(run)
            for i in range(len(trimmed)):
                for j in range(i + 1, len(trimmed) + 1):
                    sub = trimmed[i:j]
                    if self._trim(sub) != sub:
                        continue
                    parts = [word(t) for t in sub[:-1]] + [head_word(sub[-1])]
                    label = normalize_topic(" ".join(parts).replace(" - ", "-"))
                    if label and len(label) >= 3:
                        occurrences[label].add((sub[0].i, sub[-1].i + 1))

        noun_freq = Counter(
            head_word(t) for t in doc if t.pos_ == "NOUN" and not blocked[t.i] and not t.is_stop
        )
        scored: list[tuple[float, int, str]] = []
        lexicon_set = [normalize_topic(t) for t in lexicon_topics]
        for label, spans in occurrences.items():
            words = label.replace("-", " ").split()
            n = len(label.split())
            count = len(spans)
            spans = sorted(spans)
            if n == 1 or words[-1] in _GENERIC_HEADS or words[-1] in _GENERIC_NOUNS and words[-1] not in _KEEP_HEADS:
                continue
            if label in self._covered or any(_contains_words(label, t) or _contains_words(t, label) for t in lexicon_set):
                continue
            support = sum(noun_freq[w] for w in words) / len(words)
            if count < 2 and support < 1.5:
                continue
            early = min(_paragraph_index(paragraphs, doc[s].idx) for s, _ in spans) <= 1
            score = count * (1.0 + 0.4 * (min(n, 3) - 1)) + 0.25 * support + (0.5 if early else 0.0)
            if n == 1:
                score -= 0.5
            scored.append((score, min(s for s, _ in spans), label))
            logger.debug("keyphrase %r: count=%d support=%.2f early=%s score=%.2f", label, count, support, early, score)
        scored.sort(key=lambda x: (-x[0], x[1], x[2]))
        chosen: list[str] = []
        for score, _, label in scored:
            if score < 1.5:
                break
            if any(_contains_words(label, c) or _contains_words(c, label) for c in chosen):
                continue
            # Overlapping phrasings of one run ("tumble dryer" / "dryer plant") yield one keyphrase.
            if any(s < e2 and s2 < e for s, e in occurrences[label] for c in chosen for s2, e2 in occurrences[c]):
                continue
            chosen.append(label)
            if len(chosen) >= self.max_keyphrases:
                break
        key_hits = [_Hit(label, s, e) for label in chosen for s, e in sorted(occurrences[label])]
        return chosen, key_hits

    @staticmethod
    def _trim(run: list[Token]) -> list[Token]:
        """Strip weak leading modifiers, trailing adjectives/hyphens and generic trailing heads; cap length."""
        tokens = list(run)
        while tokens and (
            tokens[0].text == "-"
            or tokens[0].lower_ in _WEAK_MODIFIERS
            or tokens[0].tag_ in {"JJR", "JJS"}
            or (
                tokens[0].pos_ == "ADJ"
                and "-" not in tokens[0].text
                and (len(tokens) < 2 or tokens[1].text != "-")
                and not tokens[0].lower_.endswith(_RELATIONAL_SUFFIXES)
            )
        ):
            tokens.pop(0)
        while tokens and (tokens[-1].text == "-" or tokens[-1].pos_ == "ADJ"):
            tokens.pop()
        if len(tokens) > 1 and tokens[-1].lower_ in _TRAILING_GENERIC:
            tokens.pop()
        while len(tokens) > 4:
            tokens.pop(0)
        while tokens and tokens[0].text == "-":
            tokens.pop(0)
        if not tokens or tokens[-1].pos_ == "ADJ":
            return []
        return tokens

    # ------------------------------------------------------------------------------------------------ links

    @staticmethod
    def _paragraph_starts(doc: Doc) -> list[int]:
        """Character offsets where paragraphs start (paragraphs are separated by blank lines)."""
        return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(doc.text)]

    def _units(self, doc: Doc) -> list[_Unit]:
        """Sentences clipped at paragraph breaks (whole paragraphs when the Doc has no sentence boundaries)."""
        starts = self._paragraph_starts(doc)
        if doc.has_annotation("SENT_START"):
            sentences = [(s.start, s.end) for s in doc.sents]
        else:
            sentences = [(0, len(doc))]
        units: list[_Unit] = []
        for start, end in sentences:
            i = start
            while i < end:
                para = _paragraph_index(starts, doc[i].idx)
                j = i + 1
                while j < end and _paragraph_index(starts, doc[j].idx) == para:
                    j += 1
                span = doc[i:j]
                if span.text.strip():
                    units.append(_Unit(i, j, para, span.text.strip()))
                i = j
        return units

    def _links(
        self,
        doc: Doc,
        mentions: Sequence[tuple[Entity, Span]],
        hits: Sequence[_Hit],
        topics: Sequence[str],
        article_id: str,
    ) -> tuple[ThemeLink, ...]:
        if not mentions or not hits:
            return ()
        units = self._units(doc)
        unit_starts = [u.start for u in units]

        def unit_of(token_i: int) -> int | None:
            k = bisect.bisect_right(unit_starts, token_i) - 1
            return k if k >= 0 and token_i < units[k].end else None

        unit_topics: dict[int, set[str]] = defaultdict(set)
        for hit in hits:
            k = unit_of(hit.start)
            if k is not None:
                unit_topics[k].add(hit.topic)
        by_paragraph: dict[int, list[int]] = defaultdict(list)
        for k, unit in enumerate(units):
            by_paragraph[unit.paragraph].append(k)

        entities: dict[str, Entity] = {}
        entity_units: dict[str, set[int]] = defaultdict(set)
        persons_in_paragraph: dict[int, set[str]] = defaultdict(set)
        first_in_opening: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
        for entity, span in mentions:
            k = unit_of(span.start)
            if k is None:
                continue
            entities.setdefault(entity.key, entity)
            entity_units[entity.key].add(k)
            para = units[k].paragraph
            if entity.kind == "person":
                persons_in_paragraph[para].add(entity.key)
            elif by_paragraph[para][0] == k:
                first_in_opening[para].append((span.start, entity.kind, entity.key))

        subject_paragraphs: dict[str, set[int]] = defaultdict(set)
        for para, keys in persons_in_paragraph.items():
            if len(keys) == 1:
                subject_paragraphs[next(iter(keys))].add(para)
        for para, found in first_in_opening.items():
            orgs = sorted(f for f in found if f[1] in {"organization", "facility"})
            places = sorted(f for f in found if f[1] == "place")
            pick = orgs[0] if orgs else places[0] if places else None
            if pick is not None:
                subject_paragraphs[pick[2]].add(para)

        rank = {t: i for i, t in enumerate(topics)}
        links: list[ThemeLink] = []
        for key, entity in entities.items():
            scope = set(entity_units[key])
            for para in subject_paragraphs.get(key, ()):
                scope.update(by_paragraph[para])
            per_topic: dict[str, list[int]] = defaultdict(list)
            for k in sorted(scope):
                for topic in unit_topics.get(k, ()):
                    per_topic[topic].append(k)
            ranked = sorted(per_topic.items(), key=lambda kv: (-len(kv[1]), rank.get(kv[0], 99), kv[0]))
            for topic, ks in ranked[: self.max_links_per_entity]:
                links.append(
                    ThemeLink(
                        source=entity.name,
                        source_kind=entity.kind,
                        topic=topic,
                        weight=len(ks),
                        evidence=units[ks[0]].text,
                        article=article_id,
                    )
                )
        return tuple(links)


def _paragraph_index(starts: Sequence[int], char_offset: int) -> int:
    """Index of the paragraph containing ``char_offset``, given sorted paragraph start offsets."""
    return bisect.bisect_right(starts, char_offset) - 1


def _contains_words(outer: str, inner: str) -> bool:
    """Whether ``inner`` occurs in ``outer`` as whole words (hyphens count as word breaks)."""
    a = f" {outer.replace('-', ' ')} "
    b = f" {inner.replace('-', ' ')} "
    return b in a
