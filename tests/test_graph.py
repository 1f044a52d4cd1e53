"""KnowledgeGraph construction from records: ids, merge across articles, provenance, removal."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from kgraph.graph import KnowledgeGraph, node_id, slugify
from kgraph.records import Article, ArticleResult, Entity, ThemeLink, Visit


def result(aid, entities, visits=(), themes=(), topics=(), published=None):
    return ArticleResult(
        Article(aid, f"text of {aid}", title=f"Title {aid}", url=f"http://x/{aid}", published=published),
        entities=tuple(Entity(node_id(k, n), k, n, tuple(a)) for k, n, a in entities),
        visits=tuple(visits),
        themes=tuple(themes),
        topics=tuple(topics),
    )


A1 = result(
    "a1",
    [("person", "Li Qiang", ["Li", "Premier Li"]), ("organization", "Baidu", []), ("place", "Yizhuang", [])],
    visits=[Visit("Li Qiang", "Baidu", "organization", "Yizhuang", dt.date(2024, 3, 20), "Li visited Baidu.", "a1",
                  "Premier")],
    themes=[ThemeLink("Baidu", "organization", "artificial intelligence", 2, "AI at Baidu.", "a1")],
    topics=["artificial intelligence"],
    published=dt.date(2024, 3, 21),
)
A2 = result(
    "a2",
    [("person", "Li Qiang", ["Li Qiang"]), ("organization", "Baidu Inc.", []), ("person", "Li", [])],
    visits=[Visit("Li Qiang", "Baidu Inc.", "organization", None, None, "Li Qiang toured Baidu.", "a2")],
)


def test_node_ids_are_readable_and_stable():
    assert node_id("person", "Li Qiang") == "person:li-qiang"
    assert node_id("organization", "Naura Technology Group Co., Ltd.") == "organization:naura-technology-group-co-ltd"
    assert node_id("place", "Xi’an") == "place:xi-an"
    assert slugify("  ") == "unnamed"


@given(st.text(max_size=40))
def test_slug_is_stable_and_safe(text):
    slug = slugify(text)
    assert slug == slugify(text)
    assert " " not in slug and slug


def test_one_article():
    kg = KnowledgeGraph.from_results([A1])
    g = kg.graph
    assert g.nodes["article:a1"] == {
        "kind": "article", "label": "a1", "aliases": [], "title": "Title a1", "url": "http://x/a1",
        "published": "2024-03-21", "source": "", "sha256": "",
    }
    assert g.nodes["person:li-qiang"]["aliases"] == ["Li", "Premier Li"]
    visit = g.edges["person:li-qiang", "organization:baidu", "visited:a1"]
    assert visit == {
        "kind": "visited", "article": "a1", "evidence": "Li visited Baidu.", "date": "2024-03-20",
        "location": "Yizhuang", "location_id": "place:yizhuang", "role": "Premier",
    }
    theme = g.edges["organization:baidu", "topic:artificial-intelligence", "theme:a1"]
    assert theme["weight"] == 2 and theme["evidence"] == "AI at Baidu."
    assert g.has_edge("article:a1", "topic:artificial-intelligence", "mentions:a1")


def test_two_articles_merge_into_one_node_per_entity():
    kg = KnowledgeGraph.from_results([A1, A2])
    g = kg.graph
    kinds = sorted(d["kind"] for _, d in g.nodes(data=True))
    # Baidu and Baidu Inc. are one organisation; the bare "Li" of a2 is not merged into Li Qiang.
    assert kinds == ["article", "article", "organization", "person", "person", "place", "topic"]
    assert g.nodes["organization:baidu"]["aliases"] == ["Baidu Inc."]
    assert g.nodes["organization:baidu"]["articles"] == ["a1", "a2"]
    assert "person:li" in g
    assert {k for _, _, k in g.edges(keys=True) if k.startswith("visited")} == {"visited:a1", "visited:a2"}
    assert len(g["person:li-qiang"]["organization:baidu"]) == 2  # one visit, two sources


def test_readding_an_article_replaces_it():
    kg = KnowledgeGraph.from_results([A1, A2])
    before = kg.graph.number_of_edges()
    kg.add_result(A2)
    assert kg.graph.number_of_edges() == before


def test_remove_article_drops_orphans():
    kg = KnowledgeGraph.from_results([A1, A2])
    kg.remove_article("a2")
    assert "article:a2" not in kg.graph
    assert "person:li" not in kg.graph
    assert kg.graph.nodes["organization:baidu"]["articles"] == ["a1"]


def test_merge_two_graphs():
    first, second = KnowledgeGraph.from_results([A1]), KnowledgeGraph.from_results([A2])
    merged = first.merge(second)
    assert sorted(merged.graph.nodes) == sorted(KnowledgeGraph.from_results([A1, A2]).graph.nodes)
    assert "article:a2" not in first.graph  # inputs unchanged
    assert merged.graph.has_edge("person:li-qiang", "organization:baidu", "visited:a1")
    assert merged.graph.nodes["person:li-qiang"]["articles"] == ["a1", "a2"]


def test_topic_nodes_carry_the_lexicon_theme_of_their_wording():
    from dataclasses import replace

    themed = replace(
        result("a3", [("organization", "Volvo", [])],
               themes=[ThemeLink("Volvo", "organization", "remanufacturing", 1, "Volvo remanufactures.", "a3")],
               topics=["intelligent manufacturing", "innovation"]),
        topic_groups=(("intelligent manufacturing", "advanced manufacturing"),
                      ("remanufacturing", "advanced manufacturing")),
    )
    kg = KnowledgeGraph.from_results([themed])
    g = kg.graph
    assert g.nodes["topic:intelligent-manufacturing"]["group"] == "advanced manufacturing"
    assert g.nodes["topic:remanufacturing"]["group"] == "advanced manufacturing"  # a topic of theme links only
    assert "group" not in g.nodes["topic:innovation"]
    table = kg.nodes(kind="topic").set_index("label")["group"]
    assert table["intelligent manufacturing"] == "advanced manufacturing" and table.isna()["innovation"]
