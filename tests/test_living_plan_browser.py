"""A mentee's round trip through the real page in Chromium (issue 12): plan, tick part of a
chapter, export, re-plan from the export a week later; then no minute is lost, the past keeps
its week numbers and dates, what moved is printed, and the re-planned calendar merged with
the old one by UID has no duplicate and no orphan.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from curriculum.cli import cli
from tests.test_browser import Watch, browser  # noqa: F401  (the Chromium fixture)
from tests.test_calendar import events, merge
from tests.test_continue import plan_data

START = date(2027, 1, 4)


def test_tick_export_and_continue_a_week_later(browser, tmp_path, runner):  # noqa: F811
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    args = ["plan", "--goal", "ml-system-design", "--hours", "5", "--start", START.isoformat(), "--for", "Ada"]
    made = runner.invoke(cli, [*args, "--out", str(old_dir), "--format", "html,ics,json"], prog_name="curriculum")
    assert made.exit_code == 0, made.output
    page_file = old_dir / "ml-system-design-ada.html"
    data = plan_data(page_file)
    # Week 1 whole, and the session of week 2 that ends in the first part of a split chapter.
    split = next(
        s for s in data["sessions"] if s["week"] == 2 and any(p["parts"] > 1 and p["part"] == 1 for p in s["pieces"])
    )
    ticks = [s["id"] for s in data["sessions"] if s["week"] == 1] + [split["id"]]

    context = browser.new_context(accept_downloads=True)
    watch = Watch(context, page_file.as_uri())
    page = context.new_page()
    watch.listen(page)
    page.goto(page_file.as_uri())
    for session in ticks:
        page.check(f"#tick-{session}")
    with page.expect_download() as download:
        page.click("#export-progress")
    progress = tmp_path / "progress.json"
    progress.write_bytes(Path(download.value.path()).read_bytes())
    assert watch.outside == [] and watch.errors == []
    context.close()
    exported = json.loads(progress.read_text())
    assert exported["partial"], "part of a chapter was ticked"

    # A week later than where the reader is: week 3 begins on the 18th.
    as_of = START + timedelta(weeks=2)
    again = runner.invoke(
        cli,
        ["plan", "--progress", str(progress), "--as-of", as_of.isoformat(), "--out", str(new_dir),
         "--format", "html,ics,json"],
        prog_name="curriculum",
    )  # fmt: skip
    assert again.exit_code == 0, again.output
    assert "What moved since the plan was exported (continued on 2027-01-18):" in again.output
    assert "\n  End: " in again.output

    old = json.loads((old_dir / "ml-system-design-ada.json").read_text())
    new = json.loads((new_dir / "ml-system-design-ada.json").read_text())  # --for came from the export
    read = {s["id"] for s in data["sessions"] if s["id"] in ticks}
    read_minutes = sum(s["minutes"] for s in data["sessions"] if s["id"] in read)

    def minutes(plan, weeks=slice(None)):
        return sum(round(s["hours"] * 60) for w in plan["weeks"][weeks] for s in w["sessions"])

    # No minute lost: the past holds exactly what was ticked; the rest is all still planned.
    assert minutes(new, slice(0, 2)) == read_minutes
    assert minutes(new) == minutes(old)
    # The past keeps its week numbers and dates.
    assert [(w["week"], w["start"]) for w in new["weeks"][:2]] == [(w["week"], w["start"]) for w in old["weeks"][:2]]
    assert new["weeks"][2]["week"] == 3 and new["weeks"][2]["start"] == as_of.isoformat()

    # The calendars, merged by UID as a calendar app does: no duplicate, no orphan.
    old_ics = (old_dir / "ml-system-design-ada.ics").read_bytes()
    new_ics = (new_dir / "ml-system-design-ada.ics").read_bytes()
    merged = merge(old_ics, new_ics)
    live = {str(e["UID"]) for e in events(new_ics) if str(e.get("STATUS")) != "CANCELLED"}
    assert set(merged) == live, "every surviving event is one of the new plan's, and each of those is there"
    shown = [(str(e["SUMMARY"]), e["DTSTART"].dt) for e in merged.values()]
    assert len(shown) == len(set(shown)) == sum(len(w["sessions"]) for w in new["weeks"])
    # The re-planned page starts with what was read ticked.
    new_data = plan_data(new_dir / "ml-system-design-ada.html")
    assert [s["done"] for s in new_data["sessions"] if s["week"] < 3] == [True] * len(read)
