"""Continuing a plan from its progress export: the past kept as it was read, the rest re-flowed.

A version 2 progress export (the HTML page's "Export progress") carries the plan it was
exported from: its arguments, weeks, sessions, a summary (for "what moved") and its calendar
(for events that update). Continuing it on a day ``as_of``:

* Week *k*, the week of the plan that holds ``as_of``, is the first week still to plan. The
  weeks before it keep their numbers and dates and hold the sessions ticked in them, done;
  sessions of theirs not ticked are planned again.
* Sessions ticked in week *k* or later (read ahead) are shown in week *k*, done, and their
  minutes come out of that week's budget.
* Finished chapters are not planned again; of a chapter partly read, the minutes read are
  taken off (``PlanRequest.partly``).
* The rest is planned from week *k*'s first day by the usual rules (:mod:`curriculum.planner`),
  and its weeks are numbered on from *k*.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from msgspec import structs
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from .errors import UsageError
from .schedule import Piece, Week

if TYPE_CHECKING:
    from .catalog import Catalog
    from .planner import Plan
    from .progress import Progress
    from .request import PlanRequest


class _Piece(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    chapter: StrictStr | None = None
    unit: StrictInt = Field(ge=0)
    minutes: StrictInt = Field(ge=1)
    part: StrictInt = Field(default=1, ge=1)
    parts: StrictInt = Field(default=1, ge=1)
    day: date | None = None


class _Session(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    id: StrictStr
    week: StrictInt = Field(ge=1)
    book: StrictStr
    pieces: list[_Piece]


class _Exported(BaseModel):
    """The ``plan`` object of a version 2 progress export."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    arguments: list[StrictStr]
    catalog: list[StrictStr] = Field(default_factory=list)
    weeks: list[tuple[StrictInt, date, StrictInt]] = Field(default_factory=list)
    sessions: list[_Session] = Field(default_factory=list)
    summary: dict[str, Any] = Field(default_factory=dict)
    calendar: dict[str, tuple[StrictInt, StrictStr, StrictStr]] = Field(default_factory=dict)


@dataclass(frozen=True)
class Exported:
    """A progress export's plan, checked: see :func:`read_exported`."""

    arguments: tuple[str, ...]
    catalog: list[str]
    """The catalog options of the plan (``--catalog DIR``...); empty: the bundled catalog."""
    weeks: Mapping[int, tuple[date, int]]
    """Week number -> (first day, budget in minutes)."""
    sessions: tuple[_Session, ...]
    summary: Mapping[str, Any]
    calendar: Mapping[str, tuple[int, str, str]]


def read_exported(plan: Mapping[str, Any], source: str) -> Exported:
    """Check the ``plan`` object of a progress export (a :class:`UsageError` naming the file)."""
    try:
        parsed = _Exported.model_validate(plan)
    except ValidationError as exc:
        where = ".".join(str(part) for part in exc.errors()[0]["loc"])
        raise UsageError(f"progress file {source}: `plan.{where}` is not as an export writes it") from None
    return Exported(
        tuple(parsed.arguments),
        list(parsed.catalog),
        {number: (first, budget) for number, first, budget in parsed.weeks},
        tuple(parsed.sessions),
        parsed.summary,
        parsed.calendar,
    )


@dataclass(frozen=True)
class Continued:
    """How a plan continues another: what it was continued from, and what that plan said."""

    source: str
    """The progress file, as given."""
    as_of: date
    first_week: int
    """Week *k*: the first week planned anew (weeks before it are the past)."""
    done_minutes: int
    """Minutes of the sessions shown done (the past and what was read ahead)."""
    previous: Mapping[str, Any]
    """The plan continued, summarised as its JSON is (end, hours, books): for "what moved"."""
    calendar: Mapping[str, tuple[int, str, str]]
    """The plan continued's calendar: event UID -> (SEQUENCE, digest, DTSTART text)."""
    warnings: tuple[str, ...] = ()


