"""Scheduling: the one place that fills weeks with chapters.

The rule:

* Stretches (a book and consecutive chapters of it) are taken up in reading order
  (:func:`order.reading_order`); a stretch can be taken up once every prerequisite chapter its
  chapters need, and the book's earlier stretch, are finished, possibly earlier in the same slot.
  Up to ``parallel`` stretches are in progress at once; a book's chapters are read in order.
* A week's study time comes in slots (:mod:`curriculum.studydays`): the whole week, or with
  study days (``--days``) each study day. Each slot holds at most its budget. The budget is
  shared equally among the books in progress; what one of them cannot use goes to the others,
  so a slot is only left short when nothing more can be read in it.
* What a book reads in a slot is one session: a chapter continued in the same slot grows its
  piece instead of adding a second one, so a chapter is never split inside a slot. (Only a later
  stretch of a book that waited for chapters of another book read in the same slot is a second
  session, after those; and, one book at a time, a later stretch after another book's session,
  so that sessions are listed in the order they are read.)
* A chapter longer than what is left may be split across slots, but no piece is shorter than
  the minimum piece (30 minutes, or half the budget of the smallest slot if that is less): when
  the room left is too short the book waits for the next slot, and when the piece that would
  remain is too short, less is read now so that the rest is long enough.
* Skipped days (``--skip``) take their minutes out of their week; a week left with none is a
  break and holds nothing.

All arithmetic is in whole minutes, so it is exact.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from itertools import chain

from msgspec import Struct

from .order import Lasts, Stretch
from .studydays import Calendar, Slot

MIN_PIECE = 30
MAX_WEEKS = 10_000

Key = tuple[str, int]
"""A chapter: (book, chapter index)."""
_NONE: frozenset[int] = frozenset()


class Piece(Struct, frozen=True, gc=False):
    """Some minutes of one chapter, read in one slot: part ``part`` of ``parts``.

    A struct, made in compiled code: a plan of 10k books makes some 90k of them, and a frozen
    dataclass's ``__init__`` took a third of the scheduling. It holds no object that could hold
    it, so the cyclic garbage collector need not look at it (gc=False)."""

    book: str
    unit: int
    minutes: int
    part: int = 1
    parts: int = 1
    day: date | None = None
    """The study day it is read on, when the plan has study days (``--days``); else None."""
    done: bool = False
    """Read already: a continued plan's past (:mod:`curriculum.continuation`)."""


class Week(Struct, frozen=True):
    number: int
    start: date
    budget: int
    pieces: tuple[Piece, ...]
    days_off: int = 0
    """Study days of the week that ``--skip`` took out; ``budget`` is what they left."""

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
    """A stretch in progress: its book, its remaining chapters (unit index, minutes left; the
    next one last), how many pieces of the next one have been read, its session in the
    current slot, and which of its chapters some stretch waits for."""

    __slots__ = ("book", "gates", "index", "part", "session", "slot", "units")

    def __init__(self, book: str, index: int, units: list[tuple[int, int]], gates: frozenset[int] | set[int]) -> None:
        self.book = book
        self.index = index
        self.units = units
        self.gates = gates
        self.part = 0
        self.session: list[Piece] = []
        self.slot = -1


