"""Catalog loading: the bundled catalog's facts, and one test per validation error."""

from __future__ import annotations

from pathlib import Path

import pytest

from curriculum.catalog import load_catalog
from curriculum.errors import CatalogError, UsageError
from tests.conftest import SMALL_BOOKS, SMALL_GOALS, SMALL_PREREQS, WriteCatalog


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(folder)
    return [str(p) for p in info.value.problems]


# --- the bundled catalog ---------------------------------------------------------------


def test_bundled_catalog_has_the_fifteen_books_and_ddias_first_edition(bundled):
    assert list(bundled.books) == [
        "math-of-ml", "dl-math-workbook", "hundred-page-ml", "ml-q-and-ai", "ddia", "ddia-1e", "dmls", "reliable-ml",
        "ml-pytorch-sklearn", "homl", "dlwp", "llm-from-scratch", "ctci", "system-design-interview",
        "inside-ml-interview", "ml-system-design-interview",
    ]  # fmt: skip


def test_danka_is_packt_2025_with_no_free_edition(bundled):
    danka = bundled.books["math-of-ml"].book
    assert danka.publisher == "Packt Publishing"
    assert danka.year == 2025
    assert danka.authors == ["Tivadar Danka"]
    assert danka.free_url is None
    assert danka.isbn13 == "9781837027873"


def test_ddia_is_the_second_edition_and_the_goal_reads_replication_and_sharding(bundled):
    ddia = bundled.books["ddia"]
    assert ddia.book.edition is not None and ddia.book.edition.startswith("2nd")
    assert ddia.book.year == 2026
    chapters = {u.number: u.title for u in ddia.units}
    assert (chapters["6"], chapters["7"]) == ("Replication", "Sharding")
    target = next(t for t in bundled.goals["ml-system-design"].targets if t.is_group)
    assert [(c.book, c.chapters) for c in target.choices] == [("ddia", ["6", "7"]), ("ddia-1e", ["5", "6"])]
    first = bundled.books["ddia-1e"]
    assert first.book.edition_of == "ddia" and first.book.isbn13 == "9781449373320"
    numbers = {u.number: u.title for u in first.units}
    assert (numbers["5"], numbers["6"]) == ("Replication", "Partitioning")


@pytest.mark.parametrize(
    "goal", ["ml-system-design", "ml-foundations", "deep-learning", "llm-engineering", "ml-interview"]
)
def test_required_goals_exist(bundled, goal):
    assert goal in bundled.goals


def test_every_book_says_where_its_facts_came_from(bundled):
    for entry in bundled.books.values():
        assert entry.book.sources, entry.id


def test_isbn13_check_digits_are_valid(bundled):
    for entry in bundled.books.values():
        isbn = entry.book.isbn13
        if isbn is None:
            assert any("ISBN" in u or "isbn" in u for u in entry.book.unverified), entry.id
            continue
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(isbn[:12]))
        assert (10 - total % 10) % 10 == int(isbn[12]), entry.id


def test_books_without_pages_say_so_and_carry_an_hours_estimate(bundled):
    for entry in bundled.books.values():
        if entry.book.pages is None:
            assert entry.book.hours is not None and entry.book.hours_note, entry.id
            assert any("page" in u.lower() for u in entry.book.unverified), entry.id


def test_hours_follow_the_pace_of_the_book_kind(bundled):
    # DMLS: 354 pages of chapters at the practitioner pace of 12 pages an hour = 29.5 h.
    dmls = bundled.books["dmls"]
    assert bundled.paces["practitioner"] == 12
    assert dmls.minutes == 29.5 * 60
    # Estimates are whole half hours, at least one per chapter.
    assert all(u.minutes % 30 == 0 and u.minutes >= 30 for u in dmls.units)


# --- validation: one test per kind of problem ------------------------------------------------


