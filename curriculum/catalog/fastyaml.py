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
from collections.abc import Callable, Mapping
from typing import Any

from . import beside
from .listchunks import LISTS, Chunks, Decoded, as_chunk

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

# Each look-up below starts at a byte that is rare in a catalog, or at one that the regular
# expression engine skims for and then checks the byte before (a look-behind), so that it scans
# the text at C speed; the few places found are then looked at closely: a number standing alone
# where a scalar may start. Each look-up finds at least every place its check says yes to.
_NUMBER_SIGNS: tuple[tuple[re.Pattern[bytes], Callable[[bytes, int], bool]], ...] = (
    # a leading zero, 0x, 0o, 0b (010, 0x1A): other numbers to one reader, errors to the other;
    # it stands alone only after one of these bytes (or at the very start: _LEADING_ZERO)
    (re.compile(rb"0(?<=[\n \[{,:+-]0)[0-9xXoObB_]"), lambda raw, at: _alone(raw, at, b"")),
    # digit separators (1_000)
    (re.compile(rb"_"), lambda raw, at: _after_digit(raw, at) and _alone(raw, at, b"0123456789_.")),
    # exponents (1e3, 1.5e3): numbers to yaml_rs, text to PyYAML
    (re.compile(rb"e(?<=[0-9.]e)[-+]?[0-9]"), lambda raw, at: _alone(raw, at, b"0123456789._")),
    (re.compile(rb"E(?<=[0-9.]E)[-+]?[0-9]"), lambda raw, at: _alone(raw, at, b"0123456789._")),
    # base 60 and times (1:30, 12:30:00)
    (re.compile(rb":(?<=[0-9]:)[0-9]"), lambda raw, at: _alone(raw, at, b"0123456789_:.")),
    # a sign before a point (-.5, +.5): found at the point
    (re.compile(rb"\.(?<=[-+]\.)[0-9]"), lambda raw, at: _alone(raw, at, b"")),
    # dates (2021-02-30): four digits before the dash
    (
        re.compile(rb"-(?<=[0-9]{4}-)[0-9]"),
        lambda raw, at: _DATE.match(raw, at - 4, at + 6) is not None and _alone(raw, at),
    ),
)
_LEADING_ZERO = re.compile(rb"0[0-9xXoObB_]")
"""A leading zero at the very start of the text (matched there, not searched)."""
_RARE = b"_E!&*?"
"""The bytes that the look-ups of digit separators, capital exponents and :data:`_PROPERTIES`
start at: rare enough to see first, in one pass, which are in the text at all."""
_NOT_RARE = bytes(range(256)).translate(None, _RARE)
_PROPERTIES = tuple(re.compile(re.escape(c)) for c in "!&*?")
_PROPERTY_AT = re.compile(r"(?:!|[&*]\S|\?(?:[ ]|$))", re.MULTILINE)
"""Tags, anchors, aliases and complex keys (``!!str``, ``&a``, ``*a``, ``? key``) where a node
may start: after a space, a line start or ``[{,``."""

_WORDS = (
    re.compile(rb"\x02(?:on|On|ON|no|No|NO|<<)"),
    re.compile(rb"\x03(?:yes|Yes|YES|off|Off|OFF)"),
    re.compile(rb"\x01="),
)
"""YAML 1.1's words for true and false (``yes``, ``On``), the value key ``=`` and the merge key
``<<``, as :mod:`marshal` writes a string of them (its length, then its bytes): text to
``yaml_rs``, not to PyYAML. Looked for in what ``yaml_rs`` read, whole strings only (one
look-up a length: each skims for its length byte, where one for all three tries each byte)."""


def _words(blob: bytes) -> bool:
    return any(pattern.search(blob) for pattern in _WORDS)


_OPEN_BLOCK = re.compile(r"[|>][-+0-9]*[ ]*(?:#[^\n]*)?\Z")
"""A block scalar's header (``notes: |``) on the last line: empty, it is "" to PyYAML and a
line break to ``yaml_rs`` (anywhere else the two agree on block scalars)."""


_EMPTY_KEYS = tuple(
    re.compile(start + rb":(?=[ \n,\]}]|\Z)")
    # at the start of the text (matched, not searched), of a line, after "- ", "[", "{" or ","
    # (each pattern starts with a byte of its own, which the engine skims for)
    for start in (rb" *(?:- +)*", rb"\n *", rb"- +", rb"\[ *", rb"\{ *", rb", *")
)
"""A key left empty (``- : x``, ``[: x]``): an error to PyYAML, a null key to ``yaml_rs``."""


_EMPTY_KEY_HINT = re.compile(rb":(?<=[ \n\[{,]:)")
"""What every empty key of :data:`_EMPTY_KEYS` holds but the one at the text's very start: a
colon after a space, a line break, ``[``, ``{`` or ``,`` (one skim of the text, where the
patterns take one each)."""


def _empty_key(raw: bytes) -> bool:
    if not raw.startswith(b":") and _EMPTY_KEY_HINT.search(raw) is None:
        return False
    first, *others = _EMPTY_KEYS
    return first.match(raw) is not None or any(pattern.search(raw) for pattern in others)


