"""Plain-data views of a plan, shared by every output format (JSON, text, HTML, ...)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .planner import Piece, Plan, Week

SCHEMA_VERSION = 1


@dataclass(frozen=True, slots=True)
class Session:
    """Consecutive pieces of one book within a week."""

    book: str
    pieces: tuple[Piece, ...]

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.pieces)


def sessions(week: Week) -> list[Session]:
    """The week's reading, one session per run of the same book, in reading order."""
    out: list[Session] = []
    for piece in week.pieces:
        if out and out[-1].book == piece.book:
            out[-1] = Session(piece.book, (*out[-1].pieces, piece))
        else:
            out.append(Session(piece.book, (piece,)))
    return out


def hours(minutes: int) -> float:
    """Minutes as hours, rounded to the hundredth."""
    return round(minutes / 60, 2)


def chapter_number(plan: Plan, book: str, unit: int) -> str | None:
    return plan.catalog.books[book].units[unit].number


def plan_to_dict(plan: Plan, *, lazy: bool = False) -> dict[str, Any]:
    """The plan as JSON-ready data (documented in README, 'JSON output').

    ``lazy``: ``weeks`` and ``books`` are generators instead of lists, for
    :func:`curriculum.jsonout.compact_chunks` to write a large plan without holding all of it.
    """
    request = plan.request
    collect: Any = (lambda items: items) if lazy else list

    def numbers(book: str, units: tuple[int, ...] | frozenset[int] | None) -> list[str]:
        if units is None:
            return []
        found = (chapter_number(plan, book, u) for u in sorted(units))
        return [n for n in found if n is not None]

    return {
        "schema_version": SCHEMA_VERSION,
        "goals": [g.id for g in plan.goals],
        "hours_per_week": float(plan.hours_per_week),
        "start": request.start.isoformat(),
        "end": plan.end.isoformat(),
        "by": request.by.isoformat() if request.by else None,
        "total_hours": hours(plan.total_minutes),
        "weeks_count": len(plan.weeks),
        "study_weeks": plan.study_weeks,
        "lower_bound_weeks": plan.lower_bound_weeks,
        "longest_chain_hours": hours(plan.longest_chain_minutes),
        "options": {
            "whole_books": request.whole_books,
            "optional": request.optional,
            "pace": request.pace,
            "parallel": request.parallel,
            "skip": [[first.isoformat(), last.isoformat()] for first, last in request.skip],
            "prefer": list(request.prefer),
            "know": list(request.know),
            "from_zero": request.from_zero,
        },
        "done": [{"book": b, "chapters": numbers(b, units)} for b, units in plan.done.items()],
        "saved_hours": hours(plan.saved_minutes),
        "assumes": [
            {"id": p.id, "title": p.title, "covers": [{"book": c.book, "chapters": list(c.chapters)} for c in p.covers]}
            for p in plan.assumed
        ],
        "known": [{"book": b, "chapters": numbers(b, units)} for b, units in plan.known.items()],
        "known_hours": hours(plan.known_minutes),
        "choices": [
            {
                "after": m.after,
                "chosen": {"book": m.chosen.book, "chapters": list(m.chosen.chapters)},
                "instead_of": [{"book": c.book, "chapters": list(c.chapters)} for c in m.instead_of],
                "why": m.why,
            }
            for m in plan.choices
        ],
        "left_out": [
            {"book": item.book, "chapters": numbers(item.book, item.units), "hours": hours(item.minutes)}
            for item in plan.left_out
        ],
        "fit_hours_per_week": plan.fit_hours,
        "weeks": collect(
            {
                "week": week.number,
                "start": week.start.isoformat(),
                "budget": hours(week.budget),
                "break": week.is_break,
                "hours": hours(week.minutes),
                "sessions": [
                    {
                        "book": s.book,
                        "chapters": numbers(s.book, tuple(dict.fromkeys(p.unit for p in s.pieces))),
                        "hours": hours(s.minutes),
                        "pieces": [
                            {
                                "chapter": chapter_number(plan, s.book, p.unit),
                                "hours": hours(p.minutes),
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
