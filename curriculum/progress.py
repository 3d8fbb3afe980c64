"""What the reader has already finished: ``--done BOOK[:CHAPTERS]`` and ``--progress FILE``.

``CHAPTERS`` is a comma-separated list of chapter numbers and ranges in book order
(``ddia:5-6``, ``homl:1-4,7,B``); no chapters means the whole book.

A progress file is either the JSON that the HTML plan's "export progress" button saves
(an object whose ``done`` list holds ``{"book": ..., "chapter": ...}`` entries), or a YAML
or JSON list whose items are ``"book[:chapters]"`` strings or ``{book, chapters}`` mappings.
An object may also hold ``know``: a list of starting points (as ``--know`` takes them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, TypeAdapter, ValidationError

from .catalog import Catalog
from .errors import UnknownIdError, UsageError


@dataclass(frozen=True)
class Done:
    """A finished book, or some of its chapters (``chapters`` empty: the whole book)."""

    book: str
    chapters: tuple[str, ...] = ()
    ranges: tuple[tuple[str, str], ...] = ()


def parse_done(text: str) -> Done:
    """Parse ``BOOK[:CHAPTERS]``; the chapters are checked later against the catalog."""
    book, _, spec = text.strip().partition(":")
    if not book:
        raise UsageError(f"'{text}' does not name a book (expected BOOK or BOOK:CHAPTERS, e.g. ddia:5-6)")
    singles: list[str] = []
    ranges: list[tuple[str, str]] = []
    for item in (part.strip() for part in spec.split(",")) if spec.strip() else ():
        if not item:
            raise UsageError(f"'{text}' has an empty chapter in its list")
        first, dash, last = item.partition("-")
        if dash and first.strip() and last.strip():
            ranges.append((first.strip(), last.strip()))
        else:
            singles.append(item)
    return Done(book, tuple(singles), tuple(ranges))


def resolve_done(catalog: Catalog, items: Iterable[Done]) -> dict[str, frozenset[int]]:
    """Finished chapter indexes per book; unknown books or chapters are usage errors."""
    out: dict[str, set[int]] = {}
    for item in items:
        if item.book not in catalog.books:
            raise UnknownIdError("book", item.book, list(catalog.books))
        entry = catalog.books[item.book]
        numbers = [u.number for u in entry.units]
        if not item.chapters and not item.ranges:
            out.setdefault(item.book, set()).update(range(len(numbers)))
            continue
        if numbers == [None]:
            raise UsageError(f"book '{item.book}' has no chapter list; mark it done as a whole ('{item.book}')")

        def index(number: str, book: str = item.book, numbers: list[str | None] = numbers) -> int:
            if number not in numbers:
                known = ", ".join(str(n) for n in numbers)
                raise UsageError(f"book '{book}' has no chapter '{number}' (its chapters: {known})")
            return numbers.index(number)

        chosen = out.setdefault(item.book, set())
        chosen.update(index(n) for n in item.chapters)
        for first, last in item.ranges:
            low, high = index(first), index(last)
            if high < low:
                raise UsageError(f"chapter range '{first}-{last}' of '{item.book}' runs backwards")
            chosen.update(range(low, high + 1))
    return {b: frozenset(units) for b, units in out.items()}


def read_progress(path: Path) -> list[Done]:
    """Read a progress file's finished chapters (see the module docstring)."""
    return read_progress_file(path).done