class _Run:
    """One scheduling: the stretches waiting (Kahn's algorithm: each counts the chapters it
    still waits for; the ready ones wait in a heap keyed by their place in the reading order),
    those in progress, and the sessions of the slot being filled."""

    def __init__(
        self,
        stretches: Sequence[Stretch],
        lasts: Lasts,
        minutes: Mapping[str, Mapping[int, int]],
        *,
        parallel: int,
        smallest: int,
    ) -> None:
        self.stretches, self.minutes, self.parallel, self.smallest = stretches, minutes, parallel, smallest
        self.waiting: list[int] = []
        self.unblocks: dict[Key, list[int]] = {}
        self.gates: dict[str, set[int]] = {}
        """Each book's chapters in ``unblocks``."""
        self.needs: dict[int, tuple[Key, ...]] = {}
        """A later stretch of a book: the other books' chapters it waits for."""
        self.ready: list[int] = []
        self._queue(lasts)
        self.left_to_start = len(stretches)
        self.active: list[_Book] = []
        self.split: dict[str, dict[int, int]] = {}
        """Pieces of each chapter read in more than one, by book."""
        self.parted: list[tuple[list[Piece], int]] = []
        """Where the pieces that may be parts of such a chapter are: (session, place in it)."""
        self.clock = 0
        """Pieces read so far: what was read before what."""
        self.finished_at: dict[Key, int] = {}
        self.slot = 0
        self.day: date | None = None
        self.sessions: list[list[Piece]] = []
        self.latest: dict[str, tuple[int, list[Piece]]] = {}
        """Each book's last session in the slot, with the clock when it began."""

    def _queue(self, lasts: Lasts) -> None:
        """Count what each stretch waits for; the ready ones in the heap."""
        last_of: dict[str, int] = {}
        unblocks, waiting = self.unblocks, self.waiting
        for i, (book, units) in enumerate(self.stretches):
            reqs = lasts.get(book)
            keys: set[Key] = (
                {(r.before, last) for r, last in reqs if r.after_units is None or not r.after_units.isdisjoint(units)}
                if reqs
                else set()
            )  # the last chapter needed of a book stands for all before it
            if book in last_of:
                self.needs[i] = tuple(keys)
                keys.add((book, last_of[book]))
            for key in keys:
                if key in unblocks:
                    unblocks[key].append(i)
                else:
                    unblocks[key] = [i]
            waiting.append(len(keys))
            last_of[book] = units[-1]
        for book, unit in unblocks:
            self.gates.setdefault(book, set()).add(unit)
        self.ready = [i for i, count in enumerate(waiting) if not count]
        heapq.heapify(self.ready)

    @property
    def busy(self) -> bool:
        return bool(self.left_to_start or self.active)

    def take_up(self) -> None:
        while len(self.active) < self.parallel and self.ready:
            self._start(heapq.heappop(self.ready))

    def _start(self, index: int) -> None:
        """Take up stretch ``index``."""
        self.left_to_start -= 1
        book, units = self.stretches[index]
        minutes = self.minutes[book]
        self.active.append(_Book(book, index, [(u, minutes[u]) for u in reversed(units)], self.gates.get(book, _NONE)))

    def finish(self, key: Key) -> None:
        """``key`` is read, and some stretch waits for it."""
        self.finished_at[key] = self.clock
        for after in self.unblocks[key]:
            self.waiting[after] -= 1
            if not self.waiting[after]:
                heapq.heappush(self.ready, after)

    def session(self, book: _Book) -> list[Piece]:
        """The book's session in this slot: a new one, or the book's earlier one when this
        stretch waited for nothing read since that one began."""
        found = self.latest.get(book.book)
        if found is not None and self._joins(book, found):
            session = found[1]
        else:
            session = []
            self.sessions.append(session)
            self.latest[book.book] = (self.clock, session)
        book.session, book.slot = session, self.slot
        return session

    def _joins(self, book: _Book, found: tuple[int, list[Piece]]) -> bool:
        """Whether ``book``'s stretch continues the book's session ``found`` (begun at the clock
        it gives, in this slot): it waited for nothing read since that session began."""
        return (self.parallel > 1 or found[1] is self.sessions[-1]) and all(  # one at a time: nothing read since
            self.finished_at[key] < found[0] for key in self.needs.get(book.index, ())
        )

    def read(self, book: _Book, room: int) -> int:
        """Read ``book`` for at most ``room`` minutes; returns the minutes read."""
        units, smallest, name, day, gates = book.units, self.smallest, book.book, self.day, book.gates
        session = book.session if book.slot == self.slot else None
        free = room
        if not book.part:  # whole chapters that fit, all at once (what the loop below does one by one)
            count, total, end = 0, 0, len(units) - 1
            while count <= end and total + units[end - count][1] <= free:
                total += units[end - count][1]
                count += 1
            if count:
                taken = units[-count:]
                del units[-count:]
                taken.reverse()
                clock = self.clock
                if session is None:
                    self.clock = clock + 1  # as the loop would: the session begins after its first piece
                    session = self.session(book)
                session.extend([Piece(name, unit, minutes, 1, 1, day) for unit, minutes in taken])
                if gates:
                    for position, (unit, _) in enumerate(taken, start=1):
                        if unit in gates:
                            self.clock = clock + position
                            self.finish((name, unit))
                self.clock = clock + count
                free -= total
        while units:
            unit, left = units[-1]  # the next chapter (kept last: a pop from the end is free)
            joining = bool(session) and session[-1].unit == unit  # type: ignore[index]
            piece = left if left <= free else min(free, left - smallest)
            if piece <= 0 or (piece < smallest and piece != left and not joining):
                break
            self.clock += 1
            if joining:
                last = session[-1]  # type: ignore[index]
                session[-1] = Piece(name, unit, last.minutes + piece, last.part, 1, day)  # type: ignore[index]
            else:
                book.part += 1
                if session is None:
                    session = self.session(book)
                session.append(Piece(name, unit, piece, book.part, 1, day))
                if piece != left or book.part > 1:  # a part: it learns how many when the chapter ends
                    self.parted.append((session, len(session) - 1))
            free -= piece
            if piece != left:
                units[-1] = (unit, left - piece)
                break
            units.pop()
            if book.part > 1:
                self.split.setdefault(name, {})[unit] = book.part
            book.part = 0
            if unit in gates:  # most chapters are no stretch's last need
                self.finish((name, unit))
        return room - free

    def share_out(self, share: int, room: int) -> int:
        """Let each book in progress read up to ``share`` minutes of ``room``; drop finished books."""
        progress = 0
        for book in list(self.active):
            progress += self.read(book, min(share, room - progress))
            if not book.units:
                self.active.remove(book)
        return progress

    def fill(self, slot: Slot) -> list[list[Piece]]:
        """The sessions of ``slot``, each a list of pieces (final, but for :meth:`number_parts`)."""
        self.slot += 1
        self.day, self.sessions, self.latest = slot.day, [], {}
        used = 0
        while used < slot.budget:
            self.take_up()
            if not self.active:
                break
            room = slot.budget - used
            share = room // len(self.active)
            if share < self.smallest:
                share = room
            progress = self.share_out(share, room)
            if not progress and share < room:
                # Equal shares fit no piece (each next chapter needs more): offer the whole room.
                progress = self.share_out(room, room)
            used += progress
            if not progress:
                break
        return self.sessions

    def number_parts(self) -> None:
        """Pieces were made as part k of 1; those of a split chapter learn how many parts it has."""
        split = self.split
        for session, place in self.parted:
            piece = session[place]
            parts = split.get(piece.book, {}).get(piece.unit)
            if parts is not None:
                session[place] = Piece(piece.book, piece.unit, piece.minutes, piece.part, parts, piece.day)


