"""Catalog files written as JSON (``books.json`` beside or instead of ``books.yaml``): the same
schema, parsed by the standard library's C parser, for tools that generate large catalogs.

A JSON file becomes a :class:`~.yamlio.YamlDoc` like a YAML one, so validation, checks and
messages are the same. JSON is YAML's flow style, so :class:`~.yamlio.LineFinder` finds the lines
of problems in it as well. As in YAML, a key given twice in one object is refused.
"""

from __future__ import annotations

import json
import marshal
import re
from typing import Any

from ..errors import Problem
from . import fastyaml
from .listchunks import LISTS, Chunks, as_chunk
from .yamlio import YamlDoc, YamlProblem, file_text


class _Twice(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    made = dict(pairs)
    if len(made) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Twice(key)
            seen.add(key)
    return made


def parse_json(raw: bytes, name: str) -> YamlDoc:
    """Parse bytes as UTF-8 JSON; every failure becomes a :class:`~.yamlio.YamlProblem` with its line.
    A file that msgspec reads as json.loads would (:func:`_fast`) is read by msgspec."""
    text = file_text(raw, name)
    try:
        data = _chunked(raw, text) if len(text) >= fastyaml.CHUNKED_FROM else None  # None: not read so
        if data is None:
            data = _fast(text)
        if data is _MISSING:  # json.loads is to read it (and say what is wrong with it)
            data = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise YamlProblem(Problem(name, exc.lineno, "", f"malformed JSON: {exc.msg}")) from exc
    except _Twice as exc:
        message = f"the key '{exc.key}' is given twice in one object; an object holds each key once"
        raise YamlProblem(Problem(name, _line_of_second(text, exc.key), "", f"malformed JSON: {message}")) from exc
    except (ValueError, RecursionError) as exc:  # a number of more than 4,300 digits; nesting too deep
        raise YamlProblem(Problem(name, None, "", f"malformed JSON: {exc}")) from exc
    return YamlDoc(name, text, data)


_MISSING: Any = object()
_ESCAPED_COLON = re.compile(r"\\u003[aA]")


def _fast(text: str) -> Any:
    """The data of ``text`` as :func:`json.loads` gives it, read by msgspec (several times faster:
    no Python call per object), or :data:`_MISSING` when json.loads is to read it.

    msgspec refuses what json.loads refuses, and a few things it reads (NaN, a number beyond a
    float's range, a lone surrogate): those go to json.loads. It keeps the last value of a key
    given twice, where a catalog refuses the file: so the colons are counted. Each key of the
    text has one, and so has its data written back; a colon inside a text is in both, written
    as ``\\u003a`` only in the text (counted too). A key given twice takes its colon (and any
    in its dropped value) away from the data: a count short of the text's goes to json.loads."""
    import msgspec

    try:
        data = msgspec.json.decode(text)
        written = msgspec.json.encode(data)
    except (msgspec.DecodeError, msgspec.EncodeError, ValueError, OverflowError, RecursionError):
        return _MISSING
    if text.count(":") + len(_ESCAPED_COLON.findall(text)) != written.count(b":"):
        return _MISSING
    return data


def _line_of_second(text: str, key: str) -> int | None:
    """The line of the second ``"key":`` in the text (looked for only on this error)."""
    quoted = json.dumps(key)
    first = text.find(quoted)
    second = text.find(quoted, first + 1) if first >= 0 else -1
    return text.count("\n", 0, second) + 1 if second >= 0 else None


_SPACE = re.compile(r"[ \t\n\r]*")


def _space(text: str, at: int) -> int:
    """Where the JSON whitespace from ``at`` ends."""
    found = _SPACE.match(text, at)
    assert found is not None  # the pattern matches anywhere, if only the empty string
    return found.end()


def _chunked(raw: bytes, text: str) -> dict[str, Any] | None:
    """A large file's object, its list (``books``, ...) read into :class:`~.listchunks.Chunks`, so
    its parsed items are never all in memory; None when the text is not an object of that form,
    or not valid JSON (then :func:`json.loads` reads it whole and says what is wrong, as for any
    file). msgspec reads it a chunk of items at a time (:func:`_fast_chunks`) when it reads it as
    json.loads would; otherwise the standard library's decoder, an item at a time."""
    data = _fast_chunks(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
    if data is not None:
        return data
    try:
        return _object_in_chunks(text)
    except (ValueError, RecursionError):  # JSONDecodeError, _Twice and a number too long among them
        return None


_ESCAPED_COLON_BYTES = re.compile(rb"\\u003[aA]")


def _colons(raw: bytes) -> int:
    """The colons of JSON text, as :func:`_fast` counts them: written, or as ``\\u003a``."""
    return raw.count(b":") + len(_ESCAPED_COLON_BYTES.findall(raw))


def _fast_chunks(raw: bytes) -> dict[str, Any] | None:
    """:func:`_object_in_chunks` by msgspec, or None. msgspec finds the extent of
    each top-level value and of each item of a list (as :class:`msgspec.Raw`, without decoding
    them), then decodes the items :data:`~.fastyaml.CHUNK_ITEMS` at a time, each chunk and each
    other value checked as :func:`_fast` checks a whole file. The keys are checked so too: their
    colons and those of the values make the file's (a key given twice drops one)."""
    import msgspec

    try:
        parts = msgspec.json.decode(raw, type=dict[str, msgspec.Raw])
        colons = msgspec.json.encode(dict.fromkeys(parts)).count(b":")  # a lone surrogate fails here
        data: dict[str, Any] = {}
        for key, value in parts.items():
            if key in LISTS and memoryview(value)[:1].tobytes() == b"[":
                data[key], found = _checked_chunks(msgspec.json.decode(value, type=list[msgspec.Raw]), key)
            else:
                data[key], found = _checked(bytes(value))
            colons += found
    except (msgspec.DecodeError, msgspec.EncodeError, ValueError, OverflowError, RecursionError):
        return None
    return data if colons == _colons(raw) else None


def _checked(raw: bytes) -> tuple[Any, int]:
    """The data of a piece of JSON as :func:`_fast` reads a whole file, and its colons; raises
    ValueError where msgspec may not read it as json.loads does."""
    import msgspec

    data = msgspec.json.decode(raw)
    colons = _colons(raw)
    if colons != msgspec.json.encode(data).count(b":"):
        raise ValueError("a key given twice, or a colon msgspec does not write back")
    return data, colons


def _checked_chunks(items: list[Any], key: str) -> tuple[Chunks, int]:
    """The items of a list (:class:`msgspec.Raw`) as :class:`~.listchunks.Chunks`, and their colons:
    each chunk decoded into its records at once where every item is valid as written (as
    :mod:`.splitparse` does a large YAML file's), as marshal wrote it otherwise."""
    from .records import LISTED

    blobs: list[Any] = []
    colons = 0
    for at in range(0, len(items), fastyaml.CHUNK_ITEMS):
        chunk, found = _checked(b"[" + b",".join(items[at : at + fastyaml.CHUNK_ITEMS]) + b"]")
        blobs.append(as_chunk(chunk, LISTED[key]))
        colons += found
    return Chunks(blobs, len(items)), colons


def _object_in_chunks(text: str) -> dict[str, Any] | None:
    decode = json.JSONDecoder(object_pairs_hook=_object).raw_decode
    at = _space(text, 0)
    if text[at : at + 1] != "{":
        return None
    data: dict[str, Any] = {}
    at = _space(text, at + 1)
    while text[at : at + 1] != "}":
        if data and text[at : at + 1] != ",":
            return None
        at = _space(text, at + 1 if data else at)
        key, at = decode(text, at)
        at = _space(text, at)
        if not isinstance(key, str) or text[at : at + 1] != ":" or key in data:
            return None
        at = _space(text, at + 1)
        if key in LISTS and text[at : at + 1] == "[":
            data[key], at = _items(text, _space(text, at + 1), decode)
        else:
            data[key], at = decode(text, at)
        at = _space(text, at)
    return data if _space(text, at + 1) == len(text) else None


def _items(text: str, at: int, decode: Any) -> tuple[Chunks, int]:
    """The items of a list from ``at`` (after its ``[``), kept as :mod:`marshal` chunks."""
    blobs: list[bytes] = []
    chunk: list[Any] = []
    count = 0
    while text[at : at + 1] != "]":
        if count:
            if text[at : at + 1] != ",":
                raise json.JSONDecodeError("Expecting ',' delimiter", text, at)
            at = _space(text, at + 1)
        item, at = decode(text, at)
        chunk.append(item)
        count += 1
        if len(chunk) == fastyaml.CHUNK_ITEMS:
            blobs.append(marshal.dumps(chunk, 4))
            chunk = []
        at = _space(text, at)
    if chunk:
        blobs.append(marshal.dumps(chunk, 4))
    return Chunks(blobs, count), at + 1
