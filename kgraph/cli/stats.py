"""``kgraph stats``: count nodes and edges by kind (thin layer over :meth:`KnowledgeGraph.stats`)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pandas as pd

from kgraph.cli.options import graph_option, library_errors, load_graph
from kgraph.cli.query import render_table

__all__ = ["stats"]


@click.command()
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True,
              help="How many of the best connected entities to list.")
@graph_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def stats(top: int, graph_path: Path, fmt: str) -> None:
    """Count nodes and edges by kind and list the entities with the most edges."""
    kg = load_graph(graph_path)
    with library_errors():
        summary = kg.stats(top)
    if fmt == "json":
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{summary.nodes} nodes, {summary.edges} edges\n")
    kinds = pd.DataFrame({"node kind": list(summary.node_kinds), "count": list(summary.node_kinds.values())})
    click.echo(render_table(kinds))
    links = pd.DataFrame({"edge kind": list(summary.edge_kinds), "count": list(summary.edge_kinds.values())})
    click.echo("\n" + render_table(links))
    if top:
        click.echo(f"\ntop {top} entities by degree\n" + render_table(summary.top[["label", "kind", "degree"]]))
