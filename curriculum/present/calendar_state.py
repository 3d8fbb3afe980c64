"""A plan's calendar as data: one event per study session, what it is called, what it shows,
and the state a re-plan passes back so that a re-imported calendar updates instead of copying.

An event's UID names what the session reads, not when: the plan's goals, the mentee, the book,
the chapter the session starts in and how far into that chapter it starts (the minutes of the
earlier pieces of the same chapter in the plan). A re-plan that moves a session to another
week, day or hour keeps its UID, so a calendar app moves the event; a session that now starts
elsewhere in a chapter (the chapter is cut at another place) is another event.

:func:`calendar_state` is what a calendar held: UID -> (SEQUENCE, content digest, DTSTART
text). A plan made from progress gets the state of the plan before as ``previous_events``;
then an event keeps its SEQUENCE when its digest (start, end, summary, description) is the
same and gets the next one when it changed, and every event of the state that the plan no
longer has comes back cancelled (STATUS:CANCELLED, the next SEQUENCE, its old start). Cancelled
events stay in the state, so a calendar that skipped a re-plan still hears of them, and an
event that comes back later gets a SEQUENCE above its cancellation.

DTSTART text is ISO 8601: ``2027-01-04`` for an all-day event, ``2027-01-04T09:00:00[Europe/Berlin]``
(local time and IANA zone, as RFC 9557 writes them) for a timed one. Nothing here imports
icalendar; :mod:`.ics` writes these events as iCalendar.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from msgspec import Struct

from ..errors import UsageError
from .text import day_text, hours_text, one_line

if TYPE_CHECKING:
    from .view import PlanView, SessionView, WeekView

State = dict[str, tuple[int, str, str]]
"""UID -> (SEQUENCE, content digest, DTSTART text)."""

CANCELLED_SUMMARY = "Cancelled: a study session dropped from the plan"


class CalendarEvent(Struct, frozen=True):
    """One VEVENT. ``start``/``end`` are dates (all-day; ``end`` exclusive) or aware datetimes
    in the reader's zone; a cancelled event has no end."""

    uid: str
    start: date | datetime
    end: date | datetime | None
    summary: str
    description: str
    sequence: int
    digest: str
    cancelled: bool = False

    @property
    def start_text(self) -> str:
        return start_text(self.start)


def calendar_state(view: PlanView) -> State:
    """What the plan's calendar holds (its events, cancelled ones too): UID -> (SEQUENCE,
    digest, DTSTART text). The HTML page keeps it, a progress export carries it, and a re-plan
    passes it back as ``previous_events``."""
    return {e.uid: (e.sequence, e.digest, e.start_text) for e in _events(view)}


def calendar_events(view: PlanView) -> list[CalendarEvent]:
    """The plan's events: one per study session (done ones too: they are history), in plan
    order, then those of ``view.previous_events`` the plan no longer has, cancelled."""
    return list(_events(view))


def _events(view: PlanView) -> Iterator[CalendarEvent]:
    """:func:`calendar_events` one at a time (a 100k-book plan's state is made without holding
    every event's texts)."""
    previous = view.previous_events
    zone = _LazyZone(view.tz)
    live: set[str] = set()
    for week, session, uid in session_uids(view):
        start, end = _span(week, session, zone)
        summary = one_line(f"Study: {session.title}, {session.summary}")
        description = _description(view, week, session)
        digest = _digest(start_text(start), start_text(end), summary, description)
        sequence = _sequence(previous.get(uid), digest)
        live.add(uid)
        yield CalendarEvent(uid, start, end, summary, description, sequence, digest)
    for uid, before in sorted(previous.items()):
        if uid in live:
            continue
        start = parse_start(before[2]) or view.start
        digest = _digest("cancelled", start_text(start))
        description = one_line(f"This session is no longer in the study plan {view.title}.")
        yield CalendarEvent(uid, start, None, CANCELLED_SUMMARY, description,
                            _sequence(before, digest), digest, cancelled=True)  # fmt: skip


def session_uids(view: PlanView) -> Iterator[tuple[WeekView, SessionView, str]]:
    """Each session of the plan with its week and UID (see the module's docstring), one at a time."""
    series = [sorted(g[0] for g in view.goals), view.mentee]
    into: dict[str, dict[int, int]] = {}
    """Per book, per chapter, the minutes of its pieces so far (a dict per book: a (book,
    chapter) key per chapter was a tenth of a 100k-book plan's peak memory)."""
    seen: set[str] = set()
    for week in view.weeks:
        for session in week.sessions:
            first = session.chapters[0].unit if session.chapters else -1
            book = into.setdefault(session.book, {})
            key = [*series, session.book, first, book.get(first, 0)]
            uid = _uid(key, seen)
            for chapter in session.chapters:
                book[chapter.unit] = book.get(chapter.unit, 0) + chapter.minutes
            yield week, session, uid


