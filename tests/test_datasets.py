"""Real prerequisite graphs written by other people convert to catalogs and plan.

Copies of the datasets (from the project's shared/datasets/) are in tests/datasets/, with their
attribution and licences; they are converted on the fly and nothing derived from them is
committed (Metacademy's content is CC BY-SA 3.0; docs/catalog.md credits both datasets).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from curriculum.catalog import Catalog, load_catalog
from curriculum.cli import cli
from curriculum.convert import convert, convert_dataset, deepest, read_dataset
from curriculum.errors import UsageError
from curriculum.planner import PlanRequest, make_plan

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "tests" / "datasets"
START = date(2027, 1, 4)
PACES = [2.0, 5.0, 12.5]


def dataset(name: str) -> Path:
    path = DATASETS / name
    if not path.is_file():
        pytest.fail(f"dataset missing: {path}")
    return path


@pytest.fixture(scope="module")
def metacademy(tmp_path_factory) -> Catalog:
    folder = tmp_path_factory.mktemp("metacademy")
    convert_dataset(dataset("metacademy.json"), folder)
    return load_catalog(folder)


@pytest.fixture(scope="module")
def ossu(tmp_path_factory) -> Catalog:
    folder = tmp_path_factory.mktemp("ossu")
    convert_dataset(dataset("ossu_cs.json"), folder)
    return load_catalog(folder)


def ancestors(catalog: Catalog, book: str) -> set[str]:
    """The book and everything before it, walked here without the project's graph code."""
    before: dict[str, list[str]] = {}
    for edge in catalog.edges:
        if edge.strength == "recommended":
            before.setdefault(edge.after, []).append(edge.before)
    seen = {book}
    stack = [book]
    while stack:
        for pred in before.get(stack.pop(), []):
            if pred not in seen:
                seen.add(pred)
                stack.append(pred)
    return seen


def check_plan(catalog: Catalog, goal: str, hours: float) -> None:
    """The core invariants of a plan of a goal that targets one whole book."""
    plan = make_plan(catalog, PlanRequest(goals=(goal,), hours_per_week=hours, start=START))
    [target] = catalog.goals[goal].targets
    wanted = ancestors(catalog, target.book)

    # The closure, exactly, each book once, every chapter whole.
    planned = [b.id for b in plan.books]
    assert len(planned) == len(set(planned))
    assert set(planned) == wanted
    read: dict[tuple[str, int], int] = {}
    for week in plan.weeks:
        for piece in week.pieces:
            read[(piece.book, piece.unit)] = read.get((piece.book, piece.unit), 0) + piece.minutes
    assert read == {(b, i): u.minutes for b in wanted for i, u in enumerate(catalog.books[b].units)}

    # No week over budget.
    budget = round(hours * 60)
    for week in plan.weeks:
        assert 0 < week.minutes <= week.budget == budget

    # Every prerequisite finished before its dependent starts.
    first: dict[str, tuple[int, int]] = {}
    last: dict[str, tuple[int, int]] = {}
    for week in plan.weeks:
        for position, piece in enumerate(week.pieces):
            first.setdefault(piece.book, (week.number, position))
            last[piece.book] = (week.number, position)
    for edge in catalog.edges:
        if edge.after in wanted and edge.strength == "recommended":
            assert last[edge.before] < first[edge.after], (edge.before, edge.after)

    # At least the lower bound of weeks, and the bound is what it says.
    total = sum(catalog.books[b].minutes for b in wanted)
    assert plan.total_minutes == total
    assert len(plan.weeks) >= plan.lower_bound_weeks >= math.ceil(total / budget)


# --- Metacademy --------------------------------------------------------------------------


def test_metacademy_converts_whole(metacademy):
    data = read_dataset(dataset("metacademy.json"))
    assert len(metacademy.books) == len(data["items"]) == 487
    assert len(metacademy.edges) == len(data["prereqs"]) == 1208
    book = metacademy.books["gp_classification_laplace"]
    assert book.book.authors == ["Metacademy contributors"]
    assert book.book.sources == [f"Metacademy: {data['source']}; licence: {data['license']}"]
    item = next(i for i in data["items"] if i["id"] == "gp_classification_laplace")
    assert book.minutes == round(item["hours"] * 60)
    assert {e.reason for e in metacademy.edges} == {"prerequisite in Metacademy"}


def test_metacademy_goals_are_the_deepest_concepts(metacademy):
    assert list(metacademy.goals) == [
        "learn-gp_classification_laplace",
        "learn-variational_logistic_regression",
        "learn-bayesian_pca",
    ]
    assert len(ancestors(metacademy, "gp_classification_laplace")) == 83  # 82 prerequisites and itself


def test_metacademy_edges_implied_by_others_are_kept():
    import networkx as nx

    data = read_dataset(dataset("metacademy.json"))
    graph = nx.DiGraph([tuple(p) for p in data["prereqs"]])
    assert graph.number_of_edges() - nx.transitive_reduction(graph).number_of_edges() == 374


