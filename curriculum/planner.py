"""From a request to a plan: goals, prerequisites, what is done, pace, and the deadline search.

The scheduling rule itself lives in :mod:`curriculum.schedule`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING

import msgspec
from msgspec import Struct, field

from .catalog import Catalog, Goal, StartingPoint
from .deadline import keep_fitting
from .errors import PlanningError
from .graph import Made, Requirement
from .order import book_order
from .request import MAX_HOURS_PER_WEEK, PlanRequest, budget_minutes
from .schedule import MAX_WEEKS, MIN_PIECE, Piece, ScheduleTooLong, Week, schedule
from .studydays import Calendar, daily_minutes
from .work import ChapterMinutes, Work, covered, prepare, resolve_goals

if TYPE_CHECKING:
    from .continuation import Continued  # its models need pydantic: imported only to continue a plan

__all__ = [
    "MIN_PIECE", "Made", "Piece", "Plan", "PlanRequest", "PlannedBook", "Week", "covered", "make_plan", "resolve_goals",
]  # fmt: skip


class PlannedBook(Struct, frozen=True, gc=False):
    id: str
    units: tuple[int, ...]
    minutes: int
    first_week: int
    last_week: int
    target: bool
    prerequisites: tuple[Requirement, ...]
    stretches: tuple[tuple[tuple[int, ...], int, int], ...] = ()
    """When the book is read in more than one stretch: (chapter indexes, first week, last week) each."""


class LeftOut(Struct, frozen=True):
    """Chapters a deadline left out of the plan."""

    book: str
    units: tuple[int, ...]
    minutes: int


class Plan(Struct, frozen=True):
    request: PlanRequest
    goals: tuple[Goal, ...]
    hours_per_week: float
    budget: int
    weeks: tuple[Week, ...]
    books: tuple[PlannedBook, ...]
    """In the order they start (first week, first day, then reading order)."""
    minutes: Mapping[tuple[str, int], int]
    """Planned minutes of each (book, chapter index), after --pace."""
    total_minutes: int
    lower_bound_weeks: int
    """max(ceil(W / H), ceil(C / H)) study weeks; C is the longest chain of prerequisite hours."""
    longest_chain_minutes: int
    done: Mapping[str, frozenset[int]]
    """Finished chapters that the plan would otherwise hold (others given as done are ignored)."""
    saved_minutes: int
    catalog: Catalog
    choices: tuple[Made, ...] = ()
    """Alternatives chosen for the reader, in the order they were met."""
    assumed: tuple[StartingPoint, ...] = ()
    """Starting points taken as known: the reader's ``--know`` and what the goals assume."""
    known: Mapping[str, frozenset[int]] = field(default_factory=dict)
    """Chapters those starting points cover that the plan would otherwise hold."""
    known_minutes: int = 0
    """Minutes the starting points take off the plan (what a reader from zero adds)."""
    left_out: tuple[LeftOut, ...] = ()
    """What a deadline (``by`` with ``hours_per_week``) left out."""
    fit_hours: float | None = None
    """With something left out: the fewest hours a week that fit everything by the deadline."""
    continued: Continued | None = None
    """How this plan continues another (:mod:`curriculum.continuation`), or None."""

    @property
    def end(self) -> date:
        """The last day of the last week (the start date when nothing is left to read)."""
        return self.weeks[-1].start + timedelta(days=6) if self.weeks else self.request.start

    @property
    def study_weeks(self) -> int:
        return sum(1 for w in self.weeks if not w.is_break)


def make_plan(catalog: Catalog, request: PlanRequest) -> Plan:
    """Plan the request against the catalog."""
    request.check()
    if request.continues is not None:
        from .continuation import continue_plan

        return continue_plan(catalog, request)
    work = prepare(catalog, request)
    if request.hours_per_week is None:
        return plan_by(catalog, request, work)
    plan = plan_at(catalog, request, work, request.hours_per_week)
    if request.by is not None and plan.end > request.by:
        return _fit(catalog, request, work, plan)
    return plan


def _fit(catalog: Catalog, request: PlanRequest, work: Work, plan: Plan) -> Plan:
    """``plan`` (which ends after ``request.by``) cut down to end by it (see :mod:`curriculum.deadline`):
    alternatives picked by hours alone, then the goals' target chapters kept in order while the
    plan still fits. Says what was left out, and the weekly hours that would fit everything."""
    assert request.by is not None and request.hours_per_week is not None
    by, hours = request.by, request.hours_per_week
    cheap = prepare(catalog, request, cheapest=True)
    best = plan_at(catalog, request, cheap, hours)
    if best.end > by:

        def attempt(chosen: list[tuple[str, int]]) -> Plan | None:
            kept: dict[str, set[int]] = {}
            for book, unit in chosen:
                kept.setdefault(book, set()).add(unit)
            only = [(book, frozenset(units)) for book, units in kept.items()]
            trial = plan_at(catalog, request, prepare(catalog, request, cheapest=True, only=only), hours)
            return trial if trial.end <= by else None

        flat = [(book, unit) for book, units in cheap.targets for unit in sorted(units)]
        _, best = keep_fitting(flat, attempt)
    try:
        weekly = msgspec.structs.replace(request, hours_per_week=None, days=())  # study days: hours over Mon-Fri
        needed: float | None = plan_by(catalog, weekly, work).hours_per_week
    except PlanningError:
        needed = None
    planned = {b.id: set(b.units) for b in best.books}
    left_out = tuple(
        LeftOut(book, missing, sum(work.minutes[book][u] for u in missing))
        for book, units in work.selection.items()
        if (missing := tuple(sorted(units - planned.get(book, set()))))
    )
    was = {_group(m): m.chosen for m in plan.choices}
    choices = tuple(
        msgspec.structs.replace(m, why=f"to finish by {by.isoformat()}: {m.why}")
        if was.get(_group(m), m.chosen) != m.chosen
        else m
        for m in best.choices
    )
    return msgspec.structs.replace(best, request=request, left_out=left_out, fit_hours=needed, choices=choices)


