"""Entity mentions: candidate spans cleaned, given a kind, and dropped when they name no entity."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from kgraph.extract.entities.candidates import Candidate, candidates, title_line
from kgraph.extract.entities.words import (
    DIRECTIONS,
    FACILITY_HEADS,
    FUNCTION,
    HAS_LETTER,
    LABEL_KIND,
    LEADING,
    NAME_PARTICLES,
    NOT_ENTITY,
    ORG_HEADS,
    PERSON_NOUNS,
    PLACE_HEADS,
    POSSESSIVE,
    ROLE_WORDS,
    SEA_WORDS,
    SETTLEMENT_HEADS,
    EntityRules,
    norm_key,
)


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: the cleaned text, its kind, the title cut from it, and the Span it came from.

    ``surface`` is the written form when it differs from ``text`` (an upper-case dateline or credit).
    """

    text: str
    kind: str
    title: str
    span: Span
    surface: str = ""


def find_mentions(rules: EntityRules, doc: Doc) -> list[Mention]:
    """Clean entity mentions of a Doc in text order (titles cut, noise dropped)."""
    out: list[Mention] = []
    headline = _headline(doc.text)
    body = doc.text[headline[1]:] if headline else ""
    for cand in candidates(rules, doc):
        if cand.label == "NORP":
            span = doc[cand.start : cand.end]
            # "Tongren city" tagged NORP is a place; a demonym is not an entity
            if cand.end < len(doc) and doc[cand.end].lower_ in ("city", "county", "province"):
                cand.label = "GPE"
            else:
                continue
        span = doc[cand.start : cand.end]
        kind = LABEL_KIND[cand.label]
        if cand.text:
            text, title = cand.text, ""
        else:
            text, title = _clean(rules, span, kind)
        if not text:
            continue
        resolved = _kind(rules, span, text, kind, cand)
        if resolved is None:
            continue
        kind = resolved
        if kind == "person" and not cand.text and not text.endswith(" Team") \
                and not _plausible_person(rules, span, text, title):
            continue
        if kind in ("organization", "facility") and not _plausible_org(rules, span, text, cand):
            continue
        if kind == "place" and not _plausible_place(rules, span, text):
            continue
        # "Shots!": a brand written with its exclamation mark
        if kind == "organization" and re.search(re.escape(text) + r"!\s+[a-z]", doc.text):
            text += "!"
        if kind in ("organization", "person") and text.endswith(" Team"):
            # "the Liang Guangyi Team": a group named after its leader; the leader is a person
            name = text[: -len(" Team")]
            if 2 <= len(name.split()) <= 3:
                text, kind = name, "person"
            else:
                continue
        # Headline words: a capitalised headline makes the model tag words as entities; an entity only
        # seen in the headline and nowhere in the body is dropped.
        if (headline and span.start_char < headline[1] and kind != "place" and text not in body
                and cand.source not in ("org-gazetteer", "gazetteer", "rule")):
            continue
        if (kind in ("organization", "facility") and cand.source in ("ner", "split", "institution")
                and title_line(doc, span.start) and text.split()[-1].lower() not in ORG_HEADS
                and not any(text in line for line in _plain_lines(doc.text))):
            continue  # "Sci-Tech", "Industrial Innovation" in a title-case headline
        surface = span.text if cand.text and cand.text != span.text else ""
        out.append(Mention(text, kind, title, span, surface))
    return out


