"""Loading and validating a catalog folder into an immutable :class:`Catalog`.

Every problem is collected and reported at once, each as ``file:line: entry: message``.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .catalog_messages import Path_, describe, kind_of, suggest
from .errors import CatalogError, Problem, UsageError
from .hours import EstimateError, chapter_minutes
from .models import DEFAULT_PACES, Book, BooksFile, Choice, Edge, Goal, GoalsFile, PrereqsFile, StartingPoint
from .resources import bundled_catalog_dir
from .yamlio import LineFinder, YamlDoc, YamlProblem, keep, read_yaml


@dataclass(frozen=True, slots=True)
class Unit:
    """A chapter as the planner sees it; ``number`` is None for a book without a chapter list."""

    number: str | None
    title: str
    minutes: int
    skip: str | None = None
    """Why the chapter is not for reading (planned only when named, or with --whole-books)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A catalog book with its reading-time estimate."""

    book: Book
    units: tuple[Unit, ...]
    index: int
    skips: bool = False
    """Some chapter is marked not for reading."""

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

    def unit_indexes(self, numbers: Iterable[str]) -> frozenset[int]:
        """Indexes of the chapters with these numbers (all known: the catalog was validated)."""
        position = {u.number: i for i, u in enumerate(self.units)}
        return frozenset(position[n] for n in numbers)


@dataclass(frozen=True)
class Catalog:
    """A validated catalog: books in catalog order, edges, goals."""

    books: dict[str, Entry]
    edges: tuple[Edge, ...]
    goals: dict[str, Goal]
    paces: dict[str, float]
    origin: str = "bundled"
    starting_points: dict[str, StartingPoint] = field(default_factory=dict)


@dataclass
class _Issue:
    doc: YamlDoc | None
    path: Path_
    entry: str
    message: str


@dataclass
class _Collector:
    issues: list[_Issue] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(self, doc: YamlDoc | None, path: Path_, entry: str, message: str) -> None:
        self.issues.append(_Issue(doc, path, entry, message))

    def resolve(self) -> list[Problem]:
        docs = {id(issue.doc): issue.doc for issue in self.issues if issue.doc is not None}
        lines = {  # one pass over each file for all of its issues
            key: iter(LineFinder(doc).lines([i.path for i in self.issues if i.doc is doc])) for key, doc in docs.items()
        }
        out = list(self.problems)
        for issue in self.issues:
            if issue.doc is None:
                out.append(Problem("", None, issue.entry, issue.message))
            else:
                out.append(Problem(issue.doc.name, next(lines[id(issue.doc)]), issue.entry, issue.message))
        return out


def load_catalog(directory: Path | None = None, *, extend: bool = False) -> Catalog:
    """Load and validate the catalog in ``directory`` (the bundled one when None).

    ``books.yaml`` is required; ``prereqs.yaml`` and ``goals.yaml`` may be absent (no edges,
    no goals). Raises :class:`CatalogError` listing every problem.

    With ``extend``, the books, edges and goals in ``directory`` are added to the bundled
    catalog instead of replacing it (see :mod:`curriculum.catalog_extend`).
    """
    with _collector_paused():
        if extend:
            from .catalog_extend import load_extension

            return load_extension(directory)
        return _load(directory)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a catalog is parsed and validated.

    Loading makes millions of objects that stay alive (and next to no garbage cycles); every
    collection would walk all of them again: at 10k books the collector took half of the
    loading time. Reference counting still frees everything as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _load(directory: Path | None) -> Catalog:
    bundled = directory is None
    folder = bundled_catalog_dir() if directory is None else directory
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        raise UsageError(f"the catalog folder '{folder}' {what}")

    def name(file: str) -> str:
        return f"catalog/{file}" if bundled else str(folder / file)

    out = _Collector()
    books_doc = _read(folder / "books.yaml", name("books.yaml"), out, required=True)
    prereqs_doc = _read(folder / "prereqs.yaml", name("prereqs.yaml"), out, required=False)
    goals_doc = _read(folder / "goals.yaml", name("goals.yaml"), out, required=False)

    books_part = _validate(books_doc, BooksFile, "books", Book, out)
    prereqs_part = _validate(prereqs_doc, PrereqsFile, "prereqs", Edge, out)
    goals_part = _validate(goals_doc, GoalsFile, "goals", Goal, out)

    paces = _paces(books_part)
    books = _check_books(books_doc, books_part.items, paces, out)
    # References to books that failed validation (or to a books.yaml that could not be
    # read at all) are not reported again: the book's own problem says it all.
    _check_editions(books_doc, books_part.items, books, out)
    broken = books_part.broken | {b.id for _, b in books_part.items if b.id not in books}
    skip = broken if books_part.usable else broken | {"*"}
    edges = _check_edges(prereqs_doc, prereqs_part.items, books, skip, out)
    starts = _check_starting_points(goals_doc, goals_part, books, skip, out)
    goals = _check_goals(goals_doc, goals_part.items, books, skip, out, starts)
    problems = out.resolve()
    if problems:
        raise CatalogError(problems)
    keep((books_doc, prereqs_doc, goals_doc))
    return Catalog(
        books={b.id: b for b in books.values()},
        edges=tuple(edges),
        goals=goals,
        paces=paces,
        origin="bundled" if bundled else str(folder),
        starting_points=starts,
    )


def _read(path: Path, shown: str, out: _Collector, *, required: bool) -> YamlDoc | None:
    if not path.exists():
        if path.is_symlink():
            out.problems.append(Problem(shown, None, "", f"the file is a link to {path.readlink()}, which is missing"))
        elif required:
            out.problems.append(Problem(shown, None, "", "the file is missing"))
        return None
    refused = _refused_file(path)
    if refused:
        out.problems.append(Problem(shown, None, "", refused))
        return None
    try:
        return read_yaml(path, shown, cached=True)
    except YamlProblem as exc:
        out.problems.append(exc.problem)
        return None


def _refused_file(path: Path) -> str | None:
    """Why ``path`` may not be read: a catalog reads only regular files inside its own folder."""
    target = path.resolve()
    if not target.is_relative_to(path.parent.resolve()):
        return f"the file is a link to {target}, outside the catalog folder; a catalog reads only its own files"
    if not target.is_file():
        what = "a folder" if target.is_dir() else "a device, pipe or socket"
        return f"the file is {what}, not a regular file"
    return None


@dataclass
class _Parsed:
    """A validated file, or what could be salvaged from it: its valid items."""

    whole: BaseModel | None = None
    items: list[tuple[int, Any]] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)
    """Ids of the items that failed validation."""
    usable: bool = False
    """The file was read and holds a list of items."""
    raw: dict[str, Any] = field(default_factory=dict)


def _validate(doc: YamlDoc | None, model: type[BaseModel], key: str, item: type[BaseModel], out: _Collector) -> _Parsed:
    """Validate a file; report every error and keep the valid items.

    The list under ``key`` is validated item by item, and each valid item's parsed YAML is
    dropped from ``doc.data`` as soon as its model exists: a large catalog's parsed YAML is as
    large as its models, and validating the file in one go held both at once (the peak memory
    of a 100k-book catalog). Invalid items stay, to name them in messages. The file's other
    fields are validated with an empty list in its place. Errors come in the order a whole-file
    validation gives them: the file's fields, then the items, then unknown top-level keys.
    """
    if doc is None:
        return _Parsed()
    data = doc.data
    if not isinstance(data, dict):
        out.add(doc, (), "", f"the file must be a mapping with a `{key}:` list, not {kind_of(data)}")
        return _Parsed()
    raw = data.get(key)
    if not isinstance(raw, list):  # missing (allowed where the list has a default) or not a list
        try:
            return _Parsed(model.model_validate(data), usable=True)
        except ValidationError as exc:
            for error in exc.errors():
                _report(doc, error, key, out)
            return _Parsed()
    parsed = _Parsed(usable=True, raw=data)
    unknown_keys: list[Any] = []
    try:
        parsed.whole = model.model_validate({**data, key: []})
    except ValidationError as exc:
        for error in exc.errors():
            if error["type"] == "extra_forbidden":
                unknown_keys.append(error)
            else:
                _report(doc, error, key, out)
    for index, value in enumerate(raw):
        try:
            parsed.items.append((index, item.model_validate(value)))
        except ValidationError as exc:
            for error in exc.errors():
                _report(doc, {**error, "loc": (key, index, *error["loc"])}, key, out)
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                parsed.broken.add(value["id"])
            continue
        raw[index] = None
    for error in unknown_keys:
        _report(doc, error, key, out)
    return parsed


def _paces(books: _Parsed) -> dict[str, float]:
    if isinstance(books.whole, BooksFile):
        return dict(books.whole.paces)
    if "paces" not in books.raw:
        return dict(DEFAULT_PACES)
    try:
        return dict(BooksFile.model_validate({"paces": books.raw["paces"], "books": []}).paces)
    except ValidationError:
        return dict(DEFAULT_PACES)


def _report(doc: YamlDoc, error: Any, key: str, out: _Collector) -> None:
    out.add(doc, *describe(error, doc.data, key))


def _id_clash(folded: dict[str, str], wanted: str) -> str | None:
    """A message if ``wanted`` repeats an id seen before (ignoring case); records it otherwise."""
    key = wanted.casefold()
    if key not in folded:
        folded[key] = wanted
        return None
    first = folded[key]
    same = "is defined twice" if first == wanted else f"differs from '{first}' only in case"
    return f"id: '{wanted}' {same}"


def _check_books(
    doc: YamlDoc | None, items: list[tuple[int, Book]], paces: dict[str, float], out: _Collector
) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    folded: dict[str, str] = {}
    for index, book in items:
        path: Path_ = ("books", index)
        entry = f"book '{book.id}'"
        clash = _id_clash(folded, book.id)
        if clash:
            out.add(doc, (*path, "id"), entry, clash)
            continue
        numbers: dict[str, int] = {}
        for c_index, chapter in enumerate(book.chapters):
            if chapter.number in numbers:
                out.add(
                    doc,
                    (*path, "chapters", c_index, "number"),
                    entry,
                    f"chapters[{c_index}].number: chapter '{chapter.number}' is listed twice",
                )
            numbers.setdefault(chapter.number, c_index)
        if book.kind not in paces:
            out.add(
                doc,
                (*path, "kind"),
                entry,
                f"kind: '{book.kind}' has no reading pace in `paces`{suggest(book.kind, paces)}",
            )
            continue
        try:
            minutes = chapter_minutes(book, paces[book.kind])
        except EstimateError as exc:
            out.add(doc, path, entry, str(exc))
            continue
        if book.chapters:
            units = tuple(Unit(c.number, c.title, m, c.skip) for c, m in zip(book.chapters, minutes, strict=True))
        else:
            units = (Unit(None, book.title, minutes[0]),)
        entries[book.id] = Entry(book, units, len(entries), any(u.skip is not None for u in units))
    return entries


def _check_editions(
    doc: YamlDoc | None, items: list[tuple[int, Book]], books: dict[str, Entry], out: _Collector
) -> None:
    for index, book in items:
        other = book.edition_of
        if other is None or book.id not in books:
            continue
        entry = f"book '{book.id}'"
        if other == book.id:
            out.add(doc, ("books", index, "edition_of"), entry, "edition_of: a book cannot be an edition of itself")
        elif other not in books:
            out.add(
                doc, ("books", index, "edition_of"), entry, f"edition_of: unknown book '{other}'{suggest(other, books)}"
            )


def _check_chapters(
    doc: YamlDoc | None, path: Path_, entry: str, book: Entry, chapters: Sequence[str], out: _Collector
) -> bool:
    if not chapters:
        return True
    known = [u.number for u in book.units if u.number is not None]
    ok = True
    if not known:
        out.add(doc, (*path, "chapters"), entry, f"chapters: book '{book.id}' has no chapter list")
        return False
    seen: set[str] = set()
    for c_index, number in enumerate(chapters):
        if number not in known:
            out.add(
                doc,
                (*path, "chapters", c_index),
                entry,
                f"chapters: book '{book.id}' has no chapter '{number}'{suggest(number, known)}",
            )
            ok = False
        elif number in seen:
            out.add(doc, (*path, "chapters", c_index), entry, f"chapters: chapter '{number}' is listed twice")
            ok = False
        seen.add(number)
    return ok


def _check_choices(
    doc: YamlDoc | None,
    path: Path_,
    entry: str,
    field_name: str,
    choices: Sequence[Choice],
    books: dict[str, Entry],
    out: _Collector,
    label: str = "",
) -> bool:
    """Each alternative names a known book and known chapters of it, once."""
    ok = True
    seen: set[str] = set()
    group = len(choices) > 1 or field_name != "before"
    for c_index, choice in enumerate(choices):
        where: Path_ = (*path, field_name, c_index) if group else path
        name = f"{label}{field_name}[{c_index}].book" if group else field_name
        book_path: Path_ = (*where, "book") if group else (*path, field_name)
        if choice.book not in books:
            out.add(doc, book_path, entry, f"{name}: unknown book '{choice.book}'{suggest(choice.book, books)}")
            ok = False
            continue
        if choice.book in seen:
            out.add(doc, book_path, entry, f"{name}: book '{choice.book}' is named twice in the group")
            ok = False
        seen.add(choice.book)
        ok = _check_chapters(doc, where, entry, books[choice.book], choice.chapters, out) and ok
    return ok


def _names_broken(choices: Sequence[Choice], skip: set[str]) -> bool:
    return "*" in skip or any(c.book in skip for c in choices)


def _edge_name(index: int, edge: Edge) -> str:
    before = edge.before if edge.before is not None else "any of " + "|".join(c.book for c in edge.choices)
    return f"prereqs[{index}] ({before} -> {edge.after})"


def _check_edges(
    doc: YamlDoc | None, items: list[tuple[int, Edge]], books: dict[str, Entry], skip: set[str], out: _Collector
) -> list[Edge]:
    """Edges that are sound; ``skip`` holds ids of broken books ("*": books.yaml is unusable)."""
    kept: list[tuple[int, Edge]] = []
    where: dict[tuple[str, str], int] = {}
    for index, edge in items:
        path: Path_ = ("prereqs", index)
        entry = _edge_name(index, edge)
        if _names_broken(edge.choices, skip) or edge.after in skip:
            continue
        if edge.is_group and not edge.choices:
            out.add(doc, (*path, "any_of"), entry, "any_of: the group of alternatives is empty")
            continue
        ok = _check_choices(doc, path, entry, "any_of" if edge.is_group else "before", edge.choices, books, out)
        if edge.after not in books:
            out.add(doc, (*path, "after"), entry, f"after: unknown book '{edge.after}'{suggest(edge.after, books)}")
            continue
        if not ok:
            continue
        if any(c.book == edge.after for c in edge.choices):
            if edge.is_group:
                out.add(
                    doc,
                    (*path, "any_of"),
                    entry,
                    f"any_of: an alternative is '{edge.after}' itself, the book it comes before",
                )
            else:
                out.add(doc, path, entry, f"a book cannot be its own prerequisite ('{edge.after}' -> '{edge.after}')")
            continue
        if not edge.is_group:
            assert edge.before is not None
            pair = (edge.before, edge.after)
            if pair in where:
                out.add(doc, path, entry, f"duplicate edge: prereqs[{where[pair]}] already links these books")
                continue
            where[pair] = index
        if not _check_after_chapters(doc, path, entry, books[edge.after], edge.after_chapters, out):
            continue
        kept.append((index, edge))
    _report_cycles(doc, kept, out)
    return [edge for _, edge in kept]


def _check_after_chapters(
    doc: YamlDoc | None, path: Path_, entry: str, book: Entry, chapters: Sequence[str], out: _Collector
) -> bool:
    before = len(out.issues)
    _check_chapters(doc, path, entry, book, chapters, out)
    for issue in out.issues[before:]:  # the same checks, said of the other field
        issue.path = tuple("after_chapters" if p == "chapters" else p for p in issue.path)
        issue.message = issue.message.replace("chapters:", "after_chapters:", 1)
    return len(out.issues) == before


def _report_cycles(doc: YamlDoc | None, kept: list[tuple[int, Edge]], out: _Collector) -> None:
    """A cycle through any alternative is a cycle: a plan could pick it."""
    import networkx as nx

    graph = nx.DiGraph()
    for index, edge in kept:
        for choice in edge.choices:
            if not graph.has_edge(choice.book, edge.after):
                graph.add_edge(choice.book, edge.after, index=index, group=edge.is_group)
    if not nx.is_directed_acyclic_graph(graph):
        for component in sorted(nx.strongly_connected_components(graph), key=lambda c: sorted(c)):
            if len(component) < 2:
                continue
            cycle = nx.find_cycle(graph.subgraph(component), source=min(component))
            path_text = " -> ".join([str(u) for u, _ in cycle] + [str(cycle[0][0])])
            indexes = [graph.edges[u, v]["index"] for u, v in cycle]
            groups = sorted({graph.edges[u, v]["index"] for u, v in cycle if graph.edges[u, v]["group"]})
            through = (
                " (through the any_of group"
                + ("s " if len(groups) > 1 else " ")
                + ", ".join(f"prereqs[{g}]" for g in groups)
                + ")"
                if groups
                else ""
            )
            out.add(doc, ("prereqs", min(indexes)), "prereqs", f"cycle: {path_text}{through}")
    graph.clear()  # see graph.py's note on networkx graphs


def _check_starting_points(
    doc: YamlDoc | None, part: _Parsed, books: dict[str, Entry], skip: set[str], out: _Collector
) -> dict[str, StartingPoint]:
    whole = part.whole
    points = list(whole.starting_points) if isinstance(whole, GoalsFile) else []
    kept: dict[str, StartingPoint] = {}
    folded: dict[str, str] = {}
    for index, point in enumerate(points):
        path: Path_ = ("starting_points", index)
        entry = f"starting point '{point.id}'"
        clash = _id_clash(folded, point.id)
        if clash:
            out.add(doc, (*path, "id"), entry, clash)
            continue
        if _names_broken(point.covers, skip):
            continue
        if _check_choices(doc, path, entry, "covers", point.covers, books, out) if point.covers else True:
            kept[point.id] = point
    return kept


def _check_goals(
    doc: YamlDoc | None,
    items: list[tuple[int, Goal]],
    books: dict[str, Entry],
    skip: set[str],
    out: _Collector,
    starts: dict[str, StartingPoint],
) -> dict[str, Goal]:
    goals: dict[str, Goal] = {}
    folded: dict[str, str] = {}
    for index, goal in items:
        path: Path_ = ("goals", index)
        entry = f"goal '{goal.id}'"
        clash = _id_clash(folded, goal.id)
        if clash:
            out.add(doc, (*path, "id"), entry, clash)
            continue
        ok = True
        if goal.id in books:
            out.add(doc, (*path, "id"), entry, f"id: '{goal.id}' is also a book id; goal and book ids must differ")
            ok = False
        for a_index, assumed in enumerate(goal.assumes):
            if assumed not in starts:
                out.add(
                    doc,
                    (*path, "assumes", a_index),
                    entry,
                    f"assumes[{a_index}]: unknown starting point '{assumed}'{suggest(assumed, starts)}",
                )
                ok = False
        seen: set[str] = set()
        for t_index, target in enumerate(goal.targets):
            t_path: Path_ = (*path, "targets", t_index)
            if _names_broken(target.choices, skip):
                ok = False
                continue
            if target.is_group and not target.choices:
                out.add(
                    doc, (*t_path, "any_of"), entry, f"targets[{t_index}].any_of: the group of alternatives is empty"
                )
                ok = False
                continue
            if not target.is_group:
                assert target.book is not None
                if target.book not in books:
                    out.add(
                        doc,
                        (*t_path, "book"),
                        entry,
                        f"targets[{t_index}].book: unknown book '{target.book}'{suggest(target.book, books)}",
                    )
                    ok = False
                    continue
                if target.book in seen:
                    out.add(doc, t_path, entry, f"targets[{t_index}]: book '{target.book}' is targeted twice")
                    ok = False
                seen.add(target.book)
                ok = _check_chapters(doc, t_path, entry, books[target.book], target.chapters, out) and ok
            else:
                label = f"targets[{t_index}]."
                ok = _check_choices(doc, t_path, entry, "any_of", target.choices, books, out, label) and ok
        if ok:
            goals[goal.id] = goal
    return goals
