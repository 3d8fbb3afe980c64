"""How far `make_plan` is from the least work its plan needs in Python (issue 15, seventh round).

A throwaway planner does the essential work of a ``reach-most`` plan of a generated catalog, on
integer book ids, in one pass each: it walks up the recommended prerequisites from the goal's
targets, orders the books depth first (prerequisites in the catalog's edge order, just before
what needs them), fills weeks of the weekly budget one book at a time, chapter by chapter, with
no piece under 30 minutes, and sums up each book's weeks. It knows nothing of alternatives,
chapter-level edges (a prerequisite's named chapters are read whole here), optional edges,
stretches, parallel reading, study days, skipped days or what is done, and makes tuples where the
planner makes structs; on the generated catalogs it plans the same books, about the same pieces
and weeks. Both run in this process on the same loaded catalog, alternately, with the collector
off as the command line has it while it plans; the figures are medians.

Usage::

    .venv/bin/python benchmarks/plan_floor.py benchmarks/_work/catalog-10000 [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

from curriculum.catalog import Catalog, load_catalog
from curriculum.cli_lifetime import lasting
from curriculum.planner import make_plan
from curriculum.request import PlanRequest

HOURS = 80
SMALLEST = 30


def essential(catalog: Catalog, targets: list[str], budget: int) -> tuple[int, int, int]:
    """The throwaway planner: (books, pieces, weeks) of its plan."""
    ids = list(catalog.books)
    index = {book: i for i, book in enumerate(ids)}
    minutes = [[unit.minutes for unit in entry.units] for entry in catalog.books.values()]
    into: list[list[int]] = [[] for _ in ids]
    for edge in catalog.edges:
        if edge.before is not None and edge.strength == "recommended":
            into[index[edge.after]].append(index[edge.before])
    needed = bytearray(len(ids))  # the selection: up from the targets
    stack = [index[t] for t in targets]
    for book in stack:
        needed[book] = 1
    requirements = []  # made as the plan keeps them (its count is not reported: only the work is timed)
    while stack:
        book = stack.pop()
        for before in into[book]:
            requirements.append((before, book))
            if not needed[before]:
                needed[before] = 1
                stack.append(before)
    placed, order = bytearray(len(ids)), []  # the reading order: depth first
    for target in (index[t] for t in targets):
        walk: list[tuple[int, Any]] = [(target, iter(into[target]))]
        while walk:
            book, edges = walk[-1]
            for before in edges:
                if not placed[before]:
                    walk.append((before, iter(into[before])))
                    break
            else:
                walk.pop()
                if not placed[book]:
                    placed[book] = 1
                    order.append(book)
    weeks: list[list[tuple[int, int, int, int]]] = []  # the schedule: one book at a time
    week: list[tuple[int, int, int, int]] = []
    room, number = budget, 1
    first, last = [0] * len(ids), [0] * len(ids)
    for book in order:
        first[book] = number
        for unit, left in enumerate(minutes[book]):
            part = 0
            while left:
                piece = left if left <= room else min(room, left - SMALLEST)
                if piece <= 0 or (piece < SMALLEST and piece != left):
                    weeks.append(week)
                    week, room, number = [], budget, number + 1
                    continue
                part += 1
                week.append((book, unit, piece, part))
                room -= piece
                left -= piece
                if not room:
                    weeks.append(week)
                    week, room, number = [], budget, number + 1
        last[book] = number
    if week:
        weeks.append(week)
    summary = [(ids[book], first[book], last[book], sum(minutes[book])) for book in order]  # the books' lines
    return len(summary), sum(map(len, weeks)), len(weeks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("catalog", type=Path)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with lasting():
        catalog = load_catalog(args.catalog)
        targets = [target.book for target in catalog.goals["reach-most"].targets if target.book is not None]
        request = PlanRequest(goals=("reach-most",), hours_per_week=float(HOURS), start=date(2030, 1, 7))
        floor_times, plan_times = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            books, pieces, weeks = essential(catalog, targets, HOURS * 60)
            floor_times.append(time.perf_counter() - start)
            start = time.perf_counter()
            plan = make_plan(catalog, request)
            plan_times.append(time.perf_counter() - start)
        floor, made = statistics.median(floor_times), statistics.median(plan_times)
        print(f"essential work: {floor:.3f} s, {books:,} books, {pieces:,} pieces, {weeks:,} weeks")
        print(
            f"make_plan:      {made:.3f} s, {len(plan.books):,} books,"
            f" {sum(len(w.pieces) for w in plan.weeks):,} pieces, {len(plan.weeks):,} weeks"
        )
        print(f"make_plan / essential work: {made / floor:.1f}x ({args.runs} runs each, alternately; medians)")


if __name__ == "__main__":
    main()
