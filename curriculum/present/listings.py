"""The rows of `curriculum goals` and `curriculum books`, and `show GOAL`'s facts, as plain data
(what `--json` prints; :mod:`.terminal` lays them out as text)."""

from __future__ import annotations

from typing import Any

from ..catalog import Catalog, Target
from ..graph import planned_minutes, select
from ..planner import covered
from .text import hours


def goal_rows(catalog: Catalog, *, whole_books: bool = False, optional: bool = False) -> list[dict[str, Any]]:
    """Each goal with the number of books and the hours its plan holds (prerequisites included)."""
    rows = []
    covers = {p.id: covered(catalog, (p,)) for p in catalog.starting_points.values()}
    for goal in catalog.goals.values():
        assumed = covered(catalog, tuple(catalog.starting_points[a] for a in goal.assumes))
        selection = select(catalog, [goal], whole_books=whole_books, optional=optional, done=assumed).selection
        minutes = sum(planned_minutes(catalog, selection).values())
        saves = []
        for point, done in covers.items():
            if not done:
                continue
            both = {b: done.get(b, frozenset()) | assumed.get(b, frozenset()) for b in {*done, *assumed}}
            fewer = select(catalog, [goal], whole_books=whole_books, optional=optional, done=both).selection
            saved = minutes - sum(planned_minutes(catalog, fewer).values())
            if saved > 0:
                saves.append({"id": point, "saves_hours": hours(saved)})
        rows.append(
            {
                "id": goal.id,
                "title": goal.title,
                "description": goal.description,
                "targets": [_target(t) for t in goal.targets],
                "assumes": list(goal.assumes),
                "books": len(selection),
                "hours": hours(minutes),
                "starting_points": saves,
            }
        )
    return rows


def _target(target: Target) -> dict[str, Any]:
    if target.is_group:
        return {"any_of": [{"book": c.book, "chapters": list(c.chapters)} for c in target.choices]}
    return {"book": target.book, "chapters": list(target.chapters)}


def book_rows(catalog: Catalog) -> list[dict[str, Any]]:
    """Each book's main facts and estimated hours, in catalog order."""
    return [
        {
            "id": e.id,
            "title": e.book.title,
            "authors": list(e.book.authors),
            "edition": e.book.edition,
            "year": e.book.year,
            "publisher": e.book.publisher,
            "pages": e.book.pages,
            "kind": e.book.kind,
            "hours": hours(e.minutes),
            "chapters": len([u for u in e.units if u.number is not None]),
            "url": e.book.url,
            "free_url": e.book.free_url,
        }
        for e in catalog.books.values()
    ]


def goal_facts(catalog: Catalog, goal_id: str, *, hours_per_week: float = 5.0) -> dict[str, Any]:
    """One goal: its targets, assumptions, the books its plan holds (prerequisites included), the
    hours and weeks at ``hours_per_week``, and the starting points that would shorten it."""
    import math

    row = next(r for r in goal_rows(catalog) if r["id"] == goal_id)
    goal = catalog.goals[goal_id]
    assumed = covered(catalog, tuple(catalog.starting_points[a] for a in goal.assumes))
    selection = select(catalog, [goal], done=assumed).selection
    minutes = planned_minutes(catalog, selection)
    total = sum(minutes.values())
    return {
        **row,
        "assumes": [{"id": a, "title": catalog.starting_points[a].title} for a in goal.assumes],
        "plan_books": [{"id": b, "title": catalog.books[b].book.title, "hours": hours(minutes[b])} for b in selection],
        "hours_per_week": hours_per_week,
        "weeks": math.ceil(total / round(hours_per_week * 60)) if total else 0,
    }