def test_valid_small_catalog_loads(write_catalog: WriteCatalog):
    catalog = load_catalog(write_catalog(SMALL_BOOKS, SMALL_PREREQS, SMALL_GOALS))
    assert list(catalog.books) == ["alpha", "beta", "gamma"]
    assert [u.minutes for u in catalog.books["alpha"].units] == [300, 300]  # 100 pages / 10 per hour
    assert [u.minutes for u in catalog.books["beta"].units] == [120, 120, 120]
    assert catalog.books["gamma"].units[0].number is None


def test_missing_folder_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match=r"the catalog folder '.*nowhere' does not exist"):
        load_catalog(tmp_path / "nowhere")


def test_missing_books_file(write_catalog):
    folder = write_catalog(prereqs=SMALL_PREREQS)
    assert problems_of(folder) == [f"{folder}/books.yaml: the file is missing"]


def test_malformed_yaml_names_file_and_line(write_catalog):
    folder = write_catalog('books:\n  - id: "alpha\n    title: x\n')
    [problem] = problems_of(folder)
    assert problem.startswith(f"{folder}/books.yaml:")
    assert "malformed YAML" in problem


def test_tab_indentation(write_catalog):
    folder = write_catalog("books:\n\t- id: alpha\n")
    assert problems_of(folder) == [
        f"{folder}/books.yaml:2: malformed YAML: a tab character; YAML must be indented with spaces"
    ]


def test_document_that_is_a_list(write_catalog):
    folder = write_catalog("- id: alpha\n")
    assert problems_of(folder) == [
        f"{folder}/books.yaml:1: the file must be a mapping with a `books:` list, not a list"
    ]


def test_unknown_field_is_reported(write_catalog):
    folder = write_catalog(SMALL_BOOKS.replace("pages: 100", "pagez: 100"))
    assert f"{folder}/books.yaml:5: book 'alpha': pagez: unknown field" in problems_of(folder)


def test_duplicate_book_ids(write_catalog):
    folder = write_catalog(SMALL_BOOKS.replace("id: gamma", "id: alpha"))
    assert problems_of(folder) == [f"{folder}/books.yaml:17: book 'alpha': id: 'alpha' is defined twice"]


def test_ids_differing_only_in_case(write_catalog):
    folder = write_catalog(SMALL_BOOKS.replace("id: gamma", "id: ALPHA"))
    assert problems_of(folder) == [
        f"{folder}/books.yaml:17: book 'ALPHA': id: 'ALPHA' differs from 'alpha' only in case"
    ]


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "hours: input should be greater than 0 (got 0)"),
        ("-2", "hours: input should be greater than 0 (got -2)"),
        (".nan", "hours: must be a finite number (got nan)"),
        (".inf", "hours: must be a finite number (got inf)"),
        ("1e308", "hours: input should be less than or equal to 10000 (got '1e308')"),
        ("lots", "hours: input should be a valid number, unable to parse string as a number"),
    ],
)
def test_bad_hours(write_catalog, hours, message):
    folder = write_catalog(SMALL_BOOKS.replace("hours: 3", f"hours: {hours}"))
    assert problems_of(folder) == [f"{folder}/books.yaml:20: book 'gamma': {message}"]


def test_duplicate_chapter_numbers(write_catalog):
    folder = write_catalog(SMALL_BOOKS.replace("{number: 2, title: Two}", "{number: 1, title: Two}"))
    assert problems_of(folder) == [
        f"{folder}/books.yaml:8: book 'alpha': chapters[1].number: chapter '1' is listed twice"
    ]


def test_unknown_ids_in_edges_and_goals(write_catalog):
    prereqs = SMALL_PREREQS.replace("after: gamma", "after: gama")
    goals = SMALL_GOALS.replace("book: gamma", "book: delta")
    folder = write_catalog(SMALL_BOOKS, prereqs, goals)
    assert problems_of(folder) == [
        f"{folder}/prereqs.yaml:3: prereqs[1] (beta -> gama): after: unknown book 'gama' (did you mean 'gamma'?)",
        f"{folder}/goals.yaml:5: goal 'finish': targets[0].book: unknown book 'delta' (did you mean 'beta'?)",
    ]


