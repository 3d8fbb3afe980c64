"""The schemas of the three catalog files, as pydantic models: what a user may write, and nothing more.

Every model is frozen and forbids unknown keys, so a typo in a field name is reported
instead of silently ignored. docs/catalog.md documents these fields one by one.
"""

from __future__ import annotations

import functools
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic.dataclasses import dataclass

# The limits are the records' (the fast path's) too: defined there, so that a valid catalog loads
# without importing this module (pydantic and the building of these models take 0.1 s).
from .records import CHAPTER_NUMBER, DEFAULT_PACES, ID_PATTERN, MAX_HOURS, ONE_LINE, TEXT

__all__ = ["CHAPTER_NUMBER", "DEFAULT_PACES", "ID_PATTERN", "MAX_HOURS", "ONE_LINE", "TEXT"]


def _number_to_str(value: object) -> object:
    """Chapter numbers may be written as 5 or "5" or "A"; keep them as text."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


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
    Field(
        min_length=1,
        max_length=40,
        pattern=CHAPTER_NUMBER,
        description="A chapter number as the book prints it: 5, A, App.",
    ),
]
Hours = Annotated[float, Field(gt=0, le=MAX_HOURS, allow_inf_nan=False)]
Pages = Annotated[int, Field(gt=0, le=100_000)]
Title = Annotated[str, Field(min_length=1, max_length=300, pattern=ONE_LINE)]
Text = Annotated[str, Field(max_length=2000, pattern=TEXT)]
Url = Annotated[str, Field(min_length=1, max_length=2000, pattern=ONE_LINE)]


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
    page: Annotated[
        Pages | None,
        Field(description="The page this chapter starts on, as the table of contents prints it."),
    ] = None
    hours: Annotated[Hours | None, Field(description="Override of the estimated reading hours.")] = None
    skip: Annotated[
        Text | None,
        Field(
            min_length=1,
            description="Why this chapter is not for reading (references, index, solutions): never planned"
            " unless --whole-books or named by a goal or edge.",
        ),
    ] = None


class Book(_Model):
    """One book of the catalog with its facts and where they came from."""

    id: Id
    title: Title
    subtitle: Text | None = None
    authors: list[Annotated[str, Field(min_length=1, max_length=200, pattern=ONE_LINE)]] = Field(min_length=1)
    edition: Text | None = None
    edition_of: Id | None = Field(
        None,
        description="This is another edition of that book: among alternatives it is picked only for a reader"
        " who holds it (--prefer) or has read it (--done), never for its hours.",
    )
    year: int | None = Field(None, ge=1000, le=3000)
    publisher: Text | None = None
    pages: Pages | None = None
    isbn13: Annotated[str, Field(pattern=r"^97[89][0-9]{10}$")] | None = None
    url: Url | None = Field(None, description="The publisher's or author's page of the book.")
    free_url: Url | None = Field(None, description="Where the book can be read free of charge, if anywhere.")
    kind: Annotated[str, Field(min_length=1, max_length=40, pattern=ONE_LINE)] = Field(
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


class BooksFile(_Model):
    """``books.yaml``: reading paces and the books."""

    paces: dict[Annotated[str, Field(min_length=1, max_length=40, pattern=ONE_LINE)], Hours] = Field(
        default_factory=lambda: dict(DEFAULT_PACES),
        description="Pages per hour for each kind of book; replaces the defaults when given.",
    )
    books: list[Book]


class Choice(_Model):
    """One alternative of an ``any_of`` group: a book, or some of its chapters."""

    book: Id
    chapters: list[ChapterRef] = Field(default_factory=list, description="Empty means the whole book.")


def _one_of(name: str, single: str | None, group: list[Choice] | None, chapters: list[str]) -> None:
    """Exactly one of ``name`` (a book id) and ``any_of`` (a group of alternatives)."""
    has_group = group is not None
    if (single is not None) == has_group:
        raise ValueError(
            f"give either `{name}` or `any_of` (a list of alternatives), not {'both' if has_group else 'neither'}"
        )
    if has_group and chapters:
        raise ValueError("`chapters` goes inside each alternative of `any_of`")


def _choices(single: str | None, group: list[Choice] | None, chapters: list[str]) -> tuple[Choice, ...]:
    """An edge's or target's alternatives: its group, or its one book (``_one_of`` made sure)."""
    if group is not None:
        return tuple(group)
    assert single is not None
    return (Choice.model_construct(book=single, chapters=chapters),)  # both validated with the edge


class Edge(_Model):
    """``before`` (or any one of the ``any_of`` alternatives) should be read before ``after``."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["before"]}, {"required": ["any_of"]}]})

    before: Id | None = None
    any_of: list[Choice] | None = Field(
        None, description="Alternatives, any one of which will do, in place of `before` and `chapters`."
    )
    after: Id
    chapters: list[ChapterRef] = Field(
        default_factory=list,
        description="The chapters of `before` that `after` needs; empty means the whole book.",
    )
    after_chapters: list[ChapterRef] = Field(
        default_factory=list,
        description="The chapters of `after` that need `before`; empty means the whole of `after`.",
    )
    reason: Annotated[str, Field(min_length=1, max_length=500, pattern=ONE_LINE)]
    strength: Literal["recommended", "optional"] = Field(
        "recommended",
        description="Optional edges bring nothing into a plan (unless --optional), but order books already in it.",
    )

    @model_validator(mode="after")
    def _before_or_group(self) -> Edge:
        _one_of("before", self.before, self.any_of, self.chapters)
        return self

    @functools.cached_property
    def choices(self) -> tuple[Choice, ...]:
        """The alternatives: one for a plain edge."""
        return _choices(self.before, self.any_of, self.chapters)

    @property
    def is_group(self) -> bool:
        return self.any_of is not None


class PrereqsFile(_Model):
    """``prereqs.yaml``: the prerequisite edges."""

    prereqs: list[Edge] = Field(default_factory=list)


class Target(_Model):
    """A book a goal wants read, or some of its chapters, or any one of a group of alternatives."""

    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": ["book"]}, {"required": ["any_of"]}]})

    book: Id | None = None
    any_of: list[Choice] | None = Field(None, description="Alternatives, any one of which will do.")
    chapters: list[ChapterRef] = Field(default_factory=list, description="Empty means the whole book.")

    @model_validator(mode="after")
    def _book_or_group(self) -> Target:
        _one_of("book", self.book, self.any_of, self.chapters)
        return self

    @functools.cached_property
    def choices(self) -> tuple[Choice, ...]:
        """The alternatives: one for a plain target."""
        return _choices(self.book, self.any_of, self.chapters)

    @property
    def is_group(self) -> bool:
        return self.any_of is not None


class Goal(_Model):
    """A named learning goal: the books (or chapters) to have read at the end."""

    id: Id
    title: Title
    description: Text | None = None
    assumes: list[Id] = Field(
        default_factory=list, description="Starting points (ids of `starting_points`) the goal takes as known."
    )
    targets: list[Target] = Field(min_length=1)


class StartingPoint(_Model):
    """What a reader may already know, in words they know (`--know ID`): the chapters it stands for."""

    id: Id
    title: Title
    description: Text | None = None
    covers: list[Choice] = Field(
        default_factory=list,
        description="The catalog's chapters this knowledge stands for; empty when the catalog has none on it.",
    )


class GoalsFile(_Model):
    """``goals.yaml``: the goals."""

    starting_points: list[StartingPoint] = Field(default_factory=list)
    goals: list[Goal] = Field(default_factory=list)
