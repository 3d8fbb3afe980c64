"""What a reader asks for: :class:`PlanRequest`, its limits, its checks, and how it is said.

The command line builds one (``curriculum.cli.build_request``); the planner takes it as it is.
Values outside the documented limits are :class:`~curriculum.errors.UsageError`. The request
says itself in three ways, so that no output echoes it by hand: in words (:meth:`in_words`,
for the terminal, HTML, PDF and Markdown), as ``plan`` arguments (:meth:`arguments`, for "make
this plan again", which parse back to the same request) and as JSON (:meth:`options_json`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from .errors import UsageError

if TYPE_CHECKING:
    from .catalog import Catalog
    from .continuation import Exported
from .schedule import MAX_WEEKS
from .studydays import DAY_NAMES, WEEKDAYS

MAX_HOURS_PER_WEEK = 80.0
MAX_PACE = 10.0
MAX_PARALLEL = 10
LATEST_START = date.max - timedelta(weeks=MAX_WEEKS + 1)
"""A plan may run MAX_WEEKS weeks, and the calendar ends on 9999-12-31."""


class StudyDay(Struct, frozen=True):
    """A weekday the reader studies on (``--days mon=1,sat=09:00+3h``): 0 is Monday."""

    weekday: int
    minutes: int
    at: time | None = None
    """The time of day the session starts, when given; else the session is all-day."""

    def check(self) -> None:
        """Refuse a day that is no weekday, holds no minute or more than the day, or runs past midnight."""
        if not 0 <= self.weekday < 7:
            raise UsageError(f"study day {self.weekday} is not a weekday (0 is Monday, 6 Sunday)")
        start = self.at.hour * 60 + self.at.minute if self.at is not None else 0
        if not 1 <= self.minutes <= DAY_MINUTES - start:
            raise UsageError(f"study day {day_argument(self)} does not fit in a day")


DAY_MINUTES = 24 * 60
_DAY_ITEM = re.compile(r"(?P<day>[a-z]+)=(?:(?P<at>\d{1,2}:\d{2})\+)?(?P<amount>\d+(?:\.\d+)?)(?P<unit>[hm]?)")
DAYS_SYNTAX = "DAY=HOURS or DAY=HH:MM+HOURS, e.g. mon=1,wed=1.5h,sat=09:00+3h (or 90m for minutes)"


def parse_days(text: str) -> tuple[StudyDay, ...]:
    """``--days``: a comma list of ``DAY=DURATION`` or ``DAY=HH:MM+DURATION`` items, DAY one of
    mon...sun, DURATION hours (``1.5`` or ``1.5h``) or minutes (``90m``), a whole number of
    minutes, the time the day's session starts. In weekday order; a :class:`UsageError` names
    the bad item."""
    days: dict[int, StudyDay] = {}
    for raw in text.split(","):
        item = raw.strip()
        found = _DAY_ITEM.fullmatch(item.lower())
        if found is None:
            raise UsageError(f"'{item}' is not {DAYS_SYNTAX}")
        if found["day"] not in WEEKDAYS:
            raise UsageError(f"'{item}': '{found['day']}' is not a day ({', '.join(WEEKDAYS)})")
        weekday = WEEKDAYS.index(found["day"])
        if weekday in days:
            raise UsageError(f"'{item}': {found['day']} is given twice")
        amount = Decimal(found["amount"]) * (1 if found["unit"] == "m" else 60)
        if amount != amount.to_integral_value():
            raise UsageError(f"'{item}': {found['amount']}{found['unit'] or 'h'} is not a whole number of minutes")
        at = None
        if found["at"] is not None:
            hour, minute = map(int, found["at"].split(":"))
            if hour > 23 or minute > 59:
                raise UsageError(f"'{item}': {found['at']} is not a time of day (00:00 to 23:59)")
            at = time(hour, minute)
        if amount < 1:
            raise UsageError(f"'{item}': a study day needs at least a minute")
        if amount > DAY_MINUTES:
            raise UsageError(f"'{item}': a day has no more than 24 hours")
        if at is not None and at.hour * 60 + at.minute + amount > DAY_MINUTES:
            raise UsageError(f"'{item}': from {found['at']} it runs past midnight")
        days[weekday] = StudyDay(weekday, int(amount), at)
    total = sum(day.minutes for day in days.values())
    if total > MAX_HOURS_PER_WEEK * 60:
        raise UsageError(f"'{text}' adds up to {total / 60:g} h a week, more than {MAX_HOURS_PER_WEEK:g}")
    return tuple(days[weekday] for weekday in sorted(days))


def week_hours(days: Sequence[StudyDay], hours: float | None) -> float | None:
    """The weekly hours of a request: the study days' sum, else ``hours``; both is a usage error."""
    if not days:
        return hours
    week = sum(day.minutes for day in days) / 60
    if hours is not None:
        raise UsageError(f"give --hours or --days, not both (these --days make {week:g} h a week)")
    return week


