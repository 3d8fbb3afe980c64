"""What a loaded catalog is: the immutable :class:`Catalog`, its books as :class:`Entry` and
:class:`Unit` values, and :class:`Origin`, where it came from. :mod:`.load` makes them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from msgspec import Struct, field

from ..errors import UsageError
from .records import Book, Edge, Goal, StartingPoint

OriginKind = Literal["bundled", "custom", "extended"]


class Origin(Struct, frozen=True):
    """Where a catalog came from: the bundled one, a folder of the user's (``--catalog DIR``), or the
    bundled one extended by a folder (``--catalog DIR --extend``)."""

    kind: OriginKind = "bundled"
    folder: Path | None = None
    """The user's folder; None for the bundled catalog (and only for it)."""

    def __post_init__(self) -> None:
        if (self.folder is None) != (self.kind == "bundled"):
            raise ValueError(f"a {self.kind} catalog {'has no' if self.kind == 'bundled' else 'needs a'} folder")

    @classmethod
    def of(cls, folder: Path | None, *, extend: bool = False) -> Origin:
        """The catalog that ``--catalog`` and ``--extend`` name; :class:`UsageError` for ``--extend`` alone."""
        if folder is None:
            if extend:
                raise UsageError("--extend needs --catalog DIR: the folder whose books, prerequisites and goals to add")
            return cls()
        return cls("extended" if extend else "custom", folder)

    def describe(self) -> str:
        """How messages and JSON name it: ``bundled``, ``DIR`` or ``bundled + DIR``."""
        if self.folder is None:
            return "bundled"
        return f"bundled + {self.folder}" if self.kind == "extended" else str(self.folder)

    def catalog_args(self) -> tuple[str, ...]:
        """The command-line arguments that load it again: none, ``--catalog DIR`` or ``--catalog DIR --extend``."""
        if self.folder is None:
            return ()
        return ("--catalog", str(self.folder), *(("--extend",) if self.kind == "extended" else ()))


BUNDLED = Origin()


class Unit(Struct, frozen=True, gc=False):
    """A chapter as the planner sees it; ``number`` is None for a book without a chapter list.

    A struct, made in compiled code: a catalog of 10k books makes 100k of them as it loads, and
    a frozen dataclass's ``__init__`` took a tenth of the load. It holds no object that could
    hold it, so the cyclic garbage collector need not look at it (gc=False)."""

    number: str | None
    title: str
    minutes: int
    skip: str | None = None
    """Why the chapter is not for reading (planned only when named, or with --whole-books)."""


class Entry(Struct, frozen=True, gc=False):
    """A catalog book with its reading-time estimate (a struct, like :class:`Unit`)."""

    book: Book
    units: tuple[Unit, ...]
    index: int
    skips: bool = False
    """Some chapter is marked not for reading."""

    @classmethod
    def made(
        cls, book: Book, index: int, minutes: list[int], numbers: list[str], titles: list[str], skips: list[str | None]
    ) -> Entry:
        """The entry of ``book``, its chapters' ``minutes`` estimated: one unit per chapter from
        the chapters' ``numbers``, ``titles`` and ``skips`` (given as columns), or, for a book
        without a chapter list, one unit of the whole book. The one place an entry is made, for a
        fresh load (:func:`.checks.check_books`) and for one read back (:mod:`.compiled`)."""
        if numbers:
            units = tuple(map(Unit, numbers, titles, minutes, skips))
            return cls(book, units, index, skips.count(None) < len(skips))
        return cls(book, (Unit(None, book.title, minutes[0]),), index, False)

    @property
    def id(self) -> str:
        return self.book.id

    @property
    def minutes(self) -> int:
        """Reading time of the chapters for reading (those not marked ``skip``)."""
        return sum(u.minutes for u in self.units if u.skip is None)

    @property
    def readable(self) -> frozenset[int]:
        """Indexes of the chapters for reading: the whole book, as a plan reads it."""
        if not self.skips:
            return frozenset(range(len(self.units)))
        return frozenset(i for i, u in enumerate(self.units) if u.skip is None)

    @property
    def hours_unverified(self) -> bool:
        """The catalog says this book's reading time is a placeholder or unverified (an
        ``unverified`` entry about its hours, as converted datasets write for items without one)."""
        unverified = self.book.unverified  # most books have none: no generator made for them
        return bool(unverified) and any(
            text.lower().startswith("hours") or "placeholder" in text.lower() for text in unverified
        )

    def chapter_runs(self, indexes: Iterable[int], *, dash: str = "-") -> str:
        """The chapter numbers of ``indexes`` with consecutive runs shortened: '1-3, 5, A'.
        Empty for a book without a chapter list."""
        numbers = [u.number for u in self.units]
        parts = []
        for first, last in index_runs(indexes):
            low, high = numbers[first], numbers[last]
            if low is not None and high is not None:
                parts.append(low if first == last else f"{low}{dash}{high}")
        return ", ".join(parts)

    def unit_indexes(self, numbers: Iterable[str]) -> frozenset[int]:
        """Indexes of the chapters with these numbers (all known: the catalog was validated)."""
        position = {u.number: i for i, u in enumerate(self.units)}
        return frozenset(position[n] for n in numbers)


class Catalog(Struct, frozen=True):
    """A validated catalog: books in catalog order, edges, goals."""

    books: dict[str, Entry]
    edges: tuple[Edge, ...]
    goals: dict[str, Goal]
    paces: dict[str, float]
    origin: Origin = BUNDLED
    starting_points: dict[str, StartingPoint] = field(default_factory=dict)

    def canonical(self, name: str) -> str:
        """The id ``name`` stands for when it differs only in letter case (ids are unique
        ignoring case: `ML-Interview` is `ml-interview`); ``name`` itself when it is exact or
        names nothing (the caller then reports it as unknown)."""
        if name in self.books or name in self.goals or name in self.starting_points:
            return name
        folded = name.casefold()
        for ids in (self.goals, self.books, self.starting_points):
            for known in ids:
                if known.casefold() == folded:
                    return known
        return name


def index_runs(indexes: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive indexes as (first, last) runs, in order: {1, 2, 3, 5} -> [(1, 3), (5, 5)]."""
    out: list[tuple[int, int]] = []
    for index in sorted(set(indexes)):
        if out and out[-1][1] == index - 1:
            out[-1] = (out[-1][0], index)
        else:
            out.append((index, index))
    return out
