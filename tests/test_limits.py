"""Output bounded by what a reader can use, and work linear in the input (issue 13, hole 2):
a broken catalog of many entries lists a screenful of problems and counts the rest, and
"did you mean" (which compares with every id) is worked out a bounded number of times."""

from __future__ import annotations

import pytest

from curriculum.catalog import load_catalog
from curriculum.catalog.problems import MAX_LISTED, MAX_SUGGESTIONS
from curriculum.cli import cli
from curriculum.errors import CatalogError


def test_a_catalog_of_many_broken_entries_lists_the_first_problems_and_counts_the_rest(write_catalog, runner):
    folder = write_catalog("books:\n" + "  - {}\n" * 20_000)
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    assert len(caught.value.problems) == MAX_LISTED
    assert len(caught.value.problems) + caught.value.more == 3 * 20_000  # id, title, authors each
    result = runner.invoke(cli, ["validate", "--catalog", str(folder)])
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: the catalog has 60,000 problems:\n")
    assert result.stderr.endswith(
        f"... and {60_000 - MAX_LISTED:,} more (the first {MAX_LISTED:,} are listed; fix these and run again)\n"
    )
    assert len(result.stderr.splitlines()) == MAX_LISTED + 2
    data = runner.invoke(cli, ["validate", "--catalog", str(folder), "--json"]).stdout
    assert '"problems_not_listed":59000' in data.replace(" ", "")


def test_did_you_mean_is_worked_out_a_bounded_number_of_times(write_catalog):
    books = "books:\n" + "".join(f"  - {{id: book-{i}, title: B, authors: [A], hours: 1}}\n" for i in range(300))
    prereqs = "prereqs:\n" + "".join(f"  - {{before: book-{i}, after: bok-{i}, reason: r}}\n" for i in range(300))
    with pytest.raises(CatalogError) as caught:
        load_catalog(write_catalog(books, prereqs))
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 300 and all("unknown book 'bok-" in m for m in messages)
    assert sum("did you mean" in m for m in messages) == MAX_SUGGESTIONS


def test_placeholder_hours_are_said_in_every_output_with_the_hours_concerned(write_catalog, runner, tmp_path):
    import json

    folder = write_catalog(
        "books:\n"
        "  - {id: a, title: Known, authors: [A], hours: 3}\n"
        "  - {id: b, title: Guessed, authors: [A], hours: 1,"
        " unverified: ['hours: the dataset gives none (1 h is a placeholder)']}\n",
        "prereqs:\n  - {before: b, after: a, reason: r}\n",
    )
    args = ["plan", "--catalog", str(folder), "--goal", "a", "--hours", "2", "--start", "2027-01-04"]
    text = runner.invoke(cli, [*args, "--format", "md,html", "--out", str(tmp_path)]).stdout
    assert "Hours to check: 1 h of this plan's 4 h rest on placeholder or unverified hours" in text
    assert "Hours to check" in (tmp_path / "a.md").read_text() and "Hours to check" in (tmp_path / "a.html").read_text()
    data = json.loads(runner.invoke(cli, [*args, "--json"]).stdout)
    assert data["unverified_hours"] == [{"book": "b", "hours": 1.0}]
