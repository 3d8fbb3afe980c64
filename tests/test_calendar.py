"""The calendar: one event per study session (weekly, on study days, timed in the reader's zone),
UIDs that name what an event is, SEQUENCE and cancellations across re-plans. Checked with
icalendar, and by merging an old and a new file by UID as calendar apps do."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from curriculum.catalog import load_catalog
from curriculum.errors import UsageError
from curriculum.present.calendar_state import (
    calendar_state,
    machine_zone,
    parse_start,
    session_uids,
    start_text,
    zone_info,
)
from curriculum.present.command import regenerate_command
from curriculum.present.ics import render_ics
from curriculum.present.view import PlanView, build_view
from curriculum.request import StudyDay
from tests.conftest import HOSTILE_MENTEE, START, plan_of
from tests.replacing import replace

BERLIN = "Europe/Berlin"


def view_of(plan, mentee=None) -> PlanView:
    return build_view(plan, mentee=mentee, command=regenerate_command(plan, mentee=mentee))


def on_days(view: PlanView, *, at: time | None = None, tz: str | None = BERLIN) -> PlanView:
    """The view with its sessions on study days, as ``--days`` makes them: a week's i-th session
    on the (2i mod 7)-th day, every other one at ``at`` (all-day when ``at`` is None)."""
    weeks = []
    for week in view.weeks:
        sessions = tuple(
            replace(s, day=week.start + timedelta(days=2 * i % 7), at=at if i % 2 == 0 else None)
            for i, s in enumerate(week.sessions)
        )
        weeks.append(replace(week, sessions=sessions))
    return replace(view, weeks=tuple(weeks), tz=tz)


def events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def sessions(view: PlanView) -> list:
    return [(w, s) for w in view.weeks for s in w.sessions]


def shown(event) -> tuple:
    """What a calendar app shows of an event."""
    end = event.decoded("DTEND") if "DTEND" in event else None
    return event.decoded("DTSTART"), end, str(event["SUMMARY"]), str(event["DESCRIPTION"])


@pytest.fixture(scope="module")
def msd(bundled):
    return view_of(plan_of(bundled, "ml-system-design"), "Ada")


@pytest.fixture(scope="module")
def parallel(bundled):
    return view_of(plan_of(bundled, "ml-system-design", hours=6, parallel=2), "Ada")


def test_a_weekly_plan_has_an_all_day_event_per_session_over_its_week(parallel):
    data = render_ics(parallel)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"\r\nEND:VCALENDAR\r\n")
    calendar = Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//curriculum//study plan//EN" and str(calendar["VERSION"]) == "2.0"
    found = events(data)
    pairs = sessions(parallel)
    assert len(found) == len(pairs) > len(parallel.weeks)  # two books a week: more sessions than weeks
    for event, (week, session) in zip(found, pairs, strict=True):
        assert event.decoded("DTSTART") == week.start and event.decoded("DTEND") == week.start + timedelta(days=7)
        assert str(event["SUMMARY"]) == f"Study: {session.title}, {session.summary}"
        description = str(event["DESCRIPTION"])
        assert description.startswith(f"Week {week.number}, ") and all(c.label in description for c in session.chapters)
        assert str(event["TRANSP"]) == "TRANSPARENT" and str(event["STATUS"]) == "CONFIRMED"
        assert event["SEQUENCE"] == 0 and event.decoded("DTSTAMP") == datetime(2027, 1, 4, tzinfo=UTC)
    assert not calendar.walk("VTIMEZONE")


def test_study_days_give_all_day_events_on_the_day_and_timed_ones_in_the_readers_zone(msd):
    view = on_days(msd, at=time(18, 30))
    data = render_ics(view)
    calendar = Calendar.from_ical(data)
    found = events(data)
    assert len(found) == len(sessions(view))
    timed = 0
    for event, (_, session) in zip(found, sessions(view), strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        if session.at is None:
            assert (start, end) == (session.day, session.day + timedelta(days=1))
            continue
        timed += 1
        assert event["DTSTART"].params["TZID"] == BERLIN == event["DTEND"].params["TZID"]
        assert start == datetime.combine(session.day, time(18, 30), tzinfo=ZoneInfo(BERLIN))
        assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=session.minutes)
    assert timed and b"DTSTART;TZID=Europe/Berlin:20270104T183000\r\n" in data
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == [BERLIN]
    assert calendar.get_missing_tzids() == set()


def test_a_timed_session_over_a_clock_change_lasts_its_minutes(msd):
    week = next(w for w in msd.weeks if w.start <= date(2027, 3, 28) <= w.end)
    first = replace(week.sessions[0], day=date(2027, 3, 28), at=time(1, 30))
    view = replace(msd, weeks=(replace(week, sessions=(first,)),), tz=BERLIN)
    (event,) = events(render_ics(view))
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=first.minutes)
    assert end.utcoffset() == timedelta(hours=2) and start.utcoffset() == timedelta(hours=1)


def test_the_file_validates_and_done_sessions_keep_their_events(msd):
    done = tuple(replace(w, sessions=tuple(replace(s, done=True) for s in w.sessions)) for w in msd.weeks[:3])
    view = on_days(replace(msd, weeks=done + msd.weeks[3:]), at=time(9))
    found = events(render_ics(view))
    assert len(found) == len(sessions(msd))
    for event in found:
        assert {"UID", "DTSTAMP", "DTSTART", "SEQUENCE", "SUMMARY"} <= set(event.keys())
    uids = [str(e["UID"]) for e in found]
    assert len(set(uids)) == len(uids) and all(u.endswith("@curriculum") for u in uids)
    assert render_ics(view) == render_ics(view)


def test_a_plan_with_days_has_an_event_per_session_as_the_view_places_it(bundled):
    """Whatever the scheduler makes of --days (sessions on days, or weeks as before), the
    calendar follows the view."""
    days = (StudyDay(0, 60, time(7, 0)), StudyDay(2, 60), StudyDay(5, 180, time(9, 0)))
    view = replace(view_of(plan_of(bundled, "ml-system-design", days=days, tz=BERLIN)), tz=BERLIN)
    found = events(render_ics(view))
    assert len(found) == len(sessions(view))
    for event, (week, session) in zip(found, sessions(view), strict=True):
        start = event.decoded("DTSTART")
        if session.day is None:
            assert start == week.start
        elif session.at is None:
            assert start == session.day
        else:
            assert start == datetime.combine(session.day, session.at, tzinfo=ZoneInfo(BERLIN))


def test_uids_name_what_a_session_reads_not_when(bundled, msd):
    later = view_of(plan_of(bundled, "ml-system-design", start=START + timedelta(days=21)), "Ada")
    uids = set(calendar_state(msd))
    assert uids == set(calendar_state(later)) == set(calendar_state(on_days(later, at=time(7))))
    assert not uids & set(calendar_state(view_of(plan_of(bundled, "ml-system-design"), "Bob")))
    assert not uids & set(calendar_state(view_of(plan_of(bundled, "ml-system-design", "ml-interview"), "Ada")))


def where(view: PlanView) -> dict[str, tuple[str, int, int]]:
    """Each session's UID -> (book, first chapter, minutes into that chapter), worked out here."""
    into: dict[tuple[str, int], int] = {}
    out = {}
    for _, session, uid in session_uids(view):
        first = session.chapters[0].unit
        out[uid] = (session.book, first, into.get((session.book, first), 0))
        for c in session.chapters:
            into[(session.book, c.unit)] = into.get((session.book, c.unit), 0) + c.minutes
    return out


