"""Pydantic models of the three catalog files: what a user may write, and nothing more.

Every model is frozen and forbids unknown keys, so a typo in a field name is reported
instead of silently ignored. docs/catalog.md documents these fields one by one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.dataclasses import dataclass

MAX_HOURS = 10_000.0
"""No chapter or book takes longer than this; larger numbers are typos (or 1e308)."""


def _number_to_str(value: object) -> object:
    """Chapter numbers may be written as 5 or "5" or "A"; keep them as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=ID_PATTERN,
        description="A stable id: letters, digits, '.', '_' and '-', starting with a letter or digit.",
    ),
]
ChapterRef = Annotated[
    str,
    BeforeValidator(_number_to_str, json_schema_input_type=str | int),
    Field(min_length=1, max_length=40, description="A chapter number as the book prints it: 5, A, App."),
]
Hours = Annotated[float, Field(gt=0, le=MAX_HOURS, allow_inf_nan=False)]
Pages = Annotated[int, Field(gt=0, le=100_000)]
Title = Annotated[str, Field(min_length=1, max_length=300)]
Text = Annotated[str, Field(max_length=2000)]
Url = Annotated[str, Field(min_length=1, max_length=2000)]


_FIELDS = ConfigDict(extra="forbid", strict=False)
"""Unknown keys are refused; values are converted where that is safe (5 -> "5")."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, **_FIELDS)


# A dataclass with slots, not a model: a catalog holds about ten chapters a book, and a
# model's instance dict makes each one several times larger (a million chapters at 100k books).
@dataclass(frozen=True, slots=True, config=_FIELDS)
class Chapter:
    """One chapter (or appendix) of a book, in reading order."""

    number: ChapterRef
    title: Title
    part: Text | None = None
    pages: Annotated[Pages | None, Field(description="Pages of this chapter, where known.")] = None
    hours: Annotated[Hours | None, Field(description="Override of the estimated reading hours.")] = None


class Book(_Model):
    """One book of the catalog with its facts and where they came from."""

    id: Id
    title: Title
    subtitle: Text | None = None
    authors: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(min_length=1)
    edition: Text | None = None
    year: int | None = Field(None, ge=1000, le=3000)
    publisher: Text | None = None
    pages: Pages | None = None
    isbn13: Annotated[str, Field(pattern=r"^97[89][0-9]{10}$")] | None = None
    url: Url | None = Field(None, description="The publisher's or author's page of the book.")
    free_url: Url | None = Field(None, description="Where the book can be read free of charge, if anywhere.")
    kind: Annotated[str, Field(min_length=1, max_length=40)] = Field(
        "textbook", description="Kind of book; picks the reading pace from `paces`."
    )
    hours: Hours | None = Field(None, description="Override of the estimated hours for the whole book.")
    hours_note: Text | None = None
    chapters: list[Chapter] = Field(default_factory=list)
    notes: Text | None = None
    sources: list[Text] = Field(default_factory=list)
    unverified: list[Text] = Field(
        default_factory=list, description="Facts that could not be verified (fields left empty or flagged)."
    )


DEFAULT_PACES: dict[str, float] = {
    "maths": 5.0,
    "workbook": 4.0,
    "textbook": 10.0,
    "hands-on": 8.0,
    "practitioner": 12.0,
    "interview": 15.0,
}
"""Pages per hour for each kind of book (see docs/catalog.md for the reasoning)."""


class BooksFile(_Model):
    """``books.yaml``: reading paces and the books."""

    paces: dict[Annotated[str, Field(min_length=1, max_length=40)], Hours] = Field(
        default_factory=lambda: dict(DEFAULT_PACES),
        description="Pages per hour for each kind of book; replaces the defaults when given.",
    )
    books: list[Book]


class Edge(_Model):
    """``before`` should be read before ``after``."""

    before: Id
    after: Id
    chapters: list[ChapterRef] = Field(
        default_factory=list,
        description="The chapters of `before` that `after` needs; empty means the whole book.",
    )
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    strength: Literal["recommended", "optional"] = Field(
        "recommended", description="Optional edges are planned only with --optional."
    )


class PrereqsFile(_Model):
    """``prereqs.yaml``: the prerequisite edges."""

    prereqs: list[Edge] = Field(default_factory=list)


class Target(_Model):
    """A book a goal wants read, or some of its chapters."""

    book: Id
    chapters: list[ChapterRef] = Field(default_factory=list, description="Empty means the whole book.")


class Goal(_Model):
    """A named learning goal: the books (or chapters) to have read at the end."""

    id: Id
    title: Title
    description: Text | None = None
    targets: list[Target] = Field(min_length=1)


class GoalsFile(_Model):
    """``goals.yaml``: the goals."""

    goals: list[Goal] = Field(default_factory=list)
