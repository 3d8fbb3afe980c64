"""Property-based tests of the planner's invariants on random DAGs and random hours."""

from __future__ import annotations

import math
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from curriculum import schedule
from curriculum.catalog import Catalog, load_catalog
from curriculum.errors import PlanningError
from curriculum.planner import MIN_PIECE, Plan, PlanRequest, make_plan
from curriculum.present.json import plan_to_dict
from curriculum.request import StudyDay
from curriculum.schedule import MAX_WEEKS
from tests.conftest import START


@st.composite
def catalogs(draw, *, half_hours: bool = False) -> dict:
    """Catalog data: books with chapters of random hours, edges only forward (so acyclic), goals."""
    count = draw(st.integers(1, 9))
    if half_hours:
        hours = st.integers(1, 24).map(lambda n: n / 2)
    else:
        hours = st.floats(0.05, 14, allow_nan=False).map(lambda h: round(h, 2))
    books = []
    for i in range(count):
        chapters = draw(st.integers(0, 5))
        book = {"id": f"b{i}", "title": f"Book {i}", "authors": ["A"]}
        if chapters:
            book["chapters"] = [
                {"number": str(c + 1), "title": f"C{c + 1}", "hours": draw(hours)} for c in range(chapters)
            ]
        else:
            book["hours"] = draw(hours)
        books.append(book)
    prereqs = []
    for j in range(count):
        for i in draw(st.sets(st.integers(0, j - 1), max_size=3)) if j else ():
            edge = {"before": f"b{i}", "after": f"b{j}", "reason": "r"}
            chapters = books[i].get("chapters", [])
            if chapters and draw(st.booleans()):
                edge["chapters"] = draw(
                    st.sets(st.sampled_from([c["number"] for c in chapters]), min_size=1).map(sorted)
                )
            if draw(st.booleans()):
                edge["strength"] = "optional"
            prereqs.append(edge)
    goals = []
    for g in range(draw(st.integers(1, 2))):
        targets = draw(st.sets(st.integers(0, count - 1), min_size=1, max_size=3))
        goal_targets = []
        for t in sorted(targets):
            target = {"book": f"b{t}"}
            chapters = books[t].get("chapters", [])
            if chapters and draw(st.booleans()):
                target["chapters"] = draw(
                    st.sets(st.sampled_from([c["number"] for c in chapters]), min_size=1).map(sorted)
                )
            goal_targets.append(target)
        goals.append({"id": f"goal{g}", "title": "G", "targets": goal_targets})
    return {"books": books, "prereqs": prereqs, "goals": goals}


def load(data: dict) -> Catalog:
    with tempfile.TemporaryDirectory() as folder:
        for key in ("books", "prereqs", "goals"):
            Path(folder, f"{key}.yaml").write_text(yaml.safe_dump({key: data[key]}), encoding="utf-8")
        return load_catalog(Path(folder))


def expected_closure(
    data: dict, *, optional: bool, whole: bool, done: dict | None = None
) -> set[tuple[str, str | None]]:
    """The chapters a plan must hold, computed naively by fixpoint iteration."""
    done = done or {}
    chapters = {b["id"]: [c["number"] for c in b.get("chapters", [])] or [None] for b in data["books"]}
    needed: dict[str, set] = {}
    for goal in data["goals"]:
        for t in goal["targets"]:
            want = chapters[t["book"]] if whole or "chapters" not in t else t["chapters"]
            needed.setdefault(t["book"], set()).update(want)
    changed = True
    while changed:
        changed = False
        for e in data["prereqs"]:
            left = needed.get(e["after"], set()) - done.get(e["after"], set())
            if left and (optional or e.get("strength", "recommended") == "recommended"):
                want = set(chapters[e["before"]] if whole or "chapters" not in e else e["chapters"])
                have = needed.setdefault(e["before"], set())
                if not want <= have:
                    have |= want
                    changed = True
    return {(b, c) for b, cs in needed.items() for c in cs - done.get(b, set())}


def weekday_minutes(plan: Plan) -> list[int]:
    """Minutes per weekday, worked out afresh: the study days', or the weekly budget over Mon-Fri."""
    if plan.request.days:
        out = [0] * 7
        for day in plan.request.days:
            out[day.weekday] = day.minutes
        return out
    share, extra = divmod(plan.budget, 5)
    return [share + 1 if n < extra else share for n in range(5)] + [0, 0]


def skipped(plan: Plan, day: date) -> bool:
    return any(first <= day <= last for first, last in plan.request.skip)


