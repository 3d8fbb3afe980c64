"""compact_chunks: pieces that join to exactly what json.dumps gives, for any JSON data."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from curriculum.jsonout import compact_chunks

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
