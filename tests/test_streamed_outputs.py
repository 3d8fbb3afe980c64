"""Pages written in pieces (issue 15): the HTML page and its data block are made as they are
written, never whole in memory, and are byte for byte what the whole text was; a file in
pieces is still replaced atomically, and a signal while it is made leaves the old file."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from jinja2.utils import htmlsafe_json_dumps

from curriculum.errors import OutputError
from curriculum.present import html, outputs
from curriculum.present import view as view_module
from curriculum.present.command import regenerate_command
from curriculum.present.job import PlanJob
from curriculum.present.outputs import write_atomic, write_outputs
from tests.conftest import HOSTILE_MENTEE, plan_of


def tojson(data) -> str:
    """What the template's ``data|tojson`` wrote (the environment's settings then)."""
    return str(htmlsafe_json_dumps(data, sort_keys=True, separators=(",", ":")))


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_text_in_pieces_is_written_as_its_utf8(tmp_path):
    target = tmp_path / "page.html"
    pieces = [f"<p>{n} – ü</p>" for n in range(3 * outputs.BLOCK_PIECES + 5)]
    write_atomic(target, iter(pieces))
    assert target.read_bytes() == "".join(pieces).encode("utf-8")
    write_atomic(target, "one string – ü")
    assert target.read_text(encoding="utf-8") == "one string – ü"
    assert listing(tmp_path) == ["page.html"]


def test_a_failure_while_the_pieces_are_made_keeps_the_old_file(tmp_path):
    target = tmp_path / "page.html"
    target.write_bytes(b"old")

    def pieces():
        yield from ["x"] * (2 * outputs.BLOCK_PIECES)
        raise RuntimeError("the template broke")

    with pytest.raises(RuntimeError, match="the template broke"):
        write_atomic(target, pieces())
    assert listing(tmp_path) == ["page.html"] and target.read_bytes() == b"old"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_while_the_pieces_are_made_stops_the_file_and_keeps_the_old_one(tmp_path, signum):
    target = tmp_path / "page.html"
    target.write_bytes(b"old")
    made: list[int] = []

    def pieces():
        for n in range(10 * outputs.BLOCK_PIECES):
            if n == outputs.BLOCK_PIECES + 1:
                signal.raise_signal(signum)  # held until the temporary file is removed
            made.append(n)
            yield "x"

    handled: list[list[str]] = []
    previous = signal.signal(signum, lambda *_: handled.append(listing(tmp_path)))
    try:
        with pytest.raises(OutputError, match="was not written: a signal stopped it"):
            write_atomic(target, pieces())
    finally:
        signal.signal(signum, previous)
    assert handled == [["page.html"]]  # the handler ran once, the temporary file gone
    assert target.read_bytes() == b"old"
    assert len(made) < 3 * outputs.BLOCK_PIECES  # stopped at the next block, not at the end


def test_ctrl_c_while_the_pieces_are_made_interrupts(tmp_path):
    # Python's own Ctrl-C handler, whatever this process was started with (a job a shell put in
    # the background starts with SIGINT ignored, which the writer rightly leaves alone)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        _ctrl_c_while_the_pieces_are_made(tmp_path)
    finally:
        signal.signal(signal.SIGINT, previous)


def _ctrl_c_while_the_pieces_are_made(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_bytes(b"old")

    def pieces():
        yield "x"
        signal.raise_signal(signal.SIGINT)
        yield from ["y"] * (2 * outputs.BLOCK_PIECES)

    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, pieces())
    assert listing(tmp_path) == ["page.html"] and target.read_bytes() == b"old"


HOSTILE = {
    "b": [{"title": "</script><script>alert('x')</script> & ü ☃", "n": n, "f": n / 3} for n in range(7)],
    "a": {"z": 1, "y": [[1, "<"], None, True]},
    "c": "plain",
    "d": {f"k{n}": (n, "'&'") for n in range(5)},
}


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_the_data_block_in_pieces_is_what_tojson_wrote(monkeypatch, batch):
    monkeypatch.setattr(html, "BATCH", batch)
    assert "".join(html.data_pieces(HOSTILE)) == tojson(HOSTILE)
    lazy = {**HOSTILE, "b": iter(HOSTILE["b"]), "a": {**HOSTILE["a"], "y": iter(HOSTILE["a"]["y"])}}
    assert "".join(html.data_pieces(lazy)) == tojson(HOSTILE)


@pytest.mark.parametrize("huge", [False, True])
def test_the_page_in_pieces_is_the_page(hostile_catalog, monkeypatch, huge):
    from curriculum.catalog import load_catalog

    if huge:  # the compact page and data block of a plan of more than HUGE_PLAN_BOOKS books
        monkeypatch.setattr(view_module, "HUGE_PLAN_BOOKS", 1)
    monkeypatch.setattr(html, "BATCH", 2)
    plan = plan_of(load_catalog(hostile_catalog), "hostile")
    job = PlanJob(plan, mentee=HOSTILE_MENTEE, command=regenerate_command(plan, mentee=HOSTILE_MENTEE))
    assert job.view.huge is huge
    lazy = html.script_data(job.view, job.file_stem, lazy=True)
    assert "".join(html.data_pieces(lazy)) == tojson(html.script_data(job.view, job.file_stem))
    whole = html.render_html(job.view, file_stem=job.file_stem)
    pieces = list(html.render(job))
    assert len(pieces) > 10 and "".join(pieces) == whole
    assert f">{tojson(html.script_data(job.view, job.file_stem))}</script>" in whole


def test_the_written_page_is_the_rendered_one(small_plan, tmp_path):
    written, _ = write_outputs(small_plan, formats=("html", "md"), out_dir=tmp_path, mentee="Ada", command="c")
    job = PlanJob(small_plan, mentee="Ada", command="c")
    assert [p.name for p in written] == [f"{job.file_stem}.html", f"{job.file_stem}.md"]
    assert written[0].read_text(encoding="utf-8") == html.render_html(job.view, file_stem=job.file_stem)
    assert listing(tmp_path) == sorted(p.name for p in written)


@pytest.fixture(scope="module")
def small_plan(bundled):
    return plan_of(bundled, "swe-system-design")
