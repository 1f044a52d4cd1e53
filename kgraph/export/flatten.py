"""The one flattening step every tabular or XML exporter uses: stable order, typed columns, flat values.

Rules (documented in ``docs/exports.md``):

- **Order.** Nodes sort by ``str(id)``, edges by ``(str(source), str(target), str(key))``. Same graph, same
  order, same bytes, whatever order the graph was built in.
- **Lists** (``aliases``, ``titles``, ``articles``, ...) become one string: items joined by ``|``; a ``\\``
  or ``|`` inside an item is escaped with ``\\``. ``[]`` becomes ``""``. :func:`split_list` reverses it.
- **None** is never written: the attribute is left out (GraphML, GEXF) or the cell left empty (CSV).
  GraphML records the names of ``None`` attributes in ``kgraph_nulls`` so the reader restores them.
- **Types** per attribute, over the whole graph: all bool -> ``boolean``; all int -> ``long``; int and
  float -> ``double``; any list -> ``list``; anything else -> ``string`` (``str(value)``).
- **Text** for XML and CSV drops the characters XML 1.0 forbids (C0 controls but tab, newline and CR;
  lone surrogates; U+FFFE, U+FFFF). Node-link JSON keeps every character.
"""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import networkx as nx

__all__ = [
    "LIST_SEPARATOR",
    "AttrSpec",
    "attr_specs",
    "clean_text",
    "flat_value",
    "format_xml_value",
    "join_list",
    "sorted_edges",
    "sorted_nodes",
    "specs_from_samples",
    "split_list",
    "value_samples",
    "xml_escape",
    "xml_escape_attr",
]

#: Separator between list items in flattened values.
LIST_SEPARATOR = "|"

# Characters XML 1.0 does not allow: C0 controls other than \t \n \r, surrogates, U+FFFE, U+FFFF.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTR_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"}
)
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_LIST_ESCAPES = str.maketrans({"\\": "\\\\", "|": "\\|"})


def clean_text(text: str) -> str:
    """Drop the characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF).

    Examples
    --------
    >>> clean_text("a\\x00b\\x08c\\ufffe\\td")
    'abc\\td'
    """
    return _XML_FORBIDDEN.sub("", text)


def xml_escape(text: str) -> str:
    """Return ``text`` cleaned and escaped for XML element content.

    Examples
    --------
    >>> xml_escape("a < b & c\\x01")
    'a &lt; b &amp; c'
    """
    return _XML_FORBIDDEN.sub("", text).translate(_TEXT_ESCAPES)


def xml_escape_attr(text: str) -> str:
    """Return ``text`` cleaned and escaped for a double-quoted XML attribute (tabs and newlines kept).

    Examples
    --------
    >>> xml_escape_attr('say "hi"\\n')
    'say &quot;hi&quot;&#10;'
    """
    return _XML_FORBIDDEN.sub("", text).translate(_ATTR_ESCAPES)


def join_list(items: Iterable[Any]) -> str:
    """Flatten a list to one string: items joined by ``|``, with ``\\`` and ``|`` escaped by ``\\``.

    Examples
    --------
    >>> join_list(["Li Qiang", "Premier Li"])
    'Li Qiang|Premier Li'
    >>> join_list(["a|b", "c\\\\d"])
    'a\\\\|b|c\\\\\\\\d'
    >>> join_list([])
    ''
    """
    return LIST_SEPARATOR.join(str(item).translate(_LIST_ESCAPES) for item in items)


def split_list(text: str) -> list[str]:
    """Reverse :func:`join_list`.

    Examples
    --------
    >>> split_list("Li Qiang|Premier Li")
    ['Li Qiang', 'Premier Li']
    >>> split_list(join_list(["a|b", "c\\\\d", ""])) == ["a|b", "c\\\\d", ""]
    True
    >>> split_list("")
    []
    """
    if not text:
        return []
    if "\\" not in text:
        return text.split(LIST_SEPARATOR)
    items: list[str] = []
    current: list[str] = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, "\\"))
        elif ch == LIST_SEPARATOR:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return items


@dataclass(frozen=True, slots=True)
class AttrSpec:
    """One attribute column: its ``name``, the ``domain`` (``node``, ``edge``, ``graph``) and flat ``type``.

    ``type`` is one of ``boolean``, ``long``, ``double``, ``string`` or ``list`` (a list of strings,
    written as a ``string`` joined with :func:`join_list`).
    """

    name: str
    domain: str
    type: str


