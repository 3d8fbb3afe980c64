"""Reading-time estimates: the one place that turns pages into minutes.

The rule, per book (docs/catalog.md repeats it for catalog authors):

1. A chapter's own ``hours`` is taken as written (to the minute), and so are the ``hours``
   of a book without a chapter list.
2. Otherwise, if the book gives ``hours``, what the chapters of step 1 leave of it is shared
   among the other chapters in proportion to their pages (equally where pages are unknown).
3. Otherwise the book's reading time is its pages divided by the pace of its ``kind``
   (pages per hour), shared among the chapters in proportion to their pages. The pages of a
   chapter are its ``pages``, or else the difference between its ``page`` (where it starts, as
   the table of contents prints it) and the next chapter's (the book's ``pages`` closing the
   last one); chapters without either share what the book's ``pages`` leaves evenly, the
   fallback that ``curriculum show`` names.

Estimates from steps 2 and 3 are whole half hours, at least one per chapter, apportioned
by largest remainder so that the chapters add up to the book's rounded total. An estimate from
pages is at most ``MAX_HOURS``, like any hours written: a pace of ``1e-300`` pages an hour is in
range, but the time it gives is not a reading time (and would overflow on the way to minutes).
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from typing import Any

from .records import DEFAULT_PACES, MAX_HOURS, Book

HALF_HOUR = 30


class EstimateError(ValueError):
    """The book gives nothing to estimate from (message says what to add)."""


def chapter_minutes(book: Book, pace: float) -> list[int]:
    """Minutes for each chapter of ``book`` (one entry for a book with no chapter list)."""
    chapters = book.chapters
    return estimate(book, pace, [c.hours for c in chapters], [c.pages for c in chapters], [c.page for c in chapters])


Columns = tuple[list[int | None], list[float | None] | None, list[int | None] | None]
"""The pages, hours and start pages of many books' chapters (:func:`estimate_columns`)."""


def estimate_columns(chapters: Sequence[Any]) -> Columns:
    """The pages, hours and start pages of ``chapters``, read in compiled code, as
    :func:`estimate` takes a book's (a slice of each); hours and start pages (positive where
    given) None when no chapter gives any, the usual case."""
    given = list(map(_HOURS, chapters)) if any(map(_HOURS, chapters)) else None
    starts = list(map(_PAGE, chapters)) if any(map(_PAGE, chapters)) else None
    return list(map(_PAGES, chapters)), given, starts


_HOURS, _PAGE, _PAGES = operator.attrgetter("hours"), operator.attrgetter("page"), operator.attrgetter("pages")


Made = tuple[float, list[int]]
"""An estimate made ahead (:func:`made_ahead`): the pace it was made at, and the minutes."""


def made_ahead(books: Sequence[Book], paces: Mapping[Any, Any]) -> list[Made | None]:
    """Each book's :func:`chapter_minutes` at the pace ``paces`` give its kind, with that pace,
    made where a large list is parsed, by both processes (issue 15): :func:`.checks.check_books`
    takes one made at the pace it would use itself, and makes the others. ``paces`` are as
    parsed, not yet checked; None where no pace is given, or no estimate can be made (the
    check says why)."""
    out: list[Made | None] = []
    for book in books:
        pace = paces.get(book.kind)
        if not isinstance(pace, (int, float)) or isinstance(pace, bool):
            out.append(None)
            continue
        try:
            out.append((pace, chapter_minutes(book, pace)))
        except (ArithmeticError, TypeError, ValueError):
            out.append(None)
    return out


def parsed_paces(fields: Mapping[str, Any] | None) -> Mapping[Any, Any] | None:
    """The paces a ``books.yaml`` parsed as ``fields`` (its list left out) gives, as parsed:
    the defaults when it gives none; None when it cannot say."""
    if fields is None:
        return None
    paces = fields.get("paces", DEFAULT_PACES)
    return paces if isinstance(paces, dict) else None


