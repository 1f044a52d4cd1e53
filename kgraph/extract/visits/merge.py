"""Dates, evidence and merging: one visit per (visitor, target) from the triggers found in an article."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span

from kgraph.dates import find_full_dates, month_day, resolve_weekday
from kgraph.extract.spans import span_text
from kgraph.extract.visits.context import ArticleContext, Found, Target, VisitRules
from kgraph.records import Entity, Visit
from kgraph.resources import countries

_RANGE = re.compile(r"\d\s*(?:-|–|—|to|until|through)\s*\d|\bfrom\b|\bto\b|\bbetween\b|\buntil\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)


def _date(rules: VisitRules, f: Found, state: ArticleContext, target: Target) -> dt.date | None:
    if f.trip_noun:
        if target.kind == "place":
            return None  # a tour or trip to a place usually spans days: no single date
        for a in f.anchors:
            for c in a.children:
                if "-day" in c.text.lower() or c.lower_ in ("day", "days"):
                    return None
    anchors = {a.i for a in f.anchors}
    target_toks = {t.token for t in f.targets}
    sent = f.sent
    for ent in state.dates:  # those of ``sent.ents``: the entities wholly inside the sentence
        if ent.start < sent.start or ent.end > sent.end:
            continue
        if not _relates(rules, ent, anchors, target_toks):
            continue
        date = _parse_date(rules, ent, state)
        if date is not None:
            return date
    return None


def _relates(rules: VisitRules, ent: Span, anchors: set[int], targets: set[int]) -> bool:
    tok = ent.root
    for _ in range(8):
        if tok.i in anchors or tok.i in targets:
            return True
        if tok.lower_ in ("according", "said", "says") or tok.head.i == tok.i:
            return False
        if tok.dep_ == "prep" and tok.i > 0 and any(
            t.lower_ == "according" for t in ent.doc[max(tok.sent.start, tok.i - 6) : tok.i]
        ):
            return False  # "According to Xinhua on Friday, ...": the report's date
        if tok.i != ent.root.i and tok.pos_ == "VERB" and tok.i not in anchors:
            return False
        tok = tok.head
    return False


def _parse_date(rules: VisitRules, ent: Span, state: ArticleContext) -> dt.date | None:
    text = ent.text
    lows = {t.lower_ for t in ent}
    if _RANGE.search(text) or (ent.start > 0 and ent.doc[ent.start - 1].lower_ in ("from", "between", "until", "since", "by", "before", "after")):
        return None
    # "from Wednesday to Friday" often splits into two DATE entities
    after = ent.doc[ent.end : ent.end + 2]
    if any(t.lower_ in ("to", "until", "through", "-", "–") for t in after[:1]):
        return None
    full = find_full_dates(text)
    if full:
        return full[0][1]
    if lows & rules.cues.vague_dates:
        return None
    md = month_day(text, state.year)
    if md:
        return md[0][1]
    m = _WEEKDAY.search(text)
    if m:
        return resolve_weekday(m.group(1), state.anchor)
    return None


def _caption_date(rules: VisitRules, visitor: Entity, target: str, state: ArticleContext) -> dt.date | None:
    """A photo-caption date for the same stop: "X talks to staff at T, in P, March 24, 2021."."""
    doc = state.doc
    for tok_i, (ent, span) in sorted(state.ent_at.items()):
        if ent.name != target or tok_i != span.start:
            continue
        para_end = doc.text.find("\n", span.end_char)
        para_end = len(doc.text) if para_end < 0 else para_end
        para_start = doc.text.rfind("\n", 0, span.start_char) + 1
        window = doc.text[span.end_char : min(para_end, span.end_char + 160)]
        dates = [d for _, d in find_full_dates(window)]
        if len(dates) != 1 or _RANGE.search(window.split(str(dates[0].year))[0][-12:] or ""):
            continue
        paragraph = doc.text[para_start:para_end]
        if any(form in paragraph for form in (visitor.name, *visitor.aliases)):
            return dates[0]
    return None


def _evidence(rules: VisitRules, f: Found) -> str:
    sent = f.sent
    text = span_text(sent).strip()
    if len(text.split()) <= 25:
        return text
    anchor = min(f.anchors, key=lambda a: a.i)
    root = anchor
    while root.dep_ not in ("ROOT",) and root.head.i != root.i and len(list(root.subtree)) < 8:
        root = root.head
    span = sent.doc[root.left_edge.i : root.right_edge.i + 1]
    text = span_text(span)
    if len(text.split()) <= 25:
        return text.strip()
    lo = min([anchor.i, *[t.token for t in f.targets]])
    hi = max([anchor.i, *[t.token for t in f.targets]])
    start = max(sent.start, lo - 6)
    end = min(sent.end, max(hi + 6, start + 12))
    window = sent.doc[start:end]
    while len(span_text(window).split()) > 25 and window.end - 1 > hi:
        window = sent.doc[window.start : window.end - 1]
    while len(span_text(window).split()) > 25:
        window = sent.doc[window.start + 1 : window.end]
    return span_text(window).strip()


def merge_visits(rules: VisitRules, found: list[Found], state: ArticleContext) -> list[Visit]:
    by_key: dict[tuple[str, str], dict] = {}
    order: list[tuple[str, str]] = []
    for f in found:
        evidence = _evidence(rules, f)
        anchor = min(a.i for a in f.anchors)
        for visitor in f.visitors:
            for t in f.targets:
                lo, hi = sorted((anchor, t.token))
                if "\n\n" in span_text(state.doc[lo : hi + 1]):
                    continue  # a parse that runs across paragraphs (headline into dateline)
                date = _date(rules, f, state, t)
                if t.name == visitor.name or t.name.lower() in {a.lower() for a in visitor.aliases}:
                    continue
                key = (visitor.name, t.name.lower())
                rec = by_key.get(key)
                if rec is None:
                    by_key[key] = rec = {
                        "visitor": visitor, "target": t.name, "kind": t.kind, "location": t.location,
                        "date": date, "evidence": evidence, "owner": t.owner, "weak": f.weak,
                        "pos": t.token, "trip": f.trip_noun and t.kind == "place",
                    }
                    order.append(key)
                else:
                    if rec["location"] is None and t.location:
                        rec["location"] = t.location
                    if rec["date"] is None and date is not None:
                        rec["date"] = date
                    if rec["owner"] is None and t.owner:
                        rec["owner"] = t.owner
                    if not (f.trip_noun and t.kind == "place"):
                        rec["trip"] = False
                    if rec["weak"] and not f.weak:
                        rec["evidence"], rec["weak"] = evidence, False
    recs = [by_key[k] for k in order]
    for rec in recs:
        if rec["date"] is None and not rec["trip"]:
            rec["date"] = _caption_date(rules, rec["visitor"], rec["target"], state)
    # A sub-site shares its owner's date and location; missing locations fall back to the tour's place.
    for rec in recs:
        owner = rec["owner"] and by_key.get((rec["visitor"].name, rec["owner"].lower()))
        if owner:
            rec["date"] = rec["date"] or owner["date"]
            rec["location"] = rec["location"] or owner["location"]
            owner["date"] = owner["date"] or rec["date"]
            owner["location"] = owner["location"] or rec["location"]
    # A site whose name starts with a place of the article is in that place ("Chongqing University").
    places_named = sorted(
        (e.name for e in state.names.values() if e.kind == "place" and e.name.lower() not in countries()),
        key=lambda name: (-len(name), name),
    )
    for rec in recs:
        if rec["location"] is None and rec["kind"] != "place":
            for name in (rec["target"], rec["owner"] or ""):
                place = next((p for p in places_named if name.startswith(p + " ")), None)
                if place is not None:
                    rec["location"] = place
                    break
    for rec in recs:
        if rec["location"] is not None:
            continue
        mine = [r for r in recs if r["visitor"] == rec["visitor"]]
        places = sorted((r for r in mine if r["kind"] == "place"), key=lambda r: r["pos"])
        if rec["kind"] != "place":
            # a site is in the tour's first place below country level ("a visit to China ... in Beijing")
            places = [r for r in places if r["target"].lower() not in countries()] or places
        tour = None
        if places:
            tour = places[0]["location"] or places[0]["target"]
            if rec["kind"] != "place" and tour.lower() in countries():
                tour = places[0]["target"]
        elif rec["kind"] != "place":
            locs = [r["location"] for r in mine if r["location"]]
            tour = locs[-1] if locs else None
        if tour and tour.lower() != rec["target"].lower():
            rec["location"] = tour
    for rec in recs:
        # a country visited has no location ("Before his China tour, Kerry visited Laos and Cambodia")
        if rec["kind"] == "place" and rec["target"].lower() in countries():
            rec["location"] = None
    out = []
    for rec in recs:
        v: Entity = rec["visitor"]
        out.append(
            Visit(
                visitor=v.name,
                target=rec["target"],
                target_kind=rec["kind"],
                location=rec["location"],
                date=rec["date"],
                evidence=rec["evidence"],
                article=state.article.id,
                role=v.titles[0] if v.titles else "",
            )
        )
    return out