def test_self_loop(write_catalog):
    folder = write_catalog(SMALL_BOOKS, SMALL_PREREQS + "  - {before: gamma, after: gamma, reason: Loop.}\n")
    assert problems_of(folder) == [
        f"{folder}/prereqs.yaml:4: prereqs[2] (gamma -> gamma):"
        " a book cannot be its own prerequisite ('gamma' -> 'gamma')"
    ]


def test_cycle_is_printed_as_a_path_with_its_edges_and_their_lines(write_catalog):
    folder = write_catalog(SMALL_BOOKS, SMALL_PREREQS + "  - {before: gamma, after: alpha, reason: Back.}\n")
    assert problems_of(folder) == [
        f"{folder}/prereqs.yaml:2: prereqs: cycle: alpha -> beta -> gamma -> alpha; its 3 edges:"
        " prereqs[0] (alpha -> beta) on line 2, prereqs[1] (beta -> gamma) on line 3,"
        " prereqs[2] (gamma -> alpha) on line 4; removing any one of them breaks it"
    ]


def test_every_cyclic_group_is_reported_once_with_its_edges_and_edges_to_remove_together(write_catalog):
    books = "books:\n" + "".join(f"  - {{id: {b}, title: {b}, authors: [X], hours: 1}}\n" for b in "abcdefgh")
    pairs = ["a b", "b c", "c a", "c d", "d b", "d e", "e a", "f g", "g f", "e h"]
    prereqs = "prereqs:\n" + "".join(f"  - {{before: {p[0]}, after: {p[2]}, reason: r}}\n" for p in pairs)
    prereqs += "  - {any_of: [{book: h}, {book: g}, {book: b}], after: d, reason: r}\n"  # h and b are in the group
    folder = write_catalog(books, prereqs)
    assert problems_of(folder) == [
        f"{folder}/prereqs.yaml:2: prereqs: cycle: a -> b -> c -> a, one of the cycles among 6 books"
        " (a, b, c, d, e, h); their 9 edges: prereqs[0] (a -> b) on line 2, prereqs[1] (b -> c) on line 3,"
        " prereqs[2] (c -> a) on line 4, prereqs[3] (c -> d) on line 5, prereqs[4] (d -> b) on line 6,"
        " prereqs[5] (d -> e) on line 7, prereqs[6] (e -> a) on line 8, prereqs[9] (e -> h) on line 11,"
        " prereqs[10] (any of b|h|... -> d) on line 12; removing these 3 together breaks all of them:"
        " prereqs[1] (b -> c) on line 3, prereqs[4] (d -> b) on line 6, prereqs[5] (d -> e) on line 7",
        f"{folder}/prereqs.yaml:9: prereqs: cycle: f -> g -> f; its 2 edges: prereqs[7] (f -> g) on line 9,"
        " prereqs[8] (g -> f) on line 10; removing any one of them breaks it",
    ]


def test_an_alternative_to_remove_is_named_in_its_group(write_catalog):
    books = "books:\n" + "".join(f"  - {{id: {b}, title: {b}, authors: [X], hours: 1}}\n" for b in "pqxyz")
    prereqs = """
        prereqs:
          - {before: y, after: p, reason: r}
          - {before: y, after: q, reason: r}
          - {before: p, after: x, reason: r}
          - {before: q, after: x, reason: r}
          - {any_of: [{book: x}, {book: z}], after: y, reason: r}
        """
    folder = write_catalog(books, prereqs)
    assert problems_of(folder) == [
        f"{folder}/prereqs.yaml:2: prereqs: cycle: p -> x -> y -> p (through the any_of group prereqs[4]),"
        " one of the cycles among 4 books (p, q, x, y); their 5 edges: prereqs[0] (y -> p) on line 2,"
        " prereqs[1] (y -> q) on line 3, prereqs[2] (p -> x) on line 4, prereqs[3] (q -> x) on line 5,"
        " prereqs[4] (any of x|... -> y) on line 6;"
        " removing the alternative x of prereqs[4] (any of x|... -> y) on line 6 breaks all of them"
    ]


