"""Extraction on a Dask cluster: partitions of articles go to the workers, results come back in input order.

Every worker lazily creates one :class:`~kgraph.extract.pipeline.Extractor` per set of options and keeps it
for the life of the worker (a worker plugin owns it), so the model is loaded once per worker, not per task.
Results are picklable :class:`~kgraph.records.ArticleResult` records; the caller adds them to the graph in
input order, so the graph is byte-identical to a one-process build.

Running on a real cluster::

    # every machine: the same Python, kgraph (pip install 'kgraph[dask]') and the same spaCy model version
    dask scheduler                                   # on the scheduler host, listens on :8786
    dask worker tcp://scheduler:8786 --nthreads 1 --nworkers 2   # on each worker host (one process per core)
    kgraph build corpus/ --dask tcp://scheduler:8786 -o graph.json

Articles are read where ``kgraph build`` runs and shipped to the workers, so the workers need no access to
the input files; only the graph-building client holds the graph.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from kgraph.errors import KGraphError
from kgraph.extract.pipeline import ExtractOptions, Extractor
from kgraph.ordered import ordered_window
from kgraph.records import Article, ArticleResult

try:  # the plugin base class; without the 'dask' extra the module still imports (and says what to install)
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover
    _WorkerPlugin = object  # type: ignore[assignment,misc]

__all__ = ["ExtractorPlugin", "extract_distributed", "extract_partition"]

_PLUGIN = "kgraph-extractor"


class ExtractorPlugin(_WorkerPlugin):
    """Dask worker plugin that owns the worker's Extractors (one per ``ExtractOptions``), created lazily.

    A worker running several threads shares its Extractors; a lock serialises their use, so give workers one
    thread each (``--nthreads 1``) and scale with processes.
    """

    name = _PLUGIN

    def __init__(self) -> None:
        super().__init__()
        self._extractors: dict[str, Extractor] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict:
        return {}  # shipped empty: Extractors are created on the worker

    def __setstate__(self, state: dict) -> None:
        self.__init__()  # type: ignore[misc]

    def setup(self, worker: Any) -> None:
        pass

    def teardown(self, worker: Any) -> None:
        self._extractors.clear()

    def extract(self, options: ExtractOptions, articles: list[Article]) -> list[ArticleResult]:
        """Extract ``articles`` with this worker's Extractor for ``options``."""
        key = repr(options)
        with self._lock:
            extractor = self._extractors.get(key)
            if extractor is None:
                extractor = self._extractors[key] = Extractor(options)
            return list(extractor.pipe(articles))


def extract_partition(options: ExtractOptions, articles: list[Article]) -> list[ArticleResult]:
    """Dask task: extract one partition on the current worker, reusing its cached Extractor."""
    from distributed import get_worker

    worker = get_worker()
    plugin = worker.plugins.get(_PLUGIN)
    if not isinstance(plugin, ExtractorPlugin):  # registered by extract_distributed; else a worker-local one
        plugin = ExtractorPlugin()
        worker.plugins[_PLUGIN] = plugin
    return plugin.extract(options, articles)


def extract_distributed(
    articles: Iterable[Article],
    client: Any,
    *,
    options: ExtractOptions | None = None,
    partition_size: int | None = None,
    window: int | None = None,
) -> Iterator[ArticleResult]:
    """Extract ``articles`` on a Dask cluster, yielding results in input order.

    Parameters
    ----------
    articles
        The article stream; read lazily, at most ``window`` partitions in flight.
    client
        A ``distributed.Client`` or a scheduler address (``"tcp://scheduler:8786"``).
    options
        Extraction settings, shipped to every worker.
    partition_size
        Articles per task (default: the batch size).
    window
        Partitions in flight (default: twice the cluster's worker threads, at least 2).

    Raises
    ------
    KGraphError
        ``distributed`` is not installed or the scheduler cannot be reached.
    """
    try:
        from distributed import Client
    except ImportError as err:
        raise KGraphError("extraction on a Dask cluster needs the 'dask' extra: pip install 'kgraph[dask]'") from err

    options = options or ExtractOptions()
    own = not isinstance(client, Client)
    if own:
        try:
            client = Client(client)
        except (OSError, TimeoutError, ValueError) as err:
            raise KGraphError(f"cannot connect to the Dask scheduler at {client!r}: {err}") from err
    try:
        if hasattr(client, "register_plugin"):
            client.register_plugin(ExtractorPlugin(), name=_PLUGIN)
        else:  # distributed < 2023.9
            client.register_worker_plugin(ExtractorPlugin(), name=_PLUGIN)
        if window is None:
            threads = sum(client.nthreads().values()) or 1
            window = max(2, 2 * threads)
        size = partition_size or options.batch_size
        it = iter(articles)
        chunks = iter(lambda: list(itertools.islice(it, size)), [])
        yield from ordered_window(
            chunks,
            lambda chunk: client.submit(extract_partition, options, chunk, pure=False),
            lambda future: future.result(),
            window,
        )
    finally:
        if own:
            client.close()
