"""Output bounded by what a reader can use, and work linear in the input (issue 13, hole 2):
a broken catalog of many entries lists a screenful of problems and counts the rest,
"did you mean" (which compares with every id) is worked out a bounded number of times, and
`why` on a ladder of prerequisites lists a few chains and counts the rest only so far."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from curriculum.catalog import load_catalog
from curriculum.catalog.problems import MAX_LISTED, MAX_SUGGESTIONS
from curriculum.cli import cli
from curriculum.errors import CatalogError
from curriculum.explain import COUNT_CAP, MAX_CHAINS, why_needed
from curriculum.planner import resolve_goals
from curriculum.present.explain_text import why_text


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
    assert [(u["book"], u["hours"]) for u in data["unverified_hours"]] == [("b", 1.0)]


def write_ladder(folder: Path, rungs: int) -> Path:
    """Two parallel chains with rungs between them (a_i -> a_i+1, b_i -> b_i+1, a_i -> b_i+1,
    b_i -> a_i+1): 2^(rungs-2) chains lead from a0 to the goal's book a<rungs-1>."""
    folder.mkdir()
    books = ["books:\n"]
    prereqs = ["prereqs:\n"]
    for i in range(rungs):
        books += [f"  - {{id: {x}{i}, title: {x}{i}, authors: [X], hours: 1}}\n" for x in "ab"]
        if i:
            prereqs += [f"  - {{before: {x}{i - 1}, after: {y}{i}, reason: r}}\n" for x in "ab" for y in "ab"]
    (folder / "books.yaml").write_text("".join(books), encoding="utf-8")
    (folder / "prereqs.yaml").write_text("".join(prereqs), encoding="utf-8")
    (folder / "goals.yaml").write_text(f"goals:\n  - {{id: top, title: Top, targets: [{{book: a{rungs - 1}}}]}}\n")
    return folder


def calls_and_text(folder: Path) -> tuple[int, str]:
    """Function calls (Python and C, a count no busy machine changes) that `why a0 --goal top`
    makes once the catalog is loaded, and its text."""
    catalog = load_catalog(folder)
    goals = resolve_goals(catalog, ("top",))
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(count)
    try:
        why = why_needed(catalog, "a0", goals)
    finally:
        sys.setprofile(None)
    return calls, why_text(why, catalog)


def test_why_on_a_ladder_is_linear_and_counts_its_chains_only_as_far_as_useful(tmp_path):
    """Issue 13: a ladder of n rungs has 2^(n-2) chains. Counting them exactly cost 4x per
    doubling (and past 4,300 digits the count could not be printed); listing the 20 shortest
    with Yen's algorithm was quadratic too (11.6M calls at 250 rungs, 48.1M at 500)."""
    small_calls, small = calls_and_text(write_ladder(tmp_path / "small", 1_000))  # 2,000 books
    big_calls, big = calls_and_text(write_ladder(tmp_path / "big", 2_000))  # 4,000 books
    assert big_calls / small_calls <= 2.2, (small_calls, big_calls)
    assert len(big) / len(small) <= 2.2
    for text, rungs in ((small, 1_000), (big, 2_000)):
        assert "\nMore than 1,000,000 prerequisite chains lead from it to the goal's targets:\n" in text
        assert "\n... and more than 999,980 more chains (raise --limit to see more).\n" in text
        shown = [line for line in text.splitlines() if line.startswith("  a0 -> ")]
        assert len(shown) == MAX_CHAINS == len(set(shown))
        assert all(line.count(" -> ") == rungs - 1 and line.endswith(f" -> a{rungs - 1}") for line in shown)


def test_why_json_gives_the_capped_count(tmp_path, runner):
    folder = write_ladder(tmp_path / "ladder", 30)  # 2^28 chains
    args = ["why", "a0", "--goal", "top", "--catalog", str(folder), "--limit", "3"]
    data = json.loads(runner.invoke(cli, [*args, "--json"]).stdout)
    assert data["chains_total"] == COUNT_CAP and len(data["chains"]) == 3
    few = write_ladder(tmp_path / "few", 5)  # 8 chains: counted exactly
    result = runner.invoke(cli, ["why", "a0", "--goal", "top", "--catalog", str(few), "--limit", "3"])
    assert "\n8 prerequisite chains lead from it" in result.stdout
    assert "\n... and 5 more chains (raise --limit to see more).\n" in result.stdout


@pytest.mark.parametrize("seed", range(30))
def test_why_lists_the_shortest_chains_first_and_counts_them_all(seed):
    """On random DAGs, against every path networkx finds: the chains listed are distinct paths to
    a target, as short as the shortest ones, in order of length; the count is exact."""
    import random

    import networkx as nx

    from curriculum.explain import Step, _chains, _count_paths

    rng = random.Random(seed)
    n = rng.randint(2, 12)
    graph = nx.DiGraph()
    graph.add_nodes_from(f"n{i}" for i in range(n))
    for j in range(1, n):
        for i in rng.sample(range(j), min(j, rng.randint(0, 3))):
            graph.add_edge(f"n{i}", f"n{j}", step=Step(f"n{i}", f"n{j}", "", "r", "recommended"))
    ends = [f"n{i}" for i in rng.sample(range(1, n), rng.randint(1, min(3, n - 1)))]
    every = [p for t in ends for p in nx.all_simple_paths(graph, "n0", t)]
    limit = rng.randint(1, 8)
    chains = _chains(graph, "n0", ends, limit)
    books = [list(c.books) for c in chains]
    assert len(books) == min(limit, len(every))
    assert all(b in every for b in books) and len({tuple(b) for b in books}) == len(books)
    assert [len(b) for b in books] == sorted(len(p) for p in every)[: len(books)]
    assert _count_paths(graph, "n0", ends) == len(every)
