"""Score extraction results against gold annotations (precision, recall and F1 per field).

The gold format is the dev-set schema: one JSON object per line with ``id``, ``persons``, ``organizations``,
``places``, ``visits``, ``companions`` and ``topics`` (see ``docs/evaluate.md``). :func:`load_gold` reads it,
:func:`score` compares it with :class:`~kgraph.records.ArticleResult` objects (pure, no spaCy) and returns a
:class:`Report`; :func:`predict` runs the extractor over article files first.

Matching rules
--------------
Names are compared by :func:`match_key`: Unicode NFKC, curly quotes made straight, case-folded, whitespace
collapsed, a leading "the", a final possessive "'s" and legal suffixes ("Co., Ltd.", "Corp", "Inc",
"Limited", ...) dropped. A predicted entity matches a gold entity (:func:`name_match`) when

3. the two names are equal, or
2. the predicted name equals a gold alias, or the gold name equals a predicted alias and the predicted name shares
   a word with the gold forms or is their initials (so a garbled node label such as "XINING, June 7" that merely
   carries the alias "Xinhua" does not match; an alias shared by both sides is not enough either: surnames such
   as "Li" are shared by different people), or
1. (tolerant; not for persons) one name is the other plus whole words at the start or end, and either all extra
   words are generic descriptors ("city", "province", "village", "plant", "news agency", ...), or there is one
   extra word, the shorter name has two or more words, the names are at least 80 % similar
   (``rapidfuzz.fuzz.ratio``) and the extra word is neither a function word nor names a different kind of body
   ("university", "institute", "committee", ...). So "Guakou" matches "Guakou village" and "Pilot Free Trade
   Zone" matches "Shanghai Pilot Free Trade Zone", but "Sunderland" does not match "Sunderland Echo", nor
   "Zishan" "Zishan Research Institute", nor "At Lenze (Shanghai) Transmission System" the name without "At".

Each gold item is matched at most once and each predicted item at most once, greedily from the best match
level down (ties by gold order, then predicted order), so the result is deterministic.
"""

from __future__ import annotations

# The implementation is split by responsibility: gold (reading gold files), matching (the rules below),
# report (FieldScore, ArticleDetail, Report), scoring (score) and prediction (predict, imports spaCy lazily).
from kgraph.evaluate.gold import GoldArticle, GoldCompanion, GoldEntity, GoldVisit, load_gold
from kgraph.evaluate.matching import match_key, name_match, topic_key, topic_match
from kgraph.evaluate.prediction import predict
from kgraph.evaluate.report import FIELDS, ArticleDetail, FieldScore, Report
from kgraph.evaluate.scoring import score

__all__ = [
    "FIELDS",
    "ArticleDetail",
    "FieldScore",
    "GoldArticle",
    "GoldCompanion",
    "GoldEntity",
    "GoldVisit",
    "Report",
    "load_gold",
    "match_key",
    "name_match",
    "predict",
    "score",
    "topic_key",
    "topic_match",
]
