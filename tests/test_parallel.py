"""Parallel reading, cleanly: a book has one session per week (or study day), a chapter is never
split inside one, parts are counted across weeks, books are listed in the order they start, and
the JSON's minutes add up exactly, on the bundled catalog and on a large generated one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from benchmarks.generate import generate
from curriculum.catalog import load_catalog
from curriculum.planner import Plan, PlanRequest, make_plan
from curriculum.present.json import plan_to_dict
from curriculum.present.view import sessions
from curriculum.request import StudyDay
from tests.conftest import START

BOOKS = """
books:
  - id: a
    title: A
    authors: [A. Author]
    chapters:
      - {number: 1, title: One, hours: 1}
      - {number: 2, title: Two, hours: 3}
  - id: b
    title: B
    authors: [B. Author]
    hours: 0.5
"""
GOALS = """
goals:
  - id: both
    title: Both
    targets: [{book: a}, {book: b}]
"""


def check_clean(plan: Plan) -> None:
    """One session per book per slot (a book read in two stretches aside), no chapter in two
    pieces of a slot, parts 1..n in slots one after another, books in the order they start."""
    several = {b.id for b in plan.books if b.stretches}
    parts: dict[tuple[str, int], list[tuple[int, int, date | None]]] = {}
    began: dict[str, tuple[int, date]] = {}
    for week in plan.weeks:
        slots = [(s.day, s.book) for s in sessions(week)]
        single = [slot for slot in slots if slot[1] not in several]
        assert len(single) == len(set(single)), f"week {week.number}: a book has two sessions in a slot"
        chapters = [(p.day, p.book, p.unit) for p in week.pieces]
        assert len(chapters) == len(set(chapters)), f"week {week.number}: a chapter split inside a slot"
        for piece in week.pieces:
            parts.setdefault((piece.book, piece.unit), []).append((piece.part, piece.parts, piece.day))
            began.setdefault(piece.book, (week.number, piece.day or date.min))
    for key, seen in parts.items():
        assert [part for part, _, _ in seen] == list(range(1, len(seen) + 1)), key
        assert {of for _, of, _ in seen} == {len(seen)}, key
    starts = [began[b.id] for b in plan.books]
    assert starts == sorted(starts)


def check_exact(plan: Plan) -> None:
    data = plan_to_dict(plan)
    for week in data["weeks"]:
        assert week["minutes"] <= week["budget_minutes"]
        assert sum(s["minutes"] for s in week["sessions"]) == week["minutes"]
        for session in week["sessions"]:
            assert sum(p["minutes"] for p in session["pieces"]) == session["minutes"]
    assert sum(w["minutes"] for w in data["weeks"]) == data["total_minutes"] == plan.total_minutes
    assert sum(b["minutes"] for b in data["books"]) == data["total_minutes"]


def test_what_a_book_reads_in_a_week_is_one_session_and_a_chapter_one_piece(write_catalog):
    # 4 h a week shared by A and B: B is done after 30 minutes, and A takes what B leaves. A used
    # to get a second piece of chapter 2 after B's session.
    catalog = load_catalog(write_catalog(BOOKS, None, GOALS))
    plan = make_plan(catalog, PlanRequest(goals=("both",), hours_per_week=4, start=START, parallel=2))
    week1 = [(s.book, [(p.unit, p.minutes, p.part, p.parts) for p in s.pieces]) for s in sessions(plan.weeks[0])]
    assert week1 == [("a", [(0, 60, 1, 1), (1, 150, 1, 2)]), ("b", [(0, 30, 1, 1)])]
    assert [(p.unit, p.minutes, p.part, p.parts) for p in plan.weeks[1].pieces] == [(1, 30, 2, 2)]
    check_clean(plan)


@pytest.mark.parametrize("parallel", [2, 3])
@pytest.mark.parametrize("goal", ["ml-system-design", "ml-foundations", "deep-learning", "llm-engineering",
                                  "ml-interview", "swe-system-design"])  # fmt: skip
def test_bundled_plans_read_in_parallel_cleanly(bundled, goal, parallel):
    for hours in (1.5, 3, 5, 7, 8, 12):
        plan = make_plan(bundled, PlanRequest(goals=(goal,), hours_per_week=hours, start=START, parallel=parallel))
        check_clean(plan)
        check_exact(plan)
    days = (StudyDay(0, 60), StudyDay(3, 45), StudyDay(5, 200))
    plan = make_plan(
        bundled, PlanRequest(goals=(goal,), hours_per_week=305 / 60, days=days, start=START, parallel=parallel)
    )
    check_clean(plan)
    check_exact(plan)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(1500, tmp_path_factory.mktemp("large")).folder


@pytest.mark.parametrize("hours", [7, 13.5])
def test_a_large_plan_read_three_at_a_time_adds_up_to_the_minute(large, hours):
    catalog = load_catalog(large)
    plan = make_plan(catalog, PlanRequest(goals=("reach-most",), hours_per_week=hours, start=START, parallel=3))
    assert len(plan.books) > 1000
    check_clean(plan)
    check_exact(plan)
    assert all(week.minutes <= week.budget == plan.budget for week in plan.weeks)
