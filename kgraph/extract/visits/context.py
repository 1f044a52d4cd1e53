"""The per-article context, the intermediate records, the compiled rules and the dependency-tree helpers every
visit rule module reads."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy
from spacy.attrs import LEMMA, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from kgraph.dates import find_full_dates
from kgraph.extract.visits.cues import VisitCues
from kgraph.records import Article, Entity

_DATELINE = re.compile(r"(?m)^\s*([A-Z][A-Z .'’-]{2,40}?)\s*(?:,|\(|—|–|-)")


@dataclass
class Target:
    name: str
    kind: str
    token: int
    location: str | None = None
    owner: str | None = None
    head_noun: str = ""


@dataclass
class Found:
    visitors: list[Entity]
    targets: list[Target]
    sent: Span
    anchors: list[Token]
    trip_noun: bool = False
    weak: bool = False


@dataclass
class ArticleContext:
    """Per-article context: entity index, current visitors, recent targets, date anchors (one per article)."""

    doc: Doc
    article: Article
    ent_at: dict[int, tuple[Entity, Span]]
    persons: list[tuple[Entity, Span]]
    anchor: dt.date | None
    year: int | None
    dateline: str | None
    current: list[Entity] = field(default_factory=list)
    known_visitors: set[str] = field(default_factory=set)
    recent: list[Target] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)
    names: dict[str, Entity] = field(default_factory=dict)
    hosts: set[str] = field(default_factory=set)
    #: Lower-case lemma of every token (read once per article: the sentence scans test it on every token).
    lemmas: list[str] = field(default_factory=list)
    #: Indices of the tokens whose part of speech is VERB or AUX.
    verbs: list[int] = field(default_factory=list)
    #: The Doc's DATE and TIME entities (``doc.ents`` builds every entity Span again on each access).
    dates: list[Span] = field(default_factory=list)


@dataclass(frozen=True)
class VisitRules:
    """The visit rule book: the cue lists and what is compiled from them once (shared by every article)."""

    cues: VisitCues
    #: One compiled alternation of the modality phrases, or None when there are none.
    phrase_re: re.Pattern[str] | None
    #: Lemmas that can start a visit in :func:`~kgraph.extract.visits.triggers.scan_sentence`.
    triggers: frozenset[str]

    @classmethod
    def from_cues(cls, cues: VisitCues) -> VisitRules:
        """Compile ``cues`` into rules."""
        # One compiled alternation per check instead of a regex per phrase per call.
        phrases = sorted(cues.phrases, key=len, reverse=True)
        phrase_re = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\w)") if phrases else None
        # Lemmas that can start a visit in scan_sentence (any other token gives nothing there).
        triggers = frozenset(cues.host_verbs | cues.object_verbs | cues.motion_verbs | cues.trip_nouns
                             | {"be", "meet", "hold"})
        return cls(cues, phrase_re, triggers)


# -- dependency-tree helpers ------------------------------------------------------------------

def conjuncts(tok: Token) -> list[Token]:
    out = []
    stack = [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        c = stack.pop(0)
        out.append(c)
        stack.extend(x for x in c.children if x.dep_ == "conj")
    return out


def preps(verb: Token) -> list[Token]:
    out = [c for c in verb.children if c.dep_ == "prep"]
    for c in verb.children:
        if c.dep_ in ("advmod", "prt") :
            out.extend(x for x in c.children if x.dep_ == "prep")
        if c.dep_ == "acomp":
            out.extend(x for x in c.children if x.dep_ == "prep")
    return out


def at_phrases(verb: Token) -> list[Token]:
    out: list[Token] = []
    stack = [(c, 0) for c in verb.children if c.dep_ in ("prep", "dobj", "dative", "npadvmod")]
    while stack:
        tok, depth = stack.pop()
        if tok.dep_ == "prep" and tok.lower_ == "at":
            out.append(tok)
        if depth < 3:
            stack.extend((c, depth + 1) for c in tok.children if c.dep_ in ("prep", "pobj", "dobj"))
    return sorted(out, key=lambda t: t.i)


def governor(noun: Token) -> Token | None:
    tok = noun
    for _ in range(6):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


def article_context(doc: Doc, pairs: Sequence[tuple[Entity, Span]], article: Article) -> ArticleContext:
    """The context of one article: its entity index, persons, date anchors, dateline, aliases and hosts."""
    ent_at: dict[int, tuple[Entity, Span]] = {}
    for ent, span in pairs:
        for tok in span:
            ent_at[tok.i] = (ent, span)
    persons = [(e, s) for e, s in pairs if e.kind == "person"]
    anchor = article.published
    year = anchor.year if anchor else None
    if year is None:
        full = find_full_dates(doc.text)
        year = full[0][1].year if full else None
    dateline = None
    for m in _DATELINE.finditer(doc.text):
        word = m.group(1).strip()
        if not word.isupper() or len(word) < 3:
            continue
        for ent, span in pairs:
            if ent.kind == "place" and span.start_char == m.start(1) or (
                ent.kind == "place" and ent.name.lower() == word.lower()
            ):
                dateline = ent.name
                break
        if dateline:
            break
    # "Long Name (ACRO)" where both are entities: the acronym is the long name.
    aliases: dict[str, str] = {}
    by_start = {s.start: (e, s) for e, s in pairs}
    for ent, span in pairs:
        if ent.kind == "person":
            continue
        end = span.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")" and end + 1 in by_start:
            other = by_start[end + 1][0]
            if other.name != ent.name and other.kind != "person":
                aliases[other.name] = ent.name
    names = {e.name.lower(): e for e, _ in pairs}
    # People introduced as hosts ("the visit was hosted by X") never stand in for a pronoun.
    hosts = set()
    for ent, span in persons:
        head = span.root.head
        if head.dep_ == "agent" and head.head.lemma_.lower() in ("host", "receive", "welcome", "greet", "invite"):
            hosts.add(ent.name)
    lemmas, verbs = _token_table(doc)
    dates = [ent for ent in doc.ents if ent.label_ in ("DATE", "TIME")]
    return ArticleContext(doc, article, ent_at, persons, anchor, year, dateline, aliases=aliases, names=names,
                  hosts=hosts, lemmas=lemmas, verbs=verbs, dates=dates)


def _token_table(doc: Doc) -> tuple[list[str], list[int]]:
    """Per token the lower-case lemma, and the indices of VERB/AUX tokens, read from the Doc's arrays at once."""
    if not len(doc):
        return [], []
    arr = doc.to_array([LEMMA, POS])
    strings = doc.vocab.strings
    lower = {h: strings[h].lower() for h in set(arr[:, 0].tolist())}
    lemmas = [lower[h] for h in arr[:, 0].tolist()]
    verbs = numpy.flatnonzero(numpy.isin(arr[:, 1], (VERB, AUX))).tolist()
    return lemmas, verbs
