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

from collections.abc import Iterator, Sequence

from .graph import Requirement, Selection

Stretch = tuple[str, tuple[int, ...]]
"""A book and the chapter indexes read in one go, in book order."""

RULE = (
    "The goal's targets are read in the order the goal lists them, each preceded just in time by its"
    " unread prerequisites (depth first, in the order the catalog lists their edges), and each book's"
    " chapters in book order, a prerequisite that only some chapters need coming just before those chapters."
)


def reading_order(
    selection: Selection, requirements: Sequence[Requirement], targets: Sequence[tuple[str, frozenset[int]]]
) -> list[Stretch]:
    """The selection as stretches in reading order (see the module's rule).

    ``requirements`` must be listed in the catalog's edge order for each book; the walk is
    iterative, so a chain of any depth is fine.
    """
    chapters = {b: sorted(units) for b, units in selection.items()}
    into: dict[str, list[Requirement]] = {}
    for req in requirements:
        into.setdefault(req.after, []).append(req)
    last_needed: dict[int, int] = {}
    """For each requirement (by id), the last chapter of ``before`` it needs; none when nothing."""
    for req in requirements:
        needed = selection[req.before] if req.units is None else req.units & selection[req.before]
        if needed:
            last_needed[id(req)] = max(needed)
    placed: dict[str, int] = dict.fromkeys(selection, 0)
    """How many of each book's planned chapters are placed: they are placed in book order."""
    sequence: list[tuple[str, int]] = []

    def place(book: str, upto: int) -> Iterator[tuple[str, int]]:
        """Place the chapters of ``book`` up to index ``upto``, each after what it needs."""
        units = chapters[book]
        while placed[book] < len(units) and units[placed[book]] <= upto:
            unit = units[placed[book]]
            for req in into.get(book, ()):
                if req.after_units is not None and unit not in req.after_units:
                    continue
                last = last_needed.get(id(req))
                if last is not None and not _placed_upto(chapters[req.before], placed[req.before], last):
                    yield req.before, last
            sequence.append((book, unit))
            placed[book] += 1

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
    return _stretches(sequence)


def _placed_upto(units: list[int], count: int, last: int) -> bool:
    return count > 0 and units[count - 1] >= last


def _stretches(sequence: list[tuple[str, int]]) -> list[Stretch]:
    out: list[Stretch] = []
    for book, unit in sequence:
        if out and out[-1][0] == book:
            out[-1] = (book, (*out[-1][1], unit))
        else:
            out.append((book, (unit,)))
    return out


def book_order(stretches: Sequence[Stretch]) -> list[str]:
    """Books in the order they are first taken up."""
    return list(dict.fromkeys(book for book, _ in stretches))
