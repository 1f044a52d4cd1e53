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

import logging
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kgraph.errors import ConfigError
from kgraph.extract.topics.keyphrases import (
    GENERIC_HEADS,
    GENERIC_NOUNS,
    KEEP_HEADS,
    Keyphrase,
    furniture_start,
    keyphrases,
    singular,
)
from kgraph.extract.topics.lexicon import (
    TopicLexicon,
    TopicSpec,
    normalize_topic,
    term_variants,
)
from kgraph.extract.topics.named_themes import (
    TopicHit,
    country_pairs,
    issues,
    named_events,
    negated,
    split_clusters,
)
from kgraph.extract.topics.site_events import site_events, visit_kinds
from kgraph.extract.topics.theme_links import theme_links
from kgraph.records import Entity, ThemeLink, Visit

__all__ = ["ThemeExtractor", "TopicLexicon", "TopicSpec", "normalize_topic"]

logger = logging.getLogger(__name__)

#: Token attributes a Matcher pattern may use only when the Doc carries that annotation.
_LINGUISTIC_ATTRS = {"POS": "POS", "TAG": "TAG", "LEMMA": "LEMMA", "MORPH": "MORPH", "DEP": "DEP"}
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&.\-]*[A-Z0-9.]$")

#: Lexicon topics that name the kind or status of a visit.
_VISIT_KIND_TOPICS = frozenset({"state visit", "planned visit", "cancelled visit", "virtual attendance"})
#: Weakly supported lexicon topics are still reported while an article has fewer topics than this.
_MIN_TOPICS = 3
#: Keyphrase salience relative to lexicon scores (a lexicon term is curated evidence of a theme).
_KEYPHRASE_WEIGHT = 1.0
#: Topics scoring below this fraction of the article's best topic are not reported.
_RELATIVE_FLOOR = 0.15
#: Weight of a lexicon match in the headline (the first line, when short).
_HEADLINE_BOOST = 2.0


