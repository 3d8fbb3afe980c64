"""The fast path of YAML parsing: ``yaml_rs`` (a YAML parser in Rust), used only on text whose
meaning it reads as PyYAML does.

``yaml_rs`` parses a 10k-book ``books.yaml`` five to seven times faster than libyaml driven from
Python (:mod:`.yamlio`), but it reads YAML 1.2 with some schema of its own, where a catalog is
YAML 1.1 as PyYAML reads it (with :mod:`.yamlio`'s refusals on top). The two read a scalar
differently only when it is plain (unquoted) and looks like a number, a boolean, a date or a
YAML 1.1 word (``yes``, ``on``, ``=``, ``<<``), or when the document has tags, anchors, several
documents, tabs or control characters. :func:`load` looks for every such thing in the text
first (a few C-speed regular expressions, erring on the side of finding one) and, when it finds
one or ``yaml_rs`` raises, returns :data:`FALLBACK`: the caller then reads the text with PyYAML,
which gives the data or the error with its line. Numbers that both read alike (decimal
integers without leading zeros, decimals such as ``2.5``) take the fast path.
``tests/test_fastyaml.py`` compares the two readers on tricky and generated input.
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Callable
from typing import Any

yaml_rs: Any
try:  # a dependency; without it every file takes PyYAML's path
    import yaml_rs
except ImportError:  # pragma: no cover
    yaml_rs = None

FALLBACK: Any = object()
"""What :func:`load` returns when PyYAML must read the text."""

VERSION = getattr(yaml_rs, "__version__", None)
"""The version of the fast parser (part of the cache's key), None without one."""

_PLAIN_BYTES = bytes(range(0x20, 0x7F)) + b"\n\r"
_CHARACTERS = re.compile(rb"[\x00-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef(?:\xbb\xbf|\xbf[\xbe\xbf])")
"""Characters the readers treat differently: tabs, control characters, line separators, byte
order marks (and a carriage return not followed by a line feed, looked for apart). Looked for
among the bytes that are not printable ASCII: UTF-8 keeps each character's bytes together."""

_DOCUMENTS = ("---", "...", "%")
"""Document markers and directives at the start of a line: several documents, or a %YAML."""

_BOUNDARY = frozenset(b"\n[{,:")
_AFTER_SPACES = frozenset(b"\n[{,:-?")
"""Bytes after which (and spaces) a plain scalar may start: a number inside a word, a link or
a sentence is text to both readers."""


def _alone(raw: bytes, at: int, within: bytes = b"0123456789") -> bool:
    """Whether the bytes of ``within`` just before ``at`` (with a sign before them) start a scalar."""
    start = at
    while start > 0 and raw[start - 1] in within:
        start -= 1
    if start > 0 and raw[start - 1] in b"-+":
        start -= 1
    if start == 0 or raw[start - 1] in _BOUNDARY:
        return True
    while start > 0 and raw[start - 1] == 32:  # after spaces: the end of an indicator or a line start
        start -= 1
    return start < at and (start == 0 or raw[start - 1] in _AFTER_SPACES)


def _after_digit(raw: bytes, at: int, also: bytes = b"") -> bool:
    return at > 0 and (48 <= raw[at - 1] <= 57 or raw[at - 1] in also)


_DIGITS_ONLY = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
_LONG_NUMBER = b"0" * 4000
"""Python reads no number of more than 4,300 digits (PyYAML fails on one, ``yaml_rs`` does not)."""
_DATE = re.compile(rb"[0-9]{4}-[0-9]{1,2}-[0-9]")

# Each look-up below starts at a byte that is rare in a catalog (so the regular expression
# engine skims the text), and the few places found are then looked at closely: a number
# standing alone where a scalar may start.
_NUMBER_SIGNS: tuple[tuple[re.Pattern[bytes], Callable[[bytes, int], bool]], ...] = (
    # a leading zero, 0x, 0o, 0b (010, 0x1A): other numbers to one reader, errors to the other
    (re.compile(rb"\b0[0-9xXoObB_]"), lambda raw, at: _alone(raw, at, b"")),
    # digit separators (1_000)
    (re.compile(rb"_"), lambda raw, at: _after_digit(raw, at) and _alone(raw, at, b"0123456789_.")),
    # exponents (1e3, 1.5e3): numbers to yaml_rs, text to PyYAML
    (re.compile(rb"e[-+]?[0-9]"), lambda raw, at: _after_digit(raw, at, b".") and _alone(raw, at, b"0123456789._")),
    (re.compile(rb"E[-+]?[0-9]"), lambda raw, at: _after_digit(raw, at, b".") and _alone(raw, at, b"0123456789._")),
    # base 60 and times (1:30, 12:30:00)
    (re.compile(rb":[0-9]"), lambda raw, at: _after_digit(raw, at) and _alone(raw, at, b"0123456789_:.")),
    # a sign before a point (-.5)
    (re.compile(rb"-\.[0-9]"), lambda raw, at: _alone(raw, at + 1, b"")),
    (re.compile(rb"\+\.[0-9]"), lambda raw, at: _alone(raw, at + 1, b"")),
    # dates (2021-02-30)
    (re.compile(rb"-[0-9]"), lambda raw, at: _DATE.match(raw, max(0, at - 4), at + 6) is not None and _alone(raw, at)),
)
_PROPERTIES = tuple(re.compile(re.escape(c)) for c in "!&*?")
_PROPERTY_AT = re.compile(r"(?:!|[&*]\S|\?(?:[ ]|$))", re.MULTILINE)
"""Tags, anchors, aliases and complex keys (``!!str``, ``&a``, ``*a``, ``? key``) where a node
may start: after a space, a line start or ``[{,``."""

_WORDS = re.compile(rb"\x02(?:on|On|ON|no|No|NO|<<)|\x03(?:yes|Yes|YES|off|Off|OFF)|\x01=")
"""YAML 1.1's words for true and false (``yes``, ``On``), the value key ``=`` and the merge key
``<<``, as :mod:`marshal` writes a string of them (its length, then its bytes): text to
``yaml_rs``, not to PyYAML. Looked for in what ``yaml_rs`` read, whole strings only."""


def risky(text: str, raw: bytes) -> bool:
    """Whether the text (``raw``, as UTF-8) holds something the two readers may read differently."""
    if text.startswith(_DOCUMENTS) or any(f"\n{mark}" in text for mark in _DOCUMENTS):
        return True
    if _CHARACTERS.search(raw.translate(None, _PLAIN_BYTES)) or (b"\r" in raw and re.search(b"\r(?!\n)", raw)):
        return True
    if _LONG_NUMBER in raw.translate(_DIGITS_ONLY):
        return True
    for pattern, looks_so in _NUMBER_SIGNS:
        if any(looks_so(raw, found.start()) for found in pattern.finditer(raw)):
            return True
    for mark in _PROPERTIES:
        for found in mark.finditer(text):
            at = found.start()
            if (at == 0 or text[at - 1] in " \n[{,") and _PROPERTY_AT.match(text, at):
                return True
    return False


def load(text: str, raw: bytes) -> tuple[Any, bytes | None]:
    """The data of ``text`` (``raw`` as UTF-8) as PyYAML would read it, and the data written by
    :mod:`marshal` (which the check needs, and the cache of parsed files can keep); or
    :data:`FALLBACK` and None, when PyYAML must read it."""
    if yaml_rs is None or risky(text, raw):
        return FALLBACK, None
    try:
        data = yaml_rs.loads(text, parse_datetime=False)
        blob = marshal.dumps(data, 4)
    except Exception:  # any error is PyYAML's to report, with its line
        return FALLBACK, None
    if _WORDS.search(blob):
        return FALLBACK, None
    return data, blob
