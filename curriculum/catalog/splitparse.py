"""A large YAML file parsed by two processes at once (issue 15): its list's first items here, the
others by a forked child (:func:`.beside.start`), which also searches the whole text for what
``yaml_rs`` and PyYAML read differently (:func:`.fastyaml.risky`) and hands its items over as
:mod:`marshal` bytes. On two processors, a 10k-book ``books.yaml`` is read in about half the time.

The list is found and cut at its items' line starts as :func:`.fastyaml._chunked` cuts a very
large file's, with the same checks: each part must read as exactly its items, end in no block
scalar's header, and hold no YAML 1.1 word. Where anything is not so, or the child gives no
answer, :func:`load` gives None and the caller reads the whole text as before, so the data is
always what that gives.
"""

from __future__ import annotations

import marshal
from typing import Any

from . import beside, fastyaml

SHARE = 0.65
"""The share of the list's items parsed here. The child also searches the text (a sixth of its
parse) and writes its items, and shares the second processor with the child reading the
prerequisites (:func:`.read._others_beside`); reading its items back here takes a quarter of
their parse. Measured on 10k books (2 cores): 0.45-0.53 of the items here read the catalog's
files in 405-420 ms (medians), 0.6 in 425, 0.65-0.7 in 385."""


def load(text: str, raw: bytes) -> tuple[Any, None] | None:
    """What :func:`.fastyaml.load` gives for ``text`` (``raw`` as UTF-8), without the marshal
    bytes of the data (the cache writes them when it keeps the file); None when the text is not
    read so (see the module's docstring): the caller then reads it whole."""
    found = fastyaml._list_in(text)
    if found is None:
        return None
    key, head, stop, starts = found
    mine = int(len(starts) * SHARE)
    if not 0 < mine < len(starts):
        return None
    cut = starts[mine]
    answer = beside.start(lambda: _theirs(text, raw, cut, stop, len(starts) - mine))
    if answer is None:
        return None
    try:
        parsed = _mine(text, key, head, stop, starts[0], cut, mine)
    finally:
        said = answer()
    if said == b"risky":
        return fastyaml.FALLBACK, None
    if parsed is None or said is None or not said.startswith(b"+"):
        return None
    rest, items = parsed
    items += marshal.loads(memoryview(said)[1:])  # noqa: S302 - written by our own child
    return {**rest, key: items}, None


def _part(text: str, count: int) -> tuple[list[Any], bytes] | None:
    """The items of a part of the list and their marshal bytes, when it reads as exactly them."""
    if fastyaml._ends_open(text):
        return None
    items = fastyaml.yaml_rs.loads(text, parse_datetime=False)
    if not isinstance(items, list) or len(items) != count:
        return None
    blob = marshal.dumps(items, 4)
    return None if fastyaml._words(blob) else (items, blob)


def _theirs(text: str, raw: bytes, cut: int, stop: int, count: int) -> bytes:
    """The child's part: ``risky`` when the text is, ``+`` and the marshal bytes of its items
    when they read as they should, ``no`` otherwise."""
    if fastyaml.risky(text, raw):
        return b"risky"
    try:
        part = _part(text[cut:stop], count)
    except Exception:  # the whole text is read again, and any error said there
        return b"no"
    return b"no" if part is None else b"+" + part[1]


def _mine(
    text: str, key: str, head: int, stop: int, first: int, cut: int, count: int
) -> tuple[dict[str, Any], list[Any]] | None:
    """This process's part: the file with its list left empty, and the list's first items."""
    try:
        rest = fastyaml.yaml_rs.loads(text[:head] + f"{key}: []\n" + text[stop:], parse_datetime=False)
        if not isinstance(rest, dict) or rest.get(key) != [] or fastyaml._words(marshal.dumps(rest, 4)):
            return None
        part = _part(text[first:cut], count)
    except Exception:  # the whole text is read again, and any error said there
        return None
    return None if part is None else (rest, part[0])


def chunked(text: str, raw: bytes) -> tuple[Any, None] | None:
    """What :func:`.fastyaml.load` gives for a text it reads in chunks (:func:`.fastyaml._chunked`),
    its first chunks parsed here and the others by a child, which also searches the whole text;
    the child's chunks come back as the marshal bytes the chunks are kept as. None when the text
    is not read so here (no list found, its other fields not as they should be, no answer from
    the child): the caller then reads it as before."""
    found = fastyaml._list_in(text)
    if found is None:
        return None
    key, head, stop, starts = found
    step = fastyaml.CHUNK_ITEMS
    ranges = [(at, min(at + step, len(starts))) for at in range(0, len(starts), step)]
    mine = int(len(ranges) * SHARE)
    if not 0 < mine < len(ranges):
        return None
    answer = beside.start(lambda: _their_chunks(text, raw, starts, stop, ranges[mine:]))
    if answer is None:
        return None
    try:
        rest = fastyaml.yaml_rs.loads(text[:head] + f"{key}: []\n" + text[stop:], parse_datetime=False)
        if not isinstance(rest, dict) or rest.get(key) != [] or fastyaml._words(marshal.dumps(rest, 4)):
            rest = None
        blobs = _chunk_blobs(text, starts, stop, ranges[:mine]) if rest is not None else None
    except Exception:  # the whole text is read again, and any error said there
        rest = blobs = None
    finally:
        said = answer()
    if said == b"risky":
        return fastyaml.FALLBACK, None
    if rest is None or said is None or not said.startswith((b"+", b"no")):
        return None  # read as before: the list's other fields not as they should be, or no answer
    if blobs is None or said == b"no":  # a chunk that does not read as its items: PyYAML's, as before
        return fastyaml.FALLBACK, None
    blobs += marshal.loads(memoryview(said)[1:])  # noqa: S302 - written by our own child
    return {**rest, key: fastyaml.Chunks(blobs, len(starts))}, None


def _chunk_blobs(text: str, starts: list[int], stop: int, ranges: list[tuple[int, int]]) -> list[bytes] | None:
    """The marshal bytes of each chunk, when each reads as exactly its items."""
    blobs = []
    for first, end in ranges:
        part = _part(text[starts[first] : starts[end] if end < len(starts) else stop], end - first)
        if part is None:
            return None
        blobs.append(part[1])
    return blobs


def _their_chunks(text: str, raw: bytes, starts: list[int], stop: int, ranges: list[tuple[int, int]]) -> bytes:
    if fastyaml.risky(text, raw):
        return b"risky"
    try:
        blobs = _chunk_blobs(text, starts, stop, ranges)
    except Exception:  # what the whole text gives is read again here
        return b"error"
    return b"no" if blobs is None else b"+" + marshal.dumps(blobs, 4)
