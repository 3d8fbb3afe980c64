"""Study days (`--days`, `--tz`): the syntax, the plan they make (sessions on days, no day over
its hours), how every output says them, and the warnings and defaults a user meets on the way."""

from __future__ import annotations

import json
from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curriculum.cli import cli
from curriculum.errors import UsageError
from curriculum.planner import PlanRequest, make_plan
from curriculum.request import StudyDay, day_argument, parse_days
from curriculum.studydays import spread
from tests.conftest import START

BASE = ["plan", "--start", "2027-01-04"]
USAGE = "Usage: curriculum plan [OPTIONS]\nTry 'curriculum plan --help' for help.\n\n"
DAYS = "mon=1,wed=1.5,sat=09:00+3h"
SYNTAX = "is not DAY=HOURS or DAY=HH:MM+HOURS, e.g. mon=1,wed=1.5h,sat=09:00+3h (or 90m for minutes)"


def invoke(runner, *args: str):
    return runner.invoke(cli, prog_name="curriculum", args=[*BASE, *args])


def plan_json(runner, *args: str) -> dict:
    result = invoke(runner, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- The syntax ----------------------------------------------------------------------------


def test_days_are_hours_minutes_and_times_in_weekday_order():
    assert parse_days("sat=09:00+3h, Mon=1,wed=1.5,sun=90m,fri=18:30+45m") == (
        StudyDay(0, 60),
        StudyDay(2, 90),
        StudyDay(4, 45, time(18, 30)),
        StudyDay(5, 180, time(9, 0)),
        StudyDay(6, 90),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mon", f"'mon' {SYNTAX}"),
        (
            "mon=1,,tue=1",
            f"'' {SYNTAX}",
        ),
        ("mon=1,moon=2", "'moon=2': 'moon' is not a day (mon, tue, wed, thu, fri, sat, sun)"),
        ("mon=1,mon=2", "'mon=2': mon is given twice"),
        ("fri=1.333", "'fri=1.333': 1.333h is not a whole number of minutes"),
        ("fri=1.5m", "'fri=1.5m': 1.5m is not a whole number of minutes"),
        ("tue=0", "'tue=0': a study day needs at least a minute"),
        ("tue=25h", "'tue=25h': a day has no more than 24 hours"),
        ("sat=23:00+3h", "'sat=23:00+3h': from 23:00 it runs past midnight"),
        ("sat=24:00+1h", "'sat=24:00+1h': 24:00 is not a time of day (00:00 to 23:59)"),
        (
            "sat=9h+3h",
            f"'sat=9h+3h' {SYNTAX}",
        ),
        ("mon=24,tue=24,wed=24,thu=9", "'mon=24,tue=24,wed=24,thu=9' adds up to 81 h a week, more than 80"),
    ],
)
def test_a_bad_day_is_refused_naming_the_item(runner, text, message):
    with pytest.raises(UsageError) as caught:
        parse_days(text)
    assert str(caught.value) == message
    result = invoke(runner, "--goal", "ddia", "--days", text)
    assert result.exit_code == 2
    assert result.stderr == USAGE + f"Error: Invalid value for '--days': {message}\n"


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(1, 600), st.booleans()), min_size=1, max_size=7))
def test_a_day_says_itself_as_it_parses(items):
    days = {n: StudyDay(n, minutes, time(6, 15) if timed else None) for n, minutes, timed in items}
    written = ",".join(day_argument(days[n]) for n in sorted(days))
    assert parse_days(written) == tuple(days[n] for n in sorted(days))


def test_hours_and_days_together_are_a_usage_error(runner):
    result = invoke(runner, "--goal", "ddia", "--hours", "5", "--days", DAYS)
    assert result.exit_code == 2
    assert result.stderr == "Error: give --hours or --days, not both (these --days make 5.5 h a week)\n"


def test_a_bad_zone_is_named(runner):
    result = invoke(runner, "--goal", "ddia", "--days", DAYS, "--tz", "Mars/Olympus_Mons")
    assert result.exit_code == 2
    assert result.stderr == USAGE + (
        "Error: Invalid value for '--tz': 'Mars/Olympus_Mons' is not a time zone (an IANA name such as"
        " Europe/Berlin or UTC)\n"
    )


