"""Collecting a catalog's problems as the checks find them, and putting each on its line.

A check says where a problem is as a place in the file (:data:`Where`: keys and list indexes);
the lines of all of a file's problems are found at the end, in one pass over its text (see
:class:`~.yamlio.LineFinder`), so a valid catalog pays nothing for line numbers. Problems are
listed file by file (books.yaml, prereqs.yaml, goals.yaml) and in line order within a file.
The load also counts, per file, the entries it read and those with a problem of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from msgspec import Struct, field

from ..errors import CatalogError, Problem
from .yamlio import LineFinder, YamlDoc

if TYPE_CHECKING:
    from .messages import Nearby

MAX_LISTED = 1000
"""Problems kept and listed at most: a broken file of a million entries is still one screen of
messages, found in time and memory linear in the file (the rest are counted)."""

MAX_SUGGESTIONS = 100
""""Did you mean" hints worked out in one load at most: each compares with every id, so 5,000
unknown ids in a large catalog took minutes; past this many, problems are named without one."""

INDEXED = 1000
"""Ids in a collection past which "did you mean" compares only the most alike (see :meth:`FileProblems.suggest`)."""

MAX_NAMED = 12
"""Books or edges named at most in one message (a cyclic group's); the rest are counted."""

KEYS = {"books.yaml": "books", "prereqs.yaml": "prereqs", "goals.yaml": "goals"}
"""Each catalog file, in the order its problems are listed, and the key of its list."""
_NAMES = {**KEYS, **{name.replace(".yaml", ".json"): key for name, key in KEYS.items()}}
"""The same, for files written as JSON."""

Where = tuple[str | int, ...]
"""Where in a file: keys and list indexes from its top."""

Say = Callable[[Sequence[int | None]], str]
"""A message that names the lines of other places: given those lines, its text."""


class Issue(Struct):
    """A problem found in a file, not yet put on its line."""

    doc: YamlDoc | None
    where: Where
    entry: str
    message: str
    refs: tuple[Where, ...] = ()
    """Other places of the file whose lines the message names (see ``say``)."""
    say: Say | None = None
    """The message, given the lines of ``refs``; None: ``message`` as it is."""


class Entries(Struct, frozen=True):
    """What a load made of one file's list: the entries read, and those with a problem of their own."""

    read: int | None
    """None: the file could not be read, or holds no list."""
    failed: int

    def to_dict(self) -> dict[str, int | None]:
        return {"read": self.read, "failed": self.failed}


class InvalidCatalog(CatalogError):
    """A :class:`CatalogError` that also says what the load read of each file (by list key)."""

    def __init__(self, problems: list[Problem], *, more: int, entries: dict[str, Entries]) -> None:
        super().__init__(problems, more=more)
        self.entries = entries


def _key(name: str) -> str | None:
    return _NAMES.get(PurePath(name).name)


class Collector(Struct):
    """Every problem of one load: whole-file ones (as :class:`Problem`) and issues within files."""

    issues: list[Issue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    more: int = 0
    """Problems found beyond :data:`MAX_LISTED`: counted, not kept."""
    suggestions: int = 0
    """"Did you mean" hints worked out so far (at most :data:`MAX_SUGGESTIONS`)."""
    docs: dict[str, YamlDoc] = field(default_factory=dict)
    """The files read, by the key of their list."""
    failed: dict[str, set[int]] = field(default_factory=dict)
    """By list key: the indexes of the entries with a problem of their own (also past the cap)."""
    nearby: dict[int, tuple[Collection[str], Nearby]] = field(default_factory=dict)
    """The large collections of ids "did you mean" looked in, by id(), each with its index."""

    def file(self, doc: YamlDoc | None) -> FileProblems:
        """Where the checks of ``doc`` report."""
        key = None if doc is None else _key(doc.name)
        if doc is not None and key is not None:
            self.docs.setdefault(key, doc)
        return FileProblems(self, doc, key)

    def whole_file(self, shown: str, message: str) -> None:
        """A problem with the file ``shown`` as a whole (missing, refused, unreadable)."""
        self.problems.append(Problem(shown, None, "", message))

    def resolve(self) -> list[Problem]:
        """Every problem, each issue on its line, by file and line (the order found among equals)."""
        docs = {id(issue.doc): issue.doc for issue in self.issues if issue.doc is not None}
        lines = {  # one pass over each file for all of its issues and the places they name
            key: iter(LineFinder(doc).lines([w for i in self.issues if i.doc is doc for w in (i.where, *i.refs)]))
            for key, doc in docs.items()
        }
        out = list(self.problems)
        for issue in self.issues:
            if issue.doc is None:
                out.append(Problem("", None, issue.entry, issue.message))
                continue
            found = lines[id(issue.doc)]
            line = next(found)
            refs = [next(found) for _ in issue.refs]
            message = issue.say(refs) if issue.say is not None else issue.message
            out.append(Problem(issue.doc.name, line, issue.entry, message))
        rank = {key: n for n, key in enumerate(KEYS.values())}
        return sorted(out, key=lambda p: (rank.get(_key(p.file) or "", len(rank)), p.line or 0))

    def entries(self) -> dict[str, Entries]:
        """Per list key: the entries read (None when the file was not read) and those that failed."""
        unreadable = {_key(p.file) for p in self.problems}
        out = {}
        for key in KEYS.values():
            doc = self.docs.get(key)
            if doc is not None:
                items = doc.data.get(key, []) if isinstance(doc.data, dict) else None
                read = len(items) if isinstance(items, list) else None
            else:
                read = None if key in unreadable else 0
            out[key] = Entries(read, len(self.failed.get(key, ())))
        return out

    def raise_any(self) -> None:
        """Raise :class:`InvalidCatalog` listing every problem, if there is one."""
        problems = self.resolve()
        if problems:
            raise InvalidCatalog(problems, more=self.more, entries=self.entries())


class FileProblems(Struct):
    """The problems of one file (``doc`` None: a file that could not be read)."""

    collector: Collector
    doc: YamlDoc | None
    key: str | None = None
    """The key of the file's list (``books``), when it is one of the catalog's files."""

    def add(
        self, where: Where, entry: str, message: str, *, refs: tuple[Where, ...] = (), say: Say | None = None
    ) -> None:
        """A problem at ``where`` (one of an entry when ``where`` is in the file's list and
        ``entry`` names one item, not the whole list as a cycle's does)."""
        key = self.key
        if key is not None and entry != key and len(where) >= 2 and where[0] == key and isinstance(where[1], int):
            self.collector.failed.setdefault(key, set()).add(where[1])
        if len(self.collector.issues) + len(self.collector.problems) >= MAX_LISTED:
            self.collector.more += 1
            return
        self.collector.issues.append(Issue(self.doc, where, entry, message, refs, say))

    def suggest(self, wanted: str, known: Collection[str]) -> str:
        """:func:`.messages.suggest`, for the first :data:`MAX_SUGGESTIONS` of a load; then nothing.
        Among more than :data:`INDEXED` ids, only the few that look most alike are compared
        (through a :class:`.messages.Nearby` made once per collection and load)."""
        if self.collector.suggestions >= MAX_SUGGESTIONS:
            return ""
        self.collector.suggestions += 1
        from .messages import Nearby, suggest  # messages names places as this module's Where

        if len(known) <= INDEXED:
            return suggest(wanted, known)
        # Kept with the collection, so that its id() stays its own; a load does not change them.
        if id(known) not in self.collector.nearby:
            self.collector.nearby[id(known)] = (known, Nearby(known))
        return suggest(wanted, self.collector.nearby[id(known)][1].closest(wanted))

    def count(self) -> int:
        """How many issues the load has found so far (in any file): a mark for :meth:`since`."""
        return len(self.collector.issues)

    def since(self, count: int) -> list[Issue]:
        """The issues found after :meth:`count` gave ``count``, to reword them."""
        return self.collector.issues[count:]
