"""Per-article state, intermediate records and the dependency-tree helpers shared by the visit mixins."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from kgraph.extract.visits._cues import VisitCues
from kgraph.records import Article, Entity


@dataclass
class _Target:
    name: str
    kind: str
    token: int
    location: str | None = None
    owner: str | None = None
    head_noun: str = ""


@dataclass
class _Found:
    visitors: list[Entity]
    targets: list[_Target]
    sent: Span
    anchors: list[Token]
    trip_noun: bool = False
    weak: bool = False


@dataclass
class _State:
    """Per-article context: entity index, current visitors, recent targets, date anchors."""

    doc: Doc
    article: Article
    ent_at: dict[int, tuple[Entity, Span]]
    persons: list[tuple[Entity, Span]]
    anchor: dt.date | None
    year: int | None
    dateline: str | None
    current: list[Entity] = field(default_factory=list)
    known_visitors: set[str] = field(default_factory=set)
    recent: list[_Target] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    names: dict[str, Entity] = field(default_factory=dict)
    hosts: set[str] = field(default_factory=set)
    #: Lower-case lemma of every token (read once per article: the sentence scans test it on every token).
    lemmas: list[str] = field(default_factory=list)
    #: Indices of the tokens whose part of speech is VERB or AUX.
    verbs: list[int] = field(default_factory=list)
    #: The Doc's DATE and TIME entities (``doc.ents`` builds every entity Span again on each access).
    dates: list[Span] = field(default_factory=list)


class _VisitBase:
    """The attributes every visit mixin reads (set by :class:`VisitExtractor`) and the tree helpers they share."""

    cues: VisitCues
    #: One compiled alternation of the modality phrases, or None when there are none.
    _phrase_re: re.Pattern[str] | None
    #: Lemmas that can start a visit in :meth:`_sentence`.
    _triggers: frozenset[str]

    # -- helpers ----------------------------------------------------------------------------------

    @staticmethod
    def _conjuncts(tok: Token) -> list[Token]:
        out = []
        stack = [c for c in tok.children if c.dep_ == "conj"]
        while stack:
            c = stack.pop(0)
            out.append(c)
            stack.extend(x for x in c.children if x.dep_ == "conj")
        return out

    @staticmethod
    def _preps(verb: Token) -> list[Token]:
        out = [c for c in verb.children if c.dep_ == "prep"]
        for c in verb.children:
            if c.dep_ in ("advmod", "prt") :
                out.extend(x for x in c.children if x.dep_ == "prep")
            if c.dep_ == "acomp":
                out.extend(x for x in c.children if x.dep_ == "prep")
        return out

    @staticmethod
    def _at_phrases(verb: Token) -> list[Token]:
        out: list[Token] = []
        stack = [(c, 0) for c in verb.children if c.dep_ in ("prep", "dobj", "dative", "npadvmod")]
        while stack:
            tok, depth = stack.pop()
            if tok.dep_ == "prep" and tok.lower_ == "at":
                out.append(tok)
            if depth < 3:
                stack.extend((c, depth + 1) for c in tok.children if c.dep_ in ("prep", "pobj", "dobj"))
        return sorted(out, key=lambda t: t.i)

    @staticmethod
    def _governor(noun: Token) -> Token | None:
        tok = noun
        for _ in range(6):
            if tok.head.i == tok.i:
                return None
            tok = tok.head
            if tok.pos_ in ("VERB", "AUX"):
                return tok
        return None
