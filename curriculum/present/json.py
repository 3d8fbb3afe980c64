"""The plan and `why` as JSON-ready data, and the plan's JSON file.

:func:`plan_to_dict` is the documented shape of `plan --json` (README, 'JSON output');
:func:`why_to_dict` that of `why --json`. How the text is written, in pieces: :mod:`.jsontext`.
"""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Collection, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import msgspec

from .jsontext import PlanItems, compact_chunks, indented
from .notes import unverified_hours
from .text import hours
from .view import sessions

if TYPE_CHECKING:
    from ..catalog import Entry
    from ..explain import Why
    from ..graph import Made
    from ..planner import Plan
    from .job import PlanJob

SCHEMA_VERSION = 1


def render(job: PlanJob) -> str:
    """The plan's JSON file: what `plan --json` prints, indented."""
    return indented("".join(compact_chunks(plan_to_dict(job.plan, lazy=True)))) + "\n"


def choice_dict(made: Made) -> dict[str, Any]:
    """One alternative chosen for the reader: ``after``, ``chosen``, ``instead_of``, ``why``."""
    return {
        "after": made.after,
        "chosen": {"book": made.chosen.book, "chapters": list(made.chosen.chapters)},
        "instead_of": [{"book": c.book, "chapters": list(c.chapters)} for c in made.instead_of],
        "why": made.why,
    }


class _Piece(msgspec.Struct, gc=False):
    chapter: str | None
    hours: float
    minutes: int
    part: int
    of: int


class _Session(msgspec.Struct, gc=False):
    book: str
    chapters: list[str]
    hours: float
    minutes: int
    day: str | None
    at: str | None
    pieces: list[_Piece | msgspec.Raw]


class _Week(msgspec.Struct, gc=False):
    week: int
    start: str
    budget: float
    budget_minutes: int
    is_break: bool = msgspec.field(name="break")
    days_off: int
    hours: float
    minutes: int
    sessions: list[_Session]


class _Stretch(msgspec.Struct, gc=False):
    chapters: list[str]
    first_week: int
    last_week: int


class _Prerequisite(msgspec.Struct, gc=False):
    book: str
    chapters: list[str]
    reason: str


class _Book(msgspec.Struct, gc=False):
    id: str
    title: str
    hours: float
    minutes: int
    chapters: list[str]
    whole_book: bool
    target: bool
    first_week: int
    last_week: int
    stretches: list[_Stretch]
    prerequisites: list[_Prerequisite]


_NUMBER = operator.attrgetter("number")


class _Numbered(dict[str, tuple[tuple[str | None, ...], list[str]]]):
    """For each book, made once: its chapter numbers by unit index (None for a book without a
    chapter list), and the numbers written, in order: the list a book of every chapter planned
    gives. That list is shared by the structs of such books: msgspec encodes it (and
    ``to_builtins`` copies it), nothing changes it."""

    def __init__(self, books: Mapping[str, Entry]) -> None:
        super().__init__()
        self.books = books

    def __missing__(self, book: str) -> tuple[tuple[str | None, ...], list[str]]:
        numbers = tuple(map(_NUMBER, self.books[book].units))
        found = self[book] = (numbers, [n for n in numbers if n is not None])
        return found

    def chapters(self, book: str, units: Collection[int]) -> list[str]:
        """The numbers of these chapters of ``book``, in order (the list of every one is shared)."""
        numbers, written = self[book]
        if len(units) == len(numbers):  # every chapter (the indexes are distinct)
            return written
        return [n for n in [numbers[u] for u in sorted(units)] if n is not None]


class _Hours(dict[int, float]):
    """:func:`hours` of each number of minutes, made once: a plan repeats a few hundred values."""

    def __missing__(self, minutes: int) -> float:
        found = self[minutes] = hours(minutes)
        return found


def plan_to_dict(plan: Plan, *, lazy: bool = False) -> dict[str, Any]:
    """The plan as JSON-ready data (documented in README, 'JSON output').

    ``lazy``: ``weeks`` and ``books`` are :class:`PlanItems` instead of lists, for
    :func:`compact_chunks` to write a large plan without holding all of it, nor its dicts.
    """
    request = plan.request
    numbered = _Numbered(plan.catalog.books)

    def numbers(book: str, units: Collection[int] | None) -> list[str]:
        return [] if units is None else list(numbered.chapters(book, units))

    weeks = _weeks(plan, numbered, encoded=False)
    planned = _books(plan, numbered)
    return {
        "schema_version": SCHEMA_VERSION,
        "goals": [g.id for g in plan.goals],
        "hours_per_week": float(plan.hours_per_week),
        "minutes_per_week": plan.budget,
        "start": request.start.isoformat(),
        "end": plan.end.isoformat(),
        "by": request.by.isoformat() if request.by else None,
        "total_hours": hours(plan.total_minutes),
        "total_minutes": plan.total_minutes,
        "weeks_count": len(plan.weeks),
        "study_weeks": plan.study_weeks,
        "lower_bound_weeks": plan.lower_bound_weeks,
        "longest_chain_hours": hours(plan.longest_chain_minutes),
        "longest_chain_minutes": plan.longest_chain_minutes,
        "options": request.options_json(),
        "done": [{"book": b, "chapters": numbers(b, units)} for b, units in plan.done.items()],
        "saved_hours": hours(plan.saved_minutes),
        "saved_minutes": plan.saved_minutes,
        "assumes": [
            {"id": p.id, "title": p.title, "covers": [{"book": c.book, "chapters": list(c.chapters)} for c in p.covers]}
            for p in plan.assumed
        ],
        "known": [{"book": b, "chapters": numbers(b, units)} for b, units in plan.known.items()],
        "known_hours": hours(plan.known_minutes),
        "known_minutes": plan.known_minutes,
        "choices": [choice_dict(made) for made in plan.choices],
        "left_out": [
            {
                "book": item.book,
                "chapters": numbers(item.book, item.units),
                "hours": hours(item.minutes),
                "minutes": item.minutes,
            }
            for item in plan.left_out
        ],
        "fit_hours_per_week": plan.fit_hours,
        "unverified_hours": [{"book": b, "hours": hours(m), "minutes": m} for b, m in unverified_hours(plan)],
        "weeks": PlanItems(weeks, _weeks(plan, numbered, encoded=True)) if lazy else msgspec.to_builtins(list(weeks)),
        "books": PlanItems(planned) if lazy else msgspec.to_builtins(list(planned)),
    }


