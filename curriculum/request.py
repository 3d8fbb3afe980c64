"""What a reader asks for: :class:`PlanRequest`, its limits, and its checks.

The command line builds one (``curriculum.cli``); the planner takes it as it is. Values outside
the documented limits are :class:`~curriculum.errors.UsageError`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from .errors import UsageError
from .schedule import MAX_WEEKS

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
    """With ``hours_per_week``: fit the deadline, leaving out what does not fit."""
    prefer: tuple[str, ...] = ()
    """Books to pick among alternatives, before anything else but what is already read."""
    know: tuple[str, ...] = ()
    """Starting points (the catalog's ``starting_points``) the reader already knows."""
    from_zero: bool = False
    """Assume nothing, not even what the goals assume."""

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


def budget_minutes(hours: float) -> int:
    """The weekly budget in whole minutes; refuses values outside (0, 80]."""
    if not math.isfinite(hours) or hours <= 0 or hours > MAX_HOURS_PER_WEEK:
        raise UsageError(f"hours per week must be more than 0 and at most {MAX_HOURS_PER_WEEK:g} (got {hours:g})")
    minutes = round(hours * 60)
    if minutes < 1:
        raise UsageError(f"hours per week must be at least one minute (got {hours:g})")
    return minutes
