"""What a plan reads, before any week is filled: the goals, the chapters they need, what is
known or done, each chapter's minutes at the reader's pace, and the reading order.

None of it depends on the weekly hours, so :mod:`curriculum.planner` makes it once and
schedules it at as many weekly hours as a deadline search needs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from msgspec import Struct, field

from .catalog import Catalog, Goal, StartingPoint, Target
from .errors import UnknownIdError, UsageError
from .graph import Made, Requirement, Selected, Selection, select, units_of
from .order import Lasts, Stretch, last_needed, reading_order
from .request import PlanRequest

BookMinutes = dict[str, dict[int, int]]
"""For each planned book, the minutes of each planned chapter (by index), at the reader's pace."""


class ChapterMinutes(Mapping[tuple[str, int], int]):
    """:data:`BookMinutes` read as one mapping of (book, chapter index) to minutes."""

    __slots__ = ("_books",)

    def __init__(self, books: BookMinutes) -> None:
        self._books = books

    def __getitem__(self, key: tuple[str, int]) -> int:
        return self._books[key[0]][key[1]]

    def __iter__(self) -> Iterator[tuple[str, int]]:
        return ((book, unit) for book, units in self._books.items() for unit in units)

    def __len__(self) -> int:
        return sum(map(len, self._books.values()))


def resolve_goals(catalog: Catalog, wanted: tuple[str, ...]) -> tuple[Goal, ...]:
    """Goals by id; a book id stands for the goal of reading that whole book."""
    if not wanted:
        raise UsageError("no goal given")
    goals = []
    for name in dict.fromkeys(wanted):
        if name in catalog.goals:
            goals.append(catalog.goals[name])
        elif name in catalog.books:
            book = catalog.books[name].book
            goals.append(Goal(id=name, title=book.title, targets=[Target(book=name, any_of=None)]))
        else:
            raise UnknownIdError("goal", name, [*catalog.goals, *catalog.books])
    return tuple(goals)


class Work(Struct, frozen=True):
    """Everything about a plan that does not depend on the weekly hours."""

    goals: tuple[Goal, ...]
    selection: Selection
    requirements: list[Requirement]
    lasts: Lasts
    stretches: list[Stretch]
    minutes: BookMinutes
    targets: list[tuple[str, frozenset[int]]]
    chain: int
    saved: int
    done: dict[str, frozenset[int]]
    choices: tuple[Made, ...] = ()
    assumed: tuple[StartingPoint, ...] = ()
    known: dict[str, frozenset[int]] = field(default_factory=dict)
    known_saved: int = 0

    @property
    def total(self) -> int:
        return _total(self.minutes)


def _total(minutes: BookMinutes) -> int:
    return sum(sum(units.values()) for units in minutes.values())


def starting_points(catalog: Catalog, request: PlanRequest, goals: tuple[Goal, ...]) -> tuple[StartingPoint, ...]:
    """The starting points a plan takes as known: ``--know`` and, unless from zero, the goals' own."""
    names = list(request.know)
    if not request.from_zero:
        names += [a for goal in goals for a in goal.assumes]
    out = []
    for name in dict.fromkeys(names):
        if name not in catalog.starting_points:
            raise UnknownIdError("starting point", name, list(catalog.starting_points))
        out.append(catalog.starting_points[name])
    return tuple(out)


def covered(catalog: Catalog, points: tuple[StartingPoint, ...]) -> dict[str, frozenset[int]]:
    """The chapters these starting points stand for, per book."""
    out: dict[str, frozenset[int]] = {}
    for point in points:
        for choice in point.covers:
            units = units_of(catalog.books[choice.book], choice.chapters)
            out[choice.book] = out.get(choice.book, frozenset()) | units
    return out


