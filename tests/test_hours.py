"""The reading-time rule of curriculum/catalog/hours.py, case by case."""

from __future__ import annotations

import pytest

from curriculum.catalog import Book
from curriculum.catalog.hours import EstimateError, apportion, chapter_minutes, chapter_pages


def book(**fields) -> Book:
    return Book.model_validate({"id": "b", "title": "B", "authors": ["A"], **fields})


def chapters(*specs: dict) -> list[dict]:
    return [{"number": str(i + 1), "title": f"C{i + 1}", **spec} for i, spec in enumerate(specs)]


def test_a_book_without_chapters_is_its_pages_over_the_pace_in_half_hours():
    assert chapter_minutes(book(pages=95), 10.0) == [570]  # 9.5 h
    assert chapter_minutes(book(pages=101), 10.0) == [600]  # 10.1 h rounds to 10 h
    assert chapter_minutes(book(pages=1), 10.0) == [30]  # at least half an hour


def test_hours_are_taken_to_the_minute():
    assert chapter_minutes(book(hours=1.26), 10.0) == [76]
    assert chapter_minutes(book(chapters=chapters({"hours": 0.25}, {"hours": 2})), 10.0) == [15, 120]


def test_the_pace_divides_the_pages():
    assert chapter_minutes(book(pages=120), 8.0) == [900]
    assert chapter_minutes(book(pages=120), 12.0) == [600]


def test_book_pages_are_shared_by_chapter_pages():
    spread = book(pages=100, chapters=chapters({"pages": 60}, {"pages": 40}))
    assert chapter_minutes(spread, 10.0) == [360, 240]


def test_chapter_pages_come_from_the_table_of_contents_start_pages():
    toc = book(pages=100, chapters=chapters({"page": 1}, {"page": 71}, {"page": 81}))
    assert chapter_pages(toc) == [70, 10, 20]  # the book's pages close the last chapter
    assert chapter_minutes(toc, 10.0) == [390, 90, 120]  # one half hour each, the rest by pages


def test_start_pages_without_the_books_pages_leave_the_last_chapter_to_share_evenly():
    toc = book(chapters=chapters({"page": 1}, {"page": 41}, {"page": 61}))
    assert chapter_pages(toc) == [40, 20, None]


def test_own_pages_win_over_start_pages():
    toc = book(pages=100, chapters=chapters({"page": 1, "pages": 10}, {"page": 71}))
    assert chapter_pages(toc) == [10, 30]


def test_start_pages_out_of_order_are_not_trusted():
    toc = book(pages=100, chapters=chapters({"page": 50}, {"page": 10}))
    assert chapter_pages(toc) == [None, 91]


def test_without_chapter_pages_the_book_is_split_evenly():
    even = book(pages=90, chapters=chapters({}, {}, {}))
    assert chapter_minutes(even, 10.0) == [180, 180, 180]


def test_book_hours_are_shared_after_chapters_with_their_own():
    mixed = book(hours=5, chapters=chapters({"hours": 2}, {}, {}))
    assert chapter_minutes(mixed, 10.0) == [120, 90, 90]


def test_nothing_to_estimate_from_is_an_error():
    with pytest.raises(EstimateError):
        chapter_minutes(book(), 10.0)
    with pytest.raises(EstimateError):
        chapter_minutes(book(chapters=chapters({}, {})), 10.0)
    with pytest.raises(EstimateError):
        chapter_minutes(book(hours=0.5, chapters=chapters({}, {}, {})), 10.0)


def test_apportion_keeps_the_total_and_gives_each_at_least_one():
    assert apportion(10, [1, 1, 1]) == [4, 3, 3]  # ties go to the earlier entry
    assert apportion(2, [5, 1, 1]) == [1, 1, 1]  # at least one each, even over the total
    assert sum(apportion(17, [3, 1, 2])) == 17
