"""The rule book (kgraph.rules) and user rule files (ExtractOptions.rules)."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from kgraph.errors import ConfigError
from kgraph.extract.visits import VisitCues
from kgraph.rules import RuleBook, default_rules, legal_pattern


def test_every_list_of_rules_toml_reaches_the_book():
    data = tomllib.loads(resources.files("kgraph.resources").joinpath("rules.toml").read_text(encoding="utf-8"))
    book = default_rules()
    assert book is default_rules()  # read once
    assert book.entity_org_heads == frozenset(data["entities"]["org_heads"])
    assert book.target_facility_heads == frozenset(data["targets"]["facility_heads"])
    assert "of" in book.resolver_other_body and "of" not in book.entity_other_body


def test_the_book_is_immutable():
    with pytest.raises(AttributeError):
        default_rules().entity_org_heads = frozenset()  # type: ignore[misc]


def test_one_legal_form_list_behind_the_legal_rules():
    book = default_rules()
    assert book.legal_words >= {"Co.", "Co", "Ltd", "Ltd.", "GmbH"}
    assert "Company" not in book.legal_words  # spelled-out forms are stripped, never joined token by token
    assert book.legal_suffix.sub("", "Naura Technology Group Co., Ltd.") == "Naura Technology Group"
    assert book.legal_suffix.sub("", "Sunward Company") == "Sunward"
    # the documented exception: only the resolver drops "Holdings" (across articles)
    assert book.legal_suffix.sub("", "Naura Holdings") == "Naura Holdings"
    assert book.resolver_legal_suffix.sub("", "naura holdings ") == "naura"
    assert legal_pattern(["S.A."], ignore_case=True).sub("", "Acme SA") == "Acme"


def test_unknown_list_names_the_source():
    with pytest.raises(ConfigError, match=r"mine\.toml: unknown rule list \[entities\] heads"):
        RuleBook.from_tables([("mine.toml", {"entities": {"heads": ["x"]}})])


def test_user_rule_file_adds_visit_cues(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text('[verbs]\nobject = ["Storm"]\n[roles]\nsame = { boss = ["gaffer"] }\n', encoding="utf-8")
    base = VisitCues.load()
    cues = VisitCues.load(extra=[path])
    assert "storm" in cues.object_verbs and "storm" not in base.object_verbs
    assert cues.role_same["boss"] == base.role_same["boss"] | {"gaffer"}
    assert cues.motion_verbs == base.motion_verbs


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[entities]\norg_heads = ['x']\n", r"\[entities\] is not a list section of visit_cues.toml"),
        ("[verbs]\nflying = ['x']\n", r"unknown rule list \[verbs\] flying"),
        ("[verbs]\nobject = 'visit'\n", r"\[verbs\] object must be a list of strings"),
        ("[verbs\n", "not a valid TOML rules file"),
    ],
)
def test_bad_user_rule_file_names_the_file(tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as err:
        VisitCues.load(extra=[path])
    assert "bad.toml" in str(err.value)


def test_missing_user_rule_file(tmp_path):
    with pytest.raises(ConfigError, match="cannot read rules file .*nope.toml"):
        VisitCues.load(extra=[tmp_path / "nope.toml"])


def test_extract_options_rules_reach_the_visit_rules(tmp_path):
    from kgraph.extract.pipeline import ExtractOptions, Extractor

    path = tmp_path / "rules.toml"
    path.write_text('[verbs]\nobject = ["storm"]\n', encoding="utf-8")
    ex = Extractor(ExtractOptions(rules_only=True, rules=(str(path),)))
    assert "storm" in ex.visits.rules.cues.object_verbs
    assert "storm" in ex.visits.rules.triggers
