"""Candidate entity spans: the model's spans cut and joined again, plus the spans that text rules find."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.attrs import ORTH
from spacy.tokens import Doc

from kgraph.extract.entities.acronyms import acronym_defs, expansion_start
from kgraph.extract.entities.words import (
    CHINESE_SURNAMES,
    CREDIT,
    CREDIT_NOISE,
    DATELINE,
    FACILITY_HEADS,
    FUNCTION,
    LABEL_KIND,
    LEGAL_WORDS,
    NOT_ENTITY,
    ORG_HEADS,
    OWNER_HEADS,
    PAREN_ORG,
    PLACE_HEADS,
    POSSESSIVE_NAME,
    SUBSITE_HEADS,
    EntityRules,
    norm_key,
)
from kgraph.extract.spans import span_text


@dataclass
class Candidate:
    """A candidate span under repair: token offsets, spaCy label, and where it came from."""

    start: int
    end: int
    label: str
    source: str = "ner"
    kind: str = ""  # forced kind (text rules)
    text: str = ""  # forced text (credits, datelines)


def candidates(rules: EntityRules, doc: Doc) -> list[Candidate]:
    cands = [Candidate(e.start, e.end, e.label_, "ner" if not e.ent_id_ else e.ent_id_) for e in doc.ents
             if e.label_ in LABEL_KIND or e.label_ == "NORP"]
    cands = [c for piece in cands for c in _split(rules, doc, piece)]
    cands = _join(rules, doc, cands)
    extra = _text_rules(rules, doc, cands)
    if extra:
        kept = [c for c in cands if not any(c.start < x.end and x.start < c.end for x in extra)]
        cands = sorted(kept + extra, key=lambda c: (c.start, -c.end))
    return cands


def _split(rules: EntityRules, doc: Doc, cand: Candidate) -> list[Candidate]:
    """Cut a candidate at line breaks, at "/" and (organisations) at " at "."""
    pieces: list[Candidate] = []
    start = cand.start
    for i in range(cand.start, cand.end):
        tok = doc[i]
        cut = "\n" in tok.text or tok.text in ("/", "|", "•", ">", "<") or (
            tok.lower_ == "at" and cand.label in ("ORG", "FAC") and i > cand.start
        )
        if cut:
            if i > start:
                pieces.append(Candidate(start, i, cand.label, cand.source))
            start = i + 1
        elif "\n" in tok.whitespace_ and i < cand.end - 1:
            pieces.append(Candidate(start, i + 1, cand.label, cand.source))
            start = i + 1
    if start < cand.end:
        pieces.append(Candidate(start, cand.end, cand.label, cand.source))
    pieces = [q for p in pieces for q in _split_org(rules, doc, p)]
    out = []
    for p in pieces:
        while p.start < p.end and (doc[p.start].is_space or doc[p.start].is_punct):
            p.start += 1
        if p.label in ("ORG", "FAC"):
            # "At Lenze ...", "Premier of the State Council": leading function words and titles
            while p.end - p.start > 1 and (doc[p.start].lower_ in FUNCTION or (
                    doc[p.start].lower_ in rules.titles and doc[p.start + 1].lower_ in ("of", "for"))):
                p.start += 1
                while p.end - p.start > 1 and doc[p.start].lower_ in ("of", "for", "the"):
                    p.start += 1
        while p.end > p.start and (doc[p.end - 1].is_space or doc[p.end - 1].text in (",", "(", "-", "|")):
            p.end -= 1
        if p.end > p.start:
            if len(pieces) > 1 and cand.source == "ner":
                p.source = "split"
            out.append(p)
    return out


def _split_org(rules: EntityRules, doc: Doc, c: Candidate) -> list[Candidate]:
    """Split "A University and B University", "Campus of X University" and "... Congress Li Zhanshu"."""
    if c.label not in ("ORG", "FAC") or c.source == "org-gazetteer":
        return [c]
    toks = doc[c.start : c.end]
    if "political bureau" in toks.text.lower():
        # "Standing Committee of the Political Bureau of the CPC Central Committee": a Party title; only
        # the Central Committee is a body of its own
        k = max(i for i, t in enumerate(toks) if t.lower_ == "of")
        k += 1 + (k + 1 < len(toks) and toks[k + 1].lower_ == "the")
        return [Candidate(c.start + k, c.end, c.label, "split")] if k < len(toks) else []
    for i, t in enumerate(toks):
        if i == 0 or i == len(toks) - 1:
            continue
        left_head = toks[i - 1].lower_
        right_head = toks[-1].lower_
        if t.lower_ == "and" and left_head in ORG_HEADS and right_head in ORG_HEADS and toks[i - 1].text[0].isupper():
            return [Candidate(c.start, c.start + i, c.label, "split"), Candidate(c.start + i + 1, c.end, c.label, "split")]
        if t.lower_ == "of" and left_head in SUBSITE_HEADS and right_head in OWNER_HEADS:
            j = i + 1 + (toks[i + 1].lower_ == "the")
            return [Candidate(c.start, c.start + i, "FAC" if left_head in FACILITY_HEADS else c.label, "split"),
                    Candidate(c.start + j, c.end, "ORG", "split")]
    # a Chinese name glued after an organisation's head word
    if (len(toks) >= 3 and toks[-2].text in CHINESE_SURNAMES and toks[-3].lower_ in ORG_HEADS
            and toks[-1].text[:1].isupper() and toks[-1].is_alpha):
        return [Candidate(c.start, c.end - 2, c.label, "split"), Candidate(c.end - 2, c.end, "PERSON", "rule")]
    return [c]


def _join(rules: EntityRules, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Join spans the model cut short."""
    cands = sorted(cands, key=lambda c: c.start)
    out: list[Candidate] = []
    for c in cands:
        if out:
            prev = out[-1]
            gap = doc[prev.end : c.start]
            last = doc[prev.end - 1].lower_
            glued = prev.end == c.start
            no_break = "\n" not in span_text(doc[prev.start : c.end])
            # "the Communist Party of" + "China"; "People's Republic of" + "China"
            if prev.end == c.start and last in ("of", "the") and prev.label in ("ORG", "GPE", "FAC") and no_break:
                prev.end = c.end
                continue
            # "National Health ... Commission" + "of the" + "People's Republic of China"
            if (prev.label == "ORG" and c.label == "GPE" and no_break and 1 <= len(gap) <= 2
                    and gap[0].lower_ == "of" and all(t.lower_ in ("of", "the") for t in gap)
                    and prev.source != "org-gazetteer"):
                prev.end = c.end
                continue
            # "Innovate" + "UK"; "Guizhou" + "CPPCC"
            acronym = prev.label == "GPE" and span_text(doc[c.start:c.end]).isupper()
            if (glued and no_break and {prev.label, c.label} == {"ORG", "GPE"}
                    and doc[prev.end - 1].whitespace_ and doc[c.start].text[:1].isupper()
                    and (acronym or (prev.source != "org-gazetteer" and c.source != "org-gazetteer"))
                    and not doc[c.start].is_punct and len(doc[prev.start:c.end]) <= 4):
                prev.end = c.end
                prev.label = "ORG"
                prev.source = "joined"
                continue
        out.append(c)
    ent_tokens = {i for c in out for i in range(c.start, c.end)}
    n = len(doc)
    for c in out:
        # "National People" + "’s Congress": a possessive inside a name
        if (c.label in ("ORG", "GPE") and c.end + 1 < n and doc[c.end].text in ("’s", "'s", "’", "'")
                and doc[c.end - 1].lower_ in POSSESSIVE_NAME and doc[c.end + 1].text[:1].isupper()):
            j = c.end + 1
            while j < n and "\n" not in doc[j - 1].whitespace_ and (
                    (doc[j].text[:1].isupper() and doc[j].is_alpha) or doc[j].lower_ in ("of", "the", "and")):
                j += 1
            while doc[j - 1].lower_ in ("of", "the", "and"):
                j -= 1
            c.end = j
            c.label = "ORG" if doc[j - 1].lower_ in ORG_HEADS else c.label
        # "Hyderabad" + "House", "BBC" + "Weather": a known name the ruler cut from a longer one
        if c.source in ("gazetteer", "org-gazetteer") and c.end < n and c.end not in ent_tokens \
                and doc[c.end - 1].whitespace_ == " " and not title_line(doc, c.start):
            j = c.end
            while (j < n and j not in ent_tokens and j - c.end < 2 and doc[j].pos_ == "PROPN"
                   and doc[j].text[:1].isupper() and doc[j].is_alpha and doc[j].lower_ not in rules.titles
                   and doc[j - 1].whitespace_ == " "):
                j += 1
            if j > c.end and not (j < n and doc[j].text[:1].isupper() and doc[j].is_alpha):
                last = doc[j - 1].lower_
                if c.source == "org-gazetteer" or last in FACILITY_HEADS or last in ORG_HEADS:
                    c.end = j
                    c.label = "FAC" if last in FACILITY_HEADS else "ORG"
                    c.source = "joined"
    # drop candidates swallowed by an extension
    out = [c for i, c in enumerate(out) if not any(o is not c and o.start <= c.start and c.end <= o.end
                                                   and (o.end - o.start) > (c.end - c.start) for o in out)]
    # Extend people over the rest of a cut name ("Marine Le" + "Pen", "C. P." + "Radhakrishnan").
    ent_tokens = {i for c in out for i in range(c.start, c.end)}
    for c in out:
        if c.label != "PERSON":
            continue
        room = 1 if title_line(doc, c.start) else 2
        if room == 1 and c.end - c.start != 2:
            continue
        j = c.end
        while (j < len(doc) and j not in ent_tokens and j - c.end < room and doc[j - 1].whitespace_ == " "
               and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and not doc[j].is_stop
               and doc[j].text.isalpha() and doc[j].lower_ not in rules.titles):
            j += 1
        c.end = j
    for c in out:
        # "UAW Local" + "14"
        if c.label == "ORG" and doc[c.end - 1].text == "Local" and c.end < len(doc) and doc[c.end].like_num:
            c.end += 1
        # "Naura Technology Group" + "Co., Ltd.": the legal suffix belongs to the name
        if c.label in ("ORG", "FAC"):
            j = c.end
            while j < len(doc) and (doc[j].text in LEGAL_WORDS or (doc[j].text == "," and j + 1 < len(doc)
                                                                    and doc[j + 1].text in LEGAL_WORDS)):
                j += 1
            if j > c.end and doc[j - 1].text != ",":
                c.end = j
    return out


