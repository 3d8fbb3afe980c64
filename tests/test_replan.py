"""Re-planning options: --done, --progress, --by, --skip, --pace, --parallel, several goals."""

from __future__ import annotations

import json

import pytest

from curriculum.cli import cli

BASE = ["plan", "--start", "2027-01-04"]
USAGE = "Usage: curriculum plan [OPTIONS]\nTry 'curriculum plan --help' for help.\n\n"


def plan_json(runner, *args: str) -> dict:
    result = runner.invoke(cli, prog_name="curriculum", args=[*BASE, *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def planned(data: dict) -> set[tuple[str, str]]:
    return {(b["id"], c) for b in data["books"] for c in b["chapters"]}


def test_done_chapters_are_not_planned_and_the_saving_is_reported(runner):
    full = plan_json(runner, "--goal", "ml-system-design", "--hours", "5")
    data = plan_json(runner, "--goal", "ml-system-design", "--hours", "5", "--done", "ddia:6-7", "--done", "dmls:1")
    assert not {("ddia", "6"), ("ddia", "7"), ("dmls", "1")} & planned(data)
    assert data["done"] == [{"book": "ddia", "chapters": ["6", "7"]}, {"book": "dmls", "chapters": ["1"]}]
    assert data["saved_hours"] == 8 + 2  # DDIA 6-7: 4 h each; DMLS ch 1: 24 pages = 2 h
    assert data["total_hours"] == full["total_hours"] - data["saved_hours"]


def test_a_finished_book_needs_no_prerequisites(runner):
    data = plan_json(runner, "--goal", "ml-system-design", "--hours", "5", "--done", "dmls")
    ids = [b["id"] for b in data["books"]]
    # The Hundred-Page book was only there for DMLS.
    assert ids == ["ddia", "reliable-ml", "ml-system-design-interview"]
    assert all(p["book"] != "dmls" for b in data["books"] for p in b["prerequisites"])


def test_text_output_says_what_was_done(runner, tmp_path):
    args = [*BASE, "--goal", "ml-system-design", "--done", "ddia:6", "--out", str(tmp_path)]
    result = runner.invoke(cli, prog_name="curriculum", args=args)
    assert "Already done: Designing Data-Intensive Applications ch 6.\nThat saves 4 h.\n" in result.stdout


def test_progress_file_from_the_html_export(runner, tmp_path):
    progress = tmp_path / "progress.json"
    progress.write_text(
        json.dumps({"plan_key": "x", "done": [{"book": "ddia", "chapter": "6"}, {"book": "dmls", "chapter": 2}]})
    )
    data = plan_json(runner, "--goal", "ml-system-design", "--progress", str(progress))
    assert data["done"] == [{"book": "ddia", "chapters": ["6"]}, {"book": "dmls", "chapters": ["2"]}]


def test_progress_file_as_a_yaml_list(runner, tmp_path):
    progress = tmp_path / "progress.yaml"
    progress.write_text("- ddia:6-7\n- {book: dmls, chapters: [1, 2]}\n")
    data = plan_json(runner, "--goal", "ml-system-design", "--progress", str(progress))
    assert data["done"] == [{"book": "ddia", "chapters": ["6", "7"]}, {"book": "dmls", "chapters": ["1", "2"]}]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--done", "ddai"], "Error: unknown book 'ddai' (did you mean 'ddia'?)\n"),
        (
            ["--done", "ddia:15"],
            "Error: book 'ddia' has no chapter '15' (its chapters: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14)\n",
        ),
        (["--done", "ddia:7-6"], "Error: chapter range '7-6' of 'ddia' runs backwards\n"),
        (
            ["--done", "dl-math-workbook:1"],
            "Error: book 'dl-math-workbook' has no chapter list; mark it done as a whole ('dl-math-workbook')\n",
        ),
        (
            ["--progress", "/nonexistent/progress.json"],
            "Error: progress file /nonexistent/progress.json: cannot read the file: No such file or directory\n",
        ),
        (["--by", "2026-12-01"], "Error: the deadline 2026-12-01 is before the start 2027-01-04\n"),
    ],
)
def test_replanning_errors(runner, args, message):
    result = runner.invoke(cli, prog_name="curriculum", args=[*BASE, "--goal", "ml-system-design", *args])
    assert result.exit_code == 2
    assert result.stderr == message


def test_progress_file_with_a_bad_entry(runner, tmp_path):
    progress = tmp_path / "p.json"
    progress.write_text('{"done": [{"book": "ddia", "chapter": 6}, 7]}')
    result = runner.invoke(
        cli, prog_name="curriculum", args=[*BASE, "--goal", "ml-system-design", "--progress", str(progress)]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: progress file {progress}: done[1]: expected 'book[:chapters]' or a mapping with `book`"
        " (and `chapter` or `chapters`)\n"
    )


def test_by_finds_the_fewest_half_hours(runner):
    data = plan_json(runner, "--goal", "ml-system-design", "--by", "2027-06-30")
    assert data["end"] <= "2027-06-30"
    slower = plan_json(runner, "--goal", "ml-system-design", "--hours", str(data["hours_per_week"] - 0.5))
    assert slower["end"] > "2027-06-30"


