"""``kgraph query ...``: thin click commands over :mod:`kgraph.query`.

Each command reads a graph file, calls one query and prints a table (``--format table``, the default, shows the
main columns), or every column as CSV or JSON. Library errors become one-line messages with exit status 1.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
import pandas as pd

from kgraph.cli.options import (
    format_option,
    graph_option,
    library_errors,
    limit_option,
    load_graph,
    since_option,
    until_option,
)

__all__ = ["query", "render", "render_table"]

_EVIDENCE_WIDTH = 70


# -- rendering --------------------------------------------------------------------------------


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _plain(value: Any) -> Any:
    """A cell as a JSON-native value: dates as ISO days, tuples as lists, missing as None."""
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _text(value: Any, width: int | None = None) -> str:
    value = _plain(value)
    if value is None:
        return ""
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = " ".join(text.split())
    if width and len(text) > width:
        text = text[: width - 1] + "…"
    return text


def _csv_cell(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, list):
        return ";".join(map(str, value))
    return "" if value is None else value


def render_table(df: pd.DataFrame) -> str:
    """Left-aligned plain-text table with a header rule; ``(no rows)`` when empty.

    Examples
    --------
    >>> print(render_table(pd.DataFrame({"who": ["Li Qiang"], "n": [2]})))
    who       n
    --------  -
    Li Qiang  2
    """
    if df.empty:
        return "(no rows)"
    cells = [[_text(v, _EVIDENCE_WIDTH if col == "evidence" else None) for col, v in row.items()]
             for _, row in df.iterrows()]
    header = [str(c) for c in df.columns]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines)


def render(df: pd.DataFrame, fmt: str, table_columns: Sequence[str] | None = None) -> str:
    """Render a query table as ``table`` (``table_columns`` only), ``csv`` or ``json`` (every column)."""
    if fmt == "json":
        records = [{k: _plain(v) for k, v in row.items()} for row in df.to_dict("records")]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if fmt == "csv":
        flat = pd.DataFrame({col: [_csv_cell(v) for v in df[col]] for col in df.columns}, columns=df.columns)
        return flat.to_csv(index=False, lineterminator="\n").rstrip("\n")
    return render_table(df[list(table_columns)] if table_columns else df)


def _emit(df: pd.DataFrame, fmt: str, limit: int | None, table_columns: Sequence[str]) -> None:
    if limit is not None:
        df = df.head(limit)
    click.echo(render(df, fmt, table_columns))


def _run(
    graph_path: Path, fmt: str, limit: int | None, table_columns: Sequence[str], ask: Callable[[Any], pd.DataFrame]
) -> None:
    kg = load_graph(graph_path)
    with library_errors():
        table = ask(kg)
    _emit(table, fmt, limit, table_columns)


# -- commands ---------------------------------------------------------------------------------

_VISIT_TABLE = ("date", "visitor", "role", "target", "target_kind", "location", "sources")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def query() -> None:
    """Ask questions of a built graph: who visited what, topics, connections.

    Names match a node id, label or alias, case-insensitively; an unknown name lists the closest matches.
    """


@query.command()
@click.option("--visitor", metavar="NAME", help="Only visits by this person.")
@click.option("--target", metavar="NAME", help="Only visits to this organisation, facility or place.")
@click.option("--location", metavar="NAME", help="Only visits that took place in this place.")
@since_option
@until_option
@click.option("--per-source", is_flag=True, help="One row per reporting article instead of one per visit.")
@graph_option
@format_option
@limit_option
def visits(
    visitor: str | None,
    target: str | None,
    location: str | None,
    since: str | None,
    until: str | None,
    per_source: bool,
    graph_path: Path,
    fmt: str,
    limit: int | None,
) -> None:
    """List visits (one row per visitor and target, with the number of reporting articles).

    A visit without its own date is dated by its article's publication date for --since/--until.
    """
    columns = (*_VISIT_TABLE, "article") if per_source else _VISIT_TABLE
    _run(graph_path, fmt, limit, columns, lambda kg: kg.visits(
        visitor, target, since, until, location=location, per_source=per_source))


@query.command()
@click.argument("name")
@since_option
@until_option
@graph_option
@format_option
@limit_option
def visitors(name: str, since: str | None, until: str | None, graph_path: Path, fmt: str, limit: int | None) -> None:
    """Who visited NAME (an organisation, facility or place)."""
    _run(graph_path, fmt, limit, ("date", "visitor", "role", "location", "sources"),
         lambda kg: kg.visitors(name, since, until))


@query.command()
@click.argument("name")
@click.option("--kind", type=click.Choice(["organization", "facility", "place"]), multiple=True,
              help="Only targets of this kind; repeatable.")
@since_option
@until_option
@graph_option
@format_option
@limit_option
def visited(
    name: str, kind: tuple[str, ...], since: str | None, until: str | None, graph_path: Path, fmt: str,
    limit: int | None,
) -> None:
    """Where the person NAME went: organisations, facilities and places."""
    _run(graph_path, fmt, limit, ("date", "target", "target_kind", "location", "sources"),
         lambda kg: kg.visited(name, kind or None, since, until))


@query.command("co-visited")
@click.argument("name")
@graph_option
@format_option
@limit_option
def co_visited(name: str, graph_path: Path, fmt: str, limit: int | None) -> None:
    """Other targets visited by the people who visited NAME."""
    _run(graph_path, fmt, limit, ("target", "target_kind", "shared", "visitors"), lambda kg: kg.co_visited(name))


@query.command()
@click.argument("name")
@graph_option
@format_option
@limit_option
def topics(name: str, graph_path: Path, fmt: str, limit: int | None) -> None:
    """Topics of the entity (or article) NAME, heaviest first."""
    _run(graph_path, fmt, limit, ("topic", "weight", "sources"), lambda kg: kg.topics(name))


@query.command()
@click.argument("topic")
@click.option("--kind", type=click.Choice(["person", "organization", "facility", "place"]), multiple=True,
              help="Only entities of this kind; repeatable.")
@graph_option
@format_option
@limit_option
def related(topic: str, kind: tuple[str, ...], graph_path: Path, fmt: str, limit: int | None) -> None:
    """Entities linked to TOPIC, heaviest first."""
    _run(graph_path, fmt, limit, ("entity", "kind", "weight", "sources"),
         lambda kg: kg.sharing_topic(topic, kind or None))


@query.command()
@click.argument("a")
@click.argument("b")
@graph_option
@format_option
@limit_option
def shared(a: str, b: str, graph_path: Path, fmt: str, limit: int | None) -> None:
    """Topics that A and B both carry."""
    _run(graph_path, fmt, limit, ("topic", "weight_a", "weight_b"), lambda kg: kg.shared_topics(a, b))


@query.command("theme-pairs")
@click.option("--kind", type=click.Choice(["person", "organization", "facility", "place"]), multiple=True,
              help="Kind of entities to pair; repeatable. Default: organization.")
@click.option("--min-shared", type=click.IntRange(min=1), default=1, show_default=True,
              help="Only pairs sharing at least this many topics.")
@graph_option
@format_option
@limit_option
def theme_pairs(kind: tuple[str, ...], min_shared: int, graph_path: Path, fmt: str, limit: int | None) -> None:
    """Pairs of entities that share themes (by default organisations), most shared first."""
    _run(graph_path, fmt, limit, ("a", "b", "shared", "topics"),
         lambda kg: kg.topic_pairs(kind or "organization", min_shared))


@query.command()
@click.argument("a")
@click.argument("b")
@click.option("--exclude", "exclude", multiple=True,
              type=click.Choice(["person", "organization", "facility", "place", "topic", "article"]),
              help="Do not pass through nodes of this kind (e.g. article, topic); repeatable.")
@graph_option
@format_option
def path(a: str, b: str, exclude: tuple[str, ...], graph_path: Path, fmt: str) -> None:
    """Shortest connection between A and B, ignoring edge direction."""
    from kgraph.query import path_text

    kg = load_graph(graph_path)
    with library_errors():
        steps = kg.path(a, b, exclude_kinds=exclude)
    table = pd.DataFrame(
        {
            "step": range(len(steps)),
            "edge": [(f"-[{s.edge}]->" if s.forward else f"<-[{s.edge}]-") if s.edge else "" for s in steps],
            "label": [s.label for s in steps],
            "kind": [s.kind for s in steps],
            "node": [s.node for s in steps],
            "edge_kinds": [s.kinds for s in steps],
        }
    )
    if fmt != "table":
        click.echo(render(table, fmt))
    elif not steps:
        click.echo(f"no connection between {a!r} and {b!r}")
    else:
        click.echo(render(table, fmt, ("step", "edge", "label", "kind")))
        click.echo(f"\n{path_text(steps)}")


@query.command()
@click.argument("name")
@click.option("-r", "--radius", type=click.IntRange(min=1), default=1, show_default=True,
              help="How many edges away.")
@click.option("--kind", type=click.Choice(["person", "organization", "facility", "place", "topic", "article"]),
              multiple=True, help="Only list nodes of this kind; repeatable.")
@graph_option
@format_option
@limit_option
def neighbours(name: str, radius: int, kind: tuple[str, ...], graph_path: Path, fmt: str, limit: int | None) -> None:
    """Nodes within RADIUS edges of NAME, nearest first."""
    _run(graph_path, fmt, limit, ("distance", "label", "kind", "edge_kinds", "edges"),
         lambda kg: kg.neighbours(name, radius, kind or None))