def check_days(plan: Plan, min_piece: int) -> None:
    """Each week's budget is its unskipped days' minutes; with study days, no day over its
    minutes, no reading on a day without study time, no day ends early with room for a piece."""
    daily = weekday_minutes(plan)
    assert sum(daily) == plan.budget
    for index, week in enumerate(plan.weeks):
        days = [week.start + timedelta(days=n) for n in range(7)]
        assert week.budget == sum(daily[d.weekday()] for d in days if not skipped(plan, d))
        assert week.days_off == sum(1 for d in days if daily[d.weekday()] and skipped(plan, d))
        read: dict[date | None, int] = {}
        for piece in week.pieces:
            read[piece.day] = read.get(piece.day, 0) + piece.minutes
        if not plan.request.days:
            assert set(read) <= {None}
            continue
        for day, minutes in read.items():
            assert day in days and not skipped(plan, day)
            assert 0 < minutes <= daily[day.weekday()]
        if index < len(plan.weeks) - 1:
            for day in days:
                if daily[day.weekday()] and not skipped(plan, day):
                    assert read.get(day, 0) > daily[day.weekday()] - 2 * min_piece


def check_sessions(plan: Plan) -> None:
    """A chapter is one piece per slot (never split inside a week, or a day); a book read in one
    stretch is one session per slot; JSON minutes add up exactly, sessions to weeks to the total."""
    several = {b.id for b in plan.books if b.stretches}
    for week in plan.weeks:
        seen: set[tuple[object, ...]] = set()
        runs: list[tuple[object, str]] = []
        for piece in week.pieces:
            key = (piece.day, piece.book, piece.unit)
            assert key not in seen
            seen.add(key)
            if not runs or runs[-1] != (piece.day, piece.book):
                runs.append((piece.day, piece.book))
        sessions = [run for run in runs if run[1] not in several]
        assert len(sessions) == len(set(sessions))
    data = plan_to_dict(plan)
    for week in data["weeks"]:
        assert sum(s["minutes"] for s in week["sessions"]) == week["minutes"] <= week["budget_minutes"]
        for session in week["sessions"]:
            assert sum(p["minutes"] for p in session["pieces"]) == session["minutes"]
    assert sum(w["minutes"] for w in data["weeks"]) == data["total_minutes"] == plan.total_minutes
    assert sum(b["minutes"] for b in data["books"]) == data["total_minutes"]