def test_a_uid_changes_exactly_when_a_session_starts_elsewhere_in_a_chapter(bundled, msd):
    faster = where(view_of(plan_of(bundled, "ml-system-design", hours=8), "Ada"))
    before = where(msd)
    assert len(set(before.values())) == len(before)
    shared = set(before) & set(faster)
    assert shared and shared != set(before)  # some sessions start where they did, some elsewhere
    assert {before[u] for u in shared} == set(before.values()) & set(faster.values())


def merge(*files: bytes) -> dict:
    """Import the files in turn as a calendar app does: per UID the event with the highest
    SEQUENCE (an equal one does not replace what is there); then drop the cancelled ones."""
    kept: dict = {}
    for data in files:
        for event in events(data):
            uid = str(event["UID"])
            if uid not in kept or event["SEQUENCE"] > kept[uid]["SEQUENCE"]:
                kept[uid] = event
    return {uid: e for uid, e in kept.items() if str(e.get("STATUS")) != "CANCELLED"}


def replans(bundled):
    weekly = view_of(plan_of(bundled, "ml-system-design"), "Ada")
    week_later = view_of(plan_of(bundled, "ml-system-design", start=START + timedelta(days=7)), "Ada")
    faster = view_of(plan_of(bundled, "ml-system-design", hours=8, start=START + timedelta(days=14)), "Ada")
    return {
        "a week later": (weekly, week_later),
        "more hours, later": (weekly, faster),
        "other hours of the day": (on_days(weekly, at=time(9)), on_days(weekly, at=time(18))),
        "weekly to study days": (weekly, on_days(faster, at=time(7))),
        "study days to fewer hours": (on_days(faster, at=time(7)), weekly),
    }


