"""Sentence gate of fast analysis (:mod:`kgraph.extract.pipeline`): which sentences need tagger, parser, lemmatizer."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

import numpy
from spacy.attrs import ENT_TYPE, IS_PUNCT, IS_SPACE, LOWER, SENT_START
from spacy.lookups import Lookups
from spacy.tokens import Doc, Span

from kgraph.rules import default_rules

__all__ = ["SentenceGate"]

#: The word lists, from the rule book (resources/rules.toml [gate]).
_RULES = default_rules()

#: Entity labels the entity rules read (a sentence holding one is analysed when the gate covers entities).
_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
#: Lemmas that trigger visits or companions besides the cue lists of ``visit_cues.toml``.
EXTRA_CUES = _RULES.gate_extra_cues


def _inflections(lemmas: Iterable[str], lookups: Lookups | None) -> set[str]:
    """Every lower-case surface form that spaCy's English rule lemmatizer could map to one of ``lemmas``.

    Inverts the lemmatizer's suffix rules and exception table, and adds doubled-consonant forms ("stopped").
    Over-generation is harmless: the forms only decide which sentences are analysed.
    """
    lemmas = {w.lower() for w in lemmas if w}
    forms = set(lemmas)
    for lemma in lemmas:
        for suffix in ("s", "es", "ed", "d", "ing", "er", "ers"):
            forms.add(lemma + suffix)
        if lemma.endswith("e"):
            forms.update({lemma[:-1] + "ing", lemma + "d"})
        if lemma.endswith("y"):
            forms.update({lemma[:-1] + "ies", lemma[:-1] + "ied"})
        forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing", lemma + lemma[-1] + "er"})
    if lookups is not None:
        rules = lookups.get_table("lemma_rules") if lookups.has_table("lemma_rules") else {}
        for pairs in rules.values():
            for old, new in pairs:
                for lemma in lemmas:
                    if lemma.endswith(new):
                        forms.add(lemma[: len(lemma) - len(new)] + old)
        if lookups.has_table("lemma_exc"):
            for table in lookups.get_table("lemma_exc").values():
                for form, targets in table.items():
                    if any(t.lower() in lemmas for t in targets):
                        forms.add(form.lower())
    return forms


_WORD_ATTRS = frozenset({"LEMMA", "LOWER", "ORTH", "NORM", "TEXT"})


def pattern_cues(pattern: Sequence[dict]) -> set[str]:
    """Words of a Matcher pattern that gate its sentences: those of its last required token with content words.

    A sentence can only match when it holds a word of every required token, so one such token is enough; the
    last one with a word that is not a stop word is the most telling ("visit" in "plans to visit", not "to").

    Examples
    --------
    >>> sorted(pattern_cues([{"LEMMA": {"IN": ["plan", "expect"]}}, {"LOWER": "to"}, {"LEMMA": "visit"}]))
    ['visit']
    >>> sorted(pattern_cues([{"LEMMA": "create"}, {"POS": "ADJ", "OP": "*"}, {"LOWER": {"IN": ["job", "jobs"]}}]))
    ['job', 'jobs']
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    every: set[str] = set()
    chosen: set[str] = set()
    for token in pattern:
        words: set[str] = set()
        for key, value in token.items():
            if key.upper() not in _WORD_ATTRS:
                continue
            values = value.get("IN", ()) if isinstance(value, dict) else (value,)
            words |= {v.lower() for v in values if isinstance(v, str)}
        every |= words
        optional = str(token.get("OP", "")) in ("?", "*") or str(token.get("OP", "")).startswith("{0")
        if words and not optional and not words <= STOP_WORDS:
            chosen = words
    return chosen or every


_BE = _RULES.gate_be


