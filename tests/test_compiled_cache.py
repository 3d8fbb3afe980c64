"""Validated catalogs kept between runs (catalog.compiled): read back only while every file the
load reads is the same byte for byte, equal to a fresh load, and never trusted when damaged."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import msgspec
import pytest
from click.testing import CliRunner

from curriculum import resources
from curriculum.catalog import cache, compiled, load, load_catalog
from curriculum.catalog.model import Origin
from curriculum.cli import cli
from curriculum.errors import CatalogError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache folder, and every catalog big enough to be kept."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("CURRICULUM_NO_CACHE", raising=False)
    monkeypatch.setattr(compiled, "MIN_BYTES", 0)
    return home


@pytest.fixture
def loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kinds of catalog actually loaded from their files (not read back from the cache)."""
    seen: list[str] = []
    original = load._pipeline

    def counting(origin: Origin, base: object) -> object:
        seen.append(origin.kind)
        return original(origin, base)  # type: ignore[arg-type]

    monkeypatch.setattr(load, "_pipeline", counting)
    return seen


def entries(home: Path) -> list[Path]:
    return sorted(home.glob("curriculum/catalog-*/*.msgpack"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(200, tmp_path_factory.mktemp("compiled") / "c").folder


@pytest.fixture
def bundled_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled catalog, copied where a test may change it."""
    copy = tmp_path / "bundled"
    shutil.copytree(resources.bundled_catalog_dir(), copy)
    original = resources._data_dir
    monkeypatch.setattr(resources, "_data_dir", lambda name: copy if name == "catalog" else original(name))
    return copy


EXTENSION_BOOKS = """\
books:
  - id: extra-book
    title: Extra Book
    authors: [Ann]
    pages: 120
    chapters:
      - {number: 1, title: One, pages: 60}
      - {number: 2, title: Two, pages: 60, skip: Optional}
"""
EXTENSION_GOALS = "goals:\n  - {id: extra-goal, title: Extra, targets: [{book: extra-book}]}\n"


def test_the_bundled_catalog_read_back_equals_a_fresh_load(cache_home, loads):
    first = load_catalog()
    assert loads == ["bundled"] and len(entries(cache_home)) == 1
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in entries(cache_home))
    loads.clear()
    second = load_catalog()
    assert loads == []
    assert second == first
    assert list(second.books) == list(first.books) and list(second.goals) == list(first.goals)
    # the chapters' texts are the book's, shared as a fresh load shares them (memory at 100k books)
    entry = next(e for e in second.books.values() if e.book.chapters)
    assert entry.units[0].title is entry.book.chapters[0].title


def test_a_generated_catalog_read_back_equals_a_fresh_load(cache_home, loads, generated):
    first = load_catalog(generated)
    loads.clear()
    second = load_catalog(generated)
    assert loads == []
    assert second == first
    assert [e.index for e in second.books.values()] == list(range(len(first.books)))
    assert any(e.skips for e in first.books.values()) == any(e.skips for e in second.books.values())


def test_an_extended_catalog_read_back_equals_a_fresh_load(cache_home, loads, write_catalog):
    folder = write_catalog(EXTENSION_BOOKS, None, EXTENSION_GOALS)
    first = load_catalog(folder, extend=True)
    assert loads == ["bundled", "extended"]
    loads.clear()
    second = load_catalog(folder, extend=True)
    assert loads == []
    assert second == first and second.origin == Origin("extended", folder)
    assert second.books["extra-book"].skips and "extra-goal" in second.goals
    # the same folder as a catalog of its own is another catalog, with another entry
    alone = load_catalog(folder)
    assert loads == ["custom"] and len(alone.books) == 1 and alone.origin.kind == "custom"
    assert len(entries(cache_home)) == 2


def test_the_origin_is_the_current_one_not_the_one_kept(cache_home, loads, generated, tmp_path):
    load_catalog(generated)
    moved = tmp_path / "moved"
    shutil.copytree(generated, moved)
    loads.clear()
    catalog = load_catalog(moved)
    assert loads == []  # the same bytes: the same entry
    assert catalog.origin == Origin("custom", moved)


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("name", ["books.yaml", "prereqs.yaml", "goals.yaml"])
def test_a_changed_file_is_loaded_again(cache_home, loads, write_catalog, name):
    books = EXTENSION_BOOKS.replace("extra-book", "a")
    folder = write_catalog(
        books + "  - {id: b, title: Book B, authors: [Bob], hours: 4}\n",
        "prereqs:\n  - {before: a, after: b, reason: B builds on A.}\n",
        "goals:\n  - {id: g, title: Goal G, targets: [{book: b}]}\n",
    )
    first = load_catalog(folder)
    old, new = {
        "books.yaml": ("Book B", "Book C"),
        "prereqs.yaml": ("on A.", "on A!"),
        "goals.yaml": ("Goal G", "Goal H"),
    }[name]
    _edit(folder, name, old, new)
    loads.clear()
    second = load_catalog(folder)
    assert loads == ["custom"]
    assert second != first
    assert (second.books["b"].book.title, second.edges[0].reason, second.goals["g"].title) == {
        "books.yaml": ("Book C", "B builds on A.", "Goal G"),
        "prereqs.yaml": ("Book B", "B builds on A!", "Goal G"),
        "goals.yaml": ("Book B", "B builds on A.", "Goal H"),
    }[name]


def test_a_file_added_or_removed_is_loaded_again(cache_home, loads, write_catalog):
    folder = write_catalog(EXTENSION_BOOKS, None, EXTENSION_GOALS)
    assert list(load_catalog(folder).goals) == ["extra-goal"]
    (folder / "goals.yaml").unlink()
    assert list(load_catalog(folder).goals) == []
    (folder / "prereqs.json").write_text('{"prereqs": []}', encoding="utf-8")
    loads.clear()
    assert load_catalog(folder).edges == ()
    assert loads == ["custom"]


@pytest.mark.parametrize("name", ["books.yaml", "prereqs.yaml", "goals.yaml"])
def test_a_changed_bundled_file_misses_for_an_extension(cache_home, loads, write_catalog, bundled_copy, name):
    folder = write_catalog(EXTENSION_BOOKS, None, EXTENSION_GOALS)
    first = load_catalog(folder, extend=True)
    with (bundled_copy / name).open("a", encoding="utf-8") as handle:
        handle.write("# changed\n")  # the same catalog: only the bytes differ
    loads.clear()
    second = load_catalog(folder, extend=True)
    assert loads == ["bundled", "extended"]
    assert second == first


def test_a_file_that_is_a_link_is_not_kept(cache_home, loads, write_catalog, tmp_path):
    folder = write_catalog(EXTENSION_BOOKS, None, None)
    (folder / "goals.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    with pytest.raises(CatalogError):
        load_catalog(folder)
    (tmp_path / "elsewhere.yaml").write_text(EXTENSION_GOALS, encoding="utf-8")
    with pytest.raises(CatalogError):  # a link out of the folder is refused, every time
        load_catalog(folder)
    assert entries(cache_home) == []


def test_a_catalog_with_a_problem_is_not_kept(cache_home, write_catalog):
    folder = write_catalog(EXTENSION_BOOKS, "prereqs:\n  - {before: extra-book, after: nope, reason: R.}\n", None)
    for _ in range(2):
        with pytest.raises(CatalogError):
            load_catalog(folder)
    assert entries(cache_home) == []


def test_a_small_catalog_is_not_kept(cache_home, monkeypatch, write_catalog):
    monkeypatch.setattr(compiled, "MIN_BYTES", 256 * 1024)
    load_catalog(write_catalog(EXTENSION_BOOKS, None, EXTENSION_GOALS))
    load_catalog()
    assert entries(cache_home) == []


@pytest.mark.parametrize("damage", ["truncated", "flipped", "not a catalog", "wrong types"])
def test_a_damaged_entry_is_ignored_and_written_again(cache_home, loads, generated, damage):
    first = load_catalog(generated)
    (entry,) = entries(cache_home)
    blob = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped":
        entry.write_bytes(blob[:-100] + bytes([blob[-100] ^ 1]) + blob[-99:])
    else:  # hashed as an entry should be, but holding something else
        payload = msgspec.msgpack.encode(
            [1, 2, 3] if damage == "not a catalog" else [["x"], [[1]], [0], [], {}, {}, {}]
        )
        entry.write_bytes(cache.encode(entry.name, payload))
    loads.clear()
    assert load_catalog(generated) == first
    assert loads == ["custom"]
    assert entry.read_bytes() == blob  # written again
    loads.clear()
    assert load_catalog(generated) == first
    assert loads == []


def test_no_cache_reads_and_writes_nothing(cache_home, loads, generated, monkeypatch):
    monkeypatch.setenv("CURRICULUM_NO_CACHE", "1")
    load_catalog(generated)
    load_catalog(generated)
    assert loads == ["custom", "custom"]
    assert not (cache_home / "curriculum").exists()


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), prog_name="curriculum")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_commands_print_and_write_the_same_bytes_from_the_cache(cache_home, loads, generated, monkeypatch, tmp_path):
    plan = ["plan", "--catalog", str(generated), "--goal", "reach-most", "--hours", "20", "--start", "2030-01-07"]
    commands = [
        [*plan, "--json"],
        [*plan, "--format", "md,ics,csv"],
        ["validate", "--catalog", str(generated)],
        ["books", "--catalog", str(generated)],
    ]
    outputs = []
    for setting in ("1", "0"):
        monkeypatch.setenv("CURRICULUM_NO_CACHE", setting)
        (tmp_path / setting).mkdir()
        monkeypatch.chdir(tmp_path / setting)  # the files go to ./output
        loads.clear()
        printed = [_run(*command) for command in commands]
        written = {p.name: p.read_bytes() for p in sorted((tmp_path / setting / "output").iterdir())}
        outputs.append((printed, written))
    assert loads == ["custom"]  # with the cache, the first command kept it, the others read it back
    assert len(outputs[0][1]) == 3
    assert outputs[1] == outputs[0]


def test_an_entry_others_may_write_is_not_trusted_and_replaced(cache_home, loads, generated):
    first = load_catalog(generated)
    (entry,) = entries(cache_home)
    entry.chmod(0o666)
    loads.clear()
    assert load_catalog(generated) == first
    assert loads == ["custom"]
    assert entry.stat().st_mode & 0o777 == 0o600  # replaced by one of its own
