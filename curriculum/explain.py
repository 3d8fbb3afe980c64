"""What `curriculum show` and `curriculum why` tell about one book, as plain data.

:func:`book_facts` gathers a book's facts, chapters, prerequisites and what it unlocks;
:func:`why_needed` finds the prerequisite chains that lead from a book to a goal's targets.
"""

from __future__ import annotations

import itertools
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
COUNT_CAP = 1_000_000
"""Chains are counted up to this many; past it `why` says "more than 1,000,000" (issue 13)."""


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
    """All the chains, or :data:`COUNT_CAP` when there are more (``chains_capped``)."""
    minutes: int
    """Minutes of the book's planned chapters."""
    chapters: str
    """The planned chapters ('' when the whole book is planned, or it has no chapter list)."""
    choices: tuple[Made, ...] = ()
    """Choices among alternatives that picked this book, or passed it over."""
    rule: str = RULE
    """The reading-order rule, in one sentence."""
    chains_capped: bool = False
    """There are more than :data:`COUNT_CAP` chains: ``chains_total`` is the cap."""


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

    At most ``limit`` chains are listed; ``chains_total`` counts them all, up to
    :data:`COUNT_CAP`. The work is linear in the selection plus the chains listed.
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
        min(total, COUNT_CAP),
        minutes,
        "" if whole_book else entry.chapter_runs(selection[book]),
        choices,
        chains_capped=total > COUNT_CAP,
    )


def _chains(graph: Any, book: str, ends: list[str], limit: int) -> list[Chain]:
    """The ``limit`` shortest chains from ``book`` to a target; among chains of the same length,
    those to the goal's earlier targets first, then the order of the edges (depth first).

    A best-first search over chains begun, each scored by its length so far plus the best
    (distance, target) still reachable from its last book. The score is exact: every chain
    begun can be finished at it, so each one taken from the heap leads to a new chain without
    a detour. A book's next hops are sorted by score once, and a chain begun puts only its
    best next hop and its own next sibling on the heap. So the work is linear in the graph
    plus the chains listed (Yen's algorithm, networkx's, runs a shortest-path search per book
    of every chain found: quadratic on long chains, issue 13).
    """
    import heapq

    import networkx as nx

    rank = {t: i for i, t in enumerate(ends)}
    best: dict[str, tuple[int, int]] = {}
    """(edges, target's rank) of the best way on from each book that reaches a target."""
    hops: dict[str, list[tuple[tuple[int, int], str | None]]] = {}
    """Each such book's ways on, best first: (score, the next book or None to end here)."""
    for node in reversed(list(nx.topological_sort(graph))):
        options: list[tuple[tuple[int, int], str | None]] = [((0, rank[node]), None)] if node in rank else []
        options += [((1 + best[s][0], best[s][1]), s) for s in graph.successors(node) if s in best]
        if options:
            options.sort(key=lambda o: o[0])  # stable: edge order among equal scores
            hops[node] = options
            best[node] = options[0][0]
    if limit <= 0 or book not in best:
        return []

    # A heap entry: (score, -tick, chain begun as a linked list (book, rest), its length, hop index).
    heap: list[tuple[tuple[int, int], int, tuple[str, Any], int, int]] = []
    tick = 0

    def push(begun: tuple[str, Any], length: int, index: int) -> None:
        nonlocal tick
        options = hops[begun[0]]
        if index < len(options):
            tick += 1
            (edges, target), _ = options[index]
            heapq.heappush(heap, ((length + edges, target), -tick, begun, length, index))

    push((book, None), 0, 0)
    chains: list[Chain] = []
    while heap and len(chains) < limit:
        _, _, begun, length, index = heapq.heappop(heap)
        push(begun, length, index + 1)  # the sibling first, so that the deeper chain is taken next
        hop = hops[begun[0]][index][1]
        if hop is not None:
            push((hop, begun), length + 1, 0)
            continue
        books: list[str] = []
        link: Any = begun
        while link is not None:
            books.append(link[0])
            link = link[1]
        books.reverse()
        steps = tuple(graph.edges[a, b]["step"] for a, b in itertools.pairwise(books))
        chains.append(Chain(tuple(books), steps))
    return chains


def _count_paths(graph: Any, book: str, ends: list[str]) -> int:
    """How many chains lead from ``book`` to a target (each target a chain may end at counts),
    counted up to ``COUNT_CAP + 1``: a ladder of n rungs has 2^n of them, and numbers of
    thousands of digits cost time to add (and more than 4,300 digits cannot be printed)."""
    import networkx as nx

    wanted = set(ends)
    count: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(graph))):
        total = 1 if node in wanted else 0
        for after in graph.successors(node):
            total += count[after]
        count[node] = min(total, COUNT_CAP + 1)
    return count[book]
