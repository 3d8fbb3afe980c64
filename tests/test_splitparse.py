"""A large YAML file parsed by two processes (curriculum/catalog/splitparse.py, issue 15) gives
what reading it whole gives (fastyaml.load), or steps aside: on generated lists whose items
hold open quotes, flow lists and block scalars across the cut, YAML 1.1 words, risky scalars
and comments, cut at every share."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.catalog import fastyaml, splitparse
from curriculum.resources import bundled_catalog_dir

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a child is forked on Linux only"),
    pytest.mark.usefixtures("forked"),  # every child each test forks is reaped by its end
]


def _shown(found: tuple[Any, Any]) -> Any:
    data = found[0]
    return "fallback" if data is fastyaml.FALLBACK else json.dumps(data)  # keys in order


def _whole(text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(fastyaml, "BESIDE_FROM", 10**12)
        return _shown(fastyaml.load(text, text.encode()))


ITEMS = [
    "  - id: a\n    title: A\n    pages: 12\n",
    "  - {id: b, title: B}\n",
    "  - id: c\n    chapters:\n      - {number: 1, title: x}\n      - number: 2\n",
    '  - id: d\n    title: "open\n',  # a quoted scalar left open across items
    '    closed"\n',
    "  - id: e\n    authors: [A,\n",  # a flow list across the cut
    "  - B]\n",
    "  - id: f\n    notes: |\n",  # a block scalar's header at an item's end
    "  - id: g\n    notes: |\n      two\n      lines\n",
    "  - id: h\n    title: yes\n",  # a YAML 1.1 word
    "  - id: i\n    pages: 010\n",  # read otherwise by the two readers: risky
    "  # a comment\n",
    "\n",
    "  -\n",
    "  - plain text\n",
    "  - id: j\n    title: a: b\n",  # an error to both readers
]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(ITEMS), min_size=1, max_size=12),
    st.sampled_from(["", "paces: {textbook: 10}\n", "# end\n"]),
    st.sampled_from(["", "# head\n", "version: 1\n"]),
    st.floats(0.05, 0.95),
)
def test_two_processes_read_what_one_reads(items: list[str], tail: str, head: str, share: float) -> None:
    text = head + "books:\n" + "".join(items) + tail
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(splitparse, "SHARE", share)
        split = splitparse.load(text, text.encode())
        if split is not None:
            assert _shown(split) == _whole(text, monkeypatch), text


def test_a_catalog_is_read_by_two_processes(forked: list[int]) -> None:
    text = (bundled_catalog_dir() / "books.yaml").read_text(encoding="utf-8")
    split = splitparse.load(text, text.encode())
    assert split is not None and len(forked) == 1
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _shown(split) == _whole(text, monkeypatch)


@pytest.mark.usefixtures("risky_dies_in_a_child")
def test_a_child_that_gives_no_answer_has_the_text_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "books:\n" + ITEMS[0] * 20
    assert splitparse.load(text, text.encode()) is None
    monkeypatch.setattr(fastyaml, "BESIDE_FROM", 0)
    assert _shown(fastyaml.load(text, text.encode())) == json.dumps(
        {"books": [{"id": "a", "title": "A", "pages": 12}] * 20}
    )


def _unchunked(found: tuple[Any, Any]) -> Any:
    """The data with its chunks unpacked (what the load reads of them)."""
    data = found[0]
    if data is fastyaml.FALLBACK:
        return "fallback"
    return json.dumps(
        {k: [i for c in v.chunks() for i in c] if isinstance(v, fastyaml.Chunks) else v for k, v in data.items()}
    )


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(st.sampled_from(ITEMS), min_size=1, max_size=16),
    st.sampled_from(["", "paces: {textbook: 10}\n", "# end\n"]),
    st.floats(0.05, 0.95),
    st.integers(1, 4),
)
def test_chunks_read_by_two_processes_are_those_one_reads(items: list[str], tail: str, share: float, step: int) -> None:
    text = "books:\n" + "".join(items) + tail
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(splitparse, "SHARE", share)
        monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", step)
        monkeypatch.setattr(fastyaml, "CHUNKED_FROM", 0)
        split = splitparse.chunked(text, text.encode())
        if split is not None:
            monkeypatch.setattr(fastyaml, "BESIDE_FROM", 10**12)
            assert _unchunked(split) == _unchunked(fastyaml.load(text, text.encode())), text
