"""HTML: self-contained, deterministic, escaped; in headless Chromium it draws, freezes and fetches nothing."""

from __future__ import annotations

import json
import re

import pytest

from kgraph.export import write
from kgraph.export.html import HTMLView, generate_html, show, trim

from .conftest import HOSTILE, build, hostile_results, require_chromium, sample_results

STATUS = (
    "(function(){var s=document.getElementById('kgraph-status');"
    "return s && s.textContent && JSON.parse(s.textContent).frozen !== null ? s.textContent : null;})()"
)


def _scripts(page: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>(.*?)</script>", page, flags=re.DOTALL)  # vis's own JS holds "<script>" text


def test_self_contained(kg):
    page = generate_html(kg.graph)
    assert not re.search(r"(?i)https?://", page)
    assert "bootstrap" not in page.lower()
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=", page)
    assert "vis.Network" in page and "randomSeed" in page


def test_hostile_text_never_becomes_markup(hostile_kg):
    page = generate_html(hostile_kg.graph, title=HOSTILE[0])
    # every </script> is one we wrote: pyvis's inline libraries (2), its driver, our config and our code
    assert page.count("</script>") == 5
    assert len(_scripts(page)) == 5
    for payload in ("<script>document", "<img src=x", "<svg onload", "<b>bold</b>", "data-xss','1')</script>"):
        assert payload not in page
    config = re.search(r'<script type="application/json" id="kgraph-config">(.*?)</script>', page, re.DOTALL).group(1)
    assert json.loads(config)["title"].startswith("</script>")
    assert "\u2028" not in page and "\u2029" not in page


def test_deterministic(kg):
    assert generate_html(kg.graph) == generate_html(build(sample_results()).graph)


def test_trim_options(kg):
    sub, note = trim(kg.graph, top=3)
    assert sub.number_of_nodes() == 3 and "top 3" in note
    sub, _ = trim(kg.graph, focus="Wang Wentao", radius=1)
    assert sorted(sub.nodes) == ["article:a2", "organization:baidu", "person:wang-wentao"]
    sub, _ = trim(kg.graph, since="2024-03-02", until="2024-03-02")
    assert sorted(sub.nodes) == ["article:a2", "organization:baidu", "person:li-qiang", "person:wang-wentao"]
    page = generate_html(kg.graph, focus="premier li", radius=1)
    assert "within 1 hop of" in page


def test_notebook_view(kg):
    view = show(kg.graph, height="400px")
    assert isinstance(view, HTMLView)
    frame = view._repr_html_()
    assert frame.startswith('<iframe sandbox="allow-scripts"')
    assert "<script" not in frame  # the whole page is an escaped srcdoc attribute


def test_missing_chromium_fails_under_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("KGRAPH_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        require_chromium()
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        require_chromium()


def test_empty_graph_page(tmp_path):
    import networkx as nx

    page = generate_html(nx.MultiDiGraph())
    assert "vis.Network" in page and not re.search(r"(?i)https?://", page)


def _open(chromium, path):
    chromium.events.clear()
    chromium.open(path.as_uri())
    return json.loads(chromium.wait_for(STATUS, timeout=120))


@pytest.mark.slow
def test_browser_draws_freezes_and_fetches_nothing(kg, tmp_path, chromium):
    path = tmp_path / "g.html"
    write(kg, path)
    status = _open(chromium, path)
    assert status["drawn_nodes"] == kg.graph.number_of_nodes() == 9
    assert status["edges"] == kg.graph.number_of_edges()
    assert status["stable"] is True and status["physics"] is False and status["frozen"] is True
    assert status["resources"] == 0
    assert chromium.requests() == [path.as_uri()]
    assert chromium.exceptions() == [] and chromium.dialogs() == []
    # the legend and filters show every kind, and filtering hides edges
    legend = chromium.evaluate("document.getElementById('kgraph-node-kinds').textContent")
    for kind in ("article (3)", "person (2)", "organization (1)", "facility (1)", "place (1)", "topic (1)"):
        assert kind in legend
    chromium.evaluate(
        "(function(){var boxes=document.querySelectorAll('#kgraph-edge-kinds input');"
        "boxes.forEach(function(b){ if (b.parentNode.textContent.indexOf('mentions')===0) {b.click();} });})()"
    )
    hidden = chromium.evaluate("edges.get({filter: function(e){return e.hidden;}}).length")
    assert hidden == sum(1 for *_, k in kg.graph.edges(data="kind") if k == "mentions")
    # search selects and focuses the node by alias
    chromium.evaluate(
        "(function(){var i=document.getElementById('kgraph-search'); i.value='premier li';"
        "i.dispatchEvent(new Event('change'));})()"
    )
    assert chromium.evaluate("network.getSelectedNodes()") == ["person:li-qiang"]
    assert chromium.evaluate("document.getElementById('kgraph-info').textContent") == "1 match"


@pytest.mark.slow
def test_browser_hostile_labels_stay_text(tmp_path, chromium):
    kg = build(hostile_results())
    path = tmp_path / "h.html"
    write(kg, path, title=HOSTILE[1])
    status = _open(chromium, path)
    assert status["drawn_nodes"] == kg.graph.number_of_nodes()
    assert chromium.evaluate("document.documentElement.getAttribute('data-xss')") is None
    assert chromium.dialogs() == [] and chromium.exceptions() == []
    assert chromium.requests() == [path.as_uri()]
    assert chromium.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert chromium.evaluate("document.getElementById('kgraph-title').textContent") == HOSTILE[1]
    # tooltips are DOM elements holding plain text, not parsed HTML
    tips = chromium.evaluate(
        "nodes.get().map(function(n){return [n.title instanceof HTMLElement, n.title.children.length,"
        " n.title.textContent];})"
    )
    assert all(is_element and children == 0 for is_element, children, _ in tips)
    assert any("<img src=x onerror=" in text for *_, text in tips)
    # hovering a node shows its tooltip as text
    chromium.evaluate(
        "(function(){var id=nodes.getIds().filter(function(i){return i.indexOf('person:p1-img')===0;})[0];"
        "var p=network.canvasToDOM(network.getPositions([id])[id]); window._hover=p;})()"
    )
    x, y = chromium.evaluate("[window._hover.x, window._hover.y]")
    top = chromium.evaluate("document.getElementById('mynetwork').getBoundingClientRect().top")
    chromium.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y + top})
    tooltip = chromium.wait_for(
        "(function(){var t=document.querySelector('.vis-tooltip');"
        "return t && t.style.visibility !== 'hidden' && t.textContent ? t.textContent : null;})()",
        timeout=10,
    )
    assert "<img src=x onerror=" in tooltip
    assert chromium.evaluate("document.querySelector('.vis-tooltip img')") is None
    assert chromium.evaluate("document.documentElement.getAttribute('data-xss')") is None


@pytest.mark.slow
def test_browser_big_graph_freezes(tmp_path, chromium):
    import networkx as nx

    g = nx.MultiDiGraph()
    n = 1500
    for i in range(n):
        g.add_node(f"person:p{i}", kind=("person", "organization", "place")[i % 3], label=f"P {i}", aliases=[])
    for i in range(1, n):
        g.add_edge(f"person:p{i}", f"person:p{(i * 7) % i}", key=f"visited:{i}", kind="visited", date="2024-01-01")
    path = tmp_path / "big.html"
    write(g, path)
    status = _open(chromium, path)
    assert status["drawn_nodes"] == n and status["frozen"] is True and status["physics"] is False
    assert chromium.requests() == [path.as_uri()]