def estimate(
    book: Book, pace: float, given: list[float | None] | None, pages: list[int | None], starts: list[int | None] | None
) -> list[int]:
    """:func:`chapter_minutes`, given each chapter's ``hours``, ``pages`` and ``page``: lists that
    :func:`.checks.check_books` gathers for all books at once (``pages`` may be changed), None for
    ``given`` or ``starts`` when no chapter gives any."""
    if not pages:
        if book.hours is not None:
            return [max(1, round(book.hours * 60))]
        if book.pages is not None:
            return [_to_half_hours(_from_pages(book.pages, pace))]
        raise EstimateError("no reading time can be estimated: give `pages`, `hours`, or chapters with `hours`")
    count = len(pages)
    free_count = count if given is None else given.count(None)
    if not free_count:
        return [max(1, round(h * 60)) for h in given if h is not None]  # type: ignore[union-attr]
    if starts is not None and None in pages and starts.count(None) < count:
        _pages_from_starts(pages, starts, book.pages)
    weights = _weights(pages, book.pages)
    if free_count == count:  # no chapter gives its own hours: each gets its share (at least one half hour)
        fixed = None
        free_weights = weights
        left = book.hours * 60 if book.hours is not None else 0.0
    else:
        fixed = [round(h * 60) if h is not None else None for h in given]  # type: ignore[union-attr]
        free = [i for i, m in enumerate(fixed) if m is None]
        free_weights = None if weights is None else [weights[i] for i in free]
        left = book.hours * 60 - sum(m for m in fixed if m is not None) if book.hours is not None else 0.0
    if book.hours is not None:
        if left < HALF_HOUR * free_count / 2:
            raise EstimateError(
                f"`hours` ({book.hours:g}) leaves too little for the {free_count} chapters without their own `hours`"
            )
        total = left
    elif free_weights is not None:
        total = _from_pages(sum(free_weights), pace)
    else:
        raise EstimateError("no reading time can be estimated: give `pages`, `hours`, or chapter `pages` or `hours`")
    shares = apportion(
        max(free_count, round(total / HALF_HOUR)),
        [1.0] * free_count if free_weights is None else free_weights,
        scale=HALF_HOUR,
    )
    if fixed is None:
        return shares
    result = [m if m is not None else 0 for m in fixed]
    for index, share in zip(free, shares, strict=True):
        result[index] = share
    return [max(1, m) for m in result]


def _from_pages(pages: float, pace: float) -> float:
    """Minutes to read ``pages`` at ``pace`` pages an hour, refused above ``MAX_HOURS`` (or infinite)."""
    hours = pages / pace
    if not hours <= MAX_HOURS:  # also an infinite quotient
        raise EstimateError(
            f"{pages:,.0f} pages at {pace!r} pages an hour (the pace of its `kind`) take more than"
            f" {MAX_HOURS:,.0f} h: check `paces` and `pages`"
        )
    return hours * 60


def _to_half_hours(minutes: float) -> int:
    return max(1, round(minutes / HALF_HOUR)) * HALF_HOUR


def chapter_pages(book: Book) -> list[int | None]:
    """Each chapter's pages where known: its ``pages``, or the gap from its start ``page`` to the
    next chapter's (to the book's end for the last one); None where neither tells."""
    chapters = book.chapters
    pages: list[int | None] = [c.pages for c in chapters]
    starts = [c.page for c in chapters]
    if None in pages and starts.count(None) < len(starts):
        _pages_from_starts(pages, starts, book.pages)
    return pages


def _pages_from_starts(pages: list[int | None], starts: list[int | None], book_pages: int | None) -> None:
    """Fill in the pages of the chapters without ``pages`` from where they and the next one start."""
    last = len(pages) - 1
    for i, start in enumerate(starts):
        if pages[i] is not None or start is None:
            continue
        end = starts[i + 1] if i < last else (book_pages + 1 if book_pages else None)
        if end is not None and end > start:
            pages[i] = end - start


def _page_weights(book: Book) -> list[float] | None:
    """Pages per chapter: known ones as given, unknown ones sharing the rest of the book."""
    return _weights(chapter_pages(book), book.pages)


def _weights(pages: list[int | None], book_pages: int | None) -> list[float] | None:
    if None not in pages:
        return [float(p or 0) for p in pages]
    known = [p for p in pages if p is not None]
    missing = len(pages) - len(known)
    if book_pages is None and not known:
        return None
    rest = (book_pages or 0) - sum(known)
    share = rest / missing if rest > 0 else (sum(known) / len(known) if known else 1.0)
    return [float(p) if p is not None else share for p in pages]


def apportion(units: int, weights: Sequence[float], *, scale: int = 1) -> list[int]:
    """Split ``units`` whole units over ``weights``, each at least 1, by largest remainder; each
    share given in ``scale``s (minutes for a half hour each: 30).

    Ties go to the earlier entry, so the result is deterministic.
    """
    count = len(weights)
    units = max(units, count)
    spare = units - count
    if not spare:  # one unit each
        return [scale] * count
    total = sum(weights)
    if total <= 0:
        weights = [1.0] * count
        total = float(count)
    exact = [spare * w / total for w in weights]
    shares = list(map(int, exact))
    left = spare - sum(shares)
    if left:
        # largest remainder first; the sort is stable, so among equal ones the earlier entry
        behind = list(map(operator.sub, shares, exact))  # minus the remainder, exactly
        for i in sorted(range(count), key=behind.__getitem__)[:left]:
            shares[i] += 1
    return [(1 + s) * scale for s in shares]


def hours(minutes: float) -> float:
    """Minutes as hours, rounded to the hundredth: the number JSON and CSV carry."""
    return round(minutes / 60, 2)


def hours_number(value: float) -> str:
    """A number of hours with at most two decimals and no trailing zeros: '1.5', '2', '0.25'."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def hours_text(minutes: float) -> str:
    """Minutes as hours in words: '5 h', '1.5 h', '0.25 h' (the one way every output says hours)."""
    return hours_number(minutes / 60) + " h"
