"""The planner on hand-made catalogs and on every bundled goal."""

from __future__ import annotations

import math
from datetime import date

import pytest

from curriculum.catalog import load_catalog
from curriculum.errors import PlanningError, UnknownIdError, UsageError
from curriculum.planner import PlanRequest, make_plan
from curriculum.present.json import plan_to_dict
from tests.conftest import SMALL_BOOKS, SMALL_GOALS, SMALL_PREREQS, START


def plan_for(catalog, goals=("finish",), hours=5.0, **options):
    return make_plan(catalog, PlanRequest(goals=tuple(goals), hours_per_week=hours, start=START, **options))


@pytest.fixture
def small(write_catalog):
    return load_catalog(write_catalog(SMALL_BOOKS, SMALL_PREREQS, SMALL_GOALS))


def test_closure_pulls_only_the_chapters_an_edge_names(small):
    plan = plan_for(small)
    data = plan_to_dict(plan)
    assert [(b["id"], b["chapters"]) for b in data["books"]] == [
        ("alpha", ["2"]),
        ("beta", ["1", "2", "3"]),
        ("gamma", []),
    ]
    assert data["total_hours"] == 5 + 6 + 3  # alpha ch 2 is 50 pages at 10 pages an hour


def test_whole_books_reads_every_chapter(small):
    plan = plan_for(small, whole_books=True)
    assert [b.units for b in plan.books] == [(0, 1), (0, 1, 2), (0,)]


def test_schedule_splits_chapters_with_no_piece_under_half_an_hour(small):
    plan = plan_for(small, hours=2.25)
    weeks = [[(p.book, p.unit, p.minutes, p.part, p.parts) for p in w.pieces] for w in plan.weeks]
    assert weeks == [
        [("alpha", 1, 135, 1, 3)],
        [("alpha", 1, 135, 2, 3)],
        [("alpha", 1, 30, 3, 3), ("beta", 0, 90, 1, 2)],
        [("beta", 0, 30, 2, 2), ("beta", 1, 90, 1, 2)],
        [("beta", 1, 30, 2, 2), ("beta", 2, 90, 1, 2)],
        [("beta", 2, 30, 2, 2), ("gamma", 0, 105, 1, 2)],
        [("gamma", 0, 75, 2, 2)],
    ]
    assert plan.lower_bound_weeks == 7  # ceil(14 h / 2.25 h)


def test_a_short_remainder_is_avoided_by_reading_less_now(write_catalog):
    books = "books:\n  - {id: x, title: X, authors: [a], hours: 2.25}\n  - {id: y, title: Y, authors: [a], hours: 2}\n"
    catalog = load_catalog(write_catalog(books))
    plan = plan_for(catalog, goals=("x", "y"), hours=2)
    # 2.25 h of x: reading 2 h now would leave 15 minutes, so 1.75 h now and 0.5 h next week.
    assert [[(p.book, p.minutes) for p in w.pieces] for w in plan.weeks] == [
        [("x", 105)],
        [("x", 30), ("y", 90)],
        [("y", 30)],
    ]


def test_prerequisite_reached_twice_is_planned_once(write_catalog):
    books = "books:\n" + "".join(
        f"  - {{id: {b}, title: {b.upper()}, authors: [a], hours: 1}}\n" for b in ("base", "left", "right", "top")
    )
    prereqs = "prereqs:\n" + "".join(
        f"  - {{before: {a}, after: {b}, reason: r}}\n"
        for a, b in (("base", "left"), ("base", "right"), ("left", "top"), ("right", "top"))
    )
    plan = plan_for(load_catalog(write_catalog(books, prereqs)), goals=("top",))
    assert [b.id for b in plan.books] == ["base", "left", "right", "top"]
    assert plan.total_minutes == 240


def test_optional_edges_are_planned_only_when_asked(bundled):
    default = {b.id for b in plan_for(bundled, goals=("llm-engineering",)).books}
    with_optional = {b.id for b in plan_for(bundled, goals=("llm-engineering",), optional=True).books}
    assert "dlwp" not in default  # dlwp -> llm-from-scratch is optional
    assert "dlwp" in with_optional


