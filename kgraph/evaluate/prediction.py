"""Run the extractor over article files and key the results by article id (spaCy is imported on call)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kgraph.errors import InputError
from kgraph.records import ArticleResult

__all__ = ["predict"]

# ---------------------------------------------------------------------------------------------------------------
# Prediction


def predict(article_paths: Iterable[str | Path], **extract_options: Any) -> dict[str, ArticleResult]:
    """Run the extractor over article files or folders and key the results by article id.

    Parameters
    ----------
    article_paths
        Files or folders, as accepted by :func:`kgraph.pipeline.extract` (ids of ``.txt`` files are their path
        relative to the given folder, without suffix: ``articles/d01.txt`` -> ``d01``).
    **extract_options
        Fields of :class:`kgraph.extract.pipeline.ExtractOptions` (``model=``, ``rules_only=``, ...) and keyword
        arguments of :func:`kgraph.pipeline.extract` (``options=``, ``encoding=``, ...).

    Returns
    -------
    dict
        Article id -> :class:`~kgraph.records.ArticleResult`, in input order.

    Raises
    ------
    InputError
        An input cannot be read, or two inputs yield the same article id.
    """
    # Imported here: the pipeline loads spaCy, and scoring must not need it.
    from dataclasses import fields as dataclass_fields

    from kgraph.extract.pipeline import ExtractOptions
    from kgraph.pipeline import extract

    names = {f.name for f in dataclass_fields(ExtractOptions)}
    settings = {k: v for k, v in extract_options.items() if k in names}
    kwargs = {k: v for k, v in extract_options.items() if k not in names}
    if settings:
        if kwargs.get("options") is not None:
            raise TypeError(f"pass either options= or ExtractOptions fields ({', '.join(sorted(settings))}), not both")
        kwargs["options"] = ExtractOptions(**settings)
    results: dict[str, ArticleResult] = {}
    for result in extract(list(article_paths), **kwargs):
        aid = result.article.id
        if aid in results:
            raise InputError(f"two inputs yield the article id {aid!r} ({result.article.source or 'unknown source'})")
        results[aid] = result
    return results
