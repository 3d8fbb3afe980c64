"""`plan --format csv`: one row per reading session, RFC 4180, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

import pytest

from curriculum.catalog import load_catalog
from curriculum.cli import cli
from curriculum.present.csv import COLUMNS, cell
from curriculum.present.job import PlanJob
from curriculum.present.registry import render_plan
from curriculum.present.view import sessions
from tests.conftest import plan_of

FORMULA_BOOKS = """
books:
  - id: sums
    title: "=HYPERLINK(\\"https://example.com\\", \\"Sums, \\"\\"and\\"\\" more\\")"
    authors: [A. Author]
    hours: 2
  - id: plus
    title: "+1 Plus, minus and @ signs"
    authors: [B. Author]
    hours: 2
    chapters:
      - {number: 1, title: One}
      - {number: 2, title: Two}
"""
FORMULA_PREREQS = """
prereqs:
  - {before: sums, after: plus, reason: Sums first.}
"""
FORMULA_GOALS = """
goals:
  - id: cells
    title: Cells
    targets: [{book: plus}]
"""


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def msd(bundled):
    return plan_of(bundled, "ml-system-design", hours=6)


def test_a_row_per_session_with_week_book_chapters_hours_and_name(msd):
    text = render_plan("csv", PlanJob(msd, mentee="Ada Lovelace"))
    table = rows(text)
    assert tuple(table[0]) == COLUMNS
    assert COLUMNS == ("week", "week_start", "book", "title", "chapters", "hours", "for", "day", "time", "minutes")
    expected = [s for week in msd.weeks for s in sessions(week)]
    assert len(table) - 1 == len(expected)
    first = dict(zip(COLUMNS, table[1], strict=True))
    assert first == {
        "week": "1",
        "week_start": "2027-01-04",
        "book": expected[0].book,
        "title": msd.catalog.books[expected[0].book].book.title,
        "chapters": first["chapters"],
        "hours": f"{expected[0].minutes / 60:g}",
        "for": "Ada Lovelace",
        "day": "",
        "time": "",
        "minutes": str(expected[0].minutes),
    }
    assert first["chapters"].startswith("ch ")
    assert sum(float(row[5]) for row in table[1:]) == pytest.approx(msd.total_minutes / 60, abs=0.01 * len(expected))
    assert sum(int(row[9]) for row in table[1:]) == msd.total_minutes
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")


def test_weeks_off_have_no_rows(bundled):
    from datetime import date

    plan = plan_of(bundled, "ml-system-design", skip=((date(2027, 1, 11), date(2027, 1, 17)),))
    weeks = {row[0] for row in rows(render_plan("csv", PlanJob(plan)))[1:]}
    assert "2" not in weeks and "1" in weeks and "3" in weeks


def test_quoting_follows_rfc_4180_and_formulas_are_disarmed(write_catalog):
    catalog = load_catalog(write_catalog(FORMULA_BOOKS, FORMULA_PREREQS, FORMULA_GOALS))
    text = render_plan("csv", PlanJob(plan_of(catalog, "cells"), mentee='-Ada, "the" Countess'))
    table = rows(text)
    titles = {row[2]: row[3] for row in table[1:]}
    assert titles["sums"] == "'" + catalog.books["sums"].book.title
    assert titles["plus"] == "'+1 Plus, minus and @ signs"
    assert {row[6] for row in table[1:]} == {'\'-Ada, "the" Countess'}
    assert '"\'-Ada, ""the"" Countess"' in text  # quoted, its quotes doubled
    for row in table:
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_gets_a_quote(start):
    assert cell(f"{start}1+1") == f"'{start}1+1"
    assert cell(f"a{start}") == f"a{start}"


def test_plan_writes_the_csv_file(runner, tmp_path):
    args = [
        "plan",
        "--goal",
        "ddia",
        "--start",
        "2027-01-04",
        "--format",
        "csv",
        "--out",
        str(tmp_path),
        "--for",
        "Zoë",
    ]
    result = runner.invoke(cli, args, prog_name="curriculum")
    assert result.exit_code == 0, result.output
    written = tmp_path / "ddia-zoe.csv"
    assert result.stdout.endswith(f"Wrote {written}\n")
    table = rows(written.read_bytes().decode("utf-8"))
    assert table[0] == list(COLUMNS) and all(row[2] == "ddia" and row[6] == "Zoë" for row in table[1:])