def _group(made: Made) -> tuple[str, frozenset[str]]:
    """A choice's group: what it comes before and its alternatives, whichever was chosen."""
    return made.after, frozenset(c.book for c in (made.chosen, *made.instead_of))


def plan_at(catalog: Catalog, request: PlanRequest, work: Work, hours: float) -> Plan:
    daily = daily_minutes(request.days, budget_minutes(hours))
    budget = sum(daily)
    total = work.total
    lower = max(math.ceil(total / budget), math.ceil(work.chain / budget))
    if lower > MAX_WEEKS:
        raise PlanningError(
            f"this plan needs {total / 60:g} hours: at {hours:g} h/week that is {lower:,} weeks,"
            f" more than {MAX_WEEKS:,}; plan with more hours per week"
        )
    calendar = Calendar(daily, request.skip, by_day=bool(request.days))
    try:
        weeks = schedule(
            work.stretches, work.lasts, work.minutes,
            calendar=calendar, start=request.start, parallel=request.parallel, spent=request.spent,
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
        minutes=ChapterMinutes(work.minutes),
        total_minutes=total,
        lower_bound_weeks=lower,
        longest_chain_minutes=work.chain,
        done=work.done,
        saved_minutes=work.saved,
        catalog=catalog,
        choices=work.choices,
        assumed=work.assumed,
        known=work.known,
        known_minutes=work.known_saved,
    )


def plan_by(catalog: Catalog, request: PlanRequest, work: Work) -> Plan:
    """The smallest weekly hours, in half hours, whose plan ends by the deadline."""
    assert request.by is not None
    deadline = request.by
    total = work.total
    days = (deadline - request.start).days + 1
    first = max(1, math.ceil(total / 30 / max(1, days // 7)))  # no fewer half hours than this can do
    best: Plan | None = None
    for half_hours in range(min(first, 160), 161):
        try:
            plan = plan_at(catalog, request, work, half_hours / 2)
        except PlanningError:
            continue
        best = plan
        if plan.end <= deadline:
            return plan
    earliest = best.end.isoformat() if best is not None else "none"
    raise PlanningError(
        f"cannot finish by {deadline} even at {MAX_HOURS_PER_WEEK:g} h/week; the earliest end is {earliest}"
    )


def _summarise(work: Work, weeks: tuple[Week, ...]) -> tuple[PlannedBook, ...]:
    stretches: dict[str, list[tuple[int, ...]]] = {}
    for book, units in work.stretches:
        stretches.setdefault(book, []).append(units)
    several = {b for b, runs in stretches.items() if len(runs) > 1}
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    unit_weeks: dict[tuple[str, int], tuple[int, int]] = {}
    began: dict[str, tuple[int, int]] = {}
    for week in weeks:
        number, book, spread = week.number, "", False
        for piece in week.pieces:
            if piece.book != book:  # a session's pieces are of one book: look at each session once
                book = piece.book
                if book not in first:
                    first[book] = number
                    began[book] = (number, piece.day.toordinal() if piece.day else 0)
                last[book] = number
                spread = book in several
            if spread:
                key = (book, piece.unit)
                unit_weeks[key] = (unit_weeks.get(key, (number, 0))[0], number)
    prereqs: dict[str, list[Requirement]] = {}
    for req in work.requirements:
        prereqs.setdefault(req.after, []).append(req)
    targets = {b for b, _ in work.targets}
    not_begun = (MAX_WEEKS + 1, 0)

    def spans(book: str) -> tuple[tuple[tuple[int, ...], int, int], ...]:
        runs = stretches[book]
        return tuple((units, unit_weeks[(book, units[0])][0], unit_weeks[(book, units[-1])][1]) for units in runs)

    selection, minutes = work.selection, work.minutes
    sorted_of: dict[frozenset[int], tuple[int, ...]] = {}  # books of the same chapters share one tuple
    return tuple(
        PlannedBook(
            book,
            sorted_of.get(planned := selection[book]) or sorted_of.setdefault(planned, tuple(sorted(planned))),
            sum(minutes[book].values()),
            first.get(book, 0),
            last.get(book, 0),
            book in targets,
            tuple(prereqs.get(book, ())),
            spans(book) if book in several else (),
        )
        # in the order they start; the sort is stable, so books that start together stay in
        # the order they are taken up
        for book in sorted(book_order(work.stretches), key=lambda b: began.get(b, not_begun))
    )
