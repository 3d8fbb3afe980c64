"""The PDF, read back: pages, text, metadata, bookmarks, fonts, nothing from outside, not blank."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from curriculum.catalog import load_catalog
from curriculum.present.command import regenerate_command
from curriculum.present.outputs import render_all
from curriculum.present.pdf import data_only_fetcher, render_pdf
from tests.conftest import HOSTILE_MENTEE, plan_of


def pdf_of(plan, *, mentee=None, paper="a4") -> bytes:
    data, _ = render_all(
        plan, formats=("pdf",), mentee=mentee, paper=paper, command=regenerate_command(plan, mentee=mentee)
    )
    return data["pdf"]


def squash(text: str) -> str:
    """Text without white space or hyphens, so words wrapped across lines still match."""
    return re.sub(r"[\s\-‐\x00]+", "", text)


@pytest.fixture(scope="module")
def msd(bundled):
    return plan_of(bundled, "ml-system-design")


@pytest.fixture(scope="module")
def msd_pdf(msd) -> bytes:
    return pdf_of(msd, mentee="Ada")


@pytest.fixture(scope="module")
def reader(msd_pdf) -> PdfReader:
    return PdfReader(io.BytesIO(msd_pdf))


def test_pages_text_and_running_header(msd, reader):
    assert 5 <= len(reader.pages) <= 12
    text = squash("".join(p.extract_text() for p in reader.pages))
    for book in msd.books:
        assert squash(msd.catalog.books[book.id].book.title) in text
    for week in msd.weeks:
        assert squash(f"Week {week.number} ·") in text
    count = len(reader.pages)
    second = reader.pages[1].extract_text()
    assert f"Page 2 of {count}" in second and "ML system design" in second and "for Ada" in second
    assert "for Ada" not in reader.pages[0].extract_text().split("\n")[0]  # no running header on page 1


def test_metadata_and_page_size(msd, reader):
    meta = reader.metadata
    assert meta.title == "Study plan: ML system design, for Ada"
    assert meta.author == "curriculum"
    hours = f"{msd.total_minutes / 60:g} h over {len(msd.weeks)} weeks"
    assert meta.subject.startswith(f"Reading plan for ML system design: {hours}")
    assert "/CreationDate" not in meta and "/ModDate" not in meta
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    letter = PdfReader(io.BytesIO(pdf_of(msd, paper="letter"))).pages[0].mediabox
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)


def test_bookmarks_per_section_and_week(msd, reader):
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == ["Overview", "Week by week", "Books"]
    weeks = reader.outline[2]
    assert isinstance(weeks, list) and weeks[0].title.startswith("Week 1 ·") and len(weeks) == len(msd.weeks)


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def test_fonts_are_embedded_and_nothing_comes_from_outside(reader):
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in _resolve(root.get("/Names", DictionaryObject()))
    assert "/OpenAction" not in root and "/AA" not in root
    fonts = 0
    for page in reader.pages:
        resources = _resolve(page["/Resources"])
        for font in _resolve(resources.get("/Font", DictionaryObject())).values():
            font = _resolve(font)
            if font.get("/Subtype") == "/Type0":
                font = _resolve(font["/DescendantFonts"][0])
            descriptor = _resolve(font["/FontDescriptor"])
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font
            fonts += 1
        for xobject in _resolve(resources.get("/XObject", DictionaryObject())).values():
            assert "/F" not in _resolve(xobject)  # no external stream
        for annotation in _resolve(page.get("/Annots", [])):
            action = _resolve(_resolve(annotation).get("/A", DictionaryObject()))
            assert action.get("/S") in (None, "/URI", "/GoTo"), action
            if action.get("/S") == "/URI":
                assert str(action["/URI"]).startswith("https://")
    assert fonts


def test_the_first_page_is_not_blank(tmp_path: Path, msd_pdf):
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm is missing: install poppler-utils (scripts/setup.sh --test does)"
    (tmp_path / "plan.pdf").write_bytes(msd_pdf)
    subprocess.run(
        [pdftoppm, "-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile", "plan.pdf", "page"],
        cwd=tmp_path, check=True,
    )  # fmt: skip
    data = (tmp_path / "page.pgm").read_bytes()
    magic, width, height, maxval, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255"
    assert len(pixels) == int(width) * int(height)
    dark = sum(1 for value in pixels if value < 200)
    assert dark > 0.01 * len(pixels)  # the header, the graph and the timeline


def test_same_inputs_same_bytes(msd, msd_pdf, monkeypatch):
    assert pdf_of(msd, mentee="Ada") == msd_pdf
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    dated = pdf_of(msd, mentee="Ada")
    assert dated == pdf_of(msd, mentee="Ada") != msd_pdf
    assert PdfReader(io.BytesIO(dated)).metadata["/CreationDate"].startswith("D:20260101000000")


def test_the_fetcher_serves_data_urls_only():
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
    pixel = f"data:image/png;base64,{png}"
    html = (
        '<html><head><link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head><body>'
        f'<img src="file:///etc/hostname"><img src="https://127.0.0.1:9/a.png"><img src="{pixel}">'
        "<p>text</p></body></html>"
    )
    pdf, refused = render_pdf(html)
    assert pdf.startswith(b"%PDF-")
    assert sorted(refused) == ["file:///etc/hostname", "http://127.0.0.1:9/x.css", "https://127.0.0.1:9/a.png"]
    fetcher = data_only_fetcher()
    with pytest.raises(ValueError, match="fetches nothing from outside"):
        fetcher.fetch("file:///etc/hostname")
    assert fetcher.fetch(pixel).read().startswith(b"\x89PNG")


def test_hostile_catalog_renders_as_text(hostile_catalog):
    plan = plan_of(load_catalog(hostile_catalog), "hostile")
    data, warnings = render_all(plan, formats=("pdf",), mentee=HOSTILE_MENTEE, paper="a4", command="c")
    reader = PdfReader(io.BytesIO(data["pdf"]))
    text = "".join(p.extract_text() for p in reader.pages)
    assert squash("<script>window.__pwned=1</script>Evil & Co") in squash(text)
    assert squash("<img src=") in squash(text) and "/etc/hostname>" in squash(text)
    assert reader.metadata.title == "Study plan: <script>window.__pwned=5</script>Goal, for <script>alert(1)</script>"
    assert not any("refused" in w for w in warnings)
