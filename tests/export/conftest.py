"""Small knowledge graphs built from records (no spaCy) for the export tests."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest

from kgraph.graph import KnowledgeGraph
from kgraph.records import Article, ArticleResult, Companion, Entity, ThemeLink, Visit

#: Labels that must never run as script in the HTML export; the payloads mark the DOM if they do.
HOSTILE = (
    "</script><script>document.documentElement.setAttribute('data-xss','1')</script>",
    "<img src=x onerror=\"document.documentElement.setAttribute('data-xss','2')\">",
    "<svg onload=alert(1)>",
    "Tom & \"Jerry\" 'O'Brien' <b>bold</b>",
    "ctrl\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x1f-chars\ufffe\uffff",
    "lone \ud800 surrogate \udfff",
    "line\u2028sep\u2029para",
    "https://evil.example/x.js",
    "{{7*7}} ${alert(1)} `x` \\u003c",
    "long " + "x" * 5000,
)


def _entity(kind: str, name: str, *aliases: str, titles: tuple[str, ...] = (), sentence: str = "") -> Entity:
    from kgraph.graph import node_id

    return Entity(node_id(kind, name), kind, name, tuple(aliases), titles, (sentence or f"{name} said.",), 1)


def sample_results() -> list[ArticleResult]:
    """Three articles: two report the same visit (parallel edges), one adds a companion and themes."""
    li = _entity("person", "Li Qiang", "Premier Li", titles=("Premier",))
    wang = _entity("person", "Wang Wentao", titles=("Minister of Commerce",))
    baidu = _entity("organization", "Baidu", "Baidu Inc.")
    beijing = _entity("place", "Beijing")
    fab = _entity("facility", "Fab 7")
    a1 = Article("a1", "Li Qiang visited Baidu in Beijing.", title="Premier visits Baidu",
                 url="https://example.com/a1", published=dt.date(2024, 3, 1), source="news/a1.txt", sha256="1" * 64)
    a2 = Article("a2", "Li Qiang toured Baidu, accompanied by Wang Wentao.", title="Tour",
                 url="https://example.com/a2?x=1&y=2", published=dt.date(2024, 3, 2), source="news/a2.txt")
    a3 = Article("a3", "Li Qiang inspected Fab 7.", published=None, source="news/a3.txt")
    v1 = Visit("Li Qiang", "Baidu", "organization", "Beijing", dt.date(2024, 2, 28),
               "Li Qiang visited Baidu in Beijing.", "a1", "Premier")
    v2 = Visit("Li Qiang", "Baidu", "organization", None, dt.date(2024, 2, 28),
               "Li Qiang toured Baidu.", "a2", "Premier")
    v3 = Visit("Li Qiang", "Fab 7", "facility", None, None, "Li Qiang inspected Fab 7.", "a3")
    return [
        ArticleResult(a1, entities=(li, baidu, beijing), visits=(v1,), topics=("artificial intelligence",),
                      themes=(ThemeLink("Baidu", "organization", "artificial intelligence", 2, "AI at Baidu.", "a1"),)),
        ArticleResult(a2, entities=(li, wang, baidu), visits=(v2,),
                      companions=(Companion("Wang Wentao", "Li Qiang", "Baidu", "accompanied by Wang Wentao", "a2"),)),
        ArticleResult(a3, entities=(li, fab), visits=(v3,)),
    ]


def hostile_results() -> list[ArticleResult]:
    """Articles whose names, titles and evidence are hostile strings."""
    results = []
    for i, text in enumerate(HOSTILE):
        person = _entity("person", f"P{i} {text}", f"alias {text}", titles=(text,), sentence=text)
        org = _entity("organization", f"O{i} {text}", sentence=text)
        art = Article(f"h{i}", text, title=text, url=text, published=dt.date(2024, 1, 1 + i), source=text)
        visit = Visit(person.name, org.name, "organization", text, dt.date(2024, 1, 1 + i), text, art.id, text)
        results.append(ArticleResult(art, entities=(person, org), visits=(visit,), topics=(f"topic {text}",)))
    return results


def build(results: list[ArticleResult]) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    for result in results:
        kg.add_result(result)
    return kg


@pytest.fixture
def kg() -> KnowledgeGraph:
    return build(sample_results())


@pytest.fixture
def hostile_kg() -> KnowledgeGraph:
    return build(hostile_results())


def edge_set(graph: nx.MultiDiGraph) -> list[tuple]:
    return sorted((str(u), str(v), str(k), repr(sorted(d.items()))) for u, v, k, d in graph.edges(keys=True, data=True))


def node_set(graph: nx.MultiDiGraph) -> list[tuple]:
    return sorted((str(n), repr(sorted(d.items()))) for n, d in graph.nodes(data=True))


def load_helper(name: str):
    """Import a helper module of this folder by path (pytest runs with --import-mode=importlib)."""
    import importlib.util
    import sys
    from pathlib import Path

    key = f"_kgraph_export_tests_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def validate_xml(shared):
    """``validate(path) -> [errors]`` from ../shared/schemas/validate.py (lxml)."""
    pytest.importorskip("lxml")
    path = shared("schemas/validate.py")
    import importlib.util

    spec = importlib.util.spec_from_file_location("_kgraph_shared_validate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.validate


def require_chromium() -> str:
    """Return the Chromium binary; fail under CI=true when it is missing, skip elsewhere."""
    import os

    binary = load_helper("browser").find_chromium()
    if binary is None:
        message = "Chromium is not installed (apt-get install chromium, or set KGRAPH_CHROMIUM)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return binary


@pytest.fixture(scope="module")
def chromium():
    """A headless Chromium driver (see :func:`require_chromium`)."""
    with load_helper("browser").Browser(require_chromium()) as driver:
        yield driver


def cleaned(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """``graph`` with every string cleaned the way XML and CSV exports clean them."""
    from kgraph.export.flatten import clean_text

    def fix(value):
        if isinstance(value, str):
            return clean_text(value)
        if isinstance(value, list):
            return [fix(v) for v in value]
        return value

    out = nx.MultiDiGraph()
    for n, d in graph.nodes(data=True):
        out.add_node(fix(n), **{k: fix(v) for k, v in d.items()})
    for u, v, k, d in graph.edges(keys=True, data=True):
        out.add_edge(fix(u), fix(v), key=fix(k), **{a: fix(b) for a, b in d.items()})
    return out
