"""The days of a plan: the minutes each weekday holds, the days ``--skip`` takes out, the study
slots of each week; and the warnings a plan's dates and finished chapters deserve.

* Every plan has a budget per weekday. With ``--days`` it is the reader's; without, the weekly
  budget is spread in whole minutes over Monday to Friday (``budget // 5`` each, the remainder
  to the first days), so a week holds exactly the weekly budget.
* Weeks start on the plan's start date and last 7 days, so each holds every weekday once, and a
  weekday's budget applies to that date's weekday.
* A skipped day (``--skip``: ranges of any length; overlapping and adjacent ones add up) takes
  exactly its own minutes out of its week. A week left with none is a break.
* Without ``--days`` a week is one slot, filled as a whole; with it, each study day is a slot.
  :func:`curriculum.schedule.schedule` fills slots by the same rule either way.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from msgspec import Struct

if TYPE_CHECKING:
    from .planner import Plan
    from .request import StudyDay

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WORK_DAYS = 5
"""Without ``--days`` the weekly hours are spread over Monday to Friday."""


def spread(budget: int) -> tuple[int, ...]:
    """A weekly budget as minutes per weekday: Monday to Friday, whole minutes, adding up to it."""
    share, extra = divmod(budget, WORK_DAYS)
    return (*(share + (day < extra) for day in range(WORK_DAYS)), 0, 0)


def daily_minutes(days: Sequence[StudyDay], budget: int) -> tuple[int, ...]:
    """Minutes per weekday (Monday first): the study days', or ``budget`` spread over the work days."""
    if not days:
        return spread(budget)
    out = [0] * 7
    for day in days:
        out[day.weekday] = day.minutes
    return tuple(out)


class Slot(Struct, frozen=True):
    """What is filled as one: a study day (``day`` set), or a whole week (``day`` None)."""

    day: date | None
    budget: int


class WeekDays(Struct, frozen=True):
    """A week's study time: its budget (what skipped days left of it), its slots, and how many
    of its study days were skipped."""

    budget: int
    slots: tuple[Slot, ...]
    days_off: int


def merged(ranges: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Date ranges as disjoint ones in order: overlapping and adjacent ranges become one."""
    out: list[tuple[date, date]] = []
    for first, last in sorted(ranges):
        if out and first.toordinal() <= out[-1][1].toordinal() + 1:
            out[-1] = (out[-1][0], max(out[-1][1], last))
        else:
            out.append((first, last))
    return out


class Calendar:
    """The study time of every day: minutes per weekday, less the skipped days."""

    __slots__ = ("_firsts", "_lasts", "_plain", "by_day", "daily")

    def __init__(self, daily: Sequence[int], skip: Iterable[tuple[date, date]] = (), *, by_day: bool = False) -> None:
        self.daily = tuple(daily)
        self.by_day = by_day
        ranges = merged(skip)
        self._firsts = [first for first, _ in ranges]
        self._lasts = [last for _, last in ranges]
        budget = sum(self.daily)
        self._plain = None if by_day or ranges else WeekDays(budget, (Slot(None, budget),) if budget else (), 0)
        """Every week, when they are all alike: one slot, no day skipped."""

    @property
    def budget(self) -> int:
        """The minutes of a week without skipped days."""
        return sum(self.daily)

    @property
    def slot_budget(self) -> int:
        """The smallest budget of a slot in a week without skipped days (the minimum piece's measure)."""
        return min(m for m in self.daily if m) if self.by_day else self.budget

    def skipped(self, day: date) -> bool:
        index = bisect.bisect_right(self._firsts, day) - 1
        return index >= 0 and day <= self._lasts[index]

    def week(self, first: date) -> WeekDays:
        """The study time of the 7 days from ``first``."""
        if self._plain is not None:
            return self._plain
        slots = []
        budget = off = 0
        for offset in range(7):
            day = first + timedelta(days=offset)
            minutes = self.daily[day.weekday()]
            if not minutes:
                continue
            if self._firsts and self.skipped(day):
                off += 1
                continue
            budget += minutes
            if self.by_day:
                slots.append(Slot(day, minutes))
        if not self.by_day and budget:
            slots.append(Slot(None, budget))
        return WeekDays(budget, tuple(slots), off)

    def study_days(self, first: date, last: date) -> bool:
        """Whether any day from ``first`` to ``last`` has study time (skipped or not)."""
        if (last - first).days >= 6:
            return any(self.daily)
        return any(self.daily[(first + timedelta(days=n)).weekday()] for n in range((last - first).days + 1))


def days_words(daily: Sequence[int]) -> str:
    """'Mon-Fri' or 'Mon, Wed, Sat': the weekdays with study time."""
    names = [DAY_NAMES[n] for n, minutes in enumerate(daily) if minutes]
    return "Mon-Fri" if names == list(DAY_NAMES[:WORK_DAYS]) else ", ".join(names)


def warnings(plan: Plan, today: date) -> list[str]:
    """One line each: a start in the past, finished chapters (``--done``, ``--progress``) that the
    plan does not hold, and each ``--skip`` range that takes no study time out of the plan."""
    request = plan.request
    out = []
    if request.start < today and request.continues is None:
        out.append(f"the start {request.start.isoformat()} is in the past (today is {today.isoformat()})")
    outside = []
    for book, units in request.done.items():
        extra = units - plan.done.get(book, frozenset())
        if extra:
            entry = plan.catalog.books[book]
            runs = entry.chapter_runs(extra)
            outside.append(f"{book} ch {runs}" if runs and extra != entry.readable else book)
    if outside:
        out.append(f"finished chapters that this plan does not hold are left aside: {'; '.join(outside)}")
    daily = daily_minutes(request.days, plan.budget)
    calendar = Calendar(daily)
    for first, last in request.skip:
        span = f"--skip {first.isoformat()}..{last.isoformat()} shortens nothing"
        if last < request.start:
            out.append(f"{span}: it ends before the plan starts ({request.start.isoformat()})")
        elif first > plan.end:
            out.append(f"{span}: it starts after the plan ends ({plan.end.isoformat()})")
        elif not calendar.study_days(max(first, request.start), min(last, plan.end)):
            out.append(f"{span}: it holds no study day (the plan studies {days_words(daily)})")
    return out
