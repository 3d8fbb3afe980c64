"""A large file's list read a chunk at a time (fastyaml.Chunks, read.consume) gives the catalog,
the problems and the cache entries that reading it whole gives."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.catalog import fastyaml, load_catalog, yamlcache, yamlio
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

    def counting(text: str) -> object:
        found = original(text)
        seen.append(found is not None)
        return found

    monkeypatch.setattr(fastyaml, "_chunked", counting)
    assert _plan(folder) == whole
    assert seen and all(seen)


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
    parsed: list[str] = []
    original = yamlio.parse_yaml

    def counting(raw: bytes, name: str) -> yamlio.YamlDoc:
        parsed.append(name)
        return original(raw, name)

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
