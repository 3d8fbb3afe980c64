"""The fast YAML path (yaml_rs, curriculum/catalog/fastyaml.py) gives what PyYAML gives with the
catalog's loader (YAML 1.1 and its refusals), or steps aside: compared on tricky scalars and on
generated documents."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.catalog import fastyaml
from curriculum.catalog.pyyaml_loader import Loader as _Loader
from curriculum.catalog.yamlio import _load
from curriculum.resources import bundled_catalog_dir

# Plain scalars that YAML 1.1 (PyYAML) and YAML 1.2 (yaml_rs) may read differently, and some
# they read alike.
TRICKY = [
    "yes", "No", "ON", "off", "y", "n", "true", "False", "null", "Null", "~", "=", "<<",
    "010", "0o17", "0x1A", "0b101", "1_000", "1:30", "12:30:00", "190:20:30", "1e3", "1.5e3", "1.5e+3",
    "1.0", "1.", ".5", "+.5", "-.5", "+5", "-0", "0", "7", "42", "2.5", ".inf", "-.inf", ".NaN", "inf", "nan",
    "2021-01-01", "2021-02-30", "2001-12-14 21:59:43.10 -5", "0.", "00", "1__0", "0x_", "3D", "2nd",
    "Notes on", "on hold", "x: y", "a#b", "ISBN-10 0984782850", "https://x.org/2026-03-24/a_1", "e5",
    "7" * 4400,
]  # fmt: skip
QUOTES = ["{}", "'{}'", '"{}"']


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        pairs = list(zip(a.items(), b.items(), strict=False))
        return len(a) == len(b) and all(_same(k, j) and _same(v, w) for (k, v), (j, w) in pairs)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _outcome(load: Any, text: str) -> tuple[str, Any]:
    try:
        return "data", load(text)
    except Exception as exc:
        return "error", (type(exc), str(exc))


def _check(text: str) -> None:
    mine = _outcome(_load, text)
    theirs = _outcome(lambda t: yaml.load(t, Loader=_Loader), text)
    assert mine[0] == theirs[0], text
    assert _same(mine[1], theirs[1]) if mine[0] == "data" else mine == theirs, text


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize("where", ["a: {}\n", "- {}\n", "a: [x, {}]\n", "{}: v\n", "a: {{k: {}}}\n", "a:\n  - b: {}\n"])
def test_tricky_scalars_read_as_pyyaml_reads_them(value: str, where: str) -> None:
    for quote in QUOTES:
        if quote != "{}" and ("'" in value or '"' in value):
            continue
        _check(where.format(quote.format(value)))


def test_documents_the_fast_path_must_leave_to_pyyaml() -> None:
    for text in [
        "a: 1\n---\nb: 2\n",
        "--- 5\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: !!str 5\n",
        "a: ! 5\n",
        "a: &x 1\n",
        "? a\n: b\n",
        "a: 1\na: 2\n",
        "a:\n\tb: 1\n",
        "a: x\x85y\n",
        "a: 'x\u2028y'\n",
        "a: x\ry\n",
        "a: b: c\n",
        # found by comparing the two on random documents: yaml_rs reads an empty key as null and
        # an empty block scalar at the end as a line break, where PyYAML refuses one and reads ""
        "- :\n",
        "- x: 1\n  :\n",
        "a: [b, :]\n",
        "{: a}\n",
        ": a\n",
        "a: |\n",
        "- n: >-  # empty\n",
    ]:
        assert fastyaml.load(text, text.encode())[0] is fastyaml.FALLBACK, text
        _check(text)


def test_a_catalog_takes_the_fast_path_and_crlf_reads_the_same() -> None:
    text = (
        "books:\n  - id: b1\n    title: \"Notes on it\"\n    authors: [A. Author, 'B. Author']\n"
        "    pages: 40\n    hours: 2.5\n    chapters:\n"
        "      - {number: 1, title: Intro, pages: 20}\n      - {number: A, title: More}\n"
        "    notes: |\n      Two lines\n      of notes, ISBN-10 0984782850.\n    url: https://x.org/2026-03-24/a_1e5\n"
    )
    for variant in (text, text.replace("\n", "\r\n")):
        data, blob = fastyaml.load(variant, variant.encode())
        assert data is not fastyaml.FALLBACK and blob is not None
        assert _same(data, yaml.load(variant, Loader=_Loader))


@pytest.mark.parametrize("name", ["books.yaml", "prereqs.yaml", "goals.yaml"])
def test_the_bundled_catalog_takes_the_fast_path(name: str) -> None:
    text = (bundled_catalog_dir() / name).read_text(encoding="utf-8")
    data, _ = fastyaml.load(text, text.encode())
    assert data is not fastyaml.FALLBACK
    assert _same(data, yaml.load(text, Loader=_Loader))


_scalar = st.sampled_from(TRICKY[:-1]).flatmap(lambda v: st.sampled_from([q.format(v) for q in QUOTES]))
_key = st.sampled_from(["id", "title", "on", "yes", "1", "010", "a_1", "x y", "'on'"])


def _node(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return _scalar
    inner = _node(depth - 1)
    flow_list = st.lists(inner, max_size=3).map(lambda xs: "[" + ", ".join(xs) + "]")
    flow_map = st.lists(st.tuples(_key, inner), max_size=3).map(
        lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"
    )
    return st.one_of(_scalar, flow_list, flow_map)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_key, _node(2)), min_size=1, max_size=6), st.booleans())
def test_generated_documents_read_as_pyyaml_reads_them(pairs: list[tuple[str, str]], as_list: bool) -> None:
    lines = [f"{'- ' if as_list else ''}{k}: {v}" for k, v in pairs]
    _check("\n".join(lines) + "\n")


_plain = st.sampled_from([*TRICKY[:-1], "Intro", "ch 5-6", "A: b", "x #y", "- z", "'q'", '"r"', "1.5e+3"])


def _block_value(value: str, style: int, indent: str) -> str:
    inner = indent + "    "
    if style == 0:
        return f" {value}"
    if style == 1:
        return f" |\n{inner}{value}\n{inner}{value}"
    if style == 2:
        return f" >-\n{inner}{value}\n\n{inner}{value}"
    if style == 3:
        return f" {value}\n{inner}{value}"  # a plain scalar over two lines
    return f"\n{inner}- {value}\n{inner}- [{value}, {value}]"


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_key, _plain, st.integers(0, 4), st.booleans()), min_size=1, max_size=6),
    st.sampled_from(["", "# a comment\n", "books:\n"]),
)
def test_generated_block_documents_read_as_pyyaml_reads_them(entries, head) -> None:
    indent = "  " if head == "books:\n" else ""
    lines = [head]
    for key, value, style, commented in entries:
        note = "  # note" if commented and style in (0, 3) else ""
        lines.append(f"{indent}- {key}:{_block_value(value, style, indent)}{note}\n")
    _check("".join(lines))


def test_some_generated_documents_take_the_fast_path() -> None:
    text = "books:\n  - id: b1\n    notes: |\n      Intro\n      ch 5-6\n"
    text += "  - id: b2\n    title: Notes on\n      it  # note\n"
    assert fastyaml.load(text, text.encode())[0] is not fastyaml.FALLBACK
    _check(text)


# What `risky` said before its look-ups were made cheaper (issue 15), kept to check that the
# cheaper ones say the same: each new look-up finds at least every place its check says yes to.
_OLD_SIGNS = (
    (rb"\b0[0-9xXoObB_]", lambda raw, at: fastyaml._alone(raw, at, b"")),
    (rb"_", lambda raw, at: fastyaml._after_digit(raw, at) and fastyaml._alone(raw, at, b"0123456789_.")),
    (rb"e[-+]?[0-9]", lambda r, at: fastyaml._after_digit(r, at, b".") and fastyaml._alone(r, at, b"0123456789._")),
    (rb"E[-+]?[0-9]", lambda r, at: fastyaml._after_digit(r, at, b".") and fastyaml._alone(r, at, b"0123456789._")),
    (rb":[0-9]", lambda raw, at: fastyaml._after_digit(raw, at) and fastyaml._alone(raw, at, b"0123456789_:.")),
    (rb"-\.[0-9]", lambda raw, at: fastyaml._alone(raw, at + 1, b"")),
    (rb"\+\.[0-9]", lambda raw, at: fastyaml._alone(raw, at + 1, b"")),
    (
        rb"-[0-9]",
        lambda raw, at: fastyaml._DATE.match(raw, max(0, at - 4), at + 6) is not None and fastyaml._alone(raw, at),
    ),
)


def _old_risky(text: str, raw: bytes) -> bool:
    if text.startswith(("---", "...", "%")) or any(f"\n{m}" in text for m in ("---", "...", "%")):
        return True
    if fastyaml._ends_open(text):
        return True
    if re.search(
        rb"[\x00-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef(?:\xbb\xbf|\xbf[\xbe\xbf])",
        raw.translate(None, fastyaml._PLAIN_BYTES),
    ) or (b"\r" in raw and re.search(b"\r(?!\n)", raw)):
        return True
    if fastyaml._LONG_NUMBER in raw.translate(fastyaml._DIGITS_ONLY):
        return True
    first, *others = fastyaml._EMPTY_KEYS
    if first.match(raw) is not None or any(pattern.search(raw) for pattern in others):
        return True
    for pattern, looks_so in _OLD_SIGNS:
        if any(looks_so(raw, found.start()) for found in re.finditer(pattern, raw)):
            return True
    for mark in "!&*?":
        for found in re.finditer(re.escape(mark), text):
            at = found.start()
            if (at == 0 or text[at - 1] in " \n[{,") and fastyaml._PROPERTY_AT.match(text, at):
                return True
    return False


_PIECES = [
    *TRICKY[:-1], "a", "x y", "é", "\u2028", "\t", "\r", "\r\n", "\n", " ", "  ", "- ", ": ", ":", ",", "[", "]",
    "{", "}", "#", "!", "&a", "*a", "? ", "?", "%", "---", "...", "_", "E", "e", "-", "+", ".", "0", "00", "1",
    "2021", "|", ">-", "'", '"', "2021-1-1", "12:3", "9" * 4001,
]  # fmt: skip


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_the_cheaper_risky_says_what_the_old_one_said(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert fastyaml.risky(text, text.encode()) == _old_risky(text, text.encode()), repr(text)


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize("where", ["{}", "a: {}\n", "- {}\n", "a: [x, {}]\n", "{}: v\n", "a: {{k: {}}}\n", "x {}"])
def test_the_cheaper_risky_says_what_the_old_one_said_of_tricky_scalars(value: str, where: str) -> None:
    for quote in QUOTES:
        text = where.format(quote.format(value))
        assert fastyaml.risky(text, text.encode()) == _old_risky(text, text.encode()), repr(text)
