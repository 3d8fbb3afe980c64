"""Catalogs of the shapes a hostile or unlucky catalog takes (issue 13, hole 2), and the peak
memory of `validate`, `plan` and `why` on them at 1x, 2x and 4x a size.

Shapes (``write(shape, n, folder)``; ``n`` is the number of entries):

- ``chain``: n books, each the prerequisite of the next; the goal is the last one.
- ``ladder``: two parallel chains of n/2 books with rungs between them (a_i -> a_i+1,
  b_i -> b_i+1, a_i -> b_i+1, b_i -> a_i+1): 2^(n/2 - 2) chains lead from a0 to the goal.
- ``errors``: a books.yaml of n empty entries (``- {}``), three problems each.
- ``unknown``: n books and n edges naming books that do not exist ("did you mean" for each).

The broken shapes (``errors``, ``unknown``) exit with 3, the catalog error; that is expected.

A command's memory is its peak RSS as ``os.wait4`` gives it: the largest of its process and the
children it forked (a large catalog's list is parsed partly by a child, curriculum/catalog/
beside.py). `plan` with a PDF forks a child that renders it (curriculum/present/pdfchild.py)
before the catalog loads: the largest of the two switches from one to the other as the plan
grows, so that command's memory is the two peaks added (peaks.py). What the two share (the
parent's memory at the fork: the interpreter and the imports) is counted twice, the same at
every size, so it falls out of the growth above the baseline. A catalog reader's child forks
later, with the text read, so adding its peak would count a share that grows with the catalog
twice: the other commands keep ``os.wait4``'s figure.

Usage (one shape, one command, printed as JSON; run.py runs the whole row)::

    .venv/bin/python benchmarks/adversarial.py ladder 4000 why
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

SHAPES = ("chain", "ladder", "errors", "unknown")
BROKEN = ("errors", "unknown")
"""Shapes whose catalog is refused (exit 3): `validate` is their command."""
COMMANDS = ("validate", "plan", "why", "plan-pdf")
PLAN_FORMATS = "html,md,ics,json,csv"
"""`plan`: every format but the PDF, whose layout by WeasyPrint takes minutes on thousands of
books. `plan-pdf` writes every format, the PDF too, at smaller sizes (:data:`PDF_SIZES`)."""
ALL_FORMATS = "html,pdf,md,ics,json,csv"
SIZES = {"chain": (8_000, 16_000, 32_000), "ladder": (8_000, 16_000, 32_000),
         "errors": (50_000, 100_000, 200_000), "unknown": (10_000, 20_000, 40_000)}  # fmt: skip
"""1x, 2x and 4x of each shape: large enough that the catalog's share of the peak (15-300 MB
here) stands well above what the interpreter's own heap hides. At a quarter of these sizes the
first few MB of a catalog's data went into memory the imports had left free, so `plan` on a
2,000/4,000/8,000-book chain measured +18/+28/+64 MB: 1.54x, then 2.27x a doubling, for data
that tracemalloc counts as growing by the same 8.4 MB per 1,000 books at every size."""
PDF_SIZES = (800, 1_600, 3_200)
"""`plan` with the PDF on the chain. At 400/800/1,600 books (the sizes until the PDF had a child
of its own) the command and its renderer measured +24/+57/+108 MB over the baseline: 2.41x,
then 1.90x, the first size's growth hidden as the other shapes' was at a quarter of their
sizes; here +57/+108/+213 MB, 1.90x and 1.97x. The chain of 3,200 takes WeasyPrint 17 s."""
SMOKE_DIVISOR = 16
"""`run.py --smoke` measures every shape at a sixteenth of its sizes, without the PDF, the
broken shapes with `validate` only and the others with `plan` and `why`: 15-30 s."""
NOISE_MB = 2.0
"""Growth below this many MB counts as this many: a ratio of two such small numbers is noise."""
START = "2030-01-07"
BASELINE_SIZE = 8
"""The same command on a catalog of this many entries is the baseline: the interpreter, the
imports (WeasyPrint for the PDF) and the templates, which no catalog size changes."""


def write(shape: str, n: int, folder: Path) -> Path:
    """Write the ``shape`` catalog of ``n`` entries into ``folder`` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    books, prereqs, goal = ["books:\n"], ["prereqs:\n"], ""
    if shape == "chain":
        books += [f"  - {{id: c{i}, title: Book {i}, authors: [A], hours: 1}}\n" for i in range(n)]
        prereqs += [f"  - {{before: c{i}, after: c{i + 1}, reason: r}}\n" for i in range(n - 1)]
        goal = f"c{n - 1}"
    elif shape == "ladder":
        rungs = max(2, n // 2)
        for i in range(rungs):
            books += [f"  - {{id: {x}{i}, title: Book {x}{i}, authors: [A], hours: 1}}\n" for x in "ab"]
            if i:
                prereqs += [f"  - {{before: {x}{i - 1}, after: {y}{i}, reason: r}}\n" for x in "ab" for y in "ab"]
        goal = f"a{rungs - 1}"
    elif shape == "errors":
        books += ["  - {}\n"] * n
    elif shape == "unknown":
        books += [f"  - {{id: book-{i}, title: B, authors: [A], hours: 1}}\n" for i in range(n)]
        prereqs += [f"  - {{before: book-{i}, after: bok-{i}, reason: r}}\n" for i in range(n)]
    else:
        raise ValueError(f"unknown shape {shape!r} (one of {', '.join(SHAPES)})")
    (folder / "books.yaml").write_text("".join(books), encoding="utf-8")
    (folder / "prereqs.yaml").write_text("".join(prereqs), encoding="utf-8")
    goals = f"goals:\n  - {{id: top, title: Top, targets: [{{book: {goal}}}]}}\n" if goal else "goals: []\n"
    (folder / "goals.yaml").write_text(goals, encoding="utf-8")
    return folder


FIRST_BOOK = {"chain": "c0", "ladder": "a0"}


def arguments(command: str, shape: str, folder: Path, out: Path) -> list[str]:
    """The curriculum arguments of ``command`` (validate, plan, pdf, why) on the catalog."""
    catalog = ["--catalog", str(folder)]
    if command == "validate":
        return ["validate", *catalog]
    if command in ("plan", "plan-pdf"):
        formats = ALL_FORMATS if command == "plan-pdf" else PLAN_FORMATS
        return ["plan", "--goal", "top", "--hours", "40", "--start", START, *catalog, "--format", formats,
                "--out", str(out)]  # fmt: skip
    if command == "why":
        return ["why", FIRST_BOOK.get(shape, "book-0"), "--goal", "top", *catalog]
    raise ValueError(f"unknown command {command!r}")


@dataclass(frozen=True)
class Peak:
    max_rss_kb: int
    seconds: float
    output_bytes: int
    """What the command printed and wrote."""


def peak(cmd: Sequence[str], *, env: dict[str, str], cwd: Path, out: Path, expect: int) -> Peak:
    """Run ``cmd`` in a fresh process: its peak RSS (``os.wait4``: the largest of it and the
    children it reaped), time and output size."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=stdout, stderr=stderr, env=env, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        printed = stdout.tell() + stderr.tell()
        if code != expect:
            stderr.seek(0)
            tail = stderr.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"`{' '.join(cmd)}` exited with {code}, not {expect}:\n{tail}")
    written = sum(p.stat().st_size for p in out.iterdir()) if out.is_dir() else 0
    return Peak(usage.ru_maxrss, seconds, printed + written)


def measure(
    shape: str, command: str, n: int, *, curriculum: Sequence[str], env: dict[str, str], work: Path, cwd: Path
) -> Peak:
    """Write the catalog (kept between runs in ``work``) and measure ``command`` on it once."""
    folder = work / f"{shape}-{n}"
    if not (folder / "goals.yaml").exists():
        write(shape, n, folder)
    out = work / "out"
    if out.exists():
        for old in out.iterdir():
            old.unlink()
    expect = 3 if shape in BROKEN else 0
    if command != "plan-pdf":
        return peak([*curriculum, *arguments(command, shape, folder, out)], env=env, cwd=cwd, out=out, expect=expect)
    peaks = work / "peaks.txt"  # the command and its PDF renderer, added (see the module's doc)
    cmd = [sys.executable, str(Path(__file__).resolve().parent / "peaks.py"), str(peaks)]
    found = peak([*cmd, *arguments(command, shape, folder, out)], env=env, cwd=cwd, out=out, expect=expect)
    own, child = map(int, peaks.read_text(encoding="utf-8").split())
    return replace(found, max_rss_kb=own + child)


@dataclass(frozen=True)
class Growth:
    """One command on one shape at 1x, 2x and 4x, and on the baseline's tiny catalog."""

    shape: str
    command: str
    sizes: tuple[int, ...]
    base: Peak
    peaks: tuple[Peak, ...]

    @property
    def extra_mb(self) -> list[float]:
        """Each peak above the baseline's, in MB: what the catalog's size costs."""
        return [(p.max_rss_kb - self.base.max_rss_kb) / 1024 for p in self.peaks]

    @property
    def ratios(self) -> list[float]:
        """(peak - baseline) at 2x over 1x, and at 4x over 2x: at most ~2 when linear."""
        extra = [max(e, NOISE_MB) for e in self.extra_mb]
        return [b / a for a, b in itertools.pairwise(extra)]


def matrix(*, smoke: bool) -> list[tuple[str, str, tuple[int, ...]]]:
    """(shape, command, sizes) to measure."""
    out = []
    for shape in SHAPES:
        sizes = SIZES[shape]
        if smoke:
            sizes = tuple(n // SMOKE_DIVISOR for n in sizes)
        commands = ("validate", "plan", "why")
        if smoke:  # plan and why load the catalog as validate does; a broken one refuses all three
            commands = ("validate",) if shape in BROKEN else ("plan", "why")
        out += [(shape, command, sizes) for command in commands]
        if shape == "chain" and not smoke:
            out.append((shape, "plan-pdf", PDF_SIZES))
    return out


def bench(
    *, smoke: bool, curriculum: Sequence[str], env: dict[str, str], work: Path, cwd: Path, log: Callable[[str], None]
) -> list[Growth]:
    """Every (shape, command) of :func:`matrix`, each size measured once (peaks vary little)."""
    work.mkdir(parents=True, exist_ok=True)
    found = []
    for shape, command, sizes in matrix(smoke=smoke):
        base, *peaks = (
            measure(shape, command, n, curriculum=curriculum, env=env, work=work, cwd=cwd)
            for n in (BASELINE_SIZE, *sizes)
        )
        growth = Growth(shape, command, sizes, base, tuple(peaks))
        extra = " / +".join(f"{e:.1f}" for e in growth.extra_mb)
        log(f"    {command} on {shape} {'/'.join(map(str, sizes))}: +{extra} MB over {base.max_rss_kb / 1024:.0f} MB")
        found.append(growth)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shape", choices=SHAPES)
    parser.add_argument("entries", type=int)
    parser.add_argument("command", choices=COMMANDS)
    args = parser.parse_args()
    here = Path(__file__).resolve().parent
    script = Path(sys.executable).parent / "curriculum"
    work = here / "_work" / "adversarial"
    work.mkdir(parents=True, exist_ok=True)
    found = measure(args.shape, args.command, args.entries, curriculum=[str(script)], env=dict(os.environ),
                    work=work, cwd=here.parent)  # fmt: skip
    print(json.dumps({"max_rss_mb": round(found.max_rss_kb / 1024, 1), "seconds": round(found.seconds, 2),
                      "output_bytes": found.output_bytes}))  # fmt: skip


if __name__ == "__main__":
    main()
