"""Book cards on a long chain of prerequisites (issue 13, hole 2): each card's text is bounded
and every format grows linearly with the books. A 4,000-book chain made a 519 MB Markdown
(each card listed every step to the goal) and an 8,000-book HTML needed 4.9 GB (the view
held each card's whole chain).

The growth is measured in output bytes and in function calls (Python and C, a count that no
busy machine changes), not in seconds."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from curriculum.catalog import Catalog, load_catalog
from curriculum.present.html import render_html
from curriculum.present.job import PlanJob
from curriculum.present.notes import CHAIN_STEPS_SHOWN
from curriculum.present.registry import render_plan
from tests.conftest import plan_of

FORMATS = ("text", "html", "md", "ics", "json", "csv")
"""Every plan format but the PDF, whose print HTML is measured instead (WeasyPrint's time on
hundreds of books would make the test slow; one PDF is read back below)."""


def chain_catalog(folder: Path, books: int) -> Catalog:
    """c0 -> c1 -> ... -> c<books-1>, the goal's book at the end."""
    folder.mkdir()
    (folder / "books.yaml").write_text(
        "books:\n" + "".join(f"  - {{id: c{i}, title: Book {i}, authors: [A], hours: 1}}\n" for i in range(books)),
        encoding="utf-8",
    )
    (folder / "prereqs.yaml").write_text(
        "prereqs:\n" + "".join(f"  - {{before: c{i}, after: c{i + 1}, reason: r{i}}}\n" for i in range(books - 1)),
        encoding="utf-8",
    )
    (folder / "goals.yaml").write_text(
        f"goals:\n  - {{id: top, title: Top, targets: [{{book: c{books - 1}}}]}}\n", encoding="utf-8"
    )
    return load_catalog(folder)


def counted(work: Callable[[], dict[str, str]]) -> tuple[int, dict[str, str]]:
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(count)
    try:
        out = work()
    finally:
        sys.setprofile(None)
    return calls, out


def outputs(catalog: Catalog) -> tuple[int, dict[str, str], PlanJob]:
    """Calls made to build the view and render every format, the outputs, and the job."""
    job = PlanJob(plan_of(catalog, "top", hours=40))

    def render() -> dict[str, str]:
        out = {name: render_plan(name, job) for name in FORMATS}
        out["print html"] = render_html(job.view, file_stem=job.file_stem, paper="a4", for_print=True)
        return {name: text for name, text in out.items() if isinstance(text, str)}

    calls, out = counted(render)
    assert set(out) == {*FORMATS, "print html"}
    return calls, out, job


def test_every_format_of_a_long_chain_grows_linearly_with_its_cards_bounded(tmp_path):
    small_calls, small, _ = outputs(chain_catalog(tmp_path / "small", 400))
    big_calls, big, job = outputs(chain_catalog(tmp_path / "big", 800))
    assert big_calls / small_calls <= 2.2, (small_calls, big_calls)
    for name in small:
        assert len(big[name]) / len(small[name]) <= 2.2, name
    view = job.view
    assert len(view.books[0].why) == 799 and not view.books[-1].why
    # The cards share their chains' steps: one step per book, not one per book and step.
    assert len({id(step) for card in view.books for step in card.why}) == 799
    cards = big["md"].split("\n## Books\n", 1)[1].split("\n### ")[1:]
    assert len(cards) == 800 and max(len(card) for card in cards) < 1000
    first = [line for line in cards[0].splitlines() if line.startswith("- Why: ")]
    assert len(first) == CHAIN_STEPS_SHOWN + 1
    assert first[-1] == "- Why: … and 796 more steps (see each book's card) to **Book 799**, a book of the goal."
    assert first[0] == "- Why: **Book 0** comes before **Book 1**: r0"
    chain = "Needed for Book 1 → Book 2 → Book 3 → … (795 more) → Book 799, a book of the goal."
    assert view.books[0].chain_text == chain


def test_the_compact_pdf_says_each_long_chain_in_one_line(tmp_path):
    plan = plan_of(chain_catalog(tmp_path / "c", 60), "top", hours=40)
    pdf = render_plan("pdf", PlanJob(plan))
    assert isinstance(pdf, bytes)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Needed for Book 1 → Book 2 → Book 3 → … (55 more) → Book 59, a book of the goal." in text
    assert len(re.findall(r"Needed for", text)) == 59
