"""Themes with a name of their own: named events, issues named after a region, country pairs, sub-themes, negation.

Used by :class:`kgraph.extract.topics.themes.ThemeExtractor`. Each finder returns :class:`TopicHit` records (a topic
label and its token span); the rules are documented in ``docs/topics.md``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import numpy
from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token

from kgraph.extract.topics.keyphrases import ABSTRACT_SUFFIXES
from kgraph.extract.topics.lexicon import normalize_topic, term_variants

__all__ = ["TopicHit", "country_pairs", "issues", "named_events", "negated", "split_clusters"]

#: Nouns that name the relations between two countries in "China-U.S. relations", "India-US ties".
_PAIR_HEADS = {"relations": "relations", "relation": "relations", "ties": "relations", "relationship": "relations",
               "summit": "summit", "talks": "talks", "trade": "trade", "cooperation": "cooperation",
               "partnership": "partnership", "dialogue": "dialogue"}
_PAIR_LABELS = frozenset({"GPE", "NORP"})
#: Nouns that make a name in front of them an international issue ("Iranian nuclear issue", "Taiwan question").
_ISSUE_HEADS = frozenset(["issue", "question", "affair", "dispute", "crisis", "conflict", "program", "programme"])
#: Issue nouns that need a common modifier ("nuclear program"): alone they end names ("the Artemis program").
_MODIFIED_ISSUE_HEADS = frozenset({"program", "programme"})
#: Entity labels that can name an issue's country or region.
_ISSUE_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG"})
#: Words that negate the noun phrase after them ("was not a full state visit", "no plans").
_NEGATIONS = frozenset({"not", "no", "never", "n't"})
#: Words between a negation and its noun phrase ("not a full ...").
_NEGATION_GAP = frozenset({"a", "an", "the", "any", "full", "real", "formal", "single"})


@dataclass(slots=True)
class TopicHit:
    """One occurrence of a topic: token offsets in the Doc."""

    topic: str
    start: int
    end: int


def named_events(doc: Doc, cut: int) -> list[TopicHit]:
    """Hits for named events the NER found ("Spring Festival", "Hurricane Katrina"), labelled in lower case.

    Entities starting at or after the character offset ``cut`` (page furniture) are ignored.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("Relief after Hurricane Katrina.")
    >>> doc.ents = [doc.char_span(13, 30, label="EVENT")]
    >>> named_events(doc, len(doc.text))
    [TopicHit(topic='hurricane katrina', start=2, end=4)]
    """
    out = []
    for ent in doc.ents:
        if ent.label_ != "EVENT" or ent.start_char >= cut:
            continue
        words = [t for t in ent if not (t.i == ent.start and t.lower_ == "the") and not t.is_punct]
        if not words or not any(t.is_alpha and len(t.text) > 1 for t in words):
            continue
        label = normalize_topic(" ".join(t.text for t in words))
        if label:
            out.append(TopicHit(label, words[0].i, words[-1].i + 1))
    return out


def issues(doc: Doc, cut: int, persons: set[int] | frozenset[int] = frozenset()) -> list[TopicHit]:
    """Hits for issues named after a country or region ("the Iranian nuclear issue", "DPRK's nuclear program",
    "the Taiwan question", "the South China Sea affair"), labelled in lower case without the possessive.

    The name is a run of proper nouns (not a person's name), then optionally "'s" and up to two common
    modifiers ("nuclear"; *program* needs one), then an issue noun (:data:`_ISSUE_HEADS`). Tokens in ``persons``
    (a person's name) never name an issue. Needs part-of-speech tags (the example sets them by hand).

    Examples
    --------
    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> words = ["They", "discussed", "the", "Iranian", "nuclear", "issue", "."]
    >>> pos = ["PRON", "VERB", "DET", "ADJ", "ADJ", "NOUN", "PUNCT"]
    >>> doc = Doc(spacy.blank("en").vocab, words=words, pos=pos, ents=["O", "O", "O", "B-NORP", "O", "O", "O"])
    >>> issues(doc, len(doc.text))
    [TopicHit(topic='iranian nuclear issue', start=3, end=6)]
    """
    if not doc.has_annotation("POS"):
        return []
    out: list[TopicHit] = []
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
            out.append(TopicHit(label, start, token.i + 1))
    return out


def country_pairs(doc: Doc, cut: int) -> list[TopicHit]:
    """Hits for "<country>-<country> relations" ("China-U.S. relations", "Sino-US ties", "India-US summit").

    The label joins the two names in lower case without dots ("china-us relations"); "ties" and
    "relationship" read as "relations". Needs named entities; the two names must be GPE or NORP.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("They pushed China-U.S. relations forward.")
    >>> doc.ents = [doc.char_span(12, 17, label="GPE"), doc.char_span(18, 22, label="GPE")]
    >>> [hit.topic for hit in country_pairs(doc, len(doc.text))]
    ['china-us relations']
    """
    if not doc.has_annotation("ENT_IOB"):
        return []
    out: list[TopicHit] = []
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
        out.append(TopicHit(label, start, end + 1))
    return out


def split_clusters(doc: Doc, hits: list[TopicHit]) -> list[TopicHit]:
    """Report the sub-themes of a broad lexicon topic when the text develops two or more of them.

    A topic whose hits hold at least two distinct specific wordings, each at least twice ("remanufacturing" twice
    and "intelligent manufacturing" twice, both *advanced manufacturing*), becomes one topic per such wording;
    its other hits keep the topic. A specific wording is a multi-word term or one abstract noun
    ("remanufacturing"); a plain single noun ("hospital", "patients") is not.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("remanufacturing remanufacturing smart factory smart factory")
    >>> hits = [TopicHit("advanced manufacturing", i, i + 1) for i in (0, 1)]
    >>> hits += [TopicHit("advanced manufacturing", i, i + 2) for i in (2, 4)]
    >>> sorted({hit.topic for hit in split_clusters(doc, hits)})
    ['remanufacturing', 'smart factory']
    """
    wordings: dict[str, Counter[str]] = defaultdict(Counter)
    text_of: dict[int, str] = {}
    for n, hit in enumerate(hits):
        span = doc[hit.start : hit.end]
        words = [t for t in span if t.text != "-"]
        text = normalize_topic(span.text)
        specific = len(words) > 1 or (text.endswith(ABSTRACT_SUFFIXES) and len(text) > 8 and text.isalpha())
        if specific and text not in term_variants(hit.topic):
            text_of[n] = text
            wordings[hit.topic][text] += 1
    split = {topic for topic, counts in wordings.items() if sum(c >= 2 for c in counts.values()) >= 2}
    if not split:
        return hits
    out = []
    for n, hit in enumerate(hits):
        wording = text_of.get(n)
        if hit.topic in split and wording is not None and wordings[hit.topic][wording] >= 2:
            out.append(TopicHit(wording, hit.start, hit.end))
        else:
            out.append(hit)
    return out


def _issue_name_token(token: Token) -> bool:
    """A token of the name in front of an issue: a proper noun or nationality, not a person's name."""
    if token.ent_type_ == "PERSON" or not (token.is_title or token.is_upper) or not token.is_alpha:
        return False
    return token.pos_ == "PROPN" or token.ent_type_ in _ISSUE_LABELS


def negated(doc: Doc, start: int) -> bool:
    """The noun phrase starting at ``start`` is negated: "not a full state visit", "no trade deal".

    "not only chips" is not a negation.

    Examples
    --------
    >>> import spacy
    >>> doc = spacy.blank("en")("It was not a full state visit, not only trade.")
    >>> negated(doc, 5), negated(doc, 10)
    (True, False)
    """
    i = start - 1
    while i >= 0 and start - i <= 4 and (
        doc[i].lower_ in _NEGATION_GAP or doc[i].pos_ in {"ADJ", "DET", "NUM"}
    ) and doc[i].lower_ not in _NEGATIONS:
        i -= 1
    not_only = i + 1 < len(doc) and doc[i + 1].lower_ in {"only", "just", "merely"}
    return i >= 0 and doc[i].lower_ in _NEGATIONS and not not_only
