"""Extend mode: a user's catalog folder that adds books, edges and goals to the bundled one.

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

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from .catalog import (
    Catalog,
    _check_books,
    _check_edges,
    _check_goals,
    _check_starting_points,
    _Collector,
    _paces,
    _read,
    _validate,
)
from .errors import CatalogError, UsageError
from .models import Book, BooksFile, Edge, Goal, GoalsFile, PrereqsFile
from .resources import bundled_catalog_dir
from .yamlio import LineFinder, YamlDoc, YamlProblem, keep, read_yaml

FILES = ("books.yaml", "prereqs.yaml", "goals.yaml")


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


def load_extension(directory: Path | None) -> Catalog:
    """The bundled catalog with the books, edges and goals of ``directory`` added.

    Raises :class:`UsageError` when there is no such folder (or none was given) and
    :class:`CatalogError` listing every problem of the user's files.
    """
    if directory is None:
        raise UsageError("--extend needs --catalog DIR: the folder whose books, prerequisites and goals to add")
    if not directory.is_dir():
        what = "does not exist" if not directory.exists() else "is not a folder"
        raise UsageError(f"the catalog folder '{directory}' {what}")
    if not any((directory / file).exists() for file in FILES):
        raise UsageError(f"the catalog folder '{directory}' has none of {', '.join(FILES)}")

    from .catalog import load_catalog

    base = load_catalog()
    out = _Collector()
    lines = _BundledLines()
    books_doc = _read(directory / "books.yaml", str(directory / "books.yaml"), out, required=False)
    prereqs_doc = _read(directory / "prereqs.yaml", str(directory / "prereqs.yaml"), out, required=False)
    goals_doc = _read(directory / "goals.yaml", str(directory / "goals.yaml"), out, required=False)
    books_part = _validate(books_doc, BooksFile, "books", Book, out)
    prereqs_part = _validate(prereqs_doc, PrereqsFile, "prereqs", Edge, out)
    goals_part = _validate(goals_doc, GoalsFile, "goals", Goal, out)

    wrote_paces = books_doc is not None and isinstance(books_doc.data, dict) and "paces" in books_doc.data
    paces = {**base.paces, **(_paces(books_part) if wrote_paces else {})}
    own = _check_books(books_doc, books_part.items, paces, out)

    # Clashes with the bundled ids: the user's book is dropped, its references still resolve.
    bundled_books = {b.casefold(): (i, b) for i, b in enumerate(base.books)}
    bundled_goals = {g.casefold(): (i, g) for i, g in enumerate(base.goals)}
    file_index = _first_index(books_part.items)
    books = dict(base.books)
    for book_id, entry in own.items():
        path = ("books", file_index[book_id], "id")
        clash = bundled_books.get(book_id.casefold())
        if clash is not None:
            where = lines.where("books.yaml", ("books", clash[0], "id"))
            out.add(books_doc, path, f"book '{book_id}'", f"id: {_clash(book_id, clash[1], 'book', where)}")
            continue
        goal = bundled_goals.get(book_id.casefold())
        if goal is not None:
            where = lines.where("goals.yaml", ("goals", goal[0], "id"))
            out.add(
                books_doc,
                path,
                f"book '{book_id}'",
                f"id: '{book_id}' is a goal of the bundled catalog ({where}); goal and book ids must differ",
            )
        books[book_id] = dataclasses.replace(entry, index=len(books))

    if books_doc is None:
        skip: set[str] = set()
    else:
        skip = books_part.broken if books_part.usable else books_part.broken | {"*"}
    edges = _check_edges(prereqs_doc, _new_edges(prereqs_part.items, base, prereqs_doc, out, lines), books, skip, out)
    _check_cycles(base, edges, prereqs_part.items, prereqs_doc, out)

    goals = dict(base.goals)
    goal_index = _first_index(goals_part.items)
    starts = {**base.starting_points, **_check_starting_points(goals_doc, goals_part, books, skip, out)}
    for goal_id, goal_value in _check_goals(goals_doc, goals_part.items, books, skip, out, starts).items():
        clash = bundled_goals.get(goal_id.casefold())
        if clash is not None:
            where = lines.where("goals.yaml", ("goals", clash[0], "id"))
            out.add(
                goals_doc,
                ("goals", goal_index[goal_id], "id"),
                f"goal '{goal_id}'",
                f"id: {_clash(goal_id, clash[1], 'goal', where)}",
            )
            continue
        goals[goal_id] = goal_value

    problems = out.resolve()
    if problems:
        raise CatalogError(problems)
    keep((books_doc, prereqs_doc, goals_doc))
    return Catalog(
        books=books,
        edges=(*base.edges, *edges),
        goals=goals,
        paces=paces,
        origin=f"bundled + {directory}",
        starting_points=starts,
    )


def _clash(wanted: str, existing: str, kind: str, where: str) -> str:
    if wanted == existing:
        return f"'{wanted}' is already a {kind} of the bundled catalog ({where})"
    return f"'{wanted}' differs only in case from the bundled {kind} '{existing}' ({where})"


def _first_index(items: Iterable[tuple[int, Book | Goal]]) -> dict[str, int]:
    first: dict[str, int] = {}
    for index, item in items:
        first.setdefault(item.id, index)
    return first


def _new_edges(
    items: list[tuple[int, Edge]], base: Catalog, doc: YamlDoc | None, out: _Collector, lines: _BundledLines
) -> list[tuple[int, Edge]]:
    """The user's edges minus those the bundled catalog already has (each reported)."""
    known = {(e.before, e.after): i for i, e in enumerate(base.edges) if not e.is_group}
    kept = []
    for index, edge in items:
        pair = (edge.before, edge.after)
        if not edge.is_group and pair in known:
            where = lines.where("prereqs.yaml", ("prereqs", known[pair]))
            out.add(
                doc,
                ("prereqs", index),
                f"prereqs[{index}] ({edge.before} -> {edge.after})",
                f"duplicate edge: the bundled catalog already links these books ({where})",
            )
            continue
        kept.append((index, edge))
    return kept


def _check_cycles(
    base: Catalog, edges: list[Edge], items: list[tuple[int, Edge]], doc: YamlDoc | None, out: _Collector
) -> None:
    """Report cycles that the user's edges close through bundled ones.

    Cycles among the user's edges alone were reported already by ``_check_edges``.
    """
    import networkx as nx

    own = nx.DiGraph()
    own.add_edges_from(_pairs(edges))
    if not nx.is_directed_acyclic_graph(own):
        return
    graph = nx.DiGraph()
    graph.add_edges_from(_pairs(base.edges))
    graph.add_edges_from(own.edges)
    if nx.is_directed_acyclic_graph(graph):
        return
    where = {pair: i for i, e in reversed(items) for pair in _pairs([e])}
    for component in sorted(nx.strongly_connected_components(graph), key=min):
        if len(component) < 2:
            continue
        cycle = nx.find_cycle(graph.subgraph(component), source=min(component))
        path_text = " -> ".join([str(u) for u, _ in cycle] + [str(cycle[0][0])])
        first = min((where[(u, v)] for u, v in cycle if (u, v) in where), default=0)
        out.add(doc, ("prereqs", first), "prereqs", f"cycle: {path_text}")


def _pairs(edges: Iterable[Edge]) -> list[tuple[str, str]]:
    """(before, after) for every alternative of every edge."""
    return [(c.book, e.after) for e in edges for c in e.choices]
