"""Exact, faster stand-ins for two spaCy components in fast analysis (see :mod:`kgraph.extract.pipeline`).

* :class:`VectorAttributeRuler` applies an ``attribute_ruler``'s patterns to a whole batch with numpy;
* :class:`BatchLemmatizer` asks the real lemmatizer once per distinct (text, tag, morphology) in a batch.

Both give the same annotations as the real components (``tests/extract/test_fast_equivalence.py``) and fall
back to them for anything they do not cover.
"""

from __future__ import annotations

import abc
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

import numpy
from spacy import symbols
from spacy.attrs import (
    DEP,
    IS_ALPHA,
    IS_DIGIT,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LOWER,
    MORPH,
    NORM,
    ORTH,
    POS,
    TAG,
)
from spacy.errors import Errors
from spacy.pipeline import Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc

if TYPE_CHECKING:
    from thinc.types import Ints2d

__all__ = ["BatchLemmatizer", "VectorAttributeRuler", "batches"]


def batches(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of at most ``size`` items."""
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


class _BatchComponent(abc.ABC):
    """A pipeline component that annotates a whole batch of Docs at once (:meth:`annotate`)."""

    @abc.abstractmethod
    def annotate(self, docs: list[Doc]) -> None:
        """Set this component's annotations on ``docs`` in place."""

    def __call__(self, doc: Doc) -> Doc:
        self.annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        for batch in batches(docs, batch_size):
            self.annotate(batch)
            yield from batch


#: Token attributes the vectorised attribute ruler can test, by pattern key (as spaCy's Matcher names them).
_RULER_READS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "DEP": DEP,
                "IS_SPACE": IS_SPACE, "IS_PUNCT": IS_PUNCT, "IS_ALPHA": IS_ALPHA, "IS_DIGIT": IS_DIGIT}
#: Token attributes it can set (a rule setting anything else, e.g. a lexeme flag, keeps the real component).
_RULER_WRITES = (POS, TAG, DEP, LEMMA, MORPH)


class VectorAttributeRuler(_BatchComponent):
    """The annotations of a spaCy ``AttributeRuler``, computed on numpy arrays for a whole batch at once.

    spaCy's component runs a Matcher and then sets attributes token by token from Python; on news text it costs
    about as much as the parser. The patterns shipped with ``en_core_web_sm`` are one or two tokens, each
    testing ``TAG``, ``LOWER``, ``DEP`` or ``IS_SPACE`` for equality, set membership (``IN``/``NOT_IN``) or a
    regular expression. For such patterns a match is an AND of per-token boolean masks, shifted by the token's
    position in the pattern, and the component's order of application (matches sorted by rule, so a later rule
    overrides an earlier one) is a sequence of masked assignments. All masks are computed from the attributes
    as they were before the first assignment, as the component matches everything before it sets anything.

    :meth:`compile` returns None for any pattern set outside that subset (operators, fuzzy matching, other
    attributes, extension attributes, other target attributes); the real component then runs.
    ``tests/extract/test_fast_equivalence.py`` checks the annotations against the real component.
    """

    def __init__(self, vocab, reads: list[int], rules: list[tuple[list[tuple[list, int]], list[tuple[int, int]]]]):
        self.vocab = vocab
        self.reads = reads
        self.rules = rules
        # per (attribute, regex): the string ids already searched, and those that matched
        self._regex_hits: dict[tuple[int, str], tuple[set[int], set[int]]] = {}

    @classmethod
    def compile(cls, ruler: Any) -> VectorAttributeRuler | None:
        """Translate ``ruler`` (a spaCy ``AttributeRuler``); None when a pattern is outside the supported subset."""
        try:
            vocab, matcher, attrs, indices = ruler.vocab, ruler.matcher, ruler.attrs, ruler.indices
        except AttributeError:
            return None
        reads: list[int] = []
        rules = []
        for i, (assign, index) in enumerate(zip(attrs, indices)):
            if not set(assign) <= set(_RULER_WRITES):
                return None
            entry = matcher.get(vocab.strings.add(str(i)))
            if entry is None or entry[0] is not None:
                return None
            patterns = []
            for pattern in entry[1]:
                if not pattern or not -len(pattern) <= index < len(pattern):
                    return None
                specs = []
                for token in pattern:
                    preds = []
                    for key, value in token.items():
                        attr = _RULER_READS.get(str(key).upper())
                        if attr is None:
                            return None
                        if attr not in reads:
                            reads.append(attr)
                        pred = cls._predicate(vocab, attr, value)
                        if pred is None:
                            return None
                        preds.append(pred)
                    specs.append(tuple(sorted(preds, key=repr)))
                patterns.append((specs, index % len(pattern)))
            rules.append((patterns, sorted((int(k), int(v)) for k, v in assign.items())))
        return cls(vocab, reads, rules)

    @staticmethod
    def _predicate(vocab, attr: int, value: object) -> tuple | None:
        """One token test as a hashable tuple ``(attr, op, operand)``, with values as the Matcher hashes them."""
        if isinstance(value, bool):
            return (attr, "==", int(value))
        if isinstance(value, str):
            return (attr, "==", vocab.strings.add(value))
        if isinstance(value, int):
            return (attr, "==", value)
        if not isinstance(value, dict) or len(value) != 1:
            return None
        (op, operand), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(operand, (list, tuple)) and all(
            isinstance(v, (str, int)) and not isinstance(v, bool) for v in operand
        ):
            # the Matcher compares string ids (get_string_id), without adding them to the string store
            return (attr, op, tuple(sorted({get_string_id(v) for v in operand})))
        if op == "REGEX" and isinstance(operand, str) and attr in (ORTH, LOWER, NORM, TAG, DEP):
            return (attr, op, operand)
        return None

    def _mask(self, pred: tuple, columns: dict[int, numpy.ndarray]) -> numpy.ndarray:
        attr, op, operand = pred
        col = columns[attr]
        if op == "==":
            return col == numpy.uint64(operand)
        if op in ("IN", "NOT_IN"):
            hit = numpy.isin(col, numpy.array(operand, dtype=numpy.uint64))
            return hit if op == "IN" else ~hit
        # REGEX: search each distinct string once (per process), as the Matcher does per token
        seen, good = self._regex_hits.setdefault((attr, operand), (set(), set()))
        if len(seen) > 500_000:  # bounded memory on endless streams: start over
            seen.clear()
            good.clear()
        rx = re.compile(operand)
        strings = self.vocab.strings
        for value in numpy.unique(col).tolist():
            if value not in seen:
                seen.add(value)
                if rx.search(strings[value]):
                    good.add(value)
        return numpy.isin(col, numpy.array(sorted(good), dtype=numpy.uint64))

    def annotate(self, docs: list[Doc]) -> None:
        """Set the rules' attributes on ``docs`` in place (one numpy pass over the concatenated batch)."""
        docs = [doc for doc in docs if len(doc)]
        if not docs or not self.rules:
            return
        lengths = numpy.array([len(doc) for doc in docs])
        reads = self.reads or [ORTH]  # patterns of empty token specs read nothing
        read = numpy.concatenate([doc.to_array([*reads]) for doc in docs]).reshape(-1, len(reads))
        out = numpy.concatenate([doc.to_array(list(_RULER_WRITES)) for doc in docs])
        columns = {attr: read[:, k] for k, attr in enumerate(reads)}
        doc_id = numpy.repeat(numpy.arange(len(docs)), lengths)
        n = len(doc_id)
        cache: dict[tuple, numpy.ndarray] = {}
        write_col = {attr: k for k, attr in enumerate(_RULER_WRITES)}
        for patterns, assign in self.rules:
            target = numpy.zeros(n, dtype=bool)
            for specs, index in patterns:
                size = len(specs)
                if size > n:
                    continue
                span = n - size + 1
                match = doc_id[:span] == doc_id[size - 1:]
                for j, preds in enumerate(specs):
                    for pred in preds:
                        if pred not in cache:
                            cache[pred] = self._mask(pred, columns)
                        match &= cache[pred][j:j + span]
                target[index:index + span] |= match
            if target.any():
                for attr, value in assign:
                    out[target, write_col[attr]] = value
        offsets = numpy.r_[0, numpy.cumsum(lengths)]
        for k, doc in enumerate(docs):
            doc.from_array(list(_RULER_WRITES), cast("Ints2d", out[offsets[k]:offsets[k + 1]]))