def test_times_of_day_take_the_zone_given_else_the_machines(runner, monkeypatch):
    given_zone = plan_json(runner, "--goal", "ddia", "--days", DAYS, "--tz", "Europe/Berlin")
    assert given_zone["options"]["tz"] == "Europe/Berlin"
    monkeypatch.setenv("TZ", "America/Chicago")
    assert plan_json(runner, "--goal", "ddia", "--days", DAYS)["options"]["tz"] == "America/Chicago"
    # Without a time of day no zone matters, and none is recorded.
    assert plan_json(runner, "--goal", "ddia", "--days", "mon=1,sat=3")["options"]["tz"] is None


# --- The plan ------------------------------------------------------------------------------


def test_sessions_land_on_study_days_within_their_hours(runner):
    data = plan_json(runner, "--goal", "ml-system-design", "--days", DAYS)
    assert data["hours_per_week"] == 5.5 and data["minutes_per_week"] == 330
    assert data["options"]["days"] == [
        {"day": "mon", "minutes": 60, "at": None},
        {"day": "wed", "minutes": 90, "at": None},
        {"day": "sat", "minutes": 180, "at": "09:00"},
    ]
    limits = {0: (60, None), 2: (90, None), 5: (180, "09:00")}
    for week in data["weeks"]:
        first = date.fromisoformat(week["start"])
        per_day: dict[str, int] = {}
        for session in week["sessions"]:
            day = date.fromisoformat(session["day"])
            assert first <= day <= first + timedelta(days=6)
            assert day.weekday() in limits and session["at"] == limits[day.weekday()][1]
            per_day[session["day"]] = per_day.get(session["day"], 0) + session["minutes"]
        assert all(minutes <= limits[date.fromisoformat(d).weekday()][0] for d, minutes in per_day.items())
        assert week["minutes"] <= week["budget_minutes"] == 330
    assert data["weeks"][0]["sessions"][0] == {
        "book": "hundred-page-ml",
        "chapters": ["1"],
        "hours": 1.0,
        "minutes": 60,
        "day": "2027-01-04",
        "at": None,
        "pieces": [{"chapter": "1", "hours": 1.0, "minutes": 60, "part": 1, "of": 2}],
    }


def test_without_days_the_weekly_hours_spread_over_monday_to_friday_to_the_minute():
    assert spread(300) == (60, 60, 60, 60, 60, 0, 0)
    assert spread(332) == (67, 67, 66, 66, 66, 0, 0)
    assert spread(3) == (1, 1, 1, 0, 0, 0, 0)


@given(st.integers(1, 80 * 60))
def test_a_spread_week_holds_exactly_its_budget(budget):
    days = spread(budget)
    assert sum(days) == budget and max(days) - min(days[:5]) <= 1 and days[5:] == (0, 0)


def test_a_weekly_plan_is_as_before_a_week_is_one_slot(bundled):
    plan = make_plan(bundled, PlanRequest(goals=("ml-system-design",), hours_per_week=10, start=START))
    assert [w.minutes for w in plan.weeks] == [600] * 11 + [330]
    assert all(piece.day is None for week in plan.weeks for piece in week.pieces)


