"""The word lists that drive visit extraction, read from the packaged ``resources/visit_cues.toml``."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from kgraph.errors import ConfigError

#: The sections and keys of ``visit_cues.toml`` (what a user rule file may add words to).
_KEYS = {
    "verbs": ("object", "motion", "motion_preps", "host", "not_presence", "speech"),
    "nouns": ("trip", "light_verbs"),
    "sites": ("unnamed", "place_heads", "org_appositives"),
    "roles": ("nouns", "same"),
    "modality": ("aux", "plan", "cancel", "adjectives", "virtual", "phrases", "progressive_motion"),
    "dates": ("vague",),
}


@dataclass(frozen=True)
class VisitCues:
    """Word lists that drive visit extraction (package data ``resources/visit_cues.toml``)."""

    object_verbs: frozenset[str]
    motion_verbs: frozenset[str]
    motion_preps: frozenset[str]
    host_verbs: frozenset[str]
    not_presence: frozenset[str]
    speech: frozenset[str]
    trip_nouns: frozenset[str]
    light_verbs: frozenset[str]
    site_nouns: frozenset[str]
    place_heads: frozenset[str]
    org_appositives: frozenset[str]
    role_nouns: frozenset[str]
    role_same: dict[str, frozenset[str]]
    modal_aux: frozenset[str]
    plan_heads: frozenset[str]
    cancel_verbs: frozenset[str]
    not_adjectives: frozenset[str]
    virtual: frozenset[str]
    phrases: tuple[str, ...]
    progressive_motion: frozenset[str]
    vague_dates: frozenset[str]

    @classmethod
    def load(cls, path: str | Path | None = None, *, extra: Sequence[str | Path] = ()) -> VisitCues:
        """Read the cue lists from ``path`` or from the packaged ``visit_cues.toml``, plus the words of ``extra``.

        ``extra`` are user rule files (``ExtractOptions.rules``): TOML with the sections and keys of
        ``visit_cues.toml``, whose words are added to the lists. A file that cannot be read, is not TOML or names
        an unknown list raises :class:`~kgraph.errors.ConfigError` naming the file.
        """
        if path is None:
            text = resources.files("kgraph.resources").joinpath("visit_cues.toml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        tables = [tomllib.loads(text), *(_user_table(p) for p in extra)]

        def words(section: str, key: str) -> frozenset[str]:
            return frozenset(w.lower() for data in tables for w in data.get(section, {}).get(key, ()))

        same: dict[str, frozenset[str]] = {}
        for data in tables:
            for k, v in data.get("roles", {}).get("same", {}).items():
                same[k.lower()] = same.get(k.lower(), frozenset()) | frozenset(v)
        return cls(
            object_verbs=words("verbs", "object"),
            motion_verbs=words("verbs", "motion"),
            motion_preps=words("verbs", "motion_preps"),
            host_verbs=words("verbs", "host"),
            not_presence=words("verbs", "not_presence"),
            speech=words("verbs", "speech"),
            trip_nouns=words("nouns", "trip"),
            light_verbs=words("nouns", "light_verbs"),
            site_nouns=words("sites", "unnamed"),
            place_heads=words("sites", "place_heads"),
            org_appositives=words("sites", "org_appositives"),
            role_nouns=words("roles", "nouns"),
            role_same=same,
            modal_aux=words("modality", "aux"),
            plan_heads=words("modality", "plan"),
            cancel_verbs=words("modality", "cancel"),
            not_adjectives=words("modality", "adjectives"),
            virtual=words("modality", "virtual"),
            phrases=tuple(sorted(words("modality", "phrases"))),
            progressive_motion=words("modality", "progressive_motion"),
            vague_dates=words("dates", "vague"),
        )


def _user_table(path: str | Path) -> dict[str, Any]:
    """A user rule file, checked against the sections and keys of ``visit_cues.toml``."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(f"cannot read rules file {path}: {err.strerror or err}") from err
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: not a valid TOML rules file: {err}") from err
    for section, keys in data.items():
        if section not in _KEYS or not isinstance(keys, dict):
            raise ConfigError(f"{path}: [{section}] is not a list section of visit_cues.toml (see docs/rules.md)")
        for key, value in keys.items():
            if key not in _KEYS[section]:
                raise ConfigError(f"{path}: unknown rule list [{section}] {key} (see docs/rules.md)")
            if key == "same":
                ok = isinstance(value, dict) and all(
                    isinstance(v, list) and all(isinstance(w, str) for w in v) for v in value.values())
            else:
                ok = isinstance(value, list) and all(isinstance(w, str) for w in value)
            if not ok:
                raise ConfigError(f"{path}: [{section}] {key} must be a list of strings")
    return data
