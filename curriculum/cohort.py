"""A mentor's cohort file (``cohort.yaml``): its schema, reading it with every problem at once, and
each mentee's request.

The file names the mentor, the catalog (a folder relative to the file; the bundled one when
absent) and the mentees, each as `curriculum plan` would be asked (goals, hours or study days,
start, deadline, books already read, ...) plus the path of their latest progress export,
relative to the file too. docs/cohort.md documents it field by field, and docs/schema/cohort.json
is :func:`cohort_schema`.

:func:`load_cohort` reports every problem of the file together, each as ``file:line: entry:
message`` (:class:`~curriculum.errors.CohortError`): the YAML, unknown or mistyped fields, ids
the catalog does not know, study days, dates, names given twice. A progress file is not read
here: a bad one is that mentee's problem, not the cohort's (see :mod:`curriculum.cohort_status`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, ValidationError

from .catalog.files import ID_PATTERN, ONE_LINE
from .errors import CohortError, CurriculumError, Problem, UsageError

if TYPE_CHECKING:
    from .catalog import Catalog
    from .catalog.problems import FileProblems
    from .request import PlanRequest

Name = Annotated[str, Field(min_length=1, max_length=100, pattern=ONE_LINE)]
Id = Annotated[str, Field(min_length=1, max_length=100, pattern=ID_PATTERN)]
PathText = Annotated[str, Field(min_length=1, max_length=4096, pattern=ONE_LINE)]
_Ids = Annotated[list[Id], Field(min_length=1)]


def _listed(value: Any) -> Any:
    """One goal may be written without a list."""
    return [value] if isinstance(value, str) else value


class Mentee(BaseModel):
    """One mentee: what `curriculum plan` would be given for them, and their latest progress export."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name = Field(description="The mentee's name: on their plan and in its file names (`plan --for`).")
    goals: Annotated[list[Id], BeforeValidator(_listed, json_schema_input_type=Id | _Ids)] = Field(
        min_length=1, description="A goal id (or a book id), or a list of them (`plan --goal`)."
    )
    start: date = Field(description="The first day of week 1 (`plan --start`).")
    hours: Annotated[float, Field(gt=0, le=80, allow_inf_nan=False)] | None = Field(
        None, description="Hours of reading per week (`plan --hours`); 5 unless `days` or `by` says otherwise."
    )
    days: Annotated[str, Field(min_length=1, max_length=200)] | None = Field(
        None, description="Study days instead of `hours`, as `plan --days` takes them: mon=1,wed=1.5,sat=09:00+3h."
    )
    tz: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        None, description="The mentee's time zone (IANA, e.g. Europe/Berlin): needed when `days` give times."
    )
    by: date | None = Field(None, description="Deadline (`plan --by`).")
    done: list[Annotated[str, Field(min_length=1, max_length=1000)]] = Field(
        default_factory=list, description="Books or chapters read before the plan: ddia, homl:1-4,7 (`plan --done`)."
    )
    progress: PathText | None = Field(
        None, description="The mentee's latest progress export, relative to the cohort file (`plan --progress`)."
    )
    skip: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(
        default_factory=list, description="No study on these dates: FROM..TO (`plan --skip`)."
    )
    pace: Annotated[float, Field(gt=0, le=10, allow_inf_nan=False)] = Field(1.0, description="`plan --pace`.")
    parallel: Annotated[int, Field(ge=1, le=10)] = Field(1, description="`plan --parallel`.")
    prefer: list[Id] = Field(default_factory=list, description="`plan --prefer`.")
    know: list[Id] = Field(default_factory=list, description="`plan --know`.")
    whole_books: StrictBool = Field(False, description="`plan --whole-books`.")
    optional: StrictBool = Field(False, description="`plan --optional`.")
    from_zero: StrictBool = Field(False, description="`plan --from-zero`.")


class _Head(BaseModel):
    """The cohort file's own fields; its mentees are validated one by one (:func:`load_cohort`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mentor: Name = Field(description="The mentor's name, on the cohort's index page.")
    catalog: PathText | None = Field(
        None,
        description="The catalog folder, relative to the cohort file (`plan --catalog`); the bundled one if absent.",
    )
    extend: StrictBool = Field(False, description="Add `catalog` to the bundled catalog (`plan --extend`).")
    mentees: list[Any]


class CohortFile(_Head):
    """A cohort file: the mentor, the catalog and the mentees."""

    mentees: Annotated[list[Mentee], Field(min_length=1)]


def cohort_schema() -> dict[str, Any]:
    """The JSON Schema of a cohort file (docs/schema/cohort.json)."""
    from .catalog.jsonschema import DIALECT

    return {"$schema": DIALECT, **CohortFile.model_json_schema(), "title": "curriculum cohort file"}


@dataclass(frozen=True)
class Member:
    """A mentee of a valid cohort file: their request as the entry makes it, without progress."""

    index: int
    name: str
    request: PlanRequest
    progress: Path | None
    """The progress export: the cohort file's folder joined with the path the entry gives."""
    progress_text: str | None = None
    """The path as the entry writes it."""