class _Chapters(BaseModel):
    """A finished book (``book``), or its ``chapter`` or ``chapters``. The HTML export adds
    fields of its own (``title``, ``parts_read`` ...): those are read past."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    book: Annotated[StrictStr, Field(min_length=1)]
    chapter: StrictInt | StrictStr | None = None
    chapters: list[StrictInt | StrictStr] | None = None


class _Partial(BaseModel):
    """A chapter partly read: ``minutes_read`` of it (at the plan's pace)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    book: Annotated[StrictStr, Field(min_length=1)]
    chapter: StrictInt | StrictStr | None = None
    minutes_read: Annotated[StrictInt, Field(ge=0, le=10**7)]


class _ProgressFile(BaseModel):
    """A progress file as an object: ``done`` (entries), ``partial`` (chapters partly read),
    ``know`` (starting points) and, from a version 2 export, ``plan`` (what continuing the plan
    needs; :mod:`curriculum.continuation`). Other fields (goals, start, ...) are read past."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    done: list[Any] = Field(default_factory=list)
    partial: list[_Partial] = Field(default_factory=list)
    know: list[Annotated[StrictStr, Field(min_length=1)]] = Field(default_factory=list)
    sessions: list[StrictStr] = Field(default_factory=list)
    plan: dict[str, Any] | None = None
    goals: list[StrictStr] = Field(default_factory=list)
    mentee: StrictStr | None = None
    exported: Any = None


_ENTRY = TypeAdapter(StrictStr | _Chapters)


@dataclass(frozen=True)
class Progress:
    """What a progress file says: finished chapters, partly read ones, starting points, and
    (a version 2 export) the plan it was exported from, to continue it."""

    path: Path
    done: list[Done]
    partial: list[tuple[str, str | None, int]]
    """(book, chapter number, minutes read)."""
    know: list[str]
    ticked: tuple[str, ...] = ()
    """Ids of the ticked sessions."""
    plan: dict[str, Any] | None = None
    """The exported plan (``arguments``, ``weeks``, ``sessions``, ``summary``, ``calendar``)."""
    goals: tuple[str, ...] = ()
    """The goals of the plan it was exported from."""
    mentee: str | None = None
    exported: datetime | None = None
    """When the page exported it (the browser's clock, ``exported``); None when the file does not say."""


def read_progress_file(path: Path) -> Progress:
    """Read a progress file (see the module docstring)."""
    from .catalog.yamlio import YamlProblem, read_yaml

    try:
        data = read_yaml(path, str(path)).data
    except YamlProblem as exc:
        raise UsageError(f"progress file {exc.problem}") from exc
    if isinstance(data, list):
        data = {"done": data}
    if not isinstance(data, dict):
        raise UsageError(f"progress file {path}: expected a list of finished chapters or an object with a `done` list")
    try:
        parsed = _ProgressFile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"][:2])
        wanted = {
            "know": "a list of starting point ids",
            "partial": "a list of {book, chapter, minutes_read} entries",
            "sessions": "a list of session ids",
            "plan": "an object (the plan a version 2 export carries)",
        }.get(str(error["loc"][0]), "a list of finished chapters")
        raise UsageError(f"progress file {path}: `{field}` must be {wanted}") from None
    done = [_item(path, index, value) for index, value in enumerate(parsed.done)]
    partial = [(p.book, None if p.chapter is None else str(p.chapter), p.minutes_read) for p in parsed.partial]
    return Progress(
        path, done, partial, list(parsed.know), tuple(parsed.sessions), parsed.plan, tuple(parsed.goals),
        parsed.mentee or None, _when(parsed.exported),
    )  # fmt: skip


def _when(value: Any) -> datetime | None:
    """An export's ``exported`` time (ISO 8601, as ``Date.toISOString`` writes it), aware; None
    when it is missing or not a time."""
    when = value if isinstance(value, datetime) else None
    if isinstance(value, str):
        try:
            when = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return when if when is not None and when.tzinfo is not None else None


def resolve_partial(catalog: Catalog, items: Iterable[tuple[str, str | None, int]]) -> dict[tuple[str, int], int]:
    """Minutes read of chapters partly read, by (book, chapter index); unknown ones are usage errors."""
    out: dict[tuple[str, int], int] = {}
    for book, chapter, minutes in items:
        name = catalog.canonical(book)
        if name not in catalog.books:
            raise UnknownIdError("book", book, list(catalog.books))
        numbers = [u.number for u in catalog.books[name].units]
        if chapter not in numbers:
            raise UsageError(f"book '{name}' has no chapter '{chapter}' (a partly read chapter of the progress file)")
        key = (name, numbers.index(chapter))
        out[key] = out.get(key, 0) + minutes
    return out


def _item(path: Path, index: int, value: Any) -> Done:
    where = f"progress file {path}: done[{index}]"
    try:
        entry = _ENTRY.validate_python(value)
    except ValidationError:
        if isinstance(value, dict) and isinstance(value.get("book"), str) and value["book"]:
            raise UsageError(
                f"{where}: chapter numbers must be text or whole numbers, in `chapter` or a `chapters` list"
            ) from None
        raise UsageError(
            f"{where}: expected 'book[:chapters]' or a mapping with `book` (and `chapter` or `chapters`)"
        ) from None
    if isinstance(entry, str):
        return parse_done(entry)
    chapters = [entry.chapter] if entry.chapter is not None else (entry.chapters or [])
    return Done(entry.book, tuple(str(c) for c in chapters))
