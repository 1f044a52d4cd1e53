"""Site events: what happened to a visited site, as a theme ("hospital opening", "plant expansion").

Reports of site visits often turn on an event of the site itself: a king inaugurates a hospital, a prime minister
attends the ground-breaking of a plant's expansion, a fertiliser plant is revived, a factory closes. The event is a
theme of the article that no topic lexicon of subjects names. It is read from the dependency parse:

* a verb of the event with the site as its object or passive subject ("inaugurated the new hospital", "the plant
  was closed", "the third such plant to be revived");
* a noun of the event with the site as its "of" object, possessor or compound ("the expansion of the plant",
  "the plant's expansion", "plant closure"), or as the subject of the clause that holds it ("the factory, which
  was threatened with closure").

A visit is an event too: :func:`visit_kinds` names its kind from the extracted visits ("royal visit" when the
visitor is a monarch or a royal, "state visit" when a head of state visits another country).

The site is a common noun naming a kind of site ("plant", "hospital", "port"), or the last word of a site's name
("Midland Metropolitan University Hospital" -> "hospital"). The theme is "<site> <event>": a verb is nominalised
(opening, reopening, closure, expansion, revival, construction, takeover), a noun is kept as the text has it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import LEMMA
from spacy.tokens import Doc, Span, Token

from kgraph.records import Entity, Visit
from kgraph.resources import countries, country_of
from kgraph.rules import default_rules

#: The word lists of visit kinds, from the rule book (resources/rules.toml [site_events]).
_RULES = default_rules()

__all__ = [
    "EVENT_NOUNS", "EVENT_VERBS", "PHRASAL_VERBS", "SITE_NOUNS", "SiteEvent", "cue_lemmas",
    "site_events", "visit_kinds",
]

#: Verb lemma -> the event's noun.
EVENT_VERBS = {
    "open": "opening", "inaugurate": "opening", "unveil": "opening", "reopen": "reopening",
    "expand": "expansion", "revive": "revival", "revitalize": "revival",
    "revitalise": "revival", "construct": "construction",
}
#: Verb lemma -> {(lemma, particle): the event's noun} for phrasal verbs ("the factory was taken over").
PHRASAL_VERBS: dict[str, dict[tuple[str, str | None], str]] = {
    "take": {("take", "over"): "takeover"},
    "shut": {("shut", "down"): "closure", ("shut", None): "closure"},
    "close": {("close", "down"): "closure", ("close", None): "closure"},
}
#: Nouns of an event; the theme keeps the text's own noun ("plant closings" -> "plant closing").
EVENT_NOUNS = frozenset(
    [
        "opening", "inauguration", "reopening", "closure", "closing", "shutdown", "expansion", "revival",
        "construction", "takeover"
    ]
)
#: Kinds of site whose events are themes.
SITE_NOUNS = frozenset(
    [
        "plant", "factory", "hospital", "clinic", "mine", "port", "school", "university", "college", "airport",
        "station", "bridge", "railway", "dam", "refinery", "mill", "campus", "laboratory", "lab", "terminal",
        "warehouse", "shipyard", "stadium", "museum", "library", "smelter", "steelworks", "gigafactory", "facility",
        "hospice"
    ]
)


@dataclass(frozen=True, slots=True)
class SiteEvent:
    """A site event: its label ("hospital opening") and the token span of its evidence (the event word)."""

    label: str
    start: int
    end: int


def cue_lemmas() -> set[str]:
    """Lemmas whose sentences need the dependency parse for :func:`site_events`."""
    return set(EVENT_VERBS) | set(EVENT_NOUNS) | set(PHRASAL_VERBS)


def _site(token: Token) -> str | None:
    """The kind of site ``token`` names: its own lemma, or the last word of the entity name it heads."""
    lemma = token.lemma_.lower() or token.lower_
    if token.pos_ == "NOUN" and lemma in SITE_NOUNS:
        return lemma
    if token.ent_type_ in ("ORG", "FAC", "GPE", "LOC") or token.pos_ == "PROPN":
        # the head of a name is its last word: "Toledo Transmission Plant", "University Hospital"
        last = token.lower_
        if last in SITE_NOUNS:
            return last
    return None


def _objects(verb: Token) -> Iterator[Token]:
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            yield child
    # "the third such plant to be revived", "a plant closed last year": the verb modifies the site
    if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN"):
        yield verb.head


def _of_site(noun: Token) -> Iterator[Token]:
    for child in noun.children:
        if child.dep_ in ("poss", "compound"):
            yield child
        elif child.dep_ == "prep" and child.lower_ == "of":
            yield from (c for c in child.children if c.dep_ == "pobj")
    # "the plant faces closure", "the factory, which was threatened with closure": the subject of the clause
    verb = noun.head if noun.dep_ == "dobj" else noun.head.head if noun.dep_ == "pobj" else None
    if verb is not None and verb.pos_ in ("VERB", "AUX"):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                yield verb.head if child.tag_ == "WDT" and verb.dep_ == "relcl" else child


def site_events(doc: Doc, end_char: int | None = None) -> list[SiteEvent]:
    """Find site events in a parsed Doc (empty without a dependency parse); text after ``end_char`` is ignored.

    Examples
    --------
    >>> import spacy
    >>> site_events(spacy.blank("en")("The plant was closed."))
    []
    """
    if not doc.has_annotation("DEP"):
        return []
    out: list[SiteEvent] = []
    # Only the few tokens whose lemma is an event word are looked at (one vectorised pass over the lemmas).
    strings = doc.vocab.strings
    wanted = numpy.array([strings.add(w) for w in cue_lemmas()], dtype=numpy.uint64)
    for i in numpy.flatnonzero(numpy.isin(doc.to_array(LEMMA), wanted)).tolist():
        token = doc[i]
        if end_char is not None and token.idx >= end_char:
            break
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in PHRASAL_VERBS:
            particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
            if (lemma, particle) not in PHRASAL_VERBS[lemma]:
                continue
            event, sites = PHRASAL_VERBS[lemma][(lemma, particle)], _objects(token)
        elif token.pos_ == "VERB" and lemma in EVENT_VERBS:
            event, sites = EVENT_VERBS[lemma], _objects(token)
        elif token.pos_ == "NOUN" and lemma in EVENT_NOUNS:
            event, sites = lemma, _of_site(token)  # the text's own noun: "closings" -> "closing"
        else:
            continue
        for site in sites:
            # "the new Midland Metropolitan University Hospital (MMUH)": the parser may head the phrase with
            # the acronym and hang the name on it
            kind = _site(site) or next(
                (k for c in site.children if c.dep_ in ("nmod", "compound", "appos") and (k := _site(c))), None
            )
            if kind is not None:
                out.append(SiteEvent(f"{kind} {event}", token.i, token.i + 1))
                break
    return out


#: Titles of monarchs and royals: their visits are royal visits.
ROYAL_TITLES = _RULES.royal_titles
#: Titles of heads of state: their visits to another country are state visits.
HEAD_OF_STATE_TITLES = _RULES.head_of_state_titles
#: Title words of a country's envoys: their visits to another country are about the two countries' relations.
ENVOY_TITLES = HEAD_OF_STATE_TITLES | _RULES.envoy_titles
#: Short names used in "<country>-<country> relations" labels.
_SHORT_NAMES = {"united states": "us", "united kingdom": "uk", "united arab emirates": "uae"}
#: Words that make a title something other than the office itself ("Vice President", "former king").
_NOT_THE_OFFICE = _RULES.not_the_office


def _nationality(doc: Doc, spans: Sequence[Span], role: str) -> str | None:
    """The visitor's country: a nationality in its title ("French President") or just before its name ("US
    President Barack Obama")."""
    words = role.replace("-", " ").split()
    for w in words[:-1]:
        country = country_of(w)
        if country is not None:
            return country
    for span in spans:
        i = span.start - 1
        if i < 0 or doc[i].ent_type_ not in {"GPE", "NORP"}:
            continue
        start = i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        country = country_of(doc[start : i + 1].text)
        if country is not None:
            return country
    return None


