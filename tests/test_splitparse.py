"""A large YAML file parsed by two processes (curriculum/catalog/splitparse.py, issue 15) gives
what reading it whole gives (fastyaml.load), or steps aside: on generated lists whose items
hold open quotes, flow lists and block scalars across the cut, YAML 1.1 words, risky scalars
and comments, cut at every share."""

from __future__ import annotations

import json
import sys
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.catalog import fastyaml, listchunks, splitparse
from curriculum.catalog.records import LISTED, take_all
from curriculum.resources import bundled_catalog_dir

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a child is forked on Linux only"),
    pytest.mark.usefixtures("forked"),  # every child each test forks is reaped by its end
]


def _items(found: tuple[Any, Any]) -> Any:
    """What the load reads of the data: its list's items (a record for each item of a chunk that
    came as records, the item as parsed otherwise), with a mark for each chunk that came as
    records; the other fields as they are."""
    data = found[0]
    if data is fastyaml.FALLBACK:
        return "fallback"
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, listchunks.Chunks):
            value = [
                ("records", [msgspec.to_builtins(r) for r in chunk]) if isinstance(chunk, listchunks.Decoded) else chunk
                for chunk in value.chunks(LISTED[key])
            ]
        out[key] = value
    return json.dumps(out)


def _whole(text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    """What one process reads, its list cut into chunks as the two processes cut it: a chunk whose
    items are all valid as written (records.take_all) as their records."""
    with monkeypatch.context() as patch:
        patch.setattr(fastyaml, "BESIDE_FROM", 10**12)
        data = fastyaml.load(text, text.encode())[0]
    if data is fastyaml.FALLBACK or not isinstance(data, dict):
        return "fallback" if data is fastyaml.FALLBACK else json.dumps(data)
    out: dict[str, Any] = {}
    step = fastyaml.CHUNK_ITEMS
    for key, value in data.items():
        if isinstance(value, listchunks.Chunks):  # a text too large to be read whole
            value = [item for chunk in value.chunks() for item in chunk]
        if isinstance(value, list) and key in LISTED:
            chunks = [value[at : at + step] for at in range(0, len(value), step)]
            value = []
            for chunk in chunks:
                taken = take_all(chunk, LISTED[key])
                value.append(chunk if taken is None else ("records", [msgspec.to_builtins(r) for r in taken]))
        out[key] = value
    return json.dumps(out)


ITEMS = [
    "  - id: a\n    title: A\n    pages: 12\n",  # no authors: not valid
    "  - {id: b, title: B, authors: [X], pages: 40}\n",  # valid
    "  - id: c\n    title: C\n    authors: [Y]\n    chapters:\n      - {number: 1, title: x, pages: 5}\n"
    "      - number: 2\n        title: z\n",  # valid
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


MOSTLY_READ = ITEMS + [ITEMS[0], ITEMS[1], ITEMS[2]] * 20
"""Items drawn so that most lists are read by two processes (valid and invalid books), and
some hold what steps aside."""


def _text(items: list[str], head: str = "", tail: str = "") -> str:
    return head + "books:\n" + "".join(items) + tail


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from(MOSTLY_READ), min_size=1, max_size=16),
    st.sampled_from(["", "paces: {textbook: 10}\n", "# end\n"]),
    st.sampled_from(["", "# head\n", "version: 1\n"]),
    st.floats(0.05, 0.95),
    st.integers(1, 4),
    st.booleans(),
)
def test_two_processes_read_what_one_reads(
    items: list[str], tail: str, head: str, share: float, step: int, large: bool
) -> None:
    text = _text(items, head, tail)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(splitparse, "SHARE", share)
        monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", step)
        if large:  # read in chunks by one process too, and PyYAML's where a chunk is not its items
            monkeypatch.setattr(fastyaml, "CHUNKED_FROM", 0)
        split = splitparse.load(text, text.encode())
        if split is not None:
            assert _items(split) == _whole(text, monkeypatch), text


def test_valid_items_come_as_records_and_the_others_as_parsed(
    monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 2)
    monkeypatch.setattr(splitparse, "SHARE", 0.5)  # two chunks here, three in the child
    text = _text([ITEMS[1], ITEMS[2]] * 3 + [ITEMS[0], ITEMS[1]] + [ITEMS[2]] * 2)
    split = splitparse.load(text, text.encode())
    assert split is not None and len(forked) == 1
    chunks = split[0]["books"]
    assert [type(c).__name__ for c in chunks.blobs] == ["Decoded", "Decoded", "Encoded", "bytes", "Encoded"]
    assert _items(split) == _whole(text, monkeypatch)


@pytest.mark.parametrize("keep", [False, True])
def test_the_items_as_parsed_are_kept_for_the_cache_only_when_asked(
    keep: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 2)
    text = _text([ITEMS[1], ITEMS[2], ITEMS[0]] * 3)
    split = splitparse.load(text, text.encode(), keep=keep)
    assert split is not None
    if not keep:
        assert split[0]["books"].raw is None
        with pytest.raises(ValueError, match="not kept"):
            listchunks.packed(split[0])
        return
    kept = listchunks.unpacked(listchunks.packed(split[0]))  # what the cache keeps: the items as parsed
    monkeypatch.setattr(fastyaml, "BESIDE_FROM", 10**12)
    assert [i for c in kept["books"].chunks() for i in c] == fastyaml.load(text, text.encode())[0]["books"]


def test_a_catalog_is_read_by_two_processes(monkeypatch: pytest.MonkeyPatch, forked: list[int]) -> None:
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 2)
    text = (bundled_catalog_dir() / "books.yaml").read_text(encoding="utf-8")
    split = splitparse.load(text, text.encode())
    assert split is not None and len(forked) == 1
    assert all(isinstance(c, (listchunks.Decoded, listchunks.Encoded)) for c in split[0]["books"].blobs)
    assert _items(split) == _whole(text, monkeypatch)


@pytest.mark.usefixtures("risky_dies_in_a_child")
def test_a_child_that_gives_no_answer_has_the_text_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 3)
    text = "books:\n" + ITEMS[0] * 20
    assert splitparse.load(text, text.encode()) is None
    monkeypatch.setattr(fastyaml, "BESIDE_FROM", 0)
    assert fastyaml.load(text, text.encode())[0] == {"books": [{"id": "a", "title": "A", "pages": 12}] * 20}


@pytest.mark.parametrize("large", [False, True])
def test_a_chunk_that_is_not_its_items_has_the_text_read_otherwise(
    large: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 1)
    if large:
        monkeypatch.setattr(fastyaml, "CHUNKED_FROM", 0)
    # a flow list and a block scalar's header cut at a line that looks like an item's start
    for items in ([ITEMS[1], ITEMS[5], ITEMS[6], ITEMS[2]], [ITEMS[1], ITEMS[2], ITEMS[7], ITEMS[1]]):
        text = _text(items)
        found = splitparse.load(text, text.encode())
        assert found is None or found[0] is fastyaml.FALLBACK, text
        with monkeypatch.context() as patch:  # the load then reads it as one process does
            patch.setattr(fastyaml, "BESIDE_FROM", 0)
            loaded = _plain(fastyaml.load(text, text.encode()))
        monkeypatch.setattr(fastyaml, "BESIDE_FROM", 10**12)
        assert loaded == _plain(fastyaml.load(text, text.encode())), text


def _plain(found: tuple[Any, Any]) -> Any:
    data = found[0]
    if data is fastyaml.FALLBACK:
        return "fallback"
    return {k: [i for c in v.chunks() for i in c] if isinstance(v, listchunks.Chunks) else v for k, v in data.items()}