def with_progress(catalog: Catalog, request: PlanRequest, progress: Progress, *, as_of: date) -> PlanRequest:
    """``request`` and what ``progress`` says: its finished chapters, the minutes read of
    chapters read in part, its starting points; and, when it is an export of a plan (version 2),
    that plan to continue on ``as_of`` (``request`` is then the plan's own request, as the
    caller has it: the export's arguments, or a cohort file's entry)."""
    from .progress import resolve_done, resolve_partial
    from .request import Continues

    name = catalog.canonical
    finished = [dataclasses.replace(item, book=name(item.book)) for item in progress.done]
    done = dict(request.done)
    for book, units in resolve_done(catalog, finished).items():
        done[book] = done.get(book, frozenset()) | units
    know = tuple(dict.fromkeys((*request.know, *map(name, progress.know))))
    partly = {**request.partly, **resolve_partial(catalog, progress.partial)}
    merged = structs.replace(request, done=done, know=know, partly=partly)
    if progress.plan is None:
        return merged
    source = str(progress.path)
    exported = read_exported(progress.plan, source)
    continues = Continues(source=source, as_of=as_of, ticked=progress.ticked, exported=exported, base=request)
    return structs.replace(merged, continues=continues)


def current_week(start: date, as_of: date) -> int:
    """The number of the plan's week that holds ``as_of`` (1 before the plan starts)."""
    return max(0, (as_of - start).days) // 7 + 1


def continue_plan(catalog: Catalog, request: PlanRequest) -> Plan:
    """The plan ``request.continues`` continues, on its ``as_of`` day (see the module docstring)."""
    from .planner import make_plan

    continues = request.continues
    assert continues is not None
    exported = continues.exported
    start = request.start
    k = current_week(start, continues.as_of)
    warnings: list[str] = []
    past: dict[int, list[Piece]] = {}
    ahead: list[Piece] = []
    ticked = set(continues.ticked)
    for session in exported.sessions:
        if session.id not in ticked:
            continue
        pieces = [p for p in (_piece(catalog, session.book, piece, warnings) for piece in session.pieces) if p]
        if session.week < k:
            past.setdefault(session.week, []).extend(pieces)
        else:
            ahead.extend(structs.replace(p, day=None) for p in pieces)
    first_day = start + timedelta(weeks=k - 1)
    ahead_minutes = sum(p.minutes for p in ahead)
    future = make_plan(
        catalog,
        structs.replace(request, start=first_day, continues=None, spent={first_day: ahead_minutes}),
    )
    budget = future.budget
    weeks = [
        Week(n, start + timedelta(weeks=n - 1), exported.weeks.get(n, (None, budget))[1], tuple(past.get(n, ())))
        for n in range(1, k)
    ]
    shifted = [structs.replace(w, number=w.number + k - 1) for w in future.weeks]
    if ahead:
        if shifted and shifted[0].start == first_day:
            # The week's budget as planned is what reading ahead left of it: say the whole of it.
            first = shifted[0]
            shifted[0] = structs.replace(first, budget=budget, pieces=(*ahead, *first.pieces))
        else:
            shifted.insert(0, Week(k, first_day, budget, tuple(ahead)))
    weeks += shifted
    read_before = {p.book: n for n in sorted(past, reverse=True) for p in past[n]}
    books = tuple(
        structs.replace(
            b,
            first_week=min(read_before.get(b.id, b.first_week + k - 1), b.first_week + k - 1),
            last_week=b.last_week + k - 1,
            stretches=tuple((units, first + k - 1, last + k - 1) for units, first, last in b.stretches),
        )
        for b in future.books
    )
    done_minutes = sum(p.minutes for ps in past.values() for p in ps) + ahead_minutes
    return structs.replace(
        future,
        request=request,
        weeks=tuple(weeks),
        books=books,
        lower_bound_weeks=future.lower_bound_weeks + k - 1,
        continued=Continued(
            continues.source, continues.as_of, k, done_minutes, exported.summary, exported.calendar, tuple(warnings)
        ),
    )


def _piece(catalog: Catalog, book: str, piece: _Piece, warnings: list[str]) -> Piece | None:
    """A ticked piece of the export, its chapter found by number (the catalog may have moved it)."""
    entry = catalog.books.get(book)
    if entry is None:
        warnings.append(f"the catalog has no book '{book}' any more: its ticked sessions are not shown")
        return None
    numbers = [u.number for u in entry.units]
    unit = numbers.index(piece.chapter) if piece.chapter in numbers else piece.unit
    if unit >= len(numbers) or (piece.chapter is not None and numbers[unit] != piece.chapter):
        warnings.append(f"book '{book}' has no chapter '{piece.chapter}' any more: it is not shown")
        return None
    return Piece(book, unit, piece.minutes, piece.part, piece.parts, piece.day, done=True)
