"""The plan as iCalendar: one event per study session, naming its book and chapters.

A session of a weekly plan is an all-day event spanning its week; with study days it is on its
day, all-day, or timed in the reader's zone (DTSTART with TZID, and a VTIMEZONE for the zone)
when the day has a start time. Sessions already read keep their events: they are history.

UIDs name what a session reads, not its week (see :mod:`.calendar_state`), SEQUENCE grows when
an event changes, and events a re-plan dropped come back cancelled, so importing a re-made plan
moves and updates events instead of adding copies. Events are marked free
(TRANSP:TRANSPARENT): study time does not block a calendar. DTSTAMP, which iCalendar requires,
is SOURCE_DATE_EPOCH when given and otherwise the plan's start at midnight UTC, so the file is
the same every time it is made.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

from .calendar_state import calendar_events
from .text import one_line

if TYPE_CHECKING:
    from .job import PlanJob
    from .view import PlanView

PRODID = "-//curriculum//study plan//EN"


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
    timed: list[datetime] = []
    for item in calendar_events(view):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", item.sequence)
        event.add("dtstart", item.start)
        if item.end is not None:
            event.add("dtend", item.end)
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Study"])
        calendar.add_component(event)
        timed += [t for t in (item.start, item.end) if isinstance(t, datetime)]
    if timed:  # a VTIMEZONE for each zone used, with the rules of the plan's dates only
        first = min(t.date() for t in timed) - timedelta(days=1)
        last = max(t.date() for t in timed) + timedelta(days=1)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    ical = calendar.to_ical()
    assert isinstance(ical, bytes)
    return ical
