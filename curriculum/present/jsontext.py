"""JSON text written in pieces: compact, a batch of a list's items at a time, or indented as
``json.dumps`` indents it.

:func:`json_chunks` is how every command prints JSON: indented for a person at a terminal,
compact and in pieces when piped, so a large plan's text is never one huge string in memory.
:class:`PlanItems` are the lists that ``plan_to_dict(plan, lazy=True)`` gives
(:mod:`.json`): msgspec structs, encoded a batch in one call.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator
from typing import Any

import msgspec

BATCH = 1000
"""List items per piece of compact JSON."""


def _decoded(value: Any) -> Any:
    """What the standard encoder writes for a value it does not know: an iterator as a list, a
    part already encoded (:class:`msgspec.Raw`, see :class:`.json._Pieces`) as the data it encodes."""
    return json.loads(bytes(value)) if isinstance(value, msgspec.Raw) else list(value)


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_decoded).encode


class PlanItems(Iterator[Any]):
    """The weeks or books of ``plan_to_dict(plan, lazy=True)``, made as msgspec structs one at a
    time: iterated, each is a dict (as in ``plan_to_dict(plan)``); :func:`compact_chunks` encodes
    the structs themselves, a batch at a time, in one msgspec call each, without making the
    dicts. Their numbers are whole or hours to the hundredth (never written with an exponent,
    never infinite), which msgspec writes as the standard library's encoder does."""

    def __init__(self, items: Iterable[Any], encoded: Iterable[Any] | None = None) -> None:
        self._items = iter(items)
        self._encoded = self._items if encoded is None else iter(encoded)
        """The same items made for :meth:`batches` only: they may hold parts already encoded
        (:class:`msgspec.Raw`). Either the items are iterated or their batches taken, not both."""

    def __next__(self) -> Any:
        return msgspec.to_builtins(next(self._items))

    def batches(self, batch: int) -> Iterator[list[Any]]:
        """The structs not yet taken, ``batch`` at a time."""
        while piece := list(itertools.islice(self._encoded, batch)):
            yield piece


def _encode_batch(items: list[Any]) -> str:
    """Structs of :class:`PlanItems`, encoded by msgspec and joined by commas (by the standard
    encoder when msgspec cannot: a lone surrogate in a title, which the standard one writes)."""
    try:
        return str(memoryview(msgspec.json.encode(items))[1:-1], "utf-8")
    except (TypeError, ValueError, UnicodeError):
        return ",".join(map(_encode, msgspec.to_builtins(items, builtin_types=(msgspec.Raw,))))


def indented(compact: str) -> str:
    """Compact JSON text indented by two spaces, exactly as ``json.dumps(data, indent=2,
    ensure_ascii=False)`` writes the same data (msgspec re-indents the text without reading
    its numbers; ``tests/test_jsonout.py`` compares the two): a large plan's file is made
    from its compact text in a fraction of the time and memory of the pure-Python indenter."""
    try:
        return msgspec.json.format(compact.encode("utf-8"), indent=2).decode("utf-8")
    except (UnicodeError, msgspec.DecodeError):  # a lone surrogate, Infinity: the standard encoder's own
        return json.dumps(json.loads(compact), indent=2, ensure_ascii=False)


def json_chunks(data: Any, *, indent: bool) -> Iterator[str]:
    """The JSON text of ``data`` in pieces: indented by two spaces, or compact (see
    :func:`compact_chunks`). Iterators in ``data`` are written as lists."""
    if indent:
        yield json.dumps(data, indent=2, ensure_ascii=False, default=list)
    else:
        yield from compact_chunks(data)


def compact_chunks(data: Any, batch: int = BATCH) -> Iterator[str]:
    """The compact JSON text of ``data``, in pieces.

    ``"".join(compact_chunks(data))`` is exactly ``json.dumps(data, ensure_ascii=False,
    separators=(",", ":"), default=list)``; only the top-level mapping and its lists are split,
    and the items of a list are encoded (by the C encoder) a batch at a time. A top-level value
    may also be an iterator, consumed a batch at a time: the data is then never whole in memory
    either. For a 100k-book plan that keeps about 500 MB off the peak memory. The weeks and books
    of ``plan_to_dict(plan, lazy=True)`` are :class:`PlanItems`: their structs are encoded by
    msgspec, a batch in one call, with no dict made per week, session, piece or book.
    """
    if not isinstance(data, dict) or not all(isinstance(key, str) for key in data):
        yield _encode(data)
        return
    yield "{"
    for position, (key, value) in enumerate(data.items()):
        yield ("," if position else "") + _encode(key) + ":"
        if isinstance(value, PlanItems):
            yield "["
            for number, piece in enumerate(value.batches(batch)):
                if number:
                    yield ","
                yield _encode_batch(piece)
            yield "]"
        elif isinstance(value, Iterator) or (isinstance(value, list) and len(value) > batch):
            items = iter(value)
            yield "[" + ",".join(map(_encode, itertools.islice(items, batch)))
            while piece := list(itertools.islice(items, batch)):
                yield "," + ",".join(map(_encode, piece))
            yield "]"
        else:
            yield _encode(value)
    yield "}"
