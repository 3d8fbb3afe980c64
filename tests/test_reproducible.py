"""Reproducible to the byte across processes (issue 12): the same command run in two processes,
seconds apart, with different ``PYTHONHASHSEED`` (and the first filling the cache the second
reads), writes the same HTML, PDF, Markdown, iCalendar, CSV and JSON, and prints the same text:
for a weekly plan, a plan with study days, and a continued plan."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_continue import export, plan_data

FORMATS = "html,pdf,md,ics,json,csv"
WEEKLY = ["--goal", "ml-system-design", "--hours", "5", "--start", "2027-01-04", "--for", "Ada"]
DAYS = [
    "--goal", "llm-engineering", "--days", "mon=1,wed=1.5,sat=09:00+3h", "--tz", "Europe/Berlin",
    "--start", "2027-01-04", "--skip", "2027-02-03..2027-02-04", "--parallel", "2",
]  # fmt: skip


def run(args: list[str], out: Path, seed: str, cache: Path) -> bytes:
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "CURRICULUM_NO_CACHE")}
    env.update(PYTHONHASHSEED=seed, XDG_CACHE_HOME=str(cache), TZ="UTC")
    result = subprocess.run(
        [sys.executable, "-m", "curriculum", "plan", *args, "--format", FORMATS, "--out", str(out)],
        capture_output=True,
        env=env,
        cwd=out.parent,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.replace(str(out).encode(), b"OUT")


def same_in_two_processes(tmp_path: Path, args: list[str]) -> None:
    cache = tmp_path / "cache"
    first = run(args, tmp_path / "a", "0", cache)
    time.sleep(1.5)  # seconds apart: no clock may reach the files
    second = run(args, tmp_path / "b", "4242", cache)
    assert first == second
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert {Path(n).suffix for n in names} == {".html", ".pdf", ".md", ".ics", ".json", ".csv"}
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.parametrize("args", [WEEKLY, DAYS], ids=["weekly", "study-days"])
def test_two_processes_write_the_same_bytes(tmp_path, args):
    same_in_two_processes(tmp_path, args)


def test_a_continued_plan_is_the_same_in_two_processes(tmp_path):
    made = tmp_path / "made"
    made.mkdir()
    run(WEEKLY, made / "out", "1", tmp_path / "cache")
    data = plan_data(made / "out" / "ml-system-design-ada.html")
    ticked = [s["id"] for s in data["sessions"] if s["week"] <= 2][:-1]
    progress = tmp_path / "progress.json"
    progress.write_text(json.dumps(export(data, ticked)))
    same_in_two_processes(tmp_path, ["--progress", str(progress), "--as-of", "2027-01-20"])
