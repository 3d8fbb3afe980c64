"""What moved between two plans: the end date, weeks ahead or behind, books added, dropped,
finished or moved.

Both plans are given as their JSON (``plan --json``, :func:`curriculum.present.json.plan_to_dict`)
or the summary of it that a progress export carries (:func:`summary`): the same fields, so
``curriculum diff OLD.json NEW.json`` and a continued plan say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from msgspec import Struct

from .errors import UsageError

SUMMARY_FIELDS = ("goals", "start", "end", "hours_per_week", "total_hours", "weeks_count", "done")
BOOK_FIELDS = ("id", "title", "chapters", "first_week", "last_week", "hours")


def summary(plan: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a plan's JSON that :func:`compare` reads (``books`` may be an iterator)."""
    out = {key: plan.get(key) for key in SUMMARY_FIELDS}
    out["books"] = [{key: book.get(key) for key in BOOK_FIELDS} for book in plan.get("books", ())]
    return out


class BookChange(Struct, frozen=True):
    book: str
    title: str
    chapters: tuple[str, ...] = ()
    """The chapters concerned; empty: the whole of what was planned."""
    weeks: tuple[tuple[int, int], tuple[int, int]] | None = None
    """(first, last) week before and after, for a moved book."""


class Changes(Struct, frozen=True):
    old_end: date
    new_end: date
    old_hours: float
    new_hours: float
    added: tuple[BookChange, ...]
    dropped: tuple[BookChange, ...]
    finished: tuple[BookChange, ...]
    moved: tuple[BookChange, ...]

    @property
    def weeks_later(self) -> int:
        """Whole weeks the end moved: more than 0 behind, less than 0 ahead."""
        days = (self.new_end - self.old_end).days
        return days // 7 if days >= 0 else -(-days // 7)

    @property
    def same(self) -> bool:
        return self.old_end == self.new_end and not (self.added or self.dropped or self.finished or self.moved)


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> Changes:
    """What moved from ``old`` to ``new`` (plan JSON or :func:`summary` of it)."""
    old_books = _books(old, "the old plan")
    new_books = _books(new, "the new plan")
    newly_done = _done(new)
    was_done = _done(old)
    added, dropped, finished, moved = [], [], [], []
    for book, (title, chapters, first, last) in new_books.items():
        if book not in old_books:
            added.append(BookChange(book, title))
            continue
        _, before, old_first, old_last = old_books[book]
        if more := tuple(c for c in chapters if c not in before):
            added.append(BookChange(book, title, more))
        if (first, last) != (old_first, old_last):
            moved.append(BookChange(book, title, weeks=((old_first, old_last), (first, last))))
    for book, (title, chapters, _, _) in old_books.items():
        kept = new_books.get(book, (title, (), 0, 0))[1]
        done = newly_done.get(book, ()) if book in newly_done else ()
        gone = tuple(c for c in chapters if c not in kept)
        read = tuple(c for c in gone if c in done or (book in newly_done and not done))
        read = tuple(c for c in read if c not in was_done.get(book, ()))
        lost = tuple(c for c in gone if c not in read)
        whole = book not in new_books
        if read:
            finished.append(BookChange(book, title, () if whole and not lost else read))
        if lost:
            dropped.append(BookChange(book, title, () if whole and not read else lost))
    return Changes(
        _date(old, "the old plan"), _date(new, "the new plan"), float(old.get("hours_per_week") or 0),
        float(new.get("hours_per_week") or 0), tuple(added), tuple(dropped), tuple(finished), tuple(moved),
    )  # fmt: skip


def _books(plan: Mapping[str, Any], name: str) -> dict[str, tuple[str, tuple[str, ...], int, int]]:
    try:
        return {
            str(b["id"]): (
                str(b.get("title") or b["id"]),
                tuple(map(str, b.get("chapters") or ())),
                int(b.get("first_week") or 0),
                int(b.get("last_week") or 0),
            )
            for b in plan.get("books") or ()
        }
    except (KeyError, TypeError, ValueError):
        raise UsageError(f"{name} is not a plan's JSON: its `books` lack ids or weeks") from None


def _done(plan: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """Finished chapters per book; a book finished whole has an empty tuple."""
    out: dict[str, tuple[str, ...]] = {}
    for item in plan.get("done") or ():
        if isinstance(item, Mapping) and isinstance(item.get("book"), str):
            out[item["book"]] = tuple(map(str, item.get("chapters") or ()))
    return out


def _date(plan: Mapping[str, Any], name: str) -> date:
    try:
        return date.fromisoformat(str(plan["end"]))
    except (KeyError, ValueError):
        raise UsageError(f"{name} is not a plan's JSON: it has no `end` date") from None