class _InOrder(_Run):
    """One stretch at a time (``parallel`` 1), as :class:`_Run` reads them, without its queue.

    A stretch's prerequisites are placed before it in the reading order
    (:func:`order.reading_order`), and so is the book's earlier stretch. Read one at a time, the
    stretches before it are finished when the one before it is, so the next in the reading
    order is always ready, and the heap would give just that. And a book's session in the slot
    is taken again only when it is the slot's last session: nothing was read since it began, so
    whatever the stretch waits for was finished before it, and the clock of each finish need
    not be kept. At 10k books the queue and its bookkeeping took half of the scheduling."""

    def _queue(self, lasts: Lasts) -> None:
        """Nothing to count: the next stretch is always the ready one."""

    def take_up(self) -> None:
        if not self.active and self.left_to_start:
            self._start(len(self.stretches) - self.left_to_start)

    def _joins(self, book: _Book, found: tuple[int, list[Piece]]) -> bool:
        return found[1] is self.sessions[-1]


def schedule(
    stretches: Sequence[Stretch],
    lasts: Lasts,
    minutes: Mapping[str, Mapping[int, int]],
    *,
    calendar: Calendar,
    start: date,
    parallel: int = 1,
    spent: Mapping[date, int] | None = None,
) -> tuple[Week, ...]:
    """Fill the weeks from ``start`` with the stretches, slot by slot as ``calendar`` says, each
    week less the minutes ``spent`` already (by the week's first day)."""
    kind = _InOrder if parallel == 1 else _Run
    run = kind(stretches, lasts, minutes, parallel=parallel, smallest=min_piece(calendar.slot_budget))
    weeks: list[tuple[date, int, int, list[list[Piece]]]] = []
    first = start
    while run.busy:
        if len(weeks) >= MAX_WEEKS:
            raise ScheduleTooLong
        days = calendar.week(first)
        slots, budget = days.slots, days.budget
        if spent and spent.get(first):
            slots, budget = _less(slots, spent[first]), max(0, budget - spent[first])
        sessions: list[list[Piece]] = []
        for slot in slots:
            if not run.busy:
                break
            sessions += run.fill(slot)
        weeks.append((first, budget, days.days_off, sessions))
        first += timedelta(weeks=1)
    while weeks and weeks[-1][1] == 0:
        weeks.pop()
    run.number_parts()
    return tuple(
        Week(n + 1, day, budget, tuple(chain.from_iterable(sessions)), off)
        for n, (day, budget, off, sessions) in enumerate(weeks)
    )


def _less(slots: tuple[Slot, ...], minutes: int) -> tuple[Slot, ...]:
    """``slots`` less ``minutes``, taken from the first slots first."""
    out = []
    for slot in slots:
        cut = min(slot.budget, minutes)
        minutes -= cut
        if slot.budget > cut:
            out.append(Slot(slot.day, slot.budget - cut))
    return tuple(out)