def _category(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "list"
    return "string"


def _merge(old: str | None, new: str) -> str:
    if old is None or old == new:
        return new
    if {old, new} == {"long", "double"}:
        return "double"
    return "string"


def attr_specs(items: Iterable[dict[str, Any]], domain: str) -> list[AttrSpec]:
    """Infer one :class:`AttrSpec` per attribute name over ``items`` (attribute dicts), sorted by name.

    An attribute that is ``None`` everywhere is typed ``string``.

    Examples
    --------
    >>> attr_specs([{"a": 1, "b": ["x"]}, {"a": 2.5, "c": None}], "node")  # doctest: +NORMALIZE_WHITESPACE
    [AttrSpec(name='a', domain='node', type='double'), AttrSpec(name='b', domain='node', type='list'),
     AttrSpec(name='c', domain='node', type='string')]
    """
    return specs_from_samples(value_samples(items), domain)


def value_samples(items: Iterable[dict[str, Any]]) -> dict[tuple[Any, type], Any]:
    """Return ``{(attribute name, value type): one value of that type}`` over ``items`` (one pass)."""
    seen: dict[tuple[Any, type], Any] = {}
    for data in items:
        for name, value in data.items():
            seen[name, type(value)] = value
    return seen


def specs_from_samples(seen: dict[tuple[Any, type], Any], domain: str) -> list[AttrSpec]:
    """Build :class:`AttrSpec`\\ s from :func:`value_samples` (see :func:`attr_specs`)."""
    types: dict[str, str | None] = {}
    for (name, kind), value in seen.items():
        if kind is type(None):
            types.setdefault(str(name), None)
        else:
            types[str(name)] = _merge(types.get(str(name)), _category(value))
    return [AttrSpec(name, domain, kind or "string") for name, kind in sorted(types.items())]


def flat_value(value: Any, type_: str) -> bool | int | float | str | None:
    """Return ``value`` flattened for a column of type ``type_`` (see :class:`AttrSpec`); None stays None.

    Examples
    --------
    >>> flat_value(["b", "a"], "list"), flat_value(3, "double"), flat_value(True, "string")
    ('b|a', 3.0, 'True')
    """
    if value is None:
        return None
    if type_ == "list":
        if isinstance(value, (set, frozenset)):
            value = sorted(value, key=str)
        return join_list(value) if isinstance(value, (list, tuple)) else str(value)
    if type_ == "double":
        return float(value)
    if type_ in ("long", "boolean"):
        return value
    if isinstance(value, (list, tuple)):
        return join_list(value)
    return str(value)


def format_xml_value(value: bool | float | str, type_: str) -> str:
    """Return the XML Schema lexical form of a flat value (``true``, ``12``, ``1.5``, ``NaN``, ``INF``)."""
    if type_ == "boolean":
        return "true" if value else "false"
    if type_ == "double":
        number = float(value)
        if math.isnan(number):
            return "NaN"
        if math.isinf(number):
            return "INF" if number > 0 else "-INF"
        return repr(number)
    if type_ == "long":
        return str(int(value))
    return str(value)


def sorted_nodes(graph: nx.Graph) -> list[tuple[Hashable, dict[str, Any]]]:
    """Return ``(node, attrs)`` pairs sorted by ``str(node)`` (the attrs are the graph's own dicts)."""
    nodes = list(graph.nodes(data=True))
    if all(type(n) is str for n, _ in nodes):
        nodes.sort(key=itemgetter(0))
        return nodes
    return sorted(nodes, key=lambda item: str(item[0]))


def sorted_edges(graph: nx.Graph) -> list[tuple[Hashable, Hashable, Hashable, dict[str, Any]]]:
    """Return ``(u, v, key, attrs)`` sorted by ``(str(u), str(v), str(key))``; simple graphs get key ``None``."""
    if isinstance(graph, nx.MultiGraph):
        edges: list[tuple[Any, Any, Any, dict[str, Any]]] = list(graph.edges(keys=True, data=True))
    else:
        edges = [(u, v, None, d) for u, v, d in graph.edges(data=True)]
    if all(type(u) is str and type(v) is str and type(k) is str for u, v, k, _ in edges):
        edges.sort(key=itemgetter(0, 1, 2))  # same order as the str() key, without building strings
        return edges
    return sorted(edges, key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