def _kind(rules: EntityRules, span: Span, text: str, kind: str, cand: Candidate) -> str | None:
    words = text.split()
    head = text.split(" of ")[0].split()[-1].lower().strip("()")
    last = words[-1].lower()
    entry = rules.table.get(norm_key(text))
    if entry is not None:
        return entry.kind
    if cand.source == "gazetteer" or (norm_key(text) in rules.places_norm and kind in ("organization", "person")
                                     and cand.source in ("split", "ner") and len(words) <= 3):
        return "place"
    if cand.source == "org-gazetteer":
        return "organization"
    if kind == "facility" or (kind in ("organization", "person") and len(words) > 1):
        if last in FACILITY_HEADS and last != "house" or (last == "house" and kind == "facility"):
            return "facility"
        if last == "house" and len(words) > 1 and kind == "organization" and words[0] != "White":
            return "facility"
        if head in ORG_HEADS:
            return "organization"
        if last in PLACE_HEADS:
            return "place"
        if kind == "facility":
            return "facility"
    if kind == "organization" and last in ("park", "zone"):
        return "place"
    if kind == "person" and len(words) > 1 and last in ORG_HEADS and last != "team":
        return "organization"
    if kind == "person" and len(words) > 1 and last in SETTLEMENT_HEADS:
        return "place"  # "Changde Yuan'an Yingbin Community": a residential community the model took for a name
    # "global boss Makoto Uchida", "milkman Philip Barnard": a role noun before a two- or three-word name
    if (kind == "organization" and 2 <= len(words) <= 3 and cand.source in ("ner", "split")
            and all(w[:1].isupper() and w.lower() not in ORG_HEADS and w.lower() not in FACILITY_HEADS
                    for w in words)):
        doc = span.doc
        i = span.start - 1
        while i >= 0 and doc[i].pos_ == "ADJ":
            i -= 1
        if i >= 0 and doc[i].text.islower() and (doc[i].lower_ in PERSON_NOUNS or doc[i].lower_ in rules.titles):
            return "person"
    # An appositive describes what it is: "RICOM, an optical lens company".
    # (Only with a parse: on an unparsed Doc, Token.children can crash spaCy.)
    root = span.root
    for child in (root.children if span.doc.has_annotation("DEP") else ()):
        if child.dep_ == "appos" and child.lemma_.lower() in {
            "company", "manufacturer", "maker", "firm", "group", "enterprise", "producer", "bank", "platform",
            "brand", "carmaker", "automaker", "supplier", "developer", "operator", "startup", "retailer",
            "university", "institute", "agency", "newspaper", "broadcaster",
        } and kind != "person":
            return "organization"
    return kind


def _clean(rules: EntityRules, span: Span, kind: str) -> tuple[str, str]:
    tokens = list(span)
    title_tokens: list[str] = []
    if kind == "person":
        while len(tokens) > 1 and (
            tokens[0].lower_.rstrip(".") in rules.titles or tokens[0].ent_type_ == "NORP"
            or tokens[0].text in ("©", "PM")
        ):
            title_tokens.append(tokens.pop(0).text)
    text = "".join(t.text_with_ws for t in tokens).strip()
    text = LEADING.sub("", text)
    text = POSSESSIVE.sub("", text).strip(" ,;:-–—\"“”'‘’([")
    text = re.sub(r"\s+", " ", text)
    if text.count("(") != text.count(")"):
        text = text.split("(")[0].strip() if text.count("(") > text.count(")") else text.replace(")", "")
    if kind == "place":
        text = re.sub(r"^(?:the )?(?:city|province|town) of ", "", text, flags=re.IGNORECASE)
    if not HAS_LETTER.search(text) or len(text) < 2 or text.islower():
        return "", ""
    if kind == "person" and (len(text.split()) > 5 or any(ch.isdigit() for ch in text)):
        return "", ""
    if title_tokens and tokens:
        # "provincial Party secretary Sun Zhigang": lower-case title words before the span belong to it
        i = span.start - 1
        doc = span.doc
        while i >= 0 and span.start - i <= 3 and (doc[i].lower_ in rules.titles or doc[i].pos_ == "ADJ"):
            title_tokens.insert(0, doc[i].text)
            i -= 1
    return text, " ".join(title_tokens)


