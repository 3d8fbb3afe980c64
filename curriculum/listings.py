"""The rows of `curriculum goals` and `curriculum books`, as plain data."""

from __future__ import annotations

from typing import Any

from .catalog import Catalog
from .graph import build_graph, closure, goal_targets, planned_minutes
from .views import hours


def goal_rows(catalog: Catalog, *, whole_books: bool = False, optional: bool = False) -> list[dict[str, Any]]:
    """Each goal with the number of books and the hours its plan holds (prerequisites included)."""
    graph = build_graph(catalog, optional=optional)
    rows = []
    for goal in catalog.goals.values():
        selection, _ = closure(catalog, graph, goal_targets(catalog, [goal]), whole_books=whole_books)
        rows.append(
            {
                "id": goal.id,
                "title": goal.title,
                "description": goal.description,
                "targets": [{"book": t.book, "chapters": list(t.chapters)} for t in goal.targets],
                "books": len(selection),
                "hours": hours(sum(planned_minutes(catalog, selection).values())),
            }
        )
    return rows


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
