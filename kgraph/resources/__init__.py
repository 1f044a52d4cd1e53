"""Package data: entity patterns, alias table, gazetteer, topic lexicon."""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["countries", "country_of"]


@functools.cache
def countries() -> frozenset[str]:
    """Lower-case names of the countries in the gazetteer (its sections whose heading names countries).

    Examples
    --------
    >>> "india" in countries(), "beijing" in countries()
    (True, False)
    """
    text = resources.files(__name__).joinpath("places.txt").read_text(encoding="utf-8")
    out: set[str] = set()
    in_countries = False
    for line in text.splitlines():
        if line.startswith("# "):
            in_countries = "countries" in line.lower() and not line.lower().startswith("# gazetteer")
        elif line.strip() and in_countries:
            out.add(line.strip().lower())
    return frozenset(out)


#: Nationality words and short names that do not start like their country's name.
_DEMONYMS = {
    "french": "france", "dutch": "netherlands", "british": "united kingdom", "english": "united kingdom",
    "scottish": "scotland", "welsh": "wales", "irish": "ireland", "american": "united states",
    "us": "united states", "u.s.": "united states", "usa": "united states", "uk": "united kingdom",
    "swiss": "switzerland", "filipino": "philippines", "danish": "denmark", "swedish": "sweden",
    "finnish": "finland", "polish": "poland", "spanish": "spain", "turkish": "turkey", "greek": "greece",
    "thai": "thailand", "dprk": "north korea", "rok": "south korea", "uae": "united arab emirates",
}


def country_of(word: str) -> str | None:
    """The gazetteer country (lower case) that a name or nationality word names, if any.

    Examples
    --------
    >>> country_of("Chinese"), country_of("U.S."), country_of("India"), country_of("Austrian"), country_of("Paris")
    ('china', 'united states', 'india', 'austria', None)
    """
    word = " ".join(word.lower().split())
    known = countries()
    if word in known:
        return word
    if word in _DEMONYMS:
        return _DEMONYMS[word]
    best, best_len = None, 0
    for country in sorted(known):  # sorted: ties resolve the same way in every run
        if " " in country:
            continue
        n = 0
        while n < min(len(word), len(country)) and word[n] == country[n]:
            n += 1
        # "chinese" china, "indian" india, "austrian" austria (not australia)
        if n >= 4 and n >= len(country) - 1 and n > best_len:
            best, best_len = country, n
    return best
