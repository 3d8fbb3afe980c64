"""Collecting a catalog's problems as the checks find them, and putting each on its line.

A check says where a problem is as a place in the file (:data:`Where`: keys and list indexes);
the lines of all of a file's problems are found at the end, in one pass over its text (see
:class:`~.yamlio.LineFinder`), so a valid catalog pays nothing for line numbers. Problems are
reported in the order they were found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import CatalogError, Problem
from .yamlio import LineFinder, YamlDoc

MAX_LISTED = 1000
"""Problems kept and listed at most: a broken file of a million entries is still one screen of
messages, found in time and memory linear in the file (the rest are counted)."""

MAX_SUGGESTIONS = 100
""""Did you mean" hints worked out in one load at most: each compares with every id, so 5,000
unknown ids in a large catalog took minutes; past this many, problems are named without one."""

Where = tuple[str | int, ...]
"""Where in a file: keys and list indexes from its top."""


@dataclass
class Issue:
    """A problem found in a file, not yet put on its line."""

    doc: YamlDoc | None
    where: Where
    entry: str
    message: str


@dataclass
class Collector:
    """Every problem of one load: whole-file ones (as :class:`Problem`) and issues within files."""

    issues: list[Issue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    more: int = 0
    """Problems found beyond :data:`MAX_LISTED`: counted, not kept."""
    suggestions: int = 0
    """"Did you mean" hints worked out so far (at most :data:`MAX_SUGGESTIONS`)."""

    def file(self, doc: YamlDoc | None) -> FileProblems:
        """Where the checks of ``doc`` report."""
        return FileProblems(self, doc)

    def whole_file(self, shown: str, message: str) -> None:
        """A problem with the file ``shown`` as a whole (missing, refused, unreadable)."""
        self.problems.append(Problem(shown, None, "", message))

    def resolve(self) -> list[Problem]:
        """Every problem, each issue on its line."""
        docs = {id(issue.doc): issue.doc for issue in self.issues if issue.doc is not None}
        lines = {  # one pass over each file for all of its issues
            key: iter(LineFinder(doc).lines([i.where for i in self.issues if i.doc is doc]))
            for key, doc in docs.items()
        }
        out = list(self.problems)
        for issue in self.issues:
            if issue.doc is None:
                out.append(Problem("", None, issue.entry, issue.message))
            else:
                out.append(Problem(issue.doc.name, next(lines[id(issue.doc)]), issue.entry, issue.message))
        return out

    def raise_any(self) -> None:
        """Raise :class:`CatalogError` listing every problem, if there is one."""
        problems = self.resolve()
        if problems:
            raise CatalogError(problems, more=self.more)


@dataclass
class FileProblems:
    """The problems of one file (``doc`` None: a file that could not be read)."""

    collector: Collector
    doc: YamlDoc | None

    def add(self, where: Where, entry: str, message: str) -> None:
        if len(self.collector.issues) + len(self.collector.problems) >= MAX_LISTED:
            self.collector.more += 1
            return
        self.collector.issues.append(Issue(self.doc, where, entry, message))

    def suggest(self, wanted: str, known: Iterable[str]) -> str:
        """:func:`.messages.suggest`, for the first :data:`MAX_SUGGESTIONS` of a load; then nothing."""
        if self.collector.suggestions >= MAX_SUGGESTIONS:
            return ""
        self.collector.suggestions += 1
        from .messages import suggest  # messages names places as this module's Where

        return suggest(wanted, known)

    def count(self) -> int:
        """How many issues the load has found so far (in any file): a mark for :meth:`since`."""
        return len(self.collector.issues)

    def since(self, count: int) -> list[Issue]:
        """The issues found after :meth:`count` gave ``count``, to reword them."""
        return self.collector.issues[count:]
