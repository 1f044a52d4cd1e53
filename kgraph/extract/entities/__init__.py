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

The rules live in the modules of this package, one stage each: ``words`` (the word lists from the rule book,
patterns and the package data they load), ``acronyms`` ("Long Name (LN)" definitions and initials),
``candidates`` (candidate spans: model spans cut and joined, text rules), ``mentions`` (cleaning, kinds and
plausibility of each mention) and ``grouping`` (the merge rules, one function each in priority order:
:data:`~kgraph.extract.entities.grouping.MERGE_RULES`; a new merge rule goes there). This module turns the groups
of one article into :class:`~kgraph.records.Entity` records and is the public entry point.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span

from kgraph.extract.entities.acronyms import find_acronyms
from kgraph.extract.entities.candidates import token_texts
from kgraph.extract.entities.grouping import canonical_form, group_mentions
from kgraph.extract.entities.mentions import Mention, find_mentions
from kgraph.extract.entities.words import (
    FACILITY_HEADS,
    EntityRules,
    norm_key,
    person_titles,
)
from kgraph.extract.spans import span_text
from kgraph.ids import node_id
from kgraph.records import Entity
from kgraph.resolve import AliasEntry

__all__ = ["EntityExtractor", "Mention", "person_titles", "sentences_of"]


def _sentence(span: Span) -> str:
    try:
        return span_text(span.sent).strip()
    except ValueError:  # no sentence boundaries
        return span_text(span.doc[max(0, span.start - 20) : min(len(span.doc), span.end + 20)]).strip()


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
        self.rules = EntityRules.load(titles, aliases)

    def mentions(self, doc: Doc) -> list[Mention]:
        """The article's cleaned mentions in text order (before grouping)."""
        return find_mentions(self.rules, doc)

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
        mentions = bare_name_mentions(doc, self.mentions(doc))
        acronyms, common = find_acronyms(doc.text)
        g, mentions = group_mentions(mentions, acronyms, common, self.rules.table, self.rules.places_norm)
        form, kind_votes, find = g.form, g.kind_votes, g.find

        groups: dict[str, list[Mention]] = defaultdict(list)
        for m in mentions:
            groups[find(norm_key(canonical_form(m.text, m.kind)))].append(m)

        entities: list[Entity] = []
        pairs: list[tuple[Entity, Span]] = []
        for ms in groups.values():
            # Keys in the order of their first mention, so that a tie between kinds goes to the earliest vote
            # (as in ``Grouping.kind_of``), whatever the hash seed.
            member_keys = dict.fromkeys(norm_key(canonical_form(m.text, m.kind)) for m in ms)
            votes = [v for k in member_keys for v in kind_votes[k]]
            kind = max(set(votes), key=lambda v: (votes.count(v), v == "person", v == "organization", -votes.index(v)))
            if kind in ("organization", "facility") and "facility" in votes and "organization" in votes:
                kind = "facility" if any(
                    form[k].split()[-1].lower() in FACILITY_HEADS for k in member_keys) else "organization"
            names = [canonical_form(m.text, kind) for m in ms]
            name = _best_name(names)
            aliases = {m.text for m in ms} | set(names) | {m.surface for m in ms if m.surface}
            aliases |= {f"{m.title} {m.text}" for m in ms if m.title}
            for k in member_keys:
                entry = self.rules.table.get(k)
                if entry is not None:
                    aliases.add(entry.canonical)
            aliases |= {a for a, exp in acronyms.items()
                        if norm_key(canonical_form(exp, kind)) in {norm_key(n) for n in aliases}
                        or any(norm_key(n).endswith(" " + norm_key(exp)) for n in names)}
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


def bare_name_mentions(doc: Doc, mentions: list[Mention]) -> list[Mention]:
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
    for i, word in enumerate(token_texts(doc)):
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


def sentences_of(pairs: Sequence[tuple[Entity, Span]]) -> dict[str, list[str]]:
    """Map entity name -> sentences it is mentioned in (helper for callers)."""
    out: dict[str, list[str]] = defaultdict(list)
    for ent, span in pairs:
        s = _sentence(span)
        if s not in out[ent.name]:
            out[ent.name].append(s)
    return dict(out)