@dataclass(frozen=True)
class Cohort:
    path: Path
    mentor: str
    catalog_dir: Path | None
    extend: bool
    members: tuple[Member, ...]


LoadCatalog = Callable[[Path | None, bool], "Catalog"]
FileStem = Callable[[Sequence[str], str], str]


def load_cohort(path: Path, *, load: LoadCatalog, file_stem: FileStem) -> tuple[Cohort, Catalog]:
    """Read and check the cohort file at ``path`` and load its catalog (with ``load(folder,
    extend)``); ``file_stem(goals, name)`` names a mentee's files (two mentees may not share
    one). Raises :class:`CohortError` listing every problem, or what ``load`` raises for a bad
    catalog."""
    from .catalog.problems import Collector
    from .catalog.yamlio import YamlProblem, read_yaml

    shown = str(path)
    try:
        doc = read_yaml(path, shown)
    except YamlProblem as exc:
        raise CohortError([exc.problem]) from None
    out = Collector()
    problems = out.file(doc)
    data = doc.data
    if not isinstance(data, dict):
        raise CohortError([Problem(shown, None, "", "the file must be a mapping with `mentor:` and `mentees:`")])
    head = _validate(_Head, data, (), "", problems)
    raw = data.get("mentees")
    entries: list[tuple[int, Mentee]] = []
    if isinstance(raw, list):
        if not raw:
            problems.add(("mentees",), "", "mentees: the cohort has no mentees")
        for index, value in enumerate(raw):
            entry = _validate(Mentee, value, ("mentees", index), _entry_name(value, index), problems)
            if isinstance(entry, Mentee):
                entries.append((index, entry))
    catalog = catalog_dir = None
    folder = path.parent
    # The catalog is loaded when its own fields are good, so that every entry is checked too.
    where = head if isinstance(head, _Head) else _fields(_Catalog, data)
    if isinstance(where, _Catalog | _Head):
        catalog_dir = folder / where.catalog if where.catalog is not None else None
        try:
            catalog = load(catalog_dir, where.extend)
        except UsageError as exc:
            problems.add(("catalog",) if where.catalog else ("extend",), "", f"{exc}")
    members = []
    if catalog is not None:
        members = [m for i, e in entries if (m := _member(catalog, folder, i, e, problems)) is not None]
    _unique(entries, members, file_stem, problems)
    found = out.resolve()
    if found:
        raise CohortError(found, more=out.more)  # the first 1,000 listed (catalog.problems.MAX_LISTED)
    assert isinstance(head, _Head) and catalog is not None
    cohort = Cohort(path, head.mentor, catalog_dir, head.extend, tuple(members))
    return cohort, catalog


