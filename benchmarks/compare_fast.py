"""Compare fast analysis (parse only gated sentences) with the full pipeline on a gold-annotated set.

Usage::

    python benchmarks/compare_fast.py /work/shared/devset/gold.jsonl /work/shared/devset/articles

Prints the ``kgraph evaluate`` scores of both modes side by side, and how many articles' extraction results
differ at all (entities, visits, companions, topics, theme links).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from kgraph.evaluate import load_gold, predict, score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("articles", nargs="+", type=Path)
    parser.add_argument("-v", "--verbose", action="store_true", help="show what differs per article")
    parser.add_argument("--gate", default="entities", choices=["entities", "cues"], help="fast analysis gate")
    args = parser.parse_args(argv)
    gold = load_gold(args.gold)
    runs = {}
    for name, settings in (("full", {"fast": False}), ("fast", {"fast": True, "gate": args.gate})):
        started = time.perf_counter()
        runs[name] = predict(args.articles, **settings)
        print(f"{name}: extracted {len(runs[name])} articles in {time.perf_counter() - started:.1f}s")
    reports = {name: score(gold, results) for name, results in runs.items()}
    for name, report in reports.items():
        print(f"\n== {name} ==")
        print(report.to_text(), end="")
    differ = []
    for aid, full in runs["full"].items():
        fast = runs["fast"].get(aid)
        if fast != full:
            differ.append(aid)
            if args.verbose and fast is not None:
                for field in ("entities", "visits", "companions", "topics", "themes"):
                    a, b = getattr(full, field), getattr(fast, field)
                    if a != b:
                        print(f"{aid} {field}:\n  full-only {[x for x in a if x not in b]}\n"
                              f"  fast-only {[x for x in b if x not in a]}")
    print(f"\narticles whose results differ between full and fast analysis: {len(differ)} of {len(runs['full'])}"
          f"{' (' + ', '.join(differ) + ')' if differ else ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