@pytest.mark.parametrize("hours", PACES)
@pytest.mark.parametrize("goal", ["learn-gp_classification_laplace", "learn-bayesian_pca"])
def test_metacademy_plans_keep_the_invariants(metacademy, goal, hours):
    check_plan(metacademy, goal, hours)


def test_why_on_a_concept_graph_bounds_the_chains(runner, tmp_path):
    folder = tmp_path / "metacademy"
    convert_dataset(dataset("metacademy.json"), folder)
    args = ["why", "probability", "--goal", "learn-gp_classification_laplace", "--catalog", str(folder), "--json"]
    data = json.loads(runner.invoke(cli, args).stdout)
    assert data["needed"] is True
    assert len(data["chains"]) == 20 < data["chains_total"]
    assert all(c["books"][0] == "probability" and c["books"][-1] == "gp_classification_laplace" for c in data["chains"])
    lengths = [len(c["books"]) for c in data["chains"]]
    assert lengths == sorted(lengths)


# --- OSSU --------------------------------------------------------------------------------


def test_ossu_converts_with_placeholders_for_missing_hours(ossu):
    data = read_dataset(dataset("ossu_cs.json"))
    assert len(ossu.books) == 63 and len(ossu.edges) == 57
    missing = [i["id"] for i in data["items"] if i["hours"] is None]
    assert len(missing) == 3
    for book_id in missing:
        book = ossu.books[book_id]
        assert book.minutes == 60
        assert book.book.unverified == ["hours: the dataset gives none (1 h is a placeholder)"]
        assert book.book.hours_note == "Placeholder: the dataset gives no effort estimate; 1 h stands in."
    intro = ossu.books["introduction-to-computer-science-and-programming-using-python"].book
    assert intro.url is not None and intro.url.startswith("https://github.com/ossu/computer-science/blob/")
    assert intro.notes is not None and "Also assumes: high school algebra." in intro.notes
    assert intro.authors == ["Open Source Society University"]


def test_ossu_goals_reach_security_and_game_theory(ossu):
    goals = list(ossu.goals)
    assert goals[:2] == [
        "learn-secure-software-development-verification-and-more-specialized-topics",
        "learn-algorithmic-game-theory",
    ]


@pytest.mark.parametrize("hours", PACES)
@pytest.mark.parametrize(
    "goal",
    ["learn-secure-software-development-verification-and-more-specialized-topics", "learn-algorithmic-game-theory"],
)
def test_ossu_plans_keep_the_invariants(ossu, goal, hours):
    check_plan(ossu, goal, hours)


# --- the converter -----------------------------------------------------------------------

TINY = {
    "source": "someone/graphs/data.json @ abc123",
    "license": "CC0",
    "items": [
        {"id": "a", "title": "A", "hours": 2, "url": "docs/a.md"},
        {"id": "b", "title": "B", "hours": None},
        {"id": "c", "title": "C", "hours": 1.5, "tags": ["x", "y"]},
        {"id": "d", "title": "D", "hours": 3},
    ],
    "prereqs": [["a", "b"], ["b", "c"], ["a", "d"]],
}


def test_convert_a_small_dataset(tmp_path):
    converted = convert(TINY, missing_hours=2.5)
    books = {b["id"]: b for b in converted.books["books"]}
    assert books["a"]["url"] == "https://github.com/someone/graphs/blob/abc123/docs/a.md"
    assert books["b"]["hours"] == 2.5 and books["b"]["unverified"] == [
        "hours: the dataset gives none (2.5 h is a placeholder)"
    ]
    assert books["c"]["notes"] == "Tags: x, y."
    assert books["a"]["authors"] == ["someone"]
    assert converted.prereqs["prereqs"][0] == {"before": "a", "after": "b", "reason": "prerequisite in someone"}
    assert [g["id"] for g in converted.goals["goals"]] == ["learn-c", "learn-d"]
    assert converted.header.startswith("# Converted by scripts/convert_dataset.py from someone/graphs/data.json")


def test_deepest_skips_prerequisites_of_chosen_items():
    assert deepest(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("a", "d")], 3) == ["c", "d"]
    assert deepest(["a", "b"], [], 3) == []


def test_convert_refuses_bad_input(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(UsageError, match=r"is not a JSON object with an `items` list"):
        read_dataset(bad)
    with pytest.raises(UsageError, match=r"^cannot read the dataset"):
        read_dataset(tmp_path / "none.json")
    with pytest.raises(UsageError, match=r"^no item 'zz' in the dataset$"):
        convert(TINY, goal_items=["zz"])


def test_the_script_converts_and_validates(tmp_path):
    folder = tmp_path / "ossu"
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "convert_dataset.py"), str(dataset("ossu_cs.json")), str(folder),
         "--goals", "1", "--goal", "linear-algebra"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        f"wrote {folder}: 63 books, 57 prerequisites, 2 goals"
        " (learn-linear-algebra, learn-secure-software-development-verification-and-more-specialized-topics)\n"
    )
    header = (folder / "books.yaml").read_text(encoding="utf-8").splitlines()[:2]
    assert header[1].startswith("# Licence: MIT (Open Source Society University). Credit: Open Source Society")
