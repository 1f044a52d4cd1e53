"""Modality of a visit clause: future, planned, negated, cancelled, hypothetical or remote gives no visit."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from kgraph.extract.spans import span_text
from kgraph.extract.visits.context import VisitRules

_REMOTE = re.compile(r"\b(?:virtually|video link|via video|videoconference|video conference)\b")


def irrealis(rules: VisitRules, verb: Token, sent: Span) -> bool:
    """True when the clause of ``verb`` is future, planned, negated, conditional or remote."""
    cues = rules.cues
    seen = 0
    tok = verb
    while tok is not None and seen < 4:
        seen += 1
        for c in tok.children:
            low = c.lower_
            if c.dep_ in ("aux", "auxpass") and low in cues.modal_aux:
                return True
            if c.dep_ == "neg":
                return True
            if c.dep_ == "mark" and low in ("if", "unless", "whether"):
                return True
            if c.dep_ in ("advmod",) and low in cues.virtual:
                return True
        lemma = tok.lemma_.lower()
        if tok.i != verb.i and verb_forms(tok) & cues.cancel_verbs:
            return True
        if (
            tok.tag_ == "VBG"
            and lemma in cues.progressive_motion
            and any(c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children)
        ):
            return True
        if tok.dep_ in ("xcomp", "ccomp") and verb_forms(tok.head) & cues.plan_heads and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
        ):
            return True
        if tok.dep_ == "xcomp" and verb_forms(tok.head) & cues.cancel_verbs:
            return True
        if tok.dep_ in ("conj", "xcomp") and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    clause = " ".join(t.lower_ for t in verb.subtree)
    if rules.phrase_re is not None and rules.phrase_re.search(clause):
        return True
    return remote(rules, sent) and any(t.lower_ in cues.virtual for t in verb.subtree)


def remote(rules: VisitRules, sent: Span) -> bool:
    return _REMOTE.search(span_text(sent).lower()) is not None


def verb_forms(tok: Token) -> set[str]:
    """The lemma and plausible base forms of a verb (the small model lemmatises "hopes" as "hop")."""
    low = tok.lower_
    out = {tok.lemma_.lower(), low}
    for suffix in ("es", "s", "ed", "d", "ing"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            out.add(low[: -len(suffix)])
    if low.endswith("ing"):
        out.add(low[:-3] + "e")
    return out
