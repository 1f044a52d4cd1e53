"""Visit events from a parsed article: who was physically at which organisation, facility or place, and when.

A visit is found from a *trigger* and the dependency parse around it:

- verbs whose object is the site ("visited Sunward", "toured NARI Group", "inspected the city of Fuzhou");
- motion verbs with a "to/at/in" object ("went to", "arrived at", "headed to", "was in Toledo");
- trip nouns ("during his visit to Jiangsu", "made an inspection tour in Beijing", "a three-day India visit");
- a fronted "At X, he ..." / "In X, he ..." on a clause whose subject is a person;
- hosts: "X received Y at the airport", "met with visiting Y" (Y visited the place named or the dateline);
- weak cues ("talks to staff at RICOM", "held a meeting in Beijing") for people already known to be visitors.

The visitor is the subject of the trigger's clause (climbing from participles and conjuncts), a possessive
("his tour of"), or, for pronouns and role nouns ("he", "the premier", "the monarch"), the most recent visitor.
Clauses that are future, planned, hoped-for, cancelled, negated, hypothetical or remote ("will visit", "plans
to", "cancelled his visit", "virtually attended", "via video link") never give a visit; see
``resources/visit_cues.toml`` for the word lists.

One :class:`~kgraph.records.Visit` is kept per (visitor, target) and article: the first explicit mention gives
the evidence, later mentions fill a missing date or location.

The package is laid out by responsibility, one rule per function, every function reading the compiled rules
(:class:`~.context.VisitRules`) and the article's :class:`~.context.ArticleContext` it is given:

- ``cues``: :class:`VisitCues`, the word lists read from ``resources/visit_cues.toml``;
- ``context``: the per-article context, the intermediate records, the compiled rules and the dependency-tree helpers;
- ``triggers``: the sentence scan and the triggers (verbs, trip nouns, hosts, "visiting" guests, fronted phrases,
  and the parser-free surface pattern): **a new visit phrasing goes here** (its words in ``visit_cues.toml``);
- ``modality``: future, planned, negated, cancelled, hypothetical and remote clauses;
- ``people``: visitors from subjects, possessives, pronouns and role nouns;
- ``targets``: organisations, facilities and places from noun phrases, their owners and locations;
- ``merge``: dates and evidence, and one visit per (visitor, target);
- ``companions``: people who accompanied or joined a visitor;
- ``extractor``: :func:`extract_visits`, which runs the parts in order, and :class:`VisitExtractor`, which holds
  the compiled rules.
"""

from __future__ import annotations

from kgraph.extract.visits.context import ArticleContext, VisitRules
from kgraph.extract.visits.cues import VisitCues
from kgraph.extract.visits.extractor import VisitExtractor, extract_visits

__all__ = ["ArticleContext", "VisitCues", "VisitExtractor", "VisitRules", "extract_visits"]