def _text_rules(rules: EntityRules, doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Spans found by text rules: credits, datelines, parenthesised company names, acronym definitions."""
    text = doc.text
    extra: list[Candidate] = []

    def add(s: int, e: int, label: str, forced: str = "", source: str = "rule") -> None:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span):
            extra.append(Candidate(span.start, span.end, label, source, text=forced))

    known_orgs = {norm_key(span_text(doc[c.start:c.end])) for c in cands if c.label == "ORG"}
    for m in CREDIT.finditer(text):
        parts = [p for p in re.finditer(r"[^/]+", m.group(1))]
        words = [p.group().strip() for p in parts]
        if any(w.lower() in NOT_ENTITY for w in words) and len(words) < 2:
            continue
        if all(len(w.split()) == 1 and not _known_org(rules, w, known_orgs) for w in words):
            continue  # "24/7", "AC/DC": no known agency, no full name
        if not any(_known_org(rules, w, known_orgs) or w.lower() in CREDIT_NOISE for w in words):
            continue
        base = m.start(1)
        for p, w in zip(parts, words):
            s = base + p.start() + (len(p.group()) - len(p.group().lstrip()))
            e = s + len(w)
            if w.lower() in CREDIT_NOISE:
                continue
            if _known_org(rules, w, known_orgs):
                add(s, e, "ORG")
            elif 2 <= len(w.split()) <= 3:
                add(s, e, "PERSON", caps_to_title(w))
    for m in DATELINE.finditer(text):
        place, outlet = m.group(1), m.group(2)
        words = (place or "").split()
        if not place and not outlet:
            continue
        if place and len(words) <= 3 and place.upper() == place and place.lower() not in NOT_ENTITY:
            add(m.start(1), m.end(1), "GPE", caps_to_title(place))
        if outlet and outlet.upper() == outlet and " " not in outlet or outlet and _known_org(rules, outlet, known_orgs):
            add(m.start(2), m.end(2), "ORG")
    for m in PAREN_ORG.finditer(text):
        s = m.start(1)
        first = m.group(1).split()[0]
        if first.lower() in FUNCTION:
            s += len(first) + 1
        add(s, m.end(2), "ORG", source="paren-org")
    for m in re.finditer(r"\(([A-Z][\w .&'’\-]{1,40})\)", text):  # "(PTI)", "(Xinhua)"
        if _known_org(rules, m.group(1), set()):
            add(m.start(1), m.end(1), "ORG", source="org-gazetteer")
    # Names defined with an acronym that the model missed ("La France Insoumise (LFI)").
    covered = [(doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])) for c in cands if c.label != "NORP"]
    for acro, expansion, pos in acronym_defs(text):
        if not expansion or expansion.islower():
            continue
        s = expansion_start(text, expansion, pos)
        if text[s:pos] != expansion:
            continue
        e = pos
        if any(a <= s and e <= b for a, b in covered):
            continue
        if any(s < b and a < e and not (s <= a and b <= e) for a, b in covered):
            continue  # overlaps a span partly: leave it to the model
        head = expansion.split()[-1].lower()
        label = "GPE" if head in PLACE_HEADS else "ORG"
        add(s, e, label, source="acronym")
    # A line that is only a Chinese name is a byline ("Hu Yongqi").
    for m in re.finditer(r"(?m)^[ \t]*(?:By[ \t]+)?([A-Z][a-z]+)[ \t]+([A-Z][a-z]+(?:-[a-z]+)?)[ \t]*$", text):
        if m.group(1) in CHINESE_SURNAMES:
            add(m.start(1), m.end(2), "PERSON")
    # "Surname Given" right after a title or an organisation, or before ", <title>", missed by the model
    # ("... Congress Li Zhanshu", "-- Xi Jinping, general secretary of ...").
    ent_tokens = {i for c in cands for i in range(c.start, c.end)}
    words = token_texts(doc)
    for i in range(len(doc) - 1):
        if words[i] not in CHINESE_SURNAMES:
            continue  # the test below starts with this one: skip the other tokens without making Tokens
        tok, nxt = doc[i], doc[i + 1]
        if (tok.text in CHINESE_SURNAMES and tok.i not in ent_tokens and tok.i + 1 not in ent_tokens
                and nxt.text[:1].isupper() and nxt.text[1:].islower() and nxt.is_alpha and not nxt.is_stop
                and nxt.text not in CHINESE_SURNAMES and tok.whitespace_ == " "
                and nxt.pos_ == "PROPN" and nxt.text not in rules.places
                and tok.i > 0 and (doc[tok.i - 1].i in ent_tokens or doc[tok.i - 1].lower_ in rules.titles
                                   or (tok.i + 3 < len(doc) and doc[tok.i + 2].text == ","
                                       and doc[tok.i + 3].lower_ in rules.titles))):
            if tok.i + 2 < len(doc) and doc[tok.i + 2].text[:1].isupper() and doc[tok.i + 2].is_alpha:
                continue
            extra.append(Candidate(tok.i, tok.i + 2, "PERSON", "rule"))
    return extra


def _known_org(rules: EntityRules, text: str, known: set[str]) -> bool:
    key = norm_key(text)
    entry = rules.table.get(key)
    return key in known or key in rules.known_orgs or (entry is not None and entry.kind == "organization")


def token_texts(doc: Doc) -> list[str]:
    """The text of every token, from the Doc's ORTH array (no Token objects made)."""
    strings = doc.vocab.strings
    return [strings[orth] for orth in doc.to_array(ORTH).tolist()] if len(doc) else []


def title_line(doc: Doc, i: int) -> bool:
    """True when token ``i`` is in a line written in title case (a headline)."""
    text = doc.text
    idx = doc[i].idx
    start = text.rfind("\n", 0, idx) + 1
    end = text.find("\n", idx)
    line = text[start : end if end >= 0 else len(text)]
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’]+", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.8


def caps_to_title(text: str) -> str:
    """"PHILIPPE WOJAZER" -> "Philippe Wojazer"; mixed-case words are kept ("Pierre DELRIEU" stays)."""
    if text.upper() != text:
        return text
    return " ".join(w.capitalize() if len(w) > 1 else w for w in text.split())
