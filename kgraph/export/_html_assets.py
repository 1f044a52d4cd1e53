"""The page's static assets: the CSS, the toolbar HTML and the JavaScript that :mod:`kgraph.export.html` inlines."""

PAGE_CSS = """
body { margin: 0; font: 14px system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; }
#kgraph-controls { display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; padding: 6px 10px;
  border-bottom: 1px solid #ddd; background: #fafafa; }
#kgraph-controls fieldset { border: 1px solid #ddd; border-radius: 4px; padding: 2px 8px; margin: 0; }
#kgraph-controls legend { font-size: 12px; color: #666; padding: 0 4px; }
#kgraph-controls label { margin-right: 10px; white-space: nowrap; cursor: pointer; }
#kgraph-title { font-weight: 600; }
#kgraph-note, #kgraph-info { color: #666; font-size: 12px; }
#kgraph-search { width: 18em; }
.kgraph-symbol { font-size: 16px; margin: 0 3px; vertical-align: -1px; }
.kgraph-line { display: inline-block; width: 22px; margin: 0 4px; vertical-align: middle; border-top: 3px solid; }
.kgraph-tip { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 440px; font-size: 12px; }
#mynetwork { float: none !important; border: 0 !important; }
"""

PAGE_BODY = """
<div id="kgraph-controls" role="toolbar">
  <span id="kgraph-title"></span>
  <input id="kgraph-search" type="search" list="kgraph-labels" placeholder="Search a name or alias"
    aria-label="Search nodes" autocomplete="off">
  <datalist id="kgraph-labels"></datalist>
  <button id="kgraph-reset" type="button">Reset</button>
  <span id="kgraph-info" aria-live="polite"></span>
  <fieldset id="kgraph-node-kinds"><legend>Nodes</legend></fieldset>
  <fieldset id="kgraph-edge-kinds"><legend>Edges</legend></fieldset>
  <span id="kgraph-note"></span>
</div>
<pre id="kgraph-status" hidden></pre>
"""

PAGE_JS = r"""
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("kgraph-config").textContent);
  var hiddenNodeKinds = {}, hiddenEdgeKinds = {};

  function tip(text) {
    var div = document.createElement("div");
    div.className = "kgraph-tip";
    div.textContent = text;
    return div;
  }

  var marks = {};
  window.kgraphMarks = marks;
  window.kgraphPrepare = function (nodes, edges) {
    marks.prepare = Math.round(performance.now());
    var nu = [], eu = [];
    nodes.forEach(function (n) { nu.push({id: n.id, title: tip(n.tip)}); });
    edges.forEach(function (e) { eu.push({id: e.id, title: tip(e.tip)}); });
    nodes.update(nu);
    edges.update(eu);
  };

  window.kgraphReady = function (network, nodes, edges) {
    marks.network = Math.round(performance.now());
    var status = document.getElementById("kgraph-status");
    var info = document.getElementById("kgraph-info");
    document.getElementById("kgraph-title").textContent = config.title;
    document.getElementById("kgraph-note").textContent = config.note;

    function report(stable) {
      var positions = network.getPositions();
      var state = {
        drawn_nodes: Object.keys(positions).length,
        nodes: nodes.length,
        edges: edges.length,
        stable: stable,
        physics: network.physics.physicsEnabled,
        ms: Math.round(performance.now()),
        marks: marks,
        resources: performance.getEntriesByType("resource").length,
        frozen: null
      };
      status.textContent = JSON.stringify(state);
      document.body.setAttribute("data-kgraph-stable", String(stable));
      setTimeout(function () {
        var later = network.getPositions(), moved = 0;
        Object.keys(positions).forEach(function (id) {
          if (!later[id] || Math.abs(later[id].x - positions[id].x) + Math.abs(later[id].y - positions[id].y) > 0.01) {
            moved += 1;
          }
        });
        state.frozen = moved === 0;
        state.moved = moved;
        status.textContent = JSON.stringify(state);
        document.body.setAttribute("data-kgraph-frozen", String(moved === 0));
      }, 1000);
    }

    network.on("stabilizationProgress", function (p) {
      if (!marks.firstProgress) {
        marks.firstProgress = Math.round(performance.now());
        marks.firstIterations = p.iterations;
      }
    });
    network.once("startStabilizing", function () { marks.startStabilizing = Math.round(performance.now()); });
    if (config.physics && nodes.length > 0) {
      network.once("stabilizationIterationsDone", function () {
        marks.stable = Math.round(performance.now());
        network.setOptions({physics: {enabled: false}});
        report(true);
      });
    } else {
      setTimeout(function () { report(true); }, 0);
    }

    function applyFilters() {
      var nu = [], eu = [];
      nodes.forEach(function (n) { nu.push({id: n.id, hidden: hiddenNodeKinds[n.kind] === true}); });
      edges.forEach(function (e) { eu.push({id: e.id, hidden: hiddenEdgeKinds[e.kind] === true}); });
      nodes.update(nu);
      edges.update(eu);
    }

    function legend(containerId, rows, hidden, isNode) {
      var box = document.getElementById(containerId);
      rows.forEach(function (row) {
        var label = document.createElement("label");
        var box2 = document.createElement("input");
        box2.type = "checkbox";
        box2.checked = true;
        box2.addEventListener("change", function () {
          hidden[row.kind] = !box2.checked;
          applyFilters();
        });
        var mark = document.createElement("span");
        if (isNode) {
          mark.className = "kgraph-symbol";
          mark.textContent = row.symbol;
          mark.style.color = row.color;
        } else {
          mark.className = "kgraph-line";
          mark.style.borderTopColor = row.color;
          mark.style.borderTopStyle = row.dashed ? "dashed" : "solid";
        }
        var text = document.createElement("span");
        text.textContent = row.kind + " (" + row.count + ")";
        label.appendChild(box2);
        label.appendChild(mark);
        label.appendChild(text);
        box.appendChild(label);
      });
    }
    legend("kgraph-node-kinds", config.nodeKinds, hiddenNodeKinds, true);
    legend("kgraph-edge-kinds", config.edgeKinds, hiddenEdgeKinds, false);

    var list = document.getElementById("kgraph-labels"), seen = {};
    nodes.forEach(function (n) {
      if (seen[n.label]) { return; }
      seen[n.label] = true;
      var option = document.createElement("option");
      option.value = n.label;
      list.appendChild(option);
    });

    var input = document.getElementById("kgraph-search");
    function search() {
      var q = input.value.trim().toLowerCase();
      if (!q) { network.unselectAll(); info.textContent = ""; return; }
      var hits = nodes.get({filter: function (n) { return n.search.indexOf(q) !== -1 && !n.hidden; }});
      if (!hits.length) { network.unselectAll(); info.textContent = "no match"; return; }
      hits.sort(function (a, b) {
        var ea = a.search.split("\n").indexOf(q) !== -1 ? 0 : 1, eb = b.search.split("\n").indexOf(q) !== -1 ? 0 : 1;
        return ea - eb || b.size - a.size;
      });
      network.selectNodes(hits.slice(0, 500).map(function (n) { return n.id; }));
      network.focus(hits[0].id, {scale: 1.2, animation: false});
      info.textContent = hits.length === 1 ? "1 match" : hits.length + " matches";
    }
    input.addEventListener("change", search);
    input.addEventListener("keydown", function (event) { if (event.key === "Enter") { search(); } });
    document.getElementById("kgraph-reset").addEventListener("click", function () {
      input.value = "";
      info.textContent = "";
      network.unselectAll();
      network.fit({animation: false});
    });
  };
})();
"""
