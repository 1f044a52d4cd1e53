"""Cross-article entity resolution, alias tables and likely duplicates (kgraph.resolve, kgraph duplicates).

No spaCy: mentions are given as (kind, name, aliases) the way EntityExtractor produces them.
"""

from __future__ import annotations

import json

import networkx as nx
import pytest
from click.testing import CliRunner

from kgraph.errors import ConfigError
from kgraph.graph import KnowledgeGraph
from kgraph.records import Article, ArticleResult, Entity
from kgraph.resolve import Resolver, likely_duplicates, load_alias_table, normalise_name


def resolve_all(mentions, resolver=None):
    """Resolve (kind, name, aliases) mentions in order; return their node ids."""
    r = resolver or Resolver()
    return [r.resolve(kind, name, aliases)[0] for kind, name, aliases in mentions]


@pytest.mark.parametrize(
    "mentions, same, different",
    [
        # Li Qiang and Li Keqiang are both "Premier Li" and "Li": never merged through those forms
        (
            [("person", "Li Qiang", ["Premier Li", "Li", "Premier Li Qiang"]),
             ("person", "Li Keqiang", ["Premier Li", "Li", "Premier Li Keqiang"]),
             ("person", "Li Qiang", ["Li"])],
            [(0, 2)],
            [(0, 1), (1, 2)],
        ),
        # a bare surname in a later article stays separate (cannot be resolved safely)
        (
            [("person", "Li Qiang", ["Li"]), ("person", "Li", [])],
            [],
            [(0, 1)],
        ),
        # acronym defined in one article, used alone in another
        (
            [("organization", "Zishan Research Institute", ["ZRI"]), ("organization", "ZRI", [])],
            [(0, 1)],
            [],
        ),
        # the same company under three forms, in any order
        (
            [("organization", "Naura Technology Group", ["Naura Technology Group Co., Ltd."]),
             ("organization", "Naura", []),
             ("organization", "Naura Technology Group Co., Ltd.", [])],
            [(0, 1), (0, 2)],
            [],
        ),
        (
            [("organization", "Naura Technology Group", ["Naura Technology Group Co., Ltd.", "Naura"]),
             ("organization", "Naura Technology Group Co., Ltd.", []),
             ("organization", "Naura", [])],
            [(0, 1), (0, 2)],
            [],
        ),
        # an ambiguous short form (two known bodies) is not guessed
        (
            [("organization", "Beijing Academy of Sciences", ["BAS"]),
             ("organization", "Bangladesh Academy of Sciences", ["BAS"]),
             ("organization", "BAS", [])],
            [],
            [(0, 1), (0, 2), (1, 2)],
        ),
        # facility and organisation are compatible kinds; person and place are not
        (
            [("facility", "Great Hall of the People", ["Great Hall"]), ("organization", "Great Hall", []),
             ("place", "Great Hall", [])],
            [(0, 1)],
            [(0, 2)],
        ),
        # upper-case dateline and curly apostrophes
        (
            [("place", "Fuzhou", ["FUZHOU"]), ("place", "FUZHOU", []), ("place", "Xi’an", []), ("place", "Xi'an", [])],
            [(0, 1), (2, 3)],
            [(0, 2)],
        ),
    ],
)
def test_automatic_rules(mentions, same, different):
    ids = resolve_all(mentions)
    for i, j in same:
        assert ids[i] == ids[j], (mentions[i], mentions[j], ids)
    for i, j in different:
        assert ids[i] != ids[j], (mentions[i], mentions[j], ids)


@pytest.mark.parametrize(
    "kind, name, aliases, expected",
    [
        ("place", "US", [], ("place:united-states", "United States", "Q30")),
        ("place", "U.S.", [], ("place:united-states", "United States", "Q30")),
        ("place", "America", [], ("place:united-states", "United States", "Q30")),
        ("organization", "Xinhua", [], ("organization:xinhua-news-agency", "Xinhua News Agency", "Q204839")),
        ("organization", "CPC", [], ("organization:communist-party-of-china", "Communist Party of China", "Q17427")),
        ("organization", "Zishan", ["CCP"], ("organization:communist-party-of-china", "Communist Party of China",
                                             "Q17427")),
        # the table entry's kind must be compatible: "WHO" as a person is not the World Health Organization
        ("person", "WHO", [], ("person:who", "WHO", "")),
    ],
)
def test_default_table(kind, name, aliases, expected):
    assert Resolver.default().resolve(kind, name, aliases) == expected


