"""A catalog file's list in chunks (issue 15): :class:`Chunks` holds a large file's items a
chunk at a time, each as :mod:`marshal` wrote the items as parsed, or as their records
(:class:`Decoded`, or :class:`Encoded` by a child process), until :func:`.read.consume` takes
them; :func:`packed` and :func:`unpacked` are how the cache of parsed files keeps chunked data,
and how a child hands it over. Chunks are made by :mod:`.fastyaml`, :mod:`.splitparse` and
:mod:`.jsonfile`.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterator
from typing import Any

LISTS = ("books", "prereqs", "goals")
"""The top-level keys whose list may be read in chunks."""


class Decoded(list[Any]):
    """A chunk's items already decoded into their records (:func:`.records.take_all`: every one
    valid as written, its texts checked), as a large file's list is where it is parsed by two
    processes (:mod:`.splitparse`). A chunk of books may come with their estimates made
    ahead (``estimates``: :func:`.hours.made_ahead`)."""

    estimates: list[Any] | None = None


def as_chunk(items: list[Any], kind: Any, blob: bytes | None = None) -> Any:
    """A chunk of a list: its items' records (:class:`Decoded`) when every one is valid as written
    (:func:`.records.take_all`), else the items as :mod:`marshal` writes them (``blob``, when
    already written), for :func:`.read.consume` to report their problems."""
    from .records import take_all

    taken = take_all(items, kind)
    if taken is not None:
        return Decoded(taken)
    return marshal.dumps(items, 4) if blob is None else blob


class Encoded(bytes):
    """A chunk's records as msgspec's MessagePack writes them: a child process's, handed over
    (with their ``estimates``, as :class:`Decoded` has them)."""

    estimates: list[Any] | None = None


class Chunks(list[Any]):
    """A file's list, not yet unpacked: its items ``CHUNK_ITEMS`` at a time, each chunk as
    :mod:`marshal` wrote the items as parsed, or as their records (:class:`Decoded`, or
    :class:`Encoded` by a child). The list itself is empty; :func:`.read.consume` takes one
    chunk at a time and validates it, so a large file's parsed items are never all in memory at
    once (at 100k books they took several times the memory of the structs they become).

    ``raw`` holds every chunk as marshal wrote the items as parsed, when records stand for some
    of them and the cache of parsed files is to keep the file (see :func:`packed`)."""

    def __init__(self, blobs: list[Any], count: int, raw: list[bytes] | None = None) -> None:
        super().__init__()
        self.blobs = blobs
        self.items = count
        self.raw = raw

    def chunks(self, kind: Any = None) -> Iterator[list[Any]]:
        """Each chunk's items (a :class:`Decoded` list of records of ``kind`` where they come so)."""
        for blob in self.blobs:
            if isinstance(blob, Decoded):
                yield blob
            elif isinstance(blob, Encoded):
                import msgspec

                decoded = Decoded(msgspec.msgpack.decode(blob, type=list[kind]))
                decoded.estimates = blob.estimates
                yield decoded
            else:
                yield marshal.loads(blob)  # noqa: S302 - written by this module, from this very file


def packed(data: Any, *, records: bool = False) -> Any:
    """What the cache keeps of parsed data: the data, or for chunked data a tuple (never parsed
    YAML) of its other fields, the key of its list, the chunks and their item count. The cache
    keeps the items as parsed: ValueError when only their records are at hand. With
    ``records``, chunks of records are kept as such (as a child hands a document over:
    :func:`.read._doc_parts`), each as a pair of ``"records"`` and its MessagePack bytes."""
    for key in LISTS:
        if isinstance(data, dict) and isinstance(data.get(key), Chunks):
            chunks = data[key]
            if records:
                blobs = [carried(blob) for blob in chunks.blobs]
            elif any(isinstance(blob, (Decoded, Encoded)) for blob in chunks.blobs):
                if chunks.raw is None:
                    raise ValueError("the items as parsed were not kept")
                blobs = chunks.raw
            else:
                blobs = chunks.blobs
            return ("chunked", {**data, key: []}, key, blobs, chunks.items)
    return data


def carried(blob: Any) -> Any:
    """A chunk as a child hands it over (:func:`packed` with ``records``)."""
    if isinstance(blob, (Decoded, Encoded)):
        import msgspec

        encoded = bytes(blob) if isinstance(blob, Encoded) else msgspec.msgpack.encode(blob)
        return ("records", encoded) if blob.estimates is None else ("records", encoded, blob.estimates)
    return blob


def received(blob: Any) -> Any:
    """A chunk as :func:`carried` handed it over."""
    if not isinstance(blob, tuple):
        return blob
    encoded = Encoded(blob[1])
    if len(blob) > 2:
        encoded.estimates = blob[2]
    return encoded


def unpacked(kept: Any) -> Any:
    """The data of :func:`packed`."""
    if isinstance(kept, tuple) and len(kept) == 5 and kept[0] == "chunked":
        _, data, key, blobs, count = kept
        data[key] = Chunks(list(map(received, blobs)), count)
        return data
    return kept
