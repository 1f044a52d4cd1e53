"""Article Docs that remember their text, and :func:`span_text`: the leaf of the extraction layers.

Every extraction rule module may import this one; it imports nothing from kgraph.
"""

from __future__ import annotations

from spacy.attrs import ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = ["ArticleDoc", "article_doc", "span_text"]


class ArticleDoc(Doc):
    """A Doc that remembers its text: the extraction rules read ``doc.text`` dozens of times per article, and
    spaCy rebuilds it from the tokens on every call. Everything else is a plain :class:`~spacy.tokens.Doc`."""

    @property
    def text(self) -> str:
        cached = self.__dict__.get("_kgraph_text")
        return cached if cached is not None else Doc.text.__get__(self)

    @property
    def text_with_ws(self) -> str:
        return self.text


def span_text(span: Span) -> str:
    """``span.text``, sliced from the remembered text when the span belongs to an article Doc.

    spaCy joins a span's tokens on every ``.text``; the extraction rules ask for sentence and gap texts thousands
    of times per batch. On an :class:`ArticleDoc` the span's text is the slice ``start_char:end_char`` of the
    Doc's text (the same string: the Doc's text is the concatenation of its tokens and their whitespace). Any
    other Doc falls back to ``span.text``.
    """
    doc = span.doc
    if isinstance(doc, ArticleDoc) and span.start < span.end:
        text = doc.__dict__.get("_kgraph_text")
        if text is not None:
            return text[span.start_char:span.end_char]
    return span.text


def article_doc(nlp: Language, text: str) -> Doc:
    """Tokenize ``text`` into an :class:`ArticleDoc`."""
    base = nlp.make_doc(text)
    values = base.to_array([ORTH, SPACY]).tolist()
    strings = nlp.vocab.strings
    doc = ArticleDoc(nlp.vocab, words=[strings[orth] for orth, _ in values],
                      spaces=[space == 1 for _, space in values])
    doc.__dict__["_kgraph_text"] = base.text
    return doc
