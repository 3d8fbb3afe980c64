"""From a request to a plan: goals, prerequisites, what is done, pace, and the deadline search.

The scheduling rule itself lives in :mod:`curriculum.schedule`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from .catalog import Catalog
from .errors import PlanningError, UnknownIdError, UsageError
from .graph import Requirement, Selection, build_graph, closure, goal_targets, reading_order
from .models import Goal, Target
from .schedule import MAX_WEEKS, MIN_PIECE, Piece, ScheduleTooLong, Week, break_weeks, schedule

__all__ = ["MIN_PIECE", "Piece", "Plan", "PlanRequest", "PlannedBook", "Week", "make_plan"]

MAX_HOURS_PER_WEEK = 80.0
MAX_PACE = 10.0
MAX_PARALLEL = 10
LATEST_START = date.max - timedelta(weeks=MAX_WEEKS + 1)
"""A plan may run MAX_WEEKS weeks, and the calendar ends on 9999-12-31."""


@dataclass(frozen=True, kw_only=True)
class PlanRequest:
    """What the user asked for. ``hours_per_week`` None means: find it from ``by``."""

    goals: tuple[str, ...]
    hours_per_week: float | None
    start: date
    whole_books: bool = False
    optional: bool = False
    done: Mapping[str, frozenset[int]] = field(default_factory=dict)
    pace: float = 1.0
    parallel: int = 1
    skip: tuple[tuple[date, date], ...] = ()
    by: date | None = None


@dataclass(frozen=True, slots=True)
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
    hours_per_week: float
    budget: int
    weeks: tuple[Week, ...]
    books: tuple[PlannedBook, ...]
    """In reading order."""
    minutes: Mapping[tuple[str, int], int]
    """Planned minutes of each (book, chapter index), after --pace."""
    total_minutes: int
    lower_bound_weeks: int
    """max(ceil(W / H), ceil(C / H)) study weeks; C is the longest chain of prerequisite hours."""
    longest_chain_minutes: int
    done: Mapping[str, frozenset[int]]
    """Finished chapters that the plan would otherwise hold (others given as done are ignored)."""
    saved_minutes: int
    catalog: Catalog = field(repr=False)

    @property
    def end(self) -> date:
        """The last day of the last week (the start date when nothing is left to read)."""
        return self.weeks[-1].start + timedelta(days=6) if self.weeks else self.request.start

    @property
    def study_weeks(self) -> int:
        return sum(1 for w in self.weeks if not w.is_break)


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


def _check(request: PlanRequest) -> None:
    if not (math.isfinite(request.pace) and 0 < request.pace <= MAX_PACE):
        raise UsageError(f"pace must be more than 0 and at most {MAX_PACE:g} (got {request.pace:g})")
    if not 1 <= request.parallel <= MAX_PARALLEL:
        raise UsageError(f"parallel must be a whole number from 1 to {MAX_PARALLEL} (got {request.parallel})")
    for first, last in request.skip:
        if last < first:
            raise UsageError(f"skip range {first}..{last} ends before it starts")
    if request.hours_per_week is None and request.by is None:
        raise UsageError("give hours per week or a deadline")
    if request.by is not None and request.by < request.start:
        raise UsageError(f"the deadline {request.by} is before the start {request.start}")
    if request.start > LATEST_START:
        raise UsageError(
            f"the start {request.start} is too late: a plan may run {MAX_WEEKS:,} weeks and the calendar"
            f" ends on {date.max}, so start by {LATEST_START}"
        )


@dataclass(frozen=True)
class _Work:
    """Everything about a plan that does not depend on the weekly hours."""

    goals: tuple[Goal, ...]
    selection: Selection
    requirements: list[Requirement]
    order: list[str]
    minutes: dict[tuple[str, int], int]
    targets: set[str]
    chain: int
    saved: int
    done: dict[str, frozenset[int]]


def _work(catalog: Catalog, request: PlanRequest) -> _Work:
    goals = resolve_goals(catalog, request.goals)
    targets = goal_targets(catalog, goals)
    graph = build_graph(catalog, optional=request.optional)
    selection, requirements = closure(catalog, graph, targets, whole_books=request.whole_books, done=request.done)
    minutes = {
        (b, u): max(1, round(catalog.books[b].units[u].minutes * request.pace))
        for b, units in selection.items()
        for u in units
    }
    order = reading_order(catalog, selection, requirements)
    chain = _longest_chain(order, selection, requirements, minutes)
    saved = 0
    done: dict[str, frozenset[int]] = {}
    if request.done:
        full, _ = closure(catalog, graph, targets, whole_books=request.whole_books)
        all_minutes = sum(
            max(1, round(catalog.books[b].units[u].minutes * request.pace)) for b, us in full.items() for u in us
        )
        saved = all_minutes - sum(minutes.values())
        done = {b: units & full[b] for b, units in request.done.items() if b in full and units & full[b]}
    graph.clear()  # see the note at the top of graph.py
    return _Work(goals, selection, requirements, order, minutes, {b for b, _ in targets}, chain, saved, done)


def _longest_chain(
    order: list[str], selection: Selection, requirements: list[Requirement], minutes: Mapping[tuple[str, int], int]
) -> int:
    """Minutes of the longest chain of books linked by prerequisites (order is topological)."""
    book_minutes = {b: sum(minutes[(b, u)] for u in selection[b]) for b in order}
    preds: dict[str, list[str]] = {}
    for req in requirements:
        preds.setdefault(req.after, []).append(req.before)
    best: dict[str, int] = {}
    for book in order:
        best[book] = book_minutes[book] + max((best[p] for p in preds.get(book, ())), default=0)
    return max(best.values(), default=0)


def make_plan(catalog: Catalog, request: PlanRequest) -> Plan:
    """Plan the request against the catalog."""
    _check(request)
    work = _work(catalog, request)
    if request.hours_per_week is not None:
        return _plan_at(catalog, request, work, request.hours_per_week)
    return _plan_by(catalog, request, work)


def _plan_at(catalog: Catalog, request: PlanRequest, work: _Work, hours: float) -> Plan:
    budget = budget_minutes(hours)
    total = sum(work.minutes.values())
    lower = max(math.ceil(total / budget), math.ceil(work.chain / budget))
    if lower > MAX_WEEKS:
        raise PlanningError(
            f"this plan needs {total / 60:g} hours: at {hours:g} h/week that is {lower:,} weeks,"
            f" more than {MAX_WEEKS:,}; plan with more hours per week"
        )
    breaks = break_weeks(request.start, request.skip)
    try:
        weeks = schedule(
            work.order, work.selection, work.minutes, work.requirements,
            budget=budget, start=request.start, parallel=request.parallel, breaks=breaks,
        )  # fmt: skip
    except ScheduleTooLong:
        raise PlanningError(f"this plan runs past {MAX_WEEKS:,} weeks; plan with more hours per week") from None
    return Plan(
        request=request,
        goals=work.goals,
        hours_per_week=hours,
        budget=budget,
        weeks=weeks,
        books=_summarise(work, weeks),
        minutes=work.minutes,
        total_minutes=total,
        lower_bound_weeks=lower,
        longest_chain_minutes=work.chain,
        done=work.done,
        saved_minutes=work.saved,
        catalog=catalog,
    )


def _plan_by(catalog: Catalog, request: PlanRequest, work: _Work) -> Plan:
    """The smallest weekly hours, in half hours, whose plan ends by the deadline."""
    assert request.by is not None
    deadline = request.by
    total = sum(work.minutes.values())
    days = (deadline - request.start).days + 1
    first = max(1, math.ceil(total / 30 / max(1, days // 7)))  # no fewer half hours than this can do
    best: Plan | None = None
    for half_hours in range(min(first, 160), 161):
        try:
            plan = _plan_at(catalog, request, work, half_hours / 2)
        except PlanningError:
            continue
        best = plan
        if plan.end <= deadline:
            return plan
    earliest = best.end.isoformat() if best is not None else "none"
    raise PlanningError(
        f"cannot finish by {deadline} even at {MAX_HOURS_PER_WEEK:g} h/week; the earliest end is {earliest}"
    )


def _summarise(work: _Work, weeks: tuple[Week, ...]) -> tuple[PlannedBook, ...]:
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for week in weeks:
        for piece in week.pieces:
            first.setdefault(piece.book, week.number)
            last[piece.book] = week.number
    prereqs: dict[str, list[Requirement]] = {}
    for req in work.requirements:
        prereqs.setdefault(req.after, []).append(req)
    return tuple(
        PlannedBook(
            id=book,
            units=tuple(sorted(work.selection[book])),
            minutes=sum(work.minutes[(book, u)] for u in work.selection[book]),
            first_week=first.get(book, 0),
            last_week=last.get(book, 0),
            target=book in work.targets,
            prerequisites=tuple(prereqs.get(book, ())),
        )
        for book in work.order
    )
