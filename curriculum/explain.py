"""What `curriculum show` and `curriculum why` tell about one book, as plain data.

:func:`book_facts` gathers a book's facts, chapters, prerequisites and what it unlocks;
:func:`why_needed` finds the prerequisite chains that lead from a book to a goal's targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalog import Catalog, Choice, Edge, Entry, Goal
from .catalog.hours import hours
from .digraph import scratch_digraph
from .errors import UnknownIdError
from .graph import Made, planned_minutes, select
from .order import RULE

MAX_CHAINS = 20
"""Chains shown by default: a concept graph can hold millions of them."""


def find_book(catalog: Catalog, book: str) -> Entry:
    """The catalog entry of ``book``; an unknown id suggests close ones."""
    if book not in catalog.books:
        raise UnknownIdError("book", book, list(catalog.books))
    return catalog.books[book]


def _edge_row(catalog: Catalog, edge: Edge, other: str, chapters: list[str]) -> dict[str, Any]:
    row = {
        "book": other,
        "title": catalog.books[other].book.title,
        "chapters": chapters,
        "after_chapters": list(edge.after_chapters),
        "reason": edge.reason,
        "strength": edge.strength,
    }
    if edge.is_group:
        row["any_of"] = [c.book for c in edge.choices]
    return row


def _choice_rows(catalog: Catalog, book_id: str, into: bool) -> list[dict[str, Any]]:
    rows = []
    for edge in catalog.edges:
        for choice in edge.choices:
            if into and edge.after == book_id:
                rows.append(_edge_row(catalog, edge, choice.book, list(choice.chapters)))
            elif not into and choice.book == book_id:
                rows.append(_edge_row(catalog, edge, edge.after, list(choice.chapters)))
    return rows


def _chapter_basis(entry: Entry) -> str:
    """How the chapters' hours were found, in words (see curriculum/catalog/hours.py)."""
    from .catalog.hours import chapter_pages

    book = entry.book
    if not book.chapters:
        return ""
    own = sum(1 for c in book.chapters if c.hours is not None)
    if own == len(book.chapters):
        return "each chapter's own estimate"
    if own:
        return "each chapter's own estimate where given, the rest of the book's shared evenly"
    pages = chapter_pages(book)
    if all(p is not None for p in pages):
        return "shared by the table of contents' page numbers"
    if any(p is not None for p in pages):
        return "shared by page numbers where the table of contents gives them, evenly elsewhere"
    return "an even split: the table of contents gives no page numbers"


def _targets_of(goal: Goal, book_id: str) -> list[Choice]:
    return [c for t in goal.targets for c in t.choices if c.book == book_id]


def book_facts(catalog: Catalog, book_id: str) -> dict[str, Any]:
    """Everything the catalog knows about one book, JSON-ready.

    ``prerequisites`` are the edges into the book (``chapters``: of the prerequisite);
    ``unlocks`` the edges out of it (``chapters``: of this book, that the other needs);
    ``goals`` the goals that target it (``chapters``: empty for the whole book).
    """
    entry = find_book(catalog, book_id)
    book = entry.book
    return {
        "id": book.id,
        "title": book.title,
        "subtitle": book.subtitle,
        "authors": list(book.authors),
        "edition": book.edition,
        "year": book.year,
        "publisher": book.publisher,
        "pages": book.pages,
        "isbn13": book.isbn13,
        "url": book.url,
        "free_url": book.free_url,
        "kind": book.kind,
        "pace": catalog.paces.get(book.kind),
        "hours": hours(entry.minutes),
        "hours_note": book.hours_note,
        "chapter_hours": _chapter_basis(entry),
        "notes": book.notes,
        "chapters": [
            {
                "number": unit.number,
                "title": unit.title,
                "part": chapter.part,
                "pages": chapter.pages,
                "page": chapter.page,
                "hours": hours(unit.minutes),
                "skip": chapter.skip,
            }
            for unit, chapter in zip(entry.units, book.chapters, strict=False)
        ],
        "prerequisites": _choice_rows(catalog, book_id, into=True),
        "unlocks": _choice_rows(catalog, book_id, into=False),
        "goals": [
            {"id": goal.id, "title": goal.title, "chapters": list(target.chapters)}
            for goal in catalog.goals.values()
            for target in _targets_of(goal, book_id)
        ],
        "sources": list(book.sources),
        "unverified": list(book.unverified),
    }


