"""The plan as CSV for spreadsheets: one row per reading session.

Columns: ``week``, ``week_start`` (YYYY-MM-DD), ``book`` (its id), ``title``, ``chapters``
(as the other formats say them: 'ch 1-3, 4 (part 1/2)'), ``hours`` (a decimal number), ``for``
(the `--for` name, or empty), ``day`` and ``time`` (the study day, YYYY-MM-DD, and its HH:MM, for
a plan with ``--days``; else empty) and ``minutes`` (a whole number: the hours exactly, so a
column of them adds up to the plan's total). Weeks off have no sessions, so no rows. RFC 4180: comma
separated, CRLF line ends, a field quoted (quotes doubled) when it holds a comma, a quote or
a line break; UTF-8 without a byte order mark. A cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading ``'``, so a spreadsheet never runs a catalog
title or a name as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from .text import hours, hours_number

if TYPE_CHECKING:
    from .job import PlanJob

COLUMNS = ("week", "week_start", "book", "title", "chapters", "hours", "for", "day", "time", "minutes")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """``text`` made safe to open in a spreadsheet: a leading ``'`` where it could start a formula."""
    return "'" + text if text.startswith(_FORMULA) else text


def render(job: PlanJob) -> str:
    """The sessions as CSV text (the renderer 'csv')."""
    view = job.view
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for week in view.weeks:
        for session in week.sessions:
            day = session.day.isoformat() if session.day else ""
            at = session.at.strftime("%H:%M") if session.at else ""
            row = (str(week.number), week.start.isoformat(), session.book, session.title, session.summary,
                   hours_number(hours(session.minutes)), view.mentee or "", day, at, str(session.minutes))  # fmt: skip
            writer.writerow([cell(value) for value in row])
    return out.getvalue()
