"""What a catalog's valid items must also be, together: the checks across books, edges, goals
and starting points (unknown or repeated ids and chapters, cycles), and the books' estimates.

Each check takes the valid items of one file and reports to that file's
:class:`~.problems.FileProblems`; it keeps what is sound. ``skip`` holds the ids of books
that failed validation ("*": books.yaml is unusable): references to them are not reported
again, as the book's own problem says it all (an entry naming one is not sound, and its other
names are still checked). Cycles are reported once per cyclic group, with all its edges and a
few to remove that break all its cycles (:func:`.messages.report_cycles`).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Protocol, TypeVar

from .hours import Columns, EstimateError, Made, estimate, estimate_columns
from .messages import report_cycles
from .model import Entry
from .problems import FileProblems, Where
from .records import Book, Choice, Edge, Goal, StartingPoint


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


def check_books(
    items: list[tuple[int, Book]],
    *,
    paces: dict[str, float],
    problems: FileProblems,
    made: Mapping[int, Made | None] | None = None,
) -> dict[str, Entry]:
    """The books with their estimates, numbered from 0 in file order. An estimate made where the
    list was parsed (``made``, by the item's index: :func:`.hours.made_ahead`) at the pace this
    check would use is taken as it is; the others are made here."""
    entries: dict[str, Entry] = {}
    books = [book for _, book in items]
    # The chapters of all books, each of their fields in one list (read in compiled code): a
    # book's chapters are a slice of them, from the end of the one before.
    chapters = list(itertools.chain.from_iterable(map(_CHAPTERS, books)))
    numbers, titles, skips = (list(map(_field, chapters)) for _field in _UNIT_FIELDS)
    columns: Columns | None = None  # made when an estimate is first made here
    ids = list(map(_ID, books))
    folded: dict[str, str] | None = None  # ids seen, when some may repeat (ignoring case)
    if len(set(map(str.casefold, ids))) < len(ids):
        folded = {}
    end = 0
    for index, book in items:
        start, end = end, end + len(book.chapters)
        if folded is not None:
            clash = _id_clash(folded, book.id)
            if clash:
                problems.add(("books", index, "id"), f"book '{book.id}'", clash)
                continue
        own = numbers[start:end]
        if len(set(own)) < len(own):  # a number repeats: say where
            _repeated_numbers(("books", index), f"book '{book.id}'", own, problems)
        pace = paces.get(book.kind)
        if pace is None:
            problems.add(
                ("books", index, "kind"),
                f"book '{book.id}'",
                f"kind: '{book.kind}' has no reading pace in `paces`{problems.suggest(book.kind, paces)}",
            )
            continue
        ahead = made.get(index) if made else None
        if ahead is not None and ahead[0] == pace:
            minutes = ahead[1]
        else:
            if columns is None:
                columns = estimate_columns(chapters)
            pages, given, starts = columns
            try:
                minutes = estimate(
                    book,
                    pace,
                    None if given is None else given[start:end],
                    pages[start:end],
                    None if starts is None else starts[start:end],
                )
            except EstimateError as exc:
                problems.add(("books", index), f"book '{book.id}'", str(exc))
                continue
        entries[book.id] = Entry.made(book, len(entries), minutes, own, titles[start:end], skips[start:end])
    return entries


def _repeated_numbers(path: Where, entry: str, own: list[str], problems: FileProblems) -> None:
    first: dict[str, int] = {}
    for c_index, number in enumerate(own):
        if number in first:
            problems.add(
                (*path, "chapters", c_index, "number"),
                entry,
                f"chapters[{c_index}].number: chapter '{number}' is listed twice",
            )
        first.setdefault(number, c_index)


_ID = operator.attrgetter("id")
_UNIT_FIELDS = tuple(map(operator.attrgetter, ("number", "title", "skip")))
_CHAPTERS = operator.attrgetter("chapters")


def check_editions(items: list[tuple[int, Book]], *, books: dict[str, Entry], problems: FileProblems) -> None:
    """Each ``edition_of`` names another known book (one that failed is not reported again)."""
    failed: set[str] | None = None
    for index, book in items:
        other = book.edition_of
        if other is None or book.id not in books:
            continue
        if failed is None:
            failed = _failed_books(items, books, problems)
        if other in failed:
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


def _written_ids(problems: FileProblems, key: str) -> set[str]:
    """The ids written in the list ``key`` of the file, as parsed (for ``books``: only of the entries
    that failed validation, as the others are released once valid, see :func:`.read.consume`)."""
    data = problems.doc.data if problems.doc is not None else None
    raw = data.get(key) if isinstance(data, dict) else None
    return (
        {v["id"] for v in raw if isinstance(v, dict) and isinstance(v.get("id"), str)}
        if isinstance(raw, list)
        else set()
    )


def _failed_books(items: list[tuple[int, Book]], books: dict[str, Entry], problems: FileProblems) -> set[str]:
    """The ids of the books that failed: by the checks above, or by their schema."""
    return {book.id for _, book in items if book.id not in books} | _written_ids(problems, "books")


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
    *,
    skip: set[str],
) -> bool:
    """Each alternative names a known book and known chapters of it, once. One that names a book
    of ``skip`` is not sound, but not reported: that book's own problem says it all."""
    ok = True
    seen: set[str] = set()
    group = field_name in ("any_of", "covers")
    for c_index, choice in enumerate(choices):
        if choice.book in skip:
            ok = False
            continue
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
    if "*" in skip:  # books.yaml could not be read: nothing to check edges against
        return []
    for index, edge in items:
        # The usual edge, a whole book before another, is sound when both are known, distinct,
        # and linked by no edge before it: what _check_edge finds of it, in fewer steps.
        before, after = edge.before, edge.after
        plain = before is not None and not edge.chapters and not edge.after_chapters
        if plain and before in books and after in books and before not in skip and after not in skip:
            pair = (before, after)
            if before != after and pair not in where:
                where[pair] = index
                kept.append((index, edge))
                continue
        if _check_edge(index, edge, where=where, books=books, skip=skip, problems=problems):
            kept.append((index, edge))
    report_cycles(kept, books, problems)
    return [edge for _, edge in kept]


def _check_edge(
    index: int,
    edge: Edge,
    *,
    where: dict[tuple[str, str], int],
    books: dict[str, Entry],
    skip: set[str],
    problems: FileProblems,
) -> bool:
    """Whether ``edge`` is sound, its problems reported; ``where`` notes the pair of books of a plain one."""
    path: Where = ("prereqs", index)
    entry = edge_name(index, edge)
    if edge.is_group and not edge.choices:
        problems.add((*path, "any_of"), entry, "any_of: the group of alternatives is empty")
        return False
    field_name = "any_of" if edge.is_group else "before"
    ok = _check_choices(path, entry, field_name, edge.choices, books, problems, skip=skip)
    if edge.after in skip:
        return False
    if edge.after not in books:
        problems.add(
            (*path, "after"), entry, f"after: unknown book '{edge.after}'{problems.suggest(edge.after, books)}"
        )
        return False
    if not ok:
        return False
    if any(c.book == edge.after for c in edge.choices):
        if edge.is_group:
            problems.add(
                (*path, "any_of"),
                entry,
                f"any_of: an alternative is '{edge.after}' itself, the book it comes before",
            )
        else:
            problems.add(path, entry, f"a book cannot be its own prerequisite ('{edge.after}' -> '{edge.after}')")
        return False
    if not edge.is_group:
        assert edge.before is not None
        pair = (edge.before, edge.after)
        if pair in where:
            problems.add(path, entry, f"duplicate edge: prereqs[{where[pair]}] already links these books")
            return False
        where[pair] = index
    return _check_after_chapters(path, entry, books[edge.after], edge.after_chapters, problems)


def _check_after_chapters(
    path: Where, entry: str, book: Entry, chapters: Sequence[str], problems: FileProblems
) -> bool:
    if not chapters:
        return True
    before = problems.count()
    _check_chapters(path, entry, book, chapters, problems)
    for issue in problems.since(before):  # the same checks, said of the other field
        issue.where = tuple("after_chapters" if p == "chapters" else p for p in issue.where)
        issue.message = issue.message.replace("chapters:", "after_chapters:", 1)
    return problems.count() == before


def check_starting_points(
    points: Sequence[StartingPoint], *, books: dict[str, Entry], skip: set[str], problems: FileProblems
) -> dict[str, StartingPoint]:
    """The sound starting points, by id."""
    kept: dict[str, StartingPoint] = {}
    for path, entry, point in _distinct(enumerate(points), "starting_points", "starting point", problems):
        if "*" in skip:
            continue
        if _check_choices(path, entry, "covers", point.covers, books, problems, skip=skip):
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
    """The sound goals, by id: their targets and assumed starting points known, their ids not books'.
    A starting point of the file that was not kept (for its own problem, or a failed book's) is
    not reported again."""
    goals: dict[str, Goal] = {}
    written: set[str] | None = None  # the file's starting points, kept or not: worked out if needed
    for path, entry, goal in _distinct(items, "goals", "goal", problems):
        ok = True
        if goal.id in books:
            problems.add((*path, "id"), entry, f"id: '{goal.id}' is also a book id; goal and book ids must differ")
            ok = False
        for a_index, assumed in enumerate(goal.assumes):
            if assumed in starts:
                continue
            ok = False
            written = _written_ids(problems, "starting_points") if written is None else written
            if assumed not in written:
                problems.add(
                    (*path, "assumes", a_index),
                    entry,
                    f"assumes[{a_index}]: unknown starting point '{assumed}'{problems.suggest(assumed, starts)}",
                )
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
        if "*" in skip:
            ok = False
            continue
        if target.is_group and not target.choices:
            problems.add((*t_path, "any_of"), entry, f"targets[{t_index}].any_of: the group of alternatives is empty")
            ok = False
            continue
        if target.is_group:
            label = f"targets[{t_index}]."
            ok = _check_choices(t_path, entry, "any_of", target.choices, books, problems, label, skip=skip) and ok
            continue
        assert target.book is not None
        if target.book in books and target.book in seen:
            problems.add(t_path, entry, f"targets[{t_index}]: book '{target.book}' is targeted twice")
            ok = False
        seen.add(target.book)
        label = f"targets[{t_index}]."
        ok = _check_choices(t_path, entry, "book", target.choices, books, problems, label, skip=skip) and ok
    return ok
