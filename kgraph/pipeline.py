"""The whole job as library calls: files -> articles -> extraction results -> one KnowledgeGraph.

Everything streams: articles are read lazily, extracted in batches (one process, ``workers`` local processes,
or a Dask cluster), and each result is added to the graph in input order as soon as it is back, so memory follows
the graph and a bounded window of in-flight articles, not the corpus. The graph is the same, byte for byte,
whichever way the extraction ran.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kgraph.errors import ArticleError
from kgraph.extract.pipeline import ExtractOptions, Extractor
from kgraph.graph import KnowledgeGraph
from kgraph.ingest import read_articles
from kgraph.ordered import ordered_window
from kgraph.records import Article, ArticleResult
from kgraph.resolve import Resolver

__all__ = ["BuildReport", "build", "extract", "extract_parallel"]

log = logging.getLogger(__name__)


@dataclass
class BuildReport:
    """What a build read, skipped and produced."""

    articles: int = 0
    words: int = 0
    skipped: list[ArticleError] = field(default_factory=list)
    unchanged: int = 0
    degraded: bool = False


def extract(
    inputs: Iterable[str | Path],
    *,
    options: ExtractOptions | None = None,
    fields: Mapping[str, str] | None = None,
    encoding: str | None = None,
    on_error: Callable[[ArticleError], None] | None = None,
    skip: Callable[[Article], bool] | None = None,
    extractor: Extractor | None = None,
    workers: int = 1,
    dask: str | Any | None = None,
) -> Iterator[ArticleResult]:
    """Read and extract the articles under ``inputs``, streaming one result per article in input order.

    Parameters
    ----------
    inputs
        Files and folders of articles (see :func:`kgraph.ingest.read_articles`).
    options
        Extraction settings; defaults to :class:`ExtractOptions`.
    fields, encoding, on_error
        Passed to :func:`kgraph.ingest.read_articles`.
    skip
        Articles for which this returns True are not extracted (used by incremental builds).
    extractor
        An existing :class:`Extractor` to reuse (one process only).
    workers
        Local worker processes (spawned, each with its own Extractor); 1 extracts in this process.
    dask
        A Dask scheduler address (``"tcp://host:8786"``) or a ``distributed.Client``: extract on that
        cluster (see :mod:`kgraph.distributed`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("President Joe Biden visited Japan on Monday.")
    >>> [r.article.id for r in extract([d], options=ExtractOptions(rules_only=True))]
    ['a']
    """
    articles: Iterable[Article] = read_articles(inputs, fields=fields, encoding=encoding, on_error=on_error)
    if skip is not None:
        articles = (a for a in articles if not skip(a))
    if dask is not None:
        from kgraph.distributed import extract_distributed

        yield from extract_distributed(articles, dask, options=options)
    elif workers > 1:
        yield from extract_parallel(articles, workers, options=options)
    else:
        extractor = extractor or Extractor(options)
        yield from extractor.pipe(articles)


# -- local worker processes ---------------------------------------------------------------------------

#: The Extractor of a worker process, created by :func:`_init_worker` in that process only (never in the
#: parent): the per-worker cache of the process pool.
_WORKER_EXTRACTOR: Extractor | None = None


def _init_worker(options: ExtractOptions | None) -> None:
    global _WORKER_EXTRACTOR
    _WORKER_EXTRACTOR = Extractor(options)


def _extract_chunk(articles: list[Article]) -> list[ArticleResult]:
    if _WORKER_EXTRACTOR is None:  # pragma: no cover - the pool initializer always runs first
        raise RuntimeError("worker process has no Extractor")
    return list(_WORKER_EXTRACTOR.pipe(articles))


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def extract_parallel(
    articles: Iterable[Article],
    workers: int,
    *,
    options: ExtractOptions | None = None,
    chunk_size: int | None = None,
) -> Iterator[ArticleResult]:
    """Extract ``articles`` in ``workers`` spawned processes, yielding results in input order.

    Each process loads its own pipeline once. Articles go out in chunks (``chunk_size``, default the batch
    size), at most ``2 * workers`` chunks in flight, so memory stays bounded however long the stream is.

    Examples
    --------
    >>> arts = [Article(str(i), f"President Joe Biden visited Japan {i} times.") for i in range(3)]
    >>> [r.article.id for r in extract_parallel(arts, 2, options=ExtractOptions(rules_only=True))]
    ['0', '1', '2']
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    size = chunk_size or (options or ExtractOptions()).batch_size
    # spawn, not fork: a forked copy of a process that already holds a model (or threads) is unsafe.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(options,)) as pool:
        yield from ordered_window(
            _chunks(articles, size),
            lambda chunk: pool.submit(_extract_chunk, chunk),
            lambda future: future.result(),
            2 * workers,
        )


def build(
    inputs: Iterable[str | Path],
    *,
    options: ExtractOptions | None = None,
    aliases: Sequence[str | Path] = (),
    fields: Mapping[str, str] | None = None,
    encoding: str | None = None,
    update: KnowledgeGraph | None = None,
    report: BuildReport | None = None,
    on_result: Callable[[ArticleResult], object] | None = None,
    workers: int = 1,
    dask: str | Any | None = None,
    extractor: Extractor | None = None,
) -> KnowledgeGraph:
    """Build one merged KnowledgeGraph from files and folders of articles.

    Bad files are skipped with a warning (and listed in ``report.skipped``). With ``update``, articles whose
    id and content hash are already in that graph are not extracted again, and changed ones replace their
    old version. ``workers`` and ``dask`` spread the extraction (see :func:`extract`); results are added in
    input order, so the graph is identical to a one-process build. ``extractor`` reuses a loaded
    :class:`Extractor` (one process only).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "a.txt").write_text("President Joe Biden visited Japan on Monday.")
    >>> kg = build([d], options=ExtractOptions(rules_only=True))
    >>> sorted(n for n in kg.graph if not n.startswith("topic:"))
    ['article:a', 'person:joe-biden', 'place:japan']
    """
    report = report if report is not None else BuildReport()

    def on_error(err: ArticleError) -> None:
        log.warning("skipped %s", err)
        report.skipped.append(err)

    if update is not None:
        kg = update
        kg.resolver = Resolver.default(aliases)
        kg.resolver.observe_graph(kg.graph)
    else:
        kg = KnowledgeGraph(resolver=Resolver.default(aliases))
    known = kg.article_hashes()

    def unchanged(article: Article) -> bool:
        if known.get(article.id) == article.sha256:
            report.unchanged += 1
            return True
        return False

    for result in extract(inputs, options=options, fields=fields, encoding=encoding, on_error=on_error,
                          skip=unchanged if known else None, workers=workers, dask=dask,
                          extractor=extractor):
        report.articles += 1
        report.words += len(result.article.text.split())
        report.degraded = report.degraded or result.degraded
        kg.add_result(result)
        if on_result is not None:
            on_result(result)
    return kg
