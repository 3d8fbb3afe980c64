"""A catalog's books, chapters, edges, goals and starting points as the program holds them:
frozen :mod:`msgspec` structs, decoded from the parsed files in one pass of compiled code.

The pydantic models of :mod:`.files` are the catalog's schema: its JSON Schema, and every error
message. The structs here have the same fields, defaults and limits (the texts' patterns checked
for many structs at once by :func:`texts_ok`), so for the valid entries that make up nearly all
of a catalog, :func:`decode` gives what validating with pydantic would give, several times
faster and in a fraction of the memory (a pydantic model keeps a dict of its fields and another
of those set). An entry it does not take (an error, or a value that only
pydantic's conversions accept, such as ``"5"`` for a number) goes to pydantic, which reports
every problem of it or gives the model, made into a struct (:func:`from_model`).
``tests/test_records.py`` checks that the two agree.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import msgspec
from msgspec import Meta, Struct, field

if TYPE_CHECKING:
    from pydantic import BaseModel

MAX_HOURS = 10_000.0
"""No chapter or book takes longer than this; larger numbers are typos (or 1e308)."""
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
ONE_LINE = "^[^\x00-\x1f\x7f-\x9f\u2028\u2029]*$"
"""Text on one line: no control characters (line breaks, escape sequences) at all."""
TEXT = "^[^\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u2028\\u2029]*$"
"""Longer text: tabs and line breaks allowed, no other control character (no escape sequences)."""
CHAPTER_NUMBER = "^[^,\x00-\x1f\x7f-\x9f\u2028\u2029]*$"
"""A chapter number: one line, and no comma (``--done ddia:5,6`` lists them with commas)."""
DEFAULT_PACES: dict[str, float] = {
    "maths": 5.0,
    "workbook": 4.0,
    "textbook": 10.0,
    "hands-on": 8.0,
    "practitioner": 12.0,
    "interview": 15.0,
}
"""Pages per hour for each kind of book (see docs/catalog.md for the reasoning)."""


def _end(pattern: str) -> str:
    """A pattern of :mod:`.files` for Python's ``re.search``: ``$`` there also matches before a
    final line break, where pydantic's (Rust) regular expressions match only at the end."""
    assert pattern.endswith("$")
    return pattern[:-1] + r"\Z"


# msgspec checks the texts' lengths as it decodes; texts_ok their patterns (named in comments).
Id = Annotated[str, Meta(min_length=1, max_length=100)]  # ID_PATTERN
Title = Annotated[str, Meta(min_length=1, max_length=300)]  # ONE_LINE
Text = Annotated[str, Meta(max_length=2000)]  # TEXT
Url = Annotated[str, Meta(min_length=1, max_length=2000)]  # ONE_LINE
Hours = Annotated[float, Meta(gt=0, le=MAX_HOURS)]
Pages = Annotated[int, Meta(gt=0, le=100_000)]
ChapterRef = Annotated[str, Meta(min_length=1, max_length=40)] | int  # CHAPTER_NUMBER
"""A chapter number, as text or a whole number (made text by :func:`_numbers`)."""


class _NotTaken(ValueError):
    """A value the schema would convert or refuse: pydantic decides (msgspec reports it as a
    :class:`msgspec.ValidationError`)."""


_TEXTS: dict[int, str] = {}
"""The text of each chapter number written as a whole number, made once: a million chapters
numbered 1 to 12 share twelve strings."""


def _number(value: str | int) -> str:
    """Chapter numbers are text: 5 is "5" (as :func:`.files._number_to_str` makes it)."""
    if type(value) is int:
        text = _TEXTS.get(value)
        if text is None:
            text = str(value)
            if len(text) > 40:
                raise _NotTaken
            if len(_TEXTS) < 10_000:
                _TEXTS[value] = text
        return text
    assert isinstance(value, str)
    return value


def _numbers(values: list[Any]) -> list[str]:
    return [v if type(v) is str else _number(v) for v in values]


# gc=False: a struct that can hold no other (chapters, choices) or only such structs in lists
# (books) is left out of the cyclic garbage collector's sight, as it can be in no cycle; a
# tenth faster to decode, and 16 bytes smaller (a million chapters at 100k books).
class Chapter(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False, omit_defaults=True):
    """One chapter (or appendix) of a book, in reading order (:class:`.files.Chapter`)."""

    if TYPE_CHECKING:
        number: str
    else:
        number: ChapterRef
    title: Title
    part: Text | None = None
    pages: Pages | None = None
    page: Pages | None = None
    hours: Hours | None = None
    skip: Annotated[str, Meta(min_length=1, max_length=2000)] | None = None  # TEXT
    # A number written as a whole number is made text by the book (Book.__post_init__): a call
    # per book, not per chapter, of a tenth of the time a catalog takes to decode.