def day_argument(day: StudyDay) -> str:
    """A study day as ``--days`` writes it: ``mon=1.5h``, ``sat=09:00+3h``, ``sun=50m``."""
    at = f"{day.at.strftime('%H:%M')}+" if day.at is not None else ""
    minutes = day.minutes
    amount = f"{_number(minutes / 60)}h" if minutes * 100 % 60 == 0 else f"{minutes}m"
    return f"{WEEKDAYS[day.weekday]}={at}{amount}"


def days_in_words(days: Sequence[StudyDay], tz: str | None) -> str:
    """'study days Mon 1 h, Sat 3 h from 09:00 (Europe/Berlin)'."""
    items = []
    for day in days:
        hours = f"{day.minutes / 60:.2f}".rstrip("0").rstrip(".")
        items.append(f"{DAY_NAMES[day.weekday]} {hours} h" + (f" from {day.at.strftime('%H:%M')}" if day.at else ""))
    zone = f" ({tz})" if tz and any(day.at for day in days) else ""
    return f"study days {', '.join(items)}{zone}"


class Continues(Struct, frozen=True, kw_only=True):
    """What continuing a plan needs: the progress export it continues (``source`` as given),
    the day it is continued on, the ticked sessions, and the request as it was before the
    export's progress was added (``base``: what "make this plan again" repeats)."""

    source: str
    as_of: date
    ticked: tuple[str, ...]
    exported: Exported
    base: PlanRequest


class PlanRequest(Struct, frozen=True, kw_only=True):
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
    spent: Mapping[date, int] = field(default_factory=dict)
    """Minutes of a week's budget already read (by the week's first day): a continued plan's
    current week, when the reader read ahead."""
    continues: Continues | None = None
    """The plan this one continues, from its progress export (:mod:`curriculum.continuation`)."""

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
        self._check_days()

    def _check_days(self) -> None:
        """Study days: each a weekday once, and the weekly hours theirs."""
        for day in self.days:
            day.check()
        if len({day.weekday for day in self.days}) != len(self.days):
            raise UsageError("a weekday is given twice among the study days")
        total = sum(day.minutes for day in self.days)
        if self.days and (self.hours_per_week is None or round(self.hours_per_week * 60) != total):
            raise UsageError(f"the study days make {total / 60:g} h a week: give them without other hours")

    def in_words(self, day: Callable[[date], str]) -> tuple[str, ...]:
        """Every choice besides the goals, the weekly hours and the start, in words; ``day``
        writes a date as the format at hand does."""
        out = []
        if self.continues is not None:
            out.append(f"the progress in {self.continues.source}, continued on {day(self.continues.as_of)}")
        if self.by is not None:
            out.append(
                f"the fewest hours a week that finish by {day(self.by)}"
                if self.hours_per_week is None
                else f"a deadline of {day(self.by)}"
            )
        if self.days:
            out.append(days_in_words(self.days, self.tz))
        if self.parallel > 1:
            out.append(f"up to {self.parallel} books at once")
        if self.pace != 1:
            out.append(f"reading times × {self.pace:g}")
        if self.whole_books:
            out.append("whole books")
        if self.optional:
            out.append("optional prerequisites included")
        out += [
            f"no study on {day(first)}" if first == last else f"no study from {day(first)} to {day(last)}"
            for first, last in self.skip
        ]
        if self.prefer:
            out.append("preferring " + ", ".join(self.prefer) + " among alternatives")
        if self.know:
            out.append("knowing " + ", ".join(self.know))
        if self.from_zero:
            out.append("from zero")
        return tuple(out)

    def arguments(self, catalog: Catalog) -> list[str]:
        """The ``curriculum plan`` arguments that make this request again (finished chapters as
        ``--done`` with the catalog's chapter numbers; the catalog's own options not included).
        A continued plan is made again from its progress file, on the same day."""
        if self.continues is not None:
            where = ["--progress", self.continues.source, "--as-of", self.continues.as_of.isoformat()]
            return where + self.continues.base.arguments(catalog)
        args: list[str] = []
        for goal in self.goals:
            args += ["--goal", goal]
        if self.days:
            args += ["--days", ",".join(map(day_argument, self.days))]
        elif self.hours_per_week is not None:
            args += ["--hours", _number(self.hours_per_week)]
        if self.tz is not None:
            args += ["--tz", self.tz]
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
            "days": [
                {"day": WEEKDAYS[d.weekday], "minutes": d.minutes, "at": d.at.strftime("%H:%M") if d.at else None}
                for d in self.days
            ],
            "tz": self.tz,
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
