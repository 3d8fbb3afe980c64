"""Living plans: continuing a plan from its progress export, what moved, and `curriculum diff`.

The export here is made as the page's script makes it (:func:`export`, a port of
templates/plan.js); tests/test_browser.py drives the real page in Chromium for the same round trip.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from curriculum.cli import cli

START = "2027-01-04"
PLAN = ["plan", "--goal", "ml-system-design", "--hours", "5", "--start", START]


def plan_data(html: Path) -> dict[str, Any]:
    """The page's #plan-data."""
    found = re.search(r'<script type="application/json" id="plan-data">(.*?)</script>', html.read_text(), re.S)
    assert found
    return json.loads(found.group(1))


def export(data: dict[str, Any], ticked: list[str]) -> dict[str, Any]:
    """The progress file the page's "Export progress" saves with ``ticked`` sessions (plan.js)."""
    chosen = set(ticked)
    units: dict[tuple[str, int], dict[str, Any]] = {}
    for s in data["sessions"]:
        for p in s["pieces"]:
            c = units.setdefault(
                (s["book"], p["unit"]),
                {"book": s["book"], "chapter": p["chapter"], "title": p["title"], "pieces": 0, "read": 0, "minutes": 0},
            )
            c["pieces"] += 1
            if s["id"] in chosen:
                c["read"] += 1
                c["minutes"] += p["minutes"]
    done = [{"book": c["book"], "chapter": c["chapter"]} for c in units.values() if c["read"] == c["pieces"]]
    partial = [
        {"book": c["book"], "chapter": c["chapter"], "minutes_read": c["minutes"]}
        for c in units.values()
        if 0 < c["read"] < c["pieces"]
    ]
    keys = ("arguments", "catalog", "weeks", "sessions", "summary", "calendar")
    return {
        "format": "curriculum-progress", "version": 2, "plan_key": data["plan_key"], "goals": data["goals"],
        "start": data["start"], "mentee": data["mentee"], "done": done, "partial": partial, "sessions": ticked,
        "plan": {key: data[key] for key in keys},
    }  # fmt: skip


def make(runner, tmp_path: Path, name: str, *args: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    """Run `plan` writing HTML and JSON into tmp_path/name: (plan JSON, page data, stdout)."""
    out = tmp_path / name
    result = runner.invoke(cli, [*args, "--out", str(out), "--format", "html,json,ics"], prog_name="curriculum")
    assert result.exit_code == 0, result.output
    stem = next(out.glob("*.json")).stem
    return json.loads((out / f"{stem}.json").read_text()), plan_data(out / f"{stem}.html"), result.stdout


def save(tmp_path: Path, data: dict[str, Any], ticked: list[str]) -> Path:
    path = tmp_path / "progress.json"
    path.write_text(json.dumps(export(data, ticked)))
    return path


def split_session(data: dict[str, Any]) -> dict[str, Any]:
    """The first session that reads part 1 of a chapter split over weeks."""
    return next(s for s in data["sessions"] if any(p["parts"] > 1 and p["part"] == 1 for p in s["pieces"]))


def minutes(plan: dict[str, Any]) -> int:
    return sum(round(s["hours"] * 60) for w in plan["weeks"] for s in w["sessions"])


def test_continuing_keeps_the_past_and_loses_no_minute(runner, tmp_path):
    old, data, _ = make(runner, tmp_path, "old", *PLAN)
    half = split_session(data)  # ends with part 1 of a chapter: that chapter is partly read
    ticked = [s["id"] for s in data["sessions"] if s["week"] < half["week"]] + [half["id"]]
    progress = save(tmp_path, data, ticked)
    as_of = "2027-01-25"  # a Monday: week 4 of the plan
    new, _, text = make(runner, tmp_path, "new", "plan", "--progress", str(progress), "--as-of", as_of)

    k = 4
    assert new["start"] == START and new["goals"] == ["ml-system-design"]
    # The past: the same week numbers and dates, holding what was ticked in them.
    for week in new["weeks"][: k - 1]:
        was = old["weeks"][week["week"] - 1]
        assert week["start"] == was["start"]
        read = [s for s in data["sessions"] if s["week"] == week["week"] and s["id"] in ticked]
        assert sum(round(s["hours"] * 60) for s in week["sessions"]) == sum(s["minutes"] for s in read)
    assert new["weeks"][k - 1]["start"] == as_of
    # Not a minute lost or read twice: what was read plus what is left is the old plan.
    assert minutes(new) == minutes(old)
    part = next(p for p in half["pieces"] if p["parts"] > 1 and p["part"] == 1)
    rest = [
        p
        for w in new["weeks"][k - 1 :]
        for s in w["sessions"]
        if s["book"] == half["book"]
        for p in s["pieces"]
        if p["chapter"] == part["chapter"]
    ]
    chapter_minutes = sum(
        p["minutes"] for s in data["sessions"] if s["book"] == half["book"] for p in s["pieces"]
        if p["chapter"] == part["chapter"]
    )  # fmt: skip
    assert sum(round(p["hours"] * 60) for p in rest) == chapter_minutes - part["minutes"]
    assert "What moved since the plan was exported (continued on 2027-01-25):" in text
    assert " (read)" in text


def test_reading_ahead_is_shown_this_week_and_takes_from_its_budget(runner, tmp_path):
    _, data, _ = make(runner, tmp_path, "old", *PLAN)
    ahead = [s["id"] for s in data["sessions"] if s["week"] == 6]
    progress = save(tmp_path, data, ahead)
    new, _, _ = make(runner, tmp_path, "new", "plan", "--progress", str(progress), "--as-of", "2027-01-04")
    first = new["weeks"][0]
    read = sum(s["minutes"] for s in data["sessions"] if s["id"] in ahead)
    assert read > 0
    assert sum(round(s["hours"] * 60) for s in first["sessions"]) <= 300  # read ahead + still to read
    assert first["budget"] == 5


def test_make_again_command_reproduces_a_continued_plan(runner, tmp_path):
    import html
    import shlex

    _, data, _ = make(runner, tmp_path, "old", *PLAN)
    assert data["arguments"] == PLAN[1:]
    progress = save(tmp_path, data, [data["sessions"][0]["id"]])
    args = ["plan", "--progress", str(progress), "--as-of", "2027-01-18"]
    first = runner.invoke(cli, [*args, "--json"], prog_name="curriculum")
    assert first.exit_code == 0, first.output
    _, page, _ = make(runner, tmp_path, "new", *args)
    assert page["arguments"] == PLAN[1:], "a continued plan's page carries the arguments it continues"
    found = re.search(
        r"<code>curriculum plan (--progress .*?)</code>", (tmp_path / "new" / "ml-system-design.html").read_text()
    )
    assert found, "the page says how to make the continued plan again"
    again = runner.invoke(cli, ["plan", *shlex.split(html.unescape(found.group(1))), "--json"], prog_name="curriculum")
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout) == json.loads(first.stdout)