@pytest.mark.parametrize("case", ["a week later", "more hours, later", "other hours of the day",
                                  "weekly to study days", "study days to fewer hours"])  # fmt: skip
def test_a_replan_merged_into_the_old_calendar_leaves_the_new_plan_alone(bundled, case):
    old, new = replans(bundled)[case]
    new = replace(new, previous_events=calendar_state(old))
    old_data, new_data = render_ics(old), render_ics(new)
    merged = merge(old_data, new_data)
    live = {str(e["UID"]): e for e in events(new_data) if str(e["STATUS"]) == "CONFIRMED"}
    assert len(live) == len(sessions(new))
    assert set(merged) == set(live)  # no duplicate, no orphan
    assert all(shown(merged[uid]) == shown(live[uid]) for uid in live)  # what changed was updated
    before = {str(e["UID"]): e for e in events(old_data)}
    moved = [u for u in live if u in before and before[u].decoded("DTSTART") != live[u].decoded("DTSTART")]
    assert moved and all(merged[u].decoded("DTSTART") == live[u].decoded("DTSTART") for u in moved)
    assert all(live[u]["SEQUENCE"] == 1 for u in moved)
    for event in events(new_data):
        if str(event["STATUS"]) == "CANCELLED":
            assert str(event["UID"]) in before and str(event["UID"]) not in live
            assert event["SEQUENCE"] == 1 and event.decoded("DTSTART") == before[str(event["UID"])].decoded("DTSTART")
            assert str(event["SUMMARY"]) == "Cancelled: a study session dropped from the plan"
    assert Calendar.from_ical(new_data).get_missing_tzids() == set()


def test_a_week_later_moves_every_event_and_cancels_none(bundled):
    old, new = replans(bundled)["a week later"]
    state = calendar_state(replace(new, previous_events=calendar_state(old)))
    assert set(state) == set(calendar_state(old)) and {s for s, _, _ in state.values()} == {1}


def test_sequence_stays_for_the_same_file_and_a_dropped_event_returns_above_its_cancellation(bundled):
    old, new = replans(bundled)["more hours, later"]
    first = calendar_state(old)
    second = calendar_state(replace(new, previous_events=first))
    assert calendar_state(replace(new, previous_events=second)) == second  # made again: nothing changed
    dropped = set(first) - set(calendar_state(new))
    assert dropped and all(second[u][0] == 1 for u in dropped)
    back = calendar_state(replace(old, previous_events=second))
    assert all(back[u][0] == 2 for u in dropped)
    files = [render_ics(v) for v in (old, replace(new, previous_events=first), replace(old, previous_events=second))]
    assert set(merge(*files)) == set(calendar_state(old))  # every event back, none cancelled


def test_an_event_dropped_from_the_plan_is_cancelled_at_its_old_start(msd):
    previous = {
        "gone-timed@x": (3, "0" * 16, "2027-02-06T09:15:00[America/New_York]"),
        "gone-day@x": (0, "1" * 16, "2027-02-08"),
        "gone-odd@x": (1, "2" * 16, "not a start"),
    }
    data = render_ics(replace(msd, previous_events=previous))
    gone = {str(e["UID"]): e for e in events(data) if str(e["STATUS"]) == "CANCELLED"}
    assert set(gone) == set(previous)
    assert gone["gone-timed@x"]["DTSTART"].params["TZID"] == "America/New_York"
    assert gone["gone-timed@x"].decoded("DTSTART") == datetime(2027, 2, 6, 9, 15, tzinfo=ZoneInfo("America/New_York"))
    assert gone["gone-day@x"].decoded("DTSTART") == date(2027, 2, 8)
    assert gone["gone-odd@x"].decoded("DTSTART") == START
    assert [gone[u]["SEQUENCE"] for u in previous] == [4, 1, 2]
    assert Calendar.from_ical(data).get_missing_tzids() == set()


