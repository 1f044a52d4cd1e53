"""Write ``quickstart.ipynb`` and ``analysis.ipynb`` (outputs cleared) from the cells below.

Edit the cells here, not the notebooks, then run ``python notebooks/make_notebooks.py``;
``tests/test_notebooks.py`` checks that the committed notebooks match this script and that they run.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

SETUP = '''\
import os
from pathlib import Path

import kgraph

# Run from the repository or from notebooks/: find the folder that holds data/.
ROOT = Path.cwd() if (Path.cwd() / "data").is_dir() else Path.cwd().parent
OUT = Path(os.environ.get("KGRAPH_OUT", ROOT / "kgraph-out"))
OUT.mkdir(parents=True, exist_ok=True)'''

QUICKSTART = [
    ("md", """\
# kgraph quickstart

Build a knowledge graph from the sample articles in `data/`, ask it who visited what, which topics link
organisations and how two entities are connected, draw it, and export it for Gephi.

The same questions work from the shell: `kgraph build data/` then `kgraph query visitors Baidu`
(see `docs/queries.md`)."""),
    ("code", SETUP),
    ("md", """\
## Build

`kgraph.build` reads files and folders of `.txt`, `.html`, `.json` and `.jsonl` articles, extracts people,
organisations, facilities, places, visits and topics, and merges everything into one `KnowledgeGraph`.
The networkx graph itself is `kg.graph`."""),
    ("code", """\
kg = kgraph.build([ROOT / "data"])
kg"""),
    ("code", """\
summary = kg.stats(top=10)
print(summary.node_kinds)
print(summary.edge_kinds)
summary.top"""),
    ("md", """\
## Ask questions

Names match a node id, a label or an alias, case-insensitively. Change these two to explore other entities."""),
    ("code", """\
PERSON = "Li Qiang"
ORGANISATION = "Baidu"
OTHER = "Naura Technology Group"
kg.visits()"""),
    ("md", "Who visited the organisation? (`kgraph query visitors Baidu`)"),
    ("code", "kg.visitors(ORGANISATION)"),
    ("md", "Where did the person go? Aliases such as *Premier Li* work too. (`kgraph query visited \"Li Qiang\"`)"),
    ("code", "kg.visited(PERSON.upper())"),
    ("md", """\
Filters combine: by visitor, target, the place where the visit happened, and dates. `since` and `until` take
a year, a month or a day; a visit without its own date counts at its article's publication date (the sample
article carries neither, so a date filter finds nothing here)."""),
    ("code", 'kg.visits(visitor=PERSON, location="Beijing")'),
    ("code", 'kg.visits(visitor=PERSON, since="2023", until="2023")'),
    ("md", "What is the organisation about, and who else is linked to its main topic?"),
    ("code", """\
org_topics = kg.topics(ORGANISATION)
org_topics"""),
    ("code", """\
if not org_topics.empty:
    display(kg.sharing_topic(org_topics["topic"].iloc[0]))"""),
    ("md", "Which organisations share themes? (`kgraph query theme-pairs`)"),
    ("code", "kg.topic_pairs(kind=[\"organization\", \"facility\"])"),
    ("md", """\
How are two entities connected? The path ignores edge direction; `exclude_kinds=["article"]` leaves out
"mentioned in the same article"."""),
    ("code", """\
from kgraph.query import path_text

steps = kg.path(ORGANISATION, OTHER, exclude_kinds=["article"])
print(path_text(steps) or "not connected")
steps"""),
    ("code", "kg.neighbours(ORGANISATION)"),
    ("md", "An unknown name raises `kgraph.UnknownEntity` with the closest matches:"),
    ("code", """\
try:
    kg.visitors("Biadu")
except kgraph.UnknownEntity as err:
    print(err)"""),
    ("md", """\
## Draw

`kgraph.export.html.show` draws a graph inline (an offline vis-network page). Here: the person's
neighbourhood, two steps out."""),
    ("code", """\
from kgraph.export.html import show

show(kg.neighbourhood(PERSON, radius=2).graph, height="500px")"""),
    ("md", """\
## Save and export

`save` picks the format from the suffix: `.json` (node-link, lossless, what the CLI reads), `.graphml` and
`.gexf` for Gephi, `.html` for the interactive page."""),
    ("code", """\
kg.save(OUT / "graph.json")
kg.save(OUT / "graph.gexf")  # File > Open in Gephi
kg.save(OUT / "graph.html")
again = kgraph.KnowledgeGraph.load(OUT / "graph.json")
assert sorted(again.graph.nodes) == sorted(kg.graph.nodes)
sorted(p.name for p in OUT.iterdir())"""),
    ("md", "Everything is also a pandas table:"),
    ("code", """\
kg.nodes().head()"""),
    ("code", """\
