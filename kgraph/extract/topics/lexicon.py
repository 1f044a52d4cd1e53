"""The topic lexicon: recurring themes with their terms, acronyms and token patterns (``topics.toml``).

The shipped lexicon is package data, ``kgraph/resources/topics.toml``; user files of the same format extend it
(see :meth:`TopicLexicon.load` and ``docs/topics.md``). :class:`kgraph.extract.topics.themes.ThemeExtractor` matches it.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from kgraph.errors import ConfigError
from kgraph.extract.topics.keyphrases import normalize_phrase, singular

__all__ = ["TopicLexicon", "TopicSpec", "normalize_topic"]

logger = logging.getLogger(__name__)

_TOPIC_KEYS = {"terms", "acronyms", "patterns"}


def normalize_topic(text: str) -> str:
    """Return the canonical spelling of a topic label: lower case, plain quotes, single spaces.

    Parameters
    ----------
    text : str
        A topic label or surface phrase.

    Returns
    -------
    str
        The normalised label.

    Examples
    --------
    >>> normalize_topic("  Reform and  Opening-Up ")
    'reform and opening-up'
    >>> normalize_topic("People\u2019s livelihood")
    "people's livelihood"
    """
    return normalize_phrase(text)


def _plural(word: str) -> str:
    """Naive English plural of one lower-case word."""
    if not word.isalpha() or len(word) <= 2:
        return word
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def term_variants(term: str) -> set[str]:
    """Spellings matched for one lexicon term: singular/plural of the last word and hyphen/space variants."""
    base = normalize_topic(term)
    variants = {base}
    words = base.split(" ")
    last = words[-1]
    head, sep, tail = last.rpartition("-")
    for form in {singular(tail), _plural(singular(tail))}:
        variants.add(" ".join([*words[:-1], head + sep + form]))
    variants |= {variant.replace("-", " ") for variant in variants if "-" in variant}
    return {v for v in variants if v}


@dataclass(frozen=True, slots=True)
class TopicSpec:
    """One topic of the lexicon: its label and what counts as a mention of it."""

    name: str
    terms: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()


def _string_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of non-empty strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _pattern_list(value: Any, where: str) -> tuple[tuple[dict[str, Any], ...], ...]:
    if not isinstance(value, list):
        raise ConfigError(f"{where}: 'patterns' must be a list of token patterns, got {value!r}")
    patterns = []
    for pattern in value:
        if not isinstance(pattern, list) or not pattern or not all(isinstance(t, dict) and t for t in pattern):
            raise ConfigError(
                f"{where}: each pattern must be a non-empty list of token tables such as "
                f'[{{LOWER = "chip"}}], got {pattern!r}'
            )
        patterns.append(tuple(dict(token) for token in pattern))
    return tuple(patterns)


@dataclass(frozen=True)
class TopicLexicon:
    """The topic lexicon: topic labels with their terms, acronyms and token patterns.

    Load it with :meth:`load`; instances are immutable.

    Examples
    --------
    >>> lexicon = TopicLexicon.load()
    >>> "artificial intelligence" in lexicon
    True
    >>> "AI" in lexicon["artificial intelligence"].acronyms
    True
    """

    topics: Mapping[str, TopicSpec] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and normalize_topic(name) in self.topics

    def __getitem__(self, name: str) -> TopicSpec:
        return self.topics[normalize_topic(name)]

    def __len__(self) -> int:
        return len(self.topics)

    def __iter__(self) -> Iterator[str]:
        return iter(self.topics)

    @classmethod
    def load(cls, *user_files: str | Path) -> TopicLexicon:
        """Load the shipped lexicon, then add each user file in order.

        A user table whose label is new adds a topic; one whose label exists extends that topic's terms,
        acronyms and patterns.

        Parameters
        ----------
        *user_files : str or Path
            TOML files in the lexicon format (see ``docs/topics.md``).

        Returns
        -------
        TopicLexicon

        Raises
        ------
        ConfigError
            A file is missing, is not valid TOML, or a table is malformed; the message names the file.

        Examples
        --------
        >>> len(TopicLexicon.load()) > 50
        True
        """
        default = resources.files("kgraph.resources").joinpath("topics.toml")
        specs: dict[str, TopicSpec] = {}
        sources = ["kgraph/resources/topics.toml"]
        cls._merge(specs, default.read_text(encoding="utf-8"), sources[0])
        for user_file in user_files:
            path = Path(user_file)
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise ConfigError(f"{path}: cannot read topic lexicon: {err}") from err
            cls._merge(specs, text, str(path))
            sources.append(str(path))
        logger.debug("topic lexicon: %d topics from %s", len(specs), ", ".join(sources))
        return cls(topics=dict(specs), sources=tuple(sources))

    @staticmethod
    def _merge(specs: dict[str, TopicSpec], text: str, where: str) -> None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{where}: invalid TOML in topic lexicon: {err}") from err
        unknown = set(data) - {"topics"}
        if unknown:
            raise ConfigError(f"{where}: unknown top-level key(s) {sorted(unknown)}; only [topics.\"<label>\"] tables")
        tables = data.get("topics", {})
        if not isinstance(tables, dict):
            raise ConfigError(f"{where}: 'topics' must be a table of topic tables")
        for label, body in tables.items():
            name = normalize_topic(label)
            here = f"{where}: topic {label!r}"
            if not name:
                raise ConfigError(f"{where}: empty topic label")
            if not isinstance(body, dict):
                raise ConfigError(f"{here} must be a table with terms/acronyms/patterns, got {body!r}")
            bad = set(body) - _TOPIC_KEYS
            if bad:
                raise ConfigError(f"{here}: unknown key(s) {sorted(bad)}; allowed: {sorted(_TOPIC_KEYS)}")
            terms = _string_list(body.get("terms", []), here, "terms")
            acronyms = _string_list(body.get("acronyms", []), here, "acronyms")
            patterns = _pattern_list(body.get("patterns", []), here)
            old = specs.get(name, TopicSpec(name=name))
            specs[name] = TopicSpec(
                name=name,
                terms=tuple(dict.fromkeys(old.terms + terms)),
                acronyms=tuple(dict.fromkeys(old.acronyms + acronyms)),
                patterns=old.patterns + patterns,
            )
