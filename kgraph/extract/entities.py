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

The rules live in private sibling modules, one stage each: ``_entity_words`` (word lists, patterns and the
package data they load), ``_entity_acronyms`` ("Long Name (LN)" definitions and initials),
``_entity_candidates`` (candidate spans: model spans cut and joined, text rules) and ``_entity_mentions``
(cleaning, kinds and plausibility of each mention). This module resolves the mentions of one article into
:class:`~kgraph.records.Entity` records and is the public entry point.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

# _ACRONYM_DEF, _acronym_matches and _expansion_start are re-exported: tests import them from here.
from kgraph.extract._entity_acronyms import (
    _acronym_matches,  # noqa: F401
    _acronyms,
    _expansion_start,  # noqa: F401
    _initials_match,
)
from kgraph.extract._entity_candidates import _caps_to_title, _token_texts
from kgraph.extract._entity_mentions import Mention, _MentionRules
from kgraph.extract._entity_words import (
    _ACRONYM_DEF,  # noqa: F401
    _FACILITY_HEADS,
    _LEGAL_SUFFIX,
    _OTHER_BODY,
    _PLACE_SUFFIX,
    _gazetteer,
    _known_orgs,
    _norm,
    person_titles,
)
from kgraph.extract.spans import span_text
from kgraph.ids import node_id
from kgraph.records import Entity

if TYPE_CHECKING:
    from kgraph.resolve import AliasEntry

__all__ = ["EntityExtractor", "Mention", "person_titles", "sentences_of"]


def _sentence(span: Span) -> str:
    try:
        return span_text(span.sent).strip()
    except ValueError:  # no sentence boundaries
        return span_text(span.doc[max(0, span.start - 20) : min(len(span.doc), span.end + 20)]).strip()


class EntityExtractor(_MentionRules):
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


def sentences_of(pairs: Sequence[tuple[Entity, Span]]) -> dict[str, list[str]]:
    """Map entity name -> sentences it is mentioned in (helper for callers)."""
    out: dict[str, list[str]] = defaultdict(list)
    for ent, span in pairs:
        s = _sentence(span)
        if s not in out[ent.name]:
            out[ent.name].append(s)
    return dict(out)
