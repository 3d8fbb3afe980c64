"""Catalog files written as JSON (``books.json`` beside or instead of ``books.yaml``): the same
schema, parsed by the standard library's C parser, for tools that generate large catalogs.

A JSON file becomes a :class:`~.yamlio.YamlDoc` like a YAML one, so validation, checks and
messages are the same. JSON is YAML's flow style, so :class:`~.yamlio.LineFinder` finds the lines
of problems in it as well. As in YAML, a key given twice in one object is refused.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import Problem
from .yamlio import YamlDoc, YamlProblem


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
    """Parse bytes as UTF-8 JSON; every failure becomes a :class:`~.yamlio.YamlProblem` with its line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            Problem(name, line, "", f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})")
        ) from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise YamlProblem(Problem(name, None, "", "the file is empty"))
    try:
        data = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise YamlProblem(Problem(name, exc.lineno, "", f"malformed JSON: {exc.msg}")) from exc
    except _Twice as exc:
        message = f"the key '{exc.key}' is given twice in one object; an object holds each key once"
        raise YamlProblem(Problem(name, _line_of_second(text, exc.key), "", f"malformed JSON: {message}")) from exc
    except (ValueError, RecursionError) as exc:  # a number of more than 4,300 digits; nesting too deep
        raise YamlProblem(Problem(name, None, "", f"malformed JSON: {exc}")) from exc
    return YamlDoc(name, text, data)


def _line_of_second(text: str, key: str) -> int | None:
    """The line of the second ``"key":`` in the text (looked for only on this error)."""
    quoted = json.dumps(key)
    first = text.find(quoted)
    second = text.find(quoted, first + 1) if first >= 0 else -1
    return text.count("\n", 0, second) + 1 if second >= 0 else None