def test_a_continued_plan_can_be_continued_again(runner, tmp_path):
    _, data, _ = make(runner, tmp_path, "one", *PLAN)
    progress = save(tmp_path, data, [s["id"] for s in data["sessions"] if s["week"] == 1])
    second, data2, _ = make(runner, tmp_path, "two", "plan", "--progress", str(progress), "--as-of", "2027-01-11")
    week_two = [s["id"] for s in data2["sessions"] if s["week"] <= 2]  # week 1 starts ticked (done)
    assert all(s["done"] for s in data2["sessions"] if s["week"] == 1)
    progress = save(tmp_path, data2, week_two)
    third, _, _ = make(runner, tmp_path, "three", "plan", "--progress", str(progress), "--as-of", "2027-01-18")
    assert [w["start"] for w in third["weeks"][:2]] == [w["start"] for w in second["weeks"][:2]]
    assert minutes(third) == minutes(second)


def test_json_stays_pure_and_what_moved_goes_to_stderr(tmp_path):
    from click.testing import CliRunner

    runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames else CliRunner()
    _, data, _ = make(runner, tmp_path, "old", *PLAN)
    progress = save(tmp_path, data, [data["sessions"][0]["id"]])
    args = ["plan", "--progress", str(progress), "--as-of", "2027-02-01", "--hours", "4", "--json"]
    result = runner.invoke(cli, args, prog_name="curriculum")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["hours_per_week"] == 4.0  # an option given on the command line changes the plan's own
    assert "What moved" in result.stderr and "Hours a week: 5 -> 4" in result.stderr
    assert "behind" in result.stderr


def test_a_progress_file_of_another_goal_is_warned_about_by_name(runner, tmp_path):
    _, data, _ = make(runner, tmp_path, "old", *PLAN)
    progress = save(tmp_path, data, [data["sessions"][0]["id"]])
    args = ["plan", "--goal", "deep-learning", "--progress", str(progress), "--start", START, "--json"]
    result = runner.invoke(cli, args, prog_name="curriculum")
    assert result.exit_code == 0, result.output
    assert (
        f"Warning: progress file {progress} is from a plan for ml-system-design, not deep-learning:"
        " only its finished chapters are used" in result.output
    )


def test_a_progress_file_of_another_catalog_is_warned_about_by_name(runner, tmp_path, bundled):
    _, data, _ = make(runner, tmp_path, "old", *PLAN)
    data["catalog"] = ["--catalog", "/somewhere/else"]
    progress = save(tmp_path, data, [data["sessions"][0]["id"]])
    result = runner.invoke(cli, ["plan", "--progress", str(progress), "--json"], prog_name="curriculum")
    assert result.exit_code == 0, result.output
    assert (
        f"Warning: progress file {progress} was exported from a plan of --catalog /somewhere/else;"
        " this plan uses the bundled catalog" in result.output
    )