def _has_cycle(arcs: set[tuple[int, int]]) -> bool:
    succ: dict[int, list[int]] = {}
    for u, v in arcs:
        succ.setdefault(u, []).append(v)
    state: dict[int, int] = {}  # 1: on the path, 2: done

    def visit(node: int) -> bool:
        state[node] = 1
        for nxt in succ.get(node, []):
            if state.get(nxt) == 1 or (nxt not in state and visit(nxt)):
                return True
        state[node] = 2
        return False

    return any(node not in state and visit(node) for node in list(succ))


@pytest.mark.parametrize("seed", range(40))
def test_the_edges_to_remove_break_every_cycle_and_none_of_them_is_needless(seed):
    import random

    from curriculum.catalog.messages import cut_arcs

    rng = random.Random(seed)
    size = rng.randrange(2, 30)
    arcs = {(u, v) for u, v in (rng.sample(range(size), 2) for _ in range(rng.randrange(size, 4 * size)))}
    nodes = sorted({n for arc in arcs for n in arc})
    cut = cut_arcs([str(n) for n in nodes], [(str(u), str(v)) for u, v in sorted(arcs)])
    rest = arcs - {(int(u), int(v)) for u, v in cut}
    assert not _has_cycle(rest)
    for u, v in cut:  # each one removed is needed: putting it back closes a cycle
        assert _has_cycle(rest | {(int(u), int(v))})


def test_a_large_cyclic_group_names_a_bounded_number_of_books_and_edges(write_catalog):
    from curriculum.catalog.problems import MAX_NAMED

    size = 2_000
    books = "books:\n" + "".join(f"  - {{id: b{i}, title: t, authors: [X], hours: 1}}\n" for i in range(size))
    pairs = [(i, (i + 1) % size) for i in range(size)] + [(i, (i * 7 + 3) % size) for i in range(0, size, 2)]
    prereqs = "prereqs:\n" + "".join(f"  - {{before: b{u}, after: b{v}, reason: r}}\n" for u, v in pairs)
    [problem] = problems_of(write_catalog(books, prereqs))
    assert "one of the cycles among 2,000 books (b0, b1, b10, " in problem
    assert f"and {2_000 - MAX_NAMED:,} more books); their 3,000 edges: " in problem
    assert f"and {3_000 - MAX_NAMED:,} more edges; removing these " in problem
    assert problem.count(" on line ") == 2 * MAX_NAMED and len(problem) < 3_000


def test_edge_naming_a_missing_chapter(write_catalog):
    folder = write_catalog(SMALL_BOOKS, SMALL_PREREQS.replace('chapters: ["2"]', 'chapters: ["9"]'))
    assert problems_of(folder) == [
        f"{folder}/prereqs.yaml:2: prereqs[0] (alpha -> beta): chapters: book 'alpha' has no chapter '9'"
    ]


def test_goal_naming_a_missing_chapter_and_a_book_without_chapters(write_catalog):
    goals = SMALL_GOALS.replace(
        "- book: gamma", "- {book: gamma, chapters: ['1']}\n      - {book: beta, chapters: [4]}"
    )
    folder = write_catalog(SMALL_BOOKS, SMALL_PREREQS, goals)
    assert problems_of(folder) == [
        f"{folder}/goals.yaml:5: goal 'finish': chapters: book 'gamma' has no chapter list",
        f"{folder}/goals.yaml:6: goal 'finish': chapters: book 'beta' has no chapter '4'",
    ]


def test_goal_without_targets(write_catalog):
    folder = write_catalog(SMALL_BOOKS, SMALL_PREREQS, "goals:\n  - {id: empty, title: Empty, targets: []}\n")
    assert problems_of(folder) == [
        f"{folder}/goals.yaml:2: goal 'empty': targets: list should have at least 1 item after validation, not 0"
    ]