class Book(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False, omit_defaults=True):
    """One book of the catalog with its facts and where they came from (:class:`.files.Book`)."""

    id: Id
    title: Title
    subtitle: Text | None = None
    authors: Annotated[list[Annotated[str, Meta(min_length=1, max_length=200)]], Meta(min_length=1)]  # ONE_LINE
    edition: Text | None = None
    edition_of: Id | None = None
    year: Annotated[int, Meta(ge=1000, le=3000)] | None = None
    publisher: Text | None = None
    pages: Pages | None = None
    isbn13: str | None = None  # ISBN13
    url: Url | None = None
    free_url: Url | None = None
    kind: Annotated[str, Meta(min_length=1, max_length=40)] = "textbook"  # ONE_LINE
    hours: Hours | None = None
    hours_note: Text | None = None
    chapters: list[Chapter] = field(default_factory=list)
    notes: Text | None = None
    sources: list[Text] = field(default_factory=list)
    unverified: list[Text] = field(default_factory=list)

    def __post_init__(self) -> None:
        texts: dict[Any, str] = _TEXTS
        settle = msgspec.structs.force_setattr
        for chapter in self.chapters:
            number = chapter.number
            if type(number) is not str:  # a whole number, as decoded
                settle(chapter, "number", texts.get(number) or _number(number))

    @classmethod
    def model_validate(cls, data: Any) -> Book:
        """A book from its parsed fields, as the load decodes it (for callers of the pydantic model's name)."""
        return decode(data, cls)


class Choice(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, gc=False, omit_defaults=True):
    """One alternative of an ``any_of`` group: a book, or some of its chapters (:class:`.files.Choice`)."""

    book: Id
    if TYPE_CHECKING:
        chapters: list[str] = field(default_factory=list)
    else:
        chapters: list[ChapterRef] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.chapters and any(type(c) is not str for c in self.chapters):
            msgspec.structs.force_setattr(self, "chapters", _numbers(self.chapters))


def _one_of(single: str | None, group: list[Any] | None, chapters: list[Any]) -> None:
    """Exactly one of a book and ``any_of``, and chapters only with the book: pydantic says which is wrong."""
    if (single is None) == (group is None) or (group is not None and chapters):
        raise _NotTaken


