"""jsontext.compact_chunks: pieces that join to exactly what json.dumps gives, for any JSON data."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from curriculum.present.json import plan_to_dict
from curriculum.present.jsontext import compact_chunks, indented
from tests.conftest import plan_of

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5)
)
documents = values | st.dictionaries(st.text(), values | st.lists(values, max_size=40), max_size=6)


def expected(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@given(documents, st.integers(1, 7))
def test_the_pieces_join_to_json_dumps(data, batch):
    assert "".join(compact_chunks(data, batch)) == expected(data)


def test_a_long_list_is_split_into_batches():
    data = {"weeks": [{"week": i, "title": "Zoë"} for i in range(2500)], "total": 1}
    chunks = list(compact_chunks(data))
    assert "".join(chunks) == expected(data)
    assert max(len(c) for c in chunks) < len(expected(data)) / 2


@given(st.dictionaries(st.text(), st.lists(values, max_size=20), max_size=4), st.integers(1, 7))
def test_iterators_are_written_as_lists(data, batch):
    lazy = {key: iter(items) for key, items in data.items()}
    assert "".join(compact_chunks(lazy, batch)) == expected(data)


def test_a_lazy_plan_writes_the_same_json_as_the_plan(bundled):
    plan = plan_of(bundled, "ml-interview", hours=10, parallel=2)
    lazy = plan_to_dict(plan, lazy=True)
    assert not isinstance(lazy["weeks"], list)
    assert "".join(compact_chunks(lazy, 7)) == expected(plan_to_dict(plan))


@given(documents)
def test_indenting_compact_text_gives_what_json_dumps_indents(data):
    assert indented(expected(data)) == json.dumps(data, indent=2, ensure_ascii=False)


def test_the_plan_file_is_the_plan_indented(bundled):
    from curriculum.present.json import render

    plan = plan_of(bundled, "ml-interview", hours=10, parallel=2)

    class Job:
        pass

    job = Job()
    job.plan = plan
    assert render(job) == json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n"
