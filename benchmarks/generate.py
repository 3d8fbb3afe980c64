"""Write a synthetic catalog folder (books.yaml, prereqs.yaml, goals.yaml) of N books.

Each book has about 10 chapters and about 3 prerequisites. Edges only go from a lower to a
higher book index, so the graph is a DAG; one of each book's prerequisites is one of the
two books just before it, so the goal ``reach-most`` (the last three books) pulls in
nearly the whole catalog. A few edges name chapters and a few are optional. The output
depends only on N and the seed.

Books are short (40-60 pages, 10 chapters, about 5-6 hours) so that a plan of 100k books
fits the planner's 10,000-week limit at 80 hours a week.

Usage::

    .venv/bin/python benchmarks/generate.py 10000 benchmarks/_work/10k
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from pathlib import Path

CHAPTERS = (8, 12)
"""Chapters per book: uniform in this range (10 on average)."""
PAGES = (40, 60)
EXTRA_PREREQS = 2
"""Prerequisites drawn from anywhere before the book, besides the one from its two predecessors."""
TARGETS = 3
"""``reach-most`` targets this many books at the end of the catalog."""


@dataclass(frozen=True)
class Generated:
    """What was written: counts and the books the goal ``reach-most`` plans."""

    folder: Path
    books: int
    chapters: int
    edges: int
    reach_most_books: int


def book_id(index: int) -> str:
    return f"b{index:06d}"


def generate(n: int, folder: Path, *, seed: int = 1) -> Generated:
    """Write the catalog of ``n`` books into ``folder`` (created if needed)."""
    if n < TARGETS + 1:
        raise ValueError(f"at least {TARGETS + 1} books are needed (got {n})")
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    chapter_counts = [rng.randint(*CHAPTERS) for _ in range(n)]

    books: list[str] = [
        "# A synthetic catalog written by benchmarks/generate.py.\n",
        f"# {n} books, seed {seed}.\n\n",
        "books:\n",
    ]
    for i in range(n):
        count = chapter_counts[i]
        pages = rng.randint(*PAGES)
        books.append(
            f"  - id: {book_id(i)}\n"
            f'    title: "Synthetic book {i}"\n'
            f'    authors: ["Author {rng.randrange(1000)}"]\n'
            f"    year: {1990 + i % 35}\n"
            f"    pages: {pages}\n"
            "    kind: textbook\n"
            "    chapters:\n"
        )
        per_chapter = pages // count
        for c in range(1, count + 1):
            # Most chapters give their pages; the others share what the book's pages leave.
            shown = f", pages: {per_chapter}" if rng.random() < 0.8 else ""
            books.append(f'      - {{number: {c}, title: "Chapter {c} of book {i}"{shown}}}\n')

    prereqs: list[str] = ["# Prerequisite edges, lower index before higher.\n\nprereqs:\n"]
    parents: list[list[int]] = [[] for _ in range(n)]
    edges = 0
    for after in range(1, n):
        near = rng.randint(max(0, after - 2), after - 1)
        chosen = {near}
        for _ in range(EXTRA_PREREQS):
            chosen.add(rng.randrange(after))
        for before in sorted(chosen):
            # The edge from a near predecessor is always a plain recommended one (it keeps the
            # chain back from the targets unbroken); a few of the others are optional.
            optional = before != near and rng.random() < 0.05
            lines = (
                f"  - before: {book_id(before)}\n"
                f"    after: {book_id(after)}\n"
                f'    reason: "Book {before} lays the ground for book {after}."\n'
            )
            if before != near and rng.random() < 0.05:
                first = rng.randint(1, chapter_counts[before] - 1)
                lines += f'    chapters: ["{first}", "{first + 1}"]\n'
            if optional:
                lines += "    strength: optional\n"
            else:
                parents[after].append(before)
            prereqs.append(lines)
            edges += 1

    targets = list(range(n - TARGETS, n))
    goals = [
        "# Goals of the synthetic catalog.\n\ngoals:\n",
        "  - id: reach-most\n",
        '    title: "Reach most of the catalog"\n',
        '    description: "The last books, whose prerequisites are most of the catalog."\n',
        "    targets:\n",
        *(f"      - book: {book_id(t)}\n" for t in targets),
        "  - id: reach-one\n",
        '    title: "Two chapters of one early book"\n',
        "    targets:\n",
        f'      - book: {book_id(min(10, n - 1))}\n        chapters: ["1", "2"]\n',
    ]

    (folder / "books.yaml").write_text("".join(books), encoding="utf-8")
    (folder / "prereqs.yaml").write_text("".join(prereqs), encoding="utf-8")
    (folder / "goals.yaml").write_text("".join(goals), encoding="utf-8")
    return Generated(folder, n, sum(chapter_counts), edges, len(_ancestors(parents, targets)))


def _ancestors(parents: list[list[int]], targets: list[int]) -> set[int]:
    """The targets and everything they need through recommended edges."""
    seen = set(targets)
    stack = list(targets)
    while stack:
        for p in parents[stack.pop()]:
            if p not in seen:
                seen.add(p)
                stack.append(p)
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("books", type=int, help="number of books")
    parser.add_argument("folder", type=Path, help="where to write the three YAML files")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    made = generate(args.books, args.folder, seed=args.seed)
    print(
        f"{made.folder}: {made.books:,} books, {made.chapters:,} chapters, {made.edges:,} edges;"
        f" reach-most plans {made.reach_most_books:,} books"
    )


if __name__ == "__main__":
    main()