PIECES_KEPT = 10_000
"""Distinct pieces :class:`_Pieces` keeps at most: a plan whose pieces are nearly all different
(chapter numbers of their own in every book) makes the others anew, in no more memory."""


class _Pieces(dict[tuple[str | None, int, int, int], Any]):
    """One :class:`_Piece` for each (chapter, minutes, part, parts): a plan repeats a few shapes
    of piece, its estimates being whole half hours (the 10k-book plan's 88,023 pieces are 41
    different ones). ``encoded``: each as its JSON text (:class:`msgspec.Raw`, where msgspec can
    encode it), written as it is in every session. At most :data:`PIECES_KEPT` are kept."""

    def __init__(self, encoded: bool) -> None:
        super().__init__()
        self.encoded = encoded
        self.hours_of = _Hours()

    def __missing__(self, key: tuple[str | None, int, int, int]) -> Any:
        chapter, minutes, part, parts = key
        found: Any = _Piece(chapter, self.hours_of[minutes], minutes, part, parts)
        if len(self) >= PIECES_KEPT:
            return found
        if self.encoded:
            with contextlib.suppress(UnicodeError):  # a lone surrogate: _encode_batch's own fallback
                found = msgspec.Raw(msgspec.json.encode(found))
        self[key] = found
        return found


def _weeks(plan: Plan, numbered: _Numbered, *, encoded: bool) -> Iterator[_Week]:
    """The weeks of the plan, each with its sessions and their pieces (``encoded``: see
    :class:`_Pieces`)."""
    times = {day.weekday: day.at.strftime("%H:%M") for day in plan.request.days if day.at is not None}
    hours_of = _Hours()
    piece_of = _Pieces(encoded).__getitem__
    for week in plan.weeks:
        out: list[_Session] = []
        week_minutes = 0
        for session in sessions(week):
            chapter_of = numbered[session.book][0]
            pieces = [piece_of((chapter_of[p.unit], p.minutes, p.part, p.parts)) for p in session.pieces]
            minutes = sum([p.minutes for p in session.pieces])
            week_minutes += minutes
            chapters = [n for n in [chapter_of[u] for u in sorted({p.unit for p in session.pieces})] if n is not None]
            day = session.day
            out.append(
                _Session(
                    session.book,
                    chapters,
                    hours_of[minutes],
                    minutes,
                    day.isoformat() if day else None,
                    times.get(day.weekday()) if day else None,
                    pieces,
                )
            )
        yield _Week(
            week.number,
            week.start.isoformat(),
            hours_of[week.budget],
            week.budget,
            week.is_break,
            week.days_off,
            hours_of[week_minutes],
            week_minutes,
            out,
        )


def _books(plan: Plan, numbered: _Numbered) -> Iterator[_Book]:
    """The planned books, in the order they start."""
    books = plan.catalog.books
    hours_of = _Hours()
    chapters = numbered.chapters
    for b in plan.books:
        entry = books[b.id]
        yield _Book(
            b.id,
            entry.book.title,
            hours_of[b.minutes],
            b.minutes,
            chapters(b.id, b.units),
            len(b.units) == len(entry.units) or (entry.skips and set(b.units) >= entry.readable),
            b.target,
            b.first_week,
            b.last_week,
            [_Stretch(chapters(b.id, units), first, last) for units, first, last in b.stretches],
            [
                _Prerequisite(r.before, [] if r.units is None else chapters(r.before, r.units), r.reason)
                for r in b.prerequisites
            ],
        )


def why_to_dict(why: Why) -> dict[str, Any]:
    """`why --json`: whether the book is needed, its hours and chapters, and the chains to the goals."""
    return {
        "book": why.book,
        "goals": [g.id for g in why.goals],
        "needed": why.needed,
        "needed_with_optional": why.needed_with_optional,
        "target": why.target is not None,
        "target_chapters": why.target or "",
        "hours": hours(why.minutes),
        "chapters": why.chapters,
        "chains_total": why.chains_total,
        "chains_total_capped": why.chains_capped,
        "chains": [
            {
                "books": list(chain.books),
                "steps": [
                    {
                        "before": s.before,
                        "after": s.after,
                        "chapters": s.chapters,
                        "reason": s.reason,
                        "strength": s.strength,
                    }
                    for s in chain.steps
                ],
            }
            for chain in why.chains
        ],
        "choices": [choice_dict(made) for made in why.choices],
        "reading_order": why.rule,
    }