class BatchLemmatizer(_BatchComponent):
    """The lemmas of spaCy's rule lemmatizer, computed once per distinct ``(ORTH, POS, MORPH)`` of a batch.

    The English rule lemmatizer's answer depends only on the token's text, part of speech and morphology (its
    own cache is keyed on exactly that), but it walks every token from Python. This asks the real lemmatizer
    once per distinct triple (on the first token that has it, so its warnings and caches behave the same) and
    writes the batch's lemmas with one array per Doc. Tokens that already have a lemma (set by the attribute
    ruler) keep it unless the lemmatizer overwrites. Only used for ``spacy.pipeline.Lemmatizer`` and
    ``EnglishLemmatizer`` in ``rule`` mode; any other lemmatizer runs as it is.
    """

    _KNOWN = ("spacy.pipeline.lemmatizer.Lemmatizer", "spacy.lang.en.lemmatizer.EnglishLemmatizer")

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], int] = {}

    @classmethod
    def compile(cls, lemmatizer: object) -> BatchLemmatizer | None:
        kind = f"{type(lemmatizer).__module__}.{type(lemmatizer).__qualname__}"
        if kind not in cls._KNOWN or not isinstance(lemmatizer, Lemmatizer) or getattr(lemmatizer, "mode", None) != "rule":
            return None
        return cls(lemmatizer)

    def annotate(self, docs: list[Doc]) -> None:
        """Set ``lemma`` on the tokens of ``docs`` in place."""
        lem = self.lemmatizer
        if not lem._validated:
            lem._validate_tables(Errors.E1004)
        strings = lem.vocab.strings
        lemmas = self._lemmas
        uncached = {0, symbols.EOL, symbols.SPACE}  # answered without the lemmatizer's cache
        for doc in docs:
            if not len(doc):
                continue
            arr = doc.to_array([ORTH, POS, MORPH, LEMMA])
            todo = numpy.flatnonzero(arr[:, 3] == 0) if not lem.overwrite else numpy.arange(len(doc))
            if not len(todo):
                continue
            keys, first, inverse = numpy.unique(arr[todo, :3], axis=0, return_index=True, return_inverse=True)
            values = numpy.empty(len(keys), dtype=numpy.uint64)
            for u, (key, i) in enumerate(zip(map(tuple, keys.tolist()), first.tolist())):
                value = lemmas.get(key)
                if value is None:
                    value = strings.add(lem.lemmatize(doc[int(todo[i])])[0])
                    if key[1] not in uncached:
                        lemmas[key] = value
                values[u] = value
            arr[todo, 3] = values[inverse.reshape(-1)]
            doc.from_array([LEMMA], cast("Ints2d", arr[:, 3:4]))
