"""Row 7 (issue 16): `curriculum cohort` for a class, against one `plan` run per mentee.

A cohort of N mentees cycles through four mentees' shapes (:data:`SHAPES`): ML system design at
5 h a week continued from the export in examples/cohort (Ada's, made by the real page), LLM
engineering on study days, deep learning at 8 h and the ML interview at 4 h. The baseline is
what a mentor does today: one `curriculum plan` per mentee, each in a fresh process, with the
same options and formats; its figure is the sum over the cohort of each shape's median run.
`cohort` runs on every core (its default `--jobs`) into an empty folder each time, and must
write every mentee's files and the index.

    .venv/bin/python benchmarks/cohort_bench.py 100 html,pdf     # one measurement, printed as JSON

run.py runs the row: 100 mentees with HTML and PDF, and 1,000 with HTML only (`--smoke`: 4
mentees with HTML, one run).
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "examples" / "cohort" / "exports" / "ml-system-design-ada-progress.json"
START = "2027-01-04"
AS_OF = "2027-02-03"
SHAPES = (
    {"goals": "ml-system-design", "hours": "5", "progress": True},
    {"goals": "llm-engineering", "days": "mon=1,wed=1.5,sat=09:00+3h", "tz": "Europe/Berlin"},
    {"goals": "deep-learning", "hours": "8"},
    {"goals": "ml-interview", "hours": "4"},
)
SIZES = ((100, "html,pdf"), (1_000, "html"))
SMOKE = ((4, "html"),)
LIMIT = 0.6
"""Issue 16: the cohort within 0.6x of the sum of one `plan` run per mentee, on 2 cores."""


@dataclass(frozen=True)
class Result:
    mentees: int
    formats: str
    cohort: float
    """Median seconds of `cohort`."""
    runs: tuple[float, ...]
    plans: float
    """Seconds of one `plan` run per mentee, summed (each shape's median times its mentees)."""
    per_shape: tuple[float, ...]

    @property
    def ratio(self) -> float:
        return self.cohort / self.plans


def name(n: int) -> str:
    return f"Mentee {n:04d}"


def write_cohort(n: int, folder: Path) -> Path:
    """A cohort file of ``n`` mentees in ``folder``, with the export it names beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXPORT, folder / "export.json")
    lines = ["mentor: Benchmark", "mentees:"]
    for i in range(n):
        shape = SHAPES[i % len(SHAPES)]
        fields = [f"name: {name(i)}", f"start: {START}"]
        fields += [f"{key}: {v if key == 'hours' else repr(v)}" for key, v in shape.items() if key != "progress"]
        fields += ["progress: export.json"] if shape.get("progress") else []
        lines.append(f"  - {{{', '.join(fields)}}}")
    path = folder / "cohort.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def plan_args(i: int, folder: Path) -> list[str]:
    """The `plan` options that make mentee ``i``'s plan alone."""
    shape = SHAPES[i % len(SHAPES)]
    args = ["plan", "--goal", str(shape["goals"]), "--start", START, "--for", name(i)]
    args += [a for key in ("hours", "days", "tz") if key in shape for a in (f"--{key}", str(shape[key]))]
    if shape.get("progress"):
        args += ["--progress", str(folder / "export.json"), "--as-of", AS_OF]
    return args


Runner = Callable[[Sequence[str]], float]
"""Runs a command line of curriculum in a fresh process; its wall time in seconds."""


def measure(n: int, formats: str, *, repeats: int, run: Runner, work: Path) -> Result:
    folder = work / f"cohort-{n}"
    cohort = write_cohort(n, folder)
    out = folder / "out"
    args = ["cohort", str(cohort), "--out", str(out), "--as-of", AS_OF, "--format", formats]
    plans = folder / "plans"
    shape_args = [[*plan_args(i, folder), "--format", formats, "--out", str(plans)] for i in range(len(SHAPES))]
    times: list[float] = []
    shape_times: list[list[float]] = [[] for _ in SHAPES]
    for _ in range(repeats):  # in turn, so that a machine that slows down slows both
        shutil.rmtree(out, ignore_errors=True)
        times.append(run(args))
        check(out, n, formats)
        for k, shape in enumerate(shape_args):
            shutil.rmtree(plans, ignore_errors=True)
            shape_times[k].append(run(shape))
    medians = tuple(statistics.median(t) for t in shape_times)
    total = sum(medians[i % len(SHAPES)] for i in range(n))
    return Result(n, formats, statistics.median(times), tuple(times), total, medians)


def check(out: Path, n: int, formats: str) -> None:
    """Every mentee's files and the index are there (a RuntimeError says what is not)."""
    for suffix in formats.split(","):
        found = list(out.glob(f"*.{suffix}"))
        wanted = n + (1 if suffix == "html" else 0)  # the index
        if len(found) != wanted:
            raise RuntimeError(f"cohort wrote {len(found)} .{suffix} files into {out}, not {wanted}")
        if suffix == "pdf" and not all(p.read_bytes()[:5] == b"%PDF-" for p in found):
            raise RuntimeError(f"cohort wrote a PDF that is not one into {out}")


def main(argv: Sequence[str]) -> int:
    import os
    import subprocess
    import time

    def run(args: Sequence[str]) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "curriculum", *args], check=True, capture_output=True, cwd=ROOT)
        return time.perf_counter() - start

    n, formats = int(argv[0]), argv[1] if len(argv) > 1 else "html"
    result = measure(n, formats, repeats=1, run=run, work=ROOT / "benchmarks" / "_work")
    print(json.dumps({**result.__dict__, "ratio": result.ratio, "cores": os.cpu_count()}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
