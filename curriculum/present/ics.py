"""The plan as iCalendar: one all-day event spanning each week, naming its books and chapters.

UIDs are derived from the plan's goals, start date and mentee, plus the week number, so
importing a re-made plan (say with other hours) updates the week's event instead of adding
a second one. Events are marked free (TRANSP:TRANSPARENT): a study week does not block a
calendar. DTSTAMP, which iCalendar requires, is SOURCE_DATE_EPOCH when given and otherwise
the plan's start at midnight UTC, so the file is the same every time it is made.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from .text import day_text, hours_text, one_line

if TYPE_CHECKING:
    from .job import PlanJob
    from .view import PlanView, WeekView

PRODID = "-//curriculum//study plan//EN"


def series_id(view: PlanView) -> str:
    """What a plan's events have in common: its goals, start date and mentee."""
    key = json.dumps([[g[0] for g in view.goals], view.start.isoformat(), view.mentee], separators=(",", ":"))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def event_uid(view: PlanView, week: int) -> str:
    return f"{series_id(view)}-week-{week}@curriculum"


def render(job: PlanJob) -> str:
    """The plan as iCalendar text (the renderer 'ics'; CRLF line ends)."""
    return render_ics(job.view, created=job.created).decode("utf-8")


def render_ics(view: PlanView, *, created: datetime | None = None) -> bytes:
    """The calendar as bytes (CRLF line ends, as RFC 5545 asks)."""
    from icalendar import Calendar, Event

    stamp = created or datetime.combine(view.start, time(0, 0), tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"Study plan: {view.title}" + (f" ({view.mentee})" if view.mentee else "")
    calendar.add("x-wr-calname", one_line(name))
    for week in view.weeks:
        if week.is_break:
            continue
        books = list(dict.fromkeys(s.title for s in week.sessions))
        event = Event()
        event.add("uid", event_uid(view, week.number))
        event.add("dtstamp", stamp)
        event.add("dtstart", week.start)
        event.add("dtend", week.start + timedelta(days=7))
        event.add("summary", one_line(f"Study week {week.number}/{view.weeks_count}: {', '.join(books)}"))
        event.add("description", _description(view, week))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Study"])
        calendar.add_component(event)
    ical = calendar.to_ical()
    assert isinstance(ical, bytes)
    return ical


def _description(view: PlanView, week: WeekView) -> str:
    lines = [
        f"Week {week.number} of {view.weeks_count}, {day_text(week.start)} to {day_text(week.end)}:"
        f" {hours_text(week.minutes)} of reading."
    ]
    for session in week.sessions:
        lines.append("")
        lines.append(f"{session.title}, {session.summary} ({hours_text(session.minutes)})")
        for chapter in session.chapters:
            part = f", {chapter.part_text}" if chapter.part_text else ""
            lines.append(f"- {chapter.label} ({hours_text(chapter.minutes)}{part})")
    lines += ["", f"Plan: {view.title}. To make it again: {view.command}"]
    return "\n".join(one_line(line) for line in lines)  # no text can end a line of the calendar
