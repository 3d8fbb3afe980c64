"""What a catalog's valid items must also be, together: the checks across books, edges, goals
and starting points (unknown or repeated ids and chapters, cycles), and the books' estimates.

Each check takes the valid items of one file and reports to that file's
:class:`~.problems.FileProblems`; it keeps what is sound. ``skip`` holds the ids of books
that failed validation ("*": books.yaml is unusable): references to them are not reported
again, as the book's own problem says it all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from ..digraph import scratch_digraph
from .files import Book, Choice, Edge, Goal, StartingPoint
from .hours import EstimateError, chapter_minutes
from .model import Entry, Unit
from .problems import FileProblems, Where

if TYPE_CHECKING:
    import networkx as nx


def _id_clash(folded: dict[str, str], wanted: str) -> str | None:
    """A message if ``wanted`` repeats an id seen before (ignoring case); records it otherwise."""
    key = wanted.casefold()
    if key not in folded:
        folded[key] = wanted
        return None
    first = folded[key]
    same = "is defined twice" if first == wanted else f"differs from '{first}' only in case"
    return f"id: '{wanted}' {same}"


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_Identified)


def _distinct(
    items: Iterable[tuple[int, _T]], key: str, noun: str, problems: FileProblems
) -> Iterator[tuple[Where, str, _T]]:
    """The items whose id repeats none before it (ignoring case), each with where it is and its
    entry name (``book 'ddia'``); a repeat is reported as it comes."""
    folded: dict[str, str] = {}
    for index, item in items:
        path: Where = (key, index)
        entry = f"{noun} '{item.id}'"
        clash = _id_clash(folded, item.id)
        if clash:
            problems.add((*path, "id"), entry, clash)
            continue
        yield path, entry, item


def check_books(items: list[tuple[int, Book]], *, paces: dict[str, float], problems: FileProblems) -> dict[str, Entry]:
    """The books with their estimates, numbered from 0 in file order."""
    entries: dict[str, Entry] = {}
    for path, entry, book in _distinct(items, "books", "book", problems):
        numbers: dict[str, int] = {}
        for c_index, chapter in enumerate(book.chapters):
            if chapter.number in numbers:
                problems.add(
                    (*path, "chapters", c_index, "number"),
                    entry,
                    f"chapters[{c_index}].number: chapter '{chapter.number}' is listed twice",
                )
            numbers.setdefault(chapter.number, c_index)
        if book.kind not in paces:
            problems.add(
                (*path, "kind"),
                entry,
                f"kind: '{book.kind}' has no reading pace in `paces`{problems.suggest(book.kind, paces)}",
            )
            continue
        try:
            minutes = chapter_minutes(book, paces[book.kind])
        except EstimateError as exc:
            problems.add(path, entry, str(exc))
            continue
        if book.chapters:
            units = tuple(Unit(c.number, c.title, m, c.skip) for c, m in zip(book.chapters, minutes, strict=True))
        else:
            units = (Unit(None, book.title, minutes[0]),)
        entries[book.id] = Entry(book, units, len(entries), any(u.skip is not None for u in units))
    return entries


def check_editions(items: list[tuple[int, Book]], *, books: dict[str, Entry], problems: FileProblems) -> None:
    """Each ``edition_of`` names another known book."""
    for index, book in items:
        other = book.edition_of
        if other is None or book.id not in books:
            continue
        entry = f"book '{book.id}'"
        if other == book.id:
            problems.add(("books", index, "edition_of"), entry, "edition_of: a book cannot be an edition of itself")
        elif other not in books:
            problems.add(
                ("books", index, "edition_of"),
                entry,
                f"edition_of: unknown book '{other}'{problems.suggest(other, books)}",
            )


def _check_chapters(path: Where, entry: str, book: Entry, chapters: Sequence[str], problems: FileProblems) -> bool:
    if not chapters:
        return True
    known = [u.number for u in book.units if u.number is not None]
    ok = True
    if not known:
        problems.add((*path, "chapters"), entry, f"chapters: book '{book.id}' has no chapter list")
        return False
    seen: set[str] = set()
    for c_index, number in enumerate(chapters):
        if number not in known:
            problems.add(
                (*path, "chapters", c_index),
                entry,
                f"chapters: book '{book.id}' has no chapter '{number}'{problems.suggest(number, known)}",
            )
            ok = False
        elif number in seen:
            problems.add((*path, "chapters", c_index), entry, f"chapters: chapter '{number}' is listed twice")
            ok = False
        seen.add(number)
    return ok


def _check_choices(
    path: Where,
    entry: str,
    field_name: str,
    choices: Sequence[Choice],
    books: dict[str, Entry],
    problems: FileProblems,
    label: str = "",
) -> bool:
    """Each alternative names a known book and known chapters of it, once."""
    ok = True
    seen: set[str] = set()
    group = field_name in ("any_of", "covers")
    for c_index, choice in enumerate(choices):
        where: Where = (*path, field_name, c_index) if group else path
        name = f"{label}{field_name}[{c_index}].book" if group else f"{label}{field_name}"
        book_path: Where = (*where, "book") if group else (*path, field_name)
        if choice.book not in books:
            problems.add(
                book_path, entry, f"{name}: unknown book '{choice.book}'{problems.suggest(choice.book, books)}"
            )
            ok = False
            continue
        if choice.book in seen:
            problems.add(book_path, entry, f"{name}: book '{choice.book}' is named twice in the group")
            ok = False
        seen.add(choice.book)
        ok = _check_chapters(where, entry, books[choice.book], choice.chapters, problems) and ok
    return ok


def _names_broken(choices: Sequence[Choice], skip: set[str]) -> bool:
    return "*" in skip or any(c.book in skip for c in choices)


def edge_name(index: int, edge: Edge) -> str:
    """How messages name an edge: ``prereqs[3] (a -> b)``."""
    before = edge.before if edge.before is not None else "any of " + "|".join(c.book for c in edge.choices)
    return f"prereqs[{index}] ({before} -> {edge.after})"


def check_edges(
    items: list[tuple[int, Edge]], *, books: dict[str, Entry], skip: set[str], problems: FileProblems
) -> list[Edge]:
    """The sound edges; cycles among them are reported."""
    kept: list[tuple[int, Edge]] = []
    where: dict[tuple[str, str], int] = {}
    for index, edge in items:
        path: Where = ("prereqs", index)
        entry = edge_name(index, edge)
        if _names_broken(edge.choices, skip) or edge.after in skip:
            continue
        if edge.is_group and not edge.choices:
            problems.add((*path, "any_of"), entry, "any_of: the group of alternatives is empty")
            continue
        ok = _check_choices(path, entry, "any_of" if edge.is_group else "before", edge.choices, books, problems)
        if edge.after not in books:
            problems.add(
                (*path, "after"), entry, f"after: unknown book '{edge.after}'{problems.suggest(edge.after, books)}"
            )
            continue
        if not ok:
            continue
        if any(c.book == edge.after for c in edge.choices):
            if edge.is_group:
                problems.add(
                    (*path, "any_of"),
                    entry,
                    f"any_of: an alternative is '{edge.after}' itself, the book it comes before",
                )
            else:
                problems.add(path, entry, f"a book cannot be its own prerequisite ('{edge.after}' -> '{edge.after}')")
            continue
        if not edge.is_group:
            assert edge.before is not None
            pair = (edge.before, edge.after)
            if pair in where:
                problems.add(path, entry, f"duplicate edge: prereqs[{where[pair]}] already links these books")
                continue
            where[pair] = index
        if not _check_after_chapters(path, entry, books[edge.after], edge.after_chapters, problems):
            continue
        kept.append((index, edge))
    _report_cycles(kept, problems)
    return [edge for _, edge in kept]


def _check_after_chapters(
    path: Where, entry: str, book: Entry, chapters: Sequence[str], problems: FileProblems
) -> bool:
    before = problems.count()
    _check_chapters(path, entry, book, chapters, problems)
    for issue in problems.since(before):  # the same checks, said of the other field
        issue.where = tuple("after_chapters" if p == "chapters" else p for p in issue.where)
        issue.message = issue.message.replace("chapters:", "after_chapters:", 1)
    return problems.count() == before


def cycles(graph: nx.DiGraph) -> Iterator[tuple[list[tuple[str, str]], str]]:
    """Each cycle of ``graph``, one per strongly connected component in order of their
    smallest node: its edges and its text (``a -> b -> a``)."""
    import networkx as nx

    if nx.is_directed_acyclic_graph(graph):
        return
    for component in sorted(nx.strongly_connected_components(graph), key=min):
        if len(component) < 2:
            continue
        cycle = nx.find_cycle(graph.subgraph(component), source=min(component))
        yield [(u, v) for u, v in cycle], " -> ".join([str(u) for u, _ in cycle] + [str(cycle[0][0])])


def _report_cycles(kept: list[tuple[int, Edge]], problems: FileProblems) -> None:
    """A cycle through any alternative is a cycle: a plan could pick it."""
    with scratch_digraph() as graph:
        for index, edge in kept:
            for choice in edge.choices:
                if not graph.has_edge(choice.book, edge.after):
                    graph.add_edge(choice.book, edge.after, index=index, group=edge.is_group)
        for cycle, text in cycles(graph):
            indexes = [graph.edges[pair]["index"] for pair in cycle]
            groups = sorted({graph.edges[pair]["index"] for pair in cycle if graph.edges[pair]["group"]})
            through = ""
            if groups:
                named = ", ".join(f"prereqs[{g}]" for g in groups)
                through = f" (through the any_of group{'s' if len(groups) > 1 else ''} {named})"
            problems.add(("prereqs", min(indexes)), "prereqs", f"cycle: {text}{through}")


def check_starting_points(
    points: Sequence[StartingPoint], *, books: dict[str, Entry], skip: set[str], problems: FileProblems
) -> dict[str, StartingPoint]:
    """The sound starting points, by id."""
    kept: dict[str, StartingPoint] = {}
    for path, entry, point in _distinct(enumerate(points), "starting_points", "starting point", problems):
        if _names_broken(point.covers, skip):
            continue
        if _check_choices(path, entry, "covers", point.covers, books, problems) if point.covers else True:
            kept[point.id] = point
    return kept


def check_goals(
    items: list[tuple[int, Goal]],
    *,
    books: dict[str, Entry],
    skip: set[str],
    starts: dict[str, StartingPoint],
    problems: FileProblems,
) -> dict[str, Goal]:
    """The sound goals, by id: their targets and assumed starting points known, their ids not books'."""
    goals: dict[str, Goal] = {}
    for path, entry, goal in _distinct(items, "goals", "goal", problems):
        ok = True
        if goal.id in books:
            problems.add((*path, "id"), entry, f"id: '{goal.id}' is also a book id; goal and book ids must differ")
            ok = False
        for a_index, assumed in enumerate(goal.assumes):
            if assumed not in starts:
                problems.add(
                    (*path, "assumes", a_index),
                    entry,
                    f"assumes[{a_index}]: unknown starting point '{assumed}'{problems.suggest(assumed, starts)}",
                )
                ok = False
        ok = _check_targets(path, entry, goal, books, skip, problems) and ok
        if ok:
            goals[goal.id] = goal
    return goals


def _check_targets(
    path: Where, entry: str, goal: Goal, books: dict[str, Entry], skip: set[str], problems: FileProblems
) -> bool:
    ok = True
    seen: set[str] = set()
    for t_index, target in enumerate(goal.targets):
        t_path: Where = (*path, "targets", t_index)
        if _names_broken(target.choices, skip):
            ok = False
            continue
        if target.is_group and not target.choices:
            problems.add((*t_path, "any_of"), entry, f"targets[{t_index}].any_of: the group of alternatives is empty")
            ok = False
            continue
        if target.is_group:
            label = f"targets[{t_index}]."
            ok = _check_choices(t_path, entry, "any_of", target.choices, books, problems, label) and ok
            continue
        assert target.book is not None
        if target.book in books and target.book in seen:
            problems.add(t_path, entry, f"targets[{t_index}]: book '{target.book}' is targeted twice")
            ok = False
        seen.add(target.book)
        ok = _check_choices(t_path, entry, "book", target.choices, books, problems, f"targets[{t_index}].") and ok
    return ok
