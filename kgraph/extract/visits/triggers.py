"""Visit triggers: the sentence scan over verbs, trip nouns, hosts, "visiting" guests and fronted "At X" phrases."""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from kgraph.extract.visits.context import (
    ArticleContext,
    Found,
    Target,
    VisitRules,
    at_phrases,
    governor,
    preps,
)
from kgraph.extract.visits.modality import irrealis, remote, verb_forms
from kgraph.extract.visits.people import PRONOUNS, person_entities, subjects_of
from kgraph.extract.visits.targets import (
    deep_places,
    np_targets,
    place_locations,
    prep_place,
    unnamed_place,
)
from kgraph.records import Entity, Visit


def scan_sentence(rules: VisitRules, sent: Span, state: ArticleContext) -> Iterator[Found]:
    cues = rules.cues
    doc, lemmas, triggers = sent.doc, state.lemmas, rules.triggers
    # only tokens whose lemma is a trigger can give anything: skip the others without making Tokens
    for i in range(sent.start, sent.end):
        if lemmas[i] not in triggers:
            continue
        tok = doc[i]
        lemma = lemmas[i]
        found: Found | None = None
        if tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB") and tok.pos_ != "NOUN"):
            if lemma in cues.host_verbs:
                found = _host(rules, tok, sent, state)
            elif lemma in cues.object_verbs or lemma in cues.motion_verbs or lemma == "be":
                found = _verb(rules, tok, sent, state)
            elif lemma == "meet" or lemma == "hold":
                found = _visiting(rules, tok, sent, state)
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in cues.trip_nouns and tok.i not in state.ent_at:
            found = _noun(rules, tok, sent, state)
        if found is not None:
            if found.visitors:
                state.current = list(found.visitors)
            if found.targets:
                state.recent.extend(found.targets)
                yield found
    fronted = _fronted(rules, sent, state)
    if fronted is not None:
        state.current = list(fronted.visitors)
        state.recent.extend(fronted.targets)
        yield fronted


def scan_weak(rules: VisitRules, sent: Span, state: ArticleContext) -> Iterator[Found]:
    """Presence cues ("talks to staff at X", "held a meeting in Beijing") for known visitors."""
    doc, verbs = sent.doc, state.verbs
    for k in range(bisect.bisect_left(verbs, sent.start), bisect.bisect_left(verbs, sent.end)):
        tok = doc[verbs[k]]
        lemma = state.lemmas[tok.i]
        if lemma in rules.cues.not_presence:
            continue
        subjects = subjects_of(rules, tok, state)
        visitors = [p for p in subjects if p.name in state.known_visitors]
        targets: list[Target] = []
        if not visitors:
            # "X upstaged Y at the factory": an "at" site on a non-reporting verb puts anyone there
            if not subjects or lemma in rules.cues.speech or lemma in rules.cues.host_verbs or lemma == "be":
                continue
            for prep in preps(tok):
                if prep.lower_ == "at":
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        targets.extend(t for t in np_targets(rules, pobj, state) if t.kind != "place")
            # the modality check is the costly one: only for clauses that would give a visit
            if targets and not irrealis(rules, tok, sent):
                yield Found(subjects, targets, sent, [tok], weak=True)
            continue
        if irrealis(rules, tok, sent):
            continue
        state.current = visitors
        for prep in preps(tok) if lemma not in rules.cues.object_verbs else ():
            word = prep.lower_
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if word == "in":
                    targets.extend(t for t in np_targets(rules, pobj, state, places=True) if t.kind == "place")
        # "talks to staff at RICOM", "poses with students at Tsinghua": "at" phrases inside the clause
        for prep in at_phrases(tok):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                targets.extend(np_targets(rules, pobj, state, places=True))
        if targets:
            place_locations(rules, targets)
            yield Found(visitors, targets, sent, [tok], weak=True)


