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
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import IDX, ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from kgraph.errors import ConfigError
from kgraph.extract.lexicon import TopicLexicon, TopicSpec, _term_variants, normalize_topic
from kgraph.extract.site_events import site_events, visit_kinds
from kgraph.extract.keyphrases import ABSTRACT_SUFFIXES, GENERIC_HEADS, GENERIC_NOUNS, KEEP_HEADS, Keyphrase, _singular, furniture_start, keyphrases
from kgraph.records import Entity, ThemeLink, Visit

__all__ = ["ThemeExtractor", "TopicLexicon", "TopicSpec", "normalize_topic"]

logger = logging.getLogger(__name__)

#: Token attributes a Matcher pattern may use only when the Doc carries that annotation.
_LINGUISTIC_ATTRS = {"POS": "POS", "TAG": "TAG", "LEMMA": "LEMMA", "MORPH": "MORPH", "DEP": "DEP"}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
#: Credits: "© NAME/POOL/AFP" up to a "|" or the line end, "(Xinhua/Ju Peng)", "Photo: NAME", and a dateline's
#: agency ("BEIJING, March 25 (Xinhua) --").
_CREDIT = re.compile(
    r"©[^|\n]*|\([^()\n]{0,60}/[^()\n]{0,60}\)|\b(?:Photo|Picture|Image)s?(?: credit)?:[^|\n]*"
    r"|\([A-Z][\w .&]{0,30}\)(?=\s*(?:--|\u2014|\u2013|-|:))"
)
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&.\-]*[A-Z0-9.]$")

#: Nouns that name the relations between two countries in "China-U.S. relations", "India-US ties".
_PAIR_HEADS = {"relations": "relations", "relation": "relations", "ties": "relations", "relationship": "relations",
               "summit": "summit", "talks": "talks", "trade": "trade", "cooperation": "cooperation",
               "partnership": "partnership", "dialogue": "dialogue"}
