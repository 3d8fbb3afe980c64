"""A large YAML file parsed by two processes at once (issue 15): its list's first items here, the
others by a forked child (:func:`.beside.start`), which also searches the whole text for what
``yaml_rs`` and PyYAML read differently (:func:`.fastyaml.risky`). On two processors, a 10k-book
``books.yaml`` is read in about half the time.

Each process parses its items a chunk of ``CHUNK_ITEMS`` at a time and decodes each chunk into
its records at once (:func:`.records.take_all`) while the chunk's parsed YAML is fresh: the
parsed YAML of all the items is never in memory at once, which saved a third of the memory a
10k-book load touches (and the processor time the system spends handing it out). The child
hands its records over as MessagePack bytes, decoded here in compiled code when the load takes
them. A chunk with an item that is not valid as written stays as parsed (:mod:`marshal`
bytes), for :func:`.read.consume` to report its problems. A chunk of books comes with each
book's estimate, made by the process that parsed it at the paces the file gives as parsed
(:func:`.hours.made_ahead`): :func:`.checks.check_books` takes those made at its own pace, so
both processors make them rather than this one alone after the parse.

The list is found and cut at its items' line starts as :func:`.fastyaml._chunked` cuts a very
large file's, with the same checks: each chunk must read as exactly its items, end in no block
scalar's header, and hold no YAML 1.1 word. Where anything is not so, or the child gives no
answer, :func:`load` gives None and the caller reads the whole text as before (for a text too
large to be read whole, :data:`.fastyaml.FALLBACK`: PyYAML's), so the data is always what that
gives.
"""

from __future__ import annotations

import marshal
from typing import Any

from . import beside, fastyaml
from .hours import parsed_paces
from .listchunks import Chunks, carried, received

SHARE = 0.6
"""The share of the list's items parsed here. The child also searches the text (a sixth of its
parse), and shares the second processor with the child reading the prerequisites
(:func:`.read._others_beside`). Measured on 10k books (2 cores): see docs/performance.md
(0.65 until the estimates were made with the parse)."""


def load(text: str, raw: bytes, *, keep: bool = False) -> tuple[Any, None] | None:
    """What :func:`.fastyaml.load` gives for ``text`` (``raw`` as UTF-8), its list as
    :class:`~.listchunks.Chunks` of records where they are valid (see the module's docstring);
    with ``keep``, the chunks as parsed come too, for the cache of parsed files
    (``Chunks.raw``). None when the text is not read so: the caller then reads it whole."""
    found = fastyaml._list_in(text)
    if found is None:
        return None
    key, head, stop, starts = found
    ranges = fastyaml.chunk_ranges(len(starts))
    mine = int(len(ranges) * SHARE)
    if not 0 < mine < len(ranges):
        return None
    answer = beside.start(lambda: _theirs(text, raw, key, head, starts, stop, ranges[mine:], keep))
    if answer is None:
        return None
    try:
        rest = fastyaml.read_rest(text, key, head, stop)
        paces = parsed_paces(rest)
        parts = fastyaml.read_chunks(text, key, starts, stop, ranges[:mine], keep, paces) if rest is not None else None
    except Exception:  # the whole text is read again, and any error said there
        rest = parts = None
    finally:
        said = answer()
    if said == b"risky":
        return fastyaml.FALLBACK, None
    if rest is None or said is None or not said.startswith((b"+", b"no")):
        return None  # read as before: the list's other fields not as they should be, or no answer
    if parts is None or said == b"no":  # a chunk that does not read as its items
        return (fastyaml.FALLBACK, None) if len(text) >= fastyaml.CHUNKED_FROM else None
    blobs, raws = parts
    theirs, their_raws = marshal.loads(memoryview(said)[1:])  # noqa: S302 - written by our own child
    blobs += map(received, theirs)
    return {**rest, key: Chunks(blobs, len(starts), raws + their_raws if keep else None)}, None


def _theirs(
    text: str, raw: bytes, key: str, head: int, starts: list[int], stop: int, ranges: list[tuple[int, int]], keep: bool
) -> bytes:
    """The child's part: ``risky`` when the text is; ``no`` when a chunk does not read as its
    items; otherwise ``+`` and, as marshal writes them, its chunks (records as ``"records"``,
    their MessagePack bytes and any estimates made: :func:`.listchunks.carried`) and, with
    ``keep``, each as parsed."""
    if fastyaml.risky(text, raw):
        return b"risky"
    try:
        try:  # the paces, as this process reads them (an error here is this process's to say)
            paces = parsed_paces(fastyaml.read_rest(text, key, head, stop))
        except Exception:
            paces = None
        parts = fastyaml.read_chunks(text, key, starts, stop, ranges, keep, paces)
    except Exception:  # the whole text is read again, and any error said there
        return b"error"
    if parts is None:
        return b"no"
    blobs, raws = parts
    return b"+" + marshal.dumps(([carried(blob) for blob in blobs], raws), 4)