def test_start_text_reads_back():
    timed = datetime(2027, 1, 4, 9, 0, tzinfo=ZoneInfo(BERLIN))
    assert start_text(timed) == "2027-01-04T09:00:00[Europe/Berlin]" and parse_start(start_text(timed)) == timed
    assert start_text(date(2027, 1, 4)) == "2027-01-04" and parse_start("2027-01-04") == date(2027, 1, 4)
    assert parse_start("2027-01-04T09:00:00[Nowhere/Land]") is None and parse_start("2027-13-01") is None


def test_the_readers_zone(monkeypatch):
    monkeypatch.setenv("TZ", ":America/Lima")
    assert machine_zone() == "America/Lima"
    monkeypatch.setenv("TZ", "/usr/share/zoneinfo/Asia/Tokyo")
    assert machine_zone() == "Asia/Tokyo"
    monkeypatch.setenv("TZ", "CET-1CEST")
    assert zone_info(machine_zone())
    with pytest.raises(UsageError, match="unknown time zone 'Mars/Olympus'"):
        zone_info("Mars/Olympus")


def test_break_weeks_have_no_events_and_source_date_stamps_them(bundled):
    plan = plan_of(bundled, "swe-system-design", skip=((date(2027, 1, 11), date(2027, 1, 17)),))
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    found = events(render_ics(view_of(plan), created=stamp))
    assert {e.decoded("DTSTART") for e in found} == {w.start for w in plan.weeks if not w.is_break}
    assert all(e.decoded("DTSTAMP") == stamp for e in found)


def test_hostile_text_stays_text(hostile_catalog):
    plan = plan_of(load_catalog(hostile_catalog), "hostile")
    found = events(render_ics(view_of(plan, HOSTILE_MENTEE)))
    assert any("<script>window.__pwned=1</script>Evil & Co" in str(e["SUMMARY"]) for e in found)
    assert any("1. </script><script>window.__pwned=3</script>" in str(e["DESCRIPTION"]) for e in found)


def test_the_file_says_what_icalendar_would_write(msd):
    """The events are written by hand (icalendar takes 1 ms an event): read back, they hold
    what icalendar itself writes from the same events."""
    from icalendar import Event

    from curriculum.present.calendar_state import calendar_events

    long = "Ünïcödé ✓ " * 12 + "a\\b;c,d " + "\\" * 9 + " 🎓" * 30
    week = replace(msd.weeks[0], sessions=(replace(msd.weeks[0].sessions[0], title=long, day=START, at=time(9)),))
    gone = {"gone@x": (2, "0" * 16, "2027-02-06T09:15:00[America/New_York]")}
    view = replace(msd, weeks=(week, *msd.weeks[1:]), tz=BERLIN, previous_events=gone, mentee=long)
    data = render_ics(view)
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75 and line.decode("utf-8")  # folded between characters
    mine = events(data)
    expected = []
    for item in calendar_events(view):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstart", item.start)
        if item.end is not None:
            event.add("dtend", item.end)
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("sequence", item.sequence)
        expected.append(Calendar.from_ical(event.to_ical()))
    assert len(mine) == len(expected)
    for got, want in zip(mine, expected, strict=True):
        for key in ("UID", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "SEQUENCE"):
            assert (key in got) == (key in want)
            if key in want:
                assert got.decoded(key) == want.decoded(key), key
                assert getattr(got[key], "params", {}) == getattr(want[key], "params", {}), key
    raw = str(Calendar.from_ical(data)["X-WR-CALNAME"])  # icalendar leaves X- values escaped
    name = re.sub(r"\\(.)", lambda m: "\n" if m[1] in "nN" else m[1], raw)
    assert long in str(mine[0]["SUMMARY"]) and name == f"Study plan: ML system design ({long})"
    zones = [str(z["TZID"]) for z in Calendar.from_ical(data).walk("VTIMEZONE")]
    assert zones == ["America/New_York", BERLIN]


@pytest.mark.parametrize(
    "text", ["a" * 74, "a" * 75, "a" * 300, "é" * 80, "🎓" * 40, "a" * 73 + "\\,b" * 40, "\\" * 200]
)
def test_lines_fold_at_75_octets_between_characters_and_escapes(text):
    from curriculum.present.ics import _fold

    folded = _fold(text)
    lines = folded.split(b"\r\n ")
    assert all(len(line) <= 74 for line in lines) and b"".join(lines).decode("utf-8") == text
    assert all(line.decode("utf-8") for line in lines)
    assert len(lines) == 1 + (len(text.encode()) >= 75) * (len(lines) - 1)
    for line in lines[:-1]:
        run = len(line) - len(line.rstrip(b"\\"))
        assert run % 2 == 0  # no line ends inside an escape
