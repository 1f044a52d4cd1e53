"""Entity mentions from a spaCy Doc, cleaned and resolved within one article.

Kinds: spaCy's PERSON -> ``person``; ORG -> ``organization``; GPE and LOC -> ``place``; FAC -> decided by its
head word: institutions (academy, university, institute, laboratory, hospital, company ...) are organisations,
industrial parks and zones are places, and named physical sites (plant, factory, campus, airport, hall, castle
...) are ``facility``. The head-word rule also corrects the model's label when it is plainly wrong ("Huxi
Campus" tagged PERSON is a facility; "Pilot Free Trade Zone" tagged ORG is a place).

Mention repair (before resolution):

- spans are cut at paragraph breaks, at "/" ("Xinhua/Ju Peng" is the agency and the photographer) and at
  " at " ("Law School at Peking University" is two bodies);
- spans the model cut short are joined again ("the Communist Party of" + "China"; "Innovate" + "UK";
  "Marine Le" + "Pen"; "Lenze (Shanghai) Transmission System Co., Ltd.");
- text rules add what the model misses: photo credits ("© NAME/POOL/AFP"), datelines ("FUZHOU, March 25
  (Xinhua) --", "TOLEDO (WTVG) -"), names defined with an acronym ("La France Insoumise (LFI)"), a line that is
  only a Chinese name (a byline);
- noise is dropped: a job title or role taken for an organisation ("Global Head of Manufacturing", "Party" in
  "provincial Party secretary"), products and compounds taken for people ("a blue Juke model", "Nehru jacket"),
  unnamed things ("a multi-billion dollar Ethane Cracker Plant"), demonyms, rivers and seas, directions, and
  entities only seen in a title-case headline.

Within one article: titles are cut from names and kept as the entity's ``titles`` ("Chinese Premier Li Qiang"
-> "Li Qiang", title "Chinese Premier"); a surname or given name alone, or a titled form, resolves to the one
full name that contains it ("Li", "Premier Li" -> "Li Qiang"; "Boler Davis" -> "Alicia Boler Davis"), also when
the model gave it another label ("Wang" tagged ORG); legal suffixes go to the aliases ("Naura Technology Group
Co., Ltd." -> "Naura Technology Group"); a short form that begins the one longer organisation name ("Naura",
"Great Hall") joins it unless the rest names another body ("MRC" and "MRC Laboratory of Molecular Biology" stay
two); an acronym defined in the text ("Beijing Academy of Artificial Intelligence (BAAI)") or matching the
initials of exactly one organisation of the article ("CQU" for Chongqing University) becomes an alias, and an
acronym defined for a common noun phrase ("artificial intelligence (AI)") is not an entity; upper-case forms
("FUZHOU", "PHILIPPE WOJAZER") are aliases of the mixed-case name; the shipped alias table (``aliases.csv``)
groups known variants ("US", "U.S.", "America" -> one place) while the article's fullest form stays the name;
possessives and descriptive prefixes ("Baidu's", "tech giant Baidu", "the") are dropped; "Hunan Province" and
"Tongren city" are "Hunan" and "Tongren".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span

from kgraph.extract.pipeline import span_text
from kgraph.records import Entity

if TYPE_CHECKING:
    from kgraph.resolve import AliasEntry

__all__ = ["EntityExtractor", "Mention", "person_titles", "sentences_of"]

_LABEL_KIND = {"PERSON": "person", "ORG": "organization", "GPE": "place", "LOC": "place", "FAC": "facility"}

_ORG_HEADS = frozenset(
    "academy university institute institution laboratory laboratories lab labs school college hospital company "
    "corporation corp group bank ministry commission committee council agency association federation foundation "
    "society centre center inc ltd co limited department office bureau administration authority party congress "
    "assembly parliament union service court daily times post echo herald gazette tribune journal telegraph "
    "chronicle observer press".split()
)
_FACILITY_HEADS = frozenset(
    "plant factory works campus airport hall castle palace stadium arena station port terminal memorial mausoleum "
    "garden gardens bhavan house tower bridge dam mine refinery mill warehouse museum".split()
)
# Heads of residential places that the model tags as people ("Yingbin Community").
_SETTLEMENT_HEADS = frozenset("community neighborhood neighbourhood estate village".split())
_PLACE_HEADS = frozenset("park zone area district county village town township city province municipality".split())
# Head words that make a longer name a different body from its first word(s) ("MRC" vs "MRC Laboratory ...").
_OTHER_BODY = frozenset(
    "university college school academy institute institution laboratory lab labs hospital clinic committee "
    "commission ministry department bureau council congress party union association federation society "
    "foundation bank museum airport station hall centre center campus office agency court assembly security "
    "general plant factory".split()
)
# Words that name a role, not a body: an ORG span holding one is a job title ("Global Head of Manufacturing").
_ROLE_WORDS = frozenset(
    "head leader director vp president chairman chairwoman chief officer manager secretary minister "
    "spokesman spokeswoman editor correspondent subscription".split()
)
# Nouns that, right before a name, say it is a person ("global boss Makoto Uchida", "milkman Philip Barnard").
_PERSON_NOUNS = frozenset(
    "boss chief worker workers milkman farmer teacher student doctor nurse engineer wife husband son daughter mother "
    "father brother sister photographer reporter journalist correspondent editor economist analyst expert "
    "scientist researcher professor candidate director manager leader head founder owner coach player actor "
    "actress singer artist writer author lawyer judge officer captain colonel resident villager patient employee "
    "colleague friend spokesman spokeswoman waiting chairman chairwoman secretary minister governor mayor "
    "ambassador president premier vice deputy mp".split()
)
# Single words the model tags but that name no entity (abbreviations of roles, diseases, generic words).
_NOT_ENTITY = frozenset(
    "vip vvip ceo cfo coo cto vp mp mla pm gdp r&d a&e phd ai it covid covid-19 ebola sars hiv aids internet web "
    "app online video videos photo photos news latest home party state government premier president department "
    "ministry committee commission council group company university bank office agency science digital "
    "advertisement content".split()
)
_NAME_PARTICLES = frozenset("van von der den de del della da di du dos das la le bin ibn al el ben st.".split())
_SEA_WORDS = frozenset("Sea Ocean River Strait Gulf Lake Bay Channel Canal Mountains Mountain Desert".split())
_DIRECTIONS = frozenset("north south east west northern southern eastern western central northeast northwest "
                        "southeast southwest".split())
# Common Chinese surnames (romanised): a line that is only "Surname Given" is a byline.
_CHINESE_SURNAMES = frozenset(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang "
    "Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao "
    "Jin Fu Zhong Cui Tan Lu Fan Qian Qiu Qin Shi Xue Kong Bai Mao Hou Meng Long Wan Duan Lei Hao Kang Yan Xiong "
    "Qu Gu Xi Ju Zhan Yin Qi Dai Fang Jia Shao Wen Mo Ou Bi Ge Chu Zou Shi Kou Ni Miao Tao Yi".split()
)

_PLACE_SUFFIX = re.compile(r"\s+(?:[Pp]rovince|city|[Mm]unicipality)$")
_LEGAL_SUFFIX = re.compile(
    r"(?:[\s,]+(?:Co\.?|Company|Corp\.?|Corporation|Inc\.?|Incorporated|Ltd\.?|Limited|LLC|PLC|plc|GmbH|AG))+\.?$"
)
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:'s|’s|‘s|'|’)$")
_ACRONYM_DEF = re.compile(r"([A-Za-z][\w&.,'’\- ]{2,120}?)\s*\(\s*([A-Z][A-Za-z0-9&.\-]{1,11})\s*\)")
_ACRONYM_FIRST = re.compile(r"\b([A-Z][A-Z0-9&]{1,10})\s*\(\s*([a-z][a-z ,'\-]{3,80})\)")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_CAP_WORD = r"[A-Z][\w.&'’\-]*"
_CREDIT = re.compile(
    rf"(?<![\w/])({_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}}(?:[ \t]*/[ \t]*{_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}})+)"
)
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?:date \d{4}-\d{2}-\d{2}[ \t]+)?([A-Z][A-Z .'’\-]{2,30}[A-Z])?"
    r"(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:st|nd|rd|th)?)?[ \t]*(?:\(([A-Za-z][\w .&\-]{1,30})\))?[ \t]*"
    r"(?:--|[-–—:])"
)
_PAREN_ORG = re.compile(
    rf"({_CAP_WORD}(?:[ \t]+{_CAP_WORD})*[ \t]+\([A-Z][a-z]+\)(?:[ \t]+{_CAP_WORD})*?)"
    r"(,?[ \t]+(?:Co\.?,?[ \t]*Ltd\.?|Co\.?|Ltd\.?|Inc\.?|Corp\.?|Corporation|Limited|LLC|GmbH|AG|PLC))(?!\w)"
)
_CREDIT_NOISE = frozenset("pool file handout staff photo photos video via courtesy".split())
_LEGAL_WORDS = frozenset("Co. Co Ltd. Ltd Inc. Inc Corp. Corp Limited LLC PLC plc GmbH AG".split())
_FUNCTION = frozenset("the a an at in on of for and to by with from as this that after before during when while but or"
                      .split())
_SUBSITE_HEADS = frozenset("campus center centre laboratory lab school department plant factory hospital institute "
                           "library".split())
_OWNER_HEADS = frozenset("university college company group corporation academy hospital institute".split())
_POSSESSIVE_NAME = frozenset("people peoples workers women children farmers nations citizens youth".split())
_ACRONYM_STOP = frozenset({"of", "and", "for", "the", "&", "on", "in", "at", "to"})


def person_titles() -> frozenset[str]:
    """Lower-case title words that precede a person's name (package data ``resources/titles.txt``)."""
    text = resources.files("kgraph.resources").joinpath("titles.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _known_orgs() -> frozenset[str]:
    import json

    text = resources.files("kgraph.resources").joinpath("patterns.jsonl").read_text(encoding="utf-8")
    out = set()
    for line in text.splitlines():
        if line.strip():
            pat = json.loads(line)
            if pat.get("label") == "ORG" and isinstance(pat.get("pattern"), str):
                out.add(_norm(pat["pattern"]))
    return frozenset(out)


def _gazetteer() -> frozenset[str]:
    text = resources.files("kgraph.resources").joinpath("places.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


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


def _sentence(span: Span) -> str:
    try:
        return span_text(span.sent).strip()
    except ValueError:  # no sentence boundaries
        return span_text(span.doc[max(0, span.start - 20) : min(len(span.doc), span.end + 20)]).strip()


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'")).strip().casefold()


@dataclass
class _Cand:
    """A candidate span under repair: token offsets, spaCy label, and where it came from."""

    start: int
    end: int
    label: str
    source: str = "ner"
    kind: str = ""  # forced kind (text rules)
    text: str = ""  # forced text (credits, datelines)


class EntityExtractor:
    """Turns a Doc's entity spans into resolved entities of one article.

    Parameters
    ----------
    titles
        Lower-case title words cut from the front of person names; default ``resources/titles.txt``.
    aliases
        Alias-table entries used to group known variants within an article ("US", "U.S." and "United
        States"); default the shipped ``resources/aliases.csv``. Cross-article resolution and user tables are
        the :class:`kgraph.resolve.Resolver`'s job.
    """

    def __init__(self, titles: Iterable[str] | None = None, aliases: Iterable[AliasEntry] | None = None) -> None:
        self.titles = frozenset(t.lower() for t in (titles if titles is not None else person_titles()))
        if aliases is None:
            from kgraph.resolve import load_alias_table

            aliases = load_alias_table()
        self.table: dict[str, AliasEntry] = {}
        for entry in aliases:
            self.table[_norm(entry.alias)] = entry
            self.table.setdefault(_norm(entry.canonical), entry)
        self.places = _gazetteer()
        self.known_orgs = _known_orgs()
        self._places_norm = {_norm(p) for p in self.places}

    # -- candidate spans --------------------------------------------------------------------------

    def _candidates(self, doc: Doc) -> list[_Cand]:
        cands = [_Cand(e.start, e.end, e.label_, "ner" if not e.ent_id_ else e.ent_id_) for e in doc.ents
                 if e.label_ in _LABEL_KIND or e.label_ == "NORP"]
        cands = [c for piece in cands for c in self._split(doc, piece)]
        cands = self._join(doc, cands)
        extra = self._text_rules(doc, cands)
        if extra:
            kept = [c for c in cands if not any(c.start < x.end and x.start < c.end for x in extra)]
            cands = sorted(kept + extra, key=lambda c: (c.start, -c.end))
        return cands

    def _split(self, doc: Doc, cand: _Cand) -> list[_Cand]:
        """Cut a candidate at line breaks, at "/" and (organisations) at " at "."""
        pieces: list[_Cand] = []
        start = cand.start
        for i in range(cand.start, cand.end):
            tok = doc[i]
            cut = "\n" in tok.text or tok.text in ("/", "|", "•", ">", "<") or (
                tok.lower_ == "at" and cand.label in ("ORG", "FAC") and i > cand.start
            )
            if cut:
                if i > start:
                    pieces.append(_Cand(start, i, cand.label, cand.source))
                start = i + 1
            elif "\n" in tok.whitespace_ and i < cand.end - 1:
                pieces.append(_Cand(start, i + 1, cand.label, cand.source))
                start = i + 1
        if start < cand.end:
            pieces.append(_Cand(start, cand.end, cand.label, cand.source))
        pieces = [q for p in pieces for q in self._split_org(doc, p)]
        out = []
        for p in pieces:
            while p.start < p.end and (doc[p.start].is_space or doc[p.start].is_punct):
                p.start += 1
            if p.label in ("ORG", "FAC"):
                # "At Lenze ...", "Premier of the State Council": leading function words and titles
                while p.end - p.start > 1 and (doc[p.start].lower_ in _FUNCTION or (
                        doc[p.start].lower_ in self.titles and doc[p.start + 1].lower_ in ("of", "for"))):
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

    def _split_org(self, doc: Doc, c: _Cand) -> list[_Cand]:
        """Split "A University and B University", "Campus of X University" and "... Congress Li Zhanshu"."""
        if c.label not in ("ORG", "FAC") or c.source == "org-gazetteer":
            return [c]
        toks = doc[c.start : c.end]
        if "political bureau" in toks.text.lower():
            # "Standing Committee of the Political Bureau of the CPC Central Committee": a Party title; only
            # the Central Committee is a body of its own
            k = max(i for i, t in enumerate(toks) if t.lower_ == "of")
            k += 1 + (k + 1 < len(toks) and toks[k + 1].lower_ == "the")
            return [_Cand(c.start + k, c.end, c.label, "split")] if k < len(toks) else []
        for i, t in enumerate(toks):
            if i == 0 or i == len(toks) - 1:
                continue
            left_head = toks[i - 1].lower_
            right_head = toks[-1].lower_
            if t.lower_ == "and" and left_head in _ORG_HEADS and right_head in _ORG_HEADS and toks[i - 1].text[0].isupper():
                return [_Cand(c.start, c.start + i, c.label, "split"), _Cand(c.start + i + 1, c.end, c.label, "split")]
            if t.lower_ == "of" and left_head in _SUBSITE_HEADS and right_head in _OWNER_HEADS:
                j = i + 1 + (toks[i + 1].lower_ == "the")
                return [_Cand(c.start, c.start + i, "FAC" if left_head in _FACILITY_HEADS else c.label, "split"),
                        _Cand(c.start + j, c.end, "ORG", "split")]
        # a Chinese name glued after an organisation's head word
        if (len(toks) >= 3 and toks[-2].text in _CHINESE_SURNAMES and toks[-3].lower_ in _ORG_HEADS
                and toks[-1].text[:1].isupper() and toks[-1].is_alpha):
            return [_Cand(c.start, c.end - 2, c.label, "split"), _Cand(c.end - 2, c.end, "PERSON", "rule")]
        return [c]

    def _join(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """Join spans the model cut short."""
        cands = sorted(cands, key=lambda c: c.start)
        out: list[_Cand] = []
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
                    and doc[c.end - 1].lower_ in _POSSESSIVE_NAME and doc[c.end + 1].text[:1].isupper()):
                j = c.end + 1
                while j < n and "\n" not in doc[j - 1].whitespace_ and (
                        (doc[j].text[:1].isupper() and doc[j].is_alpha) or doc[j].lower_ in ("of", "the", "and")):
                    j += 1
                while doc[j - 1].lower_ in ("of", "the", "and"):
                    j -= 1
                c.end = j
                c.label = "ORG" if doc[j - 1].lower_ in _ORG_HEADS else c.label
            # "Hyderabad" + "House", "BBC" + "Weather": a known name the ruler cut from a longer one
            if c.source in ("gazetteer", "org-gazetteer") and c.end < n and c.end not in ent_tokens \
                    and doc[c.end - 1].whitespace_ == " " and not _title_line(doc, c.start):
                j = c.end
                while (j < n and j not in ent_tokens and j - c.end < 2 and doc[j].pos_ == "PROPN"
                       and doc[j].text[:1].isupper() and doc[j].is_alpha and doc[j].lower_ not in self.titles
                       and doc[j - 1].whitespace_ == " "):
                    j += 1
                if j > c.end and not (j < n and doc[j].text[:1].isupper() and doc[j].is_alpha):
                    last = doc[j - 1].lower_
                    if c.source == "org-gazetteer" or last in _FACILITY_HEADS or last in _ORG_HEADS:
                        c.end = j
                        c.label = "FAC" if last in _FACILITY_HEADS else "ORG"
                        c.source = "joined"
        # drop candidates swallowed by an extension
        out = [c for i, c in enumerate(out) if not any(o is not c and o.start <= c.start and c.end <= o.end
                                                       and (o.end - o.start) > (c.end - c.start) for o in out)]
        # Extend people over the rest of a cut name ("Marine Le" + "Pen", "C. P." + "Radhakrishnan").
        ent_tokens = {i for c in out for i in range(c.start, c.end)}
        for c in out:
            if c.label != "PERSON":
                continue
            room = 1 if _title_line(doc, c.start) else 2
            if room == 1 and c.end - c.start != 2:
                continue
            j = c.end
            while (j < len(doc) and j not in ent_tokens and j - c.end < room and doc[j - 1].whitespace_ == " "
                   and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper() and not doc[j].is_stop
                   and doc[j].text.isalpha() and doc[j].lower_ not in self.titles):
                j += 1
            c.end = j
        for c in out:
            # "UAW Local" + "14"
            if c.label == "ORG" and doc[c.end - 1].text == "Local" and c.end < len(doc) and doc[c.end].like_num:
                c.end += 1
            # "Naura Technology Group" + "Co., Ltd.": the legal suffix belongs to the name
            if c.label in ("ORG", "FAC"):
                j = c.end
                while j < len(doc) and (doc[j].text in _LEGAL_WORDS or (doc[j].text == "," and j + 1 < len(doc)
                                                                        and doc[j + 1].text in _LEGAL_WORDS)):
                    j += 1
                if j > c.end and doc[j - 1].text != ",":
                    c.end = j
        return out

    def _text_rules(self, doc: Doc, cands: list[_Cand]) -> list[_Cand]:
        """Spans found by text rules: credits, datelines, parenthesised company names, acronym definitions."""
        text = doc.text
        extra: list[_Cand] = []

        def add(s: int, e: int, label: str, forced: str = "", source: str = "rule") -> None:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None and len(span):
                extra.append(_Cand(span.start, span.end, label, source, text=forced))

        known_orgs = {_norm(span_text(doc[c.start:c.end])) for c in cands if c.label == "ORG"}
        for m in _CREDIT.finditer(text):
            parts = [p for p in re.finditer(r"[^/]+", m.group(1))]
            words = [p.group().strip() for p in parts]
            if any(w.lower() in _NOT_ENTITY for w in words) and len(words) < 2:
                continue
            if all(len(w.split()) == 1 and not self._known_org(w, known_orgs) for w in words):
                continue  # "24/7", "AC/DC": no known agency, no full name
            if not any(self._known_org(w, known_orgs) or w.lower() in _CREDIT_NOISE for w in words):
                continue
            base = m.start(1)
            for p, w in zip(parts, words):
                s = base + p.start() + (len(p.group()) - len(p.group().lstrip()))
                e = s + len(w)
                if w.lower() in _CREDIT_NOISE:
                    continue
                if self._known_org(w, known_orgs):
                    add(s, e, "ORG")
                elif 2 <= len(w.split()) <= 3:
                    add(s, e, "PERSON", _caps_to_title(w))
        for m in _DATELINE.finditer(text):
            place, outlet = m.group(1), m.group(2)
            words = (place or "").split()
            if not place and not outlet:
                continue
            if place and len(words) <= 3 and place.upper() == place and place.lower() not in _NOT_ENTITY:
                add(m.start(1), m.end(1), "GPE", _caps_to_title(place))
            if outlet and outlet.upper() == outlet and " " not in outlet:
                add(m.start(2), m.end(2), "ORG")
            elif outlet and self._known_org(outlet, known_orgs):
                add(m.start(2), m.end(2), "ORG")
        for m in _PAREN_ORG.finditer(text):
            s = m.start(1)
            first = m.group(1).split()[0]
            if first.lower() in _FUNCTION:
                s += len(first) + 1
            add(s, m.end(2), "ORG", source="paren-org")
        for m in re.finditer(r"\(([A-Z][\w .&'’\-]{1,40})\)", text):  # "(PTI)", "(Xinhua)"
            if self._known_org(m.group(1), set()):
                add(m.start(1), m.end(1), "ORG", source="org-gazetteer")
        # Names defined with an acronym that the model missed ("La France Insoumise (LFI)").
        covered = [(doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])) for c in cands if c.label != "NORP"]
        for acro, expansion, pos in _acronym_defs(text):
            if not expansion or expansion.islower():
                continue
            s = _expansion_start(text, expansion, pos)
            if text[s:pos] != expansion:
                continue
            e = pos
            if any(a <= s and e <= b for a, b in covered):
                continue
            if any(s < b and a < e and not (s <= a and b <= e) for a, b in covered):
                continue  # overlaps a span partly: leave it to the model
            head = expansion.split()[-1].lower()
            label = "GPE" if head in _PLACE_HEADS else "ORG"
            add(s, e, label, source="acronym")
        # A line that is only a Chinese name is a byline ("Hu Yongqi").
        for m in re.finditer(r"(?m)^[ \t]*(?:By[ \t]+)?([A-Z][a-z]+)[ \t]+([A-Z][a-z]+(?:-[a-z]+)?)[ \t]*$", text):
            if m.group(1) in _CHINESE_SURNAMES:
                add(m.start(1), m.end(2), "PERSON")
        # "Surname Given" right after a title or an organisation, or before ", <title>", missed by the model
        # ("... Congress Li Zhanshu", "-- Xi Jinping, general secretary of ...").
        ent_tokens = {i for c in cands for i in range(c.start, c.end)}
        words = _token_texts(doc)
        for i in range(len(doc) - 1):
            if words[i] not in _CHINESE_SURNAMES:
                continue  # the test below starts with this one: skip the other tokens without making Tokens
            tok, nxt = doc[i], doc[i + 1]
            if (tok.text in _CHINESE_SURNAMES and tok.i not in ent_tokens and tok.i + 1 not in ent_tokens
                    and nxt.text[:1].isupper() and nxt.text[1:].islower() and nxt.is_alpha and not nxt.is_stop
                    and nxt.text not in _CHINESE_SURNAMES and tok.whitespace_ == " "
                    and nxt.pos_ == "PROPN" and nxt.text not in self.places
                    and tok.i > 0 and (doc[tok.i - 1].i in ent_tokens or doc[tok.i - 1].lower_ in self.titles
                                       or (tok.i + 3 < len(doc) and doc[tok.i + 2].text == ","
                                           and doc[tok.i + 3].lower_ in self.titles))):
                if tok.i + 2 < len(doc) and doc[tok.i + 2].text[:1].isupper() and doc[tok.i + 2].is_alpha:
                    continue
                extra.append(_Cand(tok.i, tok.i + 2, "PERSON", "rule"))
        return extra

    def _known_org(self, text: str, known: set[str]) -> bool:
        key = _norm(text)
        entry = self.table.get(key)
        return key in known or key in self.known_orgs or (entry is not None and entry.kind == "organization")

    # -- mentions ---------------------------------------------------------------------------------

    def mentions(self, doc: Doc) -> list[Mention]:
        """Clean entity mentions of a Doc in text order (titles cut, noise dropped)."""
        out: list[Mention] = []
        headline = _headline(doc.text)
        body = doc.text[headline[1]:] if headline else ""
        for cand in self._candidates(doc):
            if cand.label == "NORP":
                span = doc[cand.start : cand.end]
                # "Tongren city" tagged NORP is a place; a demonym is not an entity
                if cand.end < len(doc) and doc[cand.end].lower_ in ("city", "county", "province"):
                    cand.label = "GPE"
                else:
                    continue
            span = doc[cand.start : cand.end]
            kind = _LABEL_KIND[cand.label]
            if cand.text:
                text, title = cand.text, ""
            else:
                text, title = self._clean(span, kind)
            if not text:
                continue
            kind = self._kind(span, text, kind, cand)
            if kind is None:
                continue
            if kind == "person" and not cand.text and not text.endswith(" Team") \
                    and not self._plausible_person(span, text, title):
                continue
            if kind in ("organization", "facility") and not self._plausible_org(span, text, cand):
                continue
            if kind == "place" and not self._plausible_place(span, text):
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
                    and _title_line(doc, span.start) and text.split()[-1].lower() not in _ORG_HEADS
                    and not any(text in line for line in _plain_lines(doc.text))):
                continue  # "Sci-Tech", "Industrial Innovation" in a title-case headline
            surface = span.text if cand.text and cand.text != span.text else ""
            out.append(Mention(text, kind, title, span, surface))
        return out

    def _kind(self, span: Span, text: str, kind: str, cand: _Cand) -> str | None:
        words = text.split()
        head = text.split(" of ")[0].split()[-1].lower().strip("()")
        last = words[-1].lower()
        entry = self.table.get(_norm(text))
        if entry is not None:
            return entry.kind
        if cand.source == "gazetteer" or (_norm(text) in self._places_norm and kind in ("organization", "person")
                                         and cand.source in ("split", "ner") and len(words) <= 3):
            return "place"
        if cand.source == "org-gazetteer":
            return "organization"
        if kind == "facility" or (kind in ("organization", "person") and len(words) > 1):
            if last in _FACILITY_HEADS and last != "house" or (last == "house" and kind == "facility"):
                return "facility"
            if last == "house" and len(words) > 1 and kind == "organization" and words[0] != "White":
                return "facility"
            if head in _ORG_HEADS:
                return "organization"
            if last in _PLACE_HEADS:
                return "place"
            if kind == "facility":
                return "facility"
        if kind == "organization" and last in ("park", "zone"):
            return "place"
        if kind == "person" and len(words) > 1 and last in _ORG_HEADS and last != "team":
            return "organization"
        if kind == "person" and len(words) > 1 and last in _SETTLEMENT_HEADS:
            return "place"  # "Changde Yuan'an Yingbin Community": a residential community the model took for a name
        # "global boss Makoto Uchida", "milkman Philip Barnard": a role noun before a two- or three-word name
        if (kind == "organization" and 2 <= len(words) <= 3 and cand.source in ("ner", "split")
                and all(w[:1].isupper() and w.lower() not in _ORG_HEADS and w.lower() not in _FACILITY_HEADS
                        for w in words)):
            doc = span.doc
            i = span.start - 1
            while i >= 0 and doc[i].pos_ == "ADJ":
                i -= 1
            if i >= 0 and doc[i].text.islower() and (doc[i].lower_ in _PERSON_NOUNS or doc[i].lower_ in self.titles):
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

    def _clean(self, span: Span, kind: str) -> tuple[str, str]:
        tokens = list(span)
        title_tokens: list[str] = []
        if kind == "person":
            while len(tokens) > 1 and (
                tokens[0].lower_.rstrip(".") in self.titles or tokens[0].ent_type_ == "NORP"
                or tokens[0].text in ("©", "PM")
            ):
                title_tokens.append(tokens.pop(0).text)
        text = "".join(t.text_with_ws for t in tokens).strip()
        text = _LEADING.sub("", text)
        text = _POSSESSIVE.sub("", text).strip(" ,;:-–—\"“”'‘’([")
        text = re.sub(r"\s+", " ", text)
        if text.count("(") != text.count(")"):
            text = text.split("(")[0].strip() if text.count("(") > text.count(")") else text.replace(")", "")
        if kind == "place":
            text = re.sub(r"^(?:the )?(?:city|province|town) of ", "", text, flags=re.I)
        if not _HAS_LETTER.search(text) or len(text) < 2 or text.islower():
            return "", ""
        if kind == "person" and (len(text.split()) > 5 or any(ch.isdigit() for ch in text)):
            return "", ""
        if title_tokens and tokens:
            # "provincial Party secretary Sun Zhigang": lower-case title words before the span belong to it
            i = span.start - 1
            doc = span.doc
            while i >= 0 and span.start - i <= 3 and (doc[i].lower_ in self.titles or doc[i].pos_ == "ADJ"):
                title_tokens.insert(0, doc[i].text)
                i -= 1
        return text, " ".join(title_tokens)

    def _plausible_person(self, span: Span, text: str, title: str) -> bool:
        doc = span.doc
        words = text.split()
        toks = [t for t in span if t.text in words or t.text.rstrip("’'s") in words]
        if any((t.is_stop and t.text.islower() and t.lower_ not in _NAME_PARTICLES)
               or (i > 0 and t.lower_ in _FUNCTION) for i, t in enumerate(toks)):
            return False  # "Astronaut To Return Home"
        if any(w.lower() in _NOT_ENTITY or w.lower() in _ORG_HEADS for w in words) and len(words) > 1:
            return False
        if any(t.pos_ == "VERB" and t.text.islower() for t in span):
            return False
        if len(words) == 1 and not title:
            tok = span[-1]
            if words[0].lower() in _NOT_ENTITY:
                return False
            # "Nehru jacket", "a blue Juke model", "people of Tribal society": a modifier of a common noun
            if tok.dep_ in ("compound", "amod") and tok.head.pos_ == "NOUN" and tok.head.i >= span.end \
                    and tok.head.text.islower():
                return False
            if span.start > 0 and doc[span.start - 1].lower_ == "the":
                return False
        return not _indefinite(span)

    def _plausible_org(self, span: Span, text: str, cand: _Cand) -> bool:
        doc = span.doc
        words = text.split()
        lower = [w.lower() for w in words]
        if cand.source in ("org-gazetteer", "rule", "paren-org", "acronym"):
            return True
        if len(words) == 1 and (lower[0] in _NOT_ENTITY or lower[0] in self.titles):
            return False  # "Party", "Department", "State", "VVIP"
        if any(w in _ROLE_WORDS for w in lower) and not any(w in _ORG_HEADS - {"head"} for w in lower):
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
        if len(words) == 1 and not text.isupper() and span.end < len(doc) and doc[span.end].lower_ in self.titles:
            return False
        if span.start > 0 and doc[span.start - 1].text[:1].isupper() and doc[span.start - 1].lower_ in self.titles \
                and not span.text.startswith(("the", "The")):
            return False
        return True

    def _plausible_place(self, span: Span, text: str) -> bool:
        doc = span.doc
        if text.lower() in _DIRECTIONS or text.lower() in _NOT_ENTITY:
            return False
        if any(ch.isdigit() for ch in text):
            return False
        if text.split()[-1] in _SEA_WORDS:
            return False  # "Ohio River", "South China Sea" are features
        if span.end < len(doc) and doc[span.end].text in _SEA_WORDS:
            return False
        return True

    # -- resolution -------------------------------------------------------------------------

    def extract(self, doc: Doc) -> tuple[tuple[Entity, ...], list[tuple[Entity, Span]]]:
        """Return the article's entities and each mention paired with its entity.

        Parameters
        ----------
        doc
            A Doc processed by a pipeline from :func:`kgraph.extract.pipeline.load_pipeline`.

        Returns
        -------
        tuple
            ``(entities, pairs)``: the article's entities sorted by kind and name, and ``(entity, span)`` for
            every mention in text order.
        """
        from kgraph.graph import node_id

        mentions = _bare_name_mentions(doc, self.mentions(doc))
        acronyms, common = _acronyms(doc.text)
        # Each mention gets a group key; groups are merged by the rules below (union-find on keys).
        parent: dict[str, str] = {}

        def find(k: str) -> str:
            while parent.get(k, k) != k:
                k = parent[k]
            return k

        def union(a: str, b: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[ra] = rb

        keep: list[Mention] = []
        form: dict[str, str] = {}  # key -> canonical form of the mention text
        kind_votes: dict[str, list[str]] = defaultdict(list)
        for m in mentions:
            if m.text in common and m.kind != "person":
                continue
            name = _canonical_form(m.text, m.kind)
            key = _norm(name)
            keep.append(m)
            form.setdefault(key, name)
            kind_votes[key].append(m.kind)
            parent.setdefault(key, key)
        mentions = keep

        def kind_of(key: str) -> str:
            votes = kind_votes[key]
            return max(set(votes), key=lambda k: (votes.count(k), k == "person", -votes.index(k)))

        keys = list(form)
        persons = [k for k in keys if kind_of(k) == "person" and len(form[k].split()) > 1]
        orgs = [k for k in keys if kind_of(k) in ("organization", "facility")]
        # Upper-case forms are the mixed-case name ("FUZHOU" -> "Fuzhou", "PHILIPPE WOJAZER").
        for k in keys:
            name = form[k]
            if name.upper() == name and (len(name) > 4 or " " in name):
                for o in keys:
                    if o != k and o == _norm(name.title()):
                        union(k, o)
        # Alias table: known variants are one entity ("US", "U.S.", "United States").
        by_canonical: dict[str, str] = {}
        for k in keys:
            entry = self.table.get(k)
            if entry is not None:
                canon = _norm(entry.canonical)
                if canon in by_canonical:
                    union(k, by_canonical[canon])
                else:
                    by_canonical[canon] = k
        # Person names: a surname, given name or tail resolves to the one full name that contains it.
        for k in keys:
            words = form[k].split()
            if k in persons and not any(len(form[p].split()) > len(words) for p in persons if p != k):
                continue
            candidates = [
                p for p in persons if p != k and len(form[p].split()) > len(words)
                and (_contains_words(form[p].split(), words))
            ]
            if len(words) <= 2 and candidates and len({find(p) for p in candidates}) == 1:
                kind = kind_of(k)
                if kind == "person" or (len(words) <= 2 and k not in self._places_norm and self.table.get(k) is None
                                        and words[-1].lower() not in _FACILITY_HEADS):
                    union(k, candidates[0])
                    kind_votes[k] = ["person"] * len(kind_votes[k])
        # A single word tagged PERSON that no person name contains but that begins one organisation name.
        for k in keys:
            if kind_of(k) == "person" and " " not in form[k] and find(k) == k:
                starts = [o for o in orgs if form[o].split()[0] == form[k] and " " in form[o]]
                if len({find(o) for o in starts}) == 1:
                    kind_votes[k] = [kind_of(starts[0])] * len(kind_votes[k])
                    orgs.append(k)
        # Organisations: a short form that begins the one longer name ("Naura", "Great Hall").
        for k in orgs:
            words = form[k].split()
            cands = []
            for o in orgs:
                ow = form[o].split()
                if o == k or len(ow) <= len(words) or ow[: len(words)] != words:
                    continue
                rest = [w.lower().strip("(),") for w in ow[len(words):]]
                if any(w in _OTHER_BODY for w in rest):
                    continue
                if len(words) == 1 and words[0].upper() == words[0] and len(words[0]) > 1 and rest[0] != "group":
                    continue  # an acronym is its own body ("UAW" / "UAW Local 14")
                cands.append(o)
            if cands and len({find(o) for o in cands}) == 1:
                union(k, cands[0])
        # Acronyms defined in the text attach to the entity they abbreviate.
        for acro, expansion in acronyms.items():
            target = self._target_for(_canonical_form(expansion, "organization"), form, kind_of)
            akey = _norm(acro)
            if target is not None and akey in form:
                union(akey, target)
        # Undefined acronyms that match the initials of exactly one organisation ("CQU", "GMU", "APP").
        for k in keys:
            name = form[k]
            if not (name.isupper() and 2 <= len(name) <= 6 and name.isalpha()) or name in acronyms:
                continue
            if self.table.get(k) is not None:
                continue
            matches = {find(o) for o in orgs if o != k and _initials_match(name, form[o])}
            if kind_of(k) in ("organization", "facility", "place") and len(matches) == 1:
                union(k, next(iter(matches)))

        groups: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            groups[find(_norm(_canonical_form(m.text, m.kind)))].append(m)

        entities: list[Entity] = []
        pairs: list[tuple[Entity, Span]] = []
        for root, ms in groups.items():
            member_keys = {_norm(_canonical_form(m.text, m.kind)) for m in ms}
            votes = [v for k in member_keys for v in kind_votes[k]]
            kind = max(set(votes), key=lambda v: (votes.count(v), v == "person", v == "organization"))
            if kind in ("organization", "facility") and "facility" in votes and "organization" in votes:
                kind = "facility" if any(
                    form[k].split()[-1].lower() in _FACILITY_HEADS for k in member_keys) else "organization"
            names = [_canonical_form(m.text, kind) for m in ms]
            name = _best_name(names)
            aliases = {m.text for m in ms} | set(names) | {m.surface for m in ms if m.surface}
            aliases |= {f"{m.title} {m.text}" for m in ms if m.title}
            for k in member_keys:
                entry = self.table.get(k)
                if entry is not None:
                    aliases.add(entry.canonical)
            aliases |= {a for a, exp in acronyms.items()
                        if _norm(_canonical_form(exp, kind)) in {_norm(n) for n in aliases}
                        or any(_norm(n).endswith(" " + _norm(exp)) for n in names)}
            aliases.discard(name)
            aliases.discard("")
            titles = tuple(sorted({m.title for m in ms if m.title}))
            sentences: list[str] = []
            for m in ms:
                s = _sentence(m.span)
                if s not in sentences:
                    sentences.append(s)
            ent = Entity(node_id(kind, name), kind, name, tuple(sorted(aliases)), titles, tuple(sentences), len(ms))
            entities.append(ent)
            pairs.extend((ent, m.span) for m in ms)
        entities.sort(key=lambda e: (e.kind, e.name))
        pairs.sort(key=lambda p: (p[1].start_char, p[1].end_char))
        return tuple(entities), pairs

    @staticmethod
    def _target_for(expansion: str, form: dict[str, str], kind_of) -> str | None:  # type: ignore[no-untyped-def]
        key = _norm(expansion)
        if key in form:
            return key
        ends = [k for k in form if k.endswith(" " + key) and kind_of(k) != "person"]
        return ends[0] if len(ends) == 1 else None


def _bare_name_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Add the bare surnames and given names the model missed ("Li later visited ...").

    A capitalised token that is not inside any mention and equals a word of exactly one multi-word person name
    of the article becomes a person mention (it then resolves to that full name). Tokens next to other
    capitalised words are skipped: they are part of some other name.
    """
    covered = {i for m in mentions for i in range(m.span.start, m.span.end)}
    owners: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        words = m.text.split()
        if m.kind == "person" and len(words) > 1:
            for w in words:
                if len(w) > 1 and w[0].isupper():
                    owners[w].add(m.text)
    if not owners:
        return mentions
    extra: list[Mention] = []
    for i, word in enumerate(_token_texts(doc)):
        if i in covered or word not in owners or len(owners[word]) != 1:
            continue
        tok = doc[i]
        if (tok.ent_type_ and tok.ent_type_ != "PERSON") or tok.is_stop or tok.pos_ in ("PRON", "DET", "ADP"):
            continue
        neighbours = [doc[j] for j in (tok.i - 1, tok.i + 1) if 0 <= j < len(doc)]
        if any(n.text[:1].isupper() and n.is_alpha and n.i not in covered and not n.is_sent_start
               for n in neighbours if n.i > tok.i or not tok.is_sent_start):
            continue
        extra.append(Mention(tok.text, "person", "", doc[tok.i : tok.i + 1]))
    if not extra:
        return mentions
    return sorted([*mentions, *extra], key=lambda m: m.span.start)


def _token_texts(doc: Doc) -> list[str]:
    """The text of every token, from the Doc's ORTH array (no Token objects made)."""
    strings = doc.vocab.strings
    return [strings[orth] for orth in doc.to_array(ORTH).tolist()] if len(doc) else []


def _expansion_start(text: str, expansion: str, pos: int) -> int:
    """Where a scan down from ``pos - len(expansion)`` for ``text[s:pos] == expansion`` stops (0 when it fails).

    Same answer as ``s = pos - len(expansion); while s > 0 and text[s:pos] != expansion: s -= 1``, without the
    quadratic walk: below the first position, ``text[s:pos]`` can only equal ``expansion`` where it is cut short
    by the end of the text.
    """
    s = pos - len(expansion)
    if s <= 0 or text[s:pos] == expansion:
        return s
    other = min(pos, len(text)) - len(expansion)
    return other if 0 < other < s and text[other:pos] == expansion else 0


def _best_name(names: Sequence[str]) -> str:
    """The fullest written form: mixed case before upper case, more words, then the most frequent."""
    def score(n: str) -> tuple[int, int, int, int]:
        mixed = int(not (n.isupper() and len(n) > 3 and " " in n or n.isupper() and len(n) > 6))
        return (mixed, len(n.split()), names.count(n), -names.index(n))

    return max(dict.fromkeys(names), key=score)


def _contains_words(full: Sequence[str], part: Sequence[str]) -> bool:
    n = len(part)
    if n == 1:
        return part[0] in full
    return tuple(full[-n:]) == tuple(part) or tuple(full[:n]) == tuple(part)


def _initials_match(acronym: str, name: str) -> bool:
    """True when each significant word of ``name`` gives the next letter(s) of ``acronym``, in order."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in _ACRONYM_STOP]
    if len(words) < 2 or any(w.upper() == acronym for w in words):
        return False
    letters = acronym.upper()
    pos = 0
    for w in words:
        if pos >= len(letters) or w[0].upper() != letters[pos]:
            return False
        pos += 1
        # a word may give further letters from inside it ("ChongQing" -> "CQ")
        rest = w[1:].upper()
        while pos < len(letters) and pos < len(letters) - (len(words) - words.index(w) - 1) and letters[pos] in rest:
            rest = rest[rest.index(letters[pos]) + 1:]
            pos += 1
    return pos == len(letters)


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


def _title_line(doc: Doc, i: int) -> bool:
    """True when token ``i`` is in a line written in title case (a headline)."""
    text = doc.text
    idx = doc[i].idx
    start = text.rfind("\n", 0, idx) + 1
    end = text.find("\n", idx)
    line = text[start : end if end >= 0 else len(text)]
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’]+", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) >= 0.8


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


def _caps_to_title(text: str) -> str:
    """"PHILIPPE WOJAZER" -> "Philippe Wojazer"; mixed-case words are kept ("Pierre DELRIEU" stays)."""
    if text.upper() != text:
        return text
    return " ".join(w.capitalize() if len(w) > 1 else w for w in text.split())


def _canonical_form(text: str, kind: str) -> str:
    if kind in ("organization", "facility"):
        stripped = _LEGAL_SUFFIX.sub("", text).strip(" ,")
        return stripped or text
    if kind == "place":
        stripped = _PLACE_SUFFIX.sub("", text)
        if stripped.upper() == stripped and len(stripped) > 4:
            stripped = _caps_to_title(stripped)
        return stripped or text
    return text


_PAREN_ACRONYM = re.compile(r"\(\s*[A-Z][A-Za-z0-9&.\-]{1,11}\s*\)")


def _acronym_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_ACRONYM_DEF.finditer(text)``, found fast: the lazy phrase part of that pattern tried
    from every letter of a long text is slow, so it is only tried in the 130 characters before each "(ABC)"."""
    done = 0
    for paren in _PAREN_ACRONYM.finditer(text):
        if paren.start() < done:
            continue
        m = _ACRONYM_DEF.search(text, max(done, paren.start() - 130), paren.end())
        if m is not None:
            done = m.end()
            yield m


def _acronym_defs(text: str) -> list[tuple[str, str, int]]:
    """``(acronym, expansion, end of expansion)`` for each "Long Name (LN)" in ``text``."""
    out: list[tuple[str, str, int]] = []
    for m in _acronym_matches(text):
        phrase, acro = m.group(1).rstrip(), m.group(2)
        letters = [c for c in acro if c.isupper()]
        if len(letters) < 2:
            continue
        words = phrase.split()
        # The expansion is the shortest tail of the phrase whose initials cover the acronym's capitals.
        for n in range(len(letters), min(len(words), len(letters) + 4) + 1):
            tail = words[-n:]
            initials = [w[0].upper() for w in tail if w[0].isalpha() and w.lower() not in _ACRONYM_STOP]
            if tail and tail[0].lower() in _ACRONYM_STOP:
                continue
            if initials == letters or "".join(initials).startswith("".join(letters)):
                expansion = " ".join(tail)
                out.append((acro, _LEADING.sub("", expansion), m.start(1) + len(phrase)))
                break
    return out


def _acronyms(text: str) -> tuple[dict[str, str], set[str]]:
    """Acronyms defined as "Long Name (LN)": returns (acronym -> expansion for names, acronyms of common nouns)."""
    named: dict[str, str] = {}
    common: set[str] = set()
    for acro, expansion, _ in _acronym_defs(text):
        if expansion.islower():
            common.add(acro)
        else:
            named[acro] = expansion
    for m in _ACRONYM_FIRST.finditer(text):  # "12.7 LMT (lakh metric tonne)"
        acro, phrase = m.group(1), m.group(2)
        initials = "".join(w[0] for w in phrase.split() if w not in _ACRONYM_STOP).upper()
        if initials.startswith(acro[:2]):
            common.add(acro)
    return named, common


def sentences_of(pairs: Sequence[tuple[Entity, Span]]) -> dict[str, list[str]]:
    """Map entity name -> sentences it is mentioned in (helper for callers)."""
    out: dict[str, list[str]] = defaultdict(list)
    for ent, span in pairs:
        s = _sentence(span)
        if s not in out[ent.name]:
            out[ent.name].append(s)
    return dict(out)