_PAIR_LABELS = frozenset({"GPE", "NORP"})
#: Nouns that make a name in front of them an international issue ("Iranian nuclear issue", "Taiwan question").
_ISSUE_HEADS = frozenset("issue question affair dispute crisis conflict program programme".split())
#: Issue nouns that need a common modifier ("nuclear program"): alone they end names ("the Artemis program").
_MODIFIED_ISSUE_HEADS = frozenset({"program", "programme"})
#: Entity labels that can name an issue's country or region.
_ISSUE_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG"})
#: Lexicon topics that name the kind or status of a visit.
_VISIT_KIND_TOPICS = frozenset({"state visit", "planned visit", "cancelled visit", "virtual attendance"})
#: Words that negate the noun phrase after them ("was not a full state visit", "no plans").
_NEGATIONS = frozenset({"not", "no", "never", "n't"})
#: Words between a negation and its noun phrase ("not a full ...").
_NEGATION_GAP = frozenset({"a", "an", "the", "any", "full", "real", "formal", "single"})
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
        self._expansions: dict[str, str] = {}  # acronym -> topic, from the lexicon
        all_patterns: list[tuple[str, list[dict[str, Any]]]] = []
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
                all_patterns.append((f"topic:{spec.name}", list(pattern)))
        # All patterns in one Matcher, for Docs that carry every annotation the patterns read.
        self._all_patterns: Matcher | None = None
        if len(self._matchers) > 1:
            self._all_patterns = Matcher(nlp.vocab)
            for name, pattern in all_patterns:
                self._all_patterns.add(name, [pattern])

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
        hits = _split_clusters(doc, self._lexicon_hits(doc, taken, acronyms))
        # Trailing page furniture ("More Videos from ...": other stories' headlines) does not make topics.
        cut = furniture_start(doc.text)
        hits = [h for h in hits if doc[h.start].idx < cut]
        # A named event ("Spring Festival", "Hurricane Katrina") or an event of a site ("hospital opening") is a
        # theme in its own name; lexicon matches inside it ("festival") give way.
        persons = {i for start, end, is_person in taken if is_person for i in range(start, end)}
        issues = self._issues(doc, cut, persons)
        events = self._named_events(doc, cut) + issues + [_Hit(e.label, e.start, e.end) for e in site_events(doc, cut)]
        # The kind of a visit ("royal visit") is a theme, unless the text already names the visit's kind.
        named_kinds = {h.topic for h in hits} & _VISIT_KIND_TOPICS
        kinds = [_Hit(e.label, e.start, e.end) for e in visit_kinds(visits, mentions)]
        events += [k for k in kinds if not k.topic.endswith(" relations") and not named_kinds]
        # A visit between two countries names their relations ("india-us relations") unless the text does.
        text_pairs = self._country_pairs(doc, cut)
        pairs = text_pairs or [k for k in kinds if k.topic.endswith(" relations")][:1]
        inside = {i for e in events for i in range(e.start, e.end)}
        hits = [h for h in hits if not any(i in inside for i in range(h.start, h.end))]
        lexicon_topics, n_strong, lex_score = self._rank_lexicon(doc, hits)
        # Multi-word themes keep the article's own wording ("new-energy vehicles", not the lexicon label).
        labels = self._display_labels(doc, hits) if self.keep_wording and has_pos else {}

        def add(hit: _Hit, score: float) -> None:
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
            add(event, min(1.0 + 0.25 * (len(event.topic.split()) - 1), 2.0) if event in issues else 1.25)
        for pair in pairs:
            # "China-U.S. relations" names the bilateral theme precisely: it becomes that theme's label.
            topic = self._topic_of_phrase(pair.topic.rsplit(" ", 1)[1])
            if topic is not None and topic in lex_score:
                labels[topic] = pair.topic
                add(_Hit(topic, pair.start, pair.end), 1.25)
            else:
                add(pair, 1.25)
        hits = [_Hit(labels.get(h.topic, h.topic), h.start, h.end) for h in hits]
        lexicon_topics = [labels.get(t, t) for t in lexicon_topics]
        lex_score = {labels.get(t, t): v for t, v in lex_score.items()}

        found: list[Keyphrase] = []
        if has_pos and self.max_keyphrases:
            found = self._keyphrases(doc, taken, hits, acronyms, lexicon_topics[:n_strong])
        key_hits = [_Hit(k.label, s, e) for k in found for s, e in k.spans]
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
        links = self._links(doc, mentions, all_hits, link_topics, article_id, visits)
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
        opening = numpy.flatnonzero(orth[:-2] == strings.add("(")) if len(doc) > 2 else []
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

    def _lexicon_hits(self, doc: Doc, taken: Sequence[tuple[int, int, bool]], acronyms: Mapping[str, str]) -> list[_Hit]:
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
        hits: list[_Hit] = []
        used = [False] * len(doc)
        for key, start, end in sorted(set(raw), key=lambda m: (-(m[2] - m[1]), m[1])):
            if any(used[start:end]):
                continue
            if self._inside_name(start, end, taken):
                continue
            if not has_ents and self._looks_like_name(doc, start, end):
                continue
            if self._in_title_case_run(doc, start, end) or _negated(doc, start):
                continue
            for i in range(start, end):
                used[i] = True
            hits.append(_Hit(self._names[key], start, end))
        return sorted(hits, key=lambda h: h.start)

    def _rank_lexicon(self, doc: Doc, hits: Sequence[_Hit]) -> tuple[list[str], int, dict[str, float]]:
        """Lexicon topics by score, and how many of them are strong; weak single-word evidence needs to recur.

        A hit scores 1 when it is a multi-word term, an acronym or the topic label itself, plus 0.25 per extra
        word (at most 2); other single words score 0.5 (one "protocol" does not make "diplomacy"). A topic needs a
        score of at least 1, except while the article has fewer than ``_MIN_TOPICS`` topics.
        """
        score: Counter[str] = Counter()
        first: dict[str, int] = {}
        line = doc.text.split("\n", 1)[0]
        headline_end = len(line) if 0 < len(line.split()) <= 25 and len(doc.text) > len(line) else -1
        for hit in hits:
            span = doc[hit.start : hit.end]
            words = [t for t in span if t.text != "-"]
            strong = (
                len(words) > 1
                or span.text in self._expansions
                or normalize_topic(span.text) in _term_variants(hit.topic)
            )
            # Longer terms are more specific evidence: +0.25 per extra word, at most 2 per hit.
            value = min(1.0 + 0.25 * (len(words) - 1), 2.0) if strong else 0.5
            # The headline (a short first line) names the main theme.
            score[hit.topic] += value * (_HEADLINE_BOOST if span[0].idx < headline_end else 1.0)
            first.setdefault(hit.topic, hit.start)
        ranked = sorted(score, key=lambda t: (-score[t], first[t], t))
        strong = [t for t in ranked if score[t] >= 1.0]
        # Short or sparse texts: fill up to _MIN_TOPICS with the weak ones rather than saying nothing.
        weak = [t for t in ranked if score[t] < 1.0][: max(_MIN_TOPICS - len(strong), 0)]
        return strong + weak, len(strong), dict(score)

    @staticmethod
    def _named_events(doc: Doc, cut: int) -> list[_Hit]:
        """Hits for named events the NER found ("Spring Festival", "Hurricane Katrina"), labelled in lower case."""
        out = []
        for ent in doc.ents:
            if ent.label_ != "EVENT" or ent.start_char >= cut:
                continue
            words = [t for t in ent if not (t.i == ent.start and t.lower_ == "the") and not t.is_punct]
            if not words or not any(t.is_alpha and len(t.text) > 1 for t in words):
                continue
            label = normalize_topic(" ".join(t.text for t in words))
            if label:
                out.append(_Hit(label, words[0].i, words[-1].i + 1))
        return out

    @staticmethod
    def _issues(doc: Doc, cut: int, persons: set[int] | frozenset[int] = frozenset()) -> list[_Hit]:
        """Hits for issues named after a country or region ("the Iranian nuclear issue", "DPRK's nuclear program",
        "the Taiwan question", "the South China Sea affair"), labelled in lower case without the possessive.

        The name is a run of proper nouns (not a person's name), then optionally "'s" and up to two common
        modifiers ("nuclear"; *program* needs one), then an issue noun (:data:`_ISSUE_HEADS`). Tokens in ``persons`` (a person's
        name) never name an issue. Needs part-of-speech tags.
        """
        if not doc.has_annotation("POS"):
            return []
        out: list[_Hit] = []
        heads = numpy.array([doc.vocab.strings.add(w) for w in sorted(_ISSUE_HEADS)], dtype=numpy.uint64)
        for i in numpy.flatnonzero(numpy.isin(doc.to_array(ORTH), heads)).tolist():  # lower-case issue nouns only
            token = doc[i]
            if token.idx >= cut:
                continue
            i = token.i - 1
            while i >= 0 and token.i - i <= 2 and doc[i].pos_ in {"ADJ", "NOUN"} and doc[i].is_lower:
                i -= 1
            if token.lower_ in _MODIFIED_ISSUE_HEADS and i == token.i - 1:
                continue  # "the Make in India programme" is a name; "DPRK's nuclear program" is an issue
            possessive = i >= 0 and doc[i].tag_ == "POS"
            if possessive:
                i -= 1
            end_name = i + 1
            while i >= 0 and end_name - i <= 4 and i not in persons and _issue_name_token(doc[i]):
                i -= 1
            start = i + 1
            if start == end_name:
                continue
            words = [t.text for t in doc[start : token.i + 1] if t.tag_ != "POS"]
            label = normalize_topic(" ".join(words).replace(".", ""))
            if label:
                out.append(_Hit(label, start, token.i + 1))
        return out

    @staticmethod
    def _country_pairs(doc: Doc, cut: int) -> list[_Hit]:
        """Hits for "<country>-<country> relations" ("China-U.S. relations", "Sino-US ties", "India-US summit").

        The label joins the two names in lower case without dots ("china-us relations"); "ties" and
        "relationship" read as "relations". Needs named entities; the two names must be GPE or NORP.
        """
        if not doc.has_annotation("ENT_IOB"):
            return []
        out: list[_Hit] = []
        hyphen = doc.vocab.strings.add("-")
        for i in numpy.flatnonzero(doc.to_array(ORTH) == hyphen).tolist():
            token = doc[i]
            if token.i < 1 or token.i + 2 >= len(doc) or token.idx >= cut:
                continue
            left, right = doc[token.i - 1], doc[token.i + 1]
            if left.whitespace_ or token.whitespace_:
                continue
            if left.ent_type_ not in _PAIR_LABELS or right.ent_type_ not in _PAIR_LABELS:
                continue
            # the right-hand name may run over several tokens ("China-United States relations")
            end = token.i + 2
            while end < len(doc) and doc[end].ent_iob_ == "I" and doc[end].ent_type_ in _PAIR_LABELS:
                end += 1
            if end >= len(doc) or doc[end].lower_ not in _PAIR_HEADS:
                continue
            start = token.i - 1
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1

            def name(span: Span) -> str:
                return " ".join(span.text.replace(".", "").lower().split())

            label = f"{name(doc[start:token.i])}-{name(doc[token.i + 1:end])} {_PAIR_HEADS[doc[end].lower_]}"
            out.append(_Hit(label, start, end + 1))
        return out

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
    ) -> list[Keyphrase]:
        """Rank noun phrases that the lexicon did not explain (see :mod:`kgraph.extract.keyphrases`)."""
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

    def _display_labels(self, doc: Doc, hits: Sequence[_Hit]) -> dict[str, str]:
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
                or _singular(head) in GENERIC_HEADS
                or (head in GENERIC_NOUNS and head not in KEEP_HEADS)  # "bilateral matters"
                or any(_contains_words(text, v) for v in _term_variants(hit.topic))
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
        visits: Sequence[Visit] = (),
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
        credits = [m.span() for m in _CREDIT.finditer(doc.text)]
        for entity, span in mentions:
            k = unit_of(span.start)
            if k is None or any(a <= span.start_char < b for a, b in credits):
                continue  # photo credits ("© NAME/POOL/AFP", "(Xinhua/Ju Peng)") are not about the text's topics
            entities.setdefault(entity.key, entity)
            entity_units[entity.key].add(k)
            para = units[k].paragraph
            if entity.kind == "person":
                persons_in_paragraph[para].add(entity.key)
            elif by_paragraph[para][0] == k:
                first_in_opening[para].append((span.start, entity.kind, entity.key))

        # A visitor is in the sentence of each of its visits, even when the text names it by a role noun or a
        # pronoun there ("the 76-year-old monarch inaugurated the hospital").
        keys_by_name = {entity.name: entity.key for entity in entities.values()}
        starts = doc.to_array(IDX).tolist() if visits else []
        for visit in visits:
            key = keys_by_name.get(visit.visitor)
            at = doc.text.find(visit.evidence) if key and visit.evidence else -1
            if at >= 0:
                k = unit_of(max(bisect.bisect_right(starts, at) - 1, 0))
                if k is not None:
                    entity_units[key].add(k)

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


