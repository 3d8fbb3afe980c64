"""The reading order: the one place that decides what is read before what.

The rule, in one sentence (the README and ``curriculum why`` repeat it):

    The goal's targets are read in the order the goal lists them, each preceded just in time by
    its unread prerequisites (depth first, in the order the catalog lists their edges), and each
    book's chapters in book order, a prerequisite that only some chapters need coming just before
    those chapters.

So a target with no prerequisites is never pushed back for that reason, an introduction linked
to the book it introduces comes just before it, and a book may be read in stretches, with a
prerequisite of its later chapters between them. The order is a list of *stretches* (a book and
consecutive chapters of it); :mod:`curriculum.schedule` fills weeks with them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence

from .graph import Requirement, Selection

Stretch = tuple[str, tuple[int, ...]]
"""A book and the chapter indexes read in one go, in book order."""

Last = tuple[Requirement, int]
"""A requirement and the last chapter of its prerequisite that it needs: a book's chapters are
read in order, so that one finished means all are."""

Lasts = dict[str, list[Last]]
"""For each book, the requirements it waits for (with :data:`Last`), in the catalog's order."""

RULE = (
    "The goal's targets are read in the order the goal lists them, each preceded just in time by its"
    " unread prerequisites (depth first, in the order the catalog lists their edges), and each book's"
    " chapters in book order, a prerequisite that only some chapters need coming just before those chapters."
)


def last_needed(selection: Selection, requirements: Sequence[Requirement]) -> Lasts:
    """The requirements that need a planned chapter, each with the last one it needs, by the
    book that waits for them, in order."""
    top: dict[str, int] = {}
    out: Lasts = {}
    for req in requirements:
        if req.units is None:
            last = top.get(req.before)
            if last is None:
                last = top[req.before] = max(selection[req.before])
        else:
            wanted = req.units & selection[req.before]
            if not wanted:
                continue
            last = max(wanted)
        if req.after in out:
            out[req.after].append((req, last))
        else:
            out[req.after] = [(req, last)]
    return out


def reading_order(selection: Selection, lasts: Lasts, targets: Sequence[tuple[str, frozenset[int]]]) -> list[Stretch]:
    """The selection as stretches in reading order (see the module's rule).

    ``lasts`` (:func:`last_needed`) must be listed in the catalog's edge order for each book;
    the walk is iterative, so a chain of any depth is fine.
    """
    sorted_of: dict[frozenset[int], list[int]] = {}  # books of the same chapters share one list
    chapters = {b: sorted_of.get(units) or sorted_of.setdefault(units, sorted(units)) for b, units in selection.items()}
    gates: dict[str, dict[int, list[tuple[str, int]]]] = {}
    """For each book, the chapter at which each of its requirements is first checked, with the
    prerequisite's book and the last chapter of it needed, in the catalog's edge order. Later
    chapters need no check: chapters are placed in book order and stay placed, so a
    requirement met at its first chapter is met at every later one."""
    stops: dict[str, list[int]] = {}
    """The positions of each book's gated chapters: the chapters between two are placed at once."""
    for after, needs in lasts.items():
        held = chapters[after]
        gate: dict[int, list[tuple[str, int]]] = {}
        for req, last in needs:
            first = held[0] if req.after_units is None else next((u for u in held if u in req.after_units), None)
            if first is None:
                continue
            waits = gate.get(first)
            if waits is None:
                gate[first] = [(req.before, last)]
            else:
                waits.append((req.before, last))
        gates[after] = gate
        # the usual gate: the book's first chapter only (every requirement of the whole book)
        stops[after] = [0] if len(gate) == 1 and held[0] in gate else sorted(bisect_left(held, unit) for unit in gate)
    placed: dict[str, int] = dict.fromkeys(selection, 0)
    """How many of each book's planned chapters are placed: they are placed in book order."""
    runs: list[tuple[str, list[int]]] = []

    def place(book: str, upto: int) -> Iterator[tuple[str, int]]:
        """Place the chapters of ``book`` up to index ``upto``, each after what it needs."""
        units = chapters[book]
        count = bisect_right(units, upto)
        gate, stop = gates.get(book), stops.get(book, [])
        while placed[book] < count:
            if gate is not None:
                for before, last in gate.get(units[placed[book]], ()):
                    done = placed[before]  # placed up to ``last`` already?
                    if not done or chapters[before][done - 1] < last:
                        yield before, last
            first = placed[book]
            after = bisect_right(stop, first)
            end = min(count, stop[after]) if after < len(stop) else count
            if runs and runs[-1][0] == book:
                runs[-1][1].extend(units[first:end])
            else:
                runs.append((book, units[first:end]))
            placed[book] = end

    def run(book: str, upto: int) -> None:
        stack = [place(book, upto)]
        while stack:
            step = next(stack[-1], None)
            if step is None:
                stack.pop()
            else:
                stack.append(place(*step))

    for book, units in targets:
        if book in selection and units & selection[book]:
            run(book, max(units & selection[book]))
    for book, listed in chapters.items():  # anything else (none when every book leads to a target)
        if placed[book] < len(listed):
            run(book, listed[-1])
    return [(book, tuple(units)) for book, units in runs]


def book_order(stretches: Sequence[Stretch]) -> list[str]:
    """Books in the order they are first taken up."""
    return list(dict.fromkeys(book for book, _ in stretches))
