"""`curriculum validate`: load a catalog and report what it holds, or every problem in it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CatalogError, Problem
from .load import load_catalog
from .model import Origin


@dataclass(frozen=True)
class Report:
    """The outcome of validating a catalog: counts when valid, problems when not."""

    origin: Origin
    books: int = 0
    prerequisites: int = 0
    goals: int = 0
    problems: tuple[Problem, ...] = ()
    more: int = 0
    """Problems found beyond those listed (a catalog lists at most a thousand)."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "catalog": self.origin.describe(),
            "books": self.books,
            "prerequisites": self.prerequisites,
            "goals": self.goals,
            "problems": [
                {"file": p.file, "line": p.line, "entry": p.entry, "message": p.message, "text": str(p)}
                for p in self.problems
            ],
            "problems_not_listed": self.more,
        }


def validate_catalog(directory: Path | None = None, *, extend: bool = False) -> Report:
    """Validate the catalog in ``directory`` (the bundled one when None).

    A missing folder still raises :class:`~curriculum.errors.UsageError`: there is nothing to validate.
    """
    origin = Origin.of(directory, extend=extend)
    try:
        catalog = load_catalog(directory, extend=extend)
    except CatalogError as exc:
        return Report(origin, problems=tuple(exc.problems), more=exc.more)
    return Report(origin, len(catalog.books), len(catalog.edges), len(catalog.goals))
