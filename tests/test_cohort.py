"""Cohorts (issue 16): the cohort file and its problems, each mentee's request and where they
stand, the files (the same whatever --jobs, unchanged ones left alone), the index page, the
mentor's calendar and the JSON. tests/test_cohort_browser.py drives the real pages in Chromium.

Exports are made here as the page's script makes them (tests/test_continue.py's ``export``).
"""

from __future__ import annotations

import json
import os
import textwrap
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from curriculum.catalog import load_catalog
from curriculum.cli import build_request, cli
from curriculum.cohort import Cohort, cohort_schema, load_cohort
from curriculum.cohort_status import Status, by_attention, mentee_plan
from curriculum.present.job import file_stem
from tests.htmltree import parse
from tests.test_continue import export, plan_data

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "cohort" / "cohort.yaml"
START = date(2027, 1, 4)
AS_OF = date(2027, 2, 3)  # the Wednesday of week 5
UTC_EVENING = "T18:00:00.000Z"


def run(runner, *args: str):
    return runner.invoke(cli, list(args), prog_name="curriculum")


def write(folder: Path, text: str, name: str = "cohort.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def load(path: Path) -> tuple[Cohort, Any]:
    return load_cohort(path, load=lambda folder, extend: load_catalog(folder, extend=extend), file_stem=file_stem)


def exported(runner, folder: Path, name: str, args: list[str], weeks: range, day: str) -> Path:
    """The export a mentee's page makes after ticking every session of ``weeks``, on ``day``."""
    plans = folder / "plans"
    options = ["--start", START.isoformat(), "--for", name, "--format", "html", "--out", str(plans)]
    made = run(runner, "plan", *args, *options)
    assert made.exit_code == 0, made.output
    page = plans / f"{file_stem([args[1]], name)}.html"
    data = plan_data(page)
    progress = export(data, [s["id"] for s in data["sessions"] if s["week"] in weeks])
    progress["exported"] = day + UTC_EVENING
    path = folder / "exports" / f"{page.stem}-progress.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(progress), encoding="utf-8")
    return path


MENTEES = [("Ada", "ml-system-design", 5), ("Ben", "llm-engineering", 6), ("Cy", "deep-learning", 8),
           ("Dee", "ml-interview", 6), ("Eve", "swe-system-design", 4)]  # fmt: skip
COHORT = "mentor: Grace Hopper\nmentees:\n" + "".join(
    f"  - {{name: {name}, goals: {goal}, hours: {hours}, start: 2027-01-04,"
    f" progress: exports/{goal}-{name.lower()}-progress.json}}\n"
    for name, goal, hours in MENTEES
)


@pytest.fixture
def cohort(runner, tmp_path) -> Path:
    """Ada behind, Ben ahead, Cy on track, Dee on track with a stale export, Eve's export cut short."""
    folder = tmp_path / "cohort"
    exported(runner, folder, "Ada", ["--goal", "ml-system-design", "--hours", "5"], range(1, 3), "2027-01-31")
    exported(runner, folder, "Ben", ["--goal", "llm-engineering", "--hours", "6"], range(1, 7), "2027-02-02")
    exported(runner, folder, "Cy", ["--goal", "deep-learning", "--hours", "8"], range(1, 5), "2027-02-01")
    exported(runner, folder, "Dee", ["--goal", "ml-interview", "--hours", "6"], range(1, 5), "2027-01-17")
    eve = exported(runner, folder, "Eve", ["--goal", "swe-system-design", "--hours", "4"], range(1, 2), "2027-01-30")
    eve.write_bytes(eve.read_bytes()[:1000])
    return write(folder, COHORT)


def statuses(path: Path) -> dict[str, Status]:
    found, catalog = load(path)
    return {m.name: mentee_plan(catalog, m, as_of=AS_OF)[1] for m in found.members}


# --- the cohort file -------------------------------------------------------------------------


def test_every_problem_of_a_cohort_file_is_listed_with_its_line(runner, tmp_path):
    path = write(
        tmp_path,
        """
        mentor: Grace
        colour: blue
        mentees:
          - name: Ada
            goals: ml-sytem-design
            start: 2027-01-04
          - name: Ben
            goals: [deep-learning, 3]
            start: 2027-01-04
            hours: 100
          - name: Cy
            goals: deep-learning
            start: 2027-01-04
            hours: 5
            days: mon=1,wed=09:00+2h
            done: [ddai, "homl:99"]
            skip: [2027-02-01..2027-01-01]
            know: [ml-basic]
          - name: ada
            goals: deep-learning
            start: 2027-01-04
          - goals: deep-learning
        """,
    )
    result = run(runner, "cohort", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 6
    assert result.stderr == (
        "Error: the cohort file has 13 problems:\n"
        f"  {path}:2: colour: unknown field\n"
        f"  {path}:5: mentee 'Ada': goals[0]: unknown goal 'ml-sytem-design' (did you mean 'ml-system-design'"
        " or 'swe-system-design' or 'ml-system-design-interview'?)\n"
        f"  {path}:8: mentee 'Ben': goals[1]: input should be a valid string\n"
        f"  {path}:10: mentee 'Ben': hours: input should be less than or equal to 80 (got 100)\n"
        f"  {path}:15: mentee 'Cy': days: give `hours` or `days`, not both\n"
        f"  {path}:15: mentee 'Cy': days: study days with a time need the mentee's `tz` (e.g. Europe/Berlin)\n"
        f"  {path}:16: mentee 'Cy': done[0]: unknown book 'ddai' (did you mean 'ddia'?)\n"
        f"  {path}:16: mentee 'Cy': done[1]: book 'homl' has no chapter '99' (its chapters: 1, 2, 3, 4, 5, 6, 7, 8,"
        " 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, A, B, C, D, E)\n"
        f"  {path}:17: mentee 'Cy': skip[0]: '2027-02-01..2027-01-01' ends before it starts\n"
        f"  {path}:18: mentee 'Cy': know[0]: unknown starting point 'ml-basic' (did you mean 'ml-basics'?)\n"
        f"  {path}:19: mentee 'ada': name: mentees[0] has this name already\n"
        f"  {path}:22: mentees[4]: name: is required\n"
        f"  {path}:22: mentees[4]: start: is required\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("text", "code", "message"),
    [
        ("mentor: [", 6, "{path}:2: malformed YAML: did not find expected node content"),
        ("- a list", 6, "{path}: the file must be a mapping with `mentor:` and `mentees:`"),
        ("mentor: G\nmentees: []\n", 6, "{path}:2: mentees: the cohort has no mentees"),
        ("mentees: [{name: A, goals: ddia, start: 2027-01-04}]\n", 6, "{path}:1: mentor: is required"),
        (
            "mentor: G\ncatalog: nowhere\nmentees: [{name: A, goals: ddia, start: 2027-01-04}]\n",
            6,
            "{path}:2: the catalog folder '{folder}/nowhere' does not exist",
        ),
        (
            "mentor: G\nmentees: [{name: A, goals: ddia, start: 2027-01-04, days: 'sat=09:00+3h'}]\n",
            6,
            "{path}:2: mentee 'A': days: study days with a time need the mentee's `tz` (e.g. Europe/Berlin)",
        ),
        (
            "mentor: G\nmentees: [{name: '!!', goals: ddia, start: 2027-01-04}]\n",
            6,
            "{path}:2: mentee '!!': name: has no letter or digit to name the mentee's files by",
        ),
        (
            "mentor: G\nmentees:\n- {name: Zoë, goals: ddia, start: 2027-01-04}\n"
            "- {name: Zoe, goals: ddia, start: 2027-01-04}",
            6,
            "{path}:4: mentee 'Zoe': name: the files of mentees[0] have the same name (ddia-zoe.*)",
        ),
    ],
)
def test_a_bad_cohort_file_says_why(runner, tmp_path, text, code, message):
    path = write(tmp_path, text)
    result = run(runner, "cohort", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == code
    assert message.format(path=path, folder=tmp_path) in result.stderr


def test_a_missing_cohort_file_or_a_bad_catalog_are_not_cohort_problems(runner, tmp_path, write_catalog):
    missing = run(runner, "cohort", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    catalog = write_catalog("books:\n  - {id: a, title: A, authors: [X], hours: -1}\n")
    path = write(tmp_path, f"mentor: G\ncatalog: {catalog.name}\nmentees: [{{name: A, goals: a, start: 2027-01-04}}]\n")
    broken = run(runner, "cohort", str(path), "--out", str(tmp_path / "out"))
    assert broken.exit_code == 3 and "the catalog has 1 problem" in broken.stderr


def test_each_mentee_is_asked_for_as_plan_would_be(bundled, tmp_path):
    path = write(
        tmp_path,
        """
        mentor: G
        mentees:
          - name: Ada
            goals: [ML-Interview, ddia]
            days: mon=1,sat=09:00+3h
            tz: Europe/Berlin
            start: 2027-01-04
            by: 2027-09-30
            done: [ctci, "dmls:1-2"]
            skip: ["2027-04-05..2027-04-18"]
            pace: 1.5
            parallel: 2
            prefer: [homl]
            know: [ml-basics]
            optional: true
          - {name: Ben, goals: llm-engineering, start: 2027-01-04}
          - {name: Cy, goals: llm-engineering, start: 2027-01-04, by: 2027-06-28}
        """,
    )
    found, catalog = load(path)
    from curriculum.request import parse_days

    ada, ben, cy = (m.request for m in found.members)
    assert ada == build_request(
        catalog, goals=("ML-Interview", "ddia"), hours=None, start=START, by=date(2027, 9, 30),
        done=("ctci", "dmls:1-2"), skip=((date(2027, 4, 5), date(2027, 4, 18)),), pace=1.5, parallel=2,
        prefer=("homl",), know=("ml-basics",), optional=True, days=parse_days("mon=1,sat=09:00+3h"), tz="Europe/Berlin",
    )  # fmt: skip
    assert ben == build_request(catalog, goals=("llm-engineering",), hours=None, start=START, by=None)
    assert ben.hours_per_week == 5
    assert cy.hours_per_week is None and cy.by == date(2027, 6, 28)
    assert found.members[0].progress is None and found.mentor == "G"


def test_the_committed_schema_is_current_and_the_example_follows_it(runner):
    committed = json.loads((ROOT / "docs" / "schema" / "cohort.json").read_text(encoding="utf-8"))
    assert committed == cohort_schema(), "run `curriculum schema --file cohort` into docs/schema/cohort.json"
    printed = run(runner, "schema", "--file", "cohort")
    assert json.loads(printed.stdout) == committed
    found, _ = load(EXAMPLE)
    assert [m.name for m in found.members] == ["Ada", "Ben", "Cy", "Dee", "Eve"]
    assert all(m.progress is not None and m.progress.is_file() for m in found.members)


# --- where each mentee stands ------------------------------------------------------------------


def test_where_each_mentee_stands(cohort):
    found = statuses(cohort)
    ada, ben, cy, dee, eve = (found[n] for n in ("Ada", "Ben", "Cy", "Dee", "Eve"))
    # Ada read weeks 1-2 of 115.5 h at 5 h a week and is in week 5: the rest ends 2 weeks later.
    assert (ada.read_minutes, ada.percent, ada.weeks_later, ada.week, ada.stale) == (600, 8, 2, 5, False)
    assert ada.next is not None and (ada.next.week, ada.next.day) == (5, date(2027, 2, 1))
    assert ada.next.book == "hundred-page-ml"
    assert ada.exported == datetime.fromisoformat("2027-01-31T18:00:00+00:00")
    # Ben read six weeks by week 5: a week ahead, and his next session is in week 6.
    assert (ben.weeks_later, ben.week, ben.stale) == (-1, 5, False) and ben.next and ben.next.week == 6
    assert ben.read_minutes == 6 * 6 * 60
    # Cy kept up; Dee kept up too, but her last export is 17 days old.
    assert (cy.weeks_later, cy.stale, dee.weeks_later, dee.stale) == (0, False, 0, True)
    # Eve's file is cut short: her plan is her entry's alone, and the problem says why.
    assert eve.problem is not None and eve.problem.startswith(f"progress file {cohort.parent}/exports/")
    assert "malformed YAML" in eve.problem and eve.percent is None and not eve.known and eve.end is not None
    assert [s.name for s in by_attention(found.values())] == ["Eve", "Ada", "Dee", "Ben", "Cy"]


def test_no_export_a_list_of_chapters_another_goal_and_an_entry_that_cannot_be_planned(runner, tmp_path):
    folder = tmp_path / "c"
    other = exported(runner, folder, "Ann", ["--goal", "deep-learning", "--hours", "5"], range(1, 3), "2027-02-01")
    write(folder, "- hundred-page-ml\n- dmls:1-2\n", "read.yaml")
    path = write(
        folder,
        f"""
        mentor: G
        mentees:
          - {{name: Ann, goals: ml-system-design, start: 2027-01-04, progress: exports/{other.name}}}
          - {{name: Bo, goals: ml-system-design, start: 2027-01-04, progress: read.yaml}}
          - {{name: Col, goals: ml-system-design, start: 2027-01-04}}
          - {{name: Dot, goals: ml-system-design, start: 2027-02-15}}
          - {{name: Ed, goals: ml-system-design, start: 2027-01-04, by: 2027-01-10}}
        """,
    )
    found = statuses(path)
    assert found["Ann"].notes == (
        f"progress file {folder}/exports/{other.name} is from a plan for deep-learning, not ml-system-design:"
        " only its finished chapters are used",
    )
    bo = found["Bo"]  # finished chapters without a date: what they take off the original plan is read
    assert bo.read_minutes == (16 + 4) * 60 and bo.exported is None and not bo.stale and bo.known
    col = found["Col"]  # no export a month after the start: stale, and where Col stands is not known
    assert col.stale and not col.known and col.percent is None
    dot = found["Dot"]  # starts in two weeks: nothing is expected yet
    assert dot.week == 0 and not dot.stale and dot.known and dot.percent == 0
    ed = found["Ed"]
    assert ed.end is None and ed.problem is not None and ed.problem.startswith("the cohort entry cannot be planned:")
    assert by_attention(found.values())[0].name == "Ed"


def test_a_deadline_says_what_falling_behind_costs(runner, tmp_path):
    folder = tmp_path / "c"
    week_1 = range(1, 2)
    alone = exported(runner, folder, "Al", ["--goal", "ml-system-design", "--by", "2027-06-28"], week_1, "2027-02-01")
    by_hours = ["--goal", "ml-interview", "--hours", "6", "--by", "2027-05-31"]
    fixed = exported(runner, folder, "Fi", by_hours, week_1, "2027-02-01")
    path = write(
        folder,
        f"""
        mentor: G
        mentees:
          - {{name: Al, goals: ml-system-design, by: 2027-06-28, start: 2027-01-04,
              progress: exports/{alone.name}}}
          - {{name: Fi, goals: ml-interview, hours: 6, by: 2027-05-31, start: 2027-01-04,
              progress: exports/{fixed.name}}}
        """,
    )
    found = statuses(path)
    assert found["Al"].notes[0].startswith("needs ")
    assert "a week now to finish by 2027-06-28, against " in found["Al"].notes[0]
    assert found["Fi"].notes and "more out to finish by 2027-05-31 than the original plan" in found["Fi"].notes[0]


# --- the files -----------------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_jobs_give_the_same_bytes(runner, cohort, tmp_path):
    args = ["cohort", str(cohort), "--as-of", AS_OF.isoformat(), "--format", "html,pdf,md,ics,json,csv"]
    one = run(runner, *args, "--jobs", "1", "--out", str(tmp_path / "one"))
    two = run(runner, *args, "--jobs", "3", "--out", str(tmp_path / "two"))
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert one.stdout.replace("/one", "/two") == two.stdout
    files = tree(tmp_path / "one")
    assert files == tree(tmp_path / "two")
    stems = [f"{goal}-{name.lower()}" for name, goal, _ in MENTEES]
    suffixes = ["html", "pdf", "md", "ics", "json", "csv"]
    assert set(files) == {f"{s}.{x}" for s in stems for x in suffixes} | {"index.html", "cohort.ics"}
    # Eve's plan is still made, from her entry alone.
    eve = json.loads(files["swe-system-design-eve.json"])
    assert eve["start"] == "2027-01-04" and all(not s.get("done") for w in eve["weeks"] for s in w["sessions"])


def test_a_new_run_rewrites_only_what_changed(runner, cohort, tmp_path):
    out = tmp_path / "out"
    args = ["cohort", str(cohort), "--as-of", AS_OF.isoformat(), "--format", "html,ics", "--out", str(out)]
    assert run(runner, *args).exit_code == 0
    long_ago = 1_000_000_000
    for path in out.iterdir():
        os.utime(path, (long_ago, long_ago))
    same = run(runner, *args)
    assert same.exit_code == 0 and same.stdout.endswith(f"Wrote 0 files into {out}; 12 unchanged.\n")
    assert all(p.stat().st_mtime == long_ago for p in out.iterdir())
    before = tree(out)
    # Cy exports again, with week 5 read as well.
    exported(runner, cohort.parent, "Cy", ["--goal", "deep-learning", "--hours", "8"], range(1, 6), "2027-02-03")
    again = run(runner, *args)
    assert again.exit_code == 0 and again.stdout.endswith(f"Wrote 3 files into {out}; 9 unchanged.\n")
    changed = {name for name, data in tree(out).items() if before[name] != data}
    assert changed == {"deep-learning-cy.html", "deep-learning-cy.ics", "index.html"}
    assert {p.name for p in out.iterdir() if p.stat().st_mtime != long_ago} == changed


def test_the_index_page(runner, cohort, tmp_path):
    out = tmp_path / "out"
    result = run(runner, "cohort", str(cohort), "--as-of", AS_OF.isoformat(), "--out", str(out), "--jobs", "2")
    assert result.exit_code == 0, result.output
    page = parse((out / "index.html").read_text(encoding="utf-8"))
    csp = page.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert csp.startswith("default-src 'none'; style-src 'sha256-") and "script-src" not in csp
    assert page.find_all("script") == [] and page.find_all("img") == []
    rows = page.find_all("tr", cls="mentee")
    assert [r.attrs["data-mentee"] for r in rows] == ["Eve", "Ada", "Dee", "Ben", "Cy"]
    assert [r.attrs["data-kind"] for r in rows] == ["problem", "behind", "stale", "ahead", "on-track"]
    ada = rows[1]
    assert ada.find("a", cls="plan-link").attrs["href"] == "ml-system-design-ada.html"
    assert ada.find("td", cls="schedule").text() == "2 weeks behind"
    assert ada.find("td", cls="week").text() == "week 5 of 26"
    assert ada.find("progress").attrs["value"] == "8"
    assert ada.find("td", cls="export").text() == "Sun 31 Jan 2027"
    assert "stale" in rows[2].find("td", cls="export").text()
    assert rows[0].find("p", cls="problem").text().startswith("Problem: progress file ")
    hrefs = [a.attrs["href"] for a in page.find_all("a")]
    assert all((out / href).is_file() for href in hrefs)
    assert page.find("span", id="counts").text() == (
        "5 mentees: 1 with a problem, 1 behind, 1 ahead, 1 with a stale export, 1 on track"
    )


def test_names_are_text_on_the_page(runner, tmp_path):
    from tests.conftest import HOSTILE_MENTEE

    path = write(
        tmp_path,
        f"mentor: '{HOSTILE_MENTEE}'\n"
        f"mentees: [{{name: '{HOSTILE_MENTEE} & <b>Bo</b>', goals: ddia, start: 2027-01-04}}]\n",
    )
    out = tmp_path / "out"
    assert run(runner, "cohort", str(path), "--out", str(out), "--as-of", "2027-01-04").exit_code == 0
    text = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in text and "<b>" not in text
    page = parse(text)
    assert page.find("span", cls="mentor").text() == HOSTILE_MENTEE
    link = page.find("a", cls="plan-link")
    assert link.text() == f"{HOSTILE_MENTEE} & <b>Bo</b>" and (out / link.attrs["href"]).is_file()


def test_the_mentors_calendar_of_check_ins(runner, cohort, tmp_path):
    from tests.test_calendar import events

    args = ["cohort", str(cohort), "--as-of", AS_OF.isoformat(), "--format", "ics"]
    assert run(runner, *args, "--out", str(tmp_path / "a")).exit_code == 0
    calendar = (tmp_path / "a" / "cohort.ics").read_bytes()
    found = events(calendar)
    ada = [e for e in found if "Ada" in str(e["SUMMARY"])]
    # Ada's plan now runs 26 weeks: check-ins open weeks 3, 5, ..., 27 (the Monday after its end).
    assert [e.decoded("DTSTART") for e in ada][:2] == [date(2027, 1, 18), date(2027, 2, 1)]
    assert str(ada[0]["SUMMARY"]) == "Check in with Ada (week 3)" and len(ada) == 13
    assert "ml-system-design-ada.ics" in str(ada[0]["DESCRIPTION"])
    assert len({str(e["UID"]) for e in found}) == len(found)
    # Weekly check-ins keep the UIDs of the fortnightly ones they share a week with.
    weekly = run(runner, *args, "--check-in", "1w", "--out", str(tmp_path / "b"))
    assert weekly.exit_code == 0
    again = events((tmp_path / "b" / "cohort.ics").read_bytes())
    assert len(again) > len(found) and {str(e["UID"]) for e in found} <= {str(e["UID"]) for e in again}
    ignored = run(runner, *args[:4], "--check-in", "2w", "--out", str(tmp_path / "c"))
    assert "Warning: --check-in is used only with --format ics" in ignored.stderr
    assert not (tmp_path / "c" / "cohort.ics").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--check-in", "0w"], "'0w' is not a number of weeks from 1w to 52w (e.g. 2w)"),
    (["--check-in", "fortnight"], "'fortnight' is not a number of weeks from 1w to 52w"),
    (["--jobs", "0"], "0 is not in the range 1<=x<=512"),
    (["--format", "html,docx"], "unknown format 'docx'"),
])  # fmt: skip
def test_bad_options(runner, tmp_path, args, message):
    path = write(tmp_path, "mentor: G\nmentees: [{name: A, goals: ddia, start: 2027-01-04}]\n")
    result = run(runner, "cohort", str(path), *args)
    assert result.exit_code == 2 and message in result.stderr


def test_json(runner, cohort, tmp_path):
    result = run(runner, "cohort", str(cohort), "--as-of", AS_OF.isoformat(), "--out", str(tmp_path / "o"), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["mentor"] == "Grace Hopper" and data["as_of"] == "2027-02-03"
    ada = data["mentees"][1]
    assert {k: ada[k] for k in ("name", "percent", "weeks_later", "schedule", "week", "weeks", "stale")} == {
        "name": "Ada", "percent": 8, "weeks_later": 2, "schedule": "2 weeks behind", "week": 5, "weeks": 26,
        "stale": False,
    }  # fmt: skip
    assert ada["files"] == ["ml-system-design-ada.html"] and ada["exported"] == "2027-01-31T18:00:00+00:00"
    assert ada["next"]["book"] == "hundred-page-ml" and ada["next"]["day"] == "2027-02-01"
    assert data["mentees"][0]["problem"].startswith("progress file") and data["mentees"][0]["percent"] is None
    assert result.stderr == f"Wrote 6 files into {tmp_path / 'o'}.\n"


def test_a_book_finished_in_the_past_of_a_continued_plan_is_shown_in_every_format(runner, tmp_path):
    # Weeks 1-4 of deep-learning at 8 h read the whole maths workbook, which the rest of the plan no longer holds.
    progress = exported(runner, tmp_path, "Cy", ["--goal", "deep-learning", "--hours", "8"], range(1, 5), "2027-02-01")
    out = tmp_path / "out"
    result = run(runner, "plan", "--progress", str(progress), "--as-of", "2027-02-03", "--out", str(out),
                 "--format", "html,md,ics,json,csv")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Deep Learning Math Workbook: part 1/3 (read)" in result.stdout
    assert "Deep Learning Math Workbook" in (out / "deep-learning-cy.html").read_text(encoding="utf-8")


def test_the_readme_shows_the_example_cohort_file_and_its_index():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    text = EXAMPLE.read_text(encoding="utf-8")
    body = "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
    assert f"```yaml\n{body}```" in readme
    assert "$ curriculum cohort examples/cohort/cohort.yaml" in readme and "](docs/cohort-index.png)" in readme
    assert (ROOT / "docs" / "cohort-index.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_spawned_workers_load_the_catalog_and_give_the_same_bytes(runner, tmp_path, monkeypatch, write_catalog):
    # Where processes cannot be forked (macOS, Windows) each worker loads the catalog itself.
    from curriculum.present import cohort_build
    from tests.conftest import SMALL_BOOKS, SMALL_GOALS, SMALL_PREREQS

    catalog = write_catalog(SMALL_BOOKS, SMALL_PREREQS, SMALL_GOALS)
    people = "".join(f"  - {{name: M{i}, goals: finish, hours: {i + 1}, start: 2027-01-04}}\n" for i in range(4))
    path = write(tmp_path, f"mentor: G\ncatalog: {catalog.name}\nextend: true\nmentees:\n{people}")
    args = ["cohort", str(path), "--as-of", "2027-01-20", "--format", "html,ics,json"]
    assert run(runner, *args, "--jobs", "1", "--out", str(tmp_path / "one")).exit_code == 0
    monkeypatch.setattr(cohort_build, "START_METHOD", "spawn")
    spawned = run(runner, *args, "--jobs", "2", "--out", str(tmp_path / "two"))
    assert spawned.exit_code == 0, spawned.output
    assert tree(tmp_path / "one") == tree(tmp_path / "two")
    assert json.loads((tmp_path / "two" / "finish-m0.json").read_bytes())["books"][0]["id"] == "alpha"


def test_a_cohort_file_with_very_many_problems_lists_the_first_thousand(runner, tmp_path):
    people = "".join(f"  - {{name: M{i}, goals: nope, start: 2027-01-04}}\n" for i in range(1100))
    path = write(tmp_path, f"mentor: G\nmentees:\n{people}")
    result = run(runner, "cohort", str(path))
    assert result.exit_code == 6
    lines = result.stderr.splitlines()
    assert lines[0] == "Error: the cohort file has 1,100 problems:" and len(lines) == 1002
    assert lines[-1] == "  ... and 100 more (the first 1,000 are listed; fix these and run again)"
