"""Extend mode: the rules that a user's folder of additions to the bundled catalog adds to the
load pipeline (:mod:`.load`).

Every file of the folder is optional (a folder may hold only a ``prereqs.yaml`` that adds
edges between bundled books). The user's files get the same validation as a catalog of
their own, against the bundled books and the user's together, plus these rules:

* a book or goal id already used by the bundled catalog (in any letter case) is an error
  that names both files, and so is an edge the bundled catalog already has;
* a cycle formed together with the bundled edges is reported in the user's prereqs.yaml;
* ``paces`` given by the user add kinds to the bundled paces, or change them, for the
  user's books only: the bundled books keep their estimates.

Problems are reported with the user's file names, every one at once.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from ..digraph import scratch_digraph
from ..resources import bundled_catalog_dir
from .checks import edge_name
from .messages import cycles
from .model import Catalog, Entry
from .problems import FileProblems
from .records import Book, Edge, Goal, StartingPoint
from .yamlio import LineFinder, YamlProblem, read_yaml


class Extension:
    """The bundled catalog as the base of an extension, and the rules against it."""

    def __init__(self, base: Catalog) -> None:
        self.base = base
        self._lines = _BundledLines()
        self._books = {b.casefold(): (i, b) for i, b in enumerate(base.books)}
        self._goals = {g.casefold(): (i, g) for i, g in enumerate(base.goals)}

    def paces(self, written: dict[str, float] | None) -> dict[str, float]:
        """The bundled paces, with the user's added or changed."""
        return {**self.base.paces, **(written or {})}

    def add_books(
        self, own: dict[str, Entry], items: Iterable[tuple[int, Book]], problems: FileProblems
    ) -> dict[str, Entry]:
        """The bundled books and then the user's. A user's book whose id the bundled catalog
        already uses is reported and dropped: references to the id still resolve."""
        index = _first_index(items)
        books = dict(self.base.books)
        for book_id, entry in own.items():
            where = ("books", index[book_id], "id")
            clash = self._books.get(book_id.casefold())
            if clash is not None:
                there = self._lines.where("books.yaml", ("books", clash[0], "id"))
                problems.add(where, f"book '{book_id}'", f"id: {_clash(book_id, clash[1], 'book', there)}")
                continue
            goal = self._goals.get(book_id.casefold())
            if goal is not None:
                there = self._lines.where("goals.yaml", ("goals", goal[0], "id"))
                problems.add(
                    where,
                    f"book '{book_id}'",
                    f"id: '{book_id}' is a goal of the bundled catalog ({there}); goal and book ids must differ",
                )
            books[book_id] = msgspec.structs.replace(entry, index=len(books))
        return books

    def new_edges(self, items: list[tuple[int, Edge]], problems: FileProblems) -> list[tuple[int, Edge]]:
        """The user's edges minus those the bundled catalog already has (each reported)."""
        known = {(e.before, e.after): i for i, e in enumerate(self.base.edges) if not e.is_group}
        kept = []
        for index, edge in items:
            pair = (edge.before, edge.after)
            if not edge.is_group and pair in known:
                there = self._lines.where("prereqs.yaml", ("prereqs", known[pair]))
                problems.add(
                    ("prereqs", index),
                    edge_name(index, edge),
                    f"duplicate edge: the bundled catalog already links these books ({there})",
                )
                continue
            kept.append((index, edge))
        return kept

    def check_cycles(self, edges: list[Edge], items: list[tuple[int, Edge]], problems: FileProblems) -> None:
        """Report the cycles that the user's sound ``edges`` close through bundled ones.

        Cycles among the user's edges alone were reported already (by :func:`.checks.check_edges`).
        """
        import networkx as nx

        with scratch_digraph() as own, scratch_digraph() as graph:
            own.add_edges_from(_pairs(edges))
            if not nx.is_directed_acyclic_graph(own):
                return
            graph.add_edges_from(_pairs(self.base.edges))
            graph.add_edges_from(own.edges)
            first = {pair: i for i, e in reversed(items) for pair in _pairs([e])}
            for cycle, text in cycles(graph):
                index = min((first[pair] for pair in cycle if pair in first), default=0)
                problems.add(("prereqs", index), "prereqs", f"cycle: {text}")

    def edges(self, own: list[Edge]) -> tuple[Edge, ...]:
        return (*self.base.edges, *own)

    def starting_points(self, own: dict[str, StartingPoint]) -> dict[str, StartingPoint]:
        return {**self.base.starting_points, **own}

    def add_goals(
        self, own: dict[str, Goal], items: Iterable[tuple[int, Goal]], problems: FileProblems
    ) -> dict[str, Goal]:
        """The bundled goals and then the user's; one whose id the bundled catalog uses is reported."""
        index = _first_index(items)
        goals = dict(self.base.goals)
        for goal_id, goal in own.items():
            clash = self._goals.get(goal_id.casefold())
            if clash is not None:
                there = self._lines.where("goals.yaml", ("goals", clash[0], "id"))
                problems.add(
                    ("goals", index[goal_id], "id"),
                    f"goal '{goal_id}'",
                    f"id: {_clash(goal_id, clash[1], 'goal', there)}",
                )
                continue
            goals[goal_id] = goal
        return goals


class _BundledLines:
    """Finds where an entry of the bundled catalog is written, read only when a clash needs it."""

    def __init__(self) -> None:
        self._finders: dict[str, LineFinder | None] = {}

    def where(self, file: str, path: tuple[str | int, ...]) -> str:
        name = f"catalog/{file}"
        if file not in self._finders:
            try:
                self._finders[file] = LineFinder(read_yaml(bundled_catalog_dir() / file, name))
            except YamlProblem:
                self._finders[file] = None
        finder = self._finders[file]
        line = finder(path) if finder is not None else None
        return f"{name}:{line}" if line else name


def _clash(wanted: str, existing: str, kind: str, where: str) -> str:
    if wanted == existing:
        return f"'{wanted}' is already a {kind} of the bundled catalog ({where})"
    return f"'{wanted}' differs only in case from the bundled {kind} '{existing}' ({where})"


def _first_index(items: Iterable[tuple[int, Book | Goal]]) -> dict[str, int]:
    first: dict[str, int] = {}
    for index, item in items:
        first.setdefault(item.id, index)
    return first


def _pairs(edges: Iterable[Edge]) -> list[tuple[str, str]]:
    """(before, after) for every alternative of every edge."""
    return [(c.book, e.after) for e in edges for c in e.choices]
