"""Queries over a small graph built from records (no spaCy)."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd
import pytest

from kgraph.errors import InputError, UnknownEntity
from kgraph.graph import KnowledgeGraph
from kgraph.query import (
    EDGE_COLUMNS,
    NODE_COLUMNS,
    PER_SOURCE_VISIT_COLUMNS,
    VISIT_COLUMNS,
    Step,
    lookup,
    path_text,
)
from kgraph.records import Article, ArticleResult, Companion, Entity, ThemeLink, Visit

LI = Entity("person:li-qiang", "person", "Li Qiang", aliases=("Premier Li",), titles=("Premier",))
WANG = Entity("person:wang-wentao", "person", "Wang Wentao")
DING = Entity("person:ding-xuexiang", "person", "Ding Xuexiang")
ZHANG = Entity("person:zhang-san", "person", "Zhang San")
BAIDU = Entity("organization:baidu", "organization", "Baidu", aliases=("Baidu Inc.",))
NAURA = Entity("organization:naura-technology-group-co-ltd", "organization", "Naura Technology Group Co., Ltd.")
TSINGHUA = Entity("organization:tsinghua-university", "organization", "Tsinghua University")
BEIJING = Entity("place:beijing", "place", "Beijing")
XIAN = Entity("place:xi-an", "place", "Xi'an")
AI = "artificial intelligence"


def _theme(source: Entity, topic: str, weight: int, article: str) -> ThemeLink:
    return ThemeLink(source.name, source.kind, topic, weight, f"{source.name} and {topic}.", article)


def _results() -> list[ArticleResult]:
    a1 = ArticleResult(
        Article("a1", "...", title="Li visits Baidu", published=dt.date(2023, 4, 12)),
        entities=(LI, WANG, BAIDU, NAURA, BEIJING),
        visits=(
            Visit("Li Qiang", "Baidu", "organization", "Beijing", dt.date(2023, 4, 12),
                  "Li Qiang visited Baidu in Beijing.", "a1", role="Premier"),
            Visit("Li Qiang", "Naura Technology Group Co., Ltd.", "organization", "Beijing", None,
                  "Li toured Naura.", "a1", role="Premier"),
        ),
        companions=(Companion("Wang Wentao", "Li Qiang", "Baidu", "Wang Wentao accompanied Li.", "a1"),),
        themes=(_theme(BAIDU, AI, 2, "a1"), _theme(NAURA, "semiconductors", 1, "a1"), _theme(NAURA, AI, 1, "a1"),
                _theme(LI, "innovation", 1, "a1")),
        topics=(AI, "semiconductors"),
    )
    a2 = ArticleResult(
        Article("a2", "...", published=dt.date(2023, 4, 13)),
        entities=(LI, BAIDU),
        visits=(Visit("Li Qiang", "Baidu", "organization", None, dt.date(2023, 4, 12),
                      "Premier Li went to Baidu.", "a2"),),
        themes=(_theme(BAIDU, AI, 1, "a2"),),
        topics=(AI,),
    )
    a3 = ArticleResult(
        Article("a3", "...", published=dt.date(2024, 3, 1)),
        entities=(DING, BAIDU, TSINGHUA),
        visits=(
            Visit("Ding Xuexiang", "Baidu", "organization", None, dt.date(2024, 2, 28), "Ding visited Baidu.", "a3"),
            Visit("Ding Xuexiang", "Tsinghua University", "organization", None, None, "Ding visited Tsinghua.", "a3"),
        ),
        themes=(_theme(TSINGHUA, AI, 1, "a3"),),
        topics=(AI,),
    )
    a4 = ArticleResult(  # no publication date, undated visit
        Article("a4", "..."),
        entities=(LI, XIAN),
        visits=(Visit("Li Qiang", "Xi'an", "place", None, None, "Li Qiang visited Xi'an.", "a4"),),
    )
    a5 = ArticleResult(Article("a5", "...", published=dt.date(2022, 1, 1)), entities=(ZHANG,))
    return [a1, a2, a3, a4, a5]


@pytest.fixture
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.from_results(_results())


def _dtypes(df: pd.DataFrame) -> dict[str, str]:
    return {name: str(dtype) for name, dtype in df.dtypes.items()}


def _expected(columns: dict[str, str]) -> dict[str, str]:
    return {name: str(pd.Series([], dtype=dtype).dtype) for name, dtype in columns.items()}


# -- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("organization:baidu", "organization:baidu"),
        ("BAIDU", "organization:baidu"),
        ("baidu inc.", "organization:baidu"),
        ("premier li", "person:li-qiang"),
        ("  Li Qiang ", "person:li-qiang"),
        ("Naura Technology Group", "organization:naura-technology-group-co-ltd"),
        ("Artificial Intelligence", "topic:artificial-intelligence"),
        ("a1", "article:a1"),
        ("ai", "topic:artificial-intelligence"),  # a unique acronym, as a last resort
        ("T.U.", "organization:tsinghua-university"),
    ],
)
def test_lookup_by_id_label_alias_case_insensitive(kg, name, expected):
    assert kg.lookup(name) == expected


def test_unknown_name_suggests_closest(kg):
    with pytest.raises(UnknownEntity) as info:
        kg.visitors("Biadu")
    assert info.value.name == "Biadu"
    assert info.value.suggestions[0] == "Baidu"
    assert "closest matches: Baidu" in str(info.value)
    assert isinstance(info.value, KeyError)


def test_unknown_name_of_the_wrong_kind(kg):
    with pytest.raises(UnknownEntity, match=r"'Baidu' is an organization \(organization:baidu\), not a topic"):
        kg.sharing_topic("Baidu")
    with pytest.raises(UnknownEntity, match="not a person"):
        kg.visited("Baidu")
    with pytest.raises(UnknownEntity, match="^no organization, facility or place named 'Bejing'; closest matches: B"):
        kg.visitors("Bejing")


def test_ambiguous_name_lists_candidates_and_kind_resolves_it():
    g = nx.MultiDiGraph()
    g.add_node("person:georgia", kind="person", label="Georgia", aliases=[])
    g.add_node("place:georgia", kind="place", label="Georgia", aliases=[])
    with pytest.raises(UnknownEntity, match="ambiguous") as info:
        lookup(g, "georgia")
    assert info.value.suggestions == ("Georgia (person:georgia)", "Georgia (place:georgia)")
    assert lookup(g, "georgia", kind="place") == "place:georgia"


def test_ambiguous_acronym_is_not_guessed():
    g = nx.MultiDiGraph()
    g.add_node("organization:a", kind="organization", label="Beijing Academy", aliases=[])
    g.add_node("organization:b", kind="organization", label="Baidu Apollo", aliases=[])
    with pytest.raises(UnknownEntity, match="'BA' is ambiguous: it may stand for Baidu Apollo, Beijing Ac") as info:
        lookup(g, "BA")
    assert info.value.suggestions == ("Baidu Apollo", "Beijing Academy")


def test_entities_win_over_articles_with_the_same_label():
    g = nx.MultiDiGraph()
    g.add_node("article:baidu", kind="article", label="baidu", aliases=[])
    g.add_node("organization:baidu", kind="organization", label="Baidu", aliases=[])
    assert lookup(g, "Baidu") == "organization:baidu"


# -- visits -----------------------------------------------------------------------------------


def test_visits_grouped_across_sources(kg):
    df = kg.visits(visitor="Li Qiang", target="Baidu")
    assert len(df) == 1
    row = df.iloc[0]
    assert row["visitor"] == "Li Qiang" and row["target"] == "Baidu"
    assert row["articles"] == ("a1", "a2")
    assert row["sources"] == 2
    assert row["date"] == pd.Timestamp("2023-04-12")
    assert row["published"] == pd.Timestamp("2023-04-12")
    assert row["location"] == "Beijing" and row["location_id"] == "place:beijing"
    assert row["role"] == "Premier"
    assert row["evidence"] == "Li Qiang visited Baidu in Beijing."  # earliest report, then first article


def test_visits_per_source(kg):
    df = kg.visits(visitor="premier li", target="baidu", per_source=True)
    assert df["article"].tolist() == ["a1", "a2"]
    assert df["sources"].tolist() == [2, 2]
    assert df["location"].isna().tolist() == [False, True]
    assert list(df.columns) == list(PER_SOURCE_VISIT_COLUMNS)


def test_visits_columns_dtypes_and_order(kg):
    df = kg.visits()
    assert list(df.columns) == list(VISIT_COLUMNS)
    assert _dtypes(df) == _expected(VISIT_COLUMNS)
    assert df["date"].dtype == "datetime64[ns]"
    assert isinstance(df.index, pd.RangeIndex)
    # by date (unknown last), then visitor, then target
    assert list(zip(df["visitor"], df["target"])) == [
        ("Li Qiang", "Baidu"),
        ("Ding Xuexiang", "Baidu"),
        ("Ding Xuexiang", "Tsinghua University"),
        ("Li Qiang", "Naura Technology Group Co., Ltd."),
        ("Li Qiang", "Xi'an"),
    ]
    assert df["date"].isna().tolist() == [False, False, True, True, True]
    assert kg.visits().equals(df)  # deterministic


def test_empty_graph_gives_typed_empty_frames():
    kg = KnowledgeGraph()
    for frame, columns in [
        (kg.visits(), VISIT_COLUMNS),
        (kg.visits(per_source=True), PER_SOURCE_VISIT_COLUMNS),
        (kg.nodes(), NODE_COLUMNS),
        (kg.edges(), EDGE_COLUMNS),
    ]:
        assert frame.empty
        assert list(frame.columns) == list(columns)
        assert _dtypes(frame) == _expected(columns)
    stats = kg.stats()
    assert (stats.nodes, stats.edges, stats.node_kinds, stats.top.empty) == (0, 0, {}, True)


@pytest.mark.parametrize(
    "since, until, expected",
    [
        (None, None, {("Li Qiang", "Baidu"), ("Li Qiang", "Naura Technology Group Co., Ltd."), ("Li Qiang", "Xi'an"),
                      ("Ding Xuexiang", "Baidu"), ("Ding Xuexiang", "Tsinghua University")}),
        # an undated visit is dated by its article's publication; a4 has neither, so any filter drops it
        ("2023", "2023", {("Li Qiang", "Baidu"), ("Li Qiang", "Naura Technology Group Co., Ltd.")}),
        ("2024-01-01", None, {("Ding Xuexiang", "Baidu"), ("Ding Xuexiang", "Tsinghua University")}),
        (dt.date(2024, 2, 28), dt.date(2024, 2, 28), {("Ding Xuexiang", "Baidu")}),
        (None, "2023-04", {("Li Qiang", "Baidu"), ("Li Qiang", "Naura Technology Group Co., Ltd.")}),
        ("2025", None, set()),
    ],
)
def test_visit_date_filters(kg, since, until, expected):
    df = kg.visits(since=since, until=until)
    assert set(zip(df["visitor"], df["target"])) == expected


def test_date_filter_applies_before_grouping(kg):
    g = kg.graph
    g.edges["person:li-qiang", "organization:baidu", "visited:a2"]["date"] = "2023-05-01"
    df = kg.visits(target="Baidu", since="2023-04-30", until="2023")
    assert df["visitor"].tolist() == ["Li Qiang"]
    assert df["articles"].tolist() == [("a2",)]


def test_invalid_date_raises(kg):
    with pytest.raises(InputError, match="invalid date 'last year'"):
        kg.visits(since="last year")


def test_visits_by_location(kg):
    df = kg.visits(location="beijing")
    assert df["target"].tolist() == ["Baidu", "Naura Technology Group Co., Ltd."]


def test_visitors(kg):
    df = kg.visitors("BAIDU")
    assert df["visitor"].tolist() == ["Li Qiang", "Ding Xuexiang"]
    assert df["sources"].tolist() == [2, 1]
    assert kg.visitors("Baidu", since="2024")["visitor"].tolist() == ["Ding Xuexiang"]


def test_visited_with_kind_and_year(kg):
    assert kg.visited("Premier Li")["target"].tolist() == ["Baidu", "Naura Technology Group Co., Ltd.", "Xi'an"]
    assert kg.visited("li qiang", kind="place")["target"].tolist() == ["Xi'an"]
    assert kg.visited("li qiang", since="2023", until="2023")["target"].tolist() == [
        "Baidu",
        "Naura Technology Group Co., Ltd.",
    ]


def test_co_visited(kg):
    df = kg.co_visited("Baidu")
    assert df[["target", "shared"]].values.tolist() == [
        ["Naura Technology Group Co., Ltd.", 1],
        ["Tsinghua University", 1],
        ["Xi'an", 1],
    ]
    assert df["visitors"].tolist() == [("Li Qiang",), ("Ding Xuexiang",), ("Li Qiang",)]


# -- topics -----------------------------------------------------------------------------------


def test_topics_of_entity_and_article(kg):
    df = kg.topics("Baidu")
    assert df[["topic", "weight", "sources"]].values.tolist() == [[AI, 3, 2]]
    assert df.loc[0, "articles"] == ("a1", "a2")
    naura = kg.topics("naura technology group")
    assert naura["topic"].tolist() == [AI, "semiconductors"]  # equal weights: by label
    assert kg.topics("a1")["topic"].tolist() == [AI, "semiconductors"]
    assert kg.topics("Zhang San").empty


def test_sharing_topic(kg):
    df = kg.sharing_topic("Artificial Intelligence")
    assert df[["entity", "weight"]].values.tolist() == [
        ["Baidu", 3],
        ["Naura Technology Group Co., Ltd.", 1],
        ["Tsinghua University", 1],
    ]
    assert kg.sharing_topic("innovation", kind="organization").empty
    assert kg.sharing_topic("innovation", kind="person")["entity"].tolist() == ["Li Qiang"]


def test_shared_topics_and_topic_pairs(kg):
    df = kg.shared_topics("Baidu", "Naura Technology Group Co., Ltd.")
    assert df[["topic", "weight_a", "weight_b", "weight"]].values.tolist() == [[AI, 3, 1, 4]]
    assert kg.shared_topics("Baidu", "Li Qiang").empty
    pairs = kg.topic_pairs()
    assert pairs[["a", "b", "shared"]].values.tolist() == [
        ["Baidu", "Naura Technology Group Co., Ltd.", 1],
        ["Baidu", "Tsinghua University", 1],
        ["Naura Technology Group Co., Ltd.", "Tsinghua University", 1],
    ]
    assert pairs.loc[0, "topics"] == (AI,)
    assert kg.topic_pairs(min_shared=2).empty
    assert kg.topic_pairs(kind="person").empty


# -- connections ------------------------------------------------------------------------------


def test_path_between_entities_ignores_direction(kg):
    steps = kg.path("Wang Wentao", "ding xuexiang", exclude_kinds=("article", "topic"))
    assert [s.node for s in steps] == ["person:wang-wentao", "organization:baidu", "person:ding-xuexiang"]
    assert [(s.edge, s.forward) for s in steps] == [("", None), ("accompanied", True), ("visited", False)]
    assert path_text(steps) == "Wang Wentao -[accompanied]-> Baidu <-[visited]- Ding Xuexiang"


def test_path_names_most_specific_edge(kg):
    steps = kg.path("Li Qiang", "Baidu")
    assert len(steps) == 2
    assert steps[1] == Step("organization:baidu", "Baidu", "organization", "visited", True, ("visited",))
    longer = kg.path("Li Qiang", "Tsinghua University", exclude_kinds="article")
    assert longer[0].label == "Li Qiang" and longer[-1].label == "Tsinghua University"
    assert len(longer) == 4


def test_path_none_and_unknown(kg):
    assert kg.path("Li Qiang", "Zhang San") == []
    with pytest.raises(UnknownEntity):
        kg.path("Li Qiang", "Nobody At All")


def test_neighbours(kg):
    df = kg.neighbours("Baidu")
    assert set(df["distance"]) == {1}
    people = df[df["kind"] == "person"]
    assert dict(zip(people["label"], people["edge_kinds"])) == {
        "Li Qiang": ("visited",),
        "Ding Xuexiang": ("visited",),
        "Wang Wentao": ("accompanied",),
    }
    assert dict(zip(people["label"], people["edges"])) == {"Li Qiang": 2, "Ding Xuexiang": 1, "Wang Wentao": 1}
    assert df[df["kind"] == "article"]["label"].tolist() == ["a1", "a2", "a3"]
    two = kg.neighbours("Baidu", radius=2, kind="place")
    assert two[["label", "distance"]].values.tolist() == [["Beijing", 2], ["Xi'an", 2]]
    with pytest.raises(InputError):
        kg.neighbours("Baidu", radius=0)


def test_neighbourhood_is_a_new_graph(kg):
    sub = kg.neighbourhood("Wang Wentao")
    assert isinstance(sub, KnowledgeGraph)
    assert sorted(sub.graph.nodes) == ["article:a1", "organization:baidu", "person:wang-wentao"]
    sub.graph.nodes["organization:baidu"]["label"] = "changed"
    assert kg.graph.nodes["organization:baidu"]["label"] == "Baidu"


def test_subgraph_by_date_and_kind(kg):
    before = (kg.graph.number_of_nodes(), kg.graph.number_of_edges())
    recent = kg.subgraph(since="2024")
    assert isinstance(recent, KnowledgeGraph)
    assert "person:ding-xuexiang" in recent.graph and "person:li-qiang" not in recent.graph
    assert recent.visits()["visitor"].unique().tolist() == ["Ding Xuexiang"]
    people_orgs = kg.subgraph(kinds=("person", "organization"))
    assert {k for _, k in people_orgs.graph.nodes(data="kind")} == {"person", "organization"}
    assert {k for *_, k in people_orgs.graph.edges(data="kind")} == {"visited", "accompanied"}
    assert (kg.graph.number_of_nodes(), kg.graph.number_of_edges()) == before


# -- tables and stats -------------------------------------------------------------------------


def test_nodes_and_edges_tables(kg):
    n = kg.nodes()
    assert list(n.columns) == list(NODE_COLUMNS) and _dtypes(n) == _expected(NODE_COLUMNS)
    assert n["id"].tolist() == sorted(n["id"])
    li = n.set_index("id").loc["person:li-qiang"]
    assert li["aliases"] == ("Premier Li",) and li["titles"] == ("Premier",)
    assert li["articles"] == ("a1", "a2", "a4") and li["sources"] == 3
    assert kg.nodes(kind="topic")["label"].tolist() == [AI, "innovation", "semiconductors"]
    e = kg.edges()
    assert list(e.columns) == list(EDGE_COLUMNS) and _dtypes(e) == _expected(EDGE_COLUMNS)
    assert len(e) == kg.graph.number_of_edges()
    themes = kg.edges(kind="theme")
    assert themes["weight"].notna().all() and themes["count"].isna().all()
    comp = kg.edges(kind="accompanied")
    assert comp[["source", "target", "visitor"]].values.tolist() == [
        ["person:wang-wentao", "organization:baidu", "person:li-qiang"]
    ]


def test_stats(kg):
    s = kg.stats(top=3)
    assert s.node_kinds == {"article": 5, "organization": 3, "person": 4, "place": 2, "topic": 3}
    assert s.edge_kinds["visited"] == 6 and s.edge_kinds["accompanied"] == 1
    assert s.nodes == kg.graph.number_of_nodes() and s.edges == kg.graph.number_of_edges()
    assert s.top["label"].tolist()[0] == "Baidu"
    assert len(s.top) == 3 and set(s.top["kind"]) <= {"person", "organization", "facility", "place"}
    assert s.top["degree"].is_monotonic_decreasing
    d = s.to_dict()
    assert d["top"][0]["label"] == "Baidu" and isinstance(d["top"][0]["degree"], int)


# -- properties -------------------------------------------------------------------------------

from hypothesis import given, settings
from hypothesis import strategies as st

_PEOPLE = ("Li Qiang", "Ding Xuexiang", "Wang Wentao")
_TARGETS = ("Baidu", "Tsinghua University", "Naura")
_report = st.tuples(
    st.sampled_from(_PEOPLE),
    st.sampled_from(_TARGETS),
    st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2025, 12, 31)),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_report, max_size=4), max_size=5))
def test_grouped_visits_agree_with_per_source_rows(articles):
    results = []
    for i, reports in enumerate(articles):
        aid = f"a{i}"
        ents = tuple(Entity("", "person", p) for p in _PEOPLE) + tuple(Entity("", "organization", t) for t in _TARGETS)
        results.append(ArticleResult(Article(aid, ""), entities=ents, visits=tuple(
            Visit(p, t, "organization", None, d, f"{p} visited {t}.", aid) for p, t, d in reports)))
    kg = KnowledgeGraph.from_results(results)
    grouped, rows = kg.visits(), kg.visits(per_source=True)
    assert grouped["sources"].sum() == len(rows)
    assert len(grouped) == len(set(zip(rows["visitor_id"], rows["target_id"])))
    for g in grouped.itertuples():
        mine = rows[(rows["visitor_id"] == g.visitor_id) & (rows["target_id"] == g.target_id)]
        assert tuple(sorted(mine["article"])) == g.articles
        assert (mine["sources"] == g.sources).all()
        assert (pd.isna(g.date) and mine["date"].isna().all()) or g.date == mine["date"].min()
    assert list(grouped.columns) == list(VISIT_COLUMNS)
