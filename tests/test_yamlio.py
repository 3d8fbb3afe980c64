"""The fast YAML loading gives exactly what ``yaml.load`` gives (or raises), for every kind of input."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from curriculum.catalog.yamlio import YamlProblem, _from_events, _load, parse_yaml, read_bytes
from curriculum.resources import bundled_catalog_dir

LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CASES = [
    "a: 1\ne: +5\nf: -3\nh: 0\n",
    "a: 1.5\nb: .inf\nc: 1e3\nd: 5.\n",
    "a: yes\nb: no\nc: true\nd: ~\ne: null\nf:\ng: On\n",
    "a: 2024-01-02\nb: 2024-01-02T03:04:05Z\n",
    "1: a\n2: b\n",
    "null: 1\ntrue: 2\n",
    "a: !!set {x, y}\n",
    "a: !!omap [{x: 1}, {y: 2}]\n",
    "a: !!str 5\nb: !!int '7'\nc: !!float '3'\n",
    "a: !!binary aGVsbG8=\n",
    "- 1\n- [2, 3]\n- {x: [4, {y: z}]}\n",
    "'5': five\n\"x\": y\n",
    "x: \u0661\u0662\u0663\n",
    "just a string",
    "42",
    "a: ' 01'\nb: '1'\n",
    "= : v\n",
    "<<: {a: 1}\nb: 2\n",
    "[" * 300 + "]" * 300,
    "a: &x 1\nb: 2\n",
    "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
    "! a: ! 1\nb: ! [1, 2]\n",
    "a: !!map {x: 1}\n",
    "? [1, 2]\n: x\n",
    "? {a: 1}\n: x\n",
    "# only a comment\n",
    "---\n",
    "--- 5\n...\n",
    "a: 1\n---\nb: 2\n",
    "a: 2024-13-45\nb: [\n",
    "a: 1\nb: [\n",
    "a: !!python/name:os.system\n",
    "a: b: c\n",
    "%YAML 1.1\n---\n{a: 1, b: [x, 'y', \"z\"], c: |\n  text\n}\n",
    "",
]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _outcome(load: Any, text: str) -> tuple[str, Any]:
    try:
        return "data", load(text)
    except Exception as exc:
        return "error", (type(exc), str(exc))


@pytest.mark.parametrize("text", CASES)
def test_same_as_yaml_load(text: str) -> None:
    mine, theirs = _outcome(_load, text), _outcome(lambda t: yaml.load(t, Loader=LOADER), text)
    assert mine[0] == theirs[0]
    assert _same(mine[1], theirs[1]) if mine[0] == "data" else mine == theirs


@pytest.mark.parametrize("value", ["010", "0x1F", "1_000", "1:30", "0b101"])
def test_numbers_in_yaml_11_notations_are_refused_not_read_as_other_numbers(value: str) -> None:
    # YAML 1.1 reads chapter 010 as 8 and 1:30 as 90; a catalog keeps only plain decimals.
    with pytest.raises(YamlProblem, match="is not a plain decimal number"):
        parse_yaml(f"a: {value}\n".encode(), "x.yaml")
    assert parse_yaml(f"a: '{value}'\n".encode(), "x.yaml").data == {"a": value}


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "- {x: 1, y: 2, x: 3}\n", "a:\n  b: 1\n  b: 2\n"])
def test_a_key_given_twice_is_refused_with_both_lines(text: str) -> None:
    # PyYAML keeps the last value silently; a catalog refuses it on both paths.
    with pytest.raises(YamlProblem, match=r"is given twice \(lines \d+ and \d+\)"):
        parse_yaml(text.encode(), "x.yaml")


def test_nan_and_errors_as_yaml_load() -> None:
    assert math.isnan(parse_yaml(b"a: .nan\n", "x.yaml").data["a"])
    with pytest.raises(YamlProblem, match=r"python/name"):
        parse_yaml(b"a: !!python/name:os.system\n", "x.yaml")


@pytest.mark.parametrize("name", ["books.yaml", "prereqs.yaml", "goals.yaml"])
def test_bundled_catalog_same_as_yaml_load(name: str) -> None:
    path: Path = bundled_catalog_dir() / name
    text = path.read_text(encoding="utf-8")
    assert _same(parse_yaml(text.encode(), name).data, yaml.load(text, Loader=LOADER))


@pytest.mark.parametrize("name", ["books.yaml", "prereqs.yaml", "goals.yaml"])
def test_bundled_catalog_takes_the_fast_path(name: str) -> None:
    text = (bundled_catalog_dir() / name).read_text(encoding="utf-8")
    loader = LOADER(text)
    try:
        data = _from_events(loader)
    finally:
        loader.dispose()
    assert _same(data, yaml.load(text, Loader=LOADER))


def test_a_file_is_read_without_reserving_the_size_limit(tmp_path: Path) -> None:
    """Asking for MAX_FILE_BYTES + 1 bytes made Python reserve 256 MB for a 2 KB file."""
    import tracemalloc

    path = tmp_path / "books.yaml"
    path.write_bytes(b"books: []\n" * 200)
    tracemalloc.start()
    try:
        raw = read_bytes(path, "books.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert raw == path.read_bytes()
    assert peak < 1_000_000


def test_a_source_longer_than_its_size_is_read_to_its_end(tmp_path: Path) -> None:
    """A pipe has no size: what it gives is read on, up to the limit."""
    import os
    import threading

    fifo = tmp_path / "books.yaml"
    os.mkfifo(fifo)
    text = b"books: []\n" * 300_000  # 3 MB: more than one read of a pipe

    def write() -> None:
        with fifo.open("wb") as out:
            out.write(text)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert read_bytes(fifo, "books.yaml") == text
    finally:
        writer.join()


def test_a_source_without_end_stops_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import curriculum.catalog.yamlio as yamlio

    monkeypatch.setattr(yamlio, "MAX_FILE_BYTES", 3_000_000)
    with pytest.raises(YamlProblem, match="too large"):
        read_bytes(Path("/dev/zero"), "books.yaml")
