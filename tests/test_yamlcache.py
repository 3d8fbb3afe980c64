"""The cache of parsed catalog files: used while a file's bytes stay the same, never after."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
import yaml

from curriculum.catalog import fastyaml, load_catalog, read, yamlcache, yamlio
from curriculum.errors import CatalogError


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder, and every file big enough to be cached."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("CURRICULUM_NO_CACHE", raising=False)
    monkeypatch.setattr(yamlcache, "MIN_BYTES", 0)
    return home


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files actually parsed (not read from the cache)."""
    seen: list[str] = []
    original = yamlio.parse_yaml

    def counting(raw: bytes, name: str, **how: bool) -> yamlio.YamlDoc:
        seen.append(Path(name).name)
        return original(raw, name, **how)

    monkeypatch.setattr(yamlio, "parse_yaml", counting)
    return seen


def entries(home: Path) -> list[Path]:
    return sorted(home.glob("curriculum/yaml-*/*.marshal"))


BOOKS = """\
books:
  - id: a
    title: Book A
    authors: [Ann]
    hours: 3
  - id: b
    title: Book B
    authors: [Bob]
    hours: 4
"""
PREREQS = "prereqs:\n  - {before: a, after: b, reason: B builds on A.}\n"
GOALS = "goals:\n  - {id: g, title: G, targets: [{book: b}]}\n"


def test_the_second_load_reads_the_cache_and_gives_the_same_catalog(cache_home, parses, write_catalog):
    folder = write_catalog(BOOKS, PREREQS, GOALS)
    first = load_catalog(folder)
    assert sorted(parses) == ["books.yaml", "goals.yaml", "prereqs.yaml"]
    assert len(entries(cache_home)) == 3
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in entries(cache_home))
    assert entries(cache_home)[0].parent.stat().st_mode & 0o777 == 0o700
    parses.clear()
    second = load_catalog(folder)
    assert parses == []
    assert second == first


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a child is forked on Linux only")
def test_files_parsed_by_two_processes_are_kept_as_parsed(cache_home, parses, write_catalog, monkeypatch, forked):
    """The books parsed by two processes, their records handed over (issue 15): the cache keeps
    the items as parsed, and gives the same catalog back."""
    folder = write_catalog(BOOKS, PREREQS, GOALS)
    alone = load_catalog(folder)  # one process; what it parsed is kept
    for entry in entries(cache_home):
        entry.unlink()
    monkeypatch.setattr(fastyaml, "BESIDE_FROM", 0)
    monkeypatch.setattr(read, "BESIDE_FROM", 0)
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 1)
    parses.clear()
    first = load_catalog(folder)
    assert len(forked) == 2  # the books' second half, and the other files
    assert "books.yaml" in parses and len(entries(cache_home)) == 3
    books = next(e for e in entries(cache_home) if "books" in str(yamlcache.load(e)))
    kept = yamlcache.load(books)["books"]
    assert [i for c in kept.chunks() for i in c] == yaml.safe_load(BOOKS)["books"]
    parses.clear()
    assert load_catalog(folder) == first == alone
    assert parses == []


