"""The HTML page of a huge plan (more than HUGE_PLAN_BOOKS books) is compact, at most 1.5 KB a
book, and keeps what other pages have: every session's tick box and chapters with their titles,
every book's card, and a progress export the same as the full page's (checked in Chromium)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from curriculum.catalog import load_catalog
from curriculum.present import view as view_module
from curriculum.present.command import regenerate_command
from curriculum.present.outputs import write_outputs
from tests.conftest import plan_of
from tests.htmltree import parse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate


@pytest.fixture(scope="module")
def huge_plan(tmp_path_factory: pytest.TempPathFactory):
    folder = generate(1200, tmp_path_factory.mktemp("huge") / "c").folder
    plan = plan_of(load_catalog(folder), "reach-most", hours=80)
    assert len(plan.books) > view_module.HUGE_PLAN_BOOKS
    return plan


def _page(plan, folder: Path) -> Path:
    written, _ = write_outputs(
        plan, formats=("html",), out_dir=folder, mentee="Ada", command=regenerate_command(plan, mentee="Ada")
    )
    return written[0]


def test_a_huge_plan_page_is_compact_and_complete(huge_plan, tmp_path: Path) -> None:
    path = _page(huge_plan, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert len(text.encode()) / len(huge_plan.books) <= 1500
    doc = parse(text)
    sessions = [s for w in huge_plan.weeks for s in view_module.sessions(w)]
    assert len(doc.find_all("input", cls="tick")) == len(sessions)
    catalog = huge_plan.catalog
    first = sessions[0]
    titles = [catalog.books[first.book].units[p.unit].title for p in first.pieces]
    shown = text[text.index('class="session"') :]
    assert all(title in shown for title in titles)
    assert len(doc.find_all("article", cls="book")) == len(huge_plan.books)


@pytest.mark.browser
def test_a_huge_plan_exports_what_the_full_page_exports(huge_plan, tmp_path: Path, monkeypatch) -> None:
    from tests.test_browser import ARGS, CHROMIUM

    compact = _page(huge_plan, tmp_path / "compact")
    monkeypatch.setattr(view_module, "HUGE_PLAN_BOOKS", 10**9)
    full = _page(huge_plan, tmp_path / "full")
    assert full.stat().st_size > 2 * compact.stat().st_size
    from playwright.sync_api import sync_playwright

    exports = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        for path in (compact, full):
            context = browser.new_context(accept_downloads=True)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            page.goto(path.as_uri())
            boxes = page.query_selector_all("input.tick")
            for box in (boxes[0], boxes[1], boxes[len(boxes) // 2]):
                box.check()
            with page.expect_download() as download:
                page.click("#export-progress")
            progress = json.loads(Path(download.value.path()).read_text())
            progress.pop("exported")
            exports.append(progress)
            assert errors == []
            context.close()
        browser.close()
    assert exports[0]["done"] and exports[0]["plan"]["sessions"][0]["pieces"][0]["title"]
    assert exports[0] == exports[1]
