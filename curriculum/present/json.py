"""The plan and `why` as JSON-ready data, the plan's JSON file, and JSON text written in pieces.

:func:`plan_to_dict` is the documented shape of `plan --json` (README, 'JSON output');
:func:`why_to_dict` that of `why --json`. :func:`json_chunks` is how every command prints
JSON: indented for a person at a terminal, compact and in pieces when piped, so a large plan's
text is never one huge string in memory.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .notes import unverified_hours
from .text import hours
from .view import sessions

if TYPE_CHECKING:
    from ..explain import Why
    from ..graph import Made
    from ..planner import Plan
    from .job import PlanJob

SCHEMA_VERSION = 1

BATCH = 1000
"""List items per piece of compact JSON."""

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=list).encode


class PlanItems(Iterator[Any]):
    """The weeks or books of ``plan_to_dict(plan, lazy=True)``: data whose numbers are whole or
    hours to the hundredth (never written with an exponent, never infinite), which msgspec's
    encoder writes as the standard library's does, several times faster."""

    def __init__(self, items: Iterable[Any]) -> None:
        self._items = iter(items)

    def __next__(self) -> Any:
        return next(self._items)


def _encode_batch(items: list[Any], fast: bool) -> str:
    """Items of a list, encoded and joined by commas (by msgspec when ``fast``, and it can)."""
    if fast:
        import msgspec

        try:
            return msgspec.json.encode(items).decode("utf-8")[1:-1]
        except (TypeError, ValueError, UnicodeError):  # e.g. a lone surrogate: the standard encoder writes it
            pass
    return ",".join(map(_encode, items))


def render(job: PlanJob) -> str:
    """The plan's JSON file: what `plan --json` prints, indented."""
    return indented("".join(compact_chunks(plan_to_dict(job.plan, lazy=True)))) + "\n"


def indented(compact: str) -> str:
    """Compact JSON text indented by two spaces, exactly as ``json.dumps(data, indent=2,
    ensure_ascii=False)`` writes the same data (msgspec re-indents the text without reading
    its numbers; ``tests/test_jsonout.py`` compares the two): a large plan's file is made
    from its compact text in a fraction of the time and memory of the pure-Python indenter."""
    import msgspec

    try:
        return msgspec.json.format(compact.encode("utf-8"), indent=2).decode("utf-8")
    except (UnicodeError, msgspec.DecodeError):  # a lone surrogate, Infinity: the standard encoder's own
        return json.dumps(json.loads(compact), indent=2, ensure_ascii=False)


def json_chunks(data: Any, *, indent: bool) -> Iterator[str]:
    """The JSON text of ``data`` in pieces: indented by two spaces, or compact (see
    :func:`compact_chunks`). Iterators in ``data`` are written as lists."""
    if indent:
        yield json.dumps(data, indent=2, ensure_ascii=False, default=list)
    else:
        yield from compact_chunks(data)


def compact_chunks(data: Any, batch: int = BATCH) -> Iterator[str]:
    """The compact JSON text of ``data``, in pieces.

    ``"".join(compact_chunks(data))`` is exactly ``json.dumps(data, ensure_ascii=False,
    separators=(",", ":"), default=list)``; only the top-level mapping and its lists are split,
    and the items of a list are encoded (by the C encoder) a batch at a time. A top-level value
    may also be an iterator (``plan_to_dict(plan, lazy=True)`` gives its weeks and books so),
    consumed a batch at a time: the data is then never whole in memory either. For a 100k-book
    plan that keeps about 500 MB off the peak memory.
    """
    if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
        yield _encode(data)
        return
    yield "{"
    for position, (key, value) in enumerate(data.items()):
        yield ("," if position else "") + _encode(key) + ":"
        if isinstance(value, Iterator) or (isinstance(value, list) and len(value) > batch):
            fast = isinstance(value, PlanItems)
            items = iter(value)
            yield "[" + _encode_batch(list(itertools.islice(items, batch)), fast)
            while piece := list(itertools.islice(items, batch)):
                yield "," + _encode_batch(piece, fast)
            yield "]"
        else:
            yield _encode(value)
    yield "}"


def choice_dict(made: Made) -> dict[str, Any]:
    """One alternative chosen for the reader: ``after``, ``chosen``, ``instead_of``, ``why``."""
    return {
        "after": made.after,
        "chosen": {"book": made.chosen.book, "chapters": list(made.chosen.chapters)},
        "instead_of": [{"book": c.book, "chapters": list(c.chapters)} for c in made.instead_of],
        "why": made.why,
    }


def plan_to_dict(plan: Plan, *, lazy: bool = False) -> dict[str, Any]:
    """The plan as JSON-ready data (documented in README, 'JSON output').

    ``lazy``: ``weeks`` and ``books`` are generators instead of lists, for
    :func:`compact_chunks` to write a large plan without holding all of it.
    """
    request = plan.request
    collect: Any = PlanItems if lazy else list
    times = {day.weekday: day.at.strftime("%H:%M") for day in request.days if day.at is not None}
    books = plan.catalog.books
    known: dict[str, tuple[str | None, ...]] = {}

    def of(book: str) -> tuple[str | None, ...]:
        """The chapter numbers of a book's units (None for a book without a chapter list)."""
        found = known.get(book)
        if found is None:
            found = known[book] = tuple([u.number for u in books[book].units])
        return found

    def number(book: str, unit: int) -> str | None:
        return of(book)[unit]

    def numbers(book: str, units: tuple[int, ...] | frozenset[int] | None) -> list[str]:
        if units is None:
            return []
        all_numbers = of(book)
        return [n for n in [all_numbers[u] for u in sorted(units)] if n is not None]

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
        "weeks": collect(
            {
                "week": week.number,
                "start": week.start.isoformat(),
                "budget": hours(week.budget),
                "budget_minutes": week.budget,
                "break": week.is_break,
                "days_off": week.days_off,
                "hours": hours(week.minutes),
                "minutes": week.minutes,
                "sessions": [
                    {
                        "book": s.book,
                        "chapters": numbers(s.book, tuple(dict.fromkeys(p.unit for p in s.pieces))),
                        "hours": hours(s.minutes),
                        "minutes": s.minutes,
                        "day": s.day.isoformat() if s.day else None,
                        "at": times.get(s.day.weekday()) if s.day else None,
                        "pieces": [
                            {
                                "chapter": number(s.book, p.unit),
                                "hours": hours(p.minutes),
                                "minutes": p.minutes,
                                "part": p.part,
                                "of": p.parts,
                            }
                            for p in s.pieces
                        ],
                    }
                    for s in sessions(week)
                ],
            }
            for week in plan.weeks
        ),
        "books": collect(
            {
                "id": b.id,
                "title": plan.catalog.books[b.id].book.title,
                "hours": hours(b.minutes),
                "minutes": b.minutes,
                "chapters": numbers(b.id, b.units),
                "whole_book": set(b.units) >= plan.catalog.books[b.id].readable,
                "target": b.target,
                "first_week": b.first_week,
                "last_week": b.last_week,
                "stretches": [
                    {"chapters": numbers(b.id, units), "first_week": first, "last_week": last}
                    for units, first, last in b.stretches
                ],
                "prerequisites": [
                    {"book": r.before, "chapters": numbers(r.before, r.units), "reason": r.reason}
                    for r in b.prerequisites
                ],
            }
            for b in plan.books
        ),
    }


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
