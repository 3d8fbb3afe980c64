"""The structs a catalog's entries become (curriculum/catalog/records.py) take exactly what the
pydantic schema (files.py) takes, with the same values: whatever msgspec takes directly,
pydantic takes and gives alike; what msgspec leaves, pydantic decides (and its errors stay)."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from curriculum.catalog import files, records

TEXTS = ["x", "", "a" * 40, "a" * 41, "a" * 301, "ok\n", "tab\there", "esc\x1b", "line\u2028", "5", "a,b", "Ünï", " "]
# Texts the patterns of ids, ISBNs and one-line texts tell apart (checked for many texts at once:
# records.texts_ok), among them two valid ones joined by a line break.
TEXTS += [
    "-x",
    ".a",
    "a_b.c-D9",
    "a b",
    "a\nb",
    "9780000000000",
    "9790000000000\n9780000000000",
    "x\x85",
    "x\u2029",
    "\n",
]
NUMBERS = [0, 1, -1, 5, 2.5, 0.0, 1e308, float("inf"), float("nan"), True, False, 10**5, 10**5 + 1, 999, 3001, 10**41]
VALUES = st.sampled_from([*TEXTS, *NUMBERS, None, [], ["x"], [1, "2"], [[]], {}, {"book": "b"}])


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b) and type(a) is type(b)


def _agree(data: Any, kind: type[Any]) -> None:
    taken = records.take(data, kind)
    model = getattr(files, kind.__name__)
    try:
        checked = model.model_validate(data)
    except ValidationError:
        assert taken is None, f"msgspec took what pydantic refuses: {data!r}"
        return
    made = records.from_model(checked, kind)
    if taken is not None:
        assert taken == made, data
    assert records.decode(data, kind) == made


BOOK = {"id": "b1", "title": "T", "authors": ["A"], "pages": 10}
CHAPTER = {"number": 1, "title": "C"}
EDGE = {"before": "a", "after": "b", "reason": "r"}
GOAL = {"id": "g", "title": "G", "targets": [{"book": "b"}]}


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(sorted(files.Book.model_fields)),
    VALUES,
    st.sampled_from(sorted(files.Chapter.__dataclass_fields__)),
    VALUES,
)
def test_books_and_chapters(field: str, value: Any, chapter_field: str, chapter_value: Any) -> None:
    _agree({**BOOK, field: value}, records.Book)
    _agree({**BOOK, "chapters": [{**CHAPTER, chapter_field: chapter_value}]}, records.Book)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(files.Edge.model_fields)), VALUES, st.booleans())
def test_edges(field: str, value: Any, group: bool) -> None:
    base = {**EDGE, "any_of": [{"book": "a", "chapters": [1]}, {"book": "c"}]} if group else EDGE
    if group:
        base = {k: v for k, v in base.items() if k != "before"}
    _agree({**base, field: value}, records.Edge)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["id", "title", "description", "assumes", "targets"]), VALUES, VALUES)
def test_goals_and_targets(field: str, value: Any, chapters: Any) -> None:
    _agree({**GOAL, field: value}, records.Goal)
    _agree({**GOAL, "targets": [{"book": "b", "chapters": chapters}]}, records.Goal)
    _agree({**GOAL, "targets": [{"any_of": [{"book": "b", "chapters": chapters}]}]}, records.Goal)


@pytest.mark.parametrize(
    "data",
    [
        {**BOOK, "chapters": [{"number": 10**41, "title": "x"}]},
        {**BOOK, "hours": "2.5", "year": 2000.0},
        {**BOOK, "title": "two\nlines"},
        {**BOOK, "isbn13": "9780000000000\n"},
        {**BOOK, "chapters": [{"number": "5", "title": "a"}, {"number": 5, "title": "b"}]},
    ],
)
def test_edge_cases_of_conversion(data: dict[str, Any]) -> None:
    _agree(data, records.Book)


def test_plain_edges_and_groups_keep_their_alternatives() -> None:
    edge = records.decode({**EDGE, "chapters": [3, "4"]}, records.Edge)
    assert edge.choices == (records.Choice(book="a", chapters=["3", "4"]),) and not edge.is_group
    group = records.decode({"any_of": [{"book": "a"}, {"book": "c"}], "after": "b", "reason": "r"}, records.Edge)
    assert [c.book for c in group.choices] == ["a", "c"] and group.is_group
    with pytest.raises(ValidationError, match="not both"):
        records.decode({**EDGE, "any_of": [{"book": "c"}]}, records.Edge)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["id", "title", "description", "covers"]), VALUES, VALUES, VALUES)
def test_starting_points_and_whole_files(field: str, value: Any, book: Any, chapter: Any) -> None:
    point = {"id": "s", "title": "S", field: value}
    _agree(point, records.StartingPoint)
    _agree({"id": "s", "title": "S", "covers": [{"book": book, "chapters": [chapter]}]}, records.StartingPoint)
    _agree({"starting_points": [point], "goals": [GOAL]}, records.GoalsFile)
    _agree({"prereqs": [{**EDGE, "after": book}, EDGE]}, records.PrereqsFile)
    _agree(
        {"paces": {value: 5} if isinstance(value, str) else value, "books": [{**BOOK, "id": book}]}, records.BooksFile
    )


def test_every_text_field_is_checked_as_pydantic_checks_it() -> None:
    """Each field, given each text alone and in a list: the patterns that msgspec leaves to
    records.texts_ok refuse what pydantic refuses, field by field."""
    choice = {"book": "a", "chapters": [1]}
    cases: list[tuple[Any, type[Any]]] = []
    for text in TEXTS:
        for value in (text, [text]):
            cases += [({**BOOK, name: value}, records.Book) for name in files.Book.model_fields]
            cases += [
                ({**BOOK, "chapters": [{**CHAPTER, name: value}]}, records.Book)
                for name in ("number", "title", "part", "skip")
            ]
            cases += [({**EDGE, name: value}, records.Edge) for name in files.Edge.model_fields if name != "any_of"]
            group = {"any_of": [choice, {"book": "c"}], "after": "b", "reason": "r"}
            cases += [({**group, "any_of": [{**choice, name: value}]}, records.Edge) for name in ("book", "chapters")]
            cases += [({**GOAL, name: value}, records.Goal) for name in ("id", "title", "description", "assumes")]
            cases += [({**GOAL, "targets": [{name: value}]}, records.Goal) for name in ("book", "chapters")]
            cases += [({**GOAL, "targets": [{"any_of": [{"book": value}]}]}, records.Goal)]
            point = {"id": "s", "title": "S"}
            cases += [({**point, name: value}, records.StartingPoint) for name in ("id", "title", "description")]
            cases += [
                ({**point, "covers": [{**choice, name: value}]}, records.StartingPoint) for name in ("book", "chapters")
            ]
    for data, kind in cases:
        _agree(data, kind)
