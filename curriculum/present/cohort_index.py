"""A cohort at a glance: the index page (``index.html``), the same rows for the terminal and as
JSON, and the mentor's calendar of check-ins (``cohort.ics``).

One row per mentee (:class:`Row`), in the order of :func:`curriculum.cohort_status.attention`:
goal, share read, on track or weeks behind or ahead of the original plan, the week they are in,
their next session, their last export, and links to their plan's files. The page follows the
plans' rules: everything inline, nothing fetched (a Content-Security-Policy forbids it, and it
has no script), every text escaped by Jinja, links only to the plans' own files beside it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..cohort_status import STALE_DAYS, Status, by_attention
from . import registry
from .text import day_text, hours_number, hours_text, one_line, pieces_text

if TYPE_CHECKING:
    from ..catalog import Catalog

LINKED = ("html", "pdf", "md", "ics", "json", "csv")
"""The format a mentee's name links to: the first of these that was written."""


@dataclass(frozen=True)
class Row:
    """A mentee's row, in words."""

    status: Status
    schedule: str
    """'on track', '2 weeks behind', '1 week ahead', 'no plan'."""
    done: str
    week: str
    next: str
    export: str
    links: tuple[tuple[str, str, str], ...]
    """(format, file name, relative link) of each of the mentee's files."""

    @property
    def kind(self) -> str:
        """What the row's colour says: problem, behind, stale, unknown (no export yet), ahead or on-track."""
        s = self.status
        if s.problem or s.end is None:
            return "problem"
        if s.weeks_later > 0:
            return "behind"
        if s.stale or not s.known:
            return "stale" if s.stale else "unknown"
        return "ahead" if s.weeks_later < 0 else "on-track"

    @property
    def href(self) -> str | None:
        return self.links[0][2] if self.links else None


def rows(statuses: Sequence[Status], catalog: Catalog, *, formats: Sequence[str], as_of: date) -> list[Row]:
    """The rows of the index, who needs attention first."""
    from .notes import display_titles

    titles = display_titles(catalog, (s.next.book for s in statuses if s.next is not None))
    suffixes = [(name, registry.find("plan", name).suffix) for name in LINKED if name in formats]
    out = []
    for s in by_attention(statuses):
        files = [(name, f"{s.stem}.{suffix}") for name, suffix in suffixes] if s.end else []
        links = tuple((name, file, quote(file)) for name, file in files)
        out.append(Row(s, _schedule(s), _done(s), _week(s), _next(s, catalog, titles), _export(s, as_of), links))
    return out


def _schedule(s: Status) -> str:
    if s.end is None:
        return "no plan"
    if not s.known:
        return "not known"
    n = abs(s.weeks_later)
    weeks = f"{n} week{'s' if n != 1 else ''}"
    return f"{weeks} behind" if s.weeks_later > 0 else f"{weeks} ahead" if s.weeks_later < 0 else "on track"


def _done(s: Status) -> str:
    if not s.known:
        return ""
    return f"{s.percent}% ({hours_text(s.read_minutes)} of {hours_text(s.read_minutes + s.left_minutes)})"


def _week(s: Status) -> str:
    if s.end is None:
        return ""
    if s.week == 0:
        return f"starts {day_text(s.start)}"
    if s.week > s.weeks:
        return f"past the last week ({s.weeks})"
    return f"week {s.week} of {s.weeks}"


def _next(s: Status, catalog: Catalog, titles: dict[str, str]) -> str:
    if s.end is None:
        return ""
    n = s.next
    if n is None:
        return "nothing left to read"
    units = catalog.books[n.book].units
    chapters = pieces_text([(units[p.unit].number, p.part, p.parts, p.unit) for p in n.pieces])
    when = day_text(n.day) + (f", {n.at.strftime('%H:%M')}" if n.at else "")
    return f"{when} (week {n.week}): {titles[n.book]} {chapters}, {hours_text(n.minutes)}"


def _export(s: Status, as_of: date) -> str:
    if s.problem and s.progress:
        return "unreadable" if s.exported is None else day_text(s.exported.date())
    if s.exported is not None:
        days = (as_of - s.exported.date()).days
        ago = f", {days} days before" if days > STALE_DAYS else ""
        return f"{day_text(s.exported.date())}{ago}"
    return "no export yet" if s.progress is None else "not dated"


def counts_text(found: Sequence[Row]) -> str:
    """'5 mentees: 1 with a problem, 1 behind, 1 ahead, 1 with a stale export, 1 on track'."""
    kinds = [r.kind for r in found]
    parts = [
        (kinds.count("problem"), "with a problem"),
        (kinds.count("behind"), "behind"),
        (kinds.count("ahead"), "ahead"),
        (kinds.count("stale"), "with a stale export"),
        (kinds.count("unknown"), "not exported yet"),
        (kinds.count("on-track"), "on track"),
    ]
    words = ", ".join(f"{n} {what}" for n, what in parts if n)
    return f"{len(found)} mentee{'s' if len(found) != 1 else ''}" + (f": {words}" if words else "")


ORDER_TEXT = (
    f"Who needs attention first: a problem, then the most weeks behind the original plan, then an export"
    f" more than {STALE_DAYS} days old (or none two weeks after the start), then the rest, by name."
)


