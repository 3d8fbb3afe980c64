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

The events are written here, line by line (RFC 5545: TEXT escaped, lines folded at 75 octets
without splitting a character): icalendar takes about 1 ms an event, 10 s for the 10,000
sessions of a 10k-book plan. icalendar makes the VTIMEZONE components, and the tests read
every file back with it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from .calendar_state import CalendarEvent, calendar_events
from .text import one_line

if TYPE_CHECKING:
    from .job import PlanJob
    from .view import PlanView

PRODID = "-//curriculum//study plan//EN"

_UTC_ZONES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"})
"""Zones whose times are written as UTC ('...Z'), which needs no VTIMEZONE."""


def render(job: PlanJob) -> str:
    """The plan as iCalendar text (the renderer 'ics'; CRLF line ends)."""
    return render_ics(job.view, created=job.created).decode("utf-8")


def render_ics(view: PlanView, *, created: datetime | None = None) -> bytes:
    """The calendar as bytes (CRLF line ends, as RFC 5545 asks)."""
    stamp = (created or datetime.combine(view.start, time(0, 0), tzinfo=UTC)).astimezone(UTC)
    name = f"Study plan: {view.title}" + (f" ({view.mentee})" if view.mentee else "")
    events = calendar_events(view)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    lines.append(f"X-WR-CALNAME:{_text(one_line(name))}")
    lines += _timezones(events)
    dtstamp = f"DTSTAMP:{stamp:%Y%m%dT%H%M%S}Z"
    for event in events:
        lines += ["BEGIN:VEVENT", f"UID:{_text(event.uid)}", dtstamp, f"SEQUENCE:{event.sequence}"]
        lines.append(_when("DTSTART", event.start))
        if event.end is not None:
            lines.append(_when("DTEND", event.end))
        lines.append(f"SUMMARY:{_text(event.summary)}")
        lines.append(f"DESCRIPTION:{_text(event.description)}")
        lines.append("STATUS:CANCELLED" if event.cancelled else "STATUS:CONFIRMED")
        lines += ["TRANSP:TRANSPARENT", "CATEGORIES:Study", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return b"".join(_fold(line) + b"\r\n" for line in lines)


def _text(value: str) -> str:
    """A TEXT value escaped (RFC 5545, 3.3.11); line breaks become ``\\n``."""
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n")
    )


def _zone(value: datetime) -> str:
    return str(getattr(value.tzinfo, "key", "UTC"))


def _when(name: str, value: date | datetime) -> str:
    """DTSTART/DTEND: a DATE, a UTC DATE-TIME ('Z') or a local one with its TZID."""
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    zone = _zone(value)
    if zone in _UTC_ZONES:
        return f"{name}:{value.astimezone(UTC):%Y%m%dT%H%M%S}Z"
    return f"{name};TZID={zone}:{value:%Y%m%dT%H%M%S}"


def _timezones(events: list[CalendarEvent]) -> list[str]:
    """A VTIMEZONE for each zone the events use (in name order), holding the rules of the
    plan's dates only."""
    timed = [t for e in events for t in (e.start, e.end) if isinstance(t, datetime) and _zone(t) not in _UTC_ZONES]
    if not timed:
        return []
    from icalendar import Timezone

    first = min(t.date() for t in timed) - timedelta(days=1)
    last = max(t.date() for t in timed) + timedelta(days=1)
    zones = {_zone(t): t.tzinfo for t in timed if t.tzinfo is not None}
    lines: list[str] = []
    for key in sorted(zones):
        component = Timezone.from_tzinfo(zones[key], tzid=key, first_date=first, last_date=last)
        text = component.to_ical().decode("utf-8")
        lines += text.replace("\r\n ", "").split("\r\n")[:-1]  # unfolded: folded again with the rest
    return lines


def _fold(line: str) -> bytes:
    """The line in UTF-8, folded (CRLF and a space) so that no line is over 75 octets. A fold
    never splits a character, nor a backslash from what it escapes."""
    data = line.encode("utf-8")
    if len(data) < 75:
        return data
    parts = []
    start = 0
    while len(data) - start >= 75:
        end = start + 74
        while data[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: the character starts before
            end -= 1
        backslashes = 0
        while backslashes < end - start and data[end - 1 - backslashes] == 0x5C:
            backslashes += 1
        end -= backslashes % 2  # an odd run: its last backslash escapes the next character
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts)