def _short(country: str) -> str:
    return _SHORT_NAMES.get(country, country)


def visit_kinds(
    visits: Sequence[Visit], mentions: Sequence[tuple[Entity, Span]]
) -> tuple[list[SiteEvent], list[SiteEvent]]:
    """Kinds of the article's visits and the country relations they stand for, as events at the first mention of
    each visit's target: ``(kinds, relations)``.

    * "royal visit": the visitor's title names a monarch or royal ("King", "Prince");
    * "state visit": the visitor's title names a head of state ("President") and the target is another country
      than the visitor's own (a gazetteer country; a "French President" in France is at home);
    * "<a>-<b> relations" ("india-us relations"): a head of state, minister or secretary of a known country (a
      nationality in the title or just before the name) visits another country.

    Examples
    --------
    >>> import spacy
    >>> from kgraph.records import Visit
    >>> doc = spacy.blank("en")("The King visited the hospital.")
    >>> hospital = Entity("org:h", "organization", "hospital")
    >>> v = Visit("Charles", "hospital", "organization", None, None, "", "a", role="King")
    >>> kinds, relations = visit_kinds([v], [(hospital, doc[3:5])])
    >>> [e.label for e in kinds], relations
    (['royal visit'], [])
    """
    spans: dict[str, list[Span]] = {}
    for entity, span in mentions:
        spans.setdefault(entity.name, []).append(span)
    for group in spans.values():
        group.sort(key=lambda sp: sp.start)
    kinds: list[SiteEvent] = []
    relations: list[SiteEvent] = []
    seen: set[str] = set()
    for visit in visits:
        words = visit.role.lower().replace("-", " ").split()
        target = spans.get(visit.target)
        if not words or not target or _NOT_THE_OFFICE.intersection(words):
            continue
        doc = target[0].doc
        host = visit.target.lower() if visit.target_kind == "place" and visit.target.lower() in countries() else None
        home = _nationality(doc, spans.get(visit.visitor, []), visit.role) if host else None
        found: list[tuple[str, list[SiteEvent]]] = []
        if ROYAL_TITLES.intersection(words):
            found.append(("royal visit", kinds))
        elif host is not None and words[-1] in HEAD_OF_STATE_TITLES and home != host:
            found.append(("state visit", kinds))
        if host is not None and home is not None and home != host and ENVOY_TITLES.intersection(words):
            found.append(("-".join(sorted((_short(host), _short(home)))) + " relations", relations))
        for label, out in found:
            if label not in seen:
                seen.add(label)
                out.append(SiteEvent(label, target[0].start, target[0].end))
    return kinds, relations
