"""The command line's own value types: hours a week, dates, date ranges, reading-pace factors.
Each refuses a bad value with one line that names it (click reports it with exit 2)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import click


class HoursType(click.ParamType):  # type: ignore[type-arg]
    """Hours per week: a number more than 0 and at most 80 (fractions allowed)."""

    name = "HOURS"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            hours = value
        else:
            try:
                hours = float(str(value).strip())
            except ValueError:
                self.fail(f"'{value}' is not a number of hours (try 5 or 2.5)", param, ctx)
        if not math.isfinite(hours) or hours <= 0 or hours > 80:
            self.fail(f"{value} is not between 0 (excluded) and 80 hours a week", param, ctx)
        if round(hours * 60) < 1:
            self.fail(f"{value} is less than a minute a week", param, ctx)
        return hours


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A calendar date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError as exc:
            reason = str(exc)
            if "format" in reason or not str(value).strip()[:4].isdigit():
                self.fail(f"'{value}' is not a date in the form YYYY-MM-DD", param, ctx)
            self.fail(f"'{value}' is not a real date ({reason})", param, ctx)


class SkipType(click.ParamType):  # type: ignore[type-arg]
    """A date range FROM..TO (both YYYY-MM-DD, TO not before FROM)."""

    name = "FROM..TO"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[date, date]:
        if isinstance(value, tuple):
            return value
        first, sep, last = str(value).partition("..")
        if not sep:
            self.fail(f"'{value}' is not a range FROM..TO (e.g. 2027-04-05..2027-04-18)", param, ctx)
        dates = DateType()
        start, end = dates.convert(first, param, ctx), dates.convert(last, param, ctx)
        if end < start:
            self.fail(f"'{value}' ends before it starts", param, ctx)
        return start, end


class PaceType(click.ParamType):  # type: ignore[type-arg]
    """A factor for reading times: more than 0, at most 10."""

    name = "FACTOR"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            pace = float(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is not a number (try 1.5 for 50% slower)", param, ctx)
        if not math.isfinite(pace) or pace <= 0 or pace > 10:
            self.fail(f"{value} is not between 0 (excluded) and 10", param, ctx)
        return pace