kg.edges(kind="visited")"""),
]

ANALYSIS = [
    ("md", """\
# kgraph analysis

A timeline of visits, the most visited organisations and a topic co-occurrence map, with pandas and
matplotlib (Agg backend: every figure is also written to `kgraph-out/`)."""),
    ("code", SETUP + '''

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Image, display


def show_figure(fig, name):
    path = OUT / name
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
    display(Image(filename=str(path)))'''),
    ("code", """\
kg = kgraph.build([ROOT / "data"])
visits = kg.visits()
print(kg)
visits[["date", "visitor", "target", "target_kind", "location", "sources"]]"""),
    ("md", """\
## Timeline of visits

One point per visit, at its date (or, when the article does not say, its publication date); the label is
the place or organisation visited."""),
    ("code", """\
timeline = visits.assign(when=visits["date"].fillna(visits["published"])).dropna(subset=["when"])
fig, ax = plt.subplots(figsize=(9, 1 + 0.5 * max(timeline["visitor"].nunique(), 1)))
people = sorted(timeline["visitor"].unique())
for i, row in enumerate(timeline.itertuples()):
    y = people.index(row.visitor)
    ax.scatter(row.when, y, s=40 * row.sources, color="tab:blue")  # bigger when more articles report it
    ax.annotate(row.target, (row.when, y), xytext=(4, 4 + 9 * (i % 3)), textcoords="offset points", fontsize=8)
ax.set_yticks(range(len(people)), people)
ax.set_title(f"{len(timeline)} dated visits")
if timeline.empty:
    ax.text(0.5, 0.5, "no dated visits in this corpus", ha="center", va="center", transform=ax.transAxes)
fig.autofmt_xdate()
show_figure(fig, "timeline.png")"""),
    ("md", "## Most visited organisations"),
    ("code", """\
orgs = visits[visits["target_kind"].isin(["organization", "facility"])]
ranking = (
    orgs.groupby("target")
    .agg(visitors=("visitor_id", "nunique"), reports=("sources", "sum"))
    .sort_values(["visitors", "reports"], ascending=False)
    .head(15)
)
fig, ax = plt.subplots(figsize=(8, 1 + 0.4 * max(len(ranking), 1)))
ax.barh(ranking.index[::-1], ranking["visitors"][::-1], color="tab:orange")
ax.set_xlabel("distinct visitors")
ax.set_title("Most visited organisations")
show_figure(fig, "most_visited.png")
ranking"""),
    ("md", """\
## Topic co-occurrence

How many entities carry both of two topics (``theme`` edges; the diagonal: how many entities carry each).
The same table by article is `pd.crosstab(mentions["article"], mentions["target_label"])` on the topic
mentions of `kg.edges(kind="mentions")`."""),
    ("code", """\
themes = kg.edges(kind="theme")
by_entity = pd.crosstab(themes["source_label"], themes["target_label"]).clip(upper=1)
cooccurrence = by_entity.T @ by_entity
fig, ax = plt.subplots(figsize=(1 + 0.5 * len(cooccurrence), 0.5 + 0.45 * len(cooccurrence)))
if cooccurrence.empty:
    ax.text(0.5, 0.5, "no topics", ha="center")
else:
    counts = cooccurrence.to_numpy()
    image = ax.imshow(counts, cmap="Blues", vmin=0)
    for (i, j), count in pd.DataFrame(counts).stack().items():
        ax.text(j, i, count, ha="center", va="center", color="white" if count > counts.max() / 2 else "black")
    ax.set_xticks(range(len(cooccurrence)), cooccurrence.columns, rotation=45, ha="right")
    ax.set_yticks(range(len(cooccurrence)), cooccurrence.index)
    fig.colorbar(image, ax=ax, label="entities")
ax.set_title("Topic co-occurrence")
show_figure(fig, "topic_cooccurrence.png")
cooccurrence"""),
    ("md", "## Organisations that share themes"),
    ("code", "kg.topic_pairs(kind=[\"organization\", \"facility\"]).head(20)"),
    ("md", "## The best connected entities"),
    ("code", "kg.stats(top=15).top"),
]


def notebook(cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """A notebook with stable cell ids and no outputs."""
    made = []
    for i, (kind, source) in enumerate(cells):
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell["id"] = f"cell-{i:02d}"
        made.append(cell)
    nb = new_notebook(cells=made)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


NOTEBOOKS = {"quickstart.ipynb": QUICKSTART, "analysis.ipynb": ANALYSIS}


def render() -> dict[str, str]:
    """File name -> notebook JSON text."""
    return {name: nbformat.writes(notebook(cells)) + "\n" for name, cells in NOTEBOOKS.items()}


def main() -> int:
    for name, text in render().items():
        (HERE / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
