"""Markdown: every week, links, escaping. (The iCalendar file is tested in test_calendar.py.)"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from curriculum.catalog import load_catalog
from curriculum.present.command import regenerate_command
from curriculum.present.markdown import md_code, md_text, render_markdown
from curriculum.present.notes import display_titles
from curriculum.present.text import day_text
from curriculum.present.view import build_view
from tests.conftest import HOSTILE_MENTEE, plan_of


def label(unit) -> str:
    """How a chapter is named: '3. Title', or the title alone when the number is the title."""
    return unit.title if unit.number in (None, unit.title) else f"{unit.number}. {unit.title}"


def view_of(plan, mentee=None):
    return build_view(plan, mentee=mentee, command=regenerate_command(plan, mentee=mentee))


@pytest.fixture(scope="module")
def msd(bundled):
    return plan_of(bundled, "ml-system-design")


def test_markdown_has_every_week_session_and_chapter(msd):
    text = render_markdown(view_of(msd, "Ada"))
    assert text.startswith("# Study plan: ML system design\n\nFor **Ada**\n\nDesign, ship and operate production ML.\n")
    assert "- To make this plan again: `curriculum plan --goal ml-system-design --hours 5 --start 2027-01-04" in text
    lines = text.splitlines()
    for week in msd.weeks:
        end = week.start + timedelta(days=6)
        heading = f"### Week {week.number}: {day_text(week.start)} – {day_text(end)}"
        assert any(line.startswith(heading) for line in lines), heading
        for piece in week.pieces:
            unit = msd.catalog.books[piece.book].units[piece.unit]
            assert f"  - {md_text(label(unit))} (" in text
    tasks = [line for line in lines if line.startswith("- [ ] **")]
    assert len(tasks) == sum(len({p.book for p in w.pieces}) for w in msd.weeks)
    shown = display_titles(msd.catalog, [b.id for b in msd.books])
    for book in msd.books:
        entry = msd.catalog.books[book.id].book
        assert f"### {md_text(shown[book.id])}" in lines
        assert f"- Publisher's page: [{md_text(entry.url)}]({entry.url})" in lines


def test_markdown_escapes_catalog_text_and_links_only_http(hostile_catalog):
    plan = plan_of(load_catalog(hostile_catalog), "hostile")
    text = render_markdown(view_of(plan, HOSTILE_MENTEE))
    outside_code = re.sub(r"`[^`]*`", "", text)
    assert "<" not in outside_code.replace("\\<", "")
    assert "For **\\<script\\>alert\\(1\\)\\</script\\>**" in text
    assert "1\\. \\</script\\>\\<script\\>window.\\_\\_pwned=3\\</script\\>" in text
    assert "- Publisher's page: `javascript:window.__pwned=6`" in text
    assert "- Publisher's page: `file:///etc/hostname`" in text
    assert "- Free to read: [https://example.org/free?a=1\\&b=2](https://example.org/free?a=1&b=2)" in text
    assert "](javascript" not in text and "](file" not in text


def test_markdown_helpers():
    assert md_text("1. Intro") == "1\\. Intro"
    assert md_text("- a\nb") == "\\- a b"
    assert md_text("[x](y) *z* _w_ | `c`") == "\\[x\\]\\(y\\) \\*z\\* \\_w\\_ \\| \\`c\\`"
    assert md_code("a`b") == "``a`b``" and md_code("`x") == "`` `x ``"


def test_markdown_shows_breaks(bundled):
    plan = plan_of(bundled, "swe-system-design", skip=((date(2027, 1, 11), date(2027, 1, 17)),))
    text = render_markdown(view_of(plan))
    assert "### Week 2: Mon 11 Jan 2027 – Sun 17 Jan 2027 (a week off)\n" in text


def test_a_chapter_named_by_its_number_is_not_repeated(msd):
    lines = [c for w in view_of(msd).weeks for s in w.sessions for c in s.chapters if c.number == "Epilogue"]
    assert [c.label for c in lines] == ["Epilogue"]
