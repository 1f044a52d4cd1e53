"""The ``kgraph evaluate`` command: score extraction against gold annotations (thin layer over kgraph.evaluate)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from kgraph.cli.options import library_errors
from kgraph.evaluate import load_gold, predict, score

__all__ = ["evaluate"]


@click.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("articles", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--verbose", "-v", is_flag=True, help="Also list each article's misses (-) and false hits (+).")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (always with per-article details).")
@click.option("--model", metavar="NAME", default=None, help="spaCy pipeline to extract with.")
@click.option("--rules-only", is_flag=True, help="Extract with rules only, without the statistical model.")
def evaluate(
    gold: Path, articles: tuple[Path, ...], verbose: bool, as_json: bool, model: str | None, rules_only: bool
) -> None:
    """Score extraction from ARTICLES against the annotations in GOLD (JSON Lines, dev-set schema).

    Prints precision, recall and F1 per field (persons, organizations, places, visits, companions, topics,
    visit dates), micro-averaged over the articles that have both a prediction and a gold annotation. Article
    ids of .txt files are their path relative to the given folder without suffix (articles/d01.txt -> d01).
    Matching rules: docs/evaluate.md.
    """
    options: dict[str, Any] = {}
    if model:
        options["model"] = model
    if rules_only:
        options["rules_only"] = True
    try:
        with library_errors():
            gold_articles = load_gold(gold)
            predicted = predict(articles, **options)
    except ImportError as err:  # the extraction pipeline is an optional part of a partial install
        raise click.ClickException(f"cannot run the extractor: {err}") from err
    report = score(gold_articles, predicted)
    if not report.articles:
        sample = ", ".join(sorted(predicted)[:5]) or "none"
        raise click.ClickException(
            f"no article in ARTICLES has an annotation in {gold} (article ids read: {sample}; "
            f"gold ids: {', '.join(list(gold_articles)[:5]) or 'none'})"
        )
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.to_text(verbose=verbose), nl=False)
