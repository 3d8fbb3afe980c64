"""A large file's list read a chunk at a time (listchunks.Chunks, read.consume) gives the catalog,
the problems and the cache entries that reading it whole gives."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.catalog import compiled, fastyaml, listchunks, load_catalog, yamlcache, yamlio
from curriculum.catalog.records import Book, take
from curriculum.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(300, tmp_path_factory.mktemp("chunked") / "c").folder


def _plan(folder: Path) -> str:
    args = [
        "plan",
        "--goal",
        "reach-most",
        "--hours",
        "40",
        "--start",
        "2030-01-07",
        "--catalog",
        str(folder),
        "--json",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _validate(folder: Path) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["validate", "--catalog", str(folder), "--json"])
    return json.loads(result.stdout)


def test_chunks_give_the_plan_reading_whole_gives(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CURRICULUM_NO_CACHE", "1")
    whole = _plan(folder)
    monkeypatch.setattr(fastyaml, "CHUNKED_FROM", 1000)
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 7)
    seen: list[int] = []
    original = fastyaml._chunked

    def counting(text: str, keep: bool) -> object:
        found = original(text, keep)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(fastyaml, "_chunked", counting)
    assert _plan(folder) == whole
    assert seen and all(seen)


@pytest.mark.parametrize("keep", [False, True])
def test_valid_chunks_come_as_records_and_the_cache_gets_the_items_as_parsed(
    folder: Path, keep: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 7)
    text = (folder / "books.yaml").read_text(encoding="utf-8")
    items = yaml.safe_load(text)["books"]
    found = fastyaml._chunked(text, keep)
    assert found is not None
    chunks = found[0]["books"]
    assert all(isinstance(c, listchunks.Decoded) for c in chunks.blobs)
    assert [r for c in chunks.chunks(Book) for r in c] == [take(i, Book) for i in items]
    if keep:  # what the cache keeps: the items as parsed
        kept = listchunks.unpacked(listchunks.packed(found[0]))["books"]
        assert [i for c in kept.chunks() for i in c] == items
    else:
        assert chunks.raw is None


def test_problems_in_chunks_are_those_of_the_whole_file(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CURRICULUM_NO_CACHE", "1")
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    books = (broken / "books.yaml").read_text(encoding="utf-8")
    books = books.replace("    kind: textbook\n", "    kind: texbook\n", 3).replace(
        "  - id: b000150\n", "  - id: b000150\n    extra: 1\n"
    )
    (broken / "books.yaml").write_text(books, encoding="utf-8")
    whole = _validate(broken)
    monkeypatch.setattr(fastyaml, "CHUNKED_FROM", 1000)
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 11)
    assert _validate(broken) == whole
    assert len(whole["problems"]) >= 4  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "tail",
    [
        '  - id: zz\n    title: "open\n  - id: yy\n    title: closed"\n    authors: [A]\n    pages: 5\n',
        "  - id: zz\n    title: T\n    authors: [A,\n  - B]\n    pages: 5\n",
        "  - id: zz\n    title: yes\n    authors: [A]\n    pages: 5\n",
        "paces: {textbook: 10}\n",
    ],
)
def test_a_list_that_cannot_be_split_is_read_whole(folder: Path, tmp_path: Path, tail: str, monkeypatch) -> None:
    monkeypatch.setenv("CURRICULUM_NO_CACHE", "1")
    odd = tmp_path / "odd"
    shutil.copytree(folder, odd)
    (odd / "books.yaml").write_text((folder / "books.yaml").read_text(encoding="utf-8") + tail, encoding="utf-8")
    whole = _validate(odd)
    monkeypatch.setattr(fastyaml, "CHUNKED_FROM", 1000)
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 13)
    assert _validate(odd) == whole


def test_the_cache_keeps_chunks_and_gives_them_back(folder: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("CURRICULUM_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(fastyaml, "CHUNKED_FROM", 1000)
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 9)
    monkeypatch.setattr(yamlcache, "MIN_BYTES", 1000)
    monkeypatch.setattr(compiled, "MIN_BYTES", 1 << 62)  # the parsed files are read back, not a kept catalog
    parsed: list[str] = []
    original = yamlio.parse_yaml

    def counting(raw: bytes, name: str, **how: bool) -> yamlio.YamlDoc:
        parsed.append(name)
        return original(raw, name, **how)

    monkeypatch.setattr(yamlio, "parse_yaml", counting)
    first = _plan(folder)
    assert len(parsed) == 3
    again = _plan(folder)  # books.yaml and prereqs.yaml from the cache, in chunks
    assert first == again
    assert len(parsed) == 3 + 1  # only goals.yaml, under MIN_BYTES, is parsed again
    entries = list((tmp_path / "cache").rglob("*.marshal"))
    assert entries
    catalog = load_catalog(folder)
    assert len(catalog.books) == 300


def _list_by_line_starts(text: str) -> tuple[str, int, int, list[int]] | None:
    """fastyaml._list_in as first written, with patterns anchored at ``^`` (tried at every
    character): the plain reading of where a file's list, its end and its items are."""
    import re

    for key in fastyaml.LISTS:
        heads = list(re.finditer(rf"^{key}:[ ]*(?:#[^\n]*)?$", text, re.MULTILINE))
        if len(heads) == 1:
            break
    else:
        return None
    head = heads[0]
    first = re.compile(r"(?:[ ]*(?:#[^\n]*)?\n)*([ ]*)-(?=[ \n])").match(text, head.end() + 1)
    if first is None:
        return None
    indent = len(first.group(1))
    end = re.compile(rf"^[ ]{{0,{indent}}}(?![ #\n]|-[ \n])", re.MULTILINE).search(text, first.start(1))
    stop = end.start() if end is not None else len(text)
    item = re.compile(rf"^[ ]{{{indent}}}-(?=[ \n])", re.MULTILINE)
    return key, head.start(), stop, [m.start() for m in item.finditer(text, first.start(1), stop)]