def _compound_noun(token: Token) -> bool:
    """A common noun that can continue a compound ("security" after "power grid"), not a name or generic noun."""
    return token.pos_ == "NOUN" and not token.ent_type_ and not token.is_stop and token.lower_ not in GENERIC_NOUNS


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
    keep_wording : bool
        With a tagger, report a lexicon theme that the text names only by a multi-word noun phrase in the
        text's own wording ("precision equipment", not the label "equipment manufacturing"); acronyms, single
        words and the label's own spellings are still normalised. False: always the lexicon label.

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
        max_topics: int = 5,
        max_keyphrases: int = 5,
        max_links_per_entity: int = 5,
        keep_wording: bool = True,
    ) -> None:
        if max_topics < 0 or max_keyphrases < 0 or max_links_per_entity < 0:
            raise ValueError("max_topics, max_keyphrases and max_links_per_entity must be >= 0")
        self.lexicon = lexicon
        self.max_topics = max_topics
        self.max_keyphrases = max_keyphrases
        self.max_links_per_entity = max_links_per_entity
        self.keep_wording = keep_wording
        self._phrases_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._phrases_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        # Matchers keyed by the annotations their patterns need (empty key: surface attributes only).
        self._matchers: dict[frozenset[str], Matcher] = {}
        self._names: dict[int, str] = {}
        self._covered: set[str] = set()  # normalised terms of all topics, to drop duplicate keyphrases
        self._term_topic: dict[str, str] = {}  # normalised term -> its topic (the first topic listing it)
        self._expansions: dict[str, str] = {}  # acronym -> topic, from the lexicon
        all_patterns: list[tuple[str, list[dict[str, Any]]]] = []
        for spec in lexicon.topics.values():
            key = nlp.vocab.strings.add(f"topic:{spec.name}")
            self._names[key] = spec.name
            variants = set().union(*(term_variants(t) for t in (spec.name, *spec.terms)))
            self._covered |= {normalize_topic(v) for v in variants}
            for v in sorted(variants):
                self._term_topic.setdefault(normalize_topic(v), spec.name)
            self._phrases_lower.add(f"topic:{spec.name}", [nlp.make_doc(v) for v in sorted(variants)])
            if spec.acronyms:
                self._phrases_orth.add(f"topic:{spec.name}", [nlp.make_doc(a) for a in spec.acronyms])
                self._expansions.update({a: spec.name for a in spec.acronyms})
            for pattern in spec.patterns:
                needs = frozenset(
                    _LINGUISTIC_ATTRS[attr.upper()]
                    for token in pattern for attr in token if attr.upper() in _LINGUISTIC_ATTRS
                )
                matcher = self._matchers.setdefault(needs, Matcher(nlp.vocab))
                try:
                    matcher.add(f"topic:{spec.name}", [list(pattern)])
                except (ValueError, KeyError, TypeError) as err:  # spaCy validates patterns here
                    raise ConfigError(f"topic {spec.name!r}: invalid token pattern {list(pattern)!r}: {err}") from err
                all_patterns.append((f"topic:{spec.name}", list(pattern)))
        # All patterns in one Matcher, for Docs that carry every annotation the patterns read.
        self._all_patterns: Matcher | None = None
        if len(self._matchers) > 1:
            self._all_patterns = Matcher(nlp.vocab)
            for name, token_specs in all_patterns:
                self._all_patterns.add(name, [token_specs])

    # ------------------------------------------------------------------------------------------------ public

    def extract(
        self, doc: Doc, mentions: Sequence[tuple[Entity, Span]], article_id: str, visits: Sequence[Visit] = ()
    ) -> tuple[tuple[str, ...], tuple[ThemeLink, ...]]:
        """Return (topics of the article, ranked), (theme links).

        Topics: strong lexicon topics and up to ``max_keyphrases`` keyphrases ranked together by score
        (``max_topics`` in all; see ``docs/topics.md``). A lexicon match is ignored when it lies inside a
        longer entity name ("Ministry of Commerce" does not make "trade"), overlaps a person's name
        ("Chip Smith") or follows the page's trailing furniture ("More videos from ...").

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
        visits : sequence of Visit
            The article's visits; their kind ("royal visit", "state visit") is a topic unless the text names one.

        Returns
        -------
        tuple of (tuple of str, tuple of ThemeLink)
        """
        has_pos = doc.has_annotation("POS")
        taken = self._protected_spans(doc, mentions)
        acronyms = self._defined_acronyms(doc)
        hits = split_clusters(doc, self._lexicon_hits(doc, taken, acronyms))
        # Trailing page furniture ("More Videos from ...": other stories' headlines) does not make topics.
        cut = furniture_start(doc.text)
        hits = [h for h in hits if doc[h.start].idx < cut]
        # A named event ("Spring Festival", "Hurricane Katrina") or an event of a site ("hospital opening") is a
        # theme in its own name; lexicon matches inside it ("festival") give way.
        persons = {i for start, end, is_person in taken if is_person for i in range(start, end)}
        named_issues = issues(doc, cut, persons)
        events = named_events(doc, cut) + named_issues
        events += [TopicHit(e.label, e.start, e.end) for e in site_events(doc, cut)]
        # The kind of a visit ("royal visit") is a theme, unless the text already names the visit's kind.
        named_kinds = {h.topic for h in hits} & _VISIT_KIND_TOPICS
        kinds, relations = visit_kinds(visits, mentions)
        events += [TopicHit(e.label, e.start, e.end) for e in kinds if not named_kinds]
        # A visit between two countries names their relations ("india-us relations") unless the text does.
        text_pairs = country_pairs(doc, cut)
        pairs = text_pairs or [TopicHit(e.label, e.start, e.end) for e in relations[:1]]
        inside = {i for e in events for i in range(e.start, e.end)}
        hits = [h for h in hits if not any(i in inside for i in range(h.start, h.end))]
        lexicon_topics, n_strong, lex_score = self._rank_lexicon(doc, hits)
        # Multi-word themes keep the article's own wording ("new-energy vehicles", not the lexicon label).
        labels = self._display_labels(doc, hits) if self.keep_wording and has_pos else {}

        def add(hit: TopicHit, score: float) -> None:
            """Count a named theme as a strong lexicon topic."""
            nonlocal n_strong
            hits.append(hit)
            if hit.topic not in lex_score:
                lexicon_topics.insert(n_strong, hit.topic)
                n_strong += 1
            elif hit.topic in lexicon_topics[n_strong:]:  # a weak topic named again becomes strong
                lexicon_topics.remove(hit.topic)
                lexicon_topics.insert(n_strong, hit.topic)
                n_strong += 1
            lex_score[hit.topic] = lex_score.get(hit.topic, 0.0) + score

        for event in events:
            # an issue scores like a lexicon term of its length ("iranian nuclear issue": 1.5)
            add(event, min(1.0 + 0.25 * (len(event.topic.split()) - 1), 2.0) if event in named_issues else 1.25)
        for pair in pairs:
            # "China-U.S. relations" names the bilateral theme precisely: it becomes that theme's label.
            topic = self._topic_of_phrase(pair.topic.rsplit(" ", 1)[1])
            if topic is not None and topic in lex_score:
                labels[topic] = pair.topic
                add(TopicHit(topic, pair.start, pair.end), 1.25)
            else:
                add(pair, 1.25)
        hits = [TopicHit(labels.get(h.topic, h.topic), h.start, h.end) for h in hits]
        lexicon_topics = [labels.get(t, t) for t in lexicon_topics]
        lex_score = {labels.get(t, t): v for t, v in lex_score.items()}

        found: list[Keyphrase] = []
        if has_pos and self.max_keyphrases:
            found = self._keyphrases(doc, taken, hits, acronyms, lexicon_topics[:n_strong])
        key_hits = [TopicHit(k.label, s, e) for k in found for s, e in k.spans]
        # Strong lexicon topics and keyphrases compete on one salience scale; weak lexicon topics only fill up.
        pool = [(lex_score[t], 0, t) for t in lexicon_topics[:n_strong]]
        pool += [(k.score * _KEYPHRASE_WEIGHT, 1, k.label) for k in found]
        pool.sort(key=lambda x: (-x[0], x[1]))
        # Minor themes far below the article's main one are left out (they still make theme links).
        if pool:
            floor = max(pool[0][0] * _RELATIVE_FLOOR, 0.0)
            pool = [p for p in pool if p[0] >= floor]
        topics_list: list[str] = []
        n_keys = 0
        for _, is_key, label in pool:
            if len(topics_list) >= self.max_topics:
                break
            if is_key:
                if n_keys >= self.max_keyphrases:
                    continue
                n_keys += 1
            topics_list.append(label)
        for label in lexicon_topics[n_strong:]:
            if len(topics_list) >= min(_MIN_TOPICS, self.max_topics):
                break
            topics_list.append(label)
        topics = tuple(topics_list)
        # Links may also name a strong lexicon topic beyond the article cap (a minor theme of one paragraph,
        # e.g. the product of one visited company); the per-entity cap bounds them.
        link_topics = topics + tuple(t for t in lexicon_topics[:n_strong] if t not in topics)
        chosen = set(link_topics)
        all_hits = [h for h in (*hits, *key_hits) if h.topic in chosen]
        links = theme_links(doc, mentions, all_hits, link_topics, article_id, visits, self.max_links_per_entity)
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
        orth = doc.to_array(ORTH)
        strings = doc.vocab.strings
        opening: numpy.ndarray | list[int] = numpy.flatnonzero(orth[:-2] == strings.add("(")) if len(doc) > 2 else []
        for i in (int(i) for i in opening if orth[i + 2] == strings.add(")")):
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

    def _lexicon_hits(
        self, doc: Doc, taken: Sequence[tuple[int, int, bool]], acronyms: Mapping[str, str]
    ) -> list[TopicHit]:
        raw: list[tuple[int, int, int]] = []
        raw += self._phrases_lower(doc)
        raw += self._phrases_orth(doc)
        available = {needs: all(doc.has_annotation(attr) for attr in needs) for needs in self._matchers}
        if self._all_patterns is not None and all(available.values()):
            raw += self._all_patterns(doc)  # one pass instead of one per matcher
        else:
            for needs, matcher in self._matchers.items():
                if available[needs]:
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
        hits: list[TopicHit] = []
        used = [False] * len(doc)
        for key, start, end in sorted(set(raw), key=lambda m: (-(m[2] - m[1]), m[1])):
            if any(used[start:end]):
                continue
            if self._inside_name(start, end, taken):
                continue
            if not has_ents and self._looks_like_name(doc, start, end):
                continue
            if self._in_title_case_run(doc, start, end) or negated(doc, start):
                continue
            for i in range(start, end):
                used[i] = True
            hits.append(TopicHit(self._names[key], start, end))
        return sorted(hits, key=lambda h: h.start)

    def _rank_lexicon(self, doc: Doc, hits: Sequence[TopicHit]) -> tuple[list[str], int, dict[str, float]]:
        """Lexicon topics by score, and how many of them are strong; weak single-word evidence needs to recur.

        A hit scores 1 when it is a multi-word term, an acronym or the topic label itself, plus 0.25 per extra
        word (at most 2); other single words score 0.5 (one "protocol" does not make "diplomacy"). A topic needs a
        score of at least 1, except while the article has fewer than ``_MIN_TOPICS`` topics.
        """
        score: defaultdict[str, float] = defaultdict(float)
        first: dict[str, int] = {}
        line = doc.text.split("\n", 1)[0]
        headline_end = len(line) if 0 < len(line.split()) <= 25 and len(doc.text) > len(line) else -1
        for hit in hits:
            span = doc[hit.start : hit.end]
            words = [t for t in span if t.text != "-"]
            is_strong = (
                len(words) > 1
                or span.text in self._expansions
                or normalize_topic(span.text) in term_variants(hit.topic)
            )
            # Longer terms are more specific evidence: +0.25 per extra word, at most 2 per hit.
            value = min(1.0 + 0.25 * (len(words) - 1), 2.0) if is_strong else 0.5
            # The headline (a short first line) names the main theme.
            score[hit.topic] += value * (_HEADLINE_BOOST if span[0].idx < headline_end else 1.0)
            first.setdefault(hit.topic, hit.start)
        ranked = sorted(score, key=lambda t: (-score[t], first[t], t))
        strong = [t for t in ranked if score[t] >= 1.0]
        # Short or sparse texts: fill up to _MIN_TOPICS with the weak ones rather than saying nothing.
        weak = [t for t in ranked if score[t] < 1.0][: max(_MIN_TOPICS - len(strong), 0)]
        return strong + weak, len(strong), dict(score)

    def group_of(self, label: str) -> str | None:
        """The lexicon theme a reported topic belongs to, when the topic is not a lexicon label itself.

        A topic reported in the text's own wording ("intelligent manufacturing", "new-energy vehicles"), as a
        named issue ("iranian nuclear issue") or a country pair ("china-us relations") belongs to the lexicon topic
        of the longest term it contains as whole words; the earliest such term wins ties.

        Examples
        --------
        >>> import spacy
        >>> themes = ThemeExtractor(spacy.blank("en"), TopicLexicon.load())
        >>> themes.group_of("iranian nuclear issue"), themes.group_of("semiconductors"), themes.group_of("xyz")
        ('nuclear issue', None, None)
        """
        if label in self.lexicon.topics:
            return None
        words = normalize_topic(label).split()
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                topic = self._term_topic.get(" ".join(words[i : i + n]))
                if topic is not None and topic != label:
                    return topic
        return None

    def _topic_of_phrase(self, phrase: str) -> str | None:
        """The lexicon topic whose term (or variant) is exactly ``phrase``, if any."""
        phrase = normalize_topic(phrase)
        if phrase not in self._covered:
            return None
        for spec in self.lexicon.topics.values():
            for term in (spec.name, *spec.terms):
                if phrase in term_variants(term):
                    return spec.name
        return None

    # ------------------------------------------------------------------------------------------------ keyphrases

    def _keyphrases(
        self,
        doc: Doc,
        taken: Sequence[tuple[int, int, bool]],
        hits: Sequence[TopicHit],
        acronyms: Mapping[str, str],
        lexicon_topics: Sequence[str],
    ) -> list[Keyphrase]:
        """Rank noun phrases that the lexicon did not explain (see :mod:`kgraph.extract.topics.keyphrases`)."""
        blocked = [False] * len(doc)
        for start, end, _ in taken:
            for i in range(start, end):
                blocked[i] = True
        for hit in hits:
            for i in range(hit.start, hit.end):
                blocked[i] = True
        found = keyphrases(
            doc, blocked, acronyms, exclude=lexicon_topics, covered=self._covered, limit=self.max_keyphrases
        )
        for k in found:
            logger.debug("keyphrase %r: score=%.2f occurrences=%d", k.label, k.score, len(k.spans))
        return found

    def _display_labels(self, doc: Doc, hits: Sequence[TopicHit]) -> dict[str, str]:
        """Topic -> label to report: the lexicon label, or the text's own multi-word wording of that theme.

        Each hit votes: an acronym, a spelling of the label, a single word ("chips" for *semiconductors*), a
        wording that only adds modifiers to a term ("new urbanization") or one that names an organisation ("car
        manufacturer") votes for the label; any other multi-word noun phrase votes for itself ("new-energy
        vehicles", "presidential campaign"). The wording with most votes wins; the label wins ties.
        """
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        has_pos = doc.has_annotation("POS")
        for hit in hits:
            end = hit.end
            # "optical lens": a multi-word term or an adjective followed by more nouns of its compound is worded
            # with them (a single noun is not: "chip factory" stays *semiconductors*)
            extend = has_pos and (hit.end - hit.start > 1 or doc[hit.start].pos_ == "ADJ")
            while extend and end < min(len(doc), hit.end + 2) and doc[end - 1].whitespace_ and _compound_noun(doc[end]):
                end += 1
            start = hit.start
            # "shareholder vote": a single noun that heads a compound is worded with its noun modifier
            if (
                has_pos and end == hit.end == hit.start + 1 and doc[hit.start].pos_ == "NOUN" and start > 0
                and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == hit.start
                and _compound_noun(doc[start - 1]) and doc[start - 1].is_lower
            ):
                start -= 1
            span = doc[start:end]
            text = normalize_topic(span.text)
            words = [t for t in span if t.text != "-"]
            noun_phrase = has_pos and (
                (span[-1].pos_ in {"NOUN", "PROPN"} or span[-1].tag_ in {"NNS", "NN"})
                and all(t.pos_ in {"NOUN", "PROPN", "ADJ", "PUNCT"} or t.tag_.startswith("NN") for t in span)
            )
            head = words[-1].lower_ if words else ""
            if (
                span.text in self._expansions
                or len(span.text.split()) < 2  # one written word: "chips", "sci-tech", "self-driving"
                or not noun_phrase
                or head in GENERIC_HEADS
                or singular(head) in GENERIC_HEADS
                or (head in GENERIC_NOUNS and head not in KEEP_HEADS)  # "bilateral matters"
                or any(_contains_words(text, v) for v in term_variants(hit.topic))
            ):
                votes[hit.topic][hit.topic] += 1
            else:
                votes[hit.topic][text] += 1
        labels: dict[str, str] = {}
        used: set[str] = set(votes)
        for topic, counter in votes.items():
            best = max(counter.values())
            if counter[topic] >= best:
                continue
            label = min(w for w, n in counter.items() if n == best)
            if label not in used:
                labels[topic] = label
                used.add(label)
        return labels

    # ------------------------------------------------------------------------------------------------ links

def _contains_words(outer: str, inner: str) -> bool:
    """Whether ``inner`` occurs in ``outer`` as whole words (hyphens count as word breaks)."""
    a = f" {outer.replace('-', ' ')} "
    b = f" {inner.replace('-', ' ')} "
    return b in a
