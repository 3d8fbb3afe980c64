"""The HTML plan in a real headless Chromium: nothing leaves the page, no catalog script runs,
ticks survive a reload, the progress bar moves and the export downloads the progress JSON.

Uses Debian's chromium (/usr/bin/chromium) through Playwright; scripts/setup.sh --test installs
it. The test fails, not skips, when the browser is missing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from curriculum.catalog import load_catalog
from curriculum.present.command import regenerate_command
from curriculum.present.outputs import write_outputs
from tests.conftest import HOSTILE_MENTEE, plan_of

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "Chromium is missing: install Debian's chromium (scripts/setup.sh --test does)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield launched
        launched.close()


class Watch:
    """Every request the page makes (anything but the file itself and data: is refused) and console errors."""

    def __init__(self, context, allowed: str) -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.allowed = allowed
        context.route("**/*", self.route)

    def route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url == self.allowed or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            route.abort()

    def listen(self, page) -> None:
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    @property
    def outside(self) -> list[str]:
        return [u for u in self.requests if u != self.allowed and not u.startswith(("data:", "blob:"))]


def html_file(plan, folder: Path, mentee: str | None) -> Path:
    written, _ = write_outputs(
        plan, formats=("html",), out_dir=folder, mentee=mentee, command=regenerate_command(plan, mentee=mentee)
    )
    return written[0]


def test_ticks_progress_reload_and_export(browser, bundled, tmp_path):
    plan = plan_of(bundled, "ml-system-design")
    path = html_file(plan, tmp_path, "Ada")
    url = path.as_uri()
    context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
    watch = Watch(context, url)
    page = context.new_page()
    watch.listen(page)
    page.goto(url)
    assert page.title() == "Study plan: ML system design, for Ada"
    assert page.eval_on_selector("#progress-bar", "bar => bar.value") == 0
    assert page.inner_text("#progress-text") == "0 h of 115.5 h read (0%)"

    page.check("#tick-w1s0")  # week 1: the Hundred-Page book, chapters 1-3 and half of 4
    assert page.eval_on_selector("#progress-bar", "bar => bar.value") == 300
    assert page.inner_text("#progress-text") == "5 h of 115.5 h read (4%)"
    page.screenshot(path=str(tmp_path / "ticked.png"), full_page=True)

    page.reload()
    assert page.is_checked("#tick-w1s0") and not page.is_checked("#tick-w2s0")
    assert page.inner_text("#progress-text") == "5 h of 115.5 h read (4%)"
    assert page.eval_on_selector("#tick-w1s0", "box => box.closest('.session').classList.contains('done')")

    page.check("#tick-w2s0")
    with page.expect_download() as download:
        page.click("#export-progress")
    assert download.value.suggested_filename == "ml-system-design-ada-progress.json"
    progress = json.loads(Path(download.value.path()).read_text())
    assert progress["format"] == "curriculum-progress" and progress["version"] == 2
    # What continuing the plan needs: its arguments, weeks, sessions, summary and calendar.
    assert progress["plan"]["arguments"] == plan.request.arguments(plan.catalog)
    assert progress["plan"]["weeks"][0] == [1, "2027-01-04", 300]
    assert [s["id"] for s in progress["plan"]["sessions"]][:2] == ["w1s0", "w2s0"]
    assert progress["plan"]["summary"]["end"] == plan.end.isoformat()
    assert len(progress["plan"]["calendar"]) == len(progress["plan"]["sessions"])
    assert progress["goals"] == ["ml-system-design"] and progress["start"] == "2027-01-04"
    assert progress["hours_per_week"] == 5 and progress["mentee"] == "Ada"
    assert len(progress["plan_key"]) == 16 and progress["sessions"] == ["w1s0", "w2s0"]
    assert progress["done"] == [
        {"book": "hundred-page-ml", "chapter": str(n), "title": title}
        for n, title in [(1, "Introduction"), (2, "Notation and Definitions"), (3, "Fundamental Algorithms"),
                         (4, "Anatomy of a Learning Algorithm"), (5, "Basic Practice"),
                         (6, "Neural Networks and Deep Learning")]
    ]  # fmt: skip
    assert progress["partial"] == [
        {"book": "hundred-page-ml", "chapter": "7", "title": "Problems and Solutions", "parts_read": 1, "parts": 2,
         "minutes_read": 60}
    ]  # fmt: skip
    assert watch.outside == [] and watch.errors == []
    context.close()


def test_progress_file_is_read_back_by_plan(browser, bundled, tmp_path, runner):
    from curriculum.cli import cli

    plan = plan_of(bundled, "swe-system-design")
    url = html_file(plan, tmp_path, None).as_uri()
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(url)
    page.check("#tick-w1s0")
    with page.expect_download() as download:
        page.click("#export-progress")
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    context.close()
    result = runner.invoke(
        cli, ["plan", "--goal", "swe-system-design", "--start", "2027-01-04", "--progress", str(saved), "--json"]
    )
    assert result.exit_code == 0, result.output
    done = json.loads(result.stdout)["done"]
    ticked = {(p.book, plan.catalog.books[p.book].units[p.unit].number) for p in plan.weeks[0].pieces if p.parts == 1}
    assert {(d["book"], c) for d in done for c in d["chapters"]} == ticked


def test_no_catalog_script_runs_and_nothing_is_fetched(browser, hostile_catalog, tmp_path):
    plan = plan_of(load_catalog(hostile_catalog), "hostile")
    url = html_file(plan, tmp_path, HOSTILE_MENTEE).as_uri()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    watch = Watch(context, url)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    watch.listen(page)
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    assert page.eval_on_selector_all("img, iframe", "found => found.length") == 0
    assert page.inner_text("h1") == "<script>window.__pwned=5</script>Goal"
    links = page.eval_on_selector_all("a[href]:not([href^='#'])", "found => found.map(a => a.href)")
    assert links == ["https://example.org/free?a=1&b=2"]
    page.check("#tick-w1s0")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    assert (tmp_path / "phone.png").stat().st_size > 1000
    assert watch.requests == [url] and watch.errors == []
    context.close()
