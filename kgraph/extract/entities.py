"""Entity mentions from a spaCy Doc, cleaned and resolved within one article.

Kinds: spaCy's PERSON -> ``person``; ORG -> ``organization``; GPE and LOC -> ``place``; FAC -> decided by its
head word: institutions (academy, university, institute, laboratory, hospital, company ...) are organisations,
industrial parks and zones are places, and named physical sites (plant, factory, campus, airport, hall, castle
...) are ``facility``.

Within one article: titles are cut from names and kept as the entity's ``titles`` ("Chinese Premier Li Qiang"
-> "Li Qiang", title "Chinese Premier"); a surname or given name alone, or a titled form, resolves to the one
full name that contains it ("Li", "Premier Li" -> "Li Qiang"); legal suffixes go to the aliases ("Naura
Technology Group Co., Ltd." -> "Naura Technology Group"); an acronym defined in the text ("Beijing Academy of
Artificial Intelligence (BAAI)") becomes an alias, and an acronym defined for a common noun phrase
("artificial intelligence (AI)") is not an entity; possessives and descriptive prefixes ("Baidu's", "tech giant
Baidu", "the") are dropped; "Hunan Province" and "Tongren city" are "Hunan" and "Tongren".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Span

from kgraph.records import Entity

__all__ = ["EntityExtractor", "Mention", "person_titles"]

_LABEL_KIND = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "facility"}

_ORG_HEADS = {
    "academy", "university", "institute", "institution", "laboratory", "lab", "school", "college", "hospital",
    "company", "corporation", "corp", "group", "bank", "ministry", "commission", "committee", "council",
    "agency", "association", "federation", "foundation", "society", "centre", "center", "inc", "ltd", "co",
    "limited", "department", "office", "bureau", "administration", "authority",
}
_PLACE_HEADS = {"park", "zone", "area", "district", "region", "county", "village", "town", "city", "province"}
_PLACE_SUFFIX = re.compile(r"\s+(?:[Pp]rovince|city|[Mm]unicipality)$")
_LEGAL_SUFFIX = re.compile(
    r"(?:[\s,]+(?:Co\.?|Company|Corp\.?|Corporation|Inc\.?|Incorporated|Ltd\.?|Limited|LLC|PLC|plc|GmbH|AG))+\.?$"
)
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ACRONYM_DEF = re.compile(r"([A-Za-z][\w&.,'’\- ]{2,120}?)\s*\(\s*([A-Z][A-Za-z0-9&.\-]{1,11})\s*\)")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def person_titles() -> frozenset[str]:
    """Lower-case title words that precede a person's name (package data ``resources/titles.txt``)."""
    text = resources.files("kgraph.resources").joinpath("titles.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: the cleaned surface, the title cut from it, and the Span it came from."""

    text: str
    kind: str
    title: str
    span: Span


def _sentence(span: Span) -> str:
    try:
        return span.sent.text.strip()
    except ValueError:  # no sentence boundaries
        return span.doc[max(0, span.start - 20) : min(len(span.doc), span.end + 20)].text.strip()


class EntityExtractor:
    """Turns a Doc's entity spans into resolved entities of one article."""

    def __init__(self, titles: Iterable[str] | None = None) -> None:
        self.titles = frozenset(t.lower() for t in (titles if titles is not None else person_titles()))

    # -- mentions ---------------------------------------------------------------------------

    def mentions(self, doc: Doc) -> list[Mention]:
        """Clean entity mentions of a Doc in text order (titles cut, noise dropped)."""
        out: list[Mention] = []
        headline_end = doc.text.find("\n\n")
        body = doc.text[headline_end:] if headline_end > 0 else ""
        for ent in doc.ents:
            kind = _LABEL_KIND.get(ent.label_)
            if kind is None:
                continue
            span = _trim_span(ent)
            if span is None:
                continue
            text, title = self._clean(span, kind)
            if not text:
                continue
            if kind == "facility":
                kind = _fac_kind(text)
            elif kind == "organization" and text.split()[-1].lower() in {"park", "zone"}:
                kind = "place"
            # Headline words: a capitalised headline makes the model tag words as entities; an entity only
            # seen in the headline and nowhere in the body is dropped.
            if 0 <= span.start_char < headline_end and body and text not in body and kind != "place":
                continue
            out.append(Mention(text, kind, title, span))
        return out

    def _clean(self, span: Span, kind: str) -> tuple[str, str]:
        tokens = list(span)
        title_tokens: list[str] = []
        if kind == "person":
            while len(tokens) > 1 and (
                tokens[0].lower_.rstrip(".") in self.titles or tokens[0].ent_type_ == "NORP"
            ):
                title_tokens.append(tokens.pop(0).text)
        text = "".join(t.text_with_ws for t in tokens).strip()
        text = _LEADING.sub("", text)
        text = _POSSESSIVE.sub("", text).strip(" ,;:-–—\"“”'")
        text = re.sub(r"\s+", " ", text)
        if kind == "place":
            text = re.sub(r"^(?:the )?(?:city|province|town) of ", "", text, flags=re.I)
        if not _HAS_LETTER.search(text) or len(text) < 2 or text.islower():
            return "", ""
        if kind == "person" and (len(text.split()) > 5 or any(ch.isdigit() for ch in text)):
            return "", ""
        return text, " ".join(title_tokens)

    # -- resolution -------------------------------------------------------------------------

    def extract(self, doc: Doc) -> tuple[tuple[Entity, ...], list[tuple[Entity, Span]]]:
        """Return the article's entities and each mention paired with its entity."""
        mentions = self.mentions(doc)
        acronyms, common = _acronyms(doc.text)
        groups: dict[tuple[str, str], list[Mention]] = defaultdict(list)
        names: dict[tuple[str, str], str] = {}  # (kind, surface) -> canonical name

        # Canonical names: strip legal suffixes and place suffixes; multi-word person names first.
        for m in mentions:
            if m.text in common and m.kind != "person":
                continue
            names[(m.kind, m.text)] = _canonical_form(m.text, m.kind)
        persons = sorted({n for (k, _), n in names.items() if k == "person" and len(n.split()) > 1})
        orgs = sorted({n for (k, _), n in names.items() if k in ("organization", "facility") and len(n.split()) > 1})
        for (kind, surface), name in list(names.items()):
            if kind == "person" and len(name.split()) == 1:
                matches = [p for p in persons if name in p.split()]
                if len(matches) == 1:
                    names[(kind, surface)] = matches[0]
            elif kind in ("organization", "facility") and len(name.split()) == 1:
                matches = [o for o in orgs if o.split()[0] == name]
                if len(matches) == 1:
                    names[(kind, surface)] = matches[0]
        # Acronyms defined in the text attach to the entity they abbreviate.
        by_lower = {n.lower(): n for n in names.values()}
        for acro, expansion in acronyms.items():
            target = by_lower.get(_canonical_form(expansion, "organization").lower())
            if target:
                for key in [k for k in names if names[k] == acro or k[1] == acro]:
                    names[key] = target
        kinds_of: dict[str, str] = {}
        for m in mentions:
            key = (m.kind, m.text)
            if key not in names:
                continue
            name = names[key]
            # One name, one kind: the first kind seen wins (organisation beats place for "Xinhua", say).
            kind = kinds_of.setdefault(name, m.kind)
            groups[(kind, name)].append(m)

        entities: list[Entity] = []
        pairs: list[tuple[Entity, Span]] = []
        for (kind, name), ms in groups.items():
            aliases = {m.text for m in ms if m.text != name}
            aliases |= {f"{m.title} {m.text}" for m in ms if m.title}
            aliases |= {a for a, exp in acronyms.items() if _canonical_form(exp, kind).lower() == name.lower()}
            aliases.discard(name)
            titles = tuple(sorted({m.title for m in ms if m.title}))
            sentences: list[str] = []
            for m in ms:
                s = _sentence(m.span)
                if s not in sentences:
                    sentences.append(s)
            from kgraph.graph import node_id

            ent = Entity(node_id(kind, name), kind, name, tuple(sorted(aliases)), titles, tuple(sentences), len(ms))
            entities.append(ent)
            pairs.extend((ent, m.span) for m in ms)
        entities.sort(key=lambda e: (e.kind, e.name))
        pairs.sort(key=lambda p: p[1].start_char)
        return tuple(entities), pairs


def _trim_span(ent: Span) -> Span | None:
    """Cut a span at the first paragraph break and strip whitespace tokens at both ends."""
    tokens = list(ent)
    end = len(tokens)
    for i, tok in enumerate(tokens):
        if "\n" in tok.text or "\n" in tok.whitespace_ and i < len(tokens) - 1:
            end = i if "\n" in tok.text else i + 1
            break
    start = 0
    while start < end and tokens[start].is_space:
        start += 1
    while end > start and tokens[end - 1].is_space:
        end -= 1
    if end <= start:
        return None
    return ent.doc[ent.start + start : ent.start + end]


def _fac_kind(text: str) -> str:
    head = text.split(" of ")[0].split()[-1].lower()
    if head in _ORG_HEADS:
        return "organization"
    if head in _PLACE_HEADS:
        return "place"
    return "facility"


def _canonical_form(text: str, kind: str) -> str:
    if kind in ("organization", "facility"):
        stripped = _LEGAL_SUFFIX.sub("", text).strip(" ,")
        return stripped or text
    if kind == "place":
        stripped = _PLACE_SUFFIX.sub("", text)
        return stripped or text
    return text


def _acronyms(text: str) -> tuple[dict[str, str], set[str]]:
    """Acronyms defined as "Long Name (LN)": returns (acronym -> expansion for names, acronyms of common nouns)."""
    named: dict[str, str] = {}
    common: set[str] = set()
    for m in _ACRONYM_DEF.finditer(text):
        phrase, acro = m.group(1).strip(), m.group(2)
        letters = [c for c in acro if c.isupper()]
        words = phrase.split()
        # The expansion is the shortest tail of the phrase whose initials cover the acronym's capitals.
        for n in range(len(letters), min(len(words), len(letters) + 4) + 1):
            tail = words[-n:]
            initials = [w[0].upper() for w in tail if w[0].isalpha() and w.lower() not in {"of", "and", "for", "the", "&"}]
            if initials == letters or "".join(initials).startswith("".join(letters)):
                expansion = " ".join(tail)
                if expansion.islower():
                    common.add(acro)
                else:
                    named[acro] = _LEADING.sub("", expansion)
                break
    return named, common


def sentences_of(pairs: Sequence[tuple[Entity, Span]]) -> dict[str, list[str]]:
    """Map entity name -> sentences it is mentioned in (helper for callers)."""
    out: dict[str, list[str]] = defaultdict(list)
    for ent, span in pairs:
        s = _sentence(span)
        if s not in out[ent.name]:
            out[ent.name].append(s)
    return dict(out)
