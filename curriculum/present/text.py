"""The small words every output shares: hours (made in :mod:`curriculum.catalog.hours`, which the
core uses too), dates, week spans and a session's chapters.

One place for each, so the terminal, HTML, PDF, Markdown, iCalendar, CSV and the graph say
"1.5 h", "Mon 4 Jan 2027" and "ch 1-3, 5" the same way. Nothing here knows a plan: the
functions take numbers, dates and catalog entries.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, time

from ..catalog.hours import hours as hours
from ..catalog.hours import hours_number as hours_number
from ..catalog.hours import hours_text as hours_text

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_text(day: date) -> str:
    """'Mon 5 Jan 2026', the same in every locale."""
    return f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]} {day.year}"


def iso_day(day: date) -> str:
    """'Mon 2026-01-05', for the terminal."""
    return f"{_DAYS[day.weekday()]} {day.isoformat()}"


def short_day(day: date) -> str:
    """'5 Jan'."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def session_day(day: date, at: time | None) -> str:
    """When a session of a plan with study days is read: 'Sat 9 Jan, 09:00' or 'Sat 9 Jan'."""
    when = f"{_DAYS[day.weekday()]} {short_day(day)}"
    return f"{when}, {at.strftime('%H:%M')}" if at is not None else when


def days_off_text(days_off: int) -> str:
    """'1 day off', '2 days off'; '' for none."""
    return f"{days_off} day{'s' if days_off != 1 else ''} off" if days_off else ""


def week_span(first: int, last: int, *, dash: str = "-") -> str:
    """'week 3' or 'weeks 3-6'."""
    return f"week {first}" if first == last else f"weeks {first}{dash}{last}"


_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def one_line(text: str) -> str:
    """Printable text on one line: control characters dropped, every run of spaces and line
    breaks made one space. For formats where a stray character would break the syntax."""
    return " ".join(_INVALID.sub("", text).split())


def printable(text: str) -> str:
    """``text`` without the control characters that XML forbids (line breaks kept)."""
    return _INVALID.sub("", text)


# --- Runs of chapter numbers ---------------------------------------------------------------


def pieces_text(pieces: Sequence[tuple[str | None, int, int, int]]) -> str:
    """A session's pieces, each (chapter number, part, parts, chapter index), as 'ch 1-3, 4 (part 1/2)'.

    Whole chapters that follow each other in the book make a run (chapters 6, 7 and 10 are
    '6-7, 10'); a chapter read in parts stands alone; a book without a chapter list is 'whole
    book' (or 'part 1/2'), without the 'ch'.
    """
    items: list[str] = []
    run: list[str] = []
    last = -2

    def flush() -> None:
        if run:
            items.append(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}")
            run.clear()

    for number, part, parts, index in pieces:
        if parts > 1:
            flush()
            label = f"part {part}/{parts}"
            items.append(f"{number} ({label})" if number is not None else label)
        elif number is None:
            items.append("whole book")
        else:
            if index != last + 1:
                flush()
            run.append(number)
        last = index
    flush()
    text = ", ".join(items)
    return text if all(number is None for number, _, _, _ in pieces) else f"ch {text}"
