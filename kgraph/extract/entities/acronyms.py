"""Acronyms in article text: "Long Name (LN)" definitions and names that match an acronym's initials."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kgraph.extract.entities.words import (
    ACRONYM_DEF,
    ACRONYM_FIRST,
    ACRONYM_STOP,
    LEADING,
)


def expansion_start(text: str, expansion: str, pos: int) -> int:
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


def initials_match(acronym: str, name: str) -> bool:
    """True when each significant word of ``name`` gives the next letter(s) of ``acronym``, in order."""
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in ACRONYM_STOP]
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


_PAREN_ACRONYM = re.compile(r"\(\s*[A-Z][A-Za-z0-9&.\-]{1,11}\s*\)")


def acronym_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``ACRONYM_DEF.finditer(text)``, found fast: the lazy phrase part of that pattern tried
    from every letter of a long text is slow, so it is only tried in the 130 characters before each "(ABC)"."""
    done = 0
    for paren in _PAREN_ACRONYM.finditer(text):
        if paren.start() < done:
            continue
        m = ACRONYM_DEF.search(text, max(done, paren.start() - 130), paren.end())
        if m is not None:
            done = m.end()
            yield m


def acronym_defs(text: str) -> list[tuple[str, str, int]]:
    """``(acronym, expansion, end of expansion)`` for each "Long Name (LN)" in ``text``."""
    out: list[tuple[str, str, int]] = []
    for m in acronym_matches(text):
        phrase, acro = m.group(1).rstrip(), m.group(2)
        letters = [c for c in acro if c.isupper()]
        if len(letters) < 2:
            continue
        words = phrase.split()
        # The expansion is the shortest tail of the phrase whose initials cover the acronym's capitals.
        for n in range(len(letters), min(len(words), len(letters) + 4) + 1):
            tail = words[-n:]
            initials = [w[0].upper() for w in tail if w[0].isalpha() and w.lower() not in ACRONYM_STOP]
            if tail and tail[0].lower() in ACRONYM_STOP:
                continue
            if initials == letters or "".join(initials).startswith("".join(letters)):
                expansion = " ".join(tail)
                out.append((acro, LEADING.sub("", expansion), m.start(1) + len(phrase)))
                break
    return out


def find_acronyms(text: str) -> tuple[dict[str, str], set[str]]:
    """Acronyms defined as "Long Name (LN)": returns (acronym -> expansion for names, acronyms of common nouns)."""
    named: dict[str, str] = {}
    common: set[str] = set()
    for acro, expansion, _ in acronym_defs(text):
        if expansion.islower():
            common.add(acro)
        else:
            named[acro] = expansion
    for m in ACRONYM_FIRST.finditer(text):  # "12.7 LMT (lakh metric tonne)"
        acro, phrase = m.group(1), m.group(2)
        initials = "".join(w[0] for w in phrase.split() if w not in ACRONYM_STOP).upper()
        if initials.startswith(acro[:2]):
            common.add(acro)
    return named, common