def render_index(mentor: str, found: Sequence[Row], *, as_of: date, created: datetime | None) -> str:
    """The index page (``index.html``)."""
    from markupsafe import Markup

    from .html import _asset, _csp_hash, _environment

    css = _asset("cohort.css")
    csp = f"default-src 'none'; style-src {_csp_hash(css)}; img-src data:; base-uri 'none'; form-action 'none'"
    return (
        _environment()
        .get_template("cohort.html.j2")
        .render(
            mentor=mentor,
            rows=found,
            as_of=day_text(as_of),
            counts=counts_text(found),
            order=ORDER_TEXT,
            csp=csp,
            css=Markup(css),  # noqa: S704 - the project's own stylesheet
            created=created.strftime("%Y-%m-%dT%H:%M:%SZ") if created else None,
        )
    )


def cohort_text(mentor: str, found: Sequence[Row], *, as_of: date) -> str:
    """The rows for the terminal: one line each, then what is wrong, indented."""
    lines = [f"Cohort of {mentor}, as of {day_text(as_of)}: {counts_text(found)}", ""]
    head = ("mentee", "goal", "done", "schedule", "week", "last export")
    table = [head] + [
        (
            r.status.name,
            r.status.title,
            f"{r.status.percent}%" if r.status.known else "-",
            r.schedule,
            r.week,
            r.export + (" (stale)" if r.status.stale else ""),
        )
        for r in found
    ]
    widths = [max(len(one_line(row[i])) for row in table) for i in range(len(head))]
    for n, row in enumerate(table):
        lines.append("  ".join(one_line(cell).ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            continue
        r = found[n - 1]
        for text in ([f"problem: {r.status.problem}"] if r.status.problem else []) + [*r.status.notes]:
            lines.append(f"    {text}")
        if r.next and r.status.next is not None:
            lines.append(f"    next: {r.next}")
    return "\n".join(lines)


def cohort_json(mentor: str, found: Sequence[Row], *, as_of: date) -> dict[str, Any]:
    """The rows as data (``cohort --json``)."""
    return {
        "mentor": mentor,
        "as_of": as_of.isoformat(),
        "mentees": [_row_json(r) for r in found],
    }


def _row_json(r: Row) -> dict[str, Any]:
    s = r.status
    n = s.next
    return {
        "name": s.name,
        "goals": list(s.goals),
        "title": s.title,
        "percent": s.percent,
        "read_minutes": s.read_minutes if s.known else None,
        "left_minutes": s.left_minutes if s.end else None,
        "weeks_later": s.weeks_later if s.known else None,
        "schedule": r.schedule,
        "week": s.week if s.end else None,
        "weeks": s.weeks if s.end else None,
        "start": s.start.isoformat(),
        "end": s.end.isoformat() if s.end else None,
        "planned_end": s.planned_end.isoformat() if s.planned_end else None,
        "next": None if n is None else {
            "week": n.week, "day": n.day.isoformat(), "at": n.at.strftime("%H:%M") if n.at else None,
            "book": n.book, "hours": hours_number(n.minutes), "text": r.next,
        },
        "exported": s.exported.isoformat() if s.exported else None,
        "stale": s.stale,
        "problem": s.problem,
        "notes": list(s.notes),
        "files": [file for _, file, _ in r.links],
    }  # fmt: skip


def render_checkins(mentor: str, found: Sequence[Row], *, weeks: int, created: datetime | None) -> bytes:
    """The mentor's calendar: an all-day check-in with each mentee on the first day of every
    ``weeks``-th week of their plan (weeks 1 + N, 1 + 2N, ...), up to the Monday after its last
    week. A check-in's UID names the mentor, the mentee, their goals and the week, so a calendar
    re-imported after a re-plan keeps its events; nothing in an event changes with progress."""
    from .ics import PRODID, _fold, _text

    starts = [r.status.start for r in found]
    stamp = (created or datetime.combine(min(starts, default=date(2000, 1, 3)), time(0, 0), tzinfo=UTC)).astimezone(UTC)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    lines.append(f"X-WR-CALNAME:{_text(one_line(f'Check-ins of {mentor}'))}")
    events = []
    for r in found:
        s = r.status
        if s.end is None:
            continue
        week = 1 + weeks
        while (day := s.start + timedelta(weeks=week - 1)) <= s.end + timedelta(days=1):
            events.append((day, s.name.casefold(), week, r))
            week += weeks
    for day, _, week, r in sorted(events, key=lambda e: e[:3]):
        s = r.status
        key = json.dumps([mentor, s.name, list(s.goals), week]).encode("utf-8")
        uid = f"{hashlib.sha256(key).hexdigest()[:24]}@curriculum-cohort"
        plan = f" Their plan: {r.links[0][1]}." if r.links else ""  # the file's name
        lines += [
            "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp:%Y%m%dT%H%M%S}Z", "SEQUENCE:0",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_text(one_line(f'Check in with {s.name} (week {week})'))}",
            f"DESCRIPTION:{_text(one_line(f'Week {week} of the plan of {s.name} for {s.title} begins.{plan}'))}",
            "STATUS:CONFIRMED", "TRANSP:TRANSPARENT", "CATEGORIES:Mentoring", "END:VEVENT",
        ]  # fmt: skip
    lines.append("END:VCALENDAR")
    return b"".join(_fold(line) + b"\r\n" for line in lines)