def _split_clusters(doc: Doc, hits: list[_Hit]) -> list[_Hit]:
    """Report the sub-themes of a broad lexicon topic when the text develops two or more of them.

    A topic whose hits hold at least two distinct specific wordings, each at least twice ("remanufacturing" twice
    and "intelligent manufacturing" twice, both *advanced manufacturing*), becomes one topic per such wording;
    its other hits keep the topic. A specific wording is a multi-word term or one abstract noun
    ("remanufacturing"); a plain single noun ("hospital", "patients") is not.
    """
    wordings: dict[str, Counter[str]] = defaultdict(Counter)
    text_of: dict[int, str] = {}
    for n, hit in enumerate(hits):
        span = doc[hit.start : hit.end]
        words = [t for t in span if t.text != "-"]
        text = normalize_topic(span.text)
        specific = len(words) > 1 or (text.endswith(ABSTRACT_SUFFIXES) and len(text) > 8 and text.isalpha())
        if specific and text not in _term_variants(hit.topic):
            text_of[n] = text
            wordings[hit.topic][text] += 1
    split = {topic for topic, counts in wordings.items() if sum(c >= 2 for c in counts.values()) >= 2}
    if not split:
        return hits
    out = []
    for n, hit in enumerate(hits):
        text = text_of.get(n)
        if hit.topic in split and text is not None and wordings[hit.topic][text] >= 2:
            out.append(_Hit(text, hit.start, hit.end))
        else:
            out.append(hit)
    return out


