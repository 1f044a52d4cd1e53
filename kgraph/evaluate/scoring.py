"""Compare predicted article results with gold annotations, article by article, into a :class:`Report`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial

# GoldVisit is not used by the code here, but the doctest of score runs in this module's namespace.
from kgraph.evaluate.gold import GoldArticle, GoldEntity, GoldVisit  # noqa: F401
from kgraph.evaluate.matching import assign, match_key, match_level, name_forms, topic_match_level
from kgraph.evaluate.report import ArticleDetail, Report
from kgraph.records import ArticleResult, Entity

__all__ = ["score"]

#: Predicted entity kinds scored against each gold entity list.
_FIELD_KINDS = {
    "persons": ("person",),
    "organizations": ("organization", "facility"),
    "places": ("place",),
}

_TARGET_KINDS = ("organization", "facility", "place")

# ---------------------------------------------------------------------------------------------------------------
# Scoring


_Forms = tuple[str, frozenset[str]]


def _pair_level(pforms: Sequence[_Forms], gforms: Sequence[_Forms], tolerant: bool, i: int, j: int) -> float:
    """Match level of predicted entity ``i`` and gold entity ``j`` (the ``level`` callback of :func:`assign`)."""
    return match_level(pforms[i], gforms[j], tolerant)


def score(gold: Mapping[str, GoldArticle], predicted: Mapping[str, ArticleResult]) -> Report:
    """Compare predictions with gold annotations, article by article, and sum the counts.

    Only articles present in both mappings are scored; the others are listed in ``Report.missing`` and
    ``Report.unannotated``. The function is pure: it does not load spaCy or touch files.

    Parameters
    ----------
    gold
        Article id -> :class:`GoldArticle` (see :func:`load_gold`).
    predicted
        Article id -> :class:`~kgraph.records.ArticleResult` (see :func:`predict`).

    Returns
    -------
    Report

    Examples
    --------
    >>> from kgraph.records import Article, ArticleResult, Entity, Visit
    >>> gold = {"a1": GoldArticle("a1", persons=(GoldEntity("Xi Jinping", ("Xi",)),),
    ...                           places=(GoldEntity("Hunan"),), visits=(GoldVisit("Xi Jinping", "Hunan"),))}
    >>> result = ArticleResult(Article("a1", "..."),
    ...     entities=(Entity("person:xi", "person", "Xi"), Entity("place:hunan", "place", "Hunan Province")),
    ...     visits=(Visit("Xi", "Hunan Province", "place", None, None, "", "a1"),))
    >>> report = score(gold, {"a1": result})
    >>> report["persons"].f1, report["places"].f1, report["visits"].f1
    (1.0, 1.0, 1.0)
    """
    report = Report()
    report.missing = [aid for aid in gold if aid not in predicted]
    report.unannotated = [aid for aid in predicted if aid not in gold]
    for aid, article in gold.items():
        if aid in predicted:
            _score_article(article, predicted[aid], report)
    return report


def _score_article(gold: GoldArticle, result: ArticleResult, report: Report) -> None:
    detail = ArticleDetail(gold.id)
    report.articles[gold.id] = detail

    # Entities ------------------------------------------------------------------------------------------------
    for name, kinds in _FIELD_KINDS.items():
        golds: tuple[GoldEntity, ...] = getattr(gold, name)
        preds = [e for e in result.entities if e.kind in kinds]
        gforms = [name_forms(g.name, g.aliases) for g in golds]
        pforms = [name_forms(p.name, p.aliases) for p in preds]
        tolerant = name != "persons"
        pairs, extra = assign(len(preds), len(golds), partial(_pair_level, pforms, gforms, tolerant))
        _count(report, detail, name, len(preds), len(golds), pairs, [p.name for p in preds], [g.name for g in golds])
        split: dict[int, list[str]] = {}
        for i, j in extra.items():
            split.setdefault(j, [preds[k].name for k, jj in pairs.items() if jj == j]).append(preds[i].name)
        for j in sorted(split):
            report.fragmentation += 1
            detail.split.append(f"{name[:-1]} {golds[j].name!r} <- {', '.join(repr(n) for n in split[j])}")

    # Visits --------------------------------------------------------------------------------------------------
    person_index = _EntityIndex(e for e in result.entities if e.kind == "person")
    target_index = _EntityIndex(e for e in result.entities if e.kind in _TARGET_KINDS)
    gold_persons = {g.name: name_forms(g.name, g.aliases) for g in gold.persons}
    gold_targets = {g.name: name_forms(g.name, g.aliases) for g in (*gold.places, *gold.organizations)}
    gold_places = {g.name: name_forms(g.name, g.aliases) for g in gold.places}

    def gperson(name: str) -> tuple[str, frozenset[str]]:
        return gold_persons.get(name) or name_forms(name, ())

    def gtarget(name: str) -> tuple[str, frozenset[str]]:
        return gold_targets.get(name) or name_forms(name, ())

    pvisits = list(result.visits)
    pv_forms = [(person_index.forms(v.visitor), target_index.forms(v.target)) for v in pvisits]
    gv_forms = [(gperson(v.visitor), gtarget(v.target)) for v in gold.visits]

    def visit_level(i: int, j: int) -> float:
        levels = [match_level(pv_forms[i][0], gv_forms[j][0], False), match_level(pv_forms[i][1], gv_forms[j][1])]
        return min(levels) * 10 + sum(levels) if min(levels) else 0.0

    pairs, _ = assign(len(pvisits), len(gold.visits), visit_level)
    _count(
        report,
        detail,
        "visits",
        len(pvisits),
        len(gold.visits),
        pairs,
        [f"{v.visitor} -> {v.target}" for v in pvisits],
        [f"{v.visitor} -> {v.target}" for v in gold.visits],
    )
    dates = report.fields["visit dates"]
    dated_pred = sum(1 for v in pvisits if v.date is not None)
    dated_gold = sum(1 for v in gold.visits if v.date is not None)
    date_tp = 0
    for i, j in sorted(pairs.items(), key=lambda p: p[1]):
        pv, gv = pvisits[i], gold.visits[j]
        report.visits_found += 1
        report.kinds_agree += pv.target_kind == gv.target_type
        if gv.location is None:
            report.locations_correct += pv.location is None
        elif pv.location is not None:
            level = match_level(name_forms(pv.location, target_index.aliases(pv.location)), gold_places.get(
                gv.location
            ) or name_forms(gv.location, ()))
            report.locations_correct += level > 0
        if gv.date is not None:
            report.dates_gold_found += 1
            report.dates_correct += pv.date == gv.date
        if pv.date is not None:
            report.dates_predicted_found += 1
            report.dates_right += pv.date == gv.date
        if pv.date is not None and pv.date == gv.date:
            date_tp += 1
        elif pv.date is not None or gv.date is not None:
            got = pv.date.isoformat() if pv.date else "none"
            want = gv.date.isoformat() if gv.date else "none"
            detail.wrong_dates.append(f"{gv.visitor} -> {gv.target}: {got} (gold {want})")
    dates.add(date_tp, dated_pred - date_tp, dated_gold - date_tp)
    detail.missed["visit dates"] = [
        f"{v.visitor} -> {v.target} {v.date.isoformat()}"
        for j, v in enumerate(gold.visits)
        if v.date is not None and j not in pairs.values()
    ]
    detail.false["visit dates"] = [
        f"{v.visitor} -> {v.target} {v.date.isoformat()}"
        for i, v in enumerate(pvisits)
        if v.date is not None and i not in pairs
    ]

    if gold.negative:
        report.negative_articles += 1
        report.negative_with_visits += bool(pvisits)
        report.negative_visits += len(pvisits)

    # Companions ----------------------------------------------------------------------------------------------
    pcomp = list(result.companions)
    pc_forms = [
        (person_index.forms(c.person), person_index.forms(c.visitor), target_index.forms(c.target)) for c in pcomp
    ]
    gc_forms = [(gperson(c.person), gperson(c.visitor), gtarget(c.target)) for c in gold.companions]

    def companion_level(i: int, j: int) -> float:
        levels = [match_level(p, g, k == 2) for k, (p, g) in enumerate(zip(pc_forms[i], gc_forms[j], strict=True))]
        return min(levels) * 10 + sum(levels) if min(levels) else 0.0

    pairs, _ = assign(len(pcomp), len(gold.companions), companion_level)
    _count(
        report,
        detail,
        "companions",
        len(pcomp),
        len(gold.companions),
        pairs,
        [f"{c.person} with {c.visitor} -> {c.target}" for c in pcomp],
        [f"{c.person} with {c.visitor} -> {c.target}" for c in gold.companions],
    )

    # Topics --------------------------------------------------------------------------------------------------
    ptopics = list(dict.fromkeys(result.topics))
    pairs, _ = assign(len(ptopics), len(gold.topics), lambda i, j: topic_match_level(ptopics[i], gold.topics[j]))
    _count(report, detail, "topics", len(ptopics), len(gold.topics), pairs, ptopics, list(gold.topics))


def _count(
    report: Report,
    detail: ArticleDetail,
    name: str,
    n_pred: int,
    n_gold: int,
    pairs: Mapping[int, int],
    pred_labels: Sequence[str],
    gold_labels: Sequence[str],
) -> None:
    tp = len(pairs)
    report.fields[name].add(tp, n_pred - tp, n_gold - tp)
    matched = set(pairs.values())
    detail.missed[name] = [label for j, label in enumerate(gold_labels) if j not in matched]
    detail.false[name] = [label for i, label in enumerate(pred_labels) if i not in pairs]


class _EntityIndex:
    """Predicted entities by name, so that a visit's visitor or target brings its entity's aliases."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._exact: dict[str, tuple[str, ...]] = {}
        self._keyed: dict[str, tuple[str, ...]] = {}
        for entity in entities:
            self._exact.setdefault(entity.name, entity.aliases)
            self._keyed.setdefault(match_key(entity.name), entity.aliases)

    def aliases(self, name: str) -> tuple[str, ...]:
        if name in self._exact:
            return self._exact[name]
        return self._keyed.get(match_key(name), ())

    def forms(self, name: str) -> tuple[str, frozenset[str]]:
        return name_forms(name, self.aliases(name))