def _ends_open(text: str) -> bool:
    size = 4096  # the last line from the end of the text (not a copy of all of it, as rstrip makes)
    while True:
        last = text[-size:].rstrip()
        if "\n" in last or size >= len(text):
            break
        size *= 16
    return _OPEN_BLOCK.search(last, last.rfind("\n") + 1) is not None


_DOCUMENT_MARK = re.compile(rb"\n(?:---|\.\.\.|%)")


def risky(text: str, raw: bytes) -> bool:
    """Whether the text (``raw``, as UTF-8) holds something the two readers may read differently."""
    if raw.startswith((b"---", b"...", b"%")) or _DOCUMENT_MARK.search(raw) or _ends_open(text):
        return True
    if _CHARACTERS.search(raw.translate(None, _PLAIN_BYTES)) or (b"\r" in raw and re.search(b"\r(?!\n)", raw)):
        return True
    if _LONG_NUMBER in raw.translate(_DIGITS_ONLY) or _empty_key(raw):
        return True
    if _LEADING_ZERO.match(raw):
        return True
    rare = raw.translate(None, _NOT_RARE)  # which of _RARE the text holds (usually none)
    for pattern, looks_so in _NUMBER_SIGNS:
        start = pattern.pattern[0]
        if start in _RARE and start not in rare:
            continue
        if any(looks_so(raw, found.start()) for found in pattern.finditer(raw)):
            return True
    if any(mark in rare for mark in b"!&*?"):
        for mark in _PROPERTIES:
            for found in mark.finditer(text):
                at = found.start()
                if (at == 0 or text[at - 1] in " \n[{,") and _PROPERTY_AT.match(text, at):
                    return True
    return False


def load(text: str, raw: bytes, *, keep: bool = False) -> tuple[Any, bytes | None]:
    """The data of ``text`` (``raw`` as UTF-8) as PyYAML would read it, and the data written by
    :mod:`marshal` (which the check needs, and the cache of parsed files can keep); or
    :data:`FALLBACK` and None, when PyYAML must read it. A large file's list comes as
    :class:`Chunks` (see :func:`_chunked`), without the data as marshal writes it: the cache
    writes it (:func:`.listchunks.packed`) only when it keeps the file. A large text is parsed by two
    processes (:mod:`.splitparse`), its list's chunks decoded into records as they are parsed
    (and, with ``keep``, also kept as parsed, for the cache); or else searched by :func:`risky`
    in a child process while this one parses it (:func:`_risky_beside`)."""
    if yaml_rs is None:
        return FALLBACK, None
    if len(raw) >= BESIDE_FROM:  # parsed by two processes, if it can be
        from . import splitparse

        split = splitparse.load(text, raw, keep=keep)
        if split is not None:
            return split
    beside = _risky_beside(text, raw)
    if beside is None:
        return (FALLBACK, None) if risky(text, raw) else _parsed(text, keep)
    try:
        found = _parsed(text, keep)
    finally:
        said = beside()  # the child's answer, always waited for
    return (FALLBACK, None) if said else found


def _parsed(text: str, keep: bool) -> tuple[Any, bytes | None]:
    try:
        if len(text) >= CHUNKED_FROM:
            found = _chunked(text, keep)
            if found is not None:
                return found
        data = yaml_rs.loads(text, parse_datetime=False)
        blob = marshal.dumps(data, 4)
    except Exception:  # any error is PyYAML's to report, with its line
        return FALLBACK, None
    if _words(blob):
        return FALLBACK, None
    return data, blob


BESIDE_FROM = 1_000_000
"""Texts of at least this many bytes (a catalog of about 1,300 books) are searched by
:func:`risky` in a child process while this one parses them: on two processors, the search
(a tenth of a second for 10k books) then takes no time of the load's. Smaller ones take less
time to search than a child takes to start."""


def _risky_beside(text: str, raw: bytes) -> Callable[[], bool] | None:
    """:func:`risky` of a large text, asked of a child process (:func:`.beside.start`); the
    function returned gives its answer (asked here when the child gives none). None for a small
    text, or when no child starts."""
    if len(raw) < BESIDE_FROM:
        return None
    answer = beside.start(lambda: b"1" if risky(text, raw) else b"0")
    if answer is None:
        return None

    def said() -> bool:
        got = answer()
        return got == b"1" if got in (b"0", b"1") else risky(text, raw)

    return said


CHUNKED_FROM = 16_000_000
"""Files of at least this many characters (a catalog of about 20k books) have their list read
in :class:`Chunks` by one process (two processes read a file of 1 MB or more so, where they
can: :mod:`.splitparse`). It saves a quarter of the peak memory. It cost a tenth of a second
for every 10k books when the chunks were packed and unpacked; decoded as they are parsed, the
10k ``books.yaml`` reads and decodes in about the time of a whole read (0.41 s against
0.37-0.49 s, in 62 MB against 134 MB), a threshold left as it was."""
CHUNK_ITEMS = 500