def test_a_deadline_with_days_leaves_out_what_does_not_fit(runner):
    data = plan_json(runner, "--goal", "ml-interview", "--days", "sat=4,sun=4", "--by", "2027-03-28")
    assert data["end"] <= "2027-03-28" and data["left_out"]
    assert data["fit_hours_per_week"] is not None
    assert all(date.fromisoformat(s["day"]).weekday() in (5, 6) for w in data["weeks"] for s in w["sessions"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    goal=st.sampled_from(["ml-system-design", "llm-engineering", "ml-interview", "deep-learning"]),
    days=st.dictionaries(st.integers(0, 6), st.integers(10, 300), min_size=1),
    parallel=st.integers(1, 3),
)
def test_no_day_over_its_hours_and_no_session_on_a_day_without_study_time(bundled, goal, days, parallel):
    study = tuple(StudyDay(n, days[n]) for n in sorted(days))
    request = PlanRequest(
        goals=(goal,), hours_per_week=sum(days.values()) / 60, days=study, start=START, parallel=parallel
    )
    plan = make_plan(bundled, request)
    read: dict[date, int] = {}
    for week in plan.weeks:
        for piece in week.pieces:
            assert piece.day is not None and piece.day.weekday() in days
            assert week.start <= piece.day <= week.start + timedelta(days=6)
            read[piece.day] = read.get(piece.day, 0) + piece.minutes
    assert all(minutes <= days[day.weekday()] for day, minutes in read.items())
    assert sum(read.values()) == plan.total_minutes


# --- How the outputs say it ----------------------------------------------------------------


def test_every_output_names_the_day_and_time(runner, tmp_path):
    result = invoke(runner, "--goal", "ml-system-design", "--days", DAYS, "--tz", "Europe/Berlin",
                    "--out", str(tmp_path), "--format", "md,html,csv")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "5.5 h/week on Mon, Wed, Sat, starting Mon 2027-01-04\n" in result.stdout
    assert "study days Mon 1 h, Wed 1.5 h, Sat 3 h from 09:00 (Europe/Berlin)" in result.stdout
    assert (
        "Week 1   Mon 2027-01-04  5.5 h of 5.5 h\n"
        "  Mon            1 h  The Hundred-Page Machine Learning Book: ch 1 (part 1/2)\n"
        "  Wed          1.5 h  The Hundred-Page Machine Learning Book: ch 1 (part 2/2), 2 (part 1/2)\n"
        "  Sat 09:00      3 h  The Hundred-Page Machine Learning Book: ch 2 (part 2/2), 3, 4 (part 1/2)\n"
    ) in result.stdout
    markdown = (tmp_path / "ml-system-design.md").read_text()
    assert "- [ ] Sat 9 Jan, 09:00: **The Hundred-Page Machine Learning Book**, ch 2" in markdown
    assert "- [ ] Mon 4 Jan: **The Hundred-Page Machine Learning Book**, ch 1" in markdown
    html = (tmp_path / "ml-system-design.html").read_text()
    assert '<span class="session-day">Sat 9 Jan, 09:00</span>' in html
    rows = (tmp_path / "ml-system-design.csv").read_text().splitlines()
    assert rows[0] == "week,week_start,book,title,chapters,hours,for,day,time,minutes"
    assert rows[3].endswith(",3,,2027-01-09,09:00,180")
    command = "--days mon=1h,wed=1.5h,sat=09:00+3h --tz Europe/Berlin"
    assert command in markdown and command in html


# --- On the way: the default start and warnings --------------------------------------------


def test_a_start_in_the_past_warns_on_stderr_only(runner):
    result = invoke(runner, "--goal", "ddia", "--hours", "5", "--json")  # BASE starts 2027-01-04
    assert result.exit_code == 0 and "Warning" not in result.stderr
    past = runner.invoke(
        cli, prog_name="curriculum", args=["plan", "--goal", "ddia", "--start", "2020-01-06", "--json"]
    )
    assert past.exit_code == 0
    today = date.today().isoformat()
    assert past.stderr == f"Warning: the start 2020-01-06 is in the past (today is {today})\n"
    assert json.loads(past.stdout)["start"] == "2020-01-06"


def test_finished_chapters_outside_the_plan_are_named_in_one_warning(runner):
    result = invoke(runner, "--goal", "ml-system-design", "--done", "ddia:1-4", "--done", "ddia:6", "--done", "ctci",
                    "--json")  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: finished chapters that this plan does not hold are left aside: ddia ch 1-4; ctci\n"
    )
    assert json.loads(result.stdout)["done"] == [{"book": "ddia", "chapters": ["6"]}]
    quiet = invoke(runner, "--goal", "ml-system-design", "--done", "ddia:6", "--json")
    assert quiet.stderr == ""
