"""The visit extractor: per-article setup, the parser-free surface mode and the passes over the sentences."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import numpy
from spacy.attrs import LEMMA, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span

from kgraph.dates import find_full_dates
from kgraph.extract.visits._base import _Found, _State
from kgraph.extract.visits._companions import _CompanionMixin
from kgraph.extract.visits._cues import VisitCues
from kgraph.extract.visits._merge import _MergeMixin
from kgraph.extract.visits._triggers import _TriggerMixin
from kgraph.records import Article, Companion, Entity, Visit

_DATELINE = re.compile(r"(?m)^\s*([A-Z][A-Z .'’-]{2,40}?)\s*(?:,|\(|—|–|-)")


class VisitExtractor(_TriggerMixin, _MergeMixin, _CompanionMixin):
    """Finds visits and companions in one parsed article.

    Parameters
    ----------
    cues
        Word lists; the packaged ``visit_cues.toml`` when None.

    Examples
    --------
    >>> from kgraph.extract.pipeline import load_pipeline
    >>> from kgraph.extract.entities import EntityExtractor
    >>> nlp, _ = load_pipeline(rules_only=True)
    >>> doc = nlp("President Joe Biden visited Japan. He will visit China.")
    >>> _, pairs = EntityExtractor().extract(doc)
    >>> visits, _ = VisitExtractor().extract(doc, pairs, Article("a", doc.text))
    >>> [(v.visitor, v.target, v.target_kind) for v in visits]
    [('Joe Biden', 'Japan', 'place')]

    Without a parser (``rules_only``) only the surface pattern "PERSON visited TARGET" is used; with the full
    model the dependency rules above apply.
    """

    def __init__(self, cues: VisitCues | None = None) -> None:
        self.cues = cues or VisitCues.load()
        # One compiled alternation per check instead of a regex per phrase per call.
        phrases = sorted(self.cues.phrases, key=len, reverse=True)
        self._phrase_re = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\w)") if phrases else None
        )
        # Lemmas that can start a visit in :meth:`_sentence` (any other token gives nothing there).
        self._triggers = frozenset(self.cues.host_verbs | self.cues.object_verbs | self.cues.motion_verbs
                                   | self.cues.trip_nouns | {"be", "meet", "hold"})

    # -- public API -------------------------------------------------------------------------------

    def visits(self, doc: Doc, pairs: Sequence[tuple[Entity, Span]], article: Article) -> Iterator[Visit]:
        """Yield the article's visits, one per (visitor, target), in text order."""
        yield from self.extract(doc, pairs, article)[0]

    def extract(
        self, doc: Doc, pairs: Sequence[tuple[Entity, Span]], article: Article
    ) -> tuple[list[Visit], list[Companion]]:
        """Return ``(visits, companions)`` of one article.

        ``pairs`` are the entity mentions ``(Entity, Span)`` of :meth:`EntityExtractor.extract`.
        """
        state = self._state(doc, pairs, article)
        if not doc.has_annotation("DEP"):
            return self._surface(doc, pairs, state), []
        sents = list(doc.sents)
        found: list[_Found] = []
        for sent in sents:
            found.extend(self._sentence(sent, state))
        # Weak cues only for people already known to be visitors (a second pass so that order does not matter).
        known = {v.name for f in found for v in f.visitors if f.targets}
        state.known_visitors = known
        state.current = []
        for sent in sents:
            found.extend(self._weak(sent, state))
        found.sort(key=lambda f: (f.sent.start, f.weak))
        visits = self._merge(found, state)
        companions = self._companions(sents, state, visits, found)
        return visits, companions

    def _surface(self, doc: Doc, pairs: Sequence[tuple[Entity, Span]], state: _State) -> list[Visit]:
        """Degraded mode (no parser): "PERSON visited/toured/inspected/arrived in TARGET" within a sentence."""
        cues = self.cues
        out: dict[tuple[str, str], Visit] = {}
        verbs = {"visited", "visits", "toured", "tours", "inspected", "inspects", "arrived", "arrives"}
        stops = cues.modal_aux | {"not", "never", "to", "plans", "planned", "expected", "scheduled", "cancelled",
                                  "canceled", "hopes", "virtually", "online", "website"}
        for i, (ent, span) in enumerate(pairs):
            if ent.kind != "person":
                continue
            sent = span.sent
            for tok in doc[span.end : min(sent.end, span.end + 6)]:
                if tok.lower_ in stops:
                    break
                if tok.lower_ not in verbs:
                    continue
                for other, ospan in pairs[i + 1 :]:
                    if ospan.start < tok.i or ospan.start > tok.i + 4 or ospan.sent != sent:
                        continue
                    if other.kind != "person" and not any(t.lower_ in stops for t in sent):
                        key = (ent.name, other.name)
                        if key not in out:
                            out[key] = Visit(ent.name, other.name, other.kind, None, None, sent.text.strip()
                                             if len(sent.text.split()) <= 25 else doc[span.start : ospan.end].text,
                                             state.article.id, ent.titles[0] if ent.titles else "")
                    break
                break
        return list(out.values())

    # -- setup ------------------------------------------------------------------------------------

    def _state(self, doc: Doc, pairs: Sequence[tuple[Entity, Span]], article: Article) -> _State:
        ent_at: dict[int, tuple[Entity, Span]] = {}
        for ent, span in pairs:
            for tok in span:
                ent_at[tok.i] = (ent, span)
        persons = [(e, s) for e, s in pairs if e.kind == "person"]
        anchor = article.published
        year = anchor.year if anchor else None
        if year is None:
            full = find_full_dates(doc.text)
            year = full[0][1].year if full else None
        dateline = None
        for m in _DATELINE.finditer(doc.text):
            word = m.group(1).strip()
            if not word.isupper() or len(word) < 3:
                continue
            for ent, span in pairs:
                if ent.kind == "place" and span.start_char == m.start(1) or (
                    ent.kind == "place" and ent.name.lower() == word.lower()
                ):
                    dateline = ent.name
                    break
            if dateline:
                break
        # "Long Name (ACRO)" where both are entities: the acronym is the long name.
        aliases: dict[str, str] = {}
        by_start = {s.start: (e, s) for e, s in pairs}
        for ent, span in pairs:
            if ent.kind == "person":
                continue
            end = span.end
            if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and end + 1 in by_start:
                other = by_start[end + 1][0]
                if other.name != ent.name and other.kind != "person":
                    aliases[other.name] = ent.name
        names = {e.name.lower(): e for e, _ in pairs}
        # People introduced as hosts ("the visit was hosted by X") never stand in for a pronoun.
        hosts = set()
        for ent, span in persons:
            head = span.root.head
            if head.dep_ == "agent" and head.head.lemma_.lower() in ("host", "receive", "welcome", "greet", "invite"):
                hosts.add(ent.name)
        lemmas, verbs = _token_table(doc)
        dates = [ent for ent in doc.ents if ent.label_ in ("DATE", "TIME")]
        return _State(doc, article, ent_at, persons, anchor, year, dateline, aliases=aliases, names=names,
                      hosts=hosts, lemmas=lemmas, verbs=verbs, dates=dates)



def _token_table(doc: Doc) -> tuple[list[str], list[int]]:
    """Per token the lower-case lemma, and the indices of VERB/AUX tokens, read from the Doc's arrays at once."""
    if not len(doc):
        return [], []
    arr = doc.to_array([LEMMA, POS])
    strings = doc.vocab.strings
    lower = {h: strings[h].lower() for h in set(arr[:, 0].tolist())}
    lemmas = [lower[h] for h in arr[:, 0].tolist()]
    verbs = numpy.flatnonzero(numpy.isin(arr[:, 1], (VERB, AUX))).tolist()
    return lemmas, verbs
