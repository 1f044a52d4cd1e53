"""Build benchmark: kgraph build against bare spaCy, memory at 1x and 4x corpus, workers, export writers.

Run from the repository root::

    python benchmarks/bench_build.py --articles 2000        # the full run (about half an hour on 2 cores)
    python benchmarks/bench_build.py --quick                # 200 articles, small export graph (a few minutes)

Everything is measured in the same run, on the same synthetic corpus (``benchmarks/corpus.py``: paragraphs of
``data/*.txt`` recombined with substituted names, places and dates, plus template paragraphs; no dev-set text):

1. words/s of bare spaCy (full pipeline, and NER only), of the kgraph extraction with fast analysis (the
   default) and with ``--full-parse``, each as a ratio to bare spaCy; wall clock and process CPU time (CPU time
   is steadier when other jobs share the machine);
2. peak memory of ``kgraph build`` on the corpus and on a 4x corpus, each in a fresh subprocess, next to the
   graph size and the corpus size;
3. ``kgraph build`` with 1 and with 2 worker processes (wall clock, including process start-up and model
   loading) and whether the two graphs are byte-identical;
4. every export format on a large synthetic graph (default 50k nodes, 200k edges) against networkx's own
   writer (via ``benchmarks/bench_export.py``).

Prints ratios, never asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write_corpus  # noqa: E402


def _texts(corpus: Path) -> list[str]:
    from kgraph.ingest import read_articles

    return [a.text for a in read_articles([corpus])]


def _timed(func) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = func()
    return time.perf_counter() - wall, time.process_time() - cpu, value


def bench_speed(corpus: Path, batch_size: int) -> dict[str, object]:
    """Words/s of bare spaCy and of the kgraph extraction (one process), measured back to back."""
    import spacy

    from kgraph.extract.pipeline import DEFAULT_MODELS, ExtractOptions, Extractor
    from kgraph.ingest import read_articles

    texts = _texts(corpus)
    words = sum(len(t.split()) for t in texts)
    name = next(m for m in DEFAULT_MODELS if __import__("importlib").util.find_spec(m))
    nlp = spacy.load(name)
    for _ in nlp.pipe(texts[:8]):  # warm-up
        pass
    out: dict[str, object] = {"words": words, "articles": len(texts), "model": name}

    def bare_full() -> None:
        for _ in nlp.pipe(texts, batch_size=batch_size):
            pass

    def bare_ner() -> None:
        with nlp.select_pipes(enable=["ner"]):
            for _ in nlp.pipe(texts, batch_size=batch_size):
                pass

    out["bare_full"] = _timed(bare_full)[:2]
    out["bare_ner"] = _timed(bare_ner)[:2]
    configs = (("kgraph_fast", {"fast": True}), ("kgraph_cues", {"fast": True, "gate": "cues"}),
               ("kgraph_full", {"fast": False}))
    for label, settings in configs:
        fast = settings["fast"]
        ex = Extractor(ExtractOptions(batch_size=batch_size, **settings))
        list(ex.pipe(list(read_articles([corpus]))[:8]))  # warm-up
        articles = list(read_articles([corpus]))
        analysed = [0, 0]

        def run() -> None:
            for result in ex.pipe(articles):
                pass

        out[label] = _timed(run)[:2]
        if fast and ex.gate is not None:
            for doc in ex.docs(texts[:200]):
                analysed[0] += sum(1 for t in doc if t.dep or t.pos)
                analysed[1] += len(doc)
            out[f"{label}_share"] = analysed[0] / max(analysed[1], 1)
    return out


def _memory_child(corpus: str) -> None:
    """Subprocess body: build the graph from ``corpus`` and print peak RSS and sizes as one JSON line."""
    import psutil

    from kgraph.extract.pipeline import ExtractOptions, Extractor
    from kgraph.pipeline import BuildReport, build

    proc = psutil.Process()
    ex = Extractor(ExtractOptions())
    list(ex.pipe([]))
    base = proc.memory_info().rss
    peak = base
    report = BuildReport()

    def sample(_result) -> None:
        nonlocal peak
        if report.articles % 25 == 0:
            peak = max(peak, proc.memory_info().rss)

    kg = build([corpus], report=report, on_result=sample, extractor=ex)
    peak = max(peak, proc.memory_info().rss)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"base_rss": base, "peak_rss": peak, "maxrss": maxrss, "articles": report.articles,
                      "words": report.words, "nodes": kg.graph.number_of_nodes(),
                      "edges": kg.graph.number_of_edges(), "corpus_bytes": os.path.getsize(corpus)}))


def bench_memory(corpus: Path) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, "--memory-child", str(corpus)], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_workers(corpus: Path, out: Path, batch_size: int) -> dict[str, object]:
    """``build`` with 1 and 2 workers (wall clock, including start-up), and the model load time alone."""
    from kgraph.export import write
    from kgraph.extract.pipeline import ExtractOptions, Extractor
    from kgraph.pipeline import BuildReport, build

    result: dict[str, object] = {"load": _timed(lambda: Extractor(ExtractOptions()))[0]}
    for workers in (1, 2):
        report = BuildReport()
        wall, _, kg = _timed(lambda: build([corpus], options=ExtractOptions(batch_size=batch_size), workers=workers,
                                           report=report))
        write(kg, out / f"workers{workers}.json")
        result[workers] = (wall, report.words)
    result["identical"] = (out / "workers1.json").read_bytes() == (out / "workers2.json").read_bytes()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="corpus size for the speed runs")
    parser.add_argument("--memory-articles", type=int, help="1x corpus for the memory run (default: --articles/4)")
    parser.add_argument("--worker-articles", type=int, help="corpus for 1 vs 2 workers (default: --articles/2)")
    parser.add_argument("--nodes", type=int, default=50_000, help="export graph nodes")
    parser.add_argument("--edges", type=int, default=200_000, help="export graph edges")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--quick", action="store_true", help="200 articles, 50/100 for memory, 5k/20k export graph")
    parser.add_argument("--skip", action="append", default=[], choices=["speed", "memory", "workers", "export"],
                        help="leave out a part; repeatable")
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.memory_child:
        _memory_child(args.memory_child)
        return 0
    if args.quick:
        args.articles, args.nodes, args.edges = 200, 5_000, 20_000
        args.memory_articles = args.memory_articles or 50
        args.worker_articles = args.worker_articles or 100
    mem_n = args.memory_articles or max(args.articles // 4, 10)
    work_n = args.worker_articles or max(args.articles // 2, 10)
    print(f"kgraph build benchmark on {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="kgraph-bench-") as tmp:
        tmpdir = Path(tmp)
        corpus = tmpdir / "corpus.jsonl"
        words = write_corpus(corpus, args.articles)
        print(f"corpus: {args.articles} articles, {words} words (benchmarks/corpus.py)\n")

        if "speed" not in args.skip:
            s = bench_speed(corpus, args.batch_size)
            w = s["words"]
            print(f"== one process, {s['articles']} articles, {w} words, model {s['model']} ==")
            print(f"{'':28s} {'words/s wall':>13s} {'words/s CPU':>12s} {'x full':>7s} {'x NER':>7s}")
            full_wall, full_cpu = s["bare_full"]
            ner_wall, ner_cpu = s["bare_ner"]
            for label, key in (("bare spaCy, full pipeline", "bare_full"), ("bare spaCy, NER only", "bare_ner"),
                               ("kgraph extract (fast)", "kgraph_fast"), ("kgraph, gate='cues'", "kgraph_cues"),
                               ("kgraph extract --full-parse", "kgraph_full")):
                wall, cpu = s[key]
                print(f"{label:28s} {w / wall:13.0f} {w / cpu:12.0f} {full_cpu / cpu:7.2f} {ner_cpu / cpu:7.2f}")
            for key, label in (("kgraph_fast_share", "fast (default gate)"), ("kgraph_cues_share", "gate='cues'")):
                if key in s:
                    print(f"tokens tagged and parsed, {label}: {s[key]:.0%}")
            print("(x full / x NER: CPU-time speed relative to bare spaCy; kgraph includes the extraction rules)\n")

        if "memory" not in args.skip:
            print(f"== peak memory of kgraph build (fresh process each), 1x = {mem_n} articles ==")
            print(f"{'corpus':8s} {'articles':>8s} {'corpus MB':>9s} {'nodes':>7s} {'edges':>7s} "
                  f"{'RSS after model MB':>18s} {'peak RSS MB':>11s} {'growth MB':>9s}")
            growth = {}
            for factor in (1, 4):
                path = tmpdir / f"mem{factor}.jsonl"
                write_corpus(path, mem_n * factor, seed=11)
                m = bench_memory(path)
                growth[factor] = (m["peak_rss"] - m["base_rss"]) / 2**20
                print(f"{factor}x{'':6s} {m['articles']:8d} {m['corpus_bytes'] / 2**20:9.1f} {m['nodes']:7d} "
                      f"{m['edges']:7d} {m['base_rss'] / 2**20:18.0f} {m['peak_rss'] / 2**20:11.0f} "
                      f"{growth[factor]:9.1f}")
            print("growth = peak RSS minus RSS with the model loaded: it follows the graph (nodes, edges), "
                  "not the corpus bytes, which are never held at once\n")

        if "workers" not in args.skip:
            wc = tmpdir / "workers.jsonl"
            write_corpus(wc, work_n, seed=13)
            r = bench_workers(wc, tmpdir, args.batch_size)
            (w1, words1), (w2, _) = r[1], r[2]
            print(f"== kgraph build, {work_n} articles ({words1} words), 1 vs 2 worker processes ==")
            print(f"1 worker : {w1:7.1f}s  {words1 / w1:7.0f} words/s")
            print(f"2 workers: {w2:7.1f}s  {words1 / w2:7.0f} words/s   speed-up {w1 / w2:.2f}x   "
                  f"identical graph: {r['identical']}")
            print(f"(wall clock, including spawning the workers and loading the model in each: "
                  f"{r['load']:.1f}s for one load in this process)\n")

        if "export" not in args.skip:
            from bench_export import bench_formats, synthetic_graph

            g = synthetic_graph(args.nodes, args.edges)
            print(f"== export, {g.number_of_nodes()} nodes, {g.number_of_edges()} edges (kgraph vs networkx) ==")
            out = tmpdir / "export"
            out.mkdir()
            for name, mine, base in bench_formats(g, out, 1):
                print(f"{name:14s} kgraph {mine:7.2f}s   networkx {base:7.2f}s   ratio {mine / base:5.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