def test_book_with_nothing_to_estimate_from(write_catalog):
    folder = write_catalog(SMALL_BOOKS.replace("    hours: 3\n", ""))
    assert problems_of(folder) == [
        f"{folder}/books.yaml:17: book 'gamma': no reading time can be estimated: give `pages`, `hours`,"
        " or chapters with `hours`"
    ]


def test_unknown_kind(write_catalog):
    folder = write_catalog(SMALL_BOOKS.replace("pages: 100", "pages: 100\n    kind: mathz"))
    assert problems_of(folder) == [
        f"{folder}/books.yaml:6: book 'alpha': kind: 'mathz' has no reading pace in `paces` (did you mean 'maths'?)"
    ]


def test_every_problem_is_reported_at_once(write_catalog):
    books = SMALL_BOOKS.replace("hours: 6", "hours: -6").replace("id: gamma", "id: alpha")
    prereqs = SMALL_PREREQS + "  - {before: nope, after: alpha, reason: x}\n"
    folder = write_catalog(books, prereqs, SMALL_GOALS)
    assert problems_of(folder) == [
        f"{folder}/books.yaml:12: book 'beta': hours: input should be greater than 0 (got -6)",
        f"{folder}/books.yaml:17: book 'alpha': id: 'alpha' is defined twice",
        # gamma was renamed, so it is unknown; that the edge also names the broken beta is not said again.
        f"{folder}/prereqs.yaml:3: prereqs[1] (beta -> gamma): after: unknown book 'gamma'",
        f"{folder}/prereqs.yaml:4: prereqs[2] (nope -> alpha): before: unknown book 'nope'",
        f"{folder}/goals.yaml:5: goal 'finish': targets[0].book: unknown book 'gamma'",
    ]


def test_problems_are_listed_by_file_and_in_line_order(write_catalog):
    books = SMALL_BOOKS.replace("pages: 100", "pages: 100\n    kind: mathz").replace("hours: 6", "hourz: 6")
    folder = write_catalog(books, SMALL_PREREQS.replace("before: alpha", "before: alhpa"), "goals: 3\n")
    assert [p.split(": ")[0].removeprefix(f"{folder}/") for p in problems_of(folder)] == [
        "books.yaml:6",  # kind: found by the checks, after the schema's problems, and listed first
        "books.yaml:13",  # hourz: unknown field
        "prereqs.yaml:2",
        "goals.yaml:1",
    ]


BROKEN = """
books:
  - {id: ok, title: Fine, authors: [A], hours: 2}
  - {id: no-hours, title: No hours, authors: [A]}
  - {id: odd-kind, title: Odd kind, authors: [A], hours: 2, kind: oddity}
  - {id: no-title, authors: [A], hours: 2}
  - {id: second, title: Second, authors: [A], hours: 2, edition_of: no-hours}
"""


def test_books_that_failed_are_not_reported_again_where_they_are_named(write_catalog):
    """Issue 13: a book dropped for another problem (no hours, an unknown kind, a missing field)
    made every edge and goal naming it say "unknown book 'X' (did you mean ...)"."""
    failed = ["no-hours", "odd-kind", "no-title"]
    prereqs = "prereqs:\n" + "".join(
        f"  - {{before: {b}, after: ok, reason: r}}\n  - {{before: ok, after: {b}, reason: r}}\n"
        f"  - {{any_of: [{{book: {b}}}, {{book: second}}], after: ok, reason: r}}\n"
        for b in failed
    )
    prereqs += "  - {before: no-hours, after: unknwn, reason: r}\n"  # the other end is unknown: said
    goals = (
        "starting_points:\n  - {id: basics, title: Basics, covers: [{book: no-title}, {book: odd-kind}]}\n"
        "goals:\n  - {id: g, title: G, assumes: [basics], targets: [{book: no-hours}, {book: odd-kind},"
        " {any_of: [{book: no-title}, {book: ok}]}]}\n"
    )
    folder = write_catalog(BROKEN, prereqs, goals)
    problems = problems_of(folder)
    assert [p.removeprefix(f"{folder}/") for p in problems] == [
        "books.yaml:3: book 'no-hours': no reading time can be estimated: give `pages`, `hours`,"
        " or chapters with `hours`",
        "books.yaml:4: book 'odd-kind': kind: 'oddity' has no reading pace in `paces`",
        "books.yaml:5: book 'no-title': title: is required",
        "prereqs.yaml:11: prereqs[9] (no-hours -> unknwn): after: unknown book 'unknwn'",
    ]


