"""The floor for `plan --json` on a catalog: what any implementation must at least do.

Parse the catalog's three files with libyaml (``yaml.CSafeLoader``) and sort the same
prerequisite graph with ``networkx.topological_sort``; nothing else. run.py times this in
a fresh process, side by side with ``curriculum plan``.

Usage::

    .venv/bin/python benchmarks/floor.py benchmarks/_work/10000
"""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx
import yaml


def main() -> None:
    folder = Path(sys.argv[1])
    data = {}
    for name in ("books", "prereqs", "goals"):
        with open(folder / f"{name}.yaml", encoding="utf-8") as file:
            data[name] = yaml.load(file, Loader=yaml.CSafeLoader)
    graph = nx.DiGraph()
    graph.add_nodes_from(book["id"] for book in data["books"]["books"])
    graph.add_edges_from((edge["before"], edge["after"]) for edge in data["prereqs"]["prereqs"])
    order = list(nx.topological_sort(graph))
    print(len(order))


if __name__ == "__main__":
    main()
