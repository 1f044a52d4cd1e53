"""`kgraph export`: convert a saved graph to other formats, trimming big graphs for the HTML view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from kgraph.cli.options import check_graph_file, graph_option, library_errors

__all__ = ["export"]

_HTML = (".html", ".htm")


@click.command("export")
@click.argument("graph_arg", metavar="[GRAPH]", required=False, type=click.Path(dir_okay=False, path_type=Path))
@graph_option
@click.option("-o", "--output", "outputs", multiple=True, required=True, type=click.Path(path_type=Path),
              help="Output file; repeatable. The suffix picks the format: .json .graphml .gexf .html .htm .csv "
                   "(or a directory for the three CSV tables).")
@click.option("--top", type=click.IntRange(1), help="HTML: keep the N nodes of highest degree.")
@click.option("--focus", metavar="NAME", help="HTML: only one entity's neighbourhood (node id, name or alias).")
@click.option("--radius", type=click.IntRange(0), default=1, show_default=True, help="HTML: hops around --focus.")
@click.option("--since", metavar="YYYY-MM-DD", help="HTML: keep edges dated on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="HTML: keep edges dated on or before this day.")
@click.option("--title", default="kgraph", show_default=True, help="HTML: page title.")
@click.pass_context
def export(ctx: click.Context, graph_arg: Path | None, graph_path: Path, outputs: tuple[Path, ...], top: int | None, focus: str | None, radius: int,
           since: str | None, until: str | None, title: str) -> None:
    """Convert a saved graph (-g/--graph FILE, or GRAPH as the first argument: .json or .graphml) to other formats.

    The trimming options apply to .html outputs only: the other formats always hold the whole graph.
    """
    from kgraph.export import read, write

    if graph_arg is not None:
        if ctx.get_parameter_source("graph_path") is click.core.ParameterSource.COMMANDLINE:
            raise click.UsageError("give the graph file once: as GRAPH or as -g/--graph, not both")
        graph_path = graph_arg
    check_graph_file(graph_path)
    given: dict[str, Any] = {"top": top, "focus": focus, "since": since, "until": until}
    html_options = {k: v for k, v in given.items() if v is not None}
    if focus is not None:
        html_options["radius"] = radius
    html_options["title"] = title
    with library_errors():
        graph = read(graph_path)
        for target in outputs:
            write(graph, target, **(html_options if target.suffix.lower() in _HTML else {}))
