"""Visit extraction of one article: :func:`extract_visits` runs the rule modules in order;
:class:`VisitExtractor` holds the compiled rules for callers that keep one extractor."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span

from kgraph.extract.visits.companions import find_companions
from kgraph.extract.visits.context import Found, VisitRules, article_context
from kgraph.extract.visits.cues import VisitCues
from kgraph.extract.visits.merge import merge_visits
from kgraph.extract.visits.triggers import scan_sentence, scan_weak, surface_visits
from kgraph.records import Article, Companion, Entity, Visit

__all__ = ["VisitExtractor", "extract_visits"]


def extract_visits(
    rules: VisitRules, doc: Doc, pairs: Sequence[tuple[Entity, Span]], article: Article
) -> tuple[list[Visit], list[Companion]]:
    """Return ``(visits, companions)`` of one article: the triggers of each sentence, then the weak cues of the
    people already known to be visitors, merged into one visit per (visitor, target).

    ``pairs`` are the entity mentions ``(Entity, Span)`` of :meth:`EntityExtractor.extract`.
    """
    state = article_context(doc, pairs, article)
    if not doc.has_annotation("DEP"):
        return surface_visits(rules, doc, pairs, state), []
    sents = list(doc.sents)
    found: list[Found] = []
    for sent in sents:
        found.extend(scan_sentence(rules, sent, state))
    # Weak cues only for people already known to be visitors (a second pass so that order does not matter).
    known = {v.name for f in found for v in f.visitors if f.targets}
    state.known_visitors = known
    state.current = []
    for sent in sents:
        found.extend(scan_weak(rules, sent, state))
    found.sort(key=lambda f: (f.sent.start, f.weak))
    visits = merge_visits(rules, found, state)
    companions = find_companions(rules, sents, state, visits, found)
    return visits, companions


class VisitExtractor:
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
        self.rules = VisitRules.from_cues(cues or VisitCues.load())

    @property
    def cues(self) -> VisitCues:
        """The word lists the rules read."""
        return self.rules.cues

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
        return extract_visits(self.rules, doc, pairs, article)
