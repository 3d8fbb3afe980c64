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
    assert next_monday(date(2026, 11, 29)) == date(2026, 11, 30)  # a Sunday
    assert next_monday(date(2026, 11, 30)) == date(2026, 11, 30)  # a Monday: that day


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

    # At 0.25 h a week the JSON is about 200 KB, more than a pipe holds (64 KB): the writer
    # cannot finish before the reader goes away (at 1 h it could, and then said "Wrote" on stderr).
    command = [sys.executable, "-m", "curriculum", *debug, "plan", "--goal", "ml-interview", "--hours", "0.25",
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


# --- arguments that are not UTF-8 -------------------------------------------------------------
# Bytes that are not UTF-8 reach Python as stand-ins that no output can hold: such an argument,
# wherever it stands (a name, an id, a value after `=`, a path), is refused with exit 2.

NOT_UTF8 = [
    [b"plan", b"--goal", b"ddia", b"--for", b"\xff"],
    [b"plan", b"--goal", b"ddia", b"--for", b"Ad\xe9le"],  # Latin-1, not UTF-8
    [b"plan", b"--goal", b"\xff"],
    [b"plan", b"--goal=\xc3"],  # a UTF-8 sequence cut short
    [b"plan", b"--goal", b"ddia", b"--done", b"ddia:\xff"],
    [b"plan", b"--goal", b"ddia", b"--format", b"md,\xff"],
    [b"plan", b"--goal", b"ddia", b"--out", b"plans-\xff"],
    [b"plan", b"--goal", b"ddia", b"--progress", b"p\xff.yaml"],
    [b"books", b"--catalog", b"catalog-\xff"],
    [b"show", b"\xed\xa0\x80"],  # an encoded surrogate, which UTF-8 forbids
    [b"\xff"],
]


@pytest.mark.parametrize("args", NOT_UTF8, ids=[b" ".join(a).decode("latin-1") for a in NOT_UTF8])
def test_an_argument_that_is_not_utf8_is_refused(tmp_path, args):
    (tmp_path / "catalog-\udcff").mkdir()  # the folder exists: still refused, a plan records its path
    ran = subprocess.run([sys.executable, "-m", "curriculum", *args], cwd=tmp_path, capture_output=True, check=False)
    err = ran.stderr.decode("utf-8")  # what is printed is UTF-8 text, the bad bytes shown as \xNN
    assert ran.returncode == 2, err
    assert ran.stdout == b""
    bad = next(a for a in args if a != a.decode("utf-8", "ignore").encode())
    shown = bad.decode("utf-8", "backslashreplace")
    assert err.startswith(f"Error: the argument '{shown}'"), err
    assert err.endswith(" is not UTF-8 text; give every argument in UTF-8\n")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["catalog-\udcff"]  # nothing written


def test_the_value_of_an_option_is_named_by_its_option(tmp_path):
    ran = subprocess.run([sys.executable, "-m", "curriculum", b"plan", b"--goal", b"ddia", b"--for", b"Ad\xe9le"],
                         cwd=tmp_path, capture_output=True, check=False)  # fmt: skip
    assert ran.stderr.decode() == (
        "Error: the argument 'Ad\\xe9le' (after --for) is not UTF-8 text; give every argument in UTF-8\n"
    )


def test_a_name_that_is_not_utf8_is_refused_in_process_too(runner, tmp_path):
    # The same stand-in given to click directly (as a program calling `cli` could).
    result = run(runner, "plan", "--goal", "ddia", "--for", "Ad\udce9le", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "Invalid value for '--for': 'Ad\\xe9le' is not UTF-8 text" in result.stderr
    assert not (tmp_path / "out").exists()


def test_printed_paths_show_bytes_that_are_not_utf8(capsys):
    from curriculum.cli_common import echo

    echo("Wrote plans-\udcff/ddia.md")
    assert capsys.readouterr().out == "Wrote plans-\\xff/ddia.md\n"


# --- stray arguments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "ml-system-design"], "unexpected argument 'ml-system-design'; did you mean --goal ml-system-design?"),
        (["plan", "ml-system-design", "--hours", "5"], "unexpected argument 'ml-system-design'; did you mean --goal"),
        (["plan", "deep-learning", "ml-system-design"], "unexpected arguments 'deep-learning' 'ml-system-design';"
         " did you mean --goal deep-learning --goal ml-system-design?"),
        (["plan", "--goal", "ddia", "5"], "unexpected argument '5'; did you mean --hours 5?"),
        (["plan", "--goal", "ddia", "two words"], "unexpected argument 'two words'; did you mean --goal 'two words'?"),
        (["plan", "--goal", "ddia", "."], "unexpected argument '.'\n"),
        (["plan", "\x1b]52;c;AAAA\x07"], "unexpected argument '\\u001b]52;c;AAAA\\u0007'\n"),
        (["goals", "ml-system-design"], "unexpected argument 'ml-system-design'\n"),
        (["books", "5"], "unexpected argument '5'\n"),
    ],
)  # fmt: skip
def test_a_stray_argument_is_named_with_the_option_it_was_meant_for(runner, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run(runner, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Usage: curriculum {args[0]} [OPTIONS]\n")
    assert f"\nError: {message}" in result.stderr + "\n"
    assert result.stdout == "" and list(tmp_path.iterdir()) == []


def test_completion_is_not_disturbed_by_stray_arguments():
    from click.shell_completion import ShellComplete

    completer = ShellComplete(cli, {}, "curriculum", "_CURRICULUM_COMPLETE")
    assert [i.value for i in completer.get_completions(["plan", "stray", "--goal"], "deep")] == ["deep-learning"]


# --- what a newcomer tries -----------------------------------------------------------------------


def test_show_takes_a_goal(runner):
    result = run(runner, "show", "ml-system-design")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ml-system-design: ML system design\n")
    assert "Targets, in reading order:" in result.stdout


def complete(args: list[str], incomplete: str) -> list[tuple[str, str | None]]:
    from click.shell_completion import ShellComplete

    completer = ShellComplete(cli, {}, "curriculum", "_CURRICULUM_COMPLETE")
    return [(item.value, item.help) for item in completer.get_completions(args, incomplete)]


def test_completion_of_done_offers_books_then_their_chapters(write_catalog):
    small = str(write_catalog(SMALL_BOOKS, SMALL_PREREQS, SMALL_GOALS))
    plan = ["plan", "--catalog", small, "--done"]
    assert complete(plan, "") == [("alpha", "Alpha"), ("beta", "Beta"), ("gamma", "Gamma")]
    assert complete(plan, "b") == [("beta", "Beta")]
    assert complete(plan, "beta:") == [("beta:1", "First"), ("beta:2", "Second"), ("beta:3", "Third")]
    assert complete(plan, "beta:1,") == [("beta:1,1", "First"), ("beta:1,2", "Second"), ("beta:1,3", "Third")]
    assert complete(plan, "beta:1-3") == [("beta:1-3", "Third")]
    assert complete(plan, "gamma:") == []  # no chapter list
    assert complete(plan, "nope:") == []
    bundled = [value for value, _ in complete(["plan", "--done"], "ddia:1")]
    assert bundled == ["ddia:1", "ddia:10", "ddia:11", "ddia:12", "ddia:13", "ddia:14"]


def test_completion_of_format_offers_every_plan_format():
    from curriculum.present.registry import names

    assert [value for value, _ in complete(["plan", "--format"], "")] == list(names("plan"))
    others = [f"md,{name}" for name in names("plan") if name != "md"]
    assert [value for value, _ in complete(["plan", "--format"], "md,")] == others


BREAKING = ["Two\nlines", "Carriage\rreturn", "Line\u2028separator", "Next\x85line", "Escape\x1b[2Jcode", "Tab\tbed"]
"""Texts that would split or disturb a line of a shell's completion answer."""


@pytest.mark.parametrize("shell", ["zsh", "bash", "fish"])
def test_completion_keeps_every_item_on_its_lines_whatever_the_titles(monkeypatch, shell):
    # A catalog cannot hold such titles (they are refused), but completion stands on its own:
    # zsh reads its answer in threes of lines (kind, value, help); one line break shifts the rest.
    from types import SimpleNamespace

    from click.shell_completion import get_completion_class

    from curriculum import completion

    books = {f"b{i}": SimpleNamespace(book=SimpleNamespace(title=t)) for i, t in enumerate(BREAKING)}
    books["bad\nid"] = SimpleNamespace(book=SimpleNamespace(title="An id no shell can take"))
    fake = SimpleNamespace(goals={}, books=books, starting_points={})
    monkeypatch.setattr(completion, "_catalog", lambda ctx: fake)
    complete_class = get_completion_class(shell)
    assert complete_class is not None
    completer = complete_class(cli, {}, "curriculum", "_CURRICULUM_COMPLETE")
    items = completer.get_completions(["plan", "--goal"], "")
    answer = "\n".join(completer.format_completion(item) for item in items)
    per_item = {"zsh": 3, "bash": 1, "fish": 1}[shell]
    assert len(answer.split("\n")) == per_item * len(BREAKING)
    assert not any(c in answer for c in "\r\x1b\x85\u2028")
    if shell == "zsh":
        assert answer.split("\n")[:3] == ["plain", "b0", "Two lines"]


@pytest.mark.parametrize("number", ["9" * 5000, "0x" + "f" * 5000, "0" + "7" * 5000])
def test_a_done_chapter_of_thousands_of_digits_is_an_unknown_chapter(runner, tmp_path, number):
    # More than Python's 4,300 digits for int(): never read as a number, so never an internal error.
    result = run(runner, "plan", "--goal", "ddia", "--done", f"ddia:{number}", "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: book 'ddia' has no chapter '{number}' (its chapters: 1, 2,")


def test_setup_says_what_it_does_and_how_to_run_curriculum_as_the_readme_does():
    root = Path(__file__).resolve().parent.parent
    setup = (root / "scripts" / "setup.sh").read_text(encoding="utf-8")
    lines = setup.splitlines()
    slow = [i for i, line in enumerate(lines) if "pip install" in line or "-m venv" in line or "apt-get" in line]
    said = [i for i, line in enumerate(lines) if line.lstrip().startswith('echo "setup: ')]
    assert slow and all(any(s < i for s in said) for i in slow), "every slow step is announced before it starts"
    assert "source .venv/bin/activate" in setup.split("setup: done.")[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "`source .venv/bin/activate`" in readme and "$ curriculum goals" in readme