def test_ml_system_design_reads_only_ddia_replication_and_sharding(bundled):
    data = plan_to_dict(plan_for(bundled, goals=("ml-system-design",)))
    ddia = next(b for b in data["books"] if b["id"] == "ddia")
    assert ddia["chapters"] == ["6", "7"]
    whole = plan_to_dict(plan_for(bundled, goals=("ml-system-design",), whole_books=True))
    assert len(next(b for b in whole["books"] if b["id"] == "ddia")["chapters"]) == 14


@pytest.mark.parametrize(
    "goal",
    ["ml-system-design", "ml-foundations", "deep-learning", "llm-engineering", "ml-interview", "swe-system-design"],
)
def test_every_bundled_goal_is_within_one_week_of_the_bound(bundled, goal):
    for half_hours in range(4, 41):  # 2 to 20 h/week in half hours
        hours = half_hours / 2
        plan = plan_for(bundled, goals=(goal,), hours=hours)
        assert plan.lower_bound_weeks == math.ceil(plan.total_minutes / (hours * 60))
        assert len(plan.weeks) <= plan.lower_bound_weeks + 1, (goal, hours)
        # Half-hour estimates and half-hour budgets leave no gaps at all:
        assert len(plan.weeks) == plan.lower_bound_weeks, (goal, hours)


def test_prerequisites_are_finished_before_their_dependents_start(bundled):
    plan = plan_for(bundled, goals=("ml-interview",), hours=7, optional=True)
    position = {}
    for week in plan.weeks:
        for index, piece in enumerate(week.pieces):
            position.setdefault((piece.book, piece.unit, "first"), (week.number, index))
            position[(piece.book, piece.unit, "last")] = (week.number, index)
    for book in plan.books:
        for req in book.prerequisites:
            # An edge with after_chapters holds back only those chapters of the book.
            held = [u for u in book.units if req.after_units is None or u in req.after_units]
            start = min(position[(book.id, u, "first")] for u in held)
            needed = req.units if req.units is not None else next(b.units for b in plan.books if b.id == req.before)
            assert all(position[(req.before, u, "last")] < start for u in needed)


def test_json_has_the_documented_fields(bundled):
    data = plan_to_dict(plan_for(bundled, goals=("ml-system-design",)))
    assert {
        "goals",
        "hours_per_week",
        "start",
        "end",
        "total_hours",
        "lower_bound_weeks",
        "done",
        "weeks",
        "books",
    } <= set(data)
    assert data["goals"] == ["ml-system-design"]
    assert data["start"] == "2027-01-04"
    week = data["weeks"][0]
    assert set(week) >= {"week", "start", "budget", "hours", "sessions"}
    assert set(week["sessions"][0]) >= {"book", "chapters", "hours"}
    assert set(data["books"][0]) >= {"id", "title", "hours", "chapters", "first_week", "last_week", "prerequisites"}
    last = data["weeks"][-1]["start"]
    assert data["end"] == (
        date.fromisoformat(last).toordinal() + 6
        and date.fromordinal(date.fromisoformat(last).toordinal() + 6).isoformat()
    )


def test_same_input_gives_the_same_plan(bundled):
    assert plan_to_dict(plan_for(bundled, goals=("ml-interview",), hours=3.5)) == plan_to_dict(
        plan_for(bundled, goals=("ml-interview",), hours=3.5)
    )


def test_unknown_goal_suggests_close_ids(bundled):
    with pytest.raises(UnknownIdError, match=r"unknown goal 'deep-learnin' \(did you mean 'deep-learning'\?\)"):
        plan_for(bundled, goals=("deep-learnin",))


@pytest.mark.parametrize("hours", [0, -1, 80.5, float("nan"), float("inf")])
def test_hours_outside_range_are_refused(bundled, hours):
    with pytest.raises(UsageError, match="hours per week must be more than 0 and at most 80"):
        plan_for(bundled, goals=("ml-system-design",), hours=hours)


def test_absurdly_long_plans_are_refused(bundled):
    with pytest.raises(PlanningError, match="more than 10,000"):
        plan_for(bundled, goals=("ml-interview",), hours=0.02)
