"""Command-line interface: a thin click layer over the library, one module per command group.

Exit status of every command: 0 success; 1 error (nothing written); 2 bad usage; 3 (``build``) the graph
was written but some input files or records were skipped (each named in a warning).

Shared options (the graph file is ``-g/--graph`` everywhere) and the one mapping of library errors to
messages and exit codes live in :mod:`kgraph.cli.options`.
"""

from __future__ import annotations

import click

from kgraph import __version__
from kgraph.cli import build, evaluate, export, query, resolve, stats
from kgraph.cli.build import EXIT_SKIPPED

__all__ = ["EXIT_SKIPPED", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kgraph")
def main() -> None:
    """Turn news articles into a knowledge graph of who visited which organisation or place, when, and
    about what."""


main.add_command(build.build)
main.add_command(evaluate.evaluate)
main.add_command(export.export)
main.add_command(query.query)
main.add_command(resolve.duplicates)
main.add_command(stats.stats)
