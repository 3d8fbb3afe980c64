"""The worked examples in examples/ load, validate and plan; the committed JSON Schemas are current."""

from __future__ import annotations

import json
from pathlib import Path

from curriculum.catalog import load_catalog
from curriculum.catalog.jsonschema import SCHEMA_FILES, file_schema
from curriculum.cli import cli
from curriculum.planner import PlanRequest, make_plan
from tests.conftest import START

ROOT = Path(__file__).resolve().parent.parent
STATS = ROOT / "examples" / "stats-catalog"
EXTEND = ROOT / "examples" / "extend-bundled"


def run(runner, *args: str):
    return runner.invoke(cli, list(args), prog_name="curriculum")


def test_stats_catalog_validates(runner):
    result = run(runner, "validate", "--catalog", str(STATS))
    assert result.exit_code == 0
    assert result.stdout == "ok: 5 books, 5 prerequisites, 2 goals\n"


def test_stats_catalog_shows_the_three_ways_to_estimate_hours():
    catalog = load_catalog(STATS)
    openintro = catalog.books["openintro-stats"]
    assert openintro.minutes == 42 * 60  # 422 pages at 10 pages an hour, in half hours
    assert [u.minutes for u in catalog.books["think-stats"].units] == [150] * 4 + [120] * 10  # 30 h shared
    rethinking = catalog.books["statistical-rethinking"].units
    assert (rethinking[8].minutes, rethinking[12].minutes) == (360, 360)  # chapter hours as written
    assert sum(u.minutes for u in rethinking) == 80 * 60
    ros = catalog.books["regression-other-stories"]
    assert [u.number for u in ros.units] == [None] and ros.minutes == 40 * 60


def test_stats_catalog_plans_prerequisites_first():
    catalog = load_catalog(STATS)
    plan = make_plan(catalog, PlanRequest(goals=("bayesian-modelling",), hours_per_week=4, start=START))
    assert [b.id for b in plan.books] == ["openintro-stats", "regression-other-stories", "statistical-rethinking"]
    openintro = next(b for b in plan.books if b.id == "openintro-stats")
    assert [catalog.books["openintro-stats"].units[i].number for i in openintro.units] == ["3", "4", "5", "8"]
    assert all(week.minutes <= week.budget for week in plan.weeks)
    optional = make_plan(
        catalog, PlanRequest(goals=("bayesian-modelling",), hours_per_week=4, start=START, optional=True)
    )
    assert "think-stats" in [b.id for b in optional.books]


def test_stats_catalog_statistical_learning_goal(runner):
    result = run(runner, "why", "openintro-stats", "--goal", "statistical-learning", "--catalog", str(STATS))
    assert result.stdout.splitlines()[0] == (
        "openintro-stats (OpenIntro Statistics) is needed for statistical-learning: it adds 18 h to the plan (ch 5-8)."
    )


def test_extend_example_adds_to_the_bundled_catalog(runner, bundled):
    result = run(runner, "validate", "--catalog", str(EXTEND), "--extend")
    assert result.exit_code == 0
    assert result.stdout == (
        f"ok: {len(bundled.books) + 1} books, {len(bundled.edges) + 2} prerequisites, {len(bundled.goals) + 1} goals\n"
    )
    catalog = load_catalog(EXTEND, extend=True)
    plan = make_plan(catalog, PlanRequest(goals=("deep-learning-theory",), hours_per_week=6, start=START))
    assert [b.id for b in plan.books] == ["math-of-ml", "goodfellow-dl"]
    alone = run(runner, "validate", "--catalog", str(EXTEND))
    assert alone.exit_code == 3


def test_committed_json_schemas_are_up_to_date():
    for name in SCHEMA_FILES:
        committed = json.loads((ROOT / "docs" / "schema" / f"{name}.json").read_text(encoding="utf-8"))
        assert committed == file_schema(name), (
            f"docs/schema/{name}.json is stale: run `curriculum schema --file {name} > docs/schema/{name}.json`"
        )


def test_the_bundled_catalog_follows_its_schema_for_chapter_numbers():
    # Chapter numbers are written as integers in books.yaml: the schema must allow that.
    schema = file_schema("books")
    number = schema["$defs"]["Chapter"]["properties"]["number"]
    assert {"type": "integer"} in number["anyOf"]
