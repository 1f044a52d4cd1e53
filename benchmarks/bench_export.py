"""Export benchmarks: kgraph's writers against networkx's own, and the HTML layout time in Chromium.

Run from the repository root::

    python benchmarks/bench_export.py                    # 50k nodes / 200k edges, every format
    python benchmarks/bench_export.py --nodes 5000 --edges 20000 --html   # + headless Chromium layout

Prints one line per format with seconds and the ratio to the networkx baseline measured in the same run
(never asserts on time). Baselines: ``json`` vs ``nx.node_link_data`` + ``json.dump``; ``graphml`` vs
``nx.write_graphml`` (lxml writer) on a copy with the same flattening; ``gexf`` vs ``nx.write_gexf``;
``csv`` vs ``nx.write_edgelist(data=True)`` (networkx's tabular writer) and, as ``csv-vs-pandas``, vs
``pandas.DataFrame.to_csv`` of node and edge tables (kgraph also writes the visits table and degrees);
``read-json``/``read-graphml`` vs ``nx.node_link_graph``/``nx.read_graphml``.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kgraph.export import read, write  # noqa: E402
from kgraph.export.flatten import join_list  # noqa: E402

KINDS = ("person", "organization", "facility", "place", "topic", "article")


def synthetic_graph(n_nodes: int, n_edges: int, seed: int = 1) -> nx.MultiDiGraph:
    """A kgraph-shaped graph: kinds, labels, aliases, articles; mentions/visited/theme edges with dates."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    ids = []
    for i in range(n_nodes):
        kind = KINDS[i % len(KINDS)] if i % 10 else "article"
        nid = f"{kind}:node-{i}"
        ids.append(nid)
        attrs = {"kind": kind, "label": f"Node {i}", "aliases": [f"N{i}", f"Alias {i}"][: i % 3]}
        if kind == "article":
            attrs.update(title=f"Article {i}", url=f"https://example.com/{i}", source=f"news/{i}.txt",
                         published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", sha256="0" * 64)
        else:
            attrs["articles"] = [f"a{rng.randrange(n_nodes)}" for _ in range(1 + i % 3)]
        g.add_node(nid, **attrs)
    articles = [n for n in ids if n.startswith("article:")]
    people = [n for n in ids if n.startswith("person:")]
    targets = [n for n in ids if n.split(":")[0] in ("organization", "facility", "place")]
    topics = [n for n in ids if n.startswith("topic:")]
    for e in range(n_edges):
        art = rng.choice(articles)
        date = f"2024-{1 + e % 12:02d}-{1 + e % 28:02d}"
        r = e % 10
        if r < 6:
            g.add_edge(art, rng.choice(ids), key=f"mentions:{art}", kind="mentions", article=art,
                       evidence=f"Sentence {e} mentions it.", date=date, count=1 + e % 3)
        elif r < 9:
            g.add_edge(rng.choice(people), rng.choice(targets), key=f"visited:{art}:{e}", kind="visited", article=art,
                       evidence=f"Sentence {e} reports a visit.", date=date if e % 7 else None,
                       location=None if e % 2 else "Beijing", location_id=None, role="Premier" if e % 3 else "")
        else:
            g.add_edge(rng.choice(people), rng.choice(topics), key=f"theme:{art}", kind="theme", article=art,
                       evidence=f"Sentence {e} is about it.", date=date, weight=1 + e % 4)
    return g


def _flat_copy(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """What networkx needs to write the same content: lists joined, None dropped."""
    out = nx.MultiDiGraph()
    for n, d in g.nodes(data=True):
        out.add_node(n, **{k: join_list(v) if isinstance(v, list) else v for k, v in d.items() if v is not None})
    for u, v, k, d in g.edges(keys=True, data=True):
        flat = {a: join_list(b) if isinstance(b, list) else b for a, b in d.items() if b is not None}
        out.add_edge(u, v, key=k, **flat)
    return out


def _time(func: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def bench_formats(g: nx.MultiDiGraph, out: Path, repeat: int) -> list[tuple[str, float, float]]:
    import pandas as pd

    flat = _flat_copy(g)
    rows = []

    def nx_json() -> None:
        with open(out / "nx.json", "w", encoding="utf-8") as handle:
            json.dump(nx.node_link_data(g, edges="edges"), handle)

    def nx_csv() -> None:
        nx.write_edgelist(flat, out / "nx.edgelist", data=True)

    def pandas_csv() -> None:
        pd.DataFrame([{"Id": n, **d} for n, d in flat.nodes(data=True)]).to_csv(out / "pd-nodes.csv", index=False)
        rows = [{"Source": u, "Target": v, "Key": k, **d} for u, v, k, d in flat.edges(keys=True, data=True)]
        pd.DataFrame(rows).to_csv(out / "pd-edges.csv", index=False)

    cases = [
        ("json", lambda: write(g, out / "g.json"), nx_json),
        ("graphml", lambda: write(g, out / "g.graphml"), lambda: nx.write_graphml(flat, out / "nx.graphml")),
        ("gexf", lambda: write(g, out / "g.gexf"), lambda: nx.write_gexf(flat, out / "nx.gexf", version="1.2draft")),
        ("csv", lambda: write(g, out / "g.csv"), nx_csv),
        ("csv-vs-pandas", lambda: write(g, out / "g.csv"), pandas_csv),
    ]
    for name, ours, theirs in cases:
        base = _time(theirs, repeat)
        mine = _time(ours, repeat)
        rows.append((name, mine, base))
    nx_json()
    nx.write_graphml(flat, out / "nx.graphml")
    rows.append(("read-json", _time(lambda: read(out / "g.json"), repeat),
                 _time(lambda: nx.node_link_graph(json.loads((out / "nx.json").read_text()), edges="edges"), repeat)))
    rows.append(("read-graphml", _time(lambda: read(out / "g.graphml"), repeat),
                 _time(lambda: nx.read_graphml(out / "nx.graphml"), repeat)))
    return rows


def bench_html(g: nx.MultiDiGraph, out: Path) -> dict[str, object]:
    """Write the page, open it in headless Chromium (DevTools pipe) and wait for the frozen layout."""
    sys.path.insert(0, str(ROOT / "tests" / "export"))
    from browser import Browser, find_chromium  # type: ignore[import-not-found]

    path = out / "g.html"
    start = time.perf_counter()
    write(g, path)
    write_s = time.perf_counter() - start
    binary = find_chromium()
    if binary is None:
        return {"write_s": write_s, "error": "chromium not found"}
    with Browser(binary) as browser:
        start = time.perf_counter()
        browser.open(path.as_uri())
        status = browser.wait_for(
            "(function(){var s=document.getElementById('kgraph-status');"
            "return s && s.textContent && JSON.parse(s.textContent).frozen !== null ? s.textContent : null;})()",
            timeout=600,
            poll=0.25,
        )
        wall = time.perf_counter() - start
        requests = [u for u in browser.requests() if not u.startswith("file:")]
    state = json.loads(status)
    return {"write_s": round(write_s, 2), "bytes": path.stat().st_size, "wall_s_until_frozen_reported": round(wall, 2),
            "page_ms_until_stable": state["ms"], "drawn_nodes": state["drawn_nodes"], "frozen": state["frozen"],
            "external_requests": requests}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=50_000)
    parser.add_argument("--edges", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--html", action="store_true", help="also time the HTML page in headless Chromium")
    parser.add_argument("--no-formats", action="store_true", help="skip the file-format comparison")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    g = synthetic_graph(args.nodes, args.edges)
    sys.stdout.write(f"graph: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges\n")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if not args.no_formats:
            for name, mine, base in bench_formats(g, out, args.repeat):
                sys.stdout.write(f"{name:13s} kgraph {mine:7.2f}s  networkx {base:7.2f}s  ratio {mine / base:5.2f}\n")
        if args.html:
            sys.stdout.write(f"html: {json.dumps(bench_html(g, out))}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
