"""Property-based tests of the planner's invariants on random DAGs and random hours."""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curriculum.catalog import Catalog, load_catalog
from curriculum.planner import MIN_PIECE, Plan, PlanRequest, make_plan
from curriculum.views import plan_to_dict
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
    targets = draw(st.sets(st.integers(0, count - 1), min_size=1, max_size=3))
    goal_targets = []
    for t in sorted(targets):
        target = {"book": f"b{t}"}
        chapters = books[t].get("chapters", [])
        if chapters and draw(st.booleans()):
            target["chapters"] = draw(st.sets(st.sampled_from([c["number"] for c in chapters]), min_size=1).map(sorted))
        goal_targets.append(target)
    return {"books": books, "prereqs": prereqs, "goals": [{"id": "goal", "title": "G", "targets": goal_targets}]}


def load(data: dict) -> Catalog:
    with tempfile.TemporaryDirectory() as folder:
        for key in ("books", "prereqs", "goals"):
            Path(folder, f"{key}.yaml").write_text(yaml.safe_dump({key: data[key]}), encoding="utf-8")
        return load_catalog(Path(folder))


def expected_closure(data: dict, *, optional: bool, whole: bool) -> set[tuple[str, str | None]]:
    """The chapters a plan must hold, computed naively by fixpoint iteration."""
    chapters = {b["id"]: [c["number"] for c in b.get("chapters", [])] or [None] for b in data["books"]}
    needed: dict[str, set] = {}
    for t in data["goals"][0]["targets"]:
        needed.setdefault(t["book"], set()).update(
            chapters[t["book"]] if whole or "chapters" not in t else t["chapters"]
        )
    changed = True
    while changed:
        changed = False
        for e in data["prereqs"]:
            if e["after"] in needed and (optional or e.get("strength", "recommended") == "recommended"):
                want = set(chapters[e["before"]] if whole or "chapters" not in e else e["chapters"])
                have = needed.setdefault(e["before"], set())
                if not want <= have:
                    have |= want
                    changed = True
    return {(b, c) for b, cs in needed.items() for c in cs}


def check_invariants(plan: Plan, data: dict, *, optional: bool, whole: bool) -> None:
    budget = plan.budget
    min_piece = min(MIN_PIECE, budget // 2) or 1
    units = {b: e.units for b, e in plan.catalog.books.items()}
    # No week over budget; no split piece under the minimum; no week ends early with room for a piece.
    for week in plan.weeks:
        assert 0 < week.minutes <= budget
        for piece in week.pieces:
            assert piece.parts == 1 or piece.minutes >= min_piece
    for week in plan.weeks[:-1]:
        assert week.minutes > budget - 2 * min_piece
    # Every planned chapter is read whole, exactly the closure, each once.
    read: dict[tuple[str, int], int] = {}
    for week in plan.weeks:
        for piece in week.pieces:
            read[(piece.book, piece.unit)] = read.get((piece.book, piece.unit), 0) + piece.minutes
    assert all(minutes == units[b][u].minutes for (b, u), minutes in read.items())
    assert {(b, units[b][u].number) for b, u in read} == expected_closure(data, optional=optional, whole=whole)
    # Prerequisite chapters are finished before the dependent book starts.
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
    # The stated bound.
    assert plan.lower_bound_weeks == math.ceil(plan.total_minutes / budget)
    assert len(plan.weeks) >= plan.lower_bound_weeks


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(
    data=catalogs(), hours=st.floats(0.1, 30).map(lambda h: round(h, 2)), optional=st.booleans(), whole=st.booleans()
)
def test_invariants_hold_on_random_dags(data, hours, optional, whole):
    catalog = load(data)
    request = PlanRequest(goals=("goal",), hours_per_week=hours, start=START, optional=optional, whole_books=whole)
    plan = make_plan(catalog, request)
    check_invariants(plan, data, optional=optional, whole=whole)
    assert plan_to_dict(make_plan(catalog, request)) == plan_to_dict(plan)  # same input, same plan


@SETTINGS
@given(data=catalogs(half_hours=True), half_hours=st.integers(4, 40), optional=st.booleans())
def test_half_hour_grains_reach_the_bound(data, half_hours, optional):
    """With chapters and budgets in half hours no week is left short: the bound is met exactly."""
    catalog = load(data)
    plan = make_plan(
        catalog, PlanRequest(goals=("goal",), hours_per_week=half_hours / 2, start=START, optional=optional)
    )
    check_invariants(plan, data, optional=optional, whole=False)
    assert len(plan.weeks) == plan.lower_bound_weeks
