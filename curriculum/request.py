"""What a reader asks for: :class:`PlanRequest`, its limits, its checks, and how it is said.

The command line builds one (``curriculum.cli.build_request``); the planner takes it as it is.
Values outside the documented limits are :class:`~curriculum.errors.UsageError`. The request
says itself in three ways, so that no output echoes it by hand: in words (:meth:`in_words`,
for the terminal, HTML, PDF and Markdown), as ``plan`` arguments (:meth:`arguments`, for "make
this plan again", which parse back to the same request) and as JSON (:meth:`options_json`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any

from .errors import UsageError

if TYPE_CHECKING:
    from .catalog import Catalog
from .schedule import MAX_WEEKS

MAX_HOURS_PER_WEEK = 80.0
MAX_PACE = 10.0
MAX_PARALLEL = 10
LATEST_START = date.max - timedelta(weeks=MAX_WEEKS + 1)
"""A plan may run MAX_WEEKS weeks, and the calendar ends on 9999-12-31."""


@dataclass(frozen=True, slots=True)
class StudyDay:
    """A weekday the reader studies on (``--days mon=1,sat=09:00+3h``): 0 is Monday."""

    weekday: int
    minutes: int
    at: time | None = None
    """The time of day the session starts, when given; else the session is all-day."""


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
    """With ``hours_per_week``: fit the deadline, leaving out what does not fit."""
    prefer: tuple[str, ...] = ()
    """Books to pick among alternatives, before anything else but what is already read."""
    know: tuple[str, ...] = ()
    """Starting points (the catalog's ``starting_points``) the reader already knows."""
    from_zero: bool = False
    """Assume nothing, not even what the goals assume."""
    days: tuple[StudyDay, ...] = ()
    """The study days, in weekday order; empty: the week's hours spread over Monday to Friday."""
    tz: str | None = None
    """The reader's IANA time zone for timed calendar events (None: the machine's)."""
    partly: Mapping[tuple[str, int], int] = field(default_factory=dict)
    """Minutes already read of chapters not finished: (book, chapter index) -> minutes."""

    def check(self) -> None:
        """Refuse values outside the documented limits (a :class:`UsageError` naming the value)."""
        if not (math.isfinite(self.pace) and 0 < self.pace <= MAX_PACE):
            raise UsageError(f"pace must be more than 0 and at most {MAX_PACE:g} (got {self.pace:g})")
        if not 1 <= self.parallel <= MAX_PARALLEL:
            raise UsageError(f"parallel must be a whole number from 1 to {MAX_PARALLEL} (got {self.parallel})")
        for first, last in self.skip:
            if last < first:
                raise UsageError(f"skip range {first}..{last} ends before it starts")
        if self.hours_per_week is None and self.by is None:
            raise UsageError("give hours per week or a deadline")
        for name in self.prefer:
            if not name:
                raise UsageError("--prefer needs a book id")
        if self.by is not None and self.by < self.start:
            raise UsageError(f"the deadline {self.by} is before the start {self.start}")
        if self.start > LATEST_START:
            raise UsageError(
                f"the start {self.start} is too late: a plan may run {MAX_WEEKS:,} weeks and the calendar"
                f" ends on {date.max}, so start by {LATEST_START}"
            )

    def in_words(self, day: Callable[[date], str]) -> tuple[str, ...]:
        """Every choice besides the goals, the weekly hours and the start, in words; ``day``
        writes a date as the format at hand does."""
        out = []
        if self.by is not None:
            out.append(
                f"the fewest hours a week that finish by {day(self.by)}"
                if self.hours_per_week is None
                else f"a deadline of {day(self.by)}"
            )
        if self.parallel > 1:
            out.append(f"up to {self.parallel} books at once")
        if self.pace != 1:
            out.append(f"reading times × {self.pace:g}")
        if self.whole_books:
            out.append("whole books")
        if self.optional:
            out.append("optional prerequisites included")
        out += [f"no study from {day(first)} to {day(last)}" for first, last in self.skip]
        if self.prefer:
            out.append("preferring " + ", ".join(self.prefer) + " among alternatives")
        if self.know:
            out.append("knowing " + ", ".join(self.know))
        if self.from_zero:
            out.append("from zero")
        return tuple(out)

    def arguments(self, catalog: Catalog) -> list[str]:
        """The ``curriculum plan`` arguments that make this request again (finished chapters as
        ``--done`` with the catalog's chapter numbers; the catalog's own options not included)."""
        args: list[str] = []
        for goal in self.goals:
            args += ["--goal", goal]
        if self.hours_per_week is not None:
            args += ["--hours", _number(self.hours_per_week)]
        if self.by is not None:
            args += ["--by", self.by.isoformat()]
        args += ["--start", self.start.isoformat()]
        for book, units in self.done.items():
            args += ["--done", _done_argument(catalog, book, units)]
        for first, last in self.skip:
            args += ["--skip", f"{first.isoformat()}..{last.isoformat()}"]
        if self.pace != 1:
            args += ["--pace", _number(self.pace)]
        if self.parallel != 1:
            args += ["--parallel", str(self.parallel)]
        if self.whole_books:
            args.append("--whole-books")
        if self.optional:
            args.append("--optional")
        for book in self.prefer:
            args += ["--prefer", book]
        for point in self.know:
            args += ["--know", point]
        if self.from_zero:
            args.append("--from-zero")
        return args

    def options_json(self) -> dict[str, Any]:
        """The request's choices besides goals, hours, start and deadline, JSON-ready."""
        return {
            "whole_books": self.whole_books,
            "optional": self.optional,
            "pace": self.pace,
            "parallel": self.parallel,
            "skip": [[first.isoformat(), last.isoformat()] for first, last in self.skip],
            "prefer": list(self.prefer),
            "know": list(self.know),
            "from_zero": self.from_zero,
        }


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _done_argument(catalog: Catalog, book: str, units: frozenset[int]) -> str:
    """``book`` or ``book:1-4,7``: runs of consecutive chapters as ranges."""
    from .catalog.model import index_runs

    numbers = [u.number for u in catalog.books[book].units]
    if len(units) == len(numbers) or None in numbers:
        return book
    items: list[str] = []
    for first, last in index_runs(units):
        run = [n for n in numbers[first : last + 1] if n is not None]
        ranged = len(run) > 1 and "-" not in run[0] + run[-1]
        items += [f"{run[0]}-{run[-1]}"] if ranged else run
    return f"{book}:{','.join(items)}"


def budget_minutes(hours: float) -> int:
    """The weekly budget in whole minutes; refuses values outside (0, 80]."""
    if not math.isfinite(hours) or hours <= 0 or hours > MAX_HOURS_PER_WEEK:
        raise UsageError(f"hours per week must be more than 0 and at most {MAX_HOURS_PER_WEEK:g} (got {hours:g})")
    minutes = round(hours * 60)
    if minutes < 1:
        raise UsageError(f"hours per week must be at least one minute (got {hours:g})")
    return minutes