class _Catalog(BaseModel):
    """The catalog's fields of a cohort file whose other fields may be wrong."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    catalog: PathText | None = None
    extend: StrictBool = False


def _fields(model: type[BaseModel], data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def _validate(model: type[BaseModel], value: Any, where: tuple[str | int, ...], entry: str, out: FileProblems) -> Any:
    from .catalog.messages import describe

    try:
        return model.model_validate(value)
    except ValidationError as exc:
        for error in exc.errors():
            loc = tuple(error["loc"])
            if model is _Head and loc[:1] == ("mentees",) and len(loc) > 1:
                continue  # each mentee is validated on its own
            _, _, message = describe({**error, "loc": loc}, value, "-")
            out.add((*where, *loc), entry, message)
        return None


def _entry_name(value: Any, index: int) -> str:
    name = value.get("name") if isinstance(value, dict) else None
    return f"mentee '{name}'" if isinstance(name, str) and 0 < len(name) <= 100 else f"mentees[{index}]"


def _member(catalog: Catalog, folder: Path, index: int, entry: Mentee, out: FileProblems) -> Member | None:
    """The request of ``entry`` (as `plan` would make it of the same options), or None after
    reporting what is wrong with it."""
    from .request import PlanRequest, parse_days

    where: tuple[str | int, ...] = ("mentees", index)
    name = f"mentee '{entry.name}'"
    wrong: list[str] = []

    def say(field: tuple[str | int, ...], message: str) -> None:
        wrong.append(message)  # the collector may only count it (past the first 1,000)
        out.add((*where, *field), name, message)

    def check(field: tuple[str | int, ...], work: Callable[..., Any], *args: Any) -> Any:
        try:
            return work(*args)
        except CurriculumError as exc:
            label = "".join(f"[{step}]" if isinstance(step, int) else str(step) for step in field)
            say(field, f"{label}: {exc}" if label else str(exc))
            return None

    resolved = tuple(dict.fromkeys(check(("goals", n), _goal, catalog, g) for n, g in enumerate(entry.goals)))
    done: dict[str, frozenset[int]] = {}
    for n, text in enumerate(entry.done):
        for book, units in (check(("done", n), _done, catalog, text) or {}).items():
            done[book] = done.get(book, frozenset()) | units
    prefer = tuple(check(("prefer", n), _book, catalog, b) for n, b in enumerate(entry.prefer))
    know = tuple(check(("know", n), _point, catalog, p) for n, p in enumerate(entry.know))
    skip = tuple(check(("skip", n), _skip, s) for n, s in enumerate(entry.skip))
    days = check(("days",), parse_days, entry.days) if entry.days is not None else ()
    hours = entry.hours
    if days and hours is not None:
        say(("days",), "days: give `hours` or `days`, not both")
    elif days:
        hours = sum(day.minutes for day in days) / 60
    if entry.tz is not None:
        check(("tz",), _zone, entry.tz)
    elif days and any(day.at for day in days):
        say(("days",), "days: study days with a time need the mentee's `tz` (e.g. Europe/Berlin)")
    if wrong:
        return None
    request = PlanRequest(
        goals=resolved, hours_per_week=hours if hours is not None else (None if entry.by else 5.0), start=entry.start,
        days=days or (), tz=entry.tz, by=entry.by, done=done, skip=skip, pace=entry.pace, parallel=entry.parallel,
        whole_books=entry.whole_books, optional=entry.optional, prefer=tuple(dict.fromkeys(prefer)),
        know=tuple(dict.fromkeys(know)), from_zero=entry.from_zero,
    )  # fmt: skip
    check((), request.check)
    if wrong:
        return None
    progress = folder / entry.progress if entry.progress is not None else None
    return Member(index, entry.name, request, progress, entry.progress)


def _goal(catalog: Catalog, name: str) -> str:
    from .errors import UnknownIdError

    found = catalog.canonical(name)
    if found not in catalog.goals and found not in catalog.books:
        raise UnknownIdError("goal", name, [*catalog.goals, *catalog.books])
    return found


def _book(catalog: Catalog, name: str) -> str:
    from .errors import UnknownIdError

    found = catalog.canonical(name)
    if found not in catalog.books:
        raise UnknownIdError("book", name, list(catalog.books))
    return found


def _point(catalog: Catalog, name: str) -> str:
    from .errors import UnknownIdError

    found = catalog.canonical(name)
    if found not in catalog.starting_points:
        raise UnknownIdError("starting point", name, list(catalog.starting_points))
    return found


def _done(catalog: Catalog, text: str) -> dict[str, frozenset[int]]:
    from .progress import parse_done, resolve_done

    item = parse_done(text)
    return resolve_done(catalog, [dataclasses.replace(item, book=catalog.canonical(item.book))])


def _skip(text: str) -> tuple[date, date]:
    first, sep, last = text.partition("..")
    try:
        if not sep:
            raise ValueError
        start, end = date.fromisoformat(first.strip()), date.fromisoformat(last.strip())
    except ValueError:
        raise UsageError(f"'{text}' is not a range FROM..TO of dates (e.g. 2027-04-05..2027-04-18)") from None
    if end < start:
        raise UsageError(f"'{text}' ends before it starts")
    return start, end


def _zone(name: str) -> str:
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        raise UsageError(f"'{name}' is not a time zone (an IANA name such as Europe/Berlin or UTC)") from None
    return name


def _unique(
    entries: Sequence[tuple[int, Mentee]], members: Sequence[Member], file_stem: FileStem, out: FileProblems
) -> None:
    """Two mentees may share neither a name (ignoring case) nor the names of their files."""
    names: dict[str, int] = {}
    for index, entry in entries:
        first = names.setdefault(entry.name.casefold(), index)
        if first != index:
            out.add(
                ("mentees", index, "name"), f"mentee '{entry.name}'", f"name: mentees[{first}] has this name already"
            )
    stems: dict[str, Member] = {}
    for member in members:
        where, entry_name = ("mentees", member.index, "name"), f"mentee '{member.name}'"
        stem = file_stem(member.request.goals, member.name)
        if names[member.name.casefold()] != member.index:
            continue
        if (other := stems.setdefault(stem, member)) is not member:
            out.add(where, entry_name, f"name: the files of mentees[{other.index}] have the same name ({stem}.*)")
        elif stem == "+".join(member.request.goals):
            out.add(where, entry_name, "name: has no letter or digit to name the mentee's files by")