_LINES = [
    *("books:", "books:  # the list", "books: ", "xbooks:", " books:", "books: []", "prereqs:", "goals:  "),
    *("  - id: a", "  -", "  - ", "  -x", "- a", "-", "   - deeper", " - one", "    title: x", "      - {n: 1}"),
    *("", " ", "  ", "   ", "# note", "  # note", "paces:", "  paces: 1", " x: 1", "z: 2", "\r", "  - a\r", "  #"),
]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=14), st.sampled_from(["", "\n", "\n\n", " "]))
def test_the_list_is_found_where_line_start_patterns_find_it(lines: list[str], end: str) -> None:
    text = "\n".join(lines) + end
    assert fastyaml._list_in(text) == _list_by_line_starts(text)


def test_the_list_of_a_generated_catalog_is_found_as_line_start_patterns_find_it(folder: Path) -> None:
    for name in ("books.yaml", "prereqs.yaml", "goals.yaml"):
        text = (folder / name).read_text(encoding="utf-8")
        found = fastyaml._list_in(text)
        assert found is not None and found == _list_by_line_starts(text)
        assert len(found[3]) > 1


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(["notes: |", "notes: >-  # c", "x: 1", "- a", "|", "", "  "]), max_size=4),
    st.integers(0, 3),
    st.sampled_from([0, 1, 4095, 4096, 5000, 70000]),
    st.sampled_from([" ", "\n", " \n", "\u2028", "\t\r\n"]),
)
def test_a_block_header_at_the_end_is_found_as_in_the_whole_stripped_text(
    lines: list[str], before: int, spaces: int, space: str
) -> None:
    text = "a: b\n" * before + "\n".join(lines) + space * spaces
    last = text.rstrip()
    whole = fastyaml._OPEN_BLOCK.search(last, last.rfind("\n") + 1) is not None
    assert fastyaml._ends_open(text) == whole
