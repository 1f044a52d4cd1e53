"""Check kgraph's import graph: print every import cycle and every private name imported across modules.

Usage: ``python scripts/check_imports.py [PACKAGE_DIR]`` (default ``kgraph``). Exit status 1 if there is a cycle
or a cross-module private import, 0 otherwise.

Every ``import``/``from ... import`` of a kgraph module counts, wherever it is written (inside a function too: a
lazy import hides a cycle, it does not remove it); imports under ``if TYPE_CHECKING:`` do not, since they never
run. Cycles are the strongly connected components of the module graph (networkx), each printed as one line.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import networkx as nx


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, *([target] if target else [])])


def scan(root: Path) -> tuple[nx.DiGraph, list[str]]:
    """The import graph of the package at ``root`` and the cross-module private imports found on the way."""
    graph: nx.DiGraph = nx.DiGraph()
    private: list[str] = []
    files = sorted(root.rglob("*.py"))
    modules = {module_name(path, root) for path in files}
    package = root.name
    for path in files:
        module = module_name(path, root)
        graph.add_node(module)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [(alias.name, None) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, path.name == "__init__.py", node.level, node.module)
                targets = [(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base, alias.name)
                           for alias in node.names]
            else:
                continue
            if _type_checking_only(node, parents):
                continue
            for target, name in targets:
                if target != package and not target.startswith(package + "."):
                    continue
                while target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target != module:
                    graph.add_edge(module, target)
                if name and name.startswith("_") and not name.startswith("__") and target != module:
                    private.append(f"{path}:{node.lineno}: {module} imports {name} from {target}")
    return graph, private


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else "kgraph").resolve()
    graph, private = scan(root)
    cycles = sorted(sorted(c) for c in nx.strongly_connected_components(graph) if len(c) > 1)
    for cycle in cycles:
        print("cycle: " + " -> ".join(cycle))
    for line in private:
        print("private import: " + line)
    print(f"{graph.number_of_nodes()} modules, {len(cycles)} import cycles, {len(private)} private imports")
    return 1 if cycles or private else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
