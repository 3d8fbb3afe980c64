"""Compact JSON written in pieces, so that a large plan is never one huge string in memory.

``"".join(compact_chunks(data))`` is exactly ``json.dumps(data, ensure_ascii=False,
separators=(",", ":"), default=list)``; only the top-level mapping and its lists are split, and
the items of a list are encoded (by the C encoder) a batch at a time. A top-level value may also
be an iterator (``plan_to_dict(plan, lazy=True)`` gives its weeks and books so), consumed a
batch at a time: the data is then never whole in memory either. For a 100k-book plan that keeps
about 500 MB off the peak memory.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

BATCH = 1000
"""List items per piece."""

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=list).encode


def compact_chunks(data: Any, batch: int = BATCH) -> Iterator[str]:
    """The compact JSON text of ``data``, in pieces."""
    if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
        yield _encode(data)
        return
    yield "{"
    for position, (key, value) in enumerate(data.items()):
        yield ("," if position else "") + _encode(key) + ":"
        if isinstance(value, Iterator) or (isinstance(value, list) and len(value) > batch):
            items = iter(value)
            yield "[" + ",".join(map(_encode, itertools.islice(items, batch)))
            while piece := list(itertools.islice(items, batch)):
                yield "," + ",".join(map(_encode, piece))
            yield "]"
        else:
            yield _encode(value)
    yield "}"
