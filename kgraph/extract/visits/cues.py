"""The word lists that drive visit extraction, read from the packaged ``resources/visit_cues.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


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
    def load(cls, path: str | Path | None = None) -> VisitCues:
        """Read the cue lists from ``path`` or from the packaged ``visit_cues.toml``."""
        if path is None:
            text = resources.files("kgraph.resources").joinpath("visit_cues.toml").read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)

        def words(section: str, key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in data.get(section, {}).get(key, ()))

        same = {k.lower(): frozenset(v) for k, v in data.get("roles", {}).get("same", {}).items()}
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