def test_a_changed_file_is_parsed_again_even_with_the_same_size_and_dates(cache_home, parses, write_catalog):
    folder = write_catalog(BOOKS, PREREQS, GOALS)
    books = folder / "books.yaml"
    assert load_catalog(folder).books["a"].book.title == "Book A"
    before = books.stat()
    books.write_text(BOOKS.replace("Book A", "Book Z"), encoding="utf-8")
    os.utime(books, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert books.stat().st_size == before.st_size and books.stat().st_mtime_ns == before.st_mtime_ns
    parses.clear()
    assert load_catalog(folder).books["a"].book.title == "Book Z"
    assert parses == ["books.yaml"]


def test_a_catalog_with_problems_writes_nothing_and_cached_files_keep_their_lines(cache_home, parses, write_catalog):
    folder = write_catalog(BOOKS.replace("hours: 4", "hours: -4"), PREREQS, GOALS)
    for _ in range(2):
        with pytest.raises(CatalogError) as bad:
            load_catalog(folder)
    assert len(parses) == 6 and entries(cache_home) == []
    assert "books.yaml:9: book 'b': hours:" in str(bad.value)
    # A file that was cached while good keeps its lines when it goes bad elsewhere.
    good = write_catalog(BOOKS, PREREQS, GOALS)
    load_catalog(good)
    parses.clear()
    (good / "goals.yaml").write_text(GOALS.replace("book: b", "book: nope"), encoding="utf-8")
    with pytest.raises(CatalogError) as worse:
        load_catalog(good)
    assert parses == ["goals.yaml"]
    assert "goals.yaml:2: goal 'g'" in str(worse.value)


def test_a_broken_entry_is_parsed_again_and_replaced(cache_home, parses, write_catalog):
    folder = write_catalog(BOOKS, PREREQS, GOALS)
    first = load_catalog(folder)
    for entry in entries(cache_home):
        entry.write_bytes(entry.read_bytes()[:7])
    parses.clear()
    assert load_catalog(folder) == first
    assert len(parses) == 3
    parses.clear()
    assert load_catalog(folder) == first
    assert parses == []


def test_data_marshal_cannot_write_is_simply_not_cached(cache_home, tmp_path):
    path = tmp_path / "dated.yaml"
    path.write_text("when: 2026-01-05\n", encoding="utf-8")
    for _ in range(2):
        assert str(yamlcache.read_yaml(path, "dated.yaml").data["when"]) == "2026-01-05"
    assert entries(cache_home) == []


def test_small_files_and_no_cache_write_nothing(tmp_path, monkeypatch, write_catalog):
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    folder = write_catalog(BOOKS, PREREQS, GOALS)
    load_catalog(folder)  # every file is under MIN_BYTES
    assert entries(home) == []
    monkeypatch.setattr(yamlcache, "MIN_BYTES", 0)
    monkeypatch.setenv("CURRICULUM_NO_CACHE", "1")
    load_catalog(folder)
    assert not home.exists()


def test_a_folder_others_may_write_is_not_used(cache_home, parses, write_catalog):
    folder = write_catalog(BOOKS, PREREQS, GOALS)
    load_catalog(folder)
    shared = entries(cache_home)[0].parent
    shared.chmod(0o777)
    parses.clear()
    load_catalog(folder)
    assert len(parses) == 3


def test_an_unwritable_cache_only_means_parsing(cache_home, parses, write_catalog):
    cache_home.mkdir()
    (cache_home / "curriculum").write_text("a file where the folder should be")
    folder = write_catalog(BOOKS, PREREQS, GOALS)
    first = load_catalog(folder)
    parses.clear()
    assert load_catalog(folder) == first
    assert len(parses) == 3


def test_the_least_recently_used_entries_go_first(cache_home, monkeypatch, write_catalog):
    monkeypatch.setattr(yamlcache, "MAX_ENTRIES", 4)
    folders = [write_catalog(BOOKS.replace("Book A", f"Book {i}"), PREREQS, GOALS) for i in range(3)]
    loads = [
        folders[0],  # 3 entries: books 0, prereqs, goals (shared by all three catalogs)
        folders[1],  # + books 1
        folders[0],  # books 0 is used again, so books 1 is now the least recently used
        folders[2],  # + books 2: one entry must go
    ]
    for folder in loads:
        time.sleep(0.05)  # file times may be as coarse as the kernel's clock tick
        load_catalog(folder)
    names = {p.name for p in entries(cache_home)}
    assert len(names) == 4
    books1 = yamlcache.entry_for((folders[1] / "books.yaml").read_bytes())
    books0 = yamlcache.entry_for((folders[0] / "books.yaml").read_bytes())
    assert books1 is not None and books0 is not None
    assert books1.name not in names and books0.name in names