def _chunked(text: str, keep: bool) -> tuple[Any, None] | None:
    """Read a file whose list (``books:`` at the start of a line) holds one item a line start
    (``  - ``): the rest of the file with an empty list, then the items a chunk at a time
    (:func:`read_chunks`). None when the list cannot be found so (then the whole file is read at
    once). A chunk that does not read as exactly its items (a split inside a quoted or flow
    scalar leaves one open) raises, and the file goes to PyYAML. No blob comes with the data:
    the cache writes one (:func:`.listchunks.packed`) only when it keeps the file."""
    found = _list_in(text)
    if found is None:
        return None
    key, head, stop, starts = found
    rest = read_rest(text, key, head, stop)
    if rest is None:
        return None
    chunks = read_chunks(text, key, starts, stop, chunk_ranges(len(starts)), keep)
    if chunks is None:
        raise ValueError("a chunk is not its items")
    blobs, raws = chunks
    return {**rest, key: Chunks(blobs, len(starts), raws if keep else None)}, None


def chunk_ranges(count: int) -> list[tuple[int, int]]:
    """The items of each chunk of a list of ``count`` items: (first, end) pairs."""
    step = CHUNK_ITEMS
    return [(at, min(at + step, count)) for at in range(0, count, step)]


def read_rest(text: str, key: str, head: int, stop: int) -> dict[str, Any] | None:
    """The file with its list (from ``head`` to ``stop``) left empty, when it reads so."""
    rest = yaml_rs.loads(text[:head] + f"{key}: []\n" + text[stop:], parse_datetime=False)
    if not isinstance(rest, dict) or rest.get(key) != [] or _words(marshal.dumps(rest, 4)):
        return None
    return rest


def read_chunks(
    text: str,
    key: str,
    starts: list[int],
    stop: int,
    ranges: list[tuple[int, int]],
    keep: bool,
    paces: Mapping[Any, Any] | None = None,
) -> tuple[list[Any], list[bytes]] | None:
    """The chunks of the list's items of ``ranges``, each decoded into its records at once where
    every item is valid as written (:func:`.records.take_all`: while the chunk's parsed YAML is
    fresh, so the parsed YAML of all the items is never in memory together), as marshal wrote
    the items otherwise; with ``keep``, every chunk as marshal wrote it too. With ``paces`` (as
    parsed: :func:`.hours.parsed_paces`), a chunk of books comes with their estimates made
    (:func:`.hours.made_ahead`). None when a chunk does not read as exactly its items: it ends
    in a block scalar's header, reads as more or fewer items, or holds a YAML 1.1 word."""
    from .hours import made_ahead
    from .records import LISTED

    kind = LISTED[key]
    blobs: list[Any] = []
    raws: list[bytes] = []
    for first, end in ranges:
        chunk = text[starts[first] : starts[end] if end < len(starts) else stop]
        if _ends_open(chunk):
            return None
        items = yaml_rs.loads(chunk, parse_datetime=False)
        if not isinstance(items, list) or len(items) != end - first:
            return None
        blob = marshal.dumps(items, 4)
        if _words(blob):
            return None
        chunk = as_chunk(items, kind, blob)
        if paces is not None and key == "books" and isinstance(chunk, Decoded):
            chunk.estimates = made_ahead(chunk, paces)
        blobs.append(chunk)
        if keep:
            raws.append(blob)
    return blobs, raws


def _list_in(text: str) -> tuple[str, int, int, list[int]] | None:
    """The key of the file's list, where its line starts, where the list ends and where each of
    its items starts; None when no key of :data:`LISTS` starts exactly one line.

    The list ends at the first line indented no deeper than its items that is not an item, a
    comment or blank. Every pattern here starts with a line break, which the regular expression
    engine skims for: a pattern starting with ``^`` (``re.MULTILINE``) is tried at every
    character of the text, which took a second and a half on a 100k-book file."""
    for key in LISTS:
        line = rf"{key}:[ ]*(?:#[^\n]*)?$"
        heads = [m.start() + 1 for m in re.finditer("\n" + line, text, re.MULTILINE)]
        if re.match(line, text, re.MULTILINE):
            heads.insert(0, 0)
        if len(heads) == 1:
            break
    else:
        return None
    head = heads[0]
    line_end = text.find("\n", head)
    if line_end < 0:
        return None
    first = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*([ ]*)-(?=[ \n])").match(text, line_end + 1)
    if first is None:
        return None
    indent = len(first.group(1))
    # from the line break before the first item: a line no deeper than the items (up to
    # `indent` spaces, then what follows them) that is neither an item, a comment nor blank
    end = re.compile(rf"\n(?![ ]{{{indent + 1}}}|[ ]{{0,{indent}}}(?:[#\n]|-[ \n]))").search(text, first.start(1) - 1)
    stop = end.start() + 1 if end is not None else len(text)
    item = re.compile("\n" + " " * indent + "-(?=[ \n])")
    starts = [m.start() + 1 for m in item.finditer(text, first.start(1) - 1, stop)]
    return key, head, stop, starts
