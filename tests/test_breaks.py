"""Breaks of any length (`--skip`): a skipped day takes exactly its own minutes out of its week,
ranges add up, a week left with none is a break, every output says which weeks were shortened,
and a skip that shortens nothing says so on stderr."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from curriculum.cli import cli
from curriculum.planner import PlanRequest, make_plan
from curriculum.request import StudyDay
from curriculum.studydays import Calendar, merged, spread
from tests.conftest import START

BASE = ["plan", "--start", "2027-01-04", "--goal", "ml-system-design"]


def invoke(runner, *args: str):
    return runner.invoke(cli, prog_name="curriculum", args=[*BASE, *args])


def weeks(runner, *args: str) -> list[dict]:
    result = invoke(runner, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["weeks"]


def d(text: str) -> date:
    return date.fromisoformat(text)


def test_a_two_day_skip_takes_two_fifths_of_a_five_day_week(runner):
    week = weeks(runner, "--hours", "5", "--skip", "2027-01-12..2027-01-13")[1]  # Tue, Wed
    assert (week["budget_minutes"], week["minutes"], week["days_off"], week["break"]) == (180, 180, 2, False)


def test_ranges_that_touch_or_overlap_add_up_and_a_week_with_nothing_left_is_a_break(runner):
    # Mon-Tue and Wed-Thu: four of five study days; with Fri too, the week is a break.
    four = weeks(runner, "--skip", "2027-01-11..2027-01-12", "--skip", "2027-01-13..2027-01-14")[1]
    assert (four["budget_minutes"], four["days_off"]) == (60, 4)
    five = weeks(runner, "--skip", "2027-01-11..2027-01-12", "--skip", "2027-01-13..2027-01-14",
                 "--skip", "2027-01-15..2027-01-15")[1]  # fmt: skip
    assert (five["break"], five["budget_minutes"], five["sessions"], five["days_off"]) == (True, 0, [], 5)
    # Overlapping ranges count each day once.
    overlap = weeks(runner, "--skip", "2027-01-11..2027-01-13", "--skip", "2027-01-12..2027-01-14")[1]
    assert (overlap["budget_minutes"], overlap["days_off"]) == (60, 4)


def test_with_study_days_exactly_the_skipped_days_minutes_go(runner):
    data = weeks(runner, "--days", "mon=1,wed=1.5,sat=3", "--skip", "2027-01-09..2027-01-11")  # Sat..Mon
    assert [(w["budget_minutes"], w["days_off"]) for w in data[:3]] == [(150, 1), (270, 1), (330, 0)]
    assert not any(s["day"] in ("2027-01-09", "2027-01-11") for w in data for s in w["sessions"])


def test_a_long_break_moves_everything_after_it(bundled):
    plain = make_plan(bundled, PlanRequest(goals=("ml-system-design",), hours_per_week=5, start=START))
    away_skip = ((d("2027-02-01"), d("2027-04-30")),)
    away = make_plan(bundled, PlanRequest(goals=("ml-system-design",), hours_per_week=5, start=START, skip=away_skip))
    breaks = [w.number for w in away.weeks if w.is_break]
    assert breaks == list(range(5, 18))  # the 13 weeks from Mon 1 Feb to Sun 2 May
    assert away.weeks[17].start == d("2027-05-03") and away.weeks[17].days_off == 0
    assert len(away.weeks) == len(plain.weeks) + 13
    assert [p for w in away.weeks for p in w.pieces] == [p for w in plain.weeks for p in w.pieces]


@given(
    ranges=st.lists(
        st.tuples(st.integers(0, 60), st.integers(0, 20)).map(
            lambda t: (START + timedelta(days=t[0]), START + timedelta(days=t[0] + t[1]))
        ),
        max_size=4,
    ),
    budget=st.integers(1, 4800),
)
def test_a_week_loses_exactly_the_minutes_of_its_skipped_days(ranges, budget):
    daily = spread(budget)
    calendar = Calendar(daily, ranges)
    skipped = {first + timedelta(days=n) for first, last in ranges for n in range((last - first).days + 1)}
    for offset in range(0, 84, 7):
        first = START + timedelta(days=offset)
        days = [first + timedelta(days=n) for n in range(7)]
        week = calendar.week(first)
        assert week.budget == sum(daily[day.weekday()] for day in days if day not in skipped)
        assert week.days_off == sum(1 for day in days if day in skipped and daily[day.weekday()])
        assert [s.budget for s in week.slots] == ([week.budget] if week.budget else [])


def test_merged_ranges_are_disjoint_and_in_order():
    ranges = [
        (d("2027-01-13"), d("2027-01-14")),
        (d("2027-01-11"), d("2027-01-12")),
        (d("2027-02-01"), d("2027-02-01")),
    ]
    assert merged(ranges) == [(d("2027-01-11"), d("2027-01-14")), (d("2027-02-01"), d("2027-02-01"))]
    assert merged([(d("2027-01-01"), d("2027-01-31")), (d("2027-01-05"), d("2027-01-06"))]) == [
        (d("2027-01-01"), d("2027-01-31"))
    ]
    assert merged([(date.max, date.max), (date.max - timedelta(days=1), date.max - timedelta(days=1))]) == [
        (date.max - timedelta(days=1), date.max)
    ]


def test_every_output_says_which_weeks_were_shortened(runner, tmp_path):
    result = invoke(runner, "--skip", "2027-01-12..2027-01-13", "--skip", "2027-01-25..2027-01-31",
                    "--out", str(tmp_path), "--format", "md,html,pdf")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Week 2   Mon 2027-01-11  3 h of 3 h, 2 days off\n" in result.stdout
    assert "Week 4   Mon 2027-01-25  break\n" in result.stdout
    markdown = (tmp_path / "ml-system-design.md").read_text()
    assert "### Week 2: Mon 11 Jan 2027 – Sun 17 Jan 2027 (3 h of 3 h, 2 days off)" in markdown
    html = (tmp_path / "ml-system-design.html").read_text()
    assert '<span class="week-hours">3 h of 3 h<span class="days-off">, 2 days off</span></span>' in html
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "ml-system-design.pdf").pages)
    assert "3 h of 3 h · 2 days off" in " ".join(text.split())


def test_a_skip_that_shortens_nothing_warns_on_stderr_and_keeps_json_clean(runner):
    result = invoke(runner, "--skip", "2027-01-09..2027-01-10", "--skip", "2026-12-01..2026-12-24",
                    "--skip", "2030-01-01..2030-01-31", "--skip", "2027-02-01..2027-02-02", "--json")  # fmt: skip
    assert result.exit_code == 0
    assert json.loads(result.stdout)["weeks"][4]["days_off"] == 2
    end = json.loads(result.stdout)["end"]
    assert result.stderr == (
        "Warning: --skip 2027-01-09..2027-01-10 shortens nothing: it holds no study day (the plan studies Mon-Fri)\n"
        "Warning: --skip 2026-12-01..2026-12-24 shortens nothing: it ends before the plan starts (2027-01-04)\n"
        f"Warning: --skip 2030-01-01..2030-01-31 shortens nothing: it starts after the plan ends ({end})\n"
    )
    days = invoke(runner, "--days", "sat=3,sun=2", "--skip", "2027-01-11..2027-01-15", "--json")
    assert days.stderr == (
        "Warning: --skip 2027-01-11..2027-01-15 shortens nothing: it holds no study day (the plan studies Sat, Sun)\n"
    )


def test_a_break_week_of_study_days_reads_nothing_on_its_days(bundled):
    request = PlanRequest(
        goals=("ddia",),
        hours_per_week=3,
        days=(StudyDay(5, 180),),
        start=START,
        skip=((d("2027-01-16"), d("2027-01-16")),),
    )
    plan = make_plan(bundled, request)
    assert plan.weeks[1].is_break and plan.weeks[1].days_off == 1 and not plan.weeks[1].pieces
    assert {p.day for p in plan.weeks[0].pieces} == {d("2027-01-09")}