def test_by_that_cannot_be_met(runner):
    result = runner.invoke(
        cli, prog_name="curriculum", args=[*BASE, "--goal", "ml-system-design", "--by", "2027-01-10"]
    )
    assert result.exit_code == 4
    assert result.stderr == "Error: cannot finish by 2027-01-10 even at 80 h/week; the earliest end is 2027-01-17\n"


def test_by_and_hours_together_plan_at_those_hours(runner):
    data = plan_json(runner, "--goal", "ddia", "--by", "2028-06-30", "--hours", "3")
    assert data["hours_per_week"] == 3.0 and data["by"] == "2028-06-30" and data["left_out"] == []


def test_skip_makes_break_weeks_and_moves_dates(runner):
    plain = plan_json(runner, "--goal", "ml-system-design")
    data = plan_json(runner, "--goal", "ml-system-design", "--skip", "2027-01-11..2027-01-24")
    assert [w["break"] for w in data["weeks"][:4]] == [False, True, True, False]
    assert data["weeks"][1]["budget"] == 0 and data["weeks"][1]["sessions"] == []
    assert len(data["weeks"]) == len(plain["weeks"]) + 2
    assert data["study_weeks"] == len(plain["weeks"])


def test_skipped_days_take_their_own_hours_out_of_their_weeks(runner):
    data = plan_json(runner, "--goal", "ml-system-design", "--skip", "2027-01-08..2027-01-12")  # Fri..Tue
    assert not any(w["break"] for w in data["weeks"])
    assert [(w["budget_minutes"], w["days_off"]) for w in data["weeks"][:3]] == [(240, 1), (180, 2), (300, 0)]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2027-02-01..2027-01-01", "'2027-02-01..2027-01-01' ends before it starts"),
        ("2027-02-01", "'2027-02-01' is not a range FROM..TO (e.g. 2027-04-05..2027-04-18)"),
        ("2027-02-01..soon", "'soon' is not a date in the form YYYY-MM-DD"),
    ],
)
def test_bad_skip(runner, value, message):
    result = runner.invoke(cli, prog_name="curriculum", args=[*BASE, "--goal", "ddia", "--skip", value])
    assert result.exit_code == 2
    assert result.stderr == USAGE + f"Error: Invalid value for '--skip': {message}\n"


def test_pace_scales_every_estimate(runner):
    plain = plan_json(runner, "--goal", "ml-system-design")
    slow = plan_json(runner, "--goal", "ml-system-design", "--pace", "1.5")
    assert slow["total_hours"] == plain["total_hours"] * 1.5
    assert slow["options"]["pace"] == 1.5


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "0 is not between 0 (excluded) and 10"), ("fast", "'fast' is not a number (try 1.5 for 50% slower)")],
)
def test_bad_pace(runner, value, message):
    result = runner.invoke(cli, prog_name="curriculum", args=[*BASE, "--goal", "ddia", "--pace", value])
    assert result.exit_code == 2
    assert result.stderr == USAGE + f"Error: Invalid value for '--pace': {message}\n"


def test_parallel_reads_books_side_by_side(runner):
    data = plan_json(runner, "--goal", "ml-foundations", "--hours", "6", "--parallel", "2")
    first = data["weeks"][0]
    assert len({s["book"] for s in first["sessions"]}) == 2
    assert all(w["hours"] <= 6 for w in data["weeks"])
    assert data["lower_bound_weeks"] == max(-(-data["total_hours"] // 6), -(-data["longest_chain_hours"] // 6))


def test_parallel_zero_is_refused(runner):
    result = runner.invoke(cli, prog_name="curriculum", args=[*BASE, "--goal", "ddia", "--parallel", "0"])
    assert result.exit_code == 2
    assert result.stderr == USAGE + "Error: Invalid value for '--parallel': 0 is not in the range 1<=x<=10.\n"


def test_several_goals_share_prerequisites(runner):
    one = plan_json(runner, "--goal", "ml-system-design")
    two = plan_json(runner, "--goal", "ml-system-design", "--goal", "ml-interview")
    assert two["goals"] == ["ml-system-design", "ml-interview"]
    ids = [b["id"] for b in two["books"]]
    assert len(ids) == len(set(ids))
    assert planned(one) <= planned(two)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"know": "ml-basics"}', "`know` must be a list of starting point ids"),
        ('{"done": "ddia"}', "`done` must be a list of finished chapters"),
        ('{"done": [{"book": "ddia", "chapter": true}]}', "done[0]: chapter numbers must be text or whole numbers"),
        ('{"done": [{"book": ""}]}', "done[0]: expected 'book[:chapters]' or a mapping with `book`"),
    ],
)
def test_progress_files_are_checked_field_by_field(runner, tmp_path, text, message):
    progress = tmp_path / "p.json"
    progress.write_text(text)
    result = runner.invoke(
        cli, prog_name="curriculum", args=[*BASE, "--goal", "ml-system-design", "--progress", str(progress)]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: progress file {progress}: {message}")
