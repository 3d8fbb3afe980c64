"""The prerequisite DAG: which books (and chapters) a goal needs, and in what order.

The reading-order rule lives in :func:`reading_order`.

A networkx graph refers to itself (through its cached views), so one that is dropped is freed
only by the cyclic garbage collector, which the command line holds back on large catalogs:
graphs made for a moment are emptied with ``clear()`` when done, which frees their node and
edge dicts at once (about 100 MB at 100k books).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .catalog import Catalog
from .models import Goal

if TYPE_CHECKING:
    import networkx as nx

Selection = dict[str, frozenset[int]]
"""For each planned book, the indexes of its planned chapters (units)."""


@dataclass(frozen=True, slots=True)
class Requirement:
    """An edge of the plan: ``after`` starts only once these chapters of ``before`` are read."""

    before: str
    after: str
    units: frozenset[int] | None
    """Chapter indexes of ``before``; None means every planned chapter of it."""
    reason: str


def goal_targets(catalog: Catalog, goals: Iterable[Goal]) -> list[tuple[str, frozenset[int] | None]]:
    """The (book, chapter indexes) pairs the goals target; None means the whole book."""
    return [
        (t.book, catalog.books[t.book].unit_indexes(t.chapters) if t.chapters else None)
        for goal in goals
        for t in goal.targets
    ]


def build_graph(catalog: Catalog, *, optional: bool = False) -> nx.DiGraph:
    """Books as nodes (catalog order), recommended edges (and optional ones if asked)."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(catalog.books)
    for edge in catalog.edges:
        if optional or edge.strength == "recommended":
            graph.add_edge(edge.before, edge.after, edge=edge)
    return graph


def closure(
    catalog: Catalog,
    graph: nx.DiGraph,
    targets: Iterable[tuple[str, frozenset[int] | None]],
    *,
    whole_books: bool = False,
    done: Mapping[str, frozenset[int]] | None = None,
) -> tuple[Selection, list[Requirement]]:
    """The targets plus every prerequisite, each book once with the union of chapters needed.

    A target or edge with chapters pulls in only those chapters (all of them with
    ``whole_books``). Chapters in ``done`` are not planned, and a book with nothing left to
    read pulls in no prerequisites. Returns the selection and the edges still to respect.
    """
    done = done or {}
    nothing: frozenset[int] = frozenset()
    everything = {b: frozenset(range(len(e.units))) for b, e in catalog.books.items()}
    needed: dict[str, set[int]] = {}
    for book, units in targets:
        chosen = everything[book] if units is None or whole_books else units
        needed.setdefault(book, set()).update(chosen)

    # Every ancestor of a target, found with one walk up the graph.
    seen = set(needed)
    stack = list(needed)
    while stack:
        node = stack.pop()
        for pred in graph.pred[node]:
            if pred not in seen:
                seen.add(pred)
                stack.append(pred)

    edges: list[tuple[str, str, frozenset[int] | None, str]] = []
    # Successors first, so a book's chapter set is complete before its own prerequisites are added.
    for node in _reverse_topological(graph, seen):
        if not needed.get(node, set()) - done.get(node, nothing):
            continue
        for pred, data in graph.pred[node].items():
            edge = data["edge"]
            units = None if whole_books or not edge.chapters else catalog.books[pred].unit_indexes(edge.chapters)
            needed.setdefault(pred, set()).update(everything[pred] if units is None else units)
            edges.append((pred, node, units, edge.reason))
    order = {b: i for i, b in enumerate(catalog.books)}
    selection = {
        b: frozenset(needed[b] - done.get(b, nothing))
        for b in sorted(needed, key=order.__getitem__)
        if needed[b] - done.get(b, nothing)
    }
    requirements = [
        Requirement(before, after, None if units is None else units - done.get(before, nothing), reason)
        for before, after, units, reason in edges
        if before in selection and (units is None or units - done.get(before, nothing))
    ]
    requirements.sort(key=lambda r: (order[r.after], order[r.before]))
    return selection, requirements


def _reverse_topological(graph: nx.DiGraph, nodes: set[str]) -> list[str]:
    """``nodes`` (closed under predecessors) with every node before its predecessors.

    Kahn's algorithm on the successors within ``nodes``, walking the graph's adjacency
    directly: a networkx subgraph view costs several times more on large catalogs.
    """
    succ = graph.succ
    pending = {n: sum(1 for s in succ[n] if s in nodes) for n in nodes}
    stack = [n for n, count in pending.items() if not count]
    out = []
    while stack:
        node = stack.pop()
        out.append(node)
        for pred in graph.pred[node]:
            pending[pred] -= 1
            if not pending[pred]:
                stack.append(pred)
    return out


def reading_order(catalog: Catalog, selection: Selection, requirements: Iterable[Requirement]) -> list[str]:
    """A topological order of the selected books, with a fixed tie-break.

    Among books whose prerequisites are all placed, the one heading the longest remaining
    chain of reading (its own planned hours plus the longest chain of hours that depends on
    it) comes first; equal chains go in catalog order. The same input always gives the
    same order, and a book's chapters are always read together, in book order.
    """
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(selection)
    graph.add_edges_from((r.before, r.after) for r in requirements)
    minutes = planned_minutes(catalog, selection)
    chain: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(graph))):
        chain[node] = minutes[node] + max((chain[s] for s in graph.successors(node)), default=0)
    index = {b: e.index for b, e in catalog.books.items()}
    order = list(nx.lexicographical_topological_sort(graph, key=lambda n: (-chain[n], index[n])))
    graph.clear()  # see the note at the top
    return order


def planned_minutes(catalog: Catalog, selection: Mapping[str, frozenset[int]]) -> dict[str, int]:
    """Minutes of the selected chapters of each selected book."""
    return {b: sum(catalog.books[b].units[i].minutes for i in units) for b, units in selection.items()}