def minutes_of(catalog: Catalog, request: PlanRequest, chosen: Selected) -> BookMinutes:
    """Minutes of each chapter to read, at the request's pace, less what is read of it already."""
    read, pace, books = request.partly, request.pace, catalog.books
    out: BookMinutes = {}
    for b, units in chosen.selection.items():
        chapters = books[b].units
        if read:
            out[b] = {u: max(1, round(chapters[u].minutes * pace) - read.get((b, u), 0)) for u in units}
        elif pace == 1:  # round(m * 1.0) is m
            out[b] = got = {u: chapters[u].minutes for u in units}
            if min(got.values()) < 1:
                out[b] = {u: max(1, m) for u, m in got.items()}
        else:
            out[b] = {u: max(1, round(chapters[u].minutes * pace)) for u in units}
    return out


def prepare(
    catalog: Catalog,
    request: PlanRequest,
    *,
    cheapest: bool = False,
    only: list[tuple[str, frozenset[int]]] | None = None,
) -> Work:
    goals = resolve_goals(catalog, request.goals)
    for name in request.prefer:
        if name not in catalog.books:
            raise UnknownIdError("book", name, list(catalog.books))
    assumed = starting_points(catalog, request, goals)
    known = covered(catalog, assumed)
    done = {b: request.done.get(b, frozenset()) | known.get(b, frozenset()) for b in {*request.done, *known}}
    options = {"optional": request.optional, "whole_books": request.whole_books, "prefer": request.prefer}
    chosen = select(catalog, goals, done=done, cheapest=cheapest, only=only, **options)  # type: ignore[arg-type]
    minutes = minutes_of(catalog, request, chosen)
    lasts = last_needed(chosen.selection, chosen.requirements)
    stretches = reading_order(chosen.selection, lasts, chosen.targets)
    chain = _longest_chain(stretches, lasts, minutes)
    saved = known_saved = 0
    done_hit: dict[str, frozenset[int]] = {}
    known_hit: dict[str, frozenset[int]] = {}
    if done:
        total = _total(minutes)
        full = select(catalog, goals, cheapest=cheapest, only=only, **options)  # type: ignore[arg-type]
        saved = _total(minutes_of(catalog, request, full)) - total
        if known:
            without_known = select(catalog, goals, done=request.done, cheapest=cheapest, only=only, **options)  # type: ignore[arg-type]
            known_saved = _total(minutes_of(catalog, request, without_known)) - total
            saved -= known_saved
        want = full.selection
        done_hit = {b: u & want[b] for b, u in request.done.items() if b in want and u & want[b]}
        known_hit = {b: u & want[b] - done_hit.get(b, frozenset()) for b, u in known.items() if b in want}
        known_hit = {b: u for b, u in known_hit.items() if u}
    return Work(
        goals, chosen.selection, chosen.requirements, lasts, stretches, minutes, chosen.targets, chain, saved, done_hit,
        tuple(chosen.choices), assumed, known_hit, known_saved,
    )  # fmt: skip


def _longest_chain(stretches: list[Stretch], lasts: Lasts, minutes: BookMinutes) -> int:
    """Minutes of the longest chain of stretches linked by prerequisites (stretches are in order)."""
    ends: dict[str, list[tuple[int, int]]] = {}  # a book's stretches so far: (last chapter, chain to its end)
    best = 0
    for book, units in stretches:
        runs = ends.get(book)
        if runs is None:
            runs = ends[book] = []
            start = 0
        else:
            start = runs[-1][1]
        for req, last in lasts.get(book, ()):
            after = req.after_units
            if after is not None and after.isdisjoint(units):
                continue
            for upto, end in ends.get(req.before, ()):
                if upto >= last:  # the stretch that holds it
                    if end > start:
                        start = end
                    break
        of = minutes[book]  # its planned chapters: a stretch of as many (distinct) chapters has them all
        end = start + (sum(of.values()) if len(units) == len(of) else sum(map(of.__getitem__, units)))
        runs.append((units[-1], end))
        if end > best:
            best = end
    return best