def _verb(rules: VisitRules, verb: Token, sent: Span, state: ArticleContext) -> Found | None:
    cues = rules.cues
    lemma = verb.lemma_.lower()
    if lemma == "be" and not any(c.dep_ == "prep" and c.lower_ in ("in", "at") for c in verb.children):
        return None
    if irrealis(rules, verb, sent):
        return None
    visitors = subjects_of(rules, verb, state)
    if not visitors:
        return None
    targets: list[Target] = []
    unnamed_places: list[Target] = []
    if lemma in cues.object_verbs:
        for obj in (c for c in verb.children if c.dep_ in ("dobj", "attr")):
            got = np_targets(rules, obj, state, places=True, restrict_place=lemma == "investigate")
            if got:
                targets.extend(got)
            else:
                places = unnamed_place(rules, obj, state)
                if not places and obj.lemma_.lower() in cues.site_nouns:
                    # "opened a new hospice in Bristol", with "in Bristol" on the verb
                    places = unnamed_place(rules, verb, state)
                unnamed_places.extend(places)
    if lemma in cues.motion_verbs or lemma == "be":
        allowed = {"in", "at"} if lemma == "be" else cues.motion_preps
        if lemma == "tour":
            allowed = allowed | {"of", "around", "through"}
        for prep in preps(verb):
            if prep.lower_ not in allowed:
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                if pobj.lower_ in ("home", "here", "there"):
                    continue
                got = np_targets(rules, pobj, state, places=True)
                if prep.lower_ == "for":
                    got = []
                if prep.lower_ == "in" and lemma not in ("be", "arrive", "land", "stop"):
                    got = [t for t in got if t.kind == "place"]
                if prep.lower_ == "in" and lemma in cues.object_verbs and any(
                    t.kind != "place" for t in targets
                ):
                    # "visited Sunward in Changsha": the place only locates the site
                    for t in targets:
                        if t.location is None and got:
                            t.location = got[0].name
                    continue
                targets.extend(got)
    if not targets and unnamed_places:
        targets = unnamed_places
    elif targets and lemma in cues.object_verbs:
        # "visited a company in Xining": the verb's own "in X" locates the site.
        loc = prep_place(rules, verb, state)
        for t in targets:
            if t.location is None and t.kind != "place" and loc and loc != t.name:
                t.location = loc
    if not targets and lemma not in cues.object_verbs and lemma not in cues.motion_verbs:
        return None
    place_locations(rules, targets)
    return Found(visitors, targets, sent, [verb])


def _noun(rules: VisitRules, noun: Token, sent: Span, state: ArticleContext) -> Found | None:
    cues = rules.cues
    if any(c.lower_ in cues.not_adjectives for c in noun.children if c.dep_ in ("amod", "compound", "nmod")):
        return None
    if any(c.lower_ in cues.virtual for c in noun.children):
        return None
    gov = governor(noun)
    direct = gov is not None and (noun.head.i == gov.i or (noun.dep_ == "pobj" and noun.head.head.i == gov.i))
    if gov is not None and direct and (verb_forms(gov) & cues.cancel_verbs or irrealis(rules, gov, sent)):
        return None
    if remote(rules, sent):
        return None
    visitors: list[Entity] = []
    for c in noun.children:
        if c.dep_ == "poss":
            if c.lower_ in PRONOUNS and gov is not None:
                # "Before his China tour, Kerry visited ...": the clause's own subject owns the pronoun
                visitors = [p for p in subjects_of(rules, gov, state) if c.lower_ in PRONOUNS]
            if not visitors:
                visitors = person_entities(rules, c, state, gov)
        elif c.dep_ == "prep" and c.lower_ == "by":
            for p in (x for x in c.children if x.dep_ == "pobj"):
                visitors = person_entities(rules, p, state, gov)
    if not visitors and gov is not None and noun.dep_ != "nsubj" and (
        noun.dep_ in ("dobj", "attr", "pobj", "npadvmod", "conj", "appos") or gov.lemma_.lower() in cues.light_verbs
    ):
        up: Token | None = gov
        for _ in range(4):
            if up is None:
                break
            visitors = subjects_of(rules, up, state)
            if visitors or up.dep_ not in ("ccomp", "advcl", "conj", "xcomp", "acl") or up.head.i == up.i:
                break
            up = up.head
            # "urged efforts to advance X during a tour": through the noun to its verb
            if up.pos_ == "NOUN" and up.dep_ in ("dobj", "pobj") and up.head.i != up.i:
                up = up.head if up.dep_ == "dobj" else up.head.head
    if not visitors:
        return None
    targets: list[Target] = []
    direct_object = False
    children = list(noun.children)
    if gov is not None and noun.dep_ == "dobj" and noun.head.i == gov.i and gov.lemma_.lower() in cues.light_verbs:
        # "made an inspection tour in Hunan Province": the place hangs on the light verb
        children += [c for c in gov.children if c.dep_ == "prep" and c.lower_ in ("to", "in") and c.i > noun.i]
    for c in children:
        if c.dep_ == "prep" and c.lower_ in ("to", "of", "in", "at", "around", "through", "into"):
            for pobj in (x for x in c.children if x.dep_ == "pobj"):
                if c.lower_ == "into" and noun.lemma_.lower() != "investigation":
                    continue
                got = np_targets(rules, pobj, state, places=True, restrict_place=noun.lemma_.lower() == "investigation")
                if got and c.lower_ in ("to", "of", "at"):
                    direct_object = True
                if not got and c.lower_ == "into":
                    got = deep_places(rules, pobj, state)
                if not got:
                    got = unnamed_place(rules, pobj, state)
                if c.lower_ == "in":
                    got = [t for t in got if t.kind == "place"]
                    if targets and direct_object:
                        for t in targets:
                            t.location = t.location or (got[0].name if got else None)
                        continue
                targets.extend(got)
        elif c.dep_ in ("compound", "nmod", "amod") and c.i in state.ent_at:
            ent, _ = state.ent_at[c.i]
            if ent.kind == "place" and not any(t.name == ent.name for t in targets):
                targets.append(Target(ent.name, "place", c.i))
    has_object = any(c.dep_ == "prep" and c.lower_ in ("to", "of", "in", "at") for c in children)
    if not targets and not has_object and gov is not None and noun.dep_ == "pobj" and noun.head.lower_ in (
        "on", "during"
    ):
        # "sent greetings to the people of A, B and C in P on an inspection trip": the clause's places
        clause = gov
        for tok in clause.subtree:
            if tok.i in state.ent_at and tok not in noun.subtree and tok.sent == sent:
                ent, span = state.ent_at[tok.i]
                if ent.kind == "place" and tok.i == span.start and not any(t.name == ent.name for t in targets):
                    targets.append(Target(ent.name, "place", tok.i))
    place_locations(rules, targets)
    anchors = [noun] + ([gov] if gov is not None else [])
    return Found(visitors, targets, sent, anchors, trip_noun=True)