def test_no_goal_and_no_plan_to_continue_is_a_usage_error(runner):
    result = runner.invoke(cli, ["plan", "--hours", "5"], prog_name="curriculum")
    assert result.exit_code == 2
    assert "Error: Missing option '--goal'." in result.output


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ({"arguments": "--goal x"}, "`plan.arguments` is not as an export writes it"),
        ({"arguments": ["--hours", "many"]}, "the plan's arguments are not valid"),
        ({"arguments": ["--goal", "ml-system-design"], "weeks": [[1, "not a date", 300]]}, "`plan.weeks.0.1`"),
    ],
)
def test_a_damaged_export_is_a_clear_usage_error(runner, tmp_path, plan, message):
    progress = tmp_path / "progress.json"
    progress.write_text(json.dumps({"done": [], "plan": plan}))
    result = runner.invoke(cli, ["plan", "--progress", str(progress)], prog_name="curriculum")
    assert result.exit_code == 2, result.output
    assert f"Error: progress file {progress}" in result.output and message in result.output
    assert "Traceback" not in result.output


def test_diff_of_two_plans(runner, tmp_path):
    old, _, _ = make(runner, tmp_path, "old", *PLAN)
    new, _, _ = make(runner, tmp_path, "new", *PLAN[:4], "4", *PLAN[5:], "--prefer", "homl")
    result = runner.invoke(cli, ["diff", str(next((tmp_path / "old").glob("*.json"))),
                                 str(next((tmp_path / "new").glob("*.json")))])  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "What moved:"
    weeks = len(new["weeks"]) - len(old["weeks"])
    assert lines[1].startswith("  End: ") and f"({weeks} weeks behind)" in lines[1]
    assert "  Hours a week: 5 -> 4" in lines
    assert any(line.startswith("  Added: Hands-On Machine Learning") for line in lines)
    assert any(line.startswith("  Dropped: The Hundred-Page Machine Learning Book") for line in lines)
    assert any(line.startswith("  Moved: ") for line in lines)


def test_diff_of_a_plan_with_itself_says_nothing_moved(runner, tmp_path):
    make(runner, tmp_path, "old", *PLAN)
    path = str(next((tmp_path / "old").glob("*.json")))
    result = runner.invoke(cli, ["diff", path, path])
    assert result.exit_code == 0
    assert result.output.endswith("unchanged\n  Nothing else moved.\n")


def test_diff_of_something_that_is_not_a_plan(runner, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"books": [{"title": "x"}]}')
    result = runner.invoke(cli, ["diff", str(bad), str(bad)])
    assert result.exit_code == 2
    assert result.output == "Error: the old plan is not a plan's JSON: its `books` lack ids or weeks\n"


def test_what_was_read_is_ticked_in_markdown_and_html(runner, tmp_path):
    _, data, _ = make(runner, tmp_path, "old", *PLAN)
    progress = save(tmp_path, data, [s["id"] for s in data["sessions"] if s["week"] == 1])
    out = tmp_path / "new"
    args = ["plan", "--progress", str(progress), "--as-of", "2027-01-11", "--out", str(out), "--format", "md,html"]
    result = runner.invoke(cli, args, prog_name="curriculum")
    assert result.exit_code == 0, result.output
    markdown = (out / "ml-system-design.md").read_text()
    week_one = markdown.split("### Week 1:")[1].split("### Week 2:")[0]
    week_two = markdown.split("### Week 2:")[1].split("### Week 3:")[0]
    assert "- [x] " in week_one and "- [ ] " not in week_one
    assert "- [ ] " in week_two and "- [x] " not in week_two
    page = (out / "ml-system-design.html").read_text()
    checked = re.findall(r'<input type="checkbox" class="tick" id="tick-(w\d+s\d+)"[^>]* checked>', page)
    assert checked and all(box.startswith("w1s") for box in checked)


def test_what_moved_is_on_the_page_too(runner, tmp_path):
    from tests.htmltree import parse

    _, data, _ = make(runner, tmp_path, "old", *PLAN)
    progress = save(tmp_path, data, [s["id"] for s in data["sessions"] if s["week"] == 1])
    out = tmp_path / "new"
    args = ["plan", "--progress", str(progress), "--as-of", "2027-01-25", "--out", str(out), "--format", "html,md"]
    assert runner.invoke(cli, args, prog_name="curriculum").exit_code == 0
    page = (out / "ml-system-design.html").read_text()
    assert "What moved since the plan was exported (continued on 2027-01-25)" in page
    assert "(2 weeks behind)" in page  # weeks 2 and 3 were not read
    assert "## What moved since the plan was exported" in (out / "ml-system-design.md").read_text()
    headings = [h.words() for h in parse(page).find_all("h3")]
    assert "What moved since the plan was exported (continued on 2027-01-25)" in headings
