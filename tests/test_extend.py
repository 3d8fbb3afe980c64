"""Extend mode: a user's catalog folder adds books, edges and goals to the bundled catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum.catalog import Origin, load_catalog
from curriculum.cli import cli
from curriculum.errors import CatalogError, UsageError
from curriculum.resources import bundled_catalog_dir
from tests.conftest import WriteCatalog

EXTRA_BOOKS = """
paces:
  research: 4
books:
  - id: extra
    title: Extra
    authors: [E. Author]
    pages: 40
    kind: research
    chapters:
      - {number: 1, title: One}
      - {number: 2, title: Two}
"""
EXTRA_PREREQS = """
prereqs:
  - {before: ddia, after: extra, chapters: [6, 7], reason: Extra builds on replication and sharding.}
  - {before: extra, after: ctci, reason: A made-up edge into a bundled book.}
"""
EXTRA_GOALS = """
goals:
  - id: extra-goal
    title: Extra goal
    targets: [{book: extra}]
"""


def run(runner, *args: str):
    return runner.invoke(cli, list(args), prog_name="curriculum")


def bundled_line(file: str, text: str) -> int:
    """The line of the bundled catalog file holding ``text`` (so the tests follow catalog edits)."""
    lines = (bundled_catalog_dir() / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip() == text)


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(folder, extend=True)
    return [str(p) for p in info.value.problems]


def test_extension_adds_books_edges_and_goals(write_catalog: WriteCatalog, bundled):
    catalog = load_catalog(write_catalog(EXTRA_BOOKS, EXTRA_PREREQS, EXTRA_GOALS), extend=True)
    assert list(catalog.books) == [*bundled.books, "extra"]
    assert catalog.books["extra"].index == len(bundled.books)
    assert catalog.books["extra"].minutes == 600  # 40 pages at the user's 4 pages an hour
    assert catalog.books["ddia"] == bundled.books["ddia"]  # bundled estimates unchanged
    assert catalog.edges[: len(bundled.edges)] == bundled.edges
    assert [(e.before, e.after) for e in catalog.edges[len(bundled.edges) :]] == [("ddia", "extra"), ("extra", "ctci")]
    assert list(catalog.goals) == [*bundled.goals, "extra-goal"]
    assert catalog.paces == {**bundled.paces, "research": 4.0}
    assert catalog.origin.describe().startswith("bundled + ")


def test_a_folder_may_hold_only_edges_between_bundled_books(write_catalog, bundled):
    folder = write_catalog(prereqs="prereqs:\n  - {before: ctci, after: ddia, reason: Made up.}\n")
    catalog = load_catalog(folder, extend=True)
    assert len(catalog.books) == len(bundled.books)
    assert len(catalog.edges) == len(bundled.edges) + 1


def test_commands_take_extend(runner, write_catalog):
    folder = str(write_catalog(EXTRA_BOOKS, EXTRA_PREREQS, EXTRA_GOALS))
    result = run(runner, "validate", "--catalog", folder, "--extend")
    assert result.exit_code == 0
    assert result.stdout == "ok: 17 books, 22 prerequisites, 7 goals\n"
    why = run(runner, "why", "ddia", "--goal", "extra-goal", "--catalog", folder, "--extend")
    assert why.stdout.splitlines()[0] == (
        "ddia (Designing Data-Intensive Applications) is needed for extra-goal: it adds 8 h to the plan (ch 6-7)."
    )
    show = run(runner, "show", "extra", "--catalog", folder, "--extend")
    assert "  kind       research (4 pages/hour)\n" in show.stdout
    assert "Prerequisites:\n  ddia (ch 6-7): Designing Data-Intensive Applications\n" in show.stdout
    alone = run(runner, "validate", "--catalog", folder)
    assert alone.exit_code == 3
    assert f"  {folder}/prereqs.yaml:2: prereqs[0] (ddia -> extra): before: unknown book 'ddia'\n" in alone.stderr


def test_book_ids_of_the_bundled_catalog_are_errors_naming_both_files(write_catalog):
    books = EXTRA_BOOKS + (
        "  - {id: ddia, title: Mine, authors: [Me], hours: 2}\n"
        "  - {id: DMLS, title: Mine, authors: [Me], hours: 2}\n"
        "  - {id: ml-interview, title: Mine, authors: [Me], hours: 2}\n"
    )
    folder = write_catalog(books)
    assert problems_of(folder) == [
        f"{folder}/books.yaml:12: book 'ddia': id: 'ddia' is already a book of the bundled catalog"
        f" (catalog/books.yaml:{bundled_line('books.yaml', '- id: ddia')})",
        f"{folder}/books.yaml:13: book 'DMLS': id: 'DMLS' differs only in case from the bundled book 'dmls'"
        f" (catalog/books.yaml:{bundled_line('books.yaml', '- id: dmls')})",
        f"{folder}/books.yaml:14: book 'ml-interview': id: 'ml-interview' is a goal of the bundled catalog"
        f" (catalog/goals.yaml:{bundled_line('goals.yaml', '- id: ml-interview')}); goal and book ids must differ",
    ]


def test_goal_ids_and_edges_of_the_bundled_catalog_are_errors(write_catalog):
    goals = EXTRA_GOALS + "  - {id: deep-learning, title: Mine, targets: [{book: extra}]}\n"
    prereqs = EXTRA_PREREQS + "  - {before: dmls, after: reliable-ml, reason: Again.}\n"
    folder = write_catalog(EXTRA_BOOKS, prereqs, goals)
    lines = (bundled_catalog_dir() / "prereqs.yaml").read_text(encoding="utf-8").splitlines()
    edge_line = next(
        i for i, line in enumerate(lines, 1) if line.strip() == "- before: dmls" and "reliable-ml" in lines[i]
    )
    assert problems_of(folder) == [
        f"{folder}/prereqs.yaml:4: prereqs[2] (dmls -> reliable-ml): duplicate edge: the bundled catalog already links"
        f" these books (catalog/prereqs.yaml:{edge_line})",
        f"{folder}/goals.yaml:5: goal 'deep-learning': id: 'deep-learning' is already a goal of the bundled"
        f" catalog (catalog/goals.yaml:{bundled_line('goals.yaml', '- id: deep-learning')})",
    ]


def test_a_cycle_through_bundled_edges_is_reported_in_the_users_file(write_catalog):
    prereqs = EXTRA_PREREQS + "  - {before: ctci, after: ddia, reason: Closes the loop.}\n"
    folder = write_catalog(EXTRA_BOOKS, prereqs)
    assert problems_of(folder) == [
        f"{folder}/prereqs.yaml:2: prereqs: cycle: ctci -> ddia -> extra -> ctci; its 3 edges:"
        " prereqs[0] (ddia -> extra) on line 2, prereqs[1] (extra -> ctci) on line 3,"
        " prereqs[2] (ctci -> ddia) on line 4; removing any one of them breaks it"
    ]


def test_unknown_ids_suggest_bundled_and_own_books(write_catalog):
    prereqs = "prereqs:\n  - {before: ddai, after: extr, reason: Typos.}\n"
    folder = write_catalog(EXTRA_BOOKS, prereqs)
    assert problems_of(folder) == [
        f"{folder}/prereqs.yaml:2: prereqs[0] (ddai -> extr): before: unknown book 'ddai' (did you mean 'ddia'?)",
        f"{folder}/prereqs.yaml:2: prereqs[0] (ddai -> extr): after: unknown book 'extr' (did you mean 'extra'?)",
    ]


def test_extend_needs_a_folder_with_catalog_files(runner, tmp_path):
    result = run(runner, "validate", "--extend")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --extend needs --catalog DIR: the folder whose books, prerequisites and goals to add\n"
    )
    empty = run(runner, "validate", "--extend", "--catalog", str(tmp_path))
    assert empty.exit_code == 2
    assert empty.stderr == (
        f"Error: the catalog folder '{tmp_path}' has none of books.yaml, prereqs.yaml, goals.yaml\n"
    )
    with pytest.raises(UsageError, match="does not exist"):
        load_catalog(tmp_path / "none", extend=True)


def test_an_extension_gets_the_checks_of_a_catalog_of_its_own(write_catalog):
    """One pipeline: editions are checked, and an edge to a book with its own problem adds none."""
    books = (
        "books:\n"
        "  - {id: x1, title: X, authors: [A], pages: 100, edition_of: nosuch}\n"
        "  - {id: x2, title: Y, authors: [A], pages: 100, kind: weird}\n"
    )
    prereqs = "prereqs:\n  - {before: x2, after: x1, reason: Made up.}\n"
    folder = write_catalog(books, prereqs)
    expected = [
        f"{folder}/books.yaml:2: book 'x1': edition_of: unknown book 'nosuch'",
        f"{folder}/books.yaml:3: book 'x2': kind: 'weird' has no reading pace in `paces`",
    ]
    assert problems_of(folder) == expected
    with pytest.raises(CatalogError) as own:
        load_catalog(folder)
    assert [str(p) for p in own.value.problems] == expected


@pytest.mark.parametrize(
    ("folder", "extend", "kind", "described", "args"),
    [
        (None, False, "bundled", "bundled", ()),
        (Path("mine"), False, "custom", "mine", ("--catalog", "mine")),
        (Path("mine"), True, "extended", "bundled + mine", ("--catalog", "mine", "--extend")),
    ],
)
def test_the_origin_says_where_a_catalog_came_from_and_how_to_load_it_again(folder, extend, kind, described, args):
    origin = Origin.of(folder, extend=extend)
    assert (origin.kind, origin.folder) == (kind, folder)
    assert origin.describe() == described
    assert origin.catalog_args() == args


def test_a_loaded_catalog_carries_its_origin(write_catalog):
    folder = write_catalog(EXTRA_BOOKS)
    assert load_catalog().origin == Origin()
    assert load_catalog(folder, extend=True).origin == Origin("extended", folder)
    with pytest.raises(UsageError, match="--extend needs --catalog DIR"):
        Origin.of(None, extend=True)
