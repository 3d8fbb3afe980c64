"""Real-shaped catalogs for issue 15, synthesised to match the statistics of real prerequisite
graphs, and the JSON form of any catalog folder.

- ``mit``: shaped like MIT's subject catalog as issue 15 describes it: 3,600 subjects in 36
  departments, shallow and wide (four levels; a subject's prerequisites are one level down,
  mostly in its own department), about 1,800 edges (a tenth of them "A or B" groups), a quarter
  of the subjects without hours (a 1 h placeholder, flagged in ``unverified``, as
  ``scripts/convert_dataset.py`` writes them). No chapter lists.
- ``roadmap``: shaped like roadmap.sh: a forest of small trees, 40 roadmaps of 100 topics, each
  topic's one prerequisite its parent (trees 4 levels deep, 3 to 5 children a node).
- ``lecturebank``: shaped like LectureBank's dense topic graph: 1,000 topics, each with about 8
  prerequisites among the topics before it (8,000 edges).

Each has the goal ``everything``, which targets every item that nothing else needs, so a plan of
it holds the whole catalog. ``scale`` multiplies the sizes (the edges per item stay).

Usage::

    .venv/bin/python benchmarks/shapes.py mit benchmarks/_work/shape-mit [--scale 3]
    .venv/bin/python benchmarks/shapes.py json benchmarks/_work/catalog-10000 benchmarks/_work/json-10000
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Shape:
    """What was written: counts."""

    name: str
    folder: Path
    items: int
    edges: int


def _write(folder: Path, name: str, books: list[str], edges: list[tuple[list[str], str]], targets: list[str]) -> Shape:
    folder.mkdir(parents=True, exist_ok=True)
    prereqs = ["prereqs:\n"]
    for before, after in edges:
        if len(before) == 1:
            prereqs.append(f'  - {{before: {before[0]}, after: {after}, reason: "prerequisite in {name}"}}\n')
        else:
            group = ", ".join(f"{{book: {b}}}" for b in before)
            prereqs.append(f'  - {{any_of: [{group}], after: {after}, reason: "prerequisite in {name}: any one"}}\n')
    goals = [
        'goals:\n  - id: everything\n    title: "Everything"\n    targets:\n',
        *(f"      - book: {t}\n" for t in targets),
    ]
    (folder / "books.yaml").write_text(
        f"# A {name}-shaped catalog written by benchmarks/shapes.py.\nbooks:\n" + "".join(books)
    )
    (folder / "prereqs.yaml").write_text("".join(prereqs))
    (folder / "goals.yaml").write_text("".join(goals))
    return Shape(name, folder, len(books), len(edges))


def _book(item: str, title: str, hours: float | None) -> str:
    if hours is None:
        return (
            f'  - id: {item}\n    title: "{title}"\n    authors: ["Catalog contributors"]\n    hours: 1\n'
            '    hours_note: "placeholder: the catalog gives no hours"\n    unverified: ["hours: placeholder"]\n'
        )
    return f'  - id: {item}\n    title: "{title}"\n    authors: ["Catalog contributors"]\n    hours: {hours}\n'


def _sinks(items: list[str], edges: list[tuple[list[str], str]]) -> list[str]:
    needed = {b for before, _ in edges for b in before}
    return [i for i in items if i not in needed]


def mit(folder: Path, *, scale: int = 1, seed: int = 1) -> Shape:
    rng = random.Random(seed)
    departments, per_level = 36 * scale, 25
    items: list[str] = []
    books: list[str] = []
    edges: list[tuple[list[str], str]] = []
    levels: dict[tuple[int, int], list[str]] = {}
    for level in range(1, 5):
        for dept in range(departments):
            for k in range(per_level):
                item = f"d{dept}-{level}{k:02d}"
                hours = None if rng.random() < 0.25 else float(rng.choice((9, 12, 12, 12, 15)) * 12)
                items.append(item)
                books.append(_book(item, f"Subject {dept}.{level}{k:02d}", hours))
                levels.setdefault((level, dept), []).append(item)
                if level == 1 or rng.random() < 0.4:  # most subjects need nothing
                    continue
                other = dept if rng.random() < 0.8 else rng.randrange(departments)
                below = levels[(level - 1, other)]
                for _ in range(2 if rng.random() < 0.2 else 1):
                    if rng.random() < 0.1:
                        edges.append((rng.sample(below, 2), item))
                    else:
                        edges.append(([rng.choice(below)], item))
    edges = list({(tuple(b), a): (b, a) for b, a in edges}.values())
    return _write(folder, "mit", books, edges, _sinks(items, edges))


def roadmap(folder: Path, *, scale: int = 1, seed: int = 1) -> Shape:
    rng = random.Random(seed)
    items: list[str] = []
    books: list[str] = []
    edges: list[tuple[list[str], str]] = []
    for tree in range(40 * scale):
        root = f"r{tree}-0"
        frontier, made = [root], 1
        items.append(root)
        books.append(_book(root, f"Roadmap {tree}", float(rng.randint(2, 20))))
        while frontier and made < 100:
            parent = frontier.pop(0)
            for _ in range(rng.randint(3, 5)):
                if made >= 100:
                    break
                item = f"r{tree}-{made}"
                made += 1
                items.append(item)
                books.append(_book(item, f"Topic {made} of roadmap {tree}", float(rng.randint(1, 12))))
                edges.append(([parent], item))
                frontier.append(item)
    return _write(folder, "roadmap", books, edges, _sinks(items, edges))


def lecturebank(folder: Path, *, scale: int = 1, seed: int = 1) -> Shape:
    rng = random.Random(seed)
    n = 1000 * scale
    items = [f"t{i}" for i in range(n)]
    books = [_book(item, f"Topic {i}", float(rng.randint(1, 6))) for i, item in enumerate(items)]
    edges: list[tuple[list[str], str]] = []
    for i in range(1, n):
        for before in sorted(set(rng.sample(range(i), min(i, 8)))):
            edges.append(([items[before]], items[i]))
    return _write(folder, "lecturebank", books, edges, _sinks(items, edges))


SHAPES: dict[str, Callable[..., Shape]] = {"mit": mit, "roadmap": roadmap, "lecturebank": lecturebank}


def as_json(source: Path, folder: Path) -> Path:
    """The catalog in ``source`` written as books.json, prereqs.json, goals.json (indented by 1)."""
    import yaml_rs

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("books", "prereqs", "goals"):
        data = yaml_rs.loads((source / f"{name}.yaml").read_text(encoding="utf-8"), parse_datetime=False)
        (folder / f"{name}.json").write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shape", choices=[*SHAPES, "json"])
    parser.add_argument("folder", type=Path, help="where to write (for json: the YAML catalog to convert)")
    parser.add_argument("out", type=Path, nargs="?", help="for json: where to write the JSON catalog")
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    if args.shape == "json":
        print(as_json(args.folder, args.out or args.folder))
        return
    made = SHAPES[args.shape](args.folder, scale=args.scale)
    print(f"{made.folder}: {made.items:,} items, {made.edges:,} edges")


if __name__ == "__main__":
    main()