def check_invariants(plan: Plan, data: dict, *, optional: bool, whole: bool, done: dict | None = None) -> None:
    budget = plan.budget
    slot = min(m for m in weekday_minutes(plan) if m) if plan.request.days else budget
    min_piece = min(MIN_PIECE, slot // 2) or 1
    minutes = plan.minutes
    units = {b: e.units for b, e in plan.catalog.books.items()}
    # No week over budget; no split piece under the minimum; no week ends early with room for a piece.
    for week in plan.weeks:
        assert 0 <= week.minutes <= week.budget <= budget
        assert week.minutes > 0 or week.budget < 2 * min_piece  # a break, or shortened below two pieces
        for piece in week.pieces:
            assert piece.parts == 1 or piece.minutes >= min_piece
    if not plan.request.days:  # one slot a week; with study days each day is a slot (check_days)
        for week in plan.weeks[:-1]:
            assert week.is_break or week.minutes > week.budget - 2 * min_piece
    check_days(plan, min_piece)
    check_sessions(plan)
    # Every planned chapter is read whole, exactly the closure, each once.
    read: dict[tuple[str, int], int] = {}
    for week in plan.weeks:
        for piece in week.pieces:
            read[(piece.book, piece.unit)] = read.get((piece.book, piece.unit), 0) + piece.minutes
    assert read == dict(minutes)
    assert {(b, units[b][u].number) for b, u in read} == expected_closure(
        data, optional=optional, whole=whole, done=done
    )
    # Prerequisite chapters are finished before the dependent book starts; books are listed in
    # the order they start.
    order = [(piece.book, piece.unit) for week in plan.weeks for piece in week.pieces]
    first = {}
    last = {}
    for index, (book, unit) in enumerate(order):
        first.setdefault(book, index)
        last[(book, unit)] = index
    for book in plan.books:
        for req in book.prerequisites:
            needed = req.units if req.units is not None else {u for b, u in read if b == req.before}
            assert max(last[(req.before, u)] for u in needed) < first[book.id]
    began: dict[str, tuple[int, date]] = {}
    for week in plan.weeks:
        for piece in week.pieces:
            began.setdefault(piece.book, (week.number, piece.day or date.min))
    starts = [began[b.id] for b in plan.books]
    assert starts == sorted(starts)
    # The stated bound.
    assert plan.lower_bound_weeks == max(
        math.ceil(plan.total_minutes / budget), math.ceil(plan.longest_chain_minutes / budget)
    )
    assert plan.study_weeks >= plan.lower_bound_weeks


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def requests(draw, data: dict) -> dict:
    """Random options: done chapters, break ranges, parallel reading, pace, goals."""
    done: dict[str, set] = {}
    for book in data["books"]:
        numbers = [c["number"] for c in book.get("chapters", [])] or [None]
        if draw(st.integers(0, 3)) == 0:
            done[book["id"]] = set(draw(st.sets(st.sampled_from(numbers), min_size=1)))
    skip = []
    for _ in range(draw(st.integers(0, 2))):
        first = START + timedelta(days=draw(st.integers(-10, 120)))
        skip.append((first, first + timedelta(days=draw(st.integers(0, 30)))))
    goals = tuple(g["id"] for g in data["goals"])
    days: tuple[StudyDay, ...] = ()
    if draw(st.integers(0, 2)) == 0:  # study days, a third of the time
        chosen = draw(st.sets(st.integers(0, 6), min_size=1))
        days = tuple(StudyDay(n, draw(st.integers(1, 300))) for n in sorted(chosen))
    return {
        "days": days,
        "goals": goals[: draw(st.integers(1, len(goals)))],
        "done": done,
        "skip": tuple(skip),
        "parallel": draw(st.integers(1, 3)),
        "pace": draw(st.sampled_from([1.0, 0.5, 1.5, 2.25])),
    }


def done_indexes(catalog: Catalog, done: dict) -> dict:
    return {
        b: frozenset(i for i, u in enumerate(catalog.books[b].units) if u.number in numbers)
        for b, numbers in done.items()
    }


def planned(catalog: Catalog, request: PlanRequest) -> Plan:
    """``make_plan``, or the example set aside when the plan would run past MAX_WEEKS weeks (a
    study day of a few minutes a week for a catalog of a few hundred hours): refused by design,
    with its own message, which this checks."""
    try:
        return make_plan(catalog, request)
    except PlanningError as exc:
        message = str(exc)  # the lower bound past the limit, or the schedule run past it
        assert f"{MAX_WEEKS:,}" in message and message.endswith("; plan with more hours per week"), exc
        reject()


def random_request(
    catalog: Catalog, options: dict, *, hours: float, optional: bool, whole: bool, **changes: object
) -> PlanRequest:
    """The request of drawn ``options`` (:func:`requests`), with ``changes``; with study days the
    weekly hours are theirs."""
    days = options["days"]
    fields: dict = {
        "goals": options["goals"],
        "hours_per_week": sum(d.minutes for d in days) / 60 if days else hours,
        "days": days,
        "start": START,
        "optional": optional,
        "whole_books": whole,
        "done": done_indexes(catalog, options["done"]),
        "skip": options["skip"],
        "parallel": options["parallel"],
        "pace": options["pace"],
    }
    return PlanRequest(**{**fields, **changes})


RANDOM_PLANS = given(
    data=st.data(),
    catalog_data=catalogs(),
    hours=st.floats(0.1, 30).map(lambda h: round(h, 2)),
    optional=st.booleans(),
    whole=st.booleans(),
)


@SETTINGS
@RANDOM_PLANS
def test_invariants_hold_on_random_dags(data, catalog_data, hours, optional, whole):
    catalog = load(catalog_data)
    options = data.draw(requests(catalog_data))
    # The expected closure reads every goal listed in the request only.
    wanted = {
        "books": catalog_data["books"],
        "prereqs": catalog_data["prereqs"],
        "goals": [g for g in catalog_data["goals"] if g["id"] in options["goals"]],
    }
    request = random_request(catalog, options, hours=hours, optional=optional, whole=whole)
    plan = planned(catalog, request)
    check_invariants(plan, wanted, optional=optional, whole=whole, done=options["done"])
    assert plan_to_dict(make_plan(catalog, request)) == plan_to_dict(plan)  # same input, same plan


@SETTINGS
@RANDOM_PLANS
def test_one_at_a_time_is_scheduled_as_the_general_queue_schedules_it(data, catalog_data, hours, optional, whole):
    """``parallel`` 1 takes the stretches in reading order without the queue of the general rule
    (``schedule._InOrder``): the same weeks, pieces and sessions as the queue gives, with study
    days, skipped days, minutes spent already and done chapters."""
    catalog = load(catalog_data)
    options = data.draw(requests(catalog_data))
    spent = {
        START + timedelta(weeks=week): minutes
        for week, minutes in data.draw(st.dictionaries(st.integers(0, 8), st.integers(1, 600), max_size=3)).items()
    }
    request = random_request(catalog, options, hours=hours, optional=optional, whole=whole, parallel=1, spent=spent)
    plan = planned(catalog, request)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schedule, "_InOrder", schedule._Run)
        general = make_plan(catalog, request)
    assert general.weeks == plan.weeks
    assert plan_to_dict(general) == plan_to_dict(plan)


@SETTINGS
@given(data=catalogs(half_hours=True), half_hours=st.integers(4, 40), optional=st.booleans())
def test_half_hour_grains_reach_the_bound(data, half_hours, optional):
    """With chapters and budgets in half hours, reading one book at a time, no week is left short."""
    catalog = load(data)
    goals = tuple(g["id"] for g in data["goals"])
    plan = make_plan(catalog, PlanRequest(goals=goals, hours_per_week=half_hours / 2, start=START, optional=optional))
    check_invariants(plan, data, optional=optional, whole=False)
    assert len(plan.weeks) == plan.lower_bound_weeks