def test_aliases_are_refused(write_catalog):
    folder = write_catalog("books:\n  - &b {id: a, title: A, authors: [x], hours: 1}\n  - *b\n")
    assert problems_of(folder) == [f"{folder}/books.yaml:3: YAML aliases (*name) are not allowed in a catalog"]


def test_python_tags_are_not_constructed(write_catalog):
    folder = write_catalog("books: !!python/object/apply:os.system ['echo hacked']\n")
    [problem] = problems_of(folder)
    assert "malformed YAML" in problem and "python/object" in problem


def test_not_utf8(write_catalog):
    folder = write_catalog()
    (folder / "books.yaml").write_bytes(b"books:\n  - id: caf\xe9\n")
    assert problems_of(folder) == [f"{folder}/books.yaml:2: the file is not UTF-8 text (byte 0xe9 at offset 18)"]


@pytest.mark.parametrize("text", ["", "\n", "  \n\n   ", "\ufeff \n", "\u2028\u00a0\u3000\n"])
def test_empty_file(write_catalog, text):
    """Nothing but white space (as str.strip sees it, byte order mark dropped) is an empty file."""
    folder = write_catalog(text)
    assert problems_of(folder) == [f"{folder}/books.yaml: the file is empty"]


def test_goal_id_equal_to_a_book_id(write_catalog):
    folder = write_catalog(SMALL_BOOKS, SMALL_PREREQS, SMALL_GOALS.replace("id: finish", "id: beta"))
    assert problems_of(folder) == [
        f"{folder}/goals.yaml:2: goal 'beta': id: 'beta' is also a book id; goal and book ids must differ"
    ]


def test_the_catalog_package_imports_no_cli_template_or_pdf_library_and_leaves_the_collector_alone():
    """The core of the catalog is a library: click, jinja2 and weasyprint belong to the commands and
    renderers, and tuning the garbage collector to the command line's entry (cli_common.py)."""
    import subprocess
    import sys

    code = (
        "import gc, sys; gc.disable = gc.freeze = None\n"
        "import curriculum.catalog, curriculum.catalog.validation, curriculum.catalog.jsonschema\n"
        "curriculum.catalog.load_catalog()\n"
        "print(sorted(m for m in ('click', 'jinja2', 'weasyprint') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "[]\n"


def test_validate_json_counts_what_a_broken_catalog_read_and_what_failed(write_catalog, runner):
    import json

    from curriculum.cli import cli

    prereqs = SMALL_PREREQS + "  - {before: gamma, after: nope, reason: r}\n"
    folder = write_catalog(SMALL_BOOKS.replace("hours: 3", "hours: 0"), prereqs, "goals: [\n")
    result = runner.invoke(cli, ["validate", "--catalog", str(folder), "--json"])
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert (data["books"], data["prerequisites"], data["goals"]) == (2, 2, None)
    assert data["entries"] == {
        "books": {"read": 3, "failed": 1},
        "prerequisites": {"read": 3, "failed": 1},  # nope is unknown; naming the failed gamma is no failure
        "goals": {"read": None, "failed": 0},  # goals.yaml is not YAML
    }
    extended = json.loads(runner.invoke(cli, ["validate", "--catalog", str(folder), "--extend", "--json"]).stdout)
    bundled = load_catalog()
    assert extended["books"] == len(bundled.books) + 2 and extended["entries"]["books"] == {"read": 3, "failed": 1}