def _host(rules: VisitRules, verb: Token, sent: Span, state: ArticleContext) -> Found | None:
    """"X received/welcomed Y at the airport": Y was at the airport."""
    if irrealis(rules, verb, sent):
        return None
    guests: list[Entity] = []
    for c in verb.children:
        if c.dep_ == "dobj":
            guests = person_entities(rules, c, state, verb)
    if not guests:
        return None
    targets: list[Target] = []
    for prep in preps(verb):
        if prep.lower_ in ("at", "in"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                targets.extend(np_targets(rules, pobj, state, places=True))
    if not targets:
        return None
    place_locations(rules, targets)
    return Found(guests, targets, sent, [verb])


def _visiting(rules: VisitRules, verb: Token, sent: Span, state: ArticleContext) -> Found | None:
    """"met with visiting X": the guest visited the place named, or the dateline place."""
    if irrealis(rules, verb, sent):
        return None
    guests: list[Entity] = []
    for tok in verb.subtree:
        if tok.lower_ == "visiting" and tok.dep_ in ("amod", "compound", "nmod") and tok.head.i in state.ent_at:
            ent, _ = state.ent_at[tok.head.i]
            if ent.kind == "person":
                guests.append(ent)
    if not guests:
        return None
    place = prep_place(rules, verb, state) or state.dateline
    if place is None:
        return None
    return Found(guests, [Target(place, "place", verb.i)], sent, [verb])


def _fronted(rules: VisitRules, sent: Span, state: ArticleContext) -> Found | None:
    """"At X, Premier Li observed ..." / "In Suzhou, Xi visited ..."."""
    first = next((t for t in sent if not t.is_space and not t.is_punct), None)
    if first is None or first.lower_ not in ("at", "in") or first.dep_ != "prep":
        return None
    verb = first.head
    if verb.pos_ not in ("VERB", "AUX") or irrealis(rules, verb, sent):
        return None
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subj or subj[0].i < first.i:
        return None
    visitors = subjects_of(rules, verb, state)
    if not visitors:
        return None
    if verb.lemma_.lower() in rules.cues.not_presence:
        return None
    targets: list[Target] = []
    for pobj in (c for c in first.children if c.dep_ == "pobj"):
        got = np_targets(rules, pobj, state, places=True)
        if first.lower_ == "in":
            got = [t for t in got if t.kind == "place" or pobj.i not in state.ent_at]
        targets.extend(got)
    if not targets:
        return None
    place_locations(rules, targets)
    return Found(visitors, targets, sent, [verb])


def surface_visits(
    rules: VisitRules, doc: Doc, pairs: Sequence[tuple[Entity, Span]], state: ArticleContext
) -> list[Visit]:
    """Degraded mode (no parser): "PERSON visited/toured/inspected/arrived in TARGET" within a sentence."""
    cues = rules.cues
    out: dict[tuple[str, str], Visit] = {}
    verbs = {"visited", "visits", "toured", "tours", "inspected", "inspects", "arrived", "arrives"}
    stops = cues.modal_aux | {"not", "never", "to", "plans", "planned", "expected", "scheduled", "cancelled",
                              "canceled", "hopes", "virtually", "online", "website"}
    for i, (ent, span) in enumerate(pairs):
        if ent.kind != "person":
            continue
        sent = span.sent
        for tok in doc[span.end : min(sent.end, span.end + 6)]:
            if tok.lower_ in stops:
                break
            if tok.lower_ not in verbs:
                continue
            for other, ospan in pairs[i + 1 :]:
                if ospan.start < tok.i or ospan.start > tok.i + 4 or ospan.sent != sent:
                    continue
                if other.kind != "person" and not any(t.lower_ in stops for t in sent):
                    key = (ent.name, other.name)
                    if key not in out:
                        out[key] = Visit(ent.name, other.name, other.kind, None, None, sent.text.strip()
                                         if len(sent.text.split()) <= 25 else doc[span.start : ospan.end].text,
                                         state.article.id, ent.titles[0] if ent.titles else "")
                break
            break
    return list(out.values())
