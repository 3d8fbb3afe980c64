"""Control characters and line breaks: nothing typed, read or loaded can move the terminal's
cursor, write its clipboard, fake a line, or end a line of a calendar (issue 13, hole 3)."""

from __future__ import annotations

import pytest
import yaml

from curriculum.catalog import load_catalog
from curriculum.catalog.files import ONE_LINE, TEXT
from curriculum.cli import cli
from curriculum.cli_common import echo
from curriculum.errors import CatalogError

CONTROLS = ["\x1b]52;c;aGk=\x07", "\x1b[2J", "\r", "\x9b31m", "\x07", "\x00", "\u2028", "\x7f"]
"""OSC 52 (clipboard), clear screen, carriage return, C1 CSI, bell, NUL, line separator, DEL."""


@pytest.mark.parametrize("control", CONTROLS, ids=repr)
@pytest.mark.parametrize("field", ["title", "authors", "notes", "publisher", "chapter title", "reason"])
def test_catalog_text_with_control_characters_is_refused_and_shown_escaped(write_catalog, runner, field, control):
    text = f"Evil{control}Text"
    book = {"id": "a", "title": "T", "authors": ["A"], "hours": 2, "chapters": [{"number": "1", "title": "One"}]}
    if field == "authors":
        book["authors"] = [text]
    elif field == "chapter title":
        book["chapters"][0]["title"] = text
    elif field != "reason":
        book[field] = text
    other = {"id": "b", "title": "B", "authors": ["B"], "hours": 1}
    edge = {"before": "b", "after": "a", "reason": text if field == "reason" else "r"}
    folder = write_catalog(yaml.safe_dump({"books": [book, other]}), yaml.safe_dump({"prereqs": [edge]}))
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    assert any("which catalog text may not hold" in p.message for p in caught.value.problems)
    result = runner.invoke(cli, ["validate", "--catalog", str(folder)])
    assert result.exit_code == 3
    assert control not in result.output, repr(result.output)


def test_text_fields_allow_line_breaks_and_tabs_where_text_runs_long():
    import re

    assert re.fullmatch(TEXT, "one\ntwo\tthree") and not re.fullmatch(ONE_LINE, "one\ntwo")


@pytest.mark.parametrize("control", CONTROLS, ids=repr)
def test_everything_printed_to_the_terminal_has_its_control_characters_made_visible(capsys, control):
    echo(f"ok{control}then")
    echo(f"err{control}", err=True)
    out, err = capsys.readouterr()
    assert control not in out + err
    assert out.startswith("ok\\u") and err.startswith("err\\u")


def test_a_name_with_a_line_break_is_refused_before_any_file_is_written(runner, tmp_path):
    result = runner.invoke(
        cli,
        ["plan", "--goal", "ddia", "--start", "2027-01-04", "--for", "Ada\r\nEND:VEVENT\r\nBEGIN:VEVENT",
         "--format", "ics,md", "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--for" in result.stderr and "give a name on one line" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_calendar_has_one_event_per_study_week_whatever_the_text(runner, tmp_path, write_catalog):
    folder = write_catalog(
        'books:\n  - {id: a, title: "BEGIN:VEVENT SUMMARY:x", authors: [A], hours: 4,'
        ' notes: "END:VCALENDAR\\nBEGIN:VEVENT"}\n',
        None,
        'goals:\n  - {id: g, title: "END:VEVENT", targets: [{book: a}]}\n',
    )
    args = ["plan", "--catalog", str(folder), "--goal", "g", "--hours", "2", "--start", "2027-01-04"]
    result = runner.invoke(cli, [*args, "--format", "ics", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    ics = (tmp_path / "g.ics").read_bytes().decode("utf-8")
    lines = ics.split("\r\n")
    assert lines.count("BEGIN:VEVENT") == 2 == lines.count("END:VEVENT")
    assert lines.count("BEGIN:VCALENDAR") == 1 == lines.count("END:VCALENDAR")


def test_books_with_the_same_title_are_told_apart_by_their_id(runner, write_catalog, tmp_path):
    folder = write_catalog(
        "books:\n  - {id: '18.01', title: Calculus, authors: [MIT], hours: 2}\n"
        "  - {id: '18.02', title: Calculus, authors: [MIT], hours: 2}\n",
        "prereqs:\n  - {before: '18.01', after: '18.02', reason: r}\n",
    )
    result = runner.invoke(
        cli, ["plan", "--catalog", str(folder), "--goal", "18.02", "--hours", "3", "--start", "2027-01-04",
              "--format", "md,csv", "--out", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Calculus (18.01)" in result.stdout and "Calculus (18.02)" in result.stdout
    assert r"Calculus \(18.01\)" in (tmp_path / "18.02.md").read_text()
    assert "Calculus (18.01)" in (tmp_path / "18.02.csv").read_text()


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--goal", "x", "--hours", "\x1b]52;c;AAAA\x07"],
        ["plan", "--goal", "x", "--paper", "\x1b[31mred"],
        ["plan", "--goal", "x", "--start", "\x9b2J"],
        ["why", "ddia", "--goal", "x", "\x1b]8;;http://evil\x07"],
        ["graph", "--format", "\x1b[2J"],
    ],
)
def test_clicks_own_messages_show_control_characters_visibly(args):
    """A bad value is echoed back by click itself; it too must not reach the terminal raw."""
    import subprocess
    import sys

    ran = subprocess.run([sys.executable, "-m", "curriculum", *args], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 2, ran.stderr
    assert "Error: " in ran.stderr and ("\\u00" in ran.stderr or "\\x1b" in ran.stderr)  # shown, not acted on
    assert not any(c in ran.stderr for c in "\x1b\x07\x9b"), ran.stderr