class Edge(Struct, dict=True, frozen=True, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """``before`` (or any one of the ``any_of`` alternatives) should be read before ``after`` (:class:`.files.Edge`)."""

    before: Id | None = None
    any_of: list[Choice] | None = None
    after: Id
    if TYPE_CHECKING:
        chapters: list[str] = field(default_factory=list)
        after_chapters: list[str] = field(default_factory=list)
    else:
        chapters: list[ChapterRef] = field(default_factory=list)
        after_chapters: list[ChapterRef] = field(default_factory=list)
    reason: Annotated[str, Meta(min_length=1, max_length=500)]  # ONE_LINE
    strength: Literal["recommended", "optional"] = "recommended"

    def __post_init__(self) -> None:
        _one_of(self.before, self.any_of, self.chapters)
        if self.chapters or self.after_chapters:  # most edges name no chapters
            for name in ("chapters", "after_chapters"):
                values = getattr(self, name)
                if values and any(type(c) is not str for c in values):
                    msgspec.structs.force_setattr(self, name, _numbers(values))

    @functools.cached_property
    def choices(self) -> tuple[Choice, ...]:
        """The alternatives: one for a plain edge."""
        return _choices(self.any_of, self.before, self.chapters)

    @property
    def is_group(self) -> bool:
        return self.any_of is not None


def _choices(any_of: list[Choice] | None, book: str | None, chapters: list[str]) -> tuple[Choice, ...]:
    """An edge's or a target's alternatives: its group, or the one book it names."""
    if any_of is not None:
        return tuple(any_of)
    assert book is not None
    return (Choice(book=book, chapters=chapters),)


class Target(Struct, dict=True, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A book a goal wants read, or some of its chapters, or any one of a group (:class:`.files.Target`)."""

    book: Id | None = None
    any_of: list[Choice] | None = None
    if TYPE_CHECKING:
        chapters: list[str] = field(default_factory=list)
    else:
        chapters: list[ChapterRef] = field(default_factory=list)

    def __post_init__(self) -> None:
        _one_of(self.book, self.any_of, self.chapters)
        if self.chapters and any(type(c) is not str for c in self.chapters):
            msgspec.structs.force_setattr(self, "chapters", _numbers(self.chapters))

    @functools.cached_property
    def choices(self) -> tuple[Choice, ...]:
        """The alternatives: one for a plain target."""
        return _choices(self.any_of, self.book, self.chapters)

    @property
    def is_group(self) -> bool:
        return self.any_of is not None


class Goal(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A named learning goal: the books (or chapters) to have read at the end (:class:`.files.Goal`)."""

    id: Id
    title: Title
    description: Text | None = None
    assumes: list[Id] = field(default_factory=list)
    targets: Annotated[list[Target], Meta(min_length=1)]


class StartingPoint(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a reader may already know: the chapters it stands for (:class:`.files.StartingPoint`)."""

    id: Id
    title: Title
    description: Text | None = None
    covers: list[Choice] = field(default_factory=list)


Kind = Annotated[str, Meta(min_length=1, max_length=40, pattern=_end(ONE_LINE))]


class BooksFile(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``books.yaml`` without its books (they are decoded one by one): the paces (:class:`.files.BooksFile`)."""

    paces: dict[Kind, Hours] = field(default_factory=lambda: dict(DEFAULT_PACES))
    books: list[Book]


class PrereqsFile(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``prereqs.yaml`` without its edges (:class:`.files.PrereqsFile`)."""

    prereqs: list[Edge] = field(default_factory=list)


class GoalsFile(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``goals.yaml`` without its goals: the starting points (:class:`.files.GoalsFile`)."""

    starting_points: list[StartingPoint] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)


_R = TypeVar("_R", bound=Struct)

LISTED: dict[str, type[Struct]] = {"books": Book, "prereqs": Edge, "goals": Goal}  # each file list's items


def take(data: Any, kind: type[_R]) -> _R | None:
    """The struct of ``data`` when it is valid as written (no conversion needed); None otherwise."""
    taken = take_all([data], kind)
    return None if taken is None else taken[0]


def take_all(items: list[Any], kind: type[_R]) -> list[_R] | None:
    """The structs of ``items`` when every one is valid as written (in one call); None otherwise."""
    try:
        taken: list[_R] = msgspec.convert(items, list[kind])  # type: ignore[valid-type]
    except msgspec.ValidationError:
        return None
    return taken if texts_ok(taken, kind) else None


# The patterns of the texts, checked for many structs at once: msgspec checks a pattern with a
# call of a regular expression per text, two thirds of the time it took to decode a catalog. A
# pattern of the form ``^[^...]*$`` refuses some characters: the texts it applies to are joined
# and searched for one of them. Ids and ISBNs are joined by line breaks (which neither allows),
# their count telling that no text holds one.
_ONE, _OPTIONAL, _MANY, _SOME = range(4)
"""How a field holds its texts or structs: one, one or None, a list, a list or None."""
_LINE, _TEXT, _NUMBER, _ID, _ISBN = ONE_LINE, TEXT, CHAPTER_NUMBER, ID_PATTERN, "ISBN13"
_FIELDS: dict[type[Struct], tuple[tuple[str, Any, int], ...]] = {
    # fields named together hold one text or None each, all of one pattern that refuses characters
    Chapter: (
        ("number", _NUMBER, _ONE),
        ("title", _LINE, _ONE),
        ("part", _TEXT, _OPTIONAL),
        ("skip", _TEXT, _OPTIONAL),
    ),
    Book: (
        *(("id", _ID, _ONE), ("title kind url free_url", _LINE, _OPTIONAL), ("authors", _LINE, _MANY)),
        *(("subtitle edition publisher hours_note notes", _TEXT, _OPTIONAL), ("edition_of", _ID, _OPTIONAL)),
        *(("isbn13", _ISBN, _OPTIONAL), ("chapters", Chapter, _MANY)),
        *(("sources", _TEXT, _MANY), ("unverified", _TEXT, _MANY)),
    ),
    Choice: (("book", _ID, _ONE), ("chapters", _NUMBER, _MANY)),
    Edge: (
        *(("before", _ID, _OPTIONAL), ("any_of", Choice, _SOME), ("after", _ID, _ONE)),
        *(("chapters", _NUMBER, _MANY), ("after_chapters", _NUMBER, _MANY), ("reason", _LINE, _ONE)),
    ),
    Target: (("book", _ID, _OPTIONAL), ("any_of", Choice, _SOME), ("chapters", _NUMBER, _MANY)),
    Goal: (
        *(("id", _ID, _ONE), ("title", _LINE, _ONE), ("description", _TEXT, _OPTIONAL)),
        *(("assumes", _ID, _MANY), ("targets", Target, _MANY)),
    ),
    StartingPoint: (
        *(("id", _ID, _ONE), ("title", _LINE, _ONE), ("description", _TEXT, _OPTIONAL), ("covers", Choice, _MANY)),
    ),
    BooksFile: (("books", Book, _MANY),),  # the keys of its paces keep their pattern: few, checked by msgspec
    PrereqsFile: (("prereqs", Edge, _MANY),),
    GoalsFile: (("starting_points", StartingPoint, _MANY), ("goals", Goal, _MANY)),
}


def _refused(pattern: str) -> tuple[re.Pattern[str], bytes]:
    """The characters a pattern ``^[^...]*$`` refuses, as a class to search for, and the
    printable ASCII characters (with tab and line feed) it allows."""
    assert pattern.startswith("^[^") and pattern.endswith("]*$")
    refused = re.compile(f"[{pattern[3:-3]}]")
    return refused, bytes(b for b in b"\t\n" + bytes(range(32, 127)) if not refused.match(chr(b)))


_REFUSED = {pattern: _refused(pattern) for pattern in (_LINE, _TEXT, _NUMBER)}
_JOINED = {
    _ID: re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9._-]*\n)*"),
    _ISBN: re.compile(r"(?:97[89][0-9]{10}\n)*"),
}
assert ID_PATTERN == r"^[A-Za-z0-9][A-Za-z0-9._-]*$"  # what _JOINED[_ID] repeats


def texts_ok(items: list[Any], kind: type[Struct]) -> bool:
    """Whether every text of the structs ``items`` (all of ``kind``) matches its pattern of :mod:`.files`."""
    found: dict[str, list[str]] = {pattern: [] for pattern in (_LINE, _TEXT, _NUMBER, _ID, _ISBN)}
    _gather(items, kind, found)
    for pattern, (refused, allowed) in _REFUSED.items():
        text = "".join(found[pattern])
        # ASCII text is looked at by bytes.translate, ten times faster than a search for a class
        if not (text.isascii() and not text.encode().translate(None, allowed)) and refused.search(text):
            return False
    for pattern, joined in _JOINED.items():
        texts = found[pattern]
        text = "\n".join(texts) + "\n"
        if texts and (text.count("\n") != len(texts) or not joined.fullmatch(text)):
            return False
    return True


def _gather(items: list[Any], kind: type[Struct], found: dict[str, list[str]]) -> None:
    for names, holds, how in _FIELDS[kind]:
        values: Iterable[Any] = map(operator.attrgetter(*names.split()), items)
        if " " in names:  # several fields, one pass: a tuple of their values from each struct
            values = itertools.chain.from_iterable(values)
        if how == _OPTIONAL:  # an empty text is refused by no character: left out with None
            values = filter(None, values) if holds in _REFUSED else [v for v in values if v is not None]
        elif how == _MANY:
            values = itertools.chain.from_iterable(values)
        elif how == _SOME:
            values = itertools.chain.from_iterable([v for v in values if v is not None])
        if isinstance(holds, str):
            found[holds] += values
        else:
            _gather(list(values), holds, found)


def from_model(model: BaseModel, kind: type[_R]) -> _R:
    """The struct of a valid pydantic model of :mod:`.files`."""
    data = model.model_dump()
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError:  # a value pydantic converted to what msgspec converts only when asked
        return msgspec.convert(data, kind, strict=False)


def decode(data: Any, kind: type[_R]) -> _R:
    """The struct of ``data``, or pydantic's :class:`~pydantic.ValidationError` listing its problems."""
    taken = take(data, kind)
    if taken is not None:
        return taken
    from . import files

    model = getattr(files, kind.__name__)
    return from_model(model.model_validate(data), kind)
