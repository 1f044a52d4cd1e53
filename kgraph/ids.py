"""Node ids and slugs: the leaf every layer that names a node imports (extraction, resolution, the graph)."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["node_id", "slugify"]

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def slugify(text: str) -> str:
    """Return a readable, stable slug: accents folded, lower case, words joined by ``-``.

    Examples
    --------
    >>> slugify("Li Qiang")
    'li-qiang'
    >>> slugify("Naura Technology Group Co., Ltd.")
    'naura-technology-group-co-ltd'
    >>> slugify("Xi’an")
    'xi-an'
    """
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    slug = _NON_WORD.sub("-", folded.lower()).strip("-_")
    return slug.replace("_", "-") or "unnamed"


def node_id(kind: str, name: str) -> str:
    """Return the node id of an entity, ``kind:slug``.

    Examples
    --------
    >>> node_id("person", "Li Qiang")
    'person:li-qiang'
    """
    return f"{kind}:{slugify(name)}"