class SentenceGate:
    """Decides which sentences need the tagger, parser and lemmatizer.

    A sentence is analysed when it may hold something the extraction rules read tags, lemmas or arcs for:

    * a named entity (the entity rules look at the parts of speech and arcs around names);
    * a strong visit cue in any inflection: an object verb ("visit", "inspect", "tour"), a host verb, a trip
      noun, "accompany", "delegation", or a word of a topic-lexicon pattern that reads linguistic attributes;
    * a motion verb ("went", "arrived") together with one of its prepositions ("to", "at", "in", ...);
    * a form of "be" together with "in"/"at" ("she was in Toledo");
    * a fronted "At X, ..." / "In X, ...".

    With ``paragraphs`` a gated sentence brings its whole paragraph (the parser then sees the context it sees
    on the whole article).

    Parameters
    ----------
    strong : iterable of str
        Lemmas whose sentences are always analysed.
    motion : iterable of str
        Lemmas analysed only together with one of ``motion_preps``.
    motion_preps : iterable of str
        Prepositions that carry the target of a motion verb.
    lookups : spacy.lookups.Lookups, optional
        The rule lemmatizer's tables, used to enumerate inflections (``went`` for ``go``).
    entities : bool
        Analyse every sentence holding a named entity (default); without it entity cleaning sees no tags.
    paragraphs : bool
        Extend each gated sentence to its paragraph (blank-line separated).

    Examples
    --------
    >>> gate = SentenceGate(["visit"], ["go"], ["to"])
    >>> {"visit", "visited", "visiting", "visits"} <= gate.strong, "went" in gate.motion
    (True, False)
    """

    def __init__(
        self,
        strong: Iterable[str],
        motion: Iterable[str] = (),
        motion_preps: Iterable[str] = ("to", "at", "in", "into", "for"),
        lookups: Lookups | None = None,
        *,
        entities: bool = True,
        paragraphs: bool = True,
    ) -> None:
        self.strong = frozenset(_inflections(strong, lookups))
        self.motion = frozenset(_inflections(motion, lookups)) - self.strong
        self.motion_preps = frozenset(motion_preps)
        self.entities = entities
        self.paragraphs = paragraphs

    def needs_analysis(self, sent: Span, has_entity: bool = False) -> bool:
        """True when ``sent`` may hold something that needs tags, lemmas or the dependency parse."""
        doc = sent.as_doc()
        flags = self._sentence_flags(doc, numpy.zeros(len(doc), dtype=numpy.int64))
        return bool(flags[0]) or (has_entity and self.entities)

    def _hashes(self, doc: Doc) -> dict[str, numpy.ndarray]:
        strings = doc.vocab.strings
        cache = self.__dict__.setdefault("_hash_cache", {})
        if id(strings) not in cache:
            cache[id(strings)] = {
                name: numpy.array(sorted(strings.add(w) for w in words), dtype=numpy.uint64)
                for name, words in (("strong", self.strong), ("motion", self.motion), ("preps", self.motion_preps),
                                    ("be", _BE), ("inat", ("in", "at")))
            }
        return cache[id(strings)]

    def _sentence_flags(self, doc: Doc, sent_id: numpy.ndarray) -> numpy.ndarray:
        """Per sentence: does it hold a cue (vectorised over the token arrays)."""
        n_sents = int(sent_id[-1]) + 1 if len(sent_id) else 0
        if not n_sents:
            return numpy.zeros(0, dtype=bool)
        h = self._hashes(doc)
        arr = doc.to_array([LOWER, IS_PUNCT, IS_SPACE])
        lower = arr[:, 0]

        def per_sent(mask: numpy.ndarray) -> numpy.ndarray:
            return numpy.bincount(sent_id[mask], minlength=n_sents) > 0

        strong = per_sent(numpy.isin(lower, h["strong"]))
        moving = per_sent(numpy.isin(lower, h["motion"])) & per_sent(numpy.isin(lower, h["preps"]))
        inat = numpy.isin(lower, h["inat"])
        be = per_sent(numpy.isin(lower, h["be"])) & per_sent(inat)
        # first word of each sentence (not punctuation or space) is "at"/"in": a fronted "At X, ..."
        word = (arr[:, 1] == 0) & (arr[:, 2] == 0)
        idx = numpy.flatnonzero(word)
        first = numpy.zeros(n_sents, dtype=bool)
        if len(idx):
            sid = sent_id[idx]
            starts = idx[numpy.r_[True, sid[1:] != sid[:-1]]]
            first[sent_id[starts]] = inat[starts]
        return strong | moving | be | first

    def regions(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges ``(start, end)`` to analyse: gated sentences (or their paragraphs), merged when adjacent."""
        if not len(doc):
            return []
        starts_flag = doc.to_array([SENT_START]).astype(numpy.int64) == 1
        starts_flag[0] = True
        sent_id = numpy.cumsum(starts_flag) - 1
        flags = self._sentence_flags(doc, sent_id)
        if self.entities:
            flags |= numpy.bincount(sent_id[self._in_entity(doc)], minlength=len(flags)) > 0
        sent_starts = numpy.flatnonzero(starts_flag).tolist() + [len(doc)]
        breaks = paragraph_starts(doc) + [len(doc)] if self.paragraphs else []
        out: list[tuple[int, int]] = []
        for k in numpy.flatnonzero(flags).tolist():
            start, end = sent_starts[k], sent_starts[k + 1]
            if self.paragraphs:
                # A gated sentence brings its whole paragraph, so the parser sees the same context and draws
                # the same sentence boundaries as on the whole article.
                p = bisect.bisect_right(breaks, start) - 1
                start = min(start, breaks[p]) if p >= 0 else start
                end = breaks[bisect.bisect_left(breaks, end)]
            if out and out[-1][1] >= start:
                out[-1] = (out[-1][0], max(out[-1][1], end))
            else:
                out.append((start, end))
        return out

    @staticmethod
    def _in_entity(doc: Doc) -> numpy.ndarray:
        labels = numpy.array([doc.vocab.strings.add(x) for x in _ENTITY_LABELS], dtype=numpy.uint64)
        return numpy.isin(doc.to_array(ENT_TYPE), labels)

    def entity_cover(self, doc: Doc) -> int:
        """A lower bound, needing no sentence boundaries, of the tokens :meth:`regions` will cover.

        With ``entities`` and ``paragraphs`` every paragraph holding a named entity is covered whole, except the
        first paragraph, covered from the sentence of its first entity on (so from that entity here). Fast
        analysis skips the ``senter`` for Docs whose bound already makes them analysed whole. 0 for other gates.
        """
        if not (self.entities and self.paragraphs) or not len(doc):
            return 0
        ents = numpy.flatnonzero(self._in_entity(doc))
        if not len(ents):
            return 0
        breaks = paragraph_starts(doc) + [len(doc)]
        para = numpy.searchsorted(numpy.array(breaks), ents, side="right")
        total = 0
        for k in numpy.unique(para).tolist():
            total += breaks[0] - int(ents[0]) if k == 0 else breaks[k] - breaks[k - 1]
        return total


def paragraph_starts(doc: Doc) -> list[int]:
    """Token index after each whitespace token holding a blank line (where a new paragraph starts)."""
    spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist() if len(doc) else []
    return [i + 1 for i in spaces if "\n\n" in doc[i].text]