def _uid(key: Sequence[object], seen: set[str]) -> str:
    """A UID from ``key``; a second session with the same key (only a chapter of no minutes
    can make one) gets a counter, so UIDs are unique in a file."""
    for extra in range(len(seen) + 1):
        text = json.dumps([*key, extra] if extra else key, separators=(",", ":"), ensure_ascii=True)
        uid = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + "@curriculum"
        if uid not in seen:
            seen.add(uid)
            return uid
    raise AssertionError("unreachable: there are more counters than UIDs seen")


def _sequence(previous: tuple[int, str, str] | None, digest: str) -> int:
    if previous is None:
        return 0
    sequence = max(0, previous[0])
    return sequence if previous[1] == digest else sequence + 1


def _digest(*parts: str) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=True).encode("utf-8")).hexdigest()[:16]


def _span(week: WeekView, session: SessionView, zone: _LazyZone) -> tuple[date | datetime, date | datetime]:
    """All-day over the week (weekly plans), all-day on the study day, or timed from ``at``."""
    if session.day is None:
        return week.start, week.start + timedelta(days=7)
    if session.at is None:
        return session.day, session.day + timedelta(days=1)
    start = datetime.combine(session.day, session.at, tzinfo=zone.get())
    end = (start.astimezone(UTC) + timedelta(minutes=session.minutes)).astimezone(start.tzinfo)
    return start, end


def _description(view: PlanView, week: WeekView, session: SessionView) -> str:
    """What the session reads. Nothing that changes with every re-plan (the plan's end, its
    number of weeks, the command that makes it), so that an unchanged session keeps its SEQUENCE."""
    if session.day is None:
        when = f"{day_text(week.start)} to {day_text(week.end)}"
    else:
        when = day_text(session.day) + (f", {session.at:%H:%M}" if session.at else "")
    lines = [f"Week {week.number}, {when}: {hours_text(session.minutes)} of {session.title}."]
    for chapter in session.chapters:
        part = f", {chapter.part_text}" if chapter.part_text else ""
        lines.append(f"- {chapter.label} ({hours_text(chapter.minutes)}{part})")
    lines += ["", f"Study plan: {view.title}" + (f", for {view.mentee}." if view.mentee else ".")]
    return "\n".join(one_line(line) for line in lines)  # no text can end a line of the calendar


# --- DTSTART as text -------------------------------------------------------------------------

_TIMED = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?)\[([A-Za-z0-9_+\-/]{1,64})\]")


def start_text(value: date | datetime | None) -> str:
    """'2027-01-04', or '2027-01-04T09:00:00[Europe/Berlin]' for an aware datetime."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        return value.isoformat()
    key = getattr(value.tzinfo, "key", None) or "UTC"
    return f"{value.replace(tzinfo=None).isoformat(timespec='seconds')}[{key}]"


def parse_start(text: str) -> date | datetime | None:
    """:func:`start_text` read back; None for text it did not write (or a zone this machine
    does not know)."""
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", text):
            return date.fromisoformat(text)
        found = _TIMED.fullmatch(text)
        if found:
            return datetime.fromisoformat(found[1]).replace(tzinfo=ZoneInfo(found[2]))
    except (ValueError, ZoneInfoNotFoundError):
        pass
    return None


# --- The reader's zone ------------------------------------------------------------------------


def zone_info(name: str) -> ZoneInfo:
    """The IANA zone ``name`` ('Europe/Berlin'), or a UsageError naming it."""
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        raise UsageError(f"unknown time zone '{name}' (give an IANA name such as Europe/Berlin)") from None


def machine_zone() -> str:
    """This machine's IANA zone name: from $TZ, the /etc/localtime link or /etc/timezone;
    'UTC' when none of them names a zone."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    with contextlib.suppress(OSError):
        candidates.append(os.path.realpath("/etc/localtime"))
    with contextlib.suppress(OSError), open("/etc/timezone", encoding="utf-8") as file:
        candidates.append(file.readline().strip())
    for candidate in candidates:
        name = candidate.rpartition("zoneinfo/")[2] if "zoneinfo/" in candidate else candidate
        if name and not name.startswith("/"):
            try:
                ZoneInfo(name)
            except (ValueError, ZoneInfoNotFoundError):
                continue
            return name
    return "UTC"


class _LazyZone:
    """The reader's zone, looked up only when a timed event needs it."""

    def __init__(self, name: str | None) -> None:
        self.name = name
        self._zone: ZoneInfo | None = None

    def get(self) -> ZoneInfo:
        if self._zone is None:
            self._zone = zone_info(self.name or machine_zone())
        return self._zone