def test_shipped_table_is_valid_and_has_no_duplicate_aliases():
    entries = load_alias_table()
    assert len(entries) >= 80
    keys = [normalise_name(e.alias) for e in entries]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("suffix", [".csv", ".toml"])
def test_user_table_overrides_default_and_automatic_rules(tmp_path, suffix):
    if suffix == ".csv":
        text = ("# my table\nalias,canonical,kind,qid\n"
                "Xinhua,Xinhua,organization,\n"
                "Premier Li,Li Keqiang,person,Q35206\n"
                "\"Naura Technology Group Co., Ltd.\",NAURA,organization,\n")
    else:
        text = ('[[alias]]\nalias = "Xinhua"\ncanonical = "Xinhua"\nkind = "organization"\n\n'
                '[[alias]]\nalias = "Premier Li"\ncanonical = "Li Keqiang"\nkind = "person"\nqid = "Q35206"\n\n'
                '[[alias]]\nalias = "Naura Technology Group Co., Ltd."\ncanonical = "NAURA"\nkind = "organization"\n')
    path = tmp_path / f"aliases{suffix}"
    path.write_text(text, encoding="utf-8")
    assert [e.alias for e in load_alias_table(path)] == ["Xinhua", "Premier Li", "Naura Technology Group Co., Ltd."]
    r = Resolver.default([path])
    assert r.resolve("organization", "Xinhua", []) == ("organization:xinhua", "Xinhua", "")
    # a user row naming a full person explicitly wins, but a titled alias in a mention never triggers it
    assert r.resolve("person", "Premier Li", [])[0] == "person:li-keqiang"
    assert r.resolve("person", "Li Qiang", ["Premier Li"])[0] == "person:li-qiang"
    assert r.resolve("organization", "Naura Technology Group", ["Naura Technology Group Co., Ltd."])[:2] == (
        "organization:naura", "NAURA")


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("bad.csv", "alias,canonical\nUS,United States\n", "bad.csv line 1: alias table header lacks column(s) kind"),
        ("bad.csv", "# c\nalias,canonical,kind\nUS,United States,country\n", "bad.csv line 3: kind 'country'"),
        ("bad.csv", "alias,canonical,kind,qid\n\nUS,United States,place,148\n", "bad.csv line 3: qid '148'"),
        ("bad.csv", "alias,canonical,kind\nUS,,place\n", "bad.csv line 2: alias and canonical must not be empty"),
        ("bad.csv", "alias,canonical,kind\nNaura, Co., Ltd.,Naura,organization\n", "bad.csv line 2: 5 fields"),
        ("bad.csv", "", "bad.csv: empty alias table"),
        ("bad.toml", '[[alias]]\nalias = "US"\nkind = "place"\n', "bad.toml line 1: missing 'canonical'"),
        ("bad.toml", ('[[alias]]\nalias = "US"\ncanonical = "United States"\nkind = "place"\n\n'
                     '[[alias]]\nalias = "UK"\ncanonical = "United Kingdom"\nkind = "nation"\n'),
         "bad.toml line 6: kind 'nation'"),
        ("bad.toml", "[[alias]\n", "bad.toml: invalid TOML"),
    ],
)
def test_bad_tables_raise_config_error_naming_file_and_line(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_alias_table(path)
    assert message in str(info.value)
    assert str(tmp_path) in str(info.value)


def test_missing_table_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read alias table"):
        load_alias_table(tmp_path / "nope.csv")


def _result(aid: str, *entities: tuple[str, str, tuple[str, ...]]) -> ArticleResult:
    ents = tuple(Entity(f"{k}:{n}", k, n, a) for k, n, a in entities)
    return ArticleResult(Article(aid, "..."), entities=ents)


def test_graph_keeps_one_node_per_entity_with_accumulated_aliases():
    kg = KnowledgeGraph.from_results([
        _result("a1", ("person", "Li Qiang", ("Premier Li", "Li")),
                ("organization", "Naura Technology Group", ("Naura Technology Group Co., Ltd.",))),
        _result("a2", ("person", "Li Keqiang", ("Premier Li", "Li")), ("organization", "Naura", ())),
        _result("a3", ("organization", "Beijing Academy of Artificial Intelligence", ("BAAI",)),
                ("organization", "Naura Technology Group Co., Ltd.", ())),
    ])
    g = kg.graph
    people = sorted(n for n, d in g.nodes(data=True) if d["kind"] == "person")
    assert people == ["person:li-keqiang", "person:li-qiang"]
    orgs = sorted(n for n, d in g.nodes(data=True) if d["kind"] == "organization")
    assert orgs == ["organization:beijing-academy-of-artificial-intelligence", "organization:naura-technology-group"]
    naura = g.nodes["organization:naura-technology-group"]
    assert naura["label"] == "Naura Technology Group"
    assert {"Naura", "Naura Technology Group Co., Ltd."} <= set(naura["aliases"])
    assert naura["articles"] == ["a1", "a2", "a3"]
    assert g.nodes["organization:beijing-academy-of-artificial-intelligence"]["qid"] == "Q62275476"


def test_resolver_learns_an_existing_graph():
    g = nx.MultiDiGraph()
    g.add_node("organization:naura-technology-group", kind="organization", label="Naura Technology Group",
               aliases=["Naura"])
    g.add_node("person:li-qiang", kind="person", label="Li Qiang", aliases=["Li", "Premier Li"])
    r = Resolver()
    r.observe_graph(g)
    assert r.resolve("organization", "Naura", [])[0] == "organization:naura-technology-group"
    assert r.resolve("person", "Li", [])[0] == "person:li"
    assert r.resolve("person", "Li Keqiang", ["Premier Li"])[0] == "person:li-keqiang"


def _dup_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("organization:naura-technology-group", kind="organization", label="Naura Technology Group",
               aliases=[], articles=["a1", "a2"])
    g.add_node("organization:naura-technology-grp", kind="organization", label="Naura Technology Grp",
               aliases=[], articles=["a3"])
    g.add_node("facility:great-hall", kind="facility", label="Great Hall", aliases=[], articles=["a1"])
    g.add_node("organization:great-hall-of-the-people", kind="organization", label="Great Hall of the People",
               aliases=["Great Hall"], articles=["a2"])
    g.add_node("place:beijing", kind="place", label="Beijing", aliases=[], articles=["a1"])
    g.add_node("person:beijing", kind="person", label="Beijing", aliases=[], articles=["a1"])
    g.add_node("topic:naura-technology-group", kind="topic", label="Naura Technology Group")
    return g


def test_likely_duplicates():
    pairs = likely_duplicates(_dup_graph(), threshold=85)
    found = [(d.keep, d.other, d.score) for d in pairs]
    assert found[0] == ("organization:great-hall-of-the-people", "facility:great-hall", 100.0)
    assert ("organization:naura-technology-group", "organization:naura-technology-grp") in [f[:2] for f in found]
    # different kinds (person vs place, topic) are never paired
    assert not any("beijing" in d.keep or "topic:" in d.other for d in pairs)
    assert pairs[0].row == "Great Hall,Great Hall of the People,organization,"
    assert likely_duplicates(_dup_graph(), threshold=100.1) == []


def test_duplicates_command(tmp_path):
    from networkx.readwrite import json_graph

    from kgraph.cli import main

    path = tmp_path / "graph.json"
    path.write_text(json.dumps(json_graph.node_link_data(_dup_graph(), edges="links")), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["duplicates", "-g", str(path), "--threshold", "85"])
    assert result.exit_code == 0, result.output
    assert "'Great Hall of the People' <- 'Great Hall'" in result.output
    assert "Great Hall,Great Hall of the People,organization," in result.output
    result = runner.invoke(main, ["duplicates", "-g", str(path), "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "score,keep,other,alias,canonical,kind,qid"
    assert lines[1].startswith("100,organization:great-hall-of-the-people,facility:great-hall,Great Hall,")


def test_place_descriptor_variants_merge_across_articles():
    from kgraph.graph import KnowledgeGraph, node_id
    from kgraph.records import Article, ArticleResult, Entity

    def art(aid, name):
        return ArticleResult(Article(aid, "x"), entities=(Entity(node_id("place", name), "place", name),))

    kg = KnowledgeGraph.from_results([art("a", "Yizhuang"), art("b", "Yizhuang district"), art("c", "Mexico"),
                                      art("d", "Mexico City")])
    places = sorted(n for n, d in kg.graph.nodes(data=True) if d["kind"] == "place")
    assert places == ["place:mexico", "place:mexico-city", "place:yizhuang"]
    assert kg.graph.nodes["place:yizhuang"]["aliases"] == ["Yizhuang district"]
