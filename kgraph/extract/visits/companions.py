"""Companions: people who accompanied or joined a visitor, or were members of the visiting delegation."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span

from kgraph.extract.spans import span_text
from kgraph.extract.visits.context import ArticleContext, Found, VisitRules
from kgraph.extract.visits.people import person_entities, subjects_of
from kgraph.records import Companion, Entity, Visit


def find_companions(
    rules: VisitRules, sents: Iterable[Span], state: ArticleContext, visits: list[Visit], found: list[Found]
) -> list[Companion]:
    out: list[Companion] = []
    seen: set[tuple[str, str, str]] = set()
    visitor_names = {v.visitor for v in visits}
    place_targets = {(v.visitor, v.target) for v in visits if v.target_kind == "place"}
    for sent in sents:
        earlier = [f for f in found if f.sent.start <= sent.start and f.visitors]
        state.current = list(earlier[-1].visitors) if earlier else []
        for i in range(sent.start, sent.end):
            lemma = state.lemmas[i]
            if lemma not in ("accompany", "join", "include"):
                continue  # nothing below reads any other token
            tok = sent.doc[i]
            delegation = False
            people: list[Entity] = []
            visitors: list[Entity] = []
            if lemma in ("accompany", "join") and tok.tag_ == "VBN":
                for c in tok.children:
                    if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                        for p in c.subtree:
                            if p.i in state.ent_at and state.ent_at[p.i][0].kind == "person":
                                ent = state.ent_at[p.i][0]
                                if ent not in people:
                                    people.append(ent)
                # "joined by X and Y" parsed with Y as a conjunct of the verb
                for c in tok.children:
                    if (c.dep_ == "conj" and c.i in state.ent_at and state.ent_at[c.i][0].kind == "person"
                            and state.ent_at[c.i][0] not in people):
                        people.append(state.ent_at[c.i][0])
                subj = [c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")]
                if subj:
                    visitors = person_entities(rules, subj[0], state, tok)
                elif tok.dep_ == "acl" and tok.head.i in state.ent_at:
                    visitors = [state.ent_at[tok.head.i][0]]
                else:
                    visitors = subjects_of(rules, tok, state)
            elif lemma == "include" and tok.head.lemma_.lower() == "delegation":
                for c in tok.children:
                    if c.dep_ == "dobj":
                        for p in c.subtree:
                            if p.i in state.ent_at and state.ent_at[p.i][0].kind == "person":
                                ent = state.ent_at[p.i][0]
                                if ent not in people:
                                    people.append(ent)
                root = sent.root
                visitors = subjects_of(rules, root, state)
                delegation = True
            if not people:
                continue
            visitors = [v for v in visitors if v.name in visitor_names]
            if not visitors:
                continue
            for v in visitors:
                here = [f for f in found if f.sent == sent and v in f.visitors]
                if here:
                    targets = [t.name for f in here for t in f.targets]
                    names = {x.target.lower(): x.target for x in visits if x.visitor == v.name}
                    targets = [names[t.lower()] for t in targets if t.lower() in names]
                else:
                    targets = [x.target for x in visits if x.visitor == v.name and
                               _before(x, sent, found)]
                if delegation:
                    # a delegation travels with the trip: its members join the place-level visits
                    targets = [t for t in targets if (v.name, t) in place_targets] or targets
                for person in people:
                    if person.name == v.name or person.name in visitor_names:
                        continue
                    for target in targets:
                        key = (person.name, v.name, target)
                        if key not in seen:
                            seen.add(key)
                            out.append(Companion(person.name, v.name, target, _evidence_text(sent), state.article.id))
    return out


def _before(visit: Visit, sent: Span, found: list[Found]) -> bool:
    for f in found:
        if any(t.name.lower() == visit.target.lower() for t in f.targets) and f.sent.start <= sent.start:
            return True
    return False


def _evidence_text(sent: Span) -> str:
    text = span_text(sent).strip()
    if len(text.split()) <= 25:
        return text
    return span_text(sent.doc[sent.start : min(sent.end, sent.start + 25)]).strip()
