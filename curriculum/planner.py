"""Scheduling: the one place that fills weeks with chapters.

The rule: chapters are read in :func:`graph.reading_order`, one after another. Each week
holds at most its budget. A chapter longer than what is left of a week is split, but no
piece is shorter than the minimum piece (30 minutes, or half the weekly budget if that is
less): when what is left of the week is too short, the week ends early; when the piece
that would be left over is too short, less is read now so that the rest is long enough.
All arithmetic is in whole minutes, so it is exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from .catalog import Catalog
from .errors import PlanningError, UnknownIdError, UsageError
from .graph import Requirement, Selection, build_graph, closure, goal_targets, planned_minutes, reading_order
from .models import Goal, Target

MIN_PIECE = 30
MAX_HOURS_PER_WEEK = 80.0
MAX_WEEKS = 10_000


@dataclass(frozen=True, kw_only=True)
class PlanRequest:
    """What the user asked for."""

    goals: tuple[str, ...]
    hours_per_week: float
    start: date
    whole_books: bool = False
    optional: bool = False


@dataclass(frozen=True)
class Piece:
    """Some minutes of one chapter, read in one week: part ``part`` of ``parts``."""

    book: str
    unit: int
    minutes: int
    part: int = 1
    parts: int = 1


@dataclass(frozen=True)
class Week:
    number: int
    start: date
    budget: int
    pieces: tuple[Piece, ...]

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.pieces)


@dataclass(frozen=True)
class PlannedBook:
    id: str
    units: tuple[int, ...]
    minutes: int
    first_week: int
    last_week: int
    target: bool
    prerequisites: tuple[Requirement, ...]


@dataclass(frozen=True)
class Plan:
    request: PlanRequest
    goals: tuple[Goal, ...]
    budget: int
    weeks: tuple[Week, ...]
    books: tuple[PlannedBook, ...]
    """In reading order."""
    total_minutes: int
    lower_bound_weeks: int
    catalog: Catalog = field(repr=False)

    @property
    def end(self) -> date:
        last = self.weeks[-1].start if self.weeks else self.request.start - timedelta(days=7)
        return last + timedelta(days=6)


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
            goals.append(Goal(id=name, title=book.title, targets=[Target(book=name)]))
        else:
            raise UnknownIdError("goal", name, [*catalog.goals, *catalog.books])
    return tuple(goals)


def budget_minutes(hours: float) -> int:
    """The weekly budget in whole minutes; refuses values outside (0, 80]."""
    if not math.isfinite(hours) or hours <= 0 or hours > MAX_HOURS_PER_WEEK:
        raise UsageError(f"hours per week must be more than 0 and at most {MAX_HOURS_PER_WEEK:g} (got {hours:g})")
    minutes = round(hours * 60)
    if minutes < 1:
        raise UsageError(f"hours per week must be at least one minute (got {hours:g})")
    return minutes


def make_plan(catalog: Catalog, request: PlanRequest) -> Plan:
    """Plan the request against the catalog."""
    budget = budget_minutes(request.hours_per_week)
    goals = resolve_goals(catalog, request.goals)
    targets = goal_targets(catalog, goals)
    target_books = {book for book, _ in targets}
    graph = build_graph(catalog, optional=request.optional)
    selection, requirements = closure(catalog, graph, targets, whole_books=request.whole_books)
    order = reading_order(catalog, selection, requirements)
    total = sum(planned_minutes(catalog, selection).values())
    lower = math.ceil(total / budget)
    if lower > MAX_WEEKS:
        raise PlanningError(
            f"this plan needs {total / 60:g} hours: at {request.hours_per_week:g} h/week that is {lower:,} weeks,"
            f" more than {MAX_WEEKS:,}; plan with more hours per week"
        )
    weeks = schedule(catalog, order, selection, budget=budget, start=request.start)
    books = _summarise(catalog, order, selection, requirements, weeks, target_books)
    return Plan(request, goals, budget, weeks, books, total, lower, catalog)


def schedule(catalog: Catalog, order: list[str], selection: Selection, *, budget: int, start: date) -> tuple[Week, ...]:
    """Fill weeks of ``budget`` minutes with the selected chapters in ``order``."""
    min_piece = min(MIN_PIECE, budget // 2) or 1
    weeks: list[list[Piece]] = [[]]
    used = 0
    parts: dict[tuple[str, int], int] = {}
    for book in order:
        units = catalog.books[book].units
        for index in sorted(selection[book]):
            left = units[index].minutes
            while left > 0:
                room = budget - used
                piece = left if left <= room else min(room, left - min_piece)
                if piece >= min_piece or piece == left > 0:
                    key = (book, index)
                    parts[key] = parts.get(key, 0) + 1
                    weeks[-1].append(Piece(book, index, piece, parts[key]))
                    used += piece
                    left -= piece
                if left > 0:
                    weeks.append([])
                    used = 0
    if not weeks[-1]:
        weeks.pop()
    return tuple(
        Week(
            n + 1,
            start + timedelta(weeks=n),
            budget,
            tuple(Piece(p.book, p.unit, p.minutes, p.part, parts[(p.book, p.unit)]) for p in pieces),
        )
        for n, pieces in enumerate(weeks)
    )


def _summarise(
    catalog: Catalog,
    order: list[str],
    selection: Selection,
    requirements: list[Requirement],
    weeks: tuple[Week, ...],
    targets: set[str],
) -> tuple[PlannedBook, ...]:
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for week in weeks:
        for piece in week.pieces:
            first.setdefault(piece.book, week.number)
            last[piece.book] = week.number
    minutes = planned_minutes(catalog, selection)
    prereqs: dict[str, list[Requirement]] = {}
    for req in requirements:
        prereqs.setdefault(req.after, []).append(req)
    return tuple(
        PlannedBook(
            id=book,
            units=tuple(sorted(selection[book])),
            minutes=minutes[book],
            first_week=first.get(book, 0),
            last_week=last.get(book, 0),
            target=book in targets,
            prerequisites=tuple(prereqs.get(book, ())),
        )
        for book in order
    )
