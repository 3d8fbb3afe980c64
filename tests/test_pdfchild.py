"""The PDF rendered by a child that imported WeasyPrint while the plan was made
(curriculum/present/pdfchild.py): the same file as when rendered here, rendered here when the child
gives nothing, and no child left behind whatever the command does."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum import forking
from curriculum.cli import cli
from curriculum.present import pdf, pdfchild

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a child is forked on Linux only"),
    pytest.mark.usefixtures("forked"),  # every child each test forks is reaped by its end
]

PLAN = ["plan", "--goal", "ml-system-design", "--hours", "5", "--start", "2027-01-04", "--for", "Ada"]


def write(out: Path, *formats: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*PLAN, "--format", ",".join(formats), "--out", str(out)], prog_name="curriculum")
    return result.exit_code, result.output


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each page rendered in this process (a child's renders are counted in the child)."""
    pages: list[str] = []
    render_here = pdf.render_here

    def counted(html: str) -> tuple[bytes, list[str]]:
        if os.getpid() == parent:
            pages.append(html)
        return render_here(html)

    parent = os.getpid()
    monkeypatch.setattr(pdf, "render_here", counted)
    return pages


def test_the_child_renders_the_file_rendered_here(
    tmp_path: Path, here: list[str], forked: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, output = write(tmp_path / "child", "pdf", "html")
    assert code == 0, output
    assert len(forked) == 1 and here == []  # rendered by the child, not here
    assert pdfchild.current() is None  # let go when the command ended

    monkeypatch.setattr(forking, "forkable", lambda: False)
    code, output = write(tmp_path / "here", "pdf", "html")
    assert code == 0, output
    assert len(forked) == 1 and len(here) == 1
    for name in ("ml-system-design-ada.pdf", "ml-system-design-ada.html"):
        assert (tmp_path / "child" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()


@pytest.mark.parametrize("failure", ["dies", "raises"])
def test_a_child_that_gives_nothing_leaves_the_page_to_this_process(
    failure: str, tmp_path: Path, here: list[str], forked: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def serve(page: int, answer: int) -> None:
        if failure == "dies":
            os._exit(3)
        raise RuntimeError("WeasyPrint failed in the child")

    monkeypatch.setattr(pdfchild, "_serve", serve)
    code, output = write(tmp_path / "out", "pdf")
    assert code == 0, output
    assert len(forked) == 1 and len(here) == 1
    assert (tmp_path / "out" / "ml-system-design-ada.pdf").read_bytes().startswith(b"%PDF-")


def test_a_command_that_fails_before_its_pdf_kills_the_child(tmp_path: Path, forked: list[int]) -> None:
    result = CliRunner().invoke(
        cli, ["plan", "--goal", "no-such-goal", "--format", "pdf", "--out", str(tmp_path)], prog_name="curriculum"
    )
    assert result.exit_code != 0 and "no-such-goal" in result.output
    assert len(forked) == 1 and pdfchild.current() is None  # killed and reaped (the fixture checks)
    assert list(tmp_path.iterdir()) == []


def test_no_child_without_a_pdf(tmp_path: Path, forked: list[int]) -> None:
    code, output = write(tmp_path, "html", "md")
    assert code == 0, output
    assert forked == []
