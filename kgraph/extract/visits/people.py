"""Visitors: the persons named by a clause's subject, a possessive, a pronoun or a role noun."""

from __future__ import annotations

from spacy.tokens import Token

from kgraph.extract.visits.context import ArticleContext, VisitRules, conjuncts
from kgraph.records import Entity

PRONOUNS = {"he", "she", "they", "him", "her", "them", "his", "their", "hers", "theirs", "himself", "herself"}
_PLURAL_PRONOUNS = {"they", "them", "their", "theirs"}


def subjects_of(rules: VisitRules, verb: Token, state: ArticleContext) -> list[Entity]:
    """Persons who are the subject of ``verb``, climbing from participles, conjuncts and complements."""
    tok = verb
    for _ in range(5):
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "expl")]
        if subj:
            if subj[0].dep_ == "expl":
                return []
            for c in sorted(subj, key=lambda c: abs(c.i - tok.i)):
                got = person_entities(rules, c, state, tok)
                if got:
                    return got
            return []
        if tok.dep_ in ("advcl", "conj", "xcomp", "pcomp", "ccomp", "acl", "relcl") and tok.head.i != tok.i:
            if tok.dep_ == "acl" and tok.head.i in state.ent_at:
                ent, _ = state.ent_at[tok.head.i]
                return [ent] if ent.kind == "person" else []
            tok = tok.head
            continue
        if tok.dep_ == "prep" or tok.dep_ == "pobj":
            tok = tok.head
            continue
        break
    return []


def person_entities(rules: VisitRules, tok: Token, state: ArticleContext, clause: Token | None) -> list[Entity]:
    """Resolve a subject or possessor token (name, pronoun or role noun) to person entities."""
    out: list[Entity] = []
    for t in [tok, *conjuncts(tok)]:
        ents = _person_one(rules, t, state, clause)
        for e in ents:
            if e not in out:
                out.append(e)
    return out


def _person_one(rules: VisitRules, tok: Token, state: ArticleContext, clause: Token | None) -> list[Entity]:
    hit = state.ent_at.get(tok.i)
    if hit and hit[0].kind == "person":
        return [hit[0]]
    for c in tok.children:
        if c.dep_ in ("compound", "flat", "appos") and c.i in state.ent_at and state.ent_at[c.i][0].kind == "person":
            return [state.ent_at[c.i][0]]
    low = tok.lower_
    if tok.pos_ == "PROPN" and low not in rules.cues.role_nouns:
        # a name form the entity layer missed ("Xi Jinping" when only "Xi" was tagged)
        words = {t.text for t in tok.children if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"} | {tok.text}
        cands = []
        for ent, _ in state.persons:
            forms = [ent.name, *ent.aliases]
            if ent not in cands and any(
                set(f.split()) <= words or (words <= set(f.split()) and len(words) > 1) for f in forms
            ):
                cands.append(ent)
        if len(cands) == 1:
            return cands
    if low in PRONOUNS:
        # "as they visit": the subjects of the governing clause in the same sentence come first
        if clause is not None and tok.head.i == clause.i and clause.dep_ in ("advcl", "conj"):
            up = clause.head
            subj = [c for c in up.children if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS]
            if subj:
                got = person_entities(rules, subj[0], state, up)
                if got:
                    return got
        if state.current:
            return list(state.current) if low in _PLURAL_PRONOUNS else [state.current[0]]
        before = [e for e, s in state.persons if s.sent == tok.sent and s.end <= tok.i and e.name not in state.hosts]
        if before:
            return [before[-1]]
        before = [e for e, s in state.persons if s.end <= tok.i and e.name not in state.hosts]
        if before:
            return [before[-1]]
        # a lede that names the person only afterwards ("she was in Toledo Tuesday. GM CEO Mary Barra ...")
        after = [e for e, s in state.persons if tok.i < s.start <= tok.i + 60]
        return [after[0]] if after else []
    if tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and low in rules.cues.role_nouns):
        words = {low, tok.lemma_.lower()}
        words |= {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod")}
        if not words & rules.cues.role_nouns:
            return []
        wanted = set(words & rules.cues.role_nouns)
        for w in list(wanted):
            wanted |= rules.cues.role_same.get(w, frozenset())

        def has_title(e: Entity) -> bool:
            return any(set(t.lower().replace("-", " ").split()) & wanted for t in e.titles)

        for e in state.current:
            if has_title(e):
                return [e]
        titled = [e for e, s in state.persons if s.end <= tok.i and has_title(e)]
        if titled:
            return [titled[-1]]
        if state.current:
            return [state.current[0]]
        later = [e for e, s in state.persons if s.start > tok.i and has_title(e)]
        if later and len({e.name for e in later}) == 1:
            return [later[0]]
    return []
