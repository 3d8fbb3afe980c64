"""Writing the files: names, formats, atomic writes, errors, reproducibility, and the plan command."""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import pytest

from curriculum.catalog import load_catalog
from curriculum.cli import cli
from curriculum.errors import OutputError, UsageError
from curriculum.present import outputs, registry
from curriculum.present.command import regenerate_command
from curriculum.present.job import file_stem, slugify
from curriculum.present.json import plan_to_dict
from curriculum.present.outputs import write_atomic, write_outputs
from curriculum.present.registry import parse_formats
from tests.conftest import HOSTILE_MENTEE, plan_of

USAGE = "Usage: curriculum plan [OPTIONS]\nTry 'curriculum plan --help' for help.\n\n"
FORMATS = registry.names("plan")
PLAN = ["plan", "--goal", "swe-system-design", "--hours", "5", "--start", "2027-01-04"]


@pytest.fixture(scope="module")
def small(bundled):
    return plan_of(bundled, "swe-system-design")


def everything(plan, folder: Path, mentee: str | None = "Ada") -> tuple[list[Path], list[str]]:
    return write_outputs(
        plan, formats=FORMATS, out_dir=folder, mentee=mentee, paper="a4",
        command=regenerate_command(plan, mentee=mentee),
    )  # fmt: skip


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_every_format_is_written_under_its_name(small, tmp_path):
    written, warnings = everything(small, tmp_path / "plans")
    names = [p.name for p in written]
    assert names == [f"swe-system-design-ada.{ext}" for ext in FORMATS]
    assert listing(tmp_path / "plans") == sorted(names) and warnings == []
    files = {p.suffix[1:]: p.read_bytes() for p in written}
    html, pdf, md, ics, data = (files[ext] for ext in ("html", "pdf", "md", "ics", "json"))
    assert html.startswith(b"<!DOCTYPE html>") and pdf.startswith(b"%PDF-")
    assert md.startswith(b"# Study plan: SWE system design interview") and ics.startswith(b"BEGIN:VCALENDAR")
    assert data.decode() == json.dumps(plan_to_dict(small), indent=2, ensure_ascii=False) + "\n"
    assert all(oct(p.stat().st_mode & 0o777) == oct(0o666 & ~_umask()) for p in written)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_same_inputs_give_byte_identical_files(small, tmp_path):
    first, _ = everything(small, tmp_path / "a")
    second, _ = everything(small, tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_names_and_slugs():
    assert file_stem(["ml-system-design"], None) == "ml-system-design"
    assert file_stem(["deep-learning", "ddia"], "Ada Lovelace") == "deep-learning+ddia-ada-lovelace"
    assert slugify("Zoë O'Neil") == "zoe-o-neil"
    assert slugify(HOSTILE_MENTEE) == "script-alert-1-script"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("李雷") == "李雷"
    assert file_stem(["x"], "!!!") == "x"
    assert len(slugify("a" * 500)) == 60


def test_parse_formats():
    assert parse_formats("pdf,html") == ("html", "pdf")
    assert parse_formats(" MD , ics,md ") == ("md", "ics")
    with pytest.raises(UsageError, match=rf"unknown format 'doc', 'x'; choose from {', '.join(FORMATS)}"):
        parse_formats("doc,html,x")
    with pytest.raises(UsageError, match="no format given"):
        parse_formats(" , ")


def test_out_is_a_file(small, tmp_path):
    target = tmp_path / "taken"
    target.write_text("mine")
    with pytest.raises(OutputError, match=f"cannot write into {target}: it is a file, not a folder") as info:
        everything(small, target)
    assert info.value.exit_code == 5 and target.read_text() == "mine"


def test_folder_cannot_be_made(small, tmp_path):
    (tmp_path / "file").write_text("x")
    folder = tmp_path / "file" / "plans"
    with pytest.raises(OutputError, match=f"cannot create the folder {folder}: "):
        everything(small, folder)


def test_nothing_is_written_when_rendering_fails(small, tmp_path, monkeypatch):
    import curriculum.present.pdf

    def broken(html: str):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(curriculum.present.pdf, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        everything(small, tmp_path / "plans")
    assert not (tmp_path / "plans").exists()


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError])
def test_a_failed_write_keeps_earlier_files_and_leaves_no_partial_one(small, tmp_path, monkeypatch, failure):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "swe-system-design-ada.pdf").write_bytes(b"the old pdf")
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if str(dst).endswith(".pdf"):
            raise failure(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", replace)
    expected = KeyboardInterrupt if failure is KeyboardInterrupt else OutputError
    with pytest.raises(expected) as info:
        everything(small, folder)
    if expected is OutputError:
        assert str(info.value) == f"cannot write {folder / 'swe-system-design-ada.pdf'}: No space left on device"
    assert listing(folder) == ["swe-system-design-ada.html", "swe-system-design-ada.pdf"]
    assert (folder / "swe-system-design-ada.pdf").read_bytes() == b"the old pdf"
    assert (folder / "swe-system-design-ada.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_write_atomic_replaces_whole_files(tmp_path):
    target = tmp_path / "x.txt"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert listing(tmp_path) == ["x.txt"] and target.read_bytes() == b"two"
    with pytest.raises(OutputError, match=f"cannot write {tmp_path / 'missing' / 'x.txt'}: No such file"):
        write_atomic(tmp_path / "missing" / "x.txt", b"")


def test_link_warnings_for_urls_that_are_not_http(hostile_catalog, tmp_path):
    plan = plan_of(load_catalog(hostile_catalog), "hostile")
    _, warnings = write_outputs(plan, formats=("md",), out_dir=tmp_path, mentee=None, command="c")
    assert warnings == [
        "book 'base': url 'file:///etc/hostname' is not an http(s) URL; it is shown as text",
        "book 'evil': url 'javascript:window.__pwned=6' is not an http(s) URL; it is shown as text",
    ]


def test_regenerate_command_quotes_and_round_trips(bundled, runner, tmp_path):
    from datetime import date

    plan = plan_of(
        bundled, "ml-system-design", "ddia", hours=2.5, done={"ddia": frozenset({0, 1, 2, 5})},
        skip=((date(2027, 2, 1), date(2027, 2, 14)),), pace=1.5, parallel=2, optional=True,
    )  # fmt: skip
    command = regenerate_command(plan, mentee="O'Neil; rm -rf ~")
    assert command == (
        "curriculum plan --goal ml-system-design --goal ddia --hours 2.5 --start 2027-01-04 --done ddia:1-3,6"
        " --skip 2027-02-01..2027-02-14 --pace 1.5 --parallel 2 --optional --for 'O'\"'\"'Neil; rm -rf ~'"
    )
    args = shlex.split(command)
    assert args[-1] == "O'Neil; rm -rf ~"
    result = runner.invoke(cli, [*args[1:], "--json"], prog_name="curriculum")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == plan_to_dict(plan)


def test_source_date_epoch_must_be_a_number(small, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH must be a whole number of seconds"):
        write_outputs(small, formats=("ics",), out_dir=tmp_path, mentee=None, command="c")


# The plan command.


def run(runner, *args: str):
    return runner.invoke(cli, list(args), prog_name="curriculum")


def test_plan_writes_html_and_pdf_into_output_by_default(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(runner, *PLAN)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n\nWrote output/swe-system-design.html\nWrote output/swe-system-design.pdf\n")
    assert result.stdout.startswith("swe-system-design: SWE system design interview\n")
    assert result.stderr == ""
    assert listing(tmp_path / "output") == ["swe-system-design.html", "swe-system-design.pdf"]


def test_plan_json_writes_nothing_unless_asked(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(runner, *PLAN, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["goals"] == ["swe-system-design"]
    assert list(tmp_path.iterdir()) == []
    result = run(runner, *PLAN, "--json", "--format", "md,ics", "--for", "Ada")
    assert result.exit_code == 0
    json.loads(result.stdout)  # stdout is still only JSON
    assert result.stderr == "Wrote output/swe-system-design-ada.md\nWrote output/swe-system-design-ada.ics\n"
    result = run(runner, *PLAN, "--json", "--out", "plans")
    assert result.exit_code == 0
    assert listing(tmp_path / "plans") == ["swe-system-design.html", "swe-system-design.pdf"]


def test_plan_out_for_and_paper(runner, tmp_path):
    folder = tmp_path / "deep" / "plans"
    result = run(runner, *PLAN, "--out", str(folder), "--for", "Zoë", "--format", "pdf", "--paper", "Letter")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"\n\nWrote {folder / 'swe-system-design-zoe.pdf'}\n")
    from pypdf import PdfReader

    box = PdfReader(folder / "swe-system-design-zoe.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_plan_rejects_unknown_formats_and_papers(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(runner, *PLAN, "--format", "html,docx")
    assert result.exit_code == 2
    assert result.stderr == (
        USAGE + f"Error: Invalid value for '--format': unknown format 'docx'; choose from {', '.join(FORMATS)}\n"
    )
    result = run(runner, *PLAN, "--paper", "a5")
    assert result.exit_code == 2
    assert result.stderr == USAGE + "Error: Invalid value for '--paper': 'a5' is not one of 'a4', 'letter'.\n"
    assert list(tmp_path.iterdir()) == []


def test_plan_out_that_is_a_file_exits_5(runner, tmp_path):
    target = tmp_path / "plans"
    target.write_text("")
    result = run(runner, *PLAN, "--out", str(target), "--format", "md")
    assert result.exit_code == 5
    assert result.stderr == f"Error: cannot write into {target}: it is a file, not a folder\n"
    assert result.stdout == ""


def test_plan_warns_about_links_on_stderr(runner, hostile_catalog, tmp_path):
    result = run(runner, "plan", "--goal", "hostile", "--catalog", str(hostile_catalog), "--start", "2027-01-04",
                 "--out", str(tmp_path), "--format", "md")  # fmt: skip
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: book 'base': url 'file:///etc/hostname' is not an http(s) URL; it is shown as text\n"
        "Warning: book 'evil': url 'javascript:window.__pwned=6' is not an http(s) URL; it is shown as text\n"
    )


def test_regenerate_command_names_the_catalog(hostile_catalog, write_catalog, runner):
    plan = plan_of(load_catalog(hostile_catalog), "hostile")
    assert regenerate_command(plan, mentee=None).endswith(f"--start 2027-01-04 --catalog {hostile_catalog}")
    extra = write_catalog("books:\n  - {id: extra, title: Extra, authors: [A], hours: 2}\n")
    extended = plan_of(load_catalog(extra, extend=True), "extra")
    command = regenerate_command(extended, mentee=None)
    assert command.endswith(f"--catalog {extra} --extend")
    result = runner.invoke(cli, [*shlex.split(command)[1:], "--json"], prog_name="curriculum")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == plan_to_dict(extended)


def test_rewriting_a_file_keeps_its_mode_and_stale_temporary_files_are_cleared(tmp_path):
    import os
    import time

    from curriculum.present.outputs import STALE_SECONDS, write_atomic

    target = tmp_path / "plan.md"
    target.write_text("old")
    os.chmod(target, 0o600)
    stale = tmp_path / ".plan.md.abc123.tmp"  # what a SIGKILL during a write leaves
    stale.write_text("half")
    old = time.time() - STALE_SECONDS - 10
    os.utime(stale, (old, old))
    fresh = tmp_path / ".plan.md.def456.tmp"  # another run's, still writing
    fresh.write_text("busy")
    write_atomic(target, b"new")
    assert target.read_text() == "new"
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)
    assert not stale.exists() and fresh.exists()
