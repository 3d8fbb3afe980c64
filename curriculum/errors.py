"""The project's exceptions. Each kind carries the exit code the CLI returns for it.

Exit codes (documented in docs/errors.md):

* 1 - an unexpected internal error (a bug; rerun with --debug for the traceback)
* 2 - a usage error: bad option value, unknown goal or book, impossible date
* 3 - the catalog is invalid (every problem is listed)
* 4 - the request cannot be planned (e.g. a deadline that cannot be met)
* 5 - an output file could not be written (nothing was damaged)
* 6 - the cohort file is invalid (every problem is listed)
"""

from __future__ import annotations

from typing import NamedTuple


class CurriculumError(Exception):
    """Base of every error the core raises on purpose."""

    exit_code = 1


class UsageError(CurriculumError):
    """A user-supplied value (option, goal id, book id) is wrong."""

    exit_code = 2


class UnknownIdError(UsageError):
    """An id that the catalog does not know, with close matches."""

    def __init__(self, kind: str, wanted: str, known: list[str]) -> None:
        import difflib

        self.kind = kind
        self.wanted = wanted
        self.suggestions = difflib.get_close_matches(wanted, known, n=3, cutoff=0.6)
        message = f"unknown {kind} '{wanted}'"
        if self.suggestions:
            message += " (did you mean " + " or ".join(f"'{s}'" for s in self.suggestions) + "?)"
        elif known:
            shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
            message += f"; known {kind.replace(' or ', 's and ')}s: {shown}"
        super().__init__(message)


class Problem(NamedTuple):
    """One thing wrong with a catalog file. (A named tuple, not a dataclass: this module is
    loaded by `curriculum --help`, and a dataclass costs a millisecond or two of its start.)"""

    file: str
    line: int | None
    entry: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.entry}: {self.message}" if self.entry else f"{where}: {self.message}"


class CatalogError(CurriculumError):
    """The catalog is invalid; ``problems`` lists every problem found."""

    exit_code = 3

    def __init__(self, problems: list[Problem], *, more: int = 0) -> None:
        self.problems = problems
        self.more = more
        """Problems found beyond those listed (see ``curriculum.catalog.problems.MAX_LISTED``)."""
        count = len(problems) + more
        head = f"the catalog has {count:,} problem{'s' if count != 1 else ''}:"
        tail = (
            [f"  ... and {more:,} more (the first {len(problems):,} are listed; fix these and run again)"]
            if more
            else []
        )
        super().__init__("\n".join([head, *(f"  {p}" for p in problems), *tail]))


class PlanningError(CurriculumError):
    """The request is well-formed but cannot be planned."""

    exit_code = 4


class OutputError(CurriculumError):
    """An output file could not be written."""

    exit_code = 5


class CohortError(CurriculumError):
    """A cohort file (``curriculum cohort``) is invalid; ``problems`` lists every problem found."""

    exit_code = 6

    def __init__(self, problems: list[Problem], *, more: int = 0) -> None:
        self.problems = problems
        count = len(problems) + more
        head = f"the cohort file has {count:,} problem{'s' if count != 1 else ''}:"
        listed = f"  ... and {more:,} more (the first {len(problems):,} are listed; fix these and run again)"
        tail = [listed] if more else []
        super().__init__("\n".join([head, *(f"  {p}" for p in problems), *tail]))
