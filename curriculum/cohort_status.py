"""Where each mentee of a cohort stands: their plan, continued from their latest progress export,
and how it compares with their *original* plan, the one their cohort entry alone makes.

* **Done**: the minutes read (a continued plan's sessions shown read; for a progress file of
  finished chapters only, what they take off the original plan) out of those read and to go.
* **Behind or ahead**: whole weeks between the end of the original plan and the end of the plan
  now (:attr:`curriculum.diff.Changes.weeks_later`: more than 0 behind, less than 0 ahead).
* **Week**: the week of the plan that holds the as-of day (0 before the plan starts).
* **Next session**: the first session not read yet, from that week on.
* **Stale**: the last export is more than :data:`STALE_DAYS` days older than the as-of day, or
  there is no progress file at all two weeks after the start.
* **Problem**: a progress file that cannot be read or used (the plan is then the entry's alone,
  and flagged), or an entry that cannot be planned at all (no plan).

Mentees are listed by who needs attention first (:func:`attention`): a problem, then the most
weeks behind, then a stale export, then the rest, by name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from .errors import CurriculumError, PlanningError

if TYPE_CHECKING:
    from .catalog import Catalog
    from .cohort import Member
    from .planner import Plan
    from .progress import Progress
    from .schedule import Piece

STALE_DAYS = 14
"""An export older than this many days before the as-of day is stale."""


@dataclass(frozen=True)
class Next:
    """A mentee's next session: the first not read yet, from the week they are in on."""

    week: int
    day: date
    """The session's study day, or its week's first day in a plan without study days."""
    at: time | None
    book: str
    pieces: tuple[Piece, ...]

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.pieces)


@dataclass(frozen=True)
class Status:
    """One mentee of a cohort, as the index page and ``cohort --json`` show them."""

    name: str
    goals: tuple[str, ...]
    title: str
    """The goals' titles, joined by ' + '."""
    start: date
    progress: str | None
    """The progress file as the cohort file names it."""
    end: date | None = None
    """When the plan now ends (None: no plan)."""
    planned_end: date | None = None
    """When the original plan (the entry alone) ends."""
    weeks_later: int = 0
    week: int = 0
    weeks: int = 0
    read_minutes: int = 0
    left_minutes: int = 0
    next: Next | None = None
    exported: datetime | None = None
    stale: bool = False
    problem: str | None = None
    notes: tuple[str, ...] = ()
    stem: str = ""
    """The file name of the mentee's plan files, without the suffix (set by whoever writes them)."""

    @property
    def known(self) -> bool:
        """Whether the figures say where the mentee stands: their progress file was read, or
        their plan has not started yet. (Without, their plan is the entry's alone.)"""
        return self.end is not None and self.problem is None and (self.progress is not None or self.week == 0)

    @property
    def percent(self) -> int | None:
        """Whole percent read, rounded down (100 only when nothing is left); None when not :attr:`known`."""
        if not self.known:
            return None
        total = self.read_minutes + self.left_minutes
        return self.read_minutes * 100 // total if total else 100


def attention(status: Status) -> tuple[int, int, int, str, str]:
    """The sort key of the index: a problem first, then the most weeks behind, then a stale
    export, then the rest; by name within each."""
    return (
        0 if status.problem else 1,
        -max(status.weeks_later, 0),
        0 if status.stale else 1,
        status.name.casefold(),
        status.name,
    )


def by_attention(statuses: Iterable[Status]) -> list[Status]:
    return sorted(statuses, key=attention)


