"""Visit targets: organisations, facilities and places named by a noun phrase, their owners and locations."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kgraph.extract.spans import span_text
from kgraph.extract.visits.context import (
    ArticleContext,
    Target,
    VisitRules,
    conjuncts,
    preps,
)
from kgraph.records import Entity
from kgraph.rules import default_rules

#: The word lists, from the rule book (resources/rules.toml [targets] and [legal]).
_RULES = default_rules()

_ORG_HEADS = _RULES.target_org_heads
_FACILITY_HEADS = _RULES.target_facility_heads
_ADMIN_UNITS = _RULES.target_admin_units
_PLACE_WORD_HEADS = _RULES.target_place_word_heads
_UNIT_HEADS = _RULES.target_unit_heads
_OWNER_HEADS = _RULES.target_owner_heads
_DIRECTIONS = _RULES.target_directions
_LEGAL = frozenset(w.lower() for w in _RULES.legal_words)
_NAME_LINKS = _RULES.target_name_links
_QUOTES = "\"'“”‘’«»"


def _entity(rules: VisitRules, tok: Token, state: ArticleContext) -> tuple[Entity, Span, str] | None:
    """The non-person entity covering ``tok`` (a person-typed site name counts as a facility)."""
    hit = state.ent_at.get(tok.i)
    if hit is None:
        return None
    ent, span = hit
    kind = ent.kind
    if kind == "person":
        last = span[-1].lower_
        if last in _ORG_HEADS:
            kind = "organization"
        elif last in _FACILITY_HEADS:
            kind = "facility"
        elif last in _PLACE_WORD_HEADS:
            kind = "place"
        else:
            return None
    return ent, span, kind


def np_targets(
    rules: VisitRules, head: Token, state: ArticleContext, *, places: bool = True, restrict_place: bool = False, depth: int = 0
) -> list[Target]:
    """Targets named by the noun phrase headed by ``head`` and its conjuncts."""
    out: list[Target] = []
    heads = [head, *conjuncts(head)]
    for h in heads:
        got = _np_one(rules, h, state, depth)
        out.extend(got)
    # "the X and the Y of Z": an owner on the last conjunct applies to all
    owners = [t for t in out if t.owner is None and any(o.owner == t.name for o in out)]
    if owners and len(heads) > 1:
        for t in out:
            if t.owner is None and t.kind != "place" and t not in owners:
                t.owner = owners[0].name
    if restrict_place:
        out = [t for t in out if t.kind == "place"]
    if not places:
        out = [t for t in out if t.kind != "place"]
    seen: set[str] = set()
    uniq = []
    for t in out:
        t.name = state.aliases.get(t.name, t.name)
        if t.name.lower() not in seen:
            seen.add(t.name.lower())
            uniq.append(t)
    return uniq


def _np_one(rules: VisitRules, h: Token, state: ArticleContext, depth: int) -> list[Target]:
    cues = rules.cues
    hit = _entity(rules, h, state)
    low = h.lower_
    if hit is None:
        # the head may be a title-less descriptor of an entity ("tech giant Baidu")
        for c in h.children:
            if c.dep_ in ("appos", "compound", "flat") and c.i > h.i and _entity(rules, c, state) and (
                h.doc[c.i - 1].text != "("
            ):
                hit = _entity(rules, c, state)
                h = c
                break
            if (low in _LEGAL and c.dep_ in ("compound", "nmod", "flat") and (e := _entity(rules, c, state))
                    and e[2] != "place"):
                hit = e
                h = c
                break
    if hit is not None:
        ent, span, kind = hit
        kind = _kind_from_appos(rules, h, kind)
        name = ent.name
        parts = name.split(" and ")
        if len(parts) == 2 and all(p.lower() in state.names for p in parts):
            # "Tsinghua University and Peking University" tagged as one span
            return [
                Target(state.names[p.lower()].name, state.names[p.lower()].kind, h.i) for p in parts
            ]
        head_noun = span[-1].lower_
        targets: list[Target] = []
        split = _split_owner(name) if kind != "place" else None
        if split:
            unit, owner = split
            targets.append(Target(unit, kind, h.i, owner=owner, head_noun=head_noun))
            targets.append(Target(owner, "organization", h.i, head_noun=owner.split()[-1].lower()))
        else:
            targets.append(Target(name, kind, h.i, head_noun=head_noun))
        main = targets[0]
        # "Huxi Campus of Chongqing University": a named owner of a named sub-site
        if kind in ("facility", "organization") and head_noun in _UNIT_HEADS | _FACILITY_HEADS:
            for of_owner in _of_owners(rules, h, state, depth):
                if of_owner.name != main.name:
                    main.owner = of_owner.name
                    targets.append(of_owner)
        main.location = _location(rules, h, state, exclude=main.name)
        for t in targets[1:]:
            t.location = t.location or main.location
        return targets
    # a place named with its head word: "the city of Fuzhou", "Tongren city", "Jinpo village"
    if low in cues.place_heads or h.lemma_.lower() in cues.place_heads:
        compounds = [c for c in h.children if c.dep_ in ("compound", "nmod")]
        for c in h.children:
            if c.dep_ in ("compound", "nmod") and (e := _entity(rules, c, state)) and e[2] == "place":
                if h.is_title and not c.is_title:
                    continue
                # "Tongren city"; "central China's Hunan Province" where the entity stops before "Province"
                if h.is_lower or (h.lower_ in _ADMIN_UNITS and len(compounds) == 1):
                    return [Target(e[0].name, "place", c.i, location=_location(rules, h, state, e[0].name))]
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in (x for x in c.children if x.dep_ == "pobj"):
                    if (e := _entity(rules, p, state)) and e[2] == "place":
                        return [Target(e[0].name, "place", p.i, location=_location(rules, h, state, e[0].name))]
    targets = []
    # an unnamed site with a named owner: "the Yizhuang office of Baidu", "Sunderland's Nissan plant"
    if not h.is_title or h.pos_ != "PROPN":
        if depth < 2 and (low in cues.site_nouns or h.pos_ == "NOUN"):
            targets.extend(t for t in _of_owners(rules, h, state, depth) if t.kind != "place")
        if not targets:
            # "an ailing Whirlpool dryer factory", "Sunderland's Nissan plant": a named owner in front
            for c in h.doc[h.left_edge.i : h.i]:
                if (c.dep_ in ("compound", "poss", "nmod") and (e := _entity(rules, c, state)) and e[2] != "place"
                        and not any(t.name == e[0].name for t in targets)):
                    targets.append(Target(e[0].name, e[2], c.i, head_noun=low))
        if targets:
            loc = _location(rules, h, state, exclude=targets[0].name)
            for t in targets:
                t.location = t.location or loc
            return targets
    fallback = _fallback(rules, h, state)
    if fallback is not None:
        out = [fallback]
        if fallback.kind != "place" and depth < 2:
            for of_owner in _of_owners(rules, h, state, depth):
                if of_owner.name != fallback.name:
                    fallback.owner = fallback.owner or of_owner.name
                    out.append(of_owner)
        return out
    # "the factory" -> the most recent target named with that head noun
    if (low in cues.site_nouns and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in h.children)
            and not any(c.dep_ in ("compound", "amod", "poss") for c in h.children)):
        for t in reversed(state.recent):
            if t.head_noun == low or t.name.lower().split()[-1] == low:
                return [Target(t.name, t.kind, h.i, location=t.location, head_noun=low)]
    return []


def _of_owners(rules: VisitRules, h: Token, state: ArticleContext, depth: int) -> list[Target]:
    """Named owners in "of X" / ", a ... of X" attached to ``h``."""
    out: list[Target] = []
    for c in h.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for p in (x for x in c.children if x.dep_ == "pobj"):
                out.extend(t for t in np_targets(rules, p, state, depth=depth + 1) if t.kind != "place")
        elif c.dep_ == "appos":
            out.extend(_of_owners(rules, c, state, depth + 1) if depth < 2 else [])
    return out


def _fallback(rules: VisitRules, h: Token, state: ArticleContext) -> Target | None:
    """A target from a proper-noun phrase the entity layer missed ("the Analysis and Test Center")."""
    if not h.is_title and h.lower_ not in rules.cues.place_heads:
        return None
    start = h.left_edge.i
    toks = [t for t in h.doc[start : h.i + 1]]
    while toks and (toks[0].dep_ == "det" or toks[0].is_punct or toks[0].text in _QUOTES or toks[0].is_stop and not toks[0].is_title):
        toks.pop(0)
    if not toks:
        return None
    if any(not (t.is_title or t.is_upper or t.lower_ in _NAME_LINKS or t.text in _QUOTES or t.i == h.i) for t in toks):
        # keep the contiguous title-case run that ends at the head
        run: list[Token] = []
        for t in reversed(toks):
            if t.is_title or t.is_upper or t.lower_ in _NAME_LINKS or t.i == h.i:
                run.insert(0, t)
            else:
                break
        toks = run
    while toks and toks[0].lower_ in _NAME_LINKS:
        toks.pop(0)
    if not toks or all(t.i == h.i for t in toks) and not h.is_title:
        return None
    head = h.lower_
    location = None
    if not h.is_title:
        # "the Shanghai Lingang area": the place entity in front locates the new place
        named = [t for t in toks if t.i != h.i]
        while named and (e := _entity(rules, named[0], state)) and e[2] == "place":
            location = e[0].name
            named.pop(0)
        if not named or any(t.i in state.ent_at for t in named):
            return None
        name = " ".join(t.text for t in named)
    else:
        if len(toks) < 2:
            return None
        if any(t.i in state.ent_at and state.ent_at[t.i][0].kind == "person" for t in toks):
            return None
        name = h.doc[toks[0].i : toks[-1].i + 1].text.strip(_QUOTES + " ")
    if head in _ORG_HEADS:
        kind = "organization"
    elif head in _PLACE_WORD_HEADS:
        kind = "place"
    elif head in _FACILITY_HEADS:
        kind = "facility"
    else:
        return None
    if kind == "place":
        name = re.sub(r"\s+(?:[Pp]rovince|city|[Mm]unicipality)$", "", name)
    if not name or name.lower() == head:
        return None
    return Target(name, kind, h.i, location=location or _location(rules, h, state, exclude=name), head_noun=head)


def unnamed_place(rules: VisitRules, h: Token, state: ArticleContext) -> list[Target]:
    """The named place of an unnamed site ("a company producing carpets in Xining" -> Xining)."""
    heads = [h, *(c for c in h.children if c.dep_ in ("acl", "relcl", "appos"))]
    for head in heads:
        for tok in head.children:
            if tok.dep_ == "prep" and tok.lower_ in ("in", "at", "near"):
                if "\n" in span_text(h.doc[min(h.i, tok.i) : max(h.i, tok.i) + 1]):
                    continue
                for p in (x for x in tok.children if x.dep_ == "pobj"):
                    got = [t for t in np_targets(rules, p, state) if t.kind == "place"]
                    if got:
                        return got
    return []


def deep_places(rules: VisitRules, h: Token, state: ArticleContext) -> list[Target]:
    """Places named in an "investigation into the construction of X in Y" phrase."""
    out: list[Target] = []
    for tok in h.subtree:
        if tok.i in state.ent_at:
            ent, span = state.ent_at[tok.i]
            if ent.kind == "place" and tok.i == span.start and not any(t.name == ent.name for t in out):
                out.append(Target(ent.name, "place", tok.i))
    place_locations(rules, out)
    return out


def _kind_from_appos(rules: VisitRules, h: Token, kind: str) -> str:
    """"RICOM, an optical lens company": an organisation whatever the entity layer said."""
    for c in h.children:
        if c.dep_ == "appos" and c.lemma_.lower() in rules.cues.org_appositives:
            return "organization"
    return kind


def _location(rules: VisitRules, h: Token, state: ArticleContext, exclude: str) -> str | None:
    """The named place where the site headed by ``h`` is ("X in Changsha", "Beijing's X", "X, Hunan")."""
    cands: list[Token] = [h]
    cands.extend(c for c in h.children if c.dep_ == "appos")
    for cand in cands:
        for c in cand.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "outside"):
                for p in (x for x in c.children if x.dep_ == "pobj"):
                    name = _place_name(rules, p, state)
                    if name and name != exclude:
                        return name
            if c.dep_ in ("poss", "compound", "nmod", "npadvmod") and c.i < h.i:
                e = _entity(rules, c, state)
                if any(x.dep_ == "amod" and x.lower_ in _DIRECTIONS for x in c.children):
                    continue
                if e and e[2] == "place" and e[0].name != exclude:
                    return e[0].name
            if c.dep_ == "appos" and cand.i == h.i:
                name = _place_name(rules, c, state)
                if name and name != exclude:
                    return name
    return None


def _place_name(rules: VisitRules, p: Token, state: ArticleContext) -> str | None:
    e = _entity(rules, p, state)
    if e and e[2] == "place":
        return e[0].name
    if p.lower_ in rules.cues.place_heads:
        for c in p.children:
            if c.dep_ in ("compound", "nmod", "poss") and (e := _entity(rules, c, state)) and e[2] == "place":
                return e[0].name
            if c.dep_ == "prep" and c.lower_ == "of":
                for q in (x for x in c.children if x.dep_ == "pobj"):
                    if (e := _entity(rules, q, state)) and e[2] == "place":
                        return e[0].name
        fb = _fallback(rules, p, state)
        if fb is not None and fb.kind == "place":
            return fb.name
    return None


def prep_place(rules: VisitRules, verb: Token, state: ArticleContext) -> str | None:
    for prep in preps(verb):
        if prep.lower_ in ("in", "at"):
            for p in (x for x in prep.children if x.dep_ == "pobj"):
                name = _place_name(rules, p, state)
                if name:
                    return name
    return None


def place_locations(rules: VisitRules, targets: list[Target]) -> None:
    """Place targets listed together: a later "X in P" or appositive province locates the others."""
    locs = [t.location for t in targets if t.kind == "place" and t.location]
    if locs:
        for t in targets:
            if t.kind == "place" and t.location is None and t.name != locs[-1]:
                t.location = locs[-1]


def _split_owner(name: str) -> tuple[str, str] | None:
    """"Key Laboratory of X of Guizhou Medical University" -> (unit, owner) when the tail is an institution."""
    for m in reversed(list(re.finditer(r"(?:\s|(?<=[a-z]))of\s+(?=[A-Z])", name))):
        unit, owner = name[: m.start()].strip(), name[m.end() :].strip()
        owner = re.sub(r"^the\s+", "", owner)
        if not unit or not owner:
            continue
        if owner.split()[-1].lower() in _OWNER_HEADS and len(owner.split()) >= 2:
            unit_words = {w.lower() for w in unit.split()}
            if unit_words & _UNIT_HEADS:
                return unit, owner
    return None