def _issue_name_token(token: Token) -> bool:
    """A token of the name in front of an issue: a proper noun or nationality, not a person's name."""
    if token.ent_type_ == "PERSON" or not (token.is_title or token.is_upper) or not token.is_alpha:
        return False
    return token.pos_ == "PROPN" or token.ent_type_ in _ISSUE_LABELS


def _negated(doc: Doc, start: int) -> bool:
    """The noun phrase starting at ``start`` is negated: "not a full state visit", "no trade deal".

    "not only chips" is not a negation.
    """
    i = start - 1
    while i >= 0 and start - i <= 4 and (
        doc[i].lower_ in _NEGATION_GAP or doc[i].pos_ in {"ADJ", "DET", "NUM"}
    ) and doc[i].lower_ not in _NEGATIONS:
        i -= 1
    return i >= 0 and doc[i].lower_ in _NEGATIONS and not (i + 1 < len(doc) and doc[i + 1].lower_ in {"only", "just", "merely"})


def _paragraph_index(starts: Sequence[int], char_offset: int) -> int:
    """Index of the paragraph containing ``char_offset``, given sorted paragraph start offsets."""
    return bisect.bisect_right(starts, char_offset) - 1


def _contains_words(outer: str, inner: str) -> bool:
    """Whether ``inner`` occurs in ``outer`` as whole words (hyphens count as word breaks)."""
    a = f" {outer.replace('-', ' ')} "
    b = f" {inner.replace('-', ' ')} "
    return b in a
