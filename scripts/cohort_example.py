"""Make the cohort example again: each mentee's progress export, made by their real plan page in
Chromium, and the README's picture of the cohort's index page.

    .venv/bin/python scripts/cohort_example.py     # rewrites examples/cohort/exports/ and docs/cohort-index.png

Each mentee of examples/cohort/cohort.yaml opens the plan their entry makes, ticks the sessions
of some weeks, and presses "Export progress" on a day of their own (the browser's clock is set
to it, so the export says when it was made); one export arrives damaged, as a download cut
short. tests/test_cohort_browser.py does the same in a temporary folder and checks the index.
Needs Playwright and Debian's Chromium (scripts/setup.sh --test installs them).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COHORT = ROOT / "examples" / "cohort" / "cohort.yaml"
AS_OF = date(2027, 2, 3)
"""The Wednesday of week 5 of plans that start on Monday 2027-01-04."""
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


@dataclass(frozen=True)
class Reading:
    """What a mentee ticked, and when their page exported it."""

    file: str
    """Their plan's file stem (goals and name)."""
    weeks: range
    exported: datetime
    damaged: bool = False


READINGS = {
    "Ada": Reading("ml-system-design-ada", range(1, 3), datetime.fromisoformat("2027-01-31T18:20:00+00:00")),
    "Ben": Reading("llm-engineering-ben", range(1, 7), datetime.fromisoformat("2027-02-02T07:45:00+00:00")),
    "Cy": Reading("deep-learning-cy", range(1, 5), datetime.fromisoformat("2027-02-01T20:05:00+00:00")),
    "Dee": Reading("ml-interview-dee", range(1, 5), datetime.fromisoformat("2027-01-17T16:30:00+00:00")),
    "Eve": Reading("swe-system-design-eve", range(1, 2), datetime.fromisoformat("2027-01-30T11:10:00+00:00"), True),
}
"""Ada reads weeks 1-2 (behind by week 5), Ben reads ahead, Cy keeps up, Dee kept up but last
exported 17 days ago, and Eve's export arrives cut short."""


def curriculum(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the command line as a user would (a fresh process)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "curriculum", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def make_exports(cohort_file: Path, browser: Any) -> dict[str, Path]:
    """Each mentee's export, made by their page and saved where the cohort file says it is."""
    with tempfile.TemporaryDirectory() as scratch:
        plans = Path(scratch) / "plans"
        folder = cohort_file.parent
        for reading in READINGS.values():  # not there yet: each plan is the entry's own
            (folder / "exports" / f"{reading.file}-progress.json").unlink(missing_ok=True)
        made = curriculum("cohort", str(cohort_file), "--out", str(plans), "--as-of", "2027-01-04", cwd=folder)
        if made.returncode != 0:
            raise RuntimeError(made.stderr)
        out = {}
        for name, reading in READINGS.items():
            out[name] = export(browser, plans / f"{reading.file}.html", reading, folder / "exports")
        return out


def export(browser: Any, page_file: Path, reading: Reading, exports: Path) -> Path:
    """Tick the sessions of ``reading.weeks`` in the page and save what "Export progress" downloads."""
    import json

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.clock.set_fixed_time(reading.exported)
    page.goto(page_file.as_uri())
    data = json.loads(page.text_content("#plan-data") or "{}")
    for session in data["sessions"]:
        if session["week"] in reading.weeks:
            page.check(f"#tick-{session['id']}")
    with page.expect_download() as download:
        page.click("#export-progress")
    exports.mkdir(parents=True, exist_ok=True)
    path = exports / download.value.suggested_filename
    download.value.save_as(path)
    context.close()
    if reading.damaged:
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def screenshot(browser: Any, index: Path, picture: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.goto(index.as_uri())
    page.screenshot(path=str(picture), full_page=True)
    page.close()


def main() -> int:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            make_exports(COHORT, browser)
            with tempfile.TemporaryDirectory() as scratch:
                here = Path(scratch)
                (here / "examples").symlink_to(ROOT / "examples")
                made = curriculum(
                    "cohort", "examples/cohort/cohort.yaml", "--out", "cohort", "--as-of", AS_OF.isoformat(), cwd=here
                )
                if made.returncode != 0:
                    raise RuntimeError(made.stderr)
                print(made.stdout)
                screenshot(browser, here / "cohort" / "index.html", ROOT / "docs" / "cohort-index.png")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
