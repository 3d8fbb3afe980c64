"""Scheduling: the one place that fills weeks with chapters.

The rule:

* Stretches (a book and consecutive chapters of it) are taken up in reading order
  (:func:`order.reading_order`); a stretch can be taken up once every prerequisite chapter its
  chapters need, and the book's earlier stretch, are finished, possibly earlier in the same week.
  Up to ``parallel`` stretches are in progress at once; a book's chapters are read in order.
* Each week holds at most its budget. The budget is shared equally among the books in
  progress; what one of them cannot use goes to the others, so a week is only left short
  when nothing more can be read in it.
* A chapter longer than what is left may be split across weeks, but no piece is shorter than
  the minimum piece (30 minutes, or half the weekly budget if that is less): when the room
  left is too short the book waits for the next week, and when the piece that would remain
  is too short, less is read now so that the rest is long enough.
* Break weeks (``--skip``) have a budget of 0 and hold nothing.

All arithmetic is in whole minutes, so it is exact.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .graph import Requirement, Selection
from .order import Stretch

MIN_PIECE = 30
MAX_WEEKS = 10_000


@dataclass(frozen=True, slots=True)
class Piece:
    """Some minutes of one chapter, read in one week: part ``part`` of ``parts``."""

    book: str
    unit: int
    minutes: int
    part: int = 1
    parts: int = 1
    day: date | None = None
    """The study day it is read on, when the plan has study days (``--days``); else None."""
    done: bool = False
    """Read already: a continued plan's past (:mod:`curriculum.continuation`)."""


@dataclass(frozen=True, slots=True)
class Week:
    number: int
    start: date
    budget: int
    pieces: tuple[Piece, ...]

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.pieces)

    @property
    def is_break(self) -> bool:
        return self.budget == 0


class ScheduleTooLong(Exception):
    """The plan would run past :data:`MAX_WEEKS` weeks."""


def min_piece(budget: int) -> int:
    return min(MIN_PIECE, budget // 2) or 1


class _Book:
    """A book in progress: its remaining chapters (unit index, minutes left), and how many
    pieces of the first of them have been read."""

    __slots__ = ("book", "part", "units")

    def __init__(self, book: str, units: list[tuple[int, int]]) -> None:
        self.book = book
        self.units = units
        self.part = 0

    @property
    def done(self) -> bool:
        return not self.units


def schedule(
    stretches: Sequence[Stretch],
    selection: Selection,
    minutes: Mapping[tuple[str, int], int],
    requirements: Sequence[Requirement],
    *,
    budget: int,
    start: date,
    parallel: int = 1,
    breaks: frozenset[date] = frozenset(),
) -> tuple[Week, ...]:
    """Fill weeks of ``budget`` minutes (0 in ``breaks``, given by week start) with the stretches."""
    smallest = min_piece(budget)
    # Kahn's algorithm: each stretch counts the chapters it still waits for, and the stretches
    # whose count is 0 wait in a heap keyed by their place in the reading order.
    order = range(len(stretches))
    waiting: dict[int, int] = dict.fromkeys(order, 0)
    unblocks: dict[tuple[str, int], list[int]] = {}
    into: dict[str, list[Requirement]] = {}
    for req in requirements:
        into.setdefault(req.after, []).append(req)
    last_of: dict[str, int] = {}
    for i, (book, units) in enumerate(stretches):
        keys: set[tuple[str, int]] = set()
        if book in last_of:
            keys.add((book, last_of[book]))
        for req in into.get(book, ()):
            if req.after_units is not None and req.after_units.isdisjoint(units):
                continue
            wanted = req.units if req.units is not None else selection[req.before]
            keys.update((req.before, u) for u in wanted & selection[req.before])
        for key in keys:
            unblocks.setdefault(key, []).append(i)
        waiting[i] = len(keys)
        last_of[book] = units[-1]
    ready = [i for i in order if not waiting[i]]
    heapq.heapify(ready)
    left_to_start = len(stretches)
    active: list[_Book] = []
    split: dict[tuple[str, int], int] = {}  # pieces of each chapter read in more than one
    weeks: list[tuple[date, int, list[Piece]]] = []
    day = start

    def take_up() -> None:
        nonlocal left_to_start
        while len(active) < parallel and ready:
            index = heapq.heappop(ready)
            left_to_start -= 1
            book, units = stretches[index]
            active.append(_Book(book, [(u, minutes[(book, u)]) for u in units]))

    def finish(key: tuple[str, int]) -> None:
        for after in unblocks.get(key, ()):
            waiting[after] -= 1
            if not waiting[after]:
                heapq.heappush(ready, after)

    def read(book: _Book, room: int, pieces: list[Piece]) -> int:
        """Read ``book`` for at most ``room`` minutes; returns the minutes read."""
        used = 0
        while book.units:
            unit, left = book.units[0]
            free = room - used
            piece = left if left <= free else min(free, left - smallest)
            if piece < smallest and piece != left:
                break
            book.part += 1
            pieces.append(Piece(book.book, unit, piece, book.part))
            used += piece
            if piece == left:
                book.units.pop(0)
                if book.part > 1:
                    split[(book.book, unit)] = book.part
                book.part = 0
                finish((book.book, unit))
            else:
                book.units[0] = (unit, left - piece)
                break
        return used

    while left_to_start or active:
        if len(weeks) >= MAX_WEEKS:
            raise ScheduleTooLong
        week_budget = 0 if day in breaks else budget
        pieces: list[Piece] = []
        used = 0
        while used < week_budget:
            take_up()
            if not active:
                break
            room = week_budget - used
            share = room // len(active)
            if share < smallest:
                share = room
            progress = _share_out(active, share, room, read, pieces)
            if not progress and share < room:
                # Equal shares fit no piece (each next chapter needs more): offer the whole room.
                progress = _share_out(active, room, room, read, pieces)
            used += progress
            if not progress:
                break
        weeks.append((day, week_budget, pieces))
        day += timedelta(weeks=1)
    while weeks and weeks[-1][1] == 0:
        weeks.pop()
    # Pieces were made as part k of 1; those of a split chapter learn how many parts it has.
    return tuple(
        Week(n + 1, day, week_budget, tuple(_with_parts(p, split) if split else p for p in ps))
        for n, (day, week_budget, ps) in enumerate(weeks)
    )


def _with_parts(piece: Piece, split: Mapping[tuple[str, int], int]) -> Piece:
    parts = split.get((piece.book, piece.unit), 1)
    return piece if parts == 1 else Piece(piece.book, piece.unit, piece.minutes, piece.part, parts)


def _share_out(
    active: list[_Book], share: int, room: int, read: Callable[[_Book, int, list[Piece]], int], pieces: list[Piece]
) -> int:
    """Let each book in progress read up to ``share`` minutes of ``room``; drop finished books."""
    progress = 0
    for book in list(active):
        progress += read(book, min(share, room - progress), pieces)
        if book.done:
            active.remove(book)
    return progress


def break_weeks(start: date, ranges: Sequence[tuple[date, date]], horizon: int = MAX_WEEKS) -> frozenset[date]:
    """Starts of the weeks that are breaks: at least 4 of their 7 days lie in a skipped range."""
    out = set()
    for first, last in ranges:
        if last < start:
            continue
        offset = max(0, (first - start).days // 7)
        week = start + timedelta(weeks=offset)
        while week <= last and offset < horizon:
            days = (min(last, week + timedelta(days=6)) - max(first, week)).days + 1
            if days >= 4:
                out.add(week)
            week += timedelta(weeks=1)
            offset += 1
    return frozenset(out)