def _plausible_person(rules: EntityRules, span: Span, text: str, title: str) -> bool:
    doc = span.doc
    words = text.split()
    toks = [t for t in span if t.text in words or t.text.rstrip("’'s") in words]
    if any((t.is_stop and t.text.islower() and t.lower_ not in NAME_PARTICLES)
           or (i > 0 and t.lower_ in FUNCTION) for i, t in enumerate(toks)):
        return False  # "Astronaut To Return Home"
    if any(w.lower() in NOT_ENTITY or w.lower() in ORG_HEADS for w in words) and len(words) > 1:
        return False
    if any(t.pos_ == "VERB" and t.text.islower() for t in span):
        return False
    if len(words) == 1 and not title:
        tok = span[-1]
        if words[0].lower() in NOT_ENTITY:
            return False
        # "Nehru jacket", "a blue Juke model", "people of Tribal society": a modifier of a common noun
        if tok.dep_ in ("compound", "amod") and tok.head.pos_ == "NOUN" and tok.head.i >= span.end \
                and tok.head.text.islower():
            return False
        if span.start > 0 and doc[span.start - 1].lower_ == "the":
            return False
    return not _indefinite(span)


def _plausible_org(rules: EntityRules, span: Span, text: str, cand: Candidate) -> bool:
    doc = span.doc
    words = text.split()
    lower = [w.lower() for w in words]
    if cand.source in ("org-gazetteer", "rule", "paren-org", "acronym"):
        return True
    if len(words) == 1 and (lower[0] in NOT_ENTITY or lower[0] in rules.titles):
        return False  # "Party", "Department", "State", "VVIP"
    if any(w in ROLE_WORDS for w in lower) and not any(w in ORG_HEADS - {"head"} for w in lower):
        return False  # "Global Head of Manufacturing", "Research and Development and Site Leader"
    if "political bureau" in text.lower() or text.lower().startswith("standing committee of the political"):
        return False  # part of a Chinese Party title; the Central Committee is annotated on its own
    if any(t.pos_ == "VERB" and t.text.islower() for t in span):
        return False  # "the First Couple boarded The Beast"
    if any(ch.isdigit() for ch in text) and not re.search(r"\b(?:Local|No\.?)\s+\d", text):
        return False
    if _indefinite(span):
        return False
    if (len(words) == 1 and span.start > 0 and doc[span.start - 1].lower_ == "the" and span[-1].dep_ == "compound"
            and span[-1].head.text.islower()):
        return False  # "the Bhoomi poojan"
    # A single word right before a title is part of the title ("Science Minister", "Director Digital News")
    if len(words) == 1 and not text.isupper() and span.end < len(doc) and doc[span.end].lower_ in rules.titles:
        return False
    return not (span.start > 0 and doc[span.start - 1].text[:1].isupper()
                and doc[span.start - 1].lower_ in rules.titles and not span.text.startswith(("the", "The")))


def _plausible_place(rules: EntityRules, span: Span, text: str) -> bool:
    doc = span.doc
    if text.lower() in DIRECTIONS or text.lower() in NOT_ENTITY:
        return False
    if any(ch.isdigit() for ch in text):
        return False
    if text.split()[-1] in SEA_WORDS:
        return False  # "Ohio River", "South China Sea" are features
    return not (span.end < len(doc) and doc[span.end].text in SEA_WORDS)


def _indefinite(span: Span) -> bool:
    """True for "a multi-billion dollar Ethane Cracker Plant": an unnamed thing with a capitalised head."""
    doc = span.doc
    i = span.start - 1
    steps = 0
    while i >= 0 and steps < 4 and doc[i].pos_ in ("ADJ", "NOUN", "NUM", "PUNCT", "ADV") and doc[i].text != ",":
        i -= 1
        steps += 1
    return i >= 0 and doc[i].lower_ in ("a", "an") and span.root.head.i in range(span.start, span.end) or (
        i >= 0 and doc[i].lower_ in ("a", "an") and span.root.dep_ not in ("compound", "amod", "poss")
    )


def _plain_lines(text: str) -> list[str]:
    """Lines of ``text`` that are not written in title case."""
    out = []
    for line in text.splitlines():
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’]+", line) if len(w) > 3]
        if not (len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.8):
            out.append(line)
    return out


def _headline(text: str) -> tuple[int, int] | None:
    """The first line when it reads as a headline: short, no final full stop, body text after it."""
    first = text.split("\n", 1)[0]
    line = re.sub(r"^date \d{4}-\d{2}-\d{2}\s*", "", first)
    if "\n" not in text.strip() or len(line.split()) > 20 or line.rstrip().endswith((".", "”", '"')):
        return None
    return (0, len(first))
