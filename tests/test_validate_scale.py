"""`curriculum validate` at the scale of real catalogs (issue 13): MIT's subject catalog, and
thousands of unknown ids.

Issue 13 converted `sipb/hydrant`-like data (MIT's subjects and their prerequisites): about
3,600 items, 1,800 edges, a quarter of the items without hours; `validate` then said "unknown
book" 111 times of subjects that had failed for their hours, and its cycle messages changed from
run to run. That data is not in /work/shared/datasets (which holds only OSSU's and Metacademy's
graphs), so the catalog here is generated, from a fixed seed, to those figures alone: subject ids
such as `6.1010`, edges from a lower subject to a higher one, a quarter of the subjects with no
hours, and a few real problems planted in it. Nothing else is taken from MIT's data.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from curriculum.catalog import load_catalog
from curriculum.catalog.problems import MAX_LISTED, MAX_SUGGESTIONS
from curriculum.errors import CatalogError

SUBJECTS = 3_600
EDGES = 1_800
HOURLESS = SUBJECTS // 4
DEPARTMENTS = ["1", "2", "3", "6", "7", "8", "9", "10", "12", "14", "15", "16", "18", "20", "21", "22", "24", "CMS"]
SEEDS = ("0", "1", "12345")
NO_HOURS = "no reading time can be estimated: give `pages`, `hours`, or chapters with `hours`"


@dataclass(frozen=True)
class Planted:
    """What the generated catalog holds that is wrong."""

    hourless: frozenset[str]
    """Subjects without hours: each fails once, for that."""
    cycle: str
    """The one cycle of a cyclic group of three subjects, as validate says it."""
    group: tuple[str, ...]
    """A cyclic group of four subjects and several cycles, one through an any_of edge: sorted."""
    unknown: tuple[str, ...]
    duplicate: str
    naming_hourless: int
    """Edges and goals that name a subject without hours."""


def write_mit_like(folder: Path, *, seed: int = 13) -> Planted:
    """A catalog of MIT's size in ``folder``: :data:`SUBJECTS` subjects (a quarter without hours),
    :data:`EDGES` edges; two cyclic groups (one with an any_of edge), three unknown ids and a
    repeated id."""
    rng = random.Random(seed)
    ids: list[str] = []
    seen: set[str] = set()
    while len(ids) < SUBJECTS:
        subject = f"{rng.choice(DEPARTMENTS)}.{rng.randrange(1, 9999):0{rng.choice((2, 3, 4))}d}"
        if subject.casefold() not in seen:
            seen.add(subject.casefold())
            ids.append(subject)
    hourless = frozenset(rng.sample(ids, HOURLESS))
    timed = [i for i in ids if i not in hourless]
    # The cycles are among subjects no other edge names, so that each group is one of its own.
    a, b, c, d, e, f, g, alternative = timed[:8]
    free = [i for i in ids if i not in {a, b, c, d, e, f, g, alternative}]
    rank = {subject: n for n, subject in enumerate(free)}  # the other edges go up the ranks: no cycle

    books = ["books:"]
    for subject in ids:
        hours = "" if subject in hourless else f", hours: {rng.choice((6, 9, 12, 15))}"
        books.append(f"  - {{id: '{subject}', title: 'Subject {subject}', authors: [MIT]{hours}}}")
    duplicate = timed[10]
    books.append(f"  - {{id: '{duplicate}', title: 'Subject {duplicate} again', authors: [MIT], hours: 3}}")

    unknown = ("6.99999", "18.0x", "18.x01")
    hourless_one, hourless_two = sorted(hourless)[:2]
    planted = [
        (a, b),
        (b, c),
        (c, a),
        (d, e),
        (e, f),
        (f, d),
        (f, g),
        (g, e),
        (f"[{{book: '{alternative}'}}, {{book: '{g}'}}]", d),
        (unknown[0], hourless_one),
        (timed[20], unknown[1]),
    ]
    pairs: set[tuple[str, str]] = set()
    while len(pairs) < EDGES - len(planted):
        x, y = rng.sample(free, 2)
        pairs.add((x, y) if rank[x] < rank[y] else (y, x))
    edges = sorted(pairs, key=lambda _: rng.random())
    for at, pair in zip(sorted(rng.sample(range(len(edges)), len(planted))), planted, strict=True):
        edges.insert(at, pair)
    lines = ["prereqs:"]
    for before, after in edges:
        side = f"any_of: {before}" if before.startswith("[") else f"before: '{before}'"
        lines.append(f"  - {{{side}, after: '{after}', reason: r}}")
    (folder / "books.yaml").write_text("\n".join(books) + "\n", encoding="utf-8")
    (folder / "prereqs.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    either = f"[{{book: '{hourless_two}'}}, {{book: '{timed[31]}'}}]"
    goals = [
        "goals:",
        f"  - {{id: course-6, title: Course 6, targets: [{{book: '{timed[30]}'}}, {{book: '{hourless_one}'}}]}}",
        f"  - {{id: course-18, title: Course 18, targets: [{{book: '{unknown[2]}'}}]}}",
        f"  - {{id: either, title: Either, targets: [{{any_of: {either}}}]}}",
    ]
    (folder / "goals.yaml").write_text("\n".join(goals) + "\n", encoding="utf-8")
    cycle = {a: [a, b, c, a], b: [b, c, a, b], c: [c, a, b, c]}[min(a, b, c)]
    naming = sum(x in hourless or y in hourless for x, y in edges) + 2
    return Planted(hourless, "cycle: " + " -> ".join(cycle), tuple(sorted((d, e, f, g))), unknown, duplicate, naming)


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: bytes
    stderr: bytes


def validate_all(folder: Path, runs: list[tuple[str, ...]]) -> list[Ran]:
    """``curriculum validate --catalog folder`` with each run's PYTHONHASHSEED and arguments, in
    child processes started together."""
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "curriculum", "validate", "--catalog", str(folder), *args],
            env={**os.environ, "PYTHONHASHSEED": seed},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for seed, *args in runs
    ]
    outputs = [child.communicate(timeout=120) for child in children]
    return [Ran(child.returncode, *output) for child, output in zip(children, outputs, strict=True)]


def test_an_mit_sized_catalog_reports_each_problem_once_and_the_same_bytes_under_any_hash_seed(tmp_path):
    planted = write_mit_like(tmp_path)
    assert planted.naming_hourless > 100  # issue 13 saw 111 false "unknown book" lines
    started = time.monotonic()
    ran = validate_all(tmp_path, [(seed,) for seed in SEEDS] + [(seed, "--json") for seed in SEEDS])
    seconds = time.monotonic() - started
    texts, jsons = dict(zip(SEEDS, ran[: len(SEEDS)], strict=True)), dict(zip(SEEDS, ran[len(SEEDS) :], strict=True))

    assert {ran.returncode for ran in [*texts.values(), *jsons.values()]} == {3}
    assert len({ran.stderr for ran in texts.values()}) == 1, "the text differs between hash seeds"
    assert len({ran.stdout for ran in jsons.values()}) == 1, "the JSON differs between hash seeds"
    assert texts["0"].stdout == b""
    lines = texts["0"].stderr.decode("utf-8").splitlines()
    expected = HOURLESS + 2 + len(planted.unknown) + 1
    assert lines[0] == f"Error: the catalog has {expected:,} problems:"
    problems = lines[1:]
    assert len(problems) == expected

    def only(fragment: str) -> str:
        [line] = [p for p in problems if fragment in p]
        return line

    for subject in planted.hourless:
        assert only(f"book '{subject}': ").endswith(f"book '{subject}': {NO_HOURS}")
    assert [p.split("unknown book ")[1].split(" ")[0] for p in problems if "unknown book" in p] == [
        f"'{u}'" for u in planted.unknown
    ]
    assert "is defined twice" in only(f"book '{planted.duplicate}': id:")
    assert sum("prereqs: cycle: " in p for p in problems) == 2
    assert only(f"prereqs: {planted.cycle};").endswith("; removing any one of them breaks it")
    group = only(f"one of the cycles among 4 books ({', '.join(planted.group)}); their 6 edges: ")
    assert f"prereqs: cycle: {planted.group[0]} -> " in group and " (any of " in group
    assert group.endswith("breaks all of them")
    for file in ("books", "prereqs", "goals"):  # each file's problems in line order
        numbers = [int(p.split(f"/{file}.yaml:")[1].split(":")[0]) for p in problems if f"/{file}.yaml:" in p]
        assert numbers == sorted(numbers)

    data = json.loads(jsons["0"].stdout)
    assert data["entries"] == {
        "books": {"read": SUBJECTS + 1, "failed": HOURLESS + 1},
        "prerequisites": {"read": EDGES, "failed": 2},
        "goals": {"read": 3, "failed": 1},
    }
    assert (data["books"], data["prerequisites"], data["goals"]) == (SUBJECTS - HOURLESS, EDGES - 2, 2)
    assert [p["text"] for p in data["problems"]] == [p.strip() for p in problems]
    assert seconds < 60, f"six runs of validate took {seconds:.1f} s"


def test_five_thousand_unknown_ids_validate_in_seconds(write_catalog):
    """Issue 13: each unknown id ran "did you mean" over every id, and 5,000 of them took 288 s."""
    count = 5_000
    books = "books:\n" + "".join(f"  - {{id: book-{i}, title: B, authors: [A], hours: 1}}\n" for i in range(count))
    prereqs = "prereqs:\n" + "".join(f"  - {{before: book-{i}, after: bok-{i}, reason: r}}\n" for i in range(count))
    folder = write_catalog(books, prereqs)
    started = time.monotonic()
    try:
        load_catalog(folder)
    except CatalogError as exc:
        caught = exc
    seconds = time.monotonic() - started
    assert len(caught.problems) == MAX_LISTED and caught.more == count - MAX_LISTED
    assert sum("did you mean" in p.message for p in caught.problems) == MAX_SUGGESTIONS
    assert seconds < 10, f"took {seconds:.1f} s"
