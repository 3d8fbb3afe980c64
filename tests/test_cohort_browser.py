"""A mentor's cohort through the real pages in Chromium (issue 16): five mentees tick their plans
and export their progress from the page, one of them behind, one ahead, one with a stale export
and one whose export arrives damaged; the mentor's `curriculum cohort` run then gives an index
page whose order, figures and links are checked in the browser, from file://, as sent.

The mentees' ticks and export days are those of examples/cohort (scripts/cohort_example.py,
which makes that example the same way, drives the pages here too).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.test_browser import browser  # noqa: F401  (the Chromium fixture)

ROOT = Path(__file__).resolve().parent.parent


def example_script():
    spec = importlib.util.spec_from_file_location("cohort_example", ROOT / "scripts" / "cohort_example.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def hours(minutes: int) -> str:
    return f"{minutes / 60:g} h"


def read_and_total(export: Path) -> tuple[int, int]:
    """Minutes of the sessions the export says were ticked, and of all its plan's sessions."""
    data = json.loads(export.read_text(encoding="utf-8"))
    sessions = data["plan"]["sessions"]
    ticked = set(data["sessions"])
    return sum(s["minutes"] for s in sessions if s["id"] in ticked), sum(s["minutes"] for s in sessions)


def test_a_cohort_from_real_exports_and_its_index_in_the_browser(browser, tmp_path):  # noqa: F811
    script = example_script()
    folder = tmp_path / "cohort"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "cohort" / "cohort.yaml", folder / "cohort.yaml")
    exports = script.make_exports(folder / "cohort.yaml", browser)  # each mentee's page, ticked and exported
    assert sorted(exports) == ["Ada", "Ben", "Cy", "Dee", "Eve"]
    assert json.loads(exports["Dee"].read_text())["exported"] == "2027-01-17T16:30:00.000Z"

    site = tmp_path / "site"
    made = subprocess.run(
        [sys.executable, "-m", "curriculum", "cohort", "cohort.yaml", "--out", str(site), "--as-of", "2027-02-03",
         "--format", "html,ics", "--jobs", "2"],
        cwd=folder, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "Eve " in made.stdout and "problem: progress file exports/swe-system-design-eve-progress.json" in made.stdout

    index = site / "index.html"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    errors: list[str] = []

    def route(route) -> None:  # only the site's own files may load
        requests.append(route.request.url)
        if route.request.url.startswith(site.as_uri() + "/"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(index.as_uri())
    assert page.title() == "Cohort of Grace Hopper"

    # Who needs attention first: the damaged export, the most weeks behind, the stale export, the rest.
    rows = page.eval_on_selector_all("tr.mentee", "rows => rows.map(r => r.dataset.mentee)")
    assert rows == ["Eve", "Ada", "Dee", "Ben", "Cy"]

    def cell(name: str, column: str) -> str:
        return page.inner_text(f"tr[data-mentee='{name}'] .{column}").strip()

    for name, schedule in [("Ada", "2 weeks behind"), ("Dee", "on track"), ("Ben", "1 week ahead"), ("Cy", "on track")]:
        read, total = read_and_total(exports[name])
        assert cell(name, "schedule") == schedule
        assert cell(name, "done-text") == f"{read * 100 // total}% ({hours(read)} of {hours(total)})"
        assert page.get_attribute(f"tr[data-mentee='{name}'] progress", "value") == str(read * 100 // total)
    assert [cell(n, "week") for n in ("Ada", "Ben", "Cy", "Dee")] == [
        "week 5 of 26", "week 5 of 16", "week 5 of 19", "week 5 of 29"
    ]  # fmt: skip
    assert cell("Ada", "export") == "Sun 31 Jan 2027"
    assert cell("Dee", "export") == "Sun 17 Jan 2027, 17 days before stale"
    assert page.is_visible("tr[data-mentee='Dee'] .stale-tag")
    assert page.query_selector("tr[data-mentee='Ada'] .stale-tag") is None
    assert cell("Ada", "next") == "Mon 1 Feb 2027 (week 5): The Hundred-Page Machine Learning Book ch 7-10, 5 h"
    assert cell("Ben", "next").startswith("Mon 8 Feb 2027 (week 6): ")  # week 5 is read already
    problem = page.inner_text("tr[data-mentee='Eve'] .problem")
    assert problem.startswith("Problem: progress file exports/swe-system-design-eve-progress.json:")
    assert "malformed" in problem and cell("Eve", "schedule") == "not known"

    # Every row's link opens that mentee's plan; a continued plan starts with what was read ticked.
    titles = {"Ada": "ML system design", "Ben": "LLM engineering", "Cy": "Deep learning", "Dee": "ML interview",
              "Eve": "SWE system design interview"}  # fmt: skip
    for name in rows:
        page.click(f"tr[data-mentee='{name}'] a.plan-link")
        page.wait_for_load_state("load")
        assert page.title() == f"Study plan: {titles[name]}, for {name}"
        ticked = page.eval_on_selector_all("input.tick:checked", "boxes => boxes.length")
        assert (ticked > 0) == (name != "Eve"), name  # Eve's plan is her entry's own: nothing read
        page.go_back()
        page.wait_for_load_state("load")
        assert page.title() == "Cohort of Grace Hopper"
    assert [u for u in requests if not u.startswith(site.as_uri() + "/")] == [] and errors == []
    context.close()

    # On a phone the rows become cards, and nothing is wider than the screen.
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    small = phone.new_page()
    small.goto(index.as_uri())
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    assert small.eval_on_selector("tr[data-mentee='Ada']", "row => getComputedStyle(row).display") == "block"
    phone.close()
