"""The command line: exact exit codes and messages, JSON output, nothing written on errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from curriculum.cli import cli, next_monday
from tests.conftest import SMALL_BOOKS, SMALL_GOALS, SMALL_PREREQS

USAGE = "Usage: curriculum plan [OPTIONS]\nTry 'curriculum plan --help' for help.\n\n"


def run(runner, *args: str):
    return runner.invoke(cli, list(args), prog_name="curriculum")


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_plan_json_prints_only_json(runner):
    result = run(runner, "plan", "--goal", "ml-system-design", "--hours", "5", "--start", "2027-01-04", "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["goals"] == ["ml-system-design"]
    assert data["hours_per_week"] == 5.0
    assert data["start"] == "2027-01-04"
    assert len(data["weeks"]) == data["lower_bound_weeks"]


def test_plan_text_shows_weeks_dates_chapters_and_summary(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(runner, "plan", "--goal", "ml-system-design", "--hours", "5", "--start", "2027-01-04", "--json")
    weeks = len(json.loads(result.stdout)["weeks"])
    text = run(runner, "plan", "--goal", "ml-system-design", "--hours", "5", "--start", "2027-01-04").stdout
    assert text.startswith(
        "ml-system-design: ML system design\n5 h/week, starting Mon 2027-01-04\n\n"
        "Assumes you know: Python programming.\n\nChosen for you among alternatives:\n"
    )
    assert "\n\nWeek 1 " in text
    assert "  Designing Data-Intensive Applications, 2nd edition: ch 6" in text
    assert f"Week {weeks} " in text and f"Week {weeks + 1} " not in text
    assert f"Lower bound: ceil(115.5 h / 5 h) = {weeks} weeks." in text


def test_start_defaults_to_next_monday():
    assert next_monday(date(2026, 11, 26)) == date(2026, 11, 30)  # a Thursday
    assert next_monday(date(2026, 11, 30)) == date(2026, 12, 7)  # a Monday: the one after


def test_fractional_hours(runner):
    result = run(runner, "plan", "--goal", "ddia", "--hours", "2.5", "--start", "2027-01-04", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["weeks"][0]["budget"] == 2.5


def test_goals_listing(runner):
    result = run(runner, "goals")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["goal", "books", "hours", "title"]
    assert lines[1].split()[:3] == ["ml-system-design", "5", "115.5"]
    data = json.loads(run(runner, "goals", "--json").stdout)
    assert [g["id"] for g in data][:5] == [
        "ml-system-design",
        "ml-foundations",
        "deep-learning",
        "llm-engineering",
        "ml-interview",
    ]


def test_books_listing(runner):
    result = run(runner, "books")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 17
    data = json.loads(run(runner, "books", "--json").stdout)
    danka = data[0]
    assert (danka["id"], danka["publisher"], danka["free_url"]) == ("math-of-ml", "Packt Publishing", None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--hours", "5"], "Error: Missing option '--goal'.\n"),
        (
            ["--goal", "ddia", "--hours", "0"],
            "Error: Invalid value for '--hours': 0 is not between 0 (excluded) and 80 hours a week\n",
        ),
        (
            ["--goal", "ddia", "--hours", "-3"],
            "Error: Invalid value for '--hours': -3 is not between 0 (excluded) and 80 hours a week\n",
        ),
        (
            ["--goal", "ddia", "--hours", "200"],
            "Error: Invalid value for '--hours': 200 is not between 0 (excluded) and 80 hours a week\n",
        ),
        (
            ["--goal", "ddia", "--hours", "five"],
            "Error: Invalid value for '--hours': 'five' is not a number of hours (try 5 or 2.5)\n",
        ),
        (
            ["--goal", "ddia", "--hours", "nan"],
            "Error: Invalid value for '--hours': nan is not between 0 (excluded) and 80 hours a week\n",
        ),
        (
            ["--goal", "ddia", "--start", "2027-02-30"],
            "Error: Invalid value for '--start': '2027-02-30' is not a real date (day is out of range for month)\n",
        ),
        (
            ["--goal", "ddia", "--start", "next week"],
            "Error: Invalid value for '--start': 'next week' is not a date in the form YYYY-MM-DD\n",
        ),
    ],
)
def test_usage_errors(runner, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(runner, "plan", *args)
    assert result.exit_code == 2
    assert result.stderr == USAGE + message
    assert result.stdout == ""
    assert files_under(tmp_path) == []


def test_unknown_goal(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(runner, "plan", "--goal", "ml-sytem-design")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: unknown goal 'ml-sytem-design' (did you mean 'ml-system-design' or 'swe-system-design'"
        " or 'ml-system-design-interview'?)\n"
    )
    assert files_under(tmp_path) == []


def test_missing_catalog_folder(runner, tmp_path):
    result = run(runner, "books", "--catalog", str(tmp_path / "none"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: the catalog folder '{tmp_path / 'none'}' does not exist\n"


def test_broken_catalog_lists_every_problem(runner, write_catalog):
    folder = write_catalog(SMALL_BOOKS.replace("hours: 6", "hours: 0").replace("pages: 100", "pages: -1"))
    result = run(runner, "plan", "--goal", "alpha", "--catalog", str(folder), "--json")
    assert result.exit_code == 3
    assert result.stderr == (
        "Error: the catalog has 2 problems:\n"
        f"  {folder}/books.yaml:5: book 'alpha': pages: input should be greater than 0 (got -1)\n"
        f"  {folder}/books.yaml:12: book 'beta': hours: input should be greater than 0 (got 0)\n"
    )
    assert result.stdout == ""


def test_custom_catalog_works_for_every_command(runner, write_catalog):
    folder = str(write_catalog(SMALL_BOOKS, SMALL_PREREQS, SMALL_GOALS))
    assert json.loads(run(runner, "books", "--catalog", folder, "--json").stdout)[0]["id"] == "alpha"
    assert json.loads(run(runner, "goals", "--catalog", folder, "--json").stdout)[0]["id"] == "finish"
    plan = json.loads(
        run(runner, "plan", "--goal", "finish", "--catalog", folder, "--start", "2027-01-04", "--json").stdout
    )
    assert [b["id"] for b in plan["books"]] == ["alpha", "beta", "gamma"]


def test_debug_shows_the_traceback(runner):
    result = runner.invoke(cli, ["--debug", "plan", "--goal", "nope", "--json"])
    assert result.exit_code == 2  # the documented code of an unknown id, with or without --debug
    assert "Traceback" in result.stderr and "UnknownIdError" in result.stderr


def test_every_command_has_help_with_an_example(runner):
    for name, command in cli.commands.items():
        result = run(runner, name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout and f"curriculum {name}" in result.stdout, name
        assert command.help


def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "curriculum", "goals", "--json"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "ml-system-design"


@pytest.mark.parametrize("json_flag", [[], ["--json"]], ids=["text", "json"])
@pytest.mark.parametrize("debug", [[], ["--debug"]], ids=["plain", "debug"])
def test_a_closed_pipe_is_not_an_error(tmp_path, json_flag, debug):
    import subprocess
    import sys

    command = [sys.executable, "-m", "curriculum", *debug, "plan", "--goal", "ml-interview", "--hours", "1",
               "--start", "2027-01-04", "--out", str(tmp_path), "--format", "md", *json_flag]  # fmt: skip
    writer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert writer.stdout is not None
    writer.stdout.read(10)  # like `| head -c 10`: read a little, then go away
    writer.stdout.close()
    _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0
    assert err == b""


def test_debug_shows_the_traceback_and_keeps_the_exit_code(runner, write_catalog):
    folder = write_catalog("books: []\n", None, "goals:\n  - {id: g, title: G, targets: [{book: nope}]}\n")
    result = runner.invoke(cli, ["--debug", "plan", "--catalog", str(folder), "--goal", "g"])
    assert result.exit_code == 3
    assert "Traceback" in result.stderr and "unknown book 'nope'" in result.stderr


def test_curriculum_alone_prints_its_help_and_is_no_error(runner):
    result = runner.invoke(cli, [])
    assert result.exit_code == 0
    assert "Usage: " in result.stdout and "plan" in result.stdout


@pytest.mark.parametrize(("name", "suffix"), [("markdown", "md"), ("ical", "ics"), ("MD", "md")])
def test_format_takes_the_names_users_write(runner, tmp_path, name, suffix):
    result = run(runner, "plan", "--goal", "ddia", "--start", "2027-01-04", "--format", name, "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"ddia.{suffix}").exists()


def test_ids_are_matched_ignoring_letter_case(runner, tmp_path):
    # Ids are unique ignoring case, so a reader's capitals still name the one they mean.
    result = run(runner, "plan", "--goal", "ML-Interview", "--done", "CTCI:1", "--prefer", "HOML",
                 "--know", "ML-Basics", "--start", "2027-01-04", "--json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["goals"] == ["ml-interview"] and data["options"]["prefer"] == ["homl"]
    assert data["options"]["know"] == ["ml-basics"] and data["done"] == [{"book": "ctci", "chapters": ["1"]}]
    assert run(runner, "show", "DDIA").stdout.startswith("ddia: ")
