"""The evaluation report: per-field counts, per-article errors, and the JSON and plain-text output."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["FIELDS", "ArticleDetail", "FieldScore", "Report"]

#: Scored fields, in report order.
FIELDS = ("persons", "organizations", "places", "visits", "companions", "topics", "visit dates")


# ---------------------------------------------------------------------------------------------------------------
# Report


@dataclass
class FieldScore:
    """Counts for one field, micro-averaged over articles."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def gold(self) -> int:
        """Number of gold items (``tp + fn``)."""
        return self.tp + self.fn

    @property
    def pred(self) -> int:
        """Number of predicted items (``tp + fp``)."""
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        """``tp / pred``; 1.0 when nothing was predicted and nothing was expected, 0.0 when only gold exists."""
        return self.tp / self.pred if self.pred else float(self.gold == 0)

    @property
    def recall(self) -> float:
        """``tp / gold``; 1.0 when there is no gold item and nothing was predicted, 0.0 otherwise."""
        return self.tp / self.gold if self.gold else float(self.pred == 0)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0.0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, fp: int, fn: int) -> None:
        """Add one article's counts."""
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def to_dict(self) -> dict[str, Any]:
        """Counts and rates as a JSON-ready dict."""
        return {
            "gold": self.gold,
            "pred": self.pred,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class ArticleDetail:
    """What one article got wrong: per field, the gold items missed and the predicted items with no match."""

    id: str
    missed: dict[str, list[str]] = field(default_factory=dict)
    false: dict[str, list[str]] = field(default_factory=dict)
    wrong_dates: list[str] = field(default_factory=list)
    split: list[str] = field(default_factory=list)

    @property
    def perfect(self) -> bool:
        """True when nothing was missed, nothing was false, no date was wrong and no entity was split."""
        return not (any(self.missed.values()) or any(self.false.values()) or self.wrong_dates or self.split)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (fields without errors are left out)."""
        return {
            "missed": {k: v for k, v in self.missed.items() if v},
            "false": {k: v for k, v in self.false.items() if v},
            "wrong_dates": list(self.wrong_dates),
            "split": list(self.split),
        }


@dataclass
class Report:
    """The result of :func:`score`.

    Attributes
    ----------
    fields
        Field name (see :data:`FIELDS`) -> :class:`FieldScore`, micro-averaged over the scored articles.
    articles
        Article id -> :class:`ArticleDetail`, in gold order.
    dates_correct, dates_gold_found
        Found visits (matched to a gold visit) whose gold date is set: how many have the same predicted date.
    dates_right, dates_predicted_found
        Found visits with a predicted date: how many equal the gold date (a date where gold has none is wrong).
    locations_correct, visits_found
        Found visits whose location matches the gold location (both null counts as correct).
    kinds_agree
        Found visits whose predicted ``target_kind`` equals the gold ``target_type``.
    negative_articles, negative_with_visits, negative_visits
        Gold ``negative`` articles scored, how many of them got a predicted visit, and how many visits in all.
    fragmentation
        Gold entities matched by more than one predicted entity (they should be one node each).
    missing, unannotated
        Gold ids with no prediction, and predicted ids with no gold (neither is scored).
    """

    fields: dict[str, FieldScore] = field(default_factory=lambda: {name: FieldScore() for name in FIELDS})
    articles: dict[str, ArticleDetail] = field(default_factory=dict)
    dates_correct: int = 0
    dates_gold_found: int = 0
    dates_right: int = 0
    dates_predicted_found: int = 0
    locations_correct: int = 0
    visits_found: int = 0
    kinds_agree: int = 0
    negative_articles: int = 0
    negative_with_visits: int = 0
    negative_visits: int = 0
    fragmentation: int = 0
    missing: list[str] = field(default_factory=list)
    unannotated: list[str] = field(default_factory=list)

    def __getitem__(self, name: str) -> FieldScore:
        """The :class:`FieldScore` of a field (``report["visits"].f1``)."""
        return self.fields[name]

    def to_dict(self) -> dict[str, Any]:
        """The whole report as JSON-ready data (what ``kgraph evaluate --json`` prints)."""
        return {
            "articles_scored": len(self.articles),
            "fields": {name: score.to_dict() for name, score in self.fields.items()},
            "visit_dates": {
                "correct": self.dates_correct,
                "gold_dated_found": self.dates_gold_found,
                "accuracy": _ratio(self.dates_correct, self.dates_gold_found),
                "predicted_dated_found": self.dates_predicted_found,
                "predicted_right": self.dates_right,
                "precision": _ratio(self.dates_right, self.dates_predicted_found),
            },
            "visit_locations": {"correct": self.locations_correct, "found": self.visits_found},
            "visit_target_kinds": {"agree": self.kinds_agree, "found": self.visits_found},
            "negative": {
                "articles": self.negative_articles,
                "with_visits": self.negative_with_visits,
                "visits": self.negative_visits,
            },
            "fragmentation": self.fragmentation,
            "missing": list(self.missing),
            "unannotated": list(self.unannotated),
            "details": {aid: detail.to_dict() for aid, detail in self.articles.items() if not detail.perfect},
        }

    def to_text(self, verbose: bool = False) -> str:
        """A plain-text table; with ``verbose`` also each article's misses (``-``) and false hits (``+``)."""
        lines = [f"{'field':<14}{'gold':>5}{'pred':>6}{'tp':>6}{'precision':>11}{'recall':>8}{'f1':>7}"]
        for name, s in self.fields.items():
            lines.append(
                f"{name:<14}{s.gold:>5}{s.pred:>6}{s.tp:>6}{s.precision:>11.3f}{s.recall:>8.3f}{s.f1:>7.3f}"
            )
        lines.append("")
        lines.append(
            f"visit dates: {self.dates_correct}/{self.dates_gold_found} correct "
            f"({_fmt(self.dates_correct, self.dates_gold_found)}) on found visits where gold has a date; "
            f"{self.dates_right}/{self.dates_predicted_found} predicted dates right "
            f"({_fmt(self.dates_right, self.dates_predicted_found)})"
        )
        lines.append(
            f"visit locations: {self.locations_correct}/{self.visits_found} correct; "
            f"target kinds: {self.kinds_agree}/{self.visits_found} agree"
        )
        lines.append(
            f"negative articles with visits: {self.negative_with_visits} of {self.negative_articles}"
            f" ({self.negative_visits} visits)"
        )
        lines.append(f"gold entities split over >1 predicted entity: {self.fragmentation}")
        lines.append(f"articles scored: {len(self.articles)}")
        if self.missing:
            lines.append(f"gold articles without prediction (not scored): {', '.join(self.missing)}")
        if self.unannotated:
            lines.append(f"predicted articles without gold (not scored): {', '.join(self.unannotated)}")
        if verbose:
            for aid, detail in self.articles.items():
                if detail.perfect:
                    continue
                lines.append("")
                lines.append(aid)
                for name in FIELDS:
                    for item in detail.missed.get(name, ()):
                        lines.append(f"  - {name:<13} {item}")
                    for item in detail.false.get(name, ()):
                        lines.append(f"  + {name:<13} {item}")
                for item in detail.wrong_dates:
                    lines.append(f"  ! {'date':<13} {item}")
                for item in detail.split:
                    lines.append(f"  ! {'split':<13} {item}")
        return "\n".join(lines) + "\n"


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _fmt(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "-"
