"""The faster paths of loading a catalog (issue 15) give exactly what the plain ones gave: the
reading-time rule against its earlier, plainer code, and a file decoded in batches against one
decoded item by item, on generated input."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.catalog import Book, hours
from curriculum.catalog.hours import HALF_HOUR, EstimateError, _from_pages, _to_half_hours


# The reading-time rule as it was written before it was made faster (curriculum/catalog/hours.py).
def _old_chapter_minutes(book: Book, pace: float) -> list[int]:
    if not book.chapters:
        if book.hours is not None:
            return [max(1, round(book.hours * 60))]
        if book.pages is not None:
            return [_to_half_hours(_from_pages(book.pages, pace))]
        raise EstimateError("no reading time can be estimated: give `pages`, `hours`, or chapters with `hours`")
    fixed = [round(c.hours * 60) if c.hours is not None else None for c in book.chapters]
    free = [i for i, m in enumerate(fixed) if m is None]
    if not free:
        return [max(1, m or 0) for m in fixed]
    weights = _old_page_weights(book)
    if book.hours is not None:
        left = book.hours * 60 - sum(m for m in fixed if m is not None)
        if left < HALF_HOUR * len(free) / 2:
            raise EstimateError(
                f"`hours` ({book.hours:g}) leaves too little for the {len(free)} chapters without their own `hours`"
            )
        total = left
    elif weights is not None:
        total = _from_pages(sum(weights[i] for i in free), pace)
    else:
        raise EstimateError("no reading time can be estimated: give `pages`, `hours`, or chapter `pages` or `hours`")
    shares = _old_apportion(
        max(len(free), round(total / HALF_HOUR)), [weights[i] if weights is not None else 1.0 for i in free]
    )
    result = [m if m is not None else 0 for m in fixed]
    for index, share in zip(free, shares, strict=True):
        result[index] = share * HALF_HOUR
    return [max(1, m) for m in result]


def _old_chapter_pages(book: Book) -> list[int | None]:
    chapters = book.chapters
    out: list[int | None] = []
    for i, chapter in enumerate(chapters):
        if chapter.pages is not None:
            out.append(chapter.pages)
            continue
        end = chapters[i + 1].page if i + 1 < len(chapters) else (book.pages + 1 if book.pages else None)
        if chapter.page is not None and end is not None and end > chapter.page:
            out.append(end - chapter.page)
        else:
            out.append(None)
    return out


def _old_page_weights(book: Book) -> list[float] | None:
    pages = _old_chapter_pages(book)
    known = [p for p in pages if p is not None]
    missing = len(pages) - len(known)
    if missing == 0:
        return [float(p or 0) for p in pages]
    if book.pages is None and not known:
        return None
    rest = (book.pages or 0) - sum(known)
    share = rest / missing if rest > 0 else (sum(known) / len(known) if known else 1.0)
    return [float(p) if p is not None else share for p in pages]


def _old_apportion(units: int, weights: Sequence[float]) -> list[int]:
    count = len(weights)
    units = max(units, count)
    spare = units - count
    total = sum(weights)
    if total <= 0:
        weights = [1.0] * count
        total = float(count)
    exact = [spare * w / total for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(count), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: spare - sum(shares)]:
        shares[i] += 1
    return [1 + s for s in shares]


def _outcome(function: Any, *args: Any) -> Any:
    try:
        return function(*args)
    except EstimateError as exc:
        return ("error", str(exc))


_maybe = st.one_of(st.none(), st.integers(1, 400))
_chapter = st.fixed_dictionaries(
    {},
    optional={
        "pages": st.integers(1, 300),
        "page": st.integers(1, 900),
        "hours": st.sampled_from([0.1, 0.25, 1, 1.26, 2.5, 7, 40]),
        "skip": st.just("index"),
    },
)
_book = st.fixed_dictionaries(
    {"chapters": st.lists(_chapter, max_size=14)},
    optional={"pages": st.integers(1, 3000), "hours": st.sampled_from([0.5, 1, 3.3, 12, 100, 400])},
)


@settings(max_examples=3000, deadline=None)
@given(_book, st.sampled_from([0.7, 5.0, 10.0, 12.0, 33.3]))
def test_chapter_minutes_are_what_the_plainer_code_gave(fields: dict[str, Any], pace: float) -> None:
    chapters = [{"number": str(i + 1), "title": "C", **c} for i, c in enumerate(fields["chapters"])]
    book = Book.model_validate({"id": "b", "title": "B", "authors": ["A"], **fields, "chapters": chapters})
    assert hours.chapter_pages(book) == _old_chapter_pages(book)
    assert hours._page_weights(book) == _old_page_weights(book)
    assert _outcome(hours.chapter_minutes, book, pace) == _outcome(_old_chapter_minutes, book, pace)


@settings(max_examples=2000, deadline=None)
@given(st.integers(0, 200), st.lists(st.sampled_from([0.0, 0.5, 1.0, 1 / 3, 2.0, 7.25, 1e-9, 100.0]), min_size=1))
def test_apportion_is_what_the_plainer_code_gave(units: int, weights: list[float]) -> None:
    assert hours.apportion(units, weights) == _old_apportion(units, weights)


@pytest.mark.parametrize("seed", range(5))
def test_apportion_breaks_ties_as_before(seed: int) -> None:
    import random

    rng = random.Random(seed)
    for _ in range(500):
        weights = [rng.choice([1.0, 2.0, 3.0, 0.5]) for _ in range(rng.randint(1, 20))]
        units = rng.randint(0, 60)
        assert hours.apportion(units, weights) == _old_apportion(units, weights)


_good_book = st.builds(
    lambda n, chapters: {
        "id": f"b{n}",
        "title": f"Book {n}",
        "authors": ["A"],
        "pages": 50,
        "chapters": [{"number": c, "title": f"C{c}"} for c in range(1, chapters + 1)],
    },
    st.integers(0, 10**6),
    st.integers(0, 4),
)
_bad_book = st.sampled_from(
    [
        {"id": "bad one", "title": "T", "authors": ["A"]},
        {"id": "b-x", "title": "T", "authors": []},
        {"id": "b-y", "title": "T", "authors": ["A"], "pages": "12"},  # pydantic converts it
        {"id": "b-z", "title": "T\n", "authors": ["A"], "colour": "red"},
        {"id": "b-w", "title": "T", "authors": ["A"], "chapters": [{"number": 10**41, "title": "x"}]},
        "not a book",
    ]
)


def _consumed(books: list[Any], batch: int, monkeypatch: pytest.MonkeyPatch, *, whole: bool, chunked: bool) -> Any:
    import marshal

    from curriculum.catalog import read
    from curriculum.catalog.listchunks import Chunks
    from curriculum.catalog.problems import Collector
    from curriculum.catalog.yamlio import YamlDoc

    monkeypatch.setattr(read, "BATCH", batch)
    if not whole:  # every batch taken item by item, as the load did before it decoded batches
        monkeypatch.setattr(read, "_taken", lambda batch, schema: None)
    data: dict[str, Any] = {"books": list(books)}
    if chunked:  # a large file's list, as fastyaml reads it: chunks of marshal bytes
        blobs = [marshal.dumps(books[at : at + 4], 4) for at in range(0, len(books), 4)]
        data = {"books": Chunks(blobs, len(books))}
    out = Collector()
    parsed = read.consume(YamlDoc("books.yaml", "books: []\n", data), read.BOOKS, out)
    messages = [(i.where, i.entry, i.message) for i in out.issues]
    return parsed.items, parsed.broken, messages, data["books"], out.entries()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_good_book, _good_book, _bad_book), max_size=30), st.integers(1, 9), st.booleans())
def test_a_file_decoded_in_batches_is_what_item_by_item_gave(books: list[Any], batch: int, chunked: bool) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        fast = _consumed(books, batch, monkeypatch, whole=True, chunked=chunked)
    with pytest.MonkeyPatch.context() as monkeypatch:
        slow = _consumed(books, batch, monkeypatch, whole=False, chunked=chunked)
    assert fast == slow


_ids = st.sampled_from(["b0", "b1", "b2", "b3", "b4", "gone", "zz"])
_numbers = st.lists(st.sampled_from(["1", "2", "9"]), max_size=2)
_plain_edge = st.builds(
    lambda before, after, chapters, after_chapters: {
        "before": before,
        "after": after,
        "reason": "r",
        **({"chapters": chapters} if chapters else {}),
        **({"after_chapters": after_chapters} if after_chapters else {}),
    },
    _ids,
    _ids,
    st.one_of(st.just([]), _numbers),
    st.one_of(st.just([]), _numbers),
)
_group_edge = st.builds(
    lambda books, after: {"any_of": [{"book": b} for b in books], "after": after, "reason": "r"},
    st.lists(_ids, max_size=3),
    _ids,
)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.one_of(_plain_edge, _plain_edge, _plain_edge, _group_edge), max_size=14),
    st.sampled_from([set(), {"gone"}, {"gone", "b4"}, {"*"}]),
)
def test_plain_edges_checked_quickly_are_what_the_full_check_gave(edges: list[Any], skip: set[str]) -> None:
    from curriculum.catalog import checks, messages, records
    from curriculum.catalog.problems import Collector

    def chapters(count: int) -> list[dict[str, Any]]:
        return [{"number": n, "title": "C"} for n in range(1, count + 1)]

    written = [{"id": f"b{i}", "title": "B", "authors": ["A"], "pages": 9, "chapters": chapters(i)} for i in range(5)]
    books_out = Collector()
    items = [(i, records.decode(b, records.Book)) for i, b in enumerate(written)]
    books = checks.check_books(items, paces={"textbook": 10.0}, problems=books_out.file(None))
    edge_items = [(i, records.decode(e, records.Edge)) for i, e in enumerate(edges)]

    def issues(out: Collector) -> list[Any]:
        return [(i.where, i.entry, i.message, i.refs, i.say and i.say([7] * len(i.refs))) for i in out.issues]

    fast_out = Collector()
    fast = checks.check_edges(edge_items, books=books, skip=skip, problems=fast_out.file(None))
    slow_out = Collector()  # every edge through the full check, then every cycle looked for by Kahn's algorithm
    slow_problems = slow_out.file(None)
    kept: list[tuple[int, Any]] = []
    where: dict[tuple[str, str], int] = {}
    for index, edge in edge_items if "*" not in skip else []:
        if checks._check_edge(index, edge, where=where, books=books, skip=skip, problems=slow_problems):
            kept.append((index, edge))
    fewer = dict(books)  # no book in file order: the cycles are looked for in full
    fewer.update({k: msgspec.structs.replace(e, index=-e.index) for k, e in books.items()})
    messages.report_cycles(kept, fewer, slow_problems)
    assert fast == [edge for _, edge in kept]
    assert issues(fast_out) == issues(slow_out)
