"""Safe YAML reading that never executes anything and reports problems with line numbers.

Files are read by :mod:`.fastyaml` where it reads them as PyYAML does, and otherwise by
PyYAML's safe loader (:mod:`.pyyaml_loader`, imported only then; libyaml's when PyYAML was
built with it). Line numbers are looked up only when something is wrong (see :class:`LineFinder`), so valid
catalogs pay nothing for them. Parsed files are kept between runs by :mod:`.yamlcache`,
in a folder named after :data:`FORMAT_VERSION`: bump it whenever this module changes what
it gives for some input.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from ..errors import Problem
from . import fastyaml

if TYPE_CHECKING:
    import yaml

FORMAT_VERSION = 4
"""The version of what :func:`parse_yaml` gives for a file. Bump it whenever the reader changes
(a value read otherwise, a fallback added): the cache of parsed files (:mod:`.yamlcache`) is
named after it, so entries of an older reader are never read."""

MAX_FILE_BYTES = 256 * 1024 * 1024
"""Refuse larger files outright; a 100k-book catalog is about 60 MB."""


class YamlDoc(Struct, frozen=True):
    """A parsed YAML file and the text it came from (kept to find line numbers)."""

    name: str
    text: str
    data: Any
    to_cache: tuple[Path, bytes] | None = None
    """Where and what :mod:`.yamlcache` is to keep, once the caller has found the data good
    (see :func:`.yamlcache.keep`); None when it came from the cache or is not to be kept."""
    blob: bytes | None = None
    """The data as :mod:`marshal` writes it, when the fast path made it (see :mod:`.fastyaml`)."""


class YamlProblem(Exception):
    """A file could not be read as YAML; carries the :class:`Problem`."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def read_bytes(path: Path, name: str) -> bytes:
    """The bytes of ``path`` (shown to users as ``name``), at most :data:`MAX_FILE_BYTES` of them."""
    too_large = f"file is too large (more than {MAX_FILE_BYTES:,} bytes)"
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise YamlProblem(Problem(name, None, "", too_large))
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size  # asking for the limit would reserve it all
            raw = handle.read(min(size, MAX_FILE_BYTES) + 1)
            if len(raw) > size:  # more than its size (a pipe, /dev/zero, a growing file): on to the limit
                parts, total = [raw], len(raw)
                while total <= MAX_FILE_BYTES and (part := handle.read(min(1 << 20, MAX_FILE_BYTES + 1 - total))):
                    parts.append(part)
                    total += len(part)
                raw = b"".join(parts)
    except OSError as exc:
        raise YamlProblem(Problem(name, None, "", f"cannot read the file: {exc.strerror or exc}")) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(Problem(name, None, "", too_large))
    return raw


