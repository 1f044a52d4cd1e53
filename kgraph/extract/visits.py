"""Visit events from a parsed article: who was physically at which organisation, facility or place, and when.

A visit is found from a *trigger* and the dependency parse around it:

- verbs whose object is the site ("visited Sunward", "toured NARI Group", "inspected the city of Fuzhou");
- motion verbs with a "to/at/in" object ("went to", "arrived at", "headed to", "was in Toledo");
- trip nouns ("during his visit to Jiangsu", "made an inspection tour in Beijing", "a three-day India visit");
- a fronted "At X, he ..." / "In X, he ..." on a clause whose subject is a person;
- hosts: "X received Y at the airport", "met with visiting Y" (Y visited the place named or the dateline);
- weak cues ("talks to staff at RICOM", "held a meeting in Beijing") for people already known to be visitors.

The visitor is the subject of the trigger's clause (climbing from participles and conjuncts), a possessive
("his tour of"), or, for pronouns and role nouns ("he", "the premier", "the monarch"), the most recent visitor.
Clauses that are future, planned, hoped-for, cancelled, negated, hypothetical or remote ("will visit", "plans
to", "cancelled his visit", "virtually attended", "via video link") never give a visit; see
``resources/visit_cues.toml`` for the word lists.

One :class:`~kgraph.records.Visit` is kept per (visitor, target) and article: the first explicit mention gives
the evidence, later mentions fill a missing date or location.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy
from spacy.attrs import LEMMA, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from kgraph.dates import find_full_dates, month_day, resolve_weekday
from kgraph.extract.pipeline import span_text
from kgraph.records import Article, Companion, Entity, Visit

__all__ = ["VisitCues", "VisitExtractor"]

_PRONOUNS = {"he", "she", "they", "him", "her", "them", "his", "their", "hers", "theirs", "himself", "herself"}
_PLURAL_PRONOUNS = {"they", "them", "their", "theirs"}
_ORG_HEADS = {
    "university", "academy", "institute", "institution", "college", "school", "hospital", "company", "corporation",
    "corp", "group", "bank", "ministry", "commission", "committee", "council", "agency", "association",
    "federation", "foundation", "society", "inc", "ltd", "co", "limited", "department", "bureau", "laboratory",
    "lab", "laboratories", "technologies", "technology", "motors", "industries", "holdings",
}
_FACILITY_HEADS = {
    "plant", "factory", "campus", "center", "centre", "hall", "castle", "palace", "airport", "station", "port",
    "garden", "gardens", "stadium", "museum", "tower", "building", "terminal", "works", "mill", "mine",
    "memorial", "square", "house", "temple", "base", "site", "headquarters", "library", "arena", "bridge",
}
#: Administrative units that follow a place's name ("Hunan Province", "Tongren City").
_ADMIN_UNITS = frozenset("province city county prefecture municipality state region district township".split())
_PLACE_WORD_HEADS = {"city", "province", "county", "village", "town", "district", "prefecture", "region",
                     "municipality", "township", "area", "zone", "park", "island", "state", "country"}
_UNIT_HEADS = {"laboratory", "lab", "campus", "center", "centre", "school", "department", "college", "institute",
               "office", "branch", "faculty", "hospital", "division", "unit", "plant", "factory"}
_OWNER_HEADS = {"university", "academy", "institute", "hospital", "company", "group", "corporation", "college",
                "bank", "ministry"}
_DIRECTIONS = {
    "east", "west", "north", "south", "eastern", "western", "northern", "southern", "central", "northeast",
    "northwest", "southeast", "southwest", "northeastern", "northwestern", "southeastern", "southwestern",
}
_LEGAL = {"co", "co.", "ltd", "ltd.", "inc", "inc.", "corp", "corp.", "llc", "plc", "limited", "gmbh", "ag"}
_NAME_LINKS = {"and", "of", "&", "for", "the", "de", "-"}
_RANGE = re.compile(r"\d\s*(?:-|–|—|to|until|through)\s*\d|\bfrom\b|\bto\b|\bbetween\b|\buntil\b", re.I)
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_DATELINE = re.compile(r"(?m)^\s*([A-Z][A-Z .'’-]{2,40}?)\s*(?:,|\(|—|–|-)")
_QUOTES = "\"'“”‘’«»"


@dataclass(frozen=True)
class VisitCues:
    """Word lists that drive visit extraction (package data ``resources/visit_cues.toml``)."""

    object_verbs: frozenset[str]
    motion_verbs: frozenset[str]
    motion_preps: frozenset[str]
    host_verbs: frozenset[str]
    not_presence: frozenset[str]
    speech: frozenset[str]
    trip_nouns: frozenset[str]
    light_verbs: frozenset[str]
    site_nouns: frozenset[str]
    place_heads: frozenset[str]
    org_appositives: frozenset[str]
    role_nouns: frozenset[str]
    role_same: dict[str, frozenset[str]]
    modal_aux: frozenset[str]
    plan_heads: frozenset[str]
    cancel_verbs: frozenset[str]
    not_adjectives: frozenset[str]
    virtual: frozenset[str]
    phrases: tuple[str, ...]
    progressive_motion: frozenset[str]
    vague_dates: frozenset[str]

    @classmethod
    def load(cls, path: str | Path | None = None) -> VisitCues:
        """Read the cue lists from ``path`` or from the packaged ``visit_cues.toml``."""
        if path is None:
            text = resources.files("kgraph.resources").joinpath("visit_cues.toml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)

        def words(section: str, key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in data.get(section, {}).get(key, ()))

        same = {k.lower(): frozenset(v) for k, v in data.get("roles", {}).get("same", {}).items()}
        return cls(
            object_verbs=words("verbs", "object"),
            motion_verbs=words("verbs", "motion"),
            motion_preps=words("verbs", "motion_preps"),
            host_verbs=words("verbs", "host"),
            not_presence=words("verbs", "not_presence"),
            speech=words("verbs", "speech"),
            trip_nouns=words("nouns", "trip"),
            light_verbs=words("nouns", "light_verbs"),
            site_nouns=words("sites", "unnamed"),
            place_heads=words("sites", "place_heads"),
            org_appositives=words("sites", "org_appositives"),
            role_nouns=words("roles", "nouns"),
            role_same=same,
            modal_aux=words("modality", "aux"),
            plan_heads=words("modality", "plan"),
            cancel_verbs=words("modality", "cancel"),
            not_adjectives=words("modality", "adjectives"),
            virtual=words("modality", "virtual"),
            phrases=tuple(sorted(words("modality", "phrases"))),
            progressive_motion=words("modality", "progressive_motion"),
            vague_dates=words("dates", "vague"),
        )


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


_REMOTE = re.compile(r"\b(?:virtually|video link|via video|videoconference|video conference)\b")


class VisitExtractor:
    """Finds visits and companions in one parsed article.

    Parameters
    ----------
    cues
        Word lists; the packaged ``visit_cues.toml`` when None.

    Examples
    --------
    >>> from kgraph.extract.pipeline import load_pipeline
    >>> from kgraph.extract.entities import EntityExtractor
    >>> nlp, _ = load_pipeline(rules_only=True)
    >>> doc = nlp("President Joe Biden visited Japan. He will visit China.")
    >>> _, pairs = EntityExtractor().extract(doc)
    >>> visits, _ = VisitExtractor().extract(doc, pairs, Article("a", doc.text))
    >>> [(v.visitor, v.target, v.target_kind) for v in visits]
    [('Joe Biden', 'Japan', 'place')]

    Without a parser (``rules_only``) only the surface pattern "PERSON visited TARGET" is used; with the full
    model the dependency rules above apply.
    """

    def __init__(self, cues: VisitCues | None = None) -> None:
        self.cues = cues or VisitCues.load()
        # One compiled alternation per check instead of a regex per phrase per call.
        phrases = sorted(self.cues.phrases, key=len, reverse=True)
        self._phrase_re = (
            re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\w)") if phrases else None
        )
        # Lemmas that can start a visit in :meth:`_sentence` (any other token gives nothing there).
        self._triggers = frozenset(self.cues.host_verbs | self.cues.object_verbs | self.cues.motion_verbs
                                   | self.cues.trip_nouns | {"be", "meet", "hold"})

    # -- public API -------------------------------------------------------------------------------

    def visits(self, doc: Doc, pairs: Sequence[tuple[Entity, Span]], article: Article) -> Iterator[Visit]:
        """Yield the article's visits, one per (visitor, target), in text order."""
        yield from self.extract(doc, pairs, article)[0]

    def extract(
        self, doc: Doc, pairs: Sequence[tuple[Entity, Span]], article: Article
    ) -> tuple[list[Visit], list[Companion]]:
        """Return ``(visits, companions)`` of one article.

        ``pairs`` are the entity mentions ``(Entity, Span)`` of :meth:`EntityExtractor.extract`.
        """
        state = self._state(doc, pairs, article)
        if not doc.has_annotation("DEP"):
            return self._surface(doc, pairs, state), []
        sents = list(doc.sents)
        found: list[_Found] = []
        for sent in sents:
            found.extend(self._sentence(sent, state))
        # Weak cues only for people already known to be visitors (a second pass so that order does not matter).
        known = {v.name for f in found for v in f.visitors if f.targets}
        state.known_visitors = known
        state.current = []
        for sent in sents:
            found.extend(self._weak(sent, state))
        found.sort(key=lambda f: (f.sent.start, f.weak))
        visits = self._merge(found, state)
        companions = self._companions(sents, state, visits, found)
        return visits, companions

    def _surface(self, doc: Doc, pairs: Sequence[tuple[Entity, Span]], state: _State) -> list[Visit]:
        """Degraded mode (no parser): "PERSON visited/toured/inspected/arrived in TARGET" within a sentence."""
        cues = self.cues
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

    # -- setup ------------------------------------------------------------------------------------

    def _state(self, doc: Doc, pairs: Sequence[tuple[Entity, Span]], article: Article) -> _State:
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
        return _State(doc, article, ent_at, persons, anchor, year, dateline, aliases=aliases, names=names,
                      hosts=hosts, lemmas=lemmas, verbs=verbs, dates=dates)

    # -- sentence scan ----------------------------------------------------------------------------

    def _sentence(self, sent: Span, state: _State) -> Iterator[_Found]:
        cues = self.cues
        doc, lemmas, triggers = sent.doc, state.lemmas, self._triggers
        # only tokens whose lemma is a trigger can give anything: skip the others without making Tokens
        for i in range(sent.start, sent.end):
            if lemmas[i] not in triggers:
                continue
            tok = doc[i]
            lemma = lemmas[i]
            found: _Found | None = None
            if tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB") and tok.pos_ != "NOUN"):
                if lemma in cues.host_verbs:
                    found = self._host(tok, sent, state)
                elif lemma in cues.object_verbs or lemma in cues.motion_verbs or lemma == "be":
                    found = self._verb(tok, sent, state)
                elif lemma == "meet" or lemma == "hold":
                    found = self._visiting(tok, sent, state)
            elif tok.pos_ in ("NOUN", "PROPN") and lemma in cues.trip_nouns and tok.i not in state.ent_at:
                found = self._noun(tok, sent, state)
            if found is not None:
                if found.visitors:
                    state.current = list(found.visitors)
                if found.targets:
                    state.recent.extend(found.targets)
                    yield found
        fronted = self._fronted(sent, state)
        if fronted is not None:
            state.current = list(fronted.visitors)
            state.recent.extend(fronted.targets)
            yield fronted

    def _weak(self, sent: Span, state: _State) -> Iterator[_Found]:
        """Presence cues ("talks to staff at X", "held a meeting in Beijing") for known visitors."""
        doc, verbs = sent.doc, state.verbs
        for k in range(bisect.bisect_left(verbs, sent.start), bisect.bisect_left(verbs, sent.end)):
            tok = doc[verbs[k]]
            lemma = state.lemmas[tok.i]
            if lemma in self.cues.not_presence:
                continue
            subjects = self._subjects(tok, state)
            visitors = [p for p in subjects if p.name in state.known_visitors]
            targets: list[_Target] = []
            if not visitors:
                # "X upstaged Y at the factory": an "at" site on a non-reporting verb puts anyone there
                if not subjects or lemma in self.cues.speech or lemma in self.cues.host_verbs or lemma == "be":
                    continue
                for prep in self._preps(tok):
                    if prep.lower_ == "at":
                        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                            targets.extend(t for t in self._np_targets(pobj, state) if t.kind != "place")
                # the modality check is the costly one: only for clauses that would give a visit
                if targets and not self._irrealis(tok, sent):
                    yield _Found(subjects, targets, sent, [tok], weak=True)
                continue
            if self._irrealis(tok, sent):
                continue
            state.current = visitors
            for prep in self._preps(tok) if lemma not in self.cues.object_verbs else ():
                word = prep.lower_
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if word == "in":
                        targets.extend(t for t in self._np_targets(pobj, state, places=True) if t.kind == "place")
            # "talks to staff at RICOM", "poses with students at Tsinghua": "at" phrases inside the clause
            for prep in self._at_phrases(tok):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    targets.extend(self._np_targets(pobj, state, places=True))
            if targets:
                self._place_locations(targets)
                yield _Found(visitors, targets, sent, [tok], weak=True)

    # -- triggers ---------------------------------------------------------------------------------

    def _verb(self, verb: Token, sent: Span, state: _State) -> _Found | None:
        cues = self.cues
        lemma = verb.lemma_.lower()
        if lemma == "be" and not any(c.dep_ == "prep" and c.lower_ in ("in", "at") for c in verb.children):
            return None
        if self._irrealis(verb, sent):
            return None
        visitors = self._subjects(verb, state)
        if not visitors:
            return None
        targets: list[_Target] = []
        unnamed_places: list[_Target] = []
        if lemma in cues.object_verbs:
            for obj in (c for c in verb.children if c.dep_ in ("dobj", "attr")):
                got = self._np_targets(obj, state, places=True, restrict_place=lemma == "investigate")
                if got:
                    targets.extend(got)
                else:
                    places = self._unnamed_place(obj, state)
                    if not places and obj.lemma_.lower() in cues.site_nouns:
                        # "opened a new hospice in Bristol", with "in Bristol" on the verb
                        places = self._unnamed_place(verb, state)
                    unnamed_places.extend(places)
        if lemma in cues.motion_verbs or lemma == "be":
            allowed = {"in", "at"} if lemma == "be" else cues.motion_preps
            if lemma == "tour":
                allowed = allowed | {"of", "around", "through"}
            for prep in self._preps(verb):
                if prep.lower_ not in allowed:
                    continue
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if pobj.lower_ in ("home", "here", "there"):
                        continue
                    got = self._np_targets(pobj, state, places=True)
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
            loc = self._prep_place(verb, state)
            for t in targets:
                if t.location is None and t.kind != "place" and loc and loc != t.name:
                    t.location = loc
        if not targets and lemma not in cues.object_verbs and lemma not in cues.motion_verbs:
            return None
        self._place_locations(targets)
        return _Found(visitors, targets, sent, [verb])

    def _noun(self, noun: Token, sent: Span, state: _State) -> _Found | None:
        cues = self.cues
        if any(c.lower_ in cues.not_adjectives for c in noun.children if c.dep_ in ("amod", "compound", "nmod")):
            return None
        if any(c.lower_ in cues.virtual for c in noun.children):
            return None
        gov = self._governor(noun)
        direct = gov is not None and (noun.head.i == gov.i or (noun.dep_ == "pobj" and noun.head.head.i == gov.i))
        if gov is not None and direct:
            if _forms(gov) & cues.cancel_verbs or self._irrealis(gov, sent):
                return None
        if self._remote(sent):
            return None
        visitors: list[Entity] = []
        for c in noun.children:
            if c.dep_ == "poss":
                if c.lower_ in _PRONOUNS and gov is not None:
                    # "Before his China tour, Kerry visited ...": the clause's own subject owns the pronoun
                    visitors = [p for p in self._subjects(gov, state) if c.lower_ in _PRONOUNS]
                if not visitors:
                    visitors = self._person(c, state, gov)
            elif c.dep_ == "prep" and c.lower_ == "by":
                for p in (x for x in c.children if x.dep_ == "pobj"):
                    visitors = self._person(p, state, gov)
        if not visitors and gov is not None and (
            noun.dep_ in ("dobj", "attr", "pobj", "npadvmod", "conj", "appos") or gov.lemma_.lower() in cues.light_verbs
        ):
            if noun.dep_ != "nsubj":
                up: Token | None = gov
                for _ in range(4):
                    if up is None:
                        break
                    visitors = self._subjects(up, state)
                    if visitors or up.dep_ not in ("ccomp", "advcl", "conj", "xcomp", "acl") or up.head.i == up.i:
                        break
                    up = up.head
                    # "urged efforts to advance X during a tour": through the noun to its verb
                    if up.pos_ == "NOUN" and up.dep_ in ("dobj", "pobj") and up.head.i != up.i:
                        up = up.head if up.dep_ == "dobj" else up.head.head
        if not visitors:
            return None
        targets: list[_Target] = []
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
                    got = self._np_targets(pobj, state, places=True, restrict_place=noun.lemma_.lower() == "investigation")
                    if got and c.lower_ in ("to", "of", "at"):
                        direct_object = True
                    if not got and c.lower_ == "into":
                        got = self._deep_places(pobj, state)
                    if not got:
                        got = self._unnamed_place(pobj, state)
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
                    targets.append(_Target(ent.name, "place", c.i))
        has_object = any(c.dep_ == "prep" and c.lower_ in ("to", "of", "in", "at") for c in children)
        if not targets and not has_object and gov is not None and noun.dep_ == "pobj" and noun.head.lower_ in (
            "on", "during"
        ):
            # "sent greetings to the people of A, B and C in P on an inspection trip": the clause's places
            clause = gov
            for tok in clause.subtree:
                if tok.i in state.ent_at and tok.i not in noun.subtree and tok.sent == sent:
                    ent, span = state.ent_at[tok.i]
                    if ent.kind == "place" and tok.i == span.start and not any(t.name == ent.name for t in targets):
                        targets.append(_Target(ent.name, "place", tok.i))
        self._place_locations(targets)
        anchors = [noun] + ([gov] if gov is not None else [])
        return _Found(visitors, targets, sent, anchors, trip_noun=True)

    def _host(self, verb: Token, sent: Span, state: _State) -> _Found | None:
        """"X received/welcomed Y at the airport": Y was at the airport."""
        if self._irrealis(verb, sent):
            return None
        guests: list[Entity] = []
        for c in verb.children:
            if c.dep_ == "dobj":
                guests = self._person(c, state, verb)
        if not guests:
            return None
        targets: list[_Target] = []
        for prep in self._preps(verb):
            if prep.lower_ in ("at", "in"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    targets.extend(self._np_targets(pobj, state, places=True))
        if not targets:
            return None
        self._place_locations(targets)
        return _Found(guests, targets, sent, [verb])

    def _visiting(self, verb: Token, sent: Span, state: _State) -> _Found | None:
        """"met with visiting X": the guest visited the place named, or the dateline place."""
        if self._irrealis(verb, sent):
            return None
        guests: list[Entity] = []
        for tok in verb.subtree:
            if tok.lower_ == "visiting" and tok.dep_ in ("amod", "compound", "nmod") and tok.head.i in state.ent_at:
                ent, _ = state.ent_at[tok.head.i]
                if ent.kind == "person":
                    guests.append(ent)
        if not guests:
            return None
        place = self._prep_place(verb, state) or state.dateline
        if place is None:
            return None
        return _Found(guests, [_Target(place, "place", verb.i)], sent, [verb])

    def _fronted(self, sent: Span, state: _State) -> _Found | None:
        """"At X, Premier Li observed ..." / "In Suzhou, Xi visited ..."."""
        first = next((t for t in sent if not t.is_space and not t.is_punct), None)
        if first is None or first.lower_ not in ("at", "in") or first.dep_ != "prep":
            return None
        verb = first.head
        if verb.pos_ not in ("VERB", "AUX") or self._irrealis(verb, sent):
            return None
        subj = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subj or subj[0].i < first.i:
            return None
        visitors = self._subjects(verb, state)
        if not visitors:
            return None
        if verb.lemma_.lower() in self.cues.not_presence:
            return None
        targets: list[_Target] = []
        for pobj in (c for c in first.children if c.dep_ == "pobj"):
            got = self._np_targets(pobj, state, places=True)
            if first.lower_ == "in":
                got = [t for t in got if t.kind == "place" or pobj.i not in state.ent_at]
            targets.extend(got)
        if not targets:
            return None
        self._place_locations(targets)
        return _Found(visitors, targets, sent, [verb])

    # -- modality ---------------------------------------------------------------------------------

    def _irrealis(self, verb: Token, sent: Span) -> bool:
        """True when the clause of ``verb`` is future, planned, negated, conditional or remote."""
        cues = self.cues
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
            if tok.i != verb.i and _forms(tok) & cues.cancel_verbs:
                return True
            if (
                tok.tag_ == "VBG"
                and lemma in cues.progressive_motion
                and any(c.dep_ == "aux" and c.lemma_ == "be" for c in tok.children)
            ):
                return True
            if tok.dep_ in ("xcomp", "ccomp") and _forms(tok.head) & cues.plan_heads and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
            ):
                return True
            if tok.dep_ == "xcomp" and _forms(tok.head) & cues.cancel_verbs:
                return True
            if tok.dep_ in ("conj", "xcomp") and tok.head.i != tok.i:
                tok = tok.head
                continue
            break
        clause = " ".join(t.lower_ for t in verb.subtree)
        if self._phrase_re is not None and self._phrase_re.search(clause):
            return True
        return self._remote(sent) and any(t.lower_ in cues.virtual for t in verb.subtree)

    def _remote(self, sent: Span) -> bool:
        return _REMOTE.search(span_text(sent).lower()) is not None

    # -- people -----------------------------------------------------------------------------------

    def _subjects(self, verb: Token, state: _State) -> list[Entity]:
        """Persons who are the subject of ``verb``, climbing from participles, conjuncts and complements."""
        tok = verb
        for _ in range(5):
            subj = [c for c in tok.children if c.dep_ in ("nsubj", "expl")]
            if subj:
                if subj[0].dep_ == "expl":
                    return []
                for c in sorted(subj, key=lambda c: abs(c.i - tok.i)):
                    got = self._person(c, state, tok)
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

    def _person(self, tok: Token, state: _State, clause: Token | None) -> list[Entity]:
        """Resolve a subject or possessor token (name, pronoun or role noun) to person entities."""
        out: list[Entity] = []
        for t in [tok, *self._conjuncts(tok)]:
            ents = self._person_one(t, state, clause)
            for e in ents:
                if e not in out:
                    out.append(e)
        return out

    def _person_one(self, tok: Token, state: _State, clause: Token | None) -> list[Entity]:
        hit = state.ent_at.get(tok.i)
        if hit and hit[0].kind == "person":
            return [hit[0]]
        for c in tok.children:
            if c.dep_ in ("compound", "flat", "appos") and c.i in state.ent_at and state.ent_at[c.i][0].kind == "person":
                return [state.ent_at[c.i][0]]
        low = tok.lower_
        if tok.pos_ == "PROPN" and low not in self.cues.role_nouns:
            # a name form the entity layer missed ("Xi Jinping" when only "Xi" was tagged)
            words = {t.text for t in tok.children if t.dep_ in ("compound", "flat") and t.pos_ == "PROPN"} | {tok.text}
            cands = []
            for ent, _ in state.persons:
                forms = [ent.name, *ent.aliases]
                if any(set(f.split()) <= words or (words <= set(f.split()) and len(words) > 1) for f in forms):
                    if ent not in cands:
                        cands.append(ent)
            if len(cands) == 1:
                return cands
        if low in _PRONOUNS:
            # "as they visit": the subjects of the governing clause in the same sentence come first
            if clause is not None and tok.head.i == clause.i and clause.dep_ in ("advcl", "conj"):
                up = clause.head
                subj = [c for c in up.children if c.dep_ == "nsubj" and c.lower_ not in _PRONOUNS]
                if subj:
                    got = self._person(subj[0], state, up)
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
        if tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and low in self.cues.role_nouns):
            words = {low, tok.lemma_.lower()}
            words |= {c.lower_ for c in tok.children if c.dep_ in ("compound", "amod")}
            if not words & self.cues.role_nouns:
                return []
            wanted = set(words & self.cues.role_nouns)
            for w in list(wanted):
                wanted |= self.cues.role_same.get(w, frozenset())

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

    # -- targets ----------------------------------------------------------------------------------

    def _entity(self, tok: Token, state: _State) -> tuple[Entity, Span, str] | None:
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

    def _np_targets(
        self, head: Token, state: _State, *, places: bool = True, restrict_place: bool = False, depth: int = 0
    ) -> list[_Target]:
        """Targets named by the noun phrase headed by ``head`` and its conjuncts."""
        out: list[_Target] = []
        heads = [head, *self._conjuncts(head)]
        for h in heads:
            got = self._np_one(h, state, depth)
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

    def _np_one(self, h: Token, state: _State, depth: int) -> list[_Target]:
        cues = self.cues
        hit = self._entity(h, state)
        low = h.lower_
        if hit is None:
            # the head may be a title-less descriptor of an entity ("tech giant Baidu")
            for c in h.children:
                if c.dep_ in ("appos", "compound", "flat") and c.i > h.i and self._entity(c, state) and (
                    h.doc[c.i - 1].text != "("
                ):
                    hit = self._entity(c, state)
                    h = c
                    break
                if low in _LEGAL and c.dep_ in ("compound", "nmod", "flat") and (e := self._entity(c, state)):
                    if e[2] != "place":
                        hit = e
                        h = c
                        break
        if hit is not None:
            ent, span, kind = hit
            kind = self._kind_from_appos(h, kind)
            name = ent.name
            parts = name.split(" and ")
            if len(parts) == 2 and all(p.lower() in state.names for p in parts):
                # "Tsinghua University and Peking University" tagged as one span
                return [
                    _Target(state.names[p.lower()].name, state.names[p.lower()].kind, h.i) for p in parts
                ]
            head_noun = span[-1].lower_
            targets: list[_Target] = []
            split = _split_owner(name) if kind != "place" else None
            if split:
                unit, owner = split
                targets.append(_Target(unit, kind, h.i, owner=owner, head_noun=head_noun))
                targets.append(_Target(owner, "organization", h.i, head_noun=owner.split()[-1].lower()))
            else:
                targets.append(_Target(name, kind, h.i, head_noun=head_noun))
            main = targets[0]
            # "Huxi Campus of Chongqing University": a named owner of a named sub-site
            if kind in ("facility", "organization") and head_noun in _UNIT_HEADS | _FACILITY_HEADS:
                for owner in self._of_owners(h, state, depth):
                    if owner.name != main.name:
                        main.owner = owner.name
                        targets.append(owner)
            main.location = self._location(h, state, exclude=main.name)
            for t in targets[1:]:
                t.location = t.location or main.location
            return targets
        # a place named with its head word: "the city of Fuzhou", "Tongren city", "Jinpo village"
        if low in cues.place_heads or h.lemma_.lower() in cues.place_heads:
            compounds = [c for c in h.children if c.dep_ in ("compound", "nmod")]
            for c in h.children:
                if c.dep_ in ("compound", "nmod") and (e := self._entity(c, state)) and e[2] == "place":
                    if h.is_title and not c.is_title:
                        continue
                    # "Tongren city"; "central China's Hunan Province" where the entity stops before "Province"
                    if h.is_lower or (h.lower_ in _ADMIN_UNITS and len(compounds) == 1):
                        return [_Target(e[0].name, "place", c.i, location=self._location(h, state, e[0].name))]
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in (x for x in c.children if x.dep_ == "pobj"):
                        if (e := self._entity(p, state)) and e[2] == "place":
                            return [_Target(e[0].name, "place", p.i, location=self._location(h, state, e[0].name))]
        targets = []
        # an unnamed site with a named owner: "the Yizhuang office of Baidu", "Sunderland's Nissan plant"
        if not h.is_title or h.pos_ != "PROPN":
            if depth < 2 and (low in cues.site_nouns or h.pos_ == "NOUN"):
                targets.extend(t for t in self._of_owners(h, state, depth) if t.kind != "place")
            if not targets:
                # "an ailing Whirlpool dryer factory", "Sunderland's Nissan plant": a named owner in front
                for c in h.doc[h.left_edge.i : h.i]:
                    if c.dep_ in ("compound", "poss", "nmod") and (e := self._entity(c, state)) and e[2] != "place":
                        if not any(t.name == e[0].name for t in targets):
                            targets.append(_Target(e[0].name, e[2], c.i, head_noun=low))
            if targets:
                loc = self._location(h, state, exclude=targets[0].name)
                for t in targets:
                    t.location = t.location or loc
                return targets
        fallback = self._fallback(h, state)
        if fallback is not None:
            out = [fallback]
            if fallback.kind != "place" and depth < 2:
                for owner in self._of_owners(h, state, depth):
                    if owner.name != fallback.name:
                        fallback.owner = fallback.owner or owner.name
                        out.append(owner)
            return out
        # "the factory" -> the most recent target named with that head noun
        if low in cues.site_nouns and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in h.children):
            if not any(c.dep_ in ("compound", "amod", "poss") for c in h.children):
                for t in reversed(state.recent):
                    if t.head_noun == low or t.name.lower().split()[-1] == low:
                        return [_Target(t.name, t.kind, h.i, location=t.location, head_noun=low)]
        return []

    def _of_owners(self, h: Token, state: _State, depth: int) -> list[_Target]:
        """Named owners in "of X" / ", a ... of X" attached to ``h``."""
        out: list[_Target] = []
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for p in (x for x in c.children if x.dep_ == "pobj"):
                    out.extend(t for t in self._np_targets(p, state, depth=depth + 1) if t.kind != "place")
            elif c.dep_ == "appos":
                out.extend(self._of_owners(c, state, depth + 1) if depth < 2 else [])
        return out

    def _fallback(self, h: Token, state: _State) -> _Target | None:
        """A target from a proper-noun phrase the entity layer missed ("the Analysis and Test Center")."""
        if not h.is_title and h.lower_ not in self.cues.place_heads:
            return None
        start = h.left_edge.i
        toks = [t for t in h.doc[start : h.i + 1]]
        while toks and (toks[0].dep_ == "det" or toks[0].is_punct or toks[0].text in _QUOTES or toks[0].is_stop and not toks[0].is_title):
            toks.pop(0)
        if not toks:
            return None
        if any(not (t.is_title or t.is_upper or t.lower_ in _NAME_LINKS or t.text in _QUOTES or t.i == h.i) for t in toks):
            # keep the contiguous title-case run that ends at the head
            run = []
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
            while named and (e := self._entity(named[0], state)) and e[2] == "place":
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
        return _Target(name, kind, h.i, location=location or self._location(h, state, exclude=name), head_noun=head)

    def _unnamed_place(self, h: Token, state: _State) -> list[_Target]:
        """The named place of an unnamed site ("a company producing carpets in Xining" -> Xining)."""
        heads = [h, *(c for c in h.children if c.dep_ in ("acl", "relcl", "appos"))]
        for head in heads:
            for tok in head.children:
                if tok.dep_ == "prep" and tok.lower_ in ("in", "at", "near"):
                    if "\n" in span_text(h.doc[min(h.i, tok.i) : max(h.i, tok.i) + 1]):
                        continue
                    for p in (x for x in tok.children if x.dep_ == "pobj"):
                        got = [t for t in self._np_targets(p, state) if t.kind == "place"]
                        if got:
                            return got
        return []

    def _deep_places(self, h: Token, state: _State) -> list[_Target]:
        """Places named in an "investigation into the construction of X in Y" phrase."""
        out: list[_Target] = []
        for tok in h.subtree:
            if tok.i in state.ent_at:
                ent, span = state.ent_at[tok.i]
                if ent.kind == "place" and tok.i == span.start and not any(t.name == ent.name for t in out):
                    out.append(_Target(ent.name, "place", tok.i))
        self._place_locations(out)
        return out

    def _kind_from_appos(self, h: Token, kind: str) -> str:
        """"RICOM, an optical lens company": an organisation whatever the entity layer said."""
        for c in h.children:
            if c.dep_ == "appos" and c.lemma_.lower() in self.cues.org_appositives:
                return "organization"
        return kind

    def _location(self, h: Token, state: _State, exclude: str) -> str | None:
        """The named place where the site headed by ``h`` is ("X in Changsha", "Beijing's X", "X, Hunan")."""
        cands: list[Token] = [h]
        cands.extend(c for c in h.children if c.dep_ == "appos")
        for cand in cands:
            for c in cand.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "at", "near", "outside"):
                    for p in (x for x in c.children if x.dep_ == "pobj"):
                        name = self._place_name(p, state)
                        if name and name != exclude:
                            return name
                if c.dep_ in ("poss", "compound", "nmod", "npadvmod") and c.i < h.i:
                    e = self._entity(c, state)
                    if any(x.dep_ == "amod" and x.lower_ in _DIRECTIONS for x in c.children):
                        continue
                    if e and e[2] == "place" and e[0].name != exclude:
                        return e[0].name
                if c.dep_ == "appos" and cand.i == h.i:
                    name = self._place_name(c, state)
                    if name and name != exclude:
                        return name
        return None

    def _place_name(self, p: Token, state: _State) -> str | None:
        e = self._entity(p, state)
        if e and e[2] == "place":
            return e[0].name
        if p.lower_ in self.cues.place_heads:
            for c in p.children:
                if c.dep_ in ("compound", "nmod", "poss") and (e := self._entity(c, state)) and e[2] == "place":
                    return e[0].name
                if c.dep_ == "prep" and c.lower_ == "of":
                    for q in (x for x in c.children if x.dep_ == "pobj"):
                        if (e := self._entity(q, state)) and e[2] == "place":
                            return e[0].name
            fb = self._fallback(p, state)
            if fb is not None and fb.kind == "place":
                return fb.name
        return None

    def _prep_place(self, verb: Token, state: _State) -> str | None:
        for prep in self._preps(verb):
            if prep.lower_ in ("in", "at"):
                for p in (x for x in prep.children if x.dep_ == "pobj"):
                    name = self._place_name(p, state)
                    if name:
                        return name
        return None

    def _place_locations(self, targets: list[_Target]) -> None:
        """Place targets listed together: a later "X in P" or appositive province locates the others."""
        locs = [t.location for t in targets if t.kind == "place" and t.location]
        if locs:
            for t in targets:
                if t.kind == "place" and t.location is None and t.name != locs[-1]:
                    t.location = locs[-1]

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

    # -- dates, evidence, merging -----------------------------------------------------------------

    def _date(self, f: _Found, state: _State, target: _Target) -> dt.date | None:
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
            if not self._relates(ent, anchors, target_toks):
                continue
            date = self._parse_date(ent, state)
            if date is not None:
                return date
        return None

    def _relates(self, ent: Span, anchors: set[int], targets: set[int]) -> bool:
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

    def _parse_date(self, ent: Span, state: _State) -> dt.date | None:
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
        if lows & self.cues.vague_dates:
            return None
        md = month_day(text, state.year)
        if md:
            return md[0][1]
        m = _WEEKDAY.search(text)
        if m:
            return resolve_weekday(m.group(1), state.anchor)
        return None

    def _caption_date(self, visitor: Entity, target: str, state: _State) -> dt.date | None:
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

    def _evidence(self, f: _Found) -> str:
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

    def _merge(self, found: list[_Found], state: _State) -> list[Visit]:
        by_key: dict[tuple[str, str], dict] = {}
        order: list[tuple[str, str]] = []
        for f in found:
            evidence = self._evidence(f)
            anchor = min(a.i for a in f.anchors)
            for visitor in f.visitors:
                for t in f.targets:
                    lo, hi = sorted((anchor, t.token))
                    if "\n\n" in span_text(state.doc[lo : hi + 1]):
                        continue  # a parse that runs across paragraphs (headline into dateline)
                    date = self._date(f, state, t)
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
                rec["date"] = self._caption_date(rec["visitor"], rec["target"], state)
        # A sub-site shares its owner's date and location; missing locations fall back to the tour's place.
        for rec in recs:
            owner = rec["owner"] and by_key.get((rec["visitor"].name, rec["owner"].lower()))
            if owner:
                rec["date"] = rec["date"] or owner["date"]
                rec["location"] = rec["location"] or owner["location"]
                owner["date"] = owner["date"] or rec["date"]
                owner["location"] = owner["location"] or rec["location"]
        for rec in recs:
            if rec["location"] is not None:
                continue
            mine = [r for r in recs if r["visitor"] == rec["visitor"]]
            places = sorted((r for r in mine if r["kind"] == "place"), key=lambda r: r["pos"])
            tour = None
            if places:
                tour = places[0]["location"] or places[0]["target"]
            elif rec["kind"] != "place":
                locs = [r["location"] for r in mine if r["location"]]
                tour = locs[-1] if locs else None
            if tour and tour.lower() != rec["target"].lower():
                rec["location"] = tour
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

    # -- companions -------------------------------------------------------------------------------

    def _companions(
        self, sents: Iterable[Span], state: _State, visits: list[Visit], found: list[_Found]
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
                        if c.dep_ == "conj" and c.i in state.ent_at and state.ent_at[c.i][0].kind == "person":
                            if state.ent_at[c.i][0] not in people:
                                people.append(state.ent_at[c.i][0])
                    subj = [c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")]
                    if subj:
                        visitors = self._person(subj[0], state, tok)
                    elif tok.dep_ == "acl" and tok.head.i in state.ent_at:
                        visitors = [state.ent_at[tok.head.i][0]]
                    else:
                        visitors = self._subjects(tok, state)
                elif lemma == "include" and tok.head.lemma_.lower() == "delegation":
                    for c in tok.children:
                        if c.dep_ == "dobj":
                            for p in c.subtree:
                                if p.i in state.ent_at and state.ent_at[p.i][0].kind == "person":
                                    ent = state.ent_at[p.i][0]
                                    if ent not in people:
                                        people.append(ent)
                    root = sent.root
                    visitors = self._subjects(root, state)
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
                                   self._before(x, sent, found)]
                    if delegation:
                        # a delegation travels with the trip: its members join the place-level visits
                        targets = [t for t in targets if (v.name, t) in place_targets] or targets
                    for p in people:
                        if p.name == v.name or p.name in visitor_names:
                            continue
                        for target in targets:
                            key = (p.name, v.name, target)
                            if key not in seen:
                                seen.add(key)
                                out.append(Companion(p.name, v.name, target, self._evidence_text(sent), state.article.id))
        return out

    @staticmethod
    def _before(visit: Visit, sent: Span, found: list[_Found]) -> bool:
        for f in found:
            if any(t.name.lower() == visit.target.lower() for t in f.targets) and f.sent.start <= sent.start:
                return True
        return False

    @staticmethod
    def _evidence_text(sent: Span) -> str:
        text = span_text(sent).strip()
        if len(text.split()) <= 25:
            return text
        return span_text(sent.doc[sent.start : min(sent.end, sent.start + 25)]).strip()


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


def _forms(tok: Token) -> set[str]:
    """The lemma and plausible base forms of a verb (the small model lemmatises "hopes" as "hop")."""
    low = tok.lower_
    out = {tok.lemma_.lower(), low}
    for suffix in ("es", "s", "ed", "d", "ing"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            out.add(low[: -len(suffix)])
    if low.endswith("ing"):
        out.add(low[:-3] + "e")
    return out


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
