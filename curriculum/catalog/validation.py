"""`curriculum validate`: load a catalog and report what it holds, or every problem in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from ..errors import CatalogError, Problem
from .load import load_catalog
from .model import Origin
from .problems import Entries, InvalidCatalog

if TYPE_CHECKING:
    from .model import Catalog

_NAMES = {"books": "books", "prereqs": "prerequisites", "goals": "goals"}
"""The key of each file's list, and how the report calls its entries."""


class Report(Struct, frozen=True):
    """The outcome of validating a catalog: counts when valid, problems when not.

    On an invalid catalog, ``books``, ``prerequisites`` and ``goals`` count the entries without a
    problem of their own (None when their file could not be read), and ``entries`` says what was
    read of each file and how many of its entries failed.
    """

    origin: Origin
    books: int | None = 0
    prerequisites: int | None = 0
    goals: int | None = 0
    problems: tuple[Problem, ...] = ()
    more: int = 0
    """Problems found beyond those listed (a catalog lists at most a thousand)."""
    entries: dict[str, Entries] | None = None
    """Of an invalid catalog: each file's entries read and failed, by the report's name for them."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ok": self.ok,
            "catalog": self.origin.describe(),
            "books": self.books,
            "prerequisites": self.prerequisites,
            "goals": self.goals,
        }
        if self.entries is not None:
            out["entries"] = {name: counts.to_dict() for name, counts in self.entries.items()}
        out["problems"] = [
            {"file": p.file, "line": p.line, "entry": p.entry, "message": p.message, "text": str(p)}
            for p in self.problems
        ]
        out["problems_not_listed"] = self.more
        return out


def validate_catalog(
    directory: Path | None = None, *, extend: bool = False, loaded: Callable[[Catalog], object] | None = None
) -> Report:
    """Validate the catalog in ``directory`` (the bundled one when None); ``loaded`` is given the
    catalog when it loads (the command line keeps it until the process ends).

    A missing folder still raises :class:`~curriculum.errors.UsageError`: there is nothing to validate.
    """
    origin = Origin.of(directory, extend=extend)
    try:
        catalog = load_catalog(directory, extend=extend)
        if loaded is not None:
            loaded(catalog)
    except CatalogError as exc:
        if not isinstance(exc, InvalidCatalog):
            return Report(origin, problems=tuple(exc.problems), more=exc.more)
        entries = {_NAMES[key]: counts for key, counts in exc.entries.items()}
        base = load_catalog() if extend else None  # an extension's counts include the bundled catalog's
        bundled = {"books": len(base.books), "prerequisites": len(base.edges), "goals": len(base.goals)} if base else {}
        sound = {
            name: None if counts.read is None else counts.read - counts.failed + bundled.get(name, 0)
            for name, counts in entries.items()
        }
        return Report(
            origin,
            sound["books"],
            sound["prerequisites"],
            sound["goals"],
            problems=tuple(exc.problems),
            more=exc.more,
            entries=entries,
        )
    return Report(origin, len(catalog.books), len(catalog.edges), len(catalog.goals))