def file_text(raw: bytes, name: str) -> str:
    """A catalog file's bytes as text: UTF-8 (a byte order mark dropped), not empty; else a
    :class:`YamlProblem` naming the line of the first byte that is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            Problem(name, line, "", f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})")
        ) from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace():  # what strip() would leave nothing of, without a copy of the text
        raise YamlProblem(Problem(name, None, "", "the file is empty"))
    return text


def read_yaml(path: Path, name: str) -> YamlDoc:
    """Read ``path`` (shown to users as ``name``) as one safe YAML document."""
    return parse_yaml(read_bytes(path, name), name)


def parse_yaml(raw: bytes, name: str, *, keep: bool = False) -> YamlDoc:
    """Parse bytes as UTF-8 YAML; every failure becomes a :class:`YamlProblem`. With ``keep``,
    what is parsed stays at hand as parsed, for the cache of parsed files (see :mod:`.fastyaml`)."""
    text = file_text(raw, name)
    if "*" in text:
        _refuse_aliases(text, name)
    data, blob = fastyaml.load(text, raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw, keep=keep)
    if data is not fastyaml.FALLBACK:
        return YamlDoc(name, text, data, blob=blob)
    import yaml

    try:
        data = _load(text, fast=False)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        at = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "malformed YAML"
        tag = re.search(r"constructor for the tag '(.*)'", what)
        if tag:
            shown = tag.group(1).replace("tag:yaml.org,2002:", "!!")
            what = f"the tag '{shown}' is not allowed (a catalog holds only mappings, lists, text and numbers)"
        elif what == "but found another document":
            what = "a second document ('---'); a catalog file holds one YAML document"
        elif mark is not None and _char_at(text, mark.line, mark.column) == "\t":
            what = "a tab character; YAML must be indented with spaces"
        raise YamlProblem(Problem(name, at, "", f"malformed YAML: {what}")) from exc
    except yaml.reader.ReaderError as exc:
        raise YamlProblem(_reader_problem(exc, text, name)) from exc
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(name, None, "", f"malformed YAML: {exc}")) from exc
    except _UNREADABLE as exc:  # PyYAML's constructors fail so on values such as 2021-02-30 or !!int x
        raise YamlProblem(_unreadable_value(text, name, exc)) from exc
    return YamlDoc(name, text, data)


_UNREADABLE = (ValueError, TypeError, KeyError, AttributeError, OverflowError)
_KINDS = {"timestamp": "a date", "int": "a whole number", "float": "a number", "bool": "true or false"}


def _unreadable_value(text: str, name: str, exc: Exception) -> Problem:
    """The first scalar PyYAML cannot construct, with its line (looked for only on this error)."""
    import yaml

    from .pyyaml_loader import Loader

    constructor = yaml.SafeLoader("")
    nodes = [yaml.compose(text, Loader=Loader)]
    while nodes:
        node = nodes.pop()
        if isinstance(node, yaml.MappingNode):
            nodes += [part for pair in reversed(node.value) for part in reversed(pair)]
        elif isinstance(node, yaml.SequenceNode):
            nodes += reversed(node.value)
        elif isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node)
            except _UNREADABLE as error:
                kind = node.tag.rpartition(":")[2]
                why = f" ({error})" if kind == "timestamp" and isinstance(error, ValueError) else ""
                return Problem(
                    name,
                    node.start_mark.line + 1,
                    "",
                    f"malformed YAML: {node.value!r} cannot be read as {_KINDS.get(kind, kind)}{why};"
                    " write it in quotes if it is text",
                )
    return Problem(name, None, "", f"malformed YAML: {type(exc).__name__}: {exc}")


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FALLBACK = object()


class _NotPlain(Exception):
    """The document holds something the fast path leaves to PyYAML."""


def _load(text: str, *, fast: bool = True) -> Any:
    """What ``yaml.load(text, Loader=pyyaml_loader.Loader)`` returns, built faster and in less memory.

    With ``fast``, :mod:`.fastyaml` reads the text first, when it reads it as PyYAML would.

    PyYAML composes a tree of nodes for the whole document (several GB for a 100k-book
    catalog) and then runs a generic constructor over it. Plain data (mappings with string
    keys, lists, strings and decimal integers: nearly all of a catalog) is built here
    straight from the parser's events, resolving tags as PyYAML's composer does; other
    scalars go through PyYAML's own constructor. Anything else (anchors, tagged collections,
    keys that are not strings, merge keys, a second document) and any error make PyYAML
    load the text again from the start, so the result, or the error, is that of ``yaml.load``.
    """
    if fast:
        data = fastyaml.load(text, text.encode("utf-8"))[0]
        if data is not fastyaml.FALLBACK:
            return data
    import yaml

    from .pyyaml_loader import Loader

    loader = Loader(text)
    try:
        data = _from_events(loader)
    except Exception:  # PyYAML itself decides below: the same data or the same error
        data = _FALLBACK
    finally:
        loader.dispose()
    if data is _FALLBACK:
        data = yaml.load(text, Loader=Loader)  # noqa: S506 - a safe loader
    return data


def _from_events(loader: Any) -> Any:
    import yaml

    get, resolve = loader.get_event, loader.resolve
    get()  # the stream's start
    event = get()
    if type(event) is yaml.StreamEndEvent:
        return None
    if type(event) is not yaml.DocumentStartEvent:
        raise _NotPlain
    root: Any = None
    containers: list[Any] = []  # the open mappings and lists, innermost last
    keys: list[str | None] = []  # for each, the key whose value comes next (None: a key comes next)
    while True:
        event = get()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None:
                raise _NotPlain
            tag, value = event.tag, event.value
            if tag is None or tag == "!":
                tag = resolve(yaml.ScalarNode, value, event.implicit)
            if containers and keys[-1] is None and type(containers[-1]) is dict:
                if tag != _STR or value in containers[-1]:
                    raise _NotPlain  # a key given twice: PyYAML's loader names both lines
                keys[-1] = value
                continue
            if tag == _STR:
                item = value
            elif tag == _INT and value.isascii() and value.isdigit() and (value == "0" or value[0] != "0"):
                item = int(value)
            else:
                node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
                item = loader.construct_object(node)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or event.tag not in (None, "!"):
                raise _NotPlain
            if containers and keys[-1] is None and type(containers[-1]) is dict:
                raise _NotPlain  # a mapping or a list as a key
            containers.append({} if kind is yaml.MappingStartEvent else [])
            keys.append(None)
            continue
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            item = containers.pop()
            keys.pop()
        elif kind is yaml.DocumentEndEvent:
            break
        else:
            raise _NotPlain  # an alias
        if not containers:
            root = item
        elif keys[-1] is not None:
            containers[-1][keys[-1]] = item
            keys[-1] = None
        else:
            containers[-1].append(item)
    if type(get()) is not yaml.StreamEndEvent:
        raise _NotPlain  # a second document
    return root


def _reader_problem(exc: yaml.reader.ReaderError, text: str, name: str) -> Problem:
    """A character YAML refuses (a control character); libyaml gives its offset in UTF-8 bytes."""
    from .pyyaml_loader import PURE_PYTHON

    code = exc.character if isinstance(exc.character, int) else ord(exc.character)
    if PURE_PYTHON:  # a character index
        line = text.count("\n", 0, exc.position) + 1
    else:  # libyaml: an offset in UTF-8 bytes
        line = text.encode("utf-8").count(b"\n", 0, exc.position) + 1
    return Problem(name, line, "", f"malformed YAML: the control character U+{code:04X} is not allowed in YAML")


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    return lines[line][column] if 0 <= line < len(lines) and 0 <= column < len(lines[line]) else ""


def _refuse_aliases(text: str, name: str) -> None:
    """Catalogs have no use for aliases; refusing them defeats 'billion laughs' bombs."""
    import yaml

    from .pyyaml_loader import Loader

    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else None
                raise YamlProblem(Problem(name, line, "", "YAML aliases (*name) are not allowed in a catalog"))
    except yaml.YAMLError:
        return  # the full parse reports it with its line


class LineFinder:
    """Finds the lines of paths in one document from its parser events, in one pass.

    No node tree is built (for a large catalog one takes gigabytes): only the lines of the
    paths asked for, and of their prefixes, are kept. The line of a path is that of its
    last step found in the document: a mapping step is the line of its key, a list step the
    line where the item starts.
    """

    def __init__(self, doc: YamlDoc) -> None:
        self._doc = doc

    def __call__(self, path: Sequence[str | int]) -> int | None:
        return self.lines([path])[0]

    def lines(self, paths: Sequence[Sequence[str | int]]) -> list[int | None]:
        """The line of each of ``paths`` (None for all when the text cannot be parsed)."""
        found = self._scan({tuple(path[:i]) for path in paths for i in range(len(path) + 1)})
        out: list[int | None] = []
        for path in paths:
            line = None
            for i in range(len(path) + 1):
                if found is None or tuple(path[:i]) not in found:
                    break
                line = found[tuple(path[:i])]
            out.append(line)
        return out

    def _scan(self, wanted: set[tuple[str | int, ...]]) -> dict[tuple[str | int, ...], int] | None:
        import yaml

        from .pyyaml_loader import Loader

        found: dict[tuple[str | int, ...], int] = {}
        # Per open mapping or list: its path (None: not wanted), whether it is a mapping, the
        # key whose value comes next (_KEY_NEXT: a key comes next; None: not a text key),
        # that key's line, and the index of the next list item.
        stack: list[list[Any]] = []
        starts = (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
        try:
            for event in yaml.parse(self._doc.text, Loader=Loader):
                kind = type(event)
                if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    stack.pop()
                    continue
                if kind not in starts:
                    continue
                line = event.start_mark.line + 1 if event.start_mark is not None else 0
                leaf = kind is yaml.ScalarEvent or kind is yaml.AliasEvent
                path: tuple[str | int, ...] | None = ()
                if stack:
                    top = stack[-1]
                    if top[1] and top[2] is _KEY_NEXT:  # this node is a key
                        top[2], top[3] = (event.value if isinstance(event, yaml.ScalarEvent) else None), line
                        if not leaf:
                            stack.append([None, kind is yaml.MappingStartEvent, _KEY_NEXT, 0, 0])
                        continue
                    if top[1]:
                        path = None if top[0] is None or top[2] is None else (*top[0], top[2])
                        line, top[2] = top[3], _KEY_NEXT
                    else:
                        path = None if top[0] is None else (*top[0], top[4])
                        top[4] += 1
                if path is not None and path in wanted:
                    found.setdefault(path, line)
                else:
                    path = None  # nothing below it is wanted
                if not leaf:
                    stack.append([path, kind is yaml.MappingStartEvent, _KEY_NEXT, 0, 0])
        except yaml.YAMLError:
            return None
        return found


_KEY_NEXT = object()
