"""The ``kgraph duplicates`` command: list likely duplicate entities (thin layer over kgraph.resolve)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click

from kgraph.cli.options import check_graph_file, graph_option, library_errors

__all__ = ["duplicates"]


@click.command("duplicates")
@graph_option
@click.option("--threshold", default=85.0, show_default=True, type=click.FloatRange(0, 100),
              help="Minimum similarity score (rapidfuzz, 0-100).")
@click.option("--format", "fmt", type=click.Choice(["text", "csv"]), default="text", show_default=True,
              help="text: one pair per line with its score; csv: score,keep,other,alias,canonical,kind,qid "
                   "(the last four columns paste into an alias table).")
def duplicates(graph_path: Path, threshold: float, fmt: str) -> None:
    """List pairs of entities of one kind with similar labels, for review.

    Each pair comes with an alias-table row (alias,canonical,kind,qid) that merges the second label into
    the first; paste the rows you agree with into a table and rebuild with --aliases TABLE.
    """
    from kgraph.export import read
    from kgraph.resolve import likely_duplicates

    check_graph_file(graph_path)
    with library_errors():
        graph = read(graph_path)
    pairs = likely_duplicates(graph, threshold=threshold)
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["score", "keep", "other", "alias", "canonical", "kind", "qid"])
        for d in pairs:
            writer.writerow([f"{d.score:g}", d.keep, d.other, d.other_label, d.keep_label, d.kind, ""])
        return
    if not pairs:
        click.echo(f"no likely duplicates at threshold {threshold:g}", err=True)
        return
    for d in pairs:
        click.echo(f"{d.score:5.1f}  {d.kind:<12} {d.keep_label!r} <- {d.other_label!r}    {d.row}")
