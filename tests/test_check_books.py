"""check_books reads the fields of all chapters at once and estimates each book from them (issue
15): on generated catalogs it gives the entries and the problems that the plainer loop gave, one
book's chapters at a time through ``chapter_minutes``."""

from __future__ import annotations

import itertools
import operator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.catalog import checks, records
from curriculum.catalog.hours import EstimateError, chapter_minutes, made_ahead
from curriculum.catalog.model import Entry, Unit
from curriculum.catalog.problems import Collector, FileProblems, Where


# check_books as it was written before (commit 3d79e2e), one book's estimate at a time.
def _old_check_books(
    items: list[tuple[int, records.Book]], *, paces: dict[str, float], problems: FileProblems
) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    chapters = list(itertools.chain.from_iterable(book.chapters for _, book in items))
    numbers, titles, skips = (list(map(operator.attrgetter(name), chapters)) for name in ("number", "title", "skip"))
    folded: dict[str, str] = {}
    end = 0
    for index, book in items:
        start, end = end, end + len(book.chapters)
        path: Where = ("books", index)
        entry = f"book '{book.id}'"
        clash = checks._id_clash(folded, book.id)
        if clash:
            problems.add((*path, "id"), entry, clash)
            continue
        own = numbers[start:end]
        if len(set(own)) < len(own):
            first: dict[str, int] = {}
            for c_index, number in enumerate(own):
                if number in first:
                    problems.add(
                        (*path, "chapters", c_index, "number"),
                        entry,
                        f"chapters[{c_index}].number: chapter '{number}' is listed twice",
                    )
                first.setdefault(number, c_index)
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
        if start < end:
            marked = skips[start:end]
            units = tuple(map(Unit, own, titles[start:end], minutes, marked))
            entries[book.id] = Entry(book, units, len(entries), marked.count(None) < len(marked))
        else:
            entries[book.id] = Entry(book, (Unit(None, book.title, minutes[0]),), len(entries), False)
    return entries


_chapter = st.fixed_dictionaries(
    {"number": st.sampled_from([1, 2, 3, "A", "B"])},
    optional={
        "pages": st.integers(1, 300),
        "page": st.integers(1, 900),
        "hours": st.sampled_from([0.1, 0.25, 1, 1.26, 2.5, 7, 40]),
        "skip": st.just("index"),
    },
)
_book = st.fixed_dictionaries(
    {"id": st.sampled_from(["a", "A", "b", "c", "ddia", "DDIA", "e"]), "chapters": st.lists(_chapter, max_size=8)},
    optional={
        "pages": st.integers(1, 3000),
        "hours": st.sampled_from([0.5, 1, 3.3, 12, 100, 400]),
        "kind": st.sampled_from(["textbook", "maths", "poetry"]),
    },
)
# Catalogs where no chapter gives its hours or its start page, as well as ones where some do.
_catalog = st.one_of(
    st.lists(_book, max_size=12),
    st.lists(_book.map(lambda b: {**b, "chapters": [{"number": c["number"], "title": "C"} for c in b["chapters"]]})),
)


def _items(books: list[dict[str, Any]]) -> list[tuple[int, records.Book]]:
    return [
        (
            i,
            records.decode(
                {"title": "T", "authors": ["A"], **b, "chapters": [{"title": "C", **c} for c in b["chapters"]]},
                records.Book,
            ),
        )
        for i, b in enumerate(books)
    ]


def _run(check: Any, books: list[dict[str, Any]], paces: dict[str, float], **made: Any) -> tuple[Any, ...]:
    out = Collector()
    entries = check(_items(books), paces=paces, problems=out.file(None), **made)
    return entries, [(i.where, i.entry, i.message) for i in out.issues]


@settings(max_examples=1500, deadline=None)
@given(_catalog, st.sampled_from([{"textbook": 10.0, "maths": 5.0}, {"textbook": 0.7}, {"maths": 33.3}]))
def test_check_books_gives_what_the_plainer_loop_gave(books: list[dict[str, Any]], paces: dict[str, float]) -> None:
    assert _run(checks.check_books, books, paces) == _run(_old_check_books, books, paces)


# Paces as the parse reads them (issue 15: estimates made where a large list is parsed): the
# check's own, others, the same numbers written as integers, none for some kinds, not numbers.
_PARSED = st.sampled_from(
    [None, {"textbook": 10, "maths": 5}, {"textbook": 0.7}, {"maths": 33.3, "poetry": 1}, {"textbook": "10"}, {}]
)


@settings(max_examples=1000, deadline=None)
@given(_catalog, st.sampled_from([{"textbook": 10.0, "maths": 5.0}, {"textbook": 0.7}, {"maths": 33.3}]), _PARSED)
def test_estimates_made_ahead_give_what_the_check_makes(
    books: list[dict[str, Any]], paces: dict[str, float], parsed: dict[str, Any] | None
) -> None:
    """Whatever paces the estimates were made at, the check gives the same entries and problems:
    it takes those made at its own pace and makes the others."""
    made = dict(enumerate(made_ahead([book for _, book in _items(books)], paces if parsed is None else parsed)))
    assert _run(checks.check_books, books, paces, made=made) == _run(checks.check_books, books, paces)


def test_an_estimate_made_ahead_is_taken_at_the_checks_pace_only() -> None:
    books = [{"id": "a", "pages": 100, "chapters": [{"number": 1, "pages": 40}, {"number": 2, "pages": 60}]}]
    entries, _ = _run(checks.check_books, books, {"textbook": 10.0})
    assert [u.minutes for u in entries["a"].units] == [240, 360]
    taken, _ = _run(checks.check_books, books, {"textbook": 10.0}, made={0: (10, [1, 2])})  # 10 is 10.0
    assert [u.minutes for u in taken["a"].units] == [1, 2]
    made_again, _ = _run(checks.check_books, books, {"textbook": 10.0}, made={0: (12.0, [1, 2])})
    assert made_again == entries
