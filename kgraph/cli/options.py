"""Options and error handling shared by every ``kgraph`` command, defined once.

The graph file is ``-g/--graph FILE`` in every command that reads one (default ``kgraph-out/graph.json``, where
``kgraph build`` writes by default). Library errors (:class:`kgraph.errors.KGraphError`) become a one-line message
and exit status 1 through :func:`library_errors`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kgraph.errors import KGraphError

if TYPE_CHECKING:
    from kgraph.graph import KnowledgeGraph

__all__ = [
    "DEFAULT_GRAPH",
    "check_graph_file",
    "format_option",
    "graph_option",
    "library_errors",
    "limit_option",
    "load_graph",
    "since_option",
    "until_option",
]

DEFAULT_GRAPH = "kgraph-out/graph.json"

graph_option = click.option(
    "-g",
    "--graph",
    "graph_path",
    default=DEFAULT_GRAPH,
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Graph file written by `kgraph build` (.json node-link or .graphml).",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="table: main columns for reading; csv and json: every column.",
)
limit_option = click.option("-n", "--limit", type=click.IntRange(min=1), help="Print at most this many rows.")
since_option = click.option("--since", metavar="DATE", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive.")
until_option = click.option("--until", metavar="DATE", help="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD), inclusive.")


@contextmanager
def library_errors() -> Iterator[None]:
    """Turn library errors into click errors: a one-line message and exit status 1, no traceback."""
    try:
        yield
    except KGraphError as err:
        raise click.ClickException(str(err)) from err


def check_graph_file(path: Path) -> None:
    """Fail with a message naming ``path`` when it is missing or a folder."""
    if not path.exists():
        raise click.ClickException(f"{path}: no such graph file (write one with `kgraph build INPUTS -o {path}`)")
    if path.is_dir():
        raise click.ClickException(f"{path}: is a folder, not a graph file")


def load_graph(path: Path) -> KnowledgeGraph:
    """Load the graph file ``path`` for a command, with a one-line message when it cannot be read."""
    from kgraph.graph import KnowledgeGraph

    check_graph_file(path)
    try:
        with library_errors():
            return KnowledgeGraph.load(path)
    except (OSError, ValueError) as err:  # unreadable or malformed file the reader did not wrap
        raise click.ClickException(f"{path}: cannot read graph: {err}") from err