def mentee_plan(catalog: Catalog, member: Member, *, as_of: date) -> tuple[Plan | None, Status]:
    """The plan to write for ``member`` on ``as_of`` (None when the entry cannot be planned) and
    their status. A progress file that cannot be read or used is the mentee's problem: the plan
    is then the entry's own."""
    from .continuation import with_progress
    from .planner import make_plan
    from .progress import read_progress_file

    request = member.request
    base = Status(member.name, request.goals, _title(catalog, request.goals), request.start, member.progress_text)
    try:
        original = make_plan(catalog, request)
    except CurriculumError as exc:
        return None, dataclasses.replace(base, problem=f"the cohort entry cannot be planned: {exc}")
    plan, problem, progress = original, None, None
    notes: list[str] = []
    if member.progress is not None:
        try:
            progress = read_progress_file(member.progress)
            progress = _fitting(catalog, member, progress, notes)
            plan = make_plan(catalog, with_progress(catalog, request, progress, as_of=as_of))
        except PlanningError as exc:
            problem = f"the plan cannot be continued from progress file {member.progress}: {exc}"
        except CurriculumError as exc:
            text = str(exc)
            problem = text if text.startswith("progress file") else f"progress file {member.progress}: {text}"
    if problem is not None:
        plan, progress, notes = original, None, []
    if plan.continued is not None:
        notes += dict.fromkeys(plan.continued.warnings)
    notes += _deadline_notes(original, plan)
    week = current_week(plan, as_of)
    exported = progress.exported if progress is not None else None
    read = plan.continued.done_minutes if plan.continued else max(0, original.total_minutes - plan.total_minutes)
    return plan, dataclasses.replace(
        base,
        end=plan.end,
        planned_end=original.end,
        weeks_later=_weeks_later(original.end, plan.end),
        week=week,
        weeks=len(plan.weeks),
        read_minutes=read,
        left_minutes=plan.total_minutes,
        next=next_session(plan, max(week, 1)),
        exported=exported,
        stale=problem is None and stale(exported, given=member.progress is not None, start=request.start, as_of=as_of),
        problem=problem,
        notes=tuple(notes),
    )


def current_week(plan: Plan, as_of: date) -> int:
    """The week of ``plan`` that holds ``as_of``: 0 before the plan starts."""
    from .continuation import current_week as week_of

    return week_of(plan.request.start, as_of) if as_of >= plan.request.start else 0


def stale(exported: datetime | None, *, given: bool, start: date, as_of: date) -> bool:
    """An export more than :data:`STALE_DAYS` days before ``as_of``; or none given at all that
    long after the start. A progress file that does not say when it was exported is not stale."""
    if exported is not None:
        return (as_of - exported.date()).days > STALE_DAYS
    return not given and (as_of - start).days > STALE_DAYS


def next_session(plan: Plan, week: int) -> Next | None:
    """The first session not read yet in week ``week`` or later: the pieces of one book, on one
    day, that follow each other."""
    times = {day.weekday: day.at for day in plan.request.days}
    for planned in plan.weeks:
        if planned.number < week:
            continue
        pieces: list[Piece] = []
        for piece in planned.pieces:
            if pieces and (piece.done or (piece.book, piece.day) != (pieces[0].book, pieces[0].day)):
                break
            if not piece.done:
                pieces.append(piece)
        if pieces:
            day = pieces[0].day or planned.start
            at = times.get(day.weekday()) if pieces[0].day is not None else None
            return Next(planned.number, day, at, pieces[0].book, tuple(pieces))
    return None


def _deadline_notes(original: Plan, plan: Plan) -> list[str]:
    """A plan with a deadline does not end later when its reader falls behind: it needs more
    hours a week (``by`` alone) or leaves more out (``by`` with hours). Either is said."""
    from .catalog.hours import hours_text

    by = plan.request.by
    if by is None:
        return []
    if plan.request.hours_per_week is None and plan.hours_per_week > original.hours_per_week:
        return [
            f"needs {hours_text(plan.budget)} a week now to finish by {by.isoformat()},"
            f" against {hours_text(original.budget)} in the original plan"
        ]
    more = sum(o.minutes for o in plan.left_out) - sum(o.minutes for o in original.left_out)
    return (
        [f"leaves {hours_text(more)} more out to finish by {by.isoformat()} than the original plan"] if more > 0 else []
    )


def _weeks_later(planned: date, now: date) -> int:
    from .diff import compare

    old, new = ({"end": end.isoformat(), "books": []} for end in (planned, now))
    return compare(old, new).weeks_later


def _title(catalog: Catalog, goals: tuple[str, ...]) -> str:
    return " + ".join(catalog.goals[g].title if g in catalog.goals else catalog.books[g].book.title for g in goals)


def _fitting(catalog: Catalog, member: Member, progress: Progress, notes: list[str]) -> Progress:
    """``progress`` as it applies to ``member``: an export of a plan for other goals than the
    entry's gives only its finished chapters, and ``notes`` says so."""
    if progress.plan is None:
        return progress
    goals = member.request.goals
    exported = tuple(dict.fromkeys(map(catalog.canonical, progress.goals)))
    if progress.goals and set(exported) != set(goals):
        notes.append(
            f"progress file {member.progress} is from a plan for {', '.join(exported)}, not {', '.join(goals)}:"
            " only its finished chapters are used"
        )
        return dataclasses.replace(progress, plan=None)
    return progress
