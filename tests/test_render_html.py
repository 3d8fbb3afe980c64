"""The HTML page, parsed: sections, every week, book and chapter, escaping, the pictures, the CSP."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from curriculum.catalog import Catalog, load_catalog
from curriculum.present.command import regenerate_command
from curriculum.present.html import render_html, script_data
from curriculum.present.layout import layout_graph
from curriculum.present.notes import display_titles
from curriculum.present.text import day_text, hours_text
from curriculum.present.view import build_view
from curriculum.resources import templates_dir
from tests.conftest import HOSTILE_MENTEE, plan_of
from tests.htmltree import Node, parse


def label(unit) -> str:
    """How a chapter is named: '3. Title', or the title alone when the number is the title."""
    return unit.title if unit.number in (None, unit.title) else f"{unit.number}. {unit.title}"


def terms(dl: Node) -> dict[str, str]:
    return {d.find("dt").words(): d.find("dd").words() for d in dl.find_all("div")}


def page(plan, *, mentee=None, for_print=False, stem="plan") -> str:
    view = build_view(plan, mentee=mentee, command=regenerate_command(plan, mentee=mentee))
    return render_html(view, file_stem=stem, for_print=for_print)


@pytest.fixture(scope="module")
def msd(bundled):
    return plan_of(bundled, "ml-system-design")


@pytest.fixture(scope="module")
def msd_doc(msd) -> Node:
    return parse(page(msd, mentee="Ada"))


def test_sections_and_header_facts(msd, msd_doc):
    for section in ("overview", "weeks", "books"):
        assert msd_doc.find("section", id=section)
    header = msd_doc.find("header", cls="plan-header")
    assert header.find("h1").words() == "ML system design"
    assert header.find(cls="mentee").words() == "for Ada"
    assert terms(header.find("dl", cls="facts")) == {
        "Hours per week": "5 h",
        "Start": day_text(msd.request.start),
        "End": day_text(msd.end),
        "Total": hours_text(msd.total_minutes),
        "Weeks": f"{len(msd.weeks)} (at least {msd.lower_bound_weeks})",
        "Books": "5",
    }
    command = header.find(cls="command").find("code").words()
    assert command == "curriculum plan --goal ml-system-design --hours 5 --start 2027-01-04 --for Ada"
    assert msd_doc.find("title").words() == "Study plan: ML system design, for Ada"
    assert msd_doc.find("meta", name="author").attrs["content"] == "curriculum"
    assert msd_doc.find("meta", name="description").attrs["content"].startswith("Reading plan for ML system design")


def test_every_week_session_and_chapter_title_is_shown(msd, msd_doc):
    weeks = msd_doc.find_all("article", cls="week")
    assert [w.attrs["id"] for w in weeks] == [f"week-{w.number}" for w in msd.weeks]
    for article, week in zip(weeks, msd.weeks, strict=True):
        heading = article.find("h3").words()
        assert heading.startswith(f"Week {week.number} {day_text(week.start)} – ")
        shown = [c.find(cls="chapter-title").words() for c in article.find_all("li", cls="chapter")]
        units = [msd.catalog.books[p.book].units[p.unit] for p in week.pieces]
        assert shown == [label(u) for u in units]
        books = [s.find(cls="book-title").words() for s in article.find_all(cls="session")]
        assert set(books) == {display_titles(msd.catalog, [p.book])[p.book] for p in week.pieces}


def test_a_card_per_book_with_facts_links_and_why(msd, msd_doc):
    cards = msd_doc.find_all("article", cls="book")
    assert [c.attrs["id"] for c in cards] == [f"book-{b.id}" for b in msd.books]
    ddia = msd_doc.find("article", id="book-ddia")
    book = msd.catalog.books["ddia"].book
    assert ddia.find("h3").words() == f"{book.title}, 2nd edition"  # the catalog holds the 1st too
    facts = terms(ddia.find("dl", cls="book-facts"))
    assert facts["Publisher"] == book.publisher and facts["Pages"] == str(book.pages)
    assert facts["Edition"] == book.edition
    planned = next(b for b in msd.books if b.id == "ddia")
    span = f"weeks {planned.first_week}–{planned.last_week}"
    assert facts["In this plan"] == f"chapters 6–7 of 14, {hours_text(planned.minutes)}, {span}"
    assert ddia.find("a").attrs["href"] == book.url
    first = msd_doc.find("article", id="book-hundred-page-ml")
    why = first.find("ol", cls="chain").words()
    assert why.startswith("The Hundred-Page Machine Learning Book comes before")
    assert "Designing Machine Learning Systems, a book of the goal:" in why
    assert len(first.find("ol", cls="chain").find_all("li")) == 1  # Hundred-Page -> DMLS
    dmls = msd_doc.find("article", id="book-dmls")
    assert "target" in dmls.classes
    assert dmls.find(cls="why").words() == "Why it is in the plan The goal ML system design asks for it."


def test_the_pictures_are_inline_svg_of_the_plan(msd, msd_doc):
    graph = msd_doc.find("svg", cls="graph")
    titles = [g.find("title").words() for g in graph.find_all("g")]
    shown = display_titles(msd.catalog, [b.id for b in msd.books])
    assert sorted(titles) == sorted(shown.values())
    edges = sum(len(b.prerequisites) for b in msd.books)
    assert len(graph.find_all("polygon")) == edges
    timeline = msd_doc.find("svg", cls="timeline")
    assert len(timeline.find_all("rect")) == len(msd.books)
    assert not msd_doc.find_all("img") and not msd_doc.find_all("link")


@pytest.mark.parametrize("optional", [False, True])
def test_graph_layout_is_layered_and_readable_for_every_bundled_goal(bundled, optional):
    for goal in bundled.goals:
        plan = plan_of(bundled, goal, optional=optional)
        nodes = [b.id for b in plan.books]
        edges = [(r.before, b.id) for b in plan.books for r in b.prerequisites]
        layout = layout_graph(nodes, edges, box_w=190, box_h=72, gap_x=22, gap_y=46, pad=12, per_row=4)
        assert set(layout.boxes) == set(nodes)
        assert layout.columns <= 4 and layout.width <= 1000
        boxes = list(layout.boxes.values())
        for i, (x1, y1) in enumerate(boxes):  # no two boxes overlap
            for x2, y2 in boxes[i + 1 :]:
                assert abs(x1 - x2) >= 190 or abs(y1 - y2) >= 72, goal
        for before, after, points in layout.edges:  # arrows run downwards, box to box
            assert layout.boxes[before][1] < layout.boxes[after][1]
            ys = [y for _, y in points]
            assert ys == sorted(ys)
            assert points[0][1] == layout.boxes[before][1] + 72 and points[-1][1] == layout.boxes[after][1]


def test_csp_forbids_remote_loads_and_pins_the_script_and_style(msd):
    html = page(msd)
    doc = parse(html)
    csp = doc.find("meta", http_equiv="Content-Security-Policy").attrs["content"]
    script = [s for s in doc.find_all("script") if "type" not in s.attrs]
    (style,) = doc.find_all("style")

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert csp == (
        f"default-src 'none'; style-src {digest(style.text())}; script-src {digest(script[0].text())};"
        " img-src data:; base-uri 'none'; form-action 'none'"
    )
    assert len(script) == 1 and "localStorage" in script[0].text()


def test_script_data_is_json_with_markup_characters_escaped(bundled, hostile_catalog):
    catalog = load_catalog(hostile_catalog)
    plan = plan_of(catalog, "hostile")
    html = page(plan, mentee=HOSTILE_MENTEE)
    block = re.search(r'<script type="application/json" id="plan-data">(.*?)</script>', html, re.S)
    assert block
    raw = block.group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    view = build_view(plan, mentee=HOSTILE_MENTEE, command=regenerate_command(plan, mentee=HOSTILE_MENTEE))
    assert json.loads(raw) == json.loads(json.dumps(script_data(view, "plan")))
    assert json.loads(raw)["sessions"][0]["pieces"][0]["title"] == "Base \"quoted\" 'title'"


def test_hostile_catalog_text_and_mentee_stay_text(hostile_catalog):
    catalog = load_catalog(hostile_catalog)
    plan = plan_of(catalog, "hostile")
    html = page(plan, mentee=HOSTILE_MENTEE)
    doc = parse(html)
    scripts = doc.find_all("script")
    assert [s.attrs.get("type") for s in scripts] == ["application/json", None]
    assert not doc.find_all("img") and not doc.find_all("iframe") and not doc.find_all("b")
    assert "__pwned" not in scripts[1].text()
    assert doc.find("h1").words() == "<script>window.__pwned=5</script>Goal"
    assert doc.find(cls="mentee-name").words() == HOSTILE_MENTEE
    assert doc.find(cls="goal-description").words() == "<iframe src=https://example.com/></iframe>"
    evil = doc.find("article", id="book-evil")
    assert evil.find("h3").words() == "<script>window.__pwned=1</script>Evil & Co"
    assert evil.find(cls="subtitle").words() == '<img src=file:///etc/hostname onerror="window.__pwned=2">'
    chapters = [c.find(cls="chapter-title").words() for c in doc.find_all("li", cls="chapter")]
    assert "1. </script><script>window.__pwned=3</script>" in chapters
    assert any("{{ 7*7 }}" in c for c in chapters)
    assert "<script>window.__pwned=4</script>because" in doc.find("article", id="book-base").words()
    # Only the http(s) URL is a link; the javascript: and file: URLs are shown as text.
    hrefs = [a.attrs.get("href") for a in doc.find_all("a") if not (a.attrs.get("href") or "").startswith("#")]
    assert hrefs == ["https://example.org/free?a=1&b=2"]
    unlinked = [u.words() for u in doc.find_all(cls="unlinked")]
    assert unlinked == ["file:///etc/hostname", "javascript:window.__pwned=6"]  # reading order
    assert "curriculum plan --goal hostile" in doc.find(cls="command").words()
    assert "--for '<script>alert(1)</script>'" in doc.find(cls="command").words()


def test_the_print_variant_has_pen_boxes_and_no_script(msd):
    doc = parse(page(msd, for_print=True))
    assert not doc.find_all("script") and not doc.find_all("input") and not doc.find_all("button")
    sessions = doc.find_all("p", cls="session")
    assert len(sessions) == sum(len({(p.book) for p in w.pieces}) for w in msd.weeks)
    assert all(s.words().startswith("☐ ") for s in sessions)
    assert "@top-left" in doc.find("style").text()


def test_breaks_done_and_options_are_shown(bundled):
    from datetime import date

    plan = plan_of(
        bundled, "ml-system-design", done={"ddia": frozenset({5})}, skip=((date(2027, 1, 11), date(2027, 1, 17)),),
        parallel=2, pace=1.5,
    )  # fmt: skip
    doc = parse(page(plan))
    week2 = doc.find("article", id="week-2")
    assert "break" in week2.classes and week2.words().endswith("a week off")
    assert not week2.find_all("input")
    options = doc.find(cls="options").words()
    assert "up to 2 books at once" in options and "reading times × 1.5" in options
    assert "no study from Mon 11 Jan 2027 to Sun 17 Jan 2027" in options
    assert doc.find(cls="done-before").words().startswith("Already read: Designing Data-Intensive Applications, ch 6.")


def test_same_inputs_same_bytes_and_no_date_unless_source_date_epoch(msd, monkeypatch):
    assert page(msd) == page(msd)
    assert "dcterms" not in page(msd)
    from curriculum.present.outputs import render_all

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    data, _ = render_all(msd, formats=("html",), mentee=None, paper="a4", command="x")
    meta = parse(data["html"].decode()).find("meta", name="dcterms.created")
    assert meta.attrs["content"] == "2026-01-01T00:00:00Z"


def test_templates_come_from_the_package_not_the_working_folder(msd, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "plan.html.j2").write_text("hijacked")
    assert "hijacked" not in page(msd)
    assert (templates_dir() / "plan.html.j2").is_file()


def chain_catalog(write_catalog, count: int) -> Catalog:
    """Books b0 -> b1 -> ... -> b<count-1>, the last one the goal."""
    books = "books:\n" + "".join(f"  - {{id: b{i}, title: Book {i}, authors: [A], hours: 1}}\n" for i in range(count))
    prereqs = "prereqs:\n" + "".join(
        f"  - {{before: b{i}, after: b{i + 1}, reason: Book {i + 1} needs book {i}.}}\n" for i in range(count - 1)
    )
    goals = f"goals:\n  - {{id: last, title: Last, targets: [{{book: b{count - 1}}}]}}\n"
    return load_catalog(write_catalog(books, prereqs, goals))


def test_long_chains_are_cut_to_three_steps_and_the_rest_counted(write_catalog):
    plan = plan_of(chain_catalog(write_catalog, 7), "last")
    doc = parse(page(plan))
    steps = [li.words() for li in doc.find("article", id="book-b0").find_all("li")]
    assert steps == [
        "Book 0 comes before Book 1: Book 1 needs book 0.",
        "Book 1 comes before Book 2: Book 2 needs book 1.",
        "Book 2 comes before Book 3: Book 3 needs book 2.",
        "… and 3 more steps (see each book's card) to Book 6, a book of the goal.",
    ]
    four = [li.words() for li in doc.find("article", id="book-b2").find_all("li")]
    assert len(four) == 4 and four[-1] == "Book 5 comes before Book 6, a book of the goal: Book 6 needs book 5."


def test_plans_too_big_to_draw_get_a_note_instead_of_pictures(write_catalog):
    plan = plan_of(chain_catalog(write_catalog, 51), "last", hours=40)
    doc = parse(page(plan))
    assert not doc.find_all("svg")
    assert doc.find("section", id="overview").find(cls="note").words().startswith("With 51 books this plan is")


def test_large_plans_print_compactly_and_keep_everything_on_screen(write_catalog):
    """Over 50 books the PDF has one line per session and one paragraph per book, its chain in
    one line (WeasyPrint's time grows with lines and boxes); the HTML page keeps chapter titles
    and reasons."""
    plan = plan_of(chain_catalog(write_catalog, 51), "last", hours=40)
    doc = parse(page(plan, for_print=True))
    assert not doc.find_all(cls="chapter") and not doc.find_all("ol") and not doc.find_all("h4")
    assert len(doc.find_all("p", cls="session")) == sum(len(w.pieces) for w in plan.weeks)
    assert "With 51 books, this PDF names each session's chapters by number" in doc.find(cls="how").words()

    cards = {p.find("strong").words(): p.words() for p in doc.find_all("p", cls="book-line")}
    assert len(cards) == 51 and not doc.find_all("article", cls="book")  # one paragraph a book

    def why(title: str) -> str:
        return cards[title].split(". ", 2)[-1]

    assert why("Book 0") == "Needed for Book 1 → Book 2 → Book 3 → … (46 more) → Book 50, a book of the goal."
    assert why("Book 45") == "Needed for Book 46 → Book 47 → Book 48 → Book 49 → Book 50, a book of the goal."
    assert why("Book 50") == "The goal Last asks for it."
    assert cards["Book 3"].startswith("Book 3 · A. In this plan: the whole book, ")
    screen = parse(page(plan))
    assert len(screen.find_all("li", cls="chapter")) == 51
    assert len(screen.find("article", id="book-b0").find("ol", cls="chain").find_all("li")) == 4
    fifty = parse(page(plan_of(chain_catalog(write_catalog, 50), "last", hours=40), for_print=True))
    assert len(fifty.find_all("p", cls="chapter")) == 50 and len(fifty.find_all("ol", cls="chain")) == 49


def test_a_chain_line_names_the_chapters_the_first_step_needs(msd):
    from tests.replacing import replace

    view = build_view(msd, mentee=None, command="x")
    card = next(b for b in view.books if b.why)
    step = replace(card.why[0], chapters="ch 5–6")
    line = replace(card, why=(step, *card.why[1:])).chain_text
    assert line.startswith(f"Needed (ch 5–6) for {card.why[0].after_title}")
    assert line.endswith(f"{card.why[-1].after_title}, a book of the goal.")


# --- compiled-template cache -------------------------------------------------------------------


def _fresh_environment(monkeypatch, **env):
    from curriculum.present import html as html_module

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    html_module._environment.cache_clear()
    return html_module


@pytest.fixture
def clear_environment():
    from curriculum.present import html as html_module

    yield
    html_module._environment.cache_clear()


def test_compiled_templates_are_cached_and_reused(monkeypatch, tmp_path, bundled, clear_environment):
    module = _fresh_environment(monkeypatch, XDG_CACHE_HOME=str(tmp_path))
    view = build_view(plan_of(bundled, "swe-system-design"), mentee=None, command="curriculum plan")
    first = module.render_html(view, file_stem="x", paper="a4")
    folder = module.cache_folder()
    assert folder is not None and folder.parent == tmp_path / "curriculum"
    cached = list(folder.glob("__jinja2_*.cache"))
    assert cached, "the compiled template was not kept"
    assert (folder.stat().st_mode & 0o777) == 0o700
    module._environment.cache_clear()
    loaded = []
    original = module.template_cache

    def spy():
        cache = original()
        load = cache.load_bytecode

        def counting(bucket):
            load(bucket)
            loaded.append(bucket.code is not None)

        cache.load_bytecode = counting
        return cache

    monkeypatch.setattr(module, "template_cache", spy)
    assert module.render_html(view, file_stem="x", paper="a4") == first
    assert loaded == [True]


def test_an_unusable_cache_folder_only_means_no_cache(monkeypatch, tmp_path, bundled, clear_environment):
    (tmp_path / "curriculum").write_text("a file where the folder should be")
    module = _fresh_environment(monkeypatch, XDG_CACHE_HOME=str(tmp_path))
    assert module.template_cache() is None
    view = build_view(plan_of(bundled, "swe-system-design"), mentee=None, command="curriculum plan")
    assert "<html" in module.render_html(view, file_stem="x", paper="a4")


def test_a_folder_others_may_write_is_not_used(monkeypatch, tmp_path, clear_environment):
    module = _fresh_environment(monkeypatch, XDG_CACHE_HOME=str(tmp_path))
    folder = module.cache_folder()
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    assert module.template_cache() is None


def test_no_cache_when_the_user_says_so(monkeypatch, tmp_path, clear_environment):
    module = _fresh_environment(monkeypatch, XDG_CACHE_HOME=str(tmp_path), CURRICULUM_NO_CACHE="1")
    assert module.template_cache() is None
    assert not (tmp_path / "curriculum").exists()
