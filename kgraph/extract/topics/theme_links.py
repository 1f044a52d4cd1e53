"""Theme links: which entities of an article carry which of its topics, sentence by sentence."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import IDX
from spacy.tokens import Doc, Span

from kgraph.extract.topics.named_themes import TopicHit
from kgraph.records import Entity, ThemeLink, Visit

__all__ = ["Unit", "paragraph_starts", "theme_links", "units_of"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
#: Credits: "© NAME/POOL/AFP" up to a "|" or the line end, "(Xinhua/Ju Peng)", "Photo: NAME", and a dateline's
#: agency ("BEIJING, March 25 (Xinhua) --").
_CREDIT = re.compile(
    r"©[^|\n]*|\([^()\n]{0,60}/[^()\n]{0,60}\)|\b(?:Photo|Picture|Image)s?(?: credit)?:[^|\n]*"
    r"|\([A-Z][\w .&]{0,30}\)(?=\s*(?:--|\u2014|\u2013|-|:))"
)


@dataclass(slots=True)
class Unit:
    """A sentence clipped to one paragraph."""

    start: int
    end: int
    paragraph: int
    text: str


def paragraph_starts(doc: Doc) -> list[int]:
    """Character offsets where paragraphs start (paragraphs are separated by blank lines).

    Examples
    --------
    >>> import spacy
    >>> paragraph_starts(spacy.blank("en")("One.\\n\\nTwo."))
    [0, 6]
    """
    return [0] + [m.end() for m in _PARAGRAPH_BREAK.finditer(doc.text)]


def units_of(doc: Doc) -> list[Unit]:
    """Sentences clipped at paragraph breaks (whole paragraphs when the Doc has no sentence boundaries).

    Examples
    --------
    >>> import spacy
    >>> [u.text for u in units_of(spacy.blank("en")("A headline\\n\\nThe body."))]
    ['A headline', 'The body.']
    """
    starts = paragraph_starts(doc)
    if doc.has_annotation("SENT_START"):
        sentences = [(s.start, s.end) for s in doc.sents]
    else:
        sentences = [(0, len(doc))]
    paragraph = numpy.searchsorted(numpy.asarray(starts), doc.to_array(IDX), side="right") - 1
    text = doc.text
    units: list[Unit] = []
    for start, end in sentences:
        # cut the sentence where the paragraph changes
        cuts = [start, *(numpy.flatnonzero(numpy.diff(paragraph[start:end])) + start + 1).tolist(), end]
        for i, j in itertools.pairwise(cuts):
            piece = text[doc[i].idx : doc[j - 1].idx + len(doc[j - 1])].strip() if j > i else ""
            if piece:
                units.append(Unit(i, j, int(paragraph[i]), piece))
    return units


def theme_links(
    doc: Doc,
    mentions: Sequence[tuple[Entity, Span]],
    hits: Sequence[TopicHit],
    topics: Sequence[str],
    article_id: str,
    visits: Sequence[Visit] = (),
    max_links_per_entity: int = 5,
) -> tuple[ThemeLink, ...]:
    """Link each entity to the topics of the sentences in its scope (see :meth:`ThemeExtractor.extract`)."""
    if not mentions or not hits:
        return ()
    units = units_of(doc)
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
        if key and at >= 0:
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
        for topic, ks in ranked[: max_links_per_entity]:
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