@dataclass(frozen=True)
class Step:
    """One edge of a chain: ``after`` needs these chapters of ``before`` (empty: all of it)."""

    before: str
    after: str
    chapters: str
    reason: str
    strength: str


@dataclass(frozen=True)
class Chain:
    """A path of prerequisite edges from the book to one of the goal's targets."""

    books: tuple[str, ...]
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Why:
    """Why a book is in the plan of some goals, or that it is not."""

    book: str
    goals: tuple[Goal, ...]
    needed: bool
    needed_with_optional: bool
    """Not needed, but it would be with the optional prerequisites planned."""
    target: str | None
    """The book is itself a target: '' for the whole book, else the chapters targeted."""
    chains: tuple[Chain, ...]
    chains_total: int
    minutes: int
    """Minutes of the book's planned chapters."""
    chapters: str
    """The planned chapters ('' when the whole book is planned, or it has no chapter list)."""
    choices: tuple[Made, ...] = ()
    """Choices among alternatives that picked this book, or passed it over."""
    rule: str = RULE
    """The reading-order rule, in one sentence."""


def why_needed(
    catalog: Catalog,
    book: str,
    goals: tuple[Goal, ...],
    *,
    optional: bool = False,
    whole_books: bool = False,
    prefer: tuple[str, ...] = (),
    limit: int = MAX_CHAINS,
) -> Why:
    """The chains of prerequisites from ``book`` to the goals' targets, shortest first.

    At most ``limit`` chains are listed; ``chains_total`` counts them all.
    """
    entry = find_book(catalog, book)
    chosen = select(catalog, goals, optional=optional, whole_books=whole_books, prefer=prefer)
    targets, selection, requirements = chosen.targets, chosen.selection, chosen.requirements
    choices = tuple(m for m in chosen.choices if book in {c.book for c in (m.chosen, *m.instead_of)})
    if book not in selection:
        with_optional = False
        if not optional:
            wider = select(catalog, goals, optional=True, whole_books=whole_books, prefer=prefer).selection
            with_optional = book in wider
        return Why(book, goals, False, with_optional, None, (), 0, 0, "", choices)

    with scratch_digraph() as sub:
        sub.add_nodes_from(selection)
        for req in requirements:
            if req.order_only:
                continue
            before = catalog.books[req.before]
            sub.add_edge(
                req.before,
                req.after,
                step=Step(
                    req.before,
                    req.after,
                    "" if req.units is None else before.chapter_runs(req.units),
                    req.reason,
                    req.strength,
                ),
            )
        ends = list(dict.fromkeys(t for t, _ in targets if t != book))
        chains = _chains(sub, book, ends, limit)
        target_chapters = [units for t, units in targets if t == book]
        target = None
        if target_chapters:
            units = frozenset().union(*target_chapters)
            whole = whole_books or units >= entry.readable
            target = "" if whole else entry.chapter_runs(units)
        minutes = planned_minutes(catalog, {book: selection[book]})[book]
        whole_book = selection[book] >= entry.readable
        total = _count_paths(sub, book, ends)
    return Why(
        book,
        goals,
        True,
        False,
        target,
        tuple(chains),
        total,
        minutes,
        "" if whole_book else entry.chapter_runs(selection[book]),
        choices,
    )


_SINK = ("end of chain",)
"""A node no book id can equal: every chain runs from the book to it through a target."""


def _chains(graph: Any, book: str, ends: list[str], limit: int) -> list[Chain]:
    import itertools

    import networkx as nx

    if not ends or limit <= 0:
        return []
    ended = graph.copy()
    ended.add_edges_from((t, _SINK) for t in ends)
    if not nx.has_path(ended, book, _SINK):
        return []
    chains = []
    for path in itertools.islice(nx.shortest_simple_paths(ended, book, _SINK), limit):
        books = tuple(path[:-1])
        steps = tuple(graph.edges[a, b]["step"] for a, b in itertools.pairwise(books))
        chains.append(Chain(books, steps))
    return chains


def _count_paths(graph: Any, book: str, ends: list[str]) -> int:
    """How many chains lead from ``book`` to a target (each target a chain may end at counts)."""
    import networkx as nx

    reach = nx.descendants(graph, book) | {book}
    wanted = set(ends)
    count: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(graph.subgraph(reach)))):
        count[node] = (1 if node in wanted else 0) + sum(count[s] for s in graph.successors(node))
    return count[book]
