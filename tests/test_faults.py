"""Faults: kills while plan writes its files, a full disk, a read-only --out, and catalogs that
try to run code or read files outside their folder. Nothing is lost and nothing leaks.

The full-disk and read-only tests use a real tmpfs mount when the tests run as root where
mounting is allowed (as in CI), and otherwise simulate the failing system call.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.catalog import load_catalog
from curriculum.cli import cli
from curriculum.errors import CatalogError, UsageError
from curriculum.present import outputs
from curriculum.present.registry import names, renderers
from curriculum.progress import read_progress
from tests.conftest import SMALL_BOOKS, SMALL_GOALS, SMALL_PREREQS

GOAL = "ddia"
FORMATS = ",".join(names("plan"))
PLAN = ["plan", "--goal", GOAL, "--start", "2027-01-04", "--format", FORMATS]
OLD_HOURS, NEW_HOURS = "5", "6"
NAMES = sorted(f"{GOAL}.{r.suffix}" for r in renderers("plan"))


def render(hours: str, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "curriculum", *PLAN, "--hours", hours, "--out", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Known-good files of an old plan (5 h a week) and a new one (6 h), rendered in child processes."""
    base = tmp_path_factory.mktemp("versions")
    children = {hours: render(hours, base / hours) for hours in (OLD_HOURS, NEW_HOURS)}
    for child in children.values():
        assert child.wait(timeout=120) == 0, child.stderr.read() if child.stderr else ""
    old, new = ({p.name: p.read_bytes() for p in (base / h).iterdir()} for h in (OLD_HOURS, NEW_HOURS))
    assert sorted(old) == sorted(new) == NAMES
    assert all(old[name] != new[name] for name in NAMES)
    return old, new


# --- kills while writing ----------------------------------------------------------------------


@dataclass(frozen=True)
class Kill:
    signal: signal.Signals
    after_seconds: float | None = None
    """Kill this long after starting (None: when the given temporary file shows up)."""
    temp_files: int = 0
    """Kill once this many different temporary files have been seen in --out."""


KILLS = [
    # Early kills are SIGTERM only: Ctrl-C while Python itself starts up shows Python's traceback.
    Kill(signal.SIGTERM, after_seconds=0.3),  # while starting
    Kill(signal.SIGTERM, after_seconds=1.5),  # while planning or rendering
    *(Kill((signal.SIGINT, signal.SIGTERM)[n % 2], temp_files=n) for n in range(1, 6)),
]


@dataclass(frozen=True)
class Outcome:
    returncode: int
    stderr: str
    files: dict[str, bytes]


def kill_once(kill: Kill, out: Path, old: dict[str, bytes]) -> Outcome:
    out.mkdir()
    for name, data in old.items():
        (out / name).write_bytes(data)
    child = render(NEW_HOURS, out)
    started = time.monotonic()
    seen: set[str] = set()
    while child.poll() is None and time.monotonic() - started < 120:
        if kill.after_seconds is not None:
            if time.monotonic() - started >= kill.after_seconds:
                break
        else:
            seen.update(name for name in os.listdir(out) if name.endswith(".tmp"))
            if len(seen) >= kill.temp_files:
                time.sleep(random.Random(kill.temp_files).random() / 1000)  # somewhere within the write
                break
        time.sleep(0.0002)
    child.send_signal(kill.signal)
    child.wait(timeout=120)
    stderr = child.stderr.read().decode() if child.stderr else ""
    return Outcome(child.returncode, stderr, {p.name: p.read_bytes() for p in out.iterdir()})


def test_kills_while_writing_leave_old_or_new_files_and_no_temporary_ones(versions, tmp_path):
    old, new = versions
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda ik: kill_once(ik[1], tmp_path / f"out{ik[0]}", old), enumerate(KILLS)))
    mid_write = 0
    for kill, outcome in zip(KILLS, outcomes, strict=True):
        assert sorted(outcome.files) == NAMES, (kill, sorted(outcome.files))  # no temporary files left
        for name, data in outcome.files.items():
            half = any(whole.startswith(data) for whole in (old[name], new[name]))
            assert data in (old[name], new[name]), (kill, name, "half-written" if half else "neither old nor new")
        assert "Traceback" not in outcome.stderr
        if outcome.returncode == 0:  # finished before the signal arrived
            assert outcome.files == new
            continue
        assert outcome.returncode == (130 if kill.signal == signal.SIGINT else -signal.SIGTERM), (kill, outcome)
        if kill.signal == signal.SIGINT:
            assert outcome.stderr.endswith("Interrupted.\n")
        fresh = [name for name in NAMES if outcome.files[name] == new[name]]
        mid_write += 0 < len(fresh) < len(NAMES)
    # Most kills triggered by a temporary file land while the files are being written.
    print(f"{mid_write} of {len(KILLS)} kills left some files new and some old")
    # At least one: a busy machine may miss a short-lived temporary file, and a kill at the first
    # one (the streamed HTML page) leaves every file old.
    assert mid_write >= 1, [(k, o.returncode) for k, o in zip(KILLS, outcomes, strict=True)]


def test_a_signal_during_a_write_waits_for_the_file_to_be_complete(tmp_path, monkeypatch):
    """In-process: SIGTERM sent in the middle of write_atomic takes effect after the rename."""
    target = tmp_path / "plan.md"
    target.write_bytes(b"old")
    real_fsync = os.fsync

    def fsync_then_signal(fd: int) -> None:
        real_fsync(fd)
        signal.raise_signal(signal.SIGTERM)  # held: the temporary file is not renamed yet

    monkeypatch.setattr(outputs.os, "fsync", fsync_then_signal)
    terminated: list[bool] = []
    previous = signal.signal(signal.SIGTERM, lambda *_: terminated.append(target.read_bytes() == b"new"))
    try:
        outputs.write_atomic(target, b"new")
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert terminated == [True]  # the handler ran once, after the file was complete
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]


# --- a full disk and a read-only folder --------------------------------------------------------


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[None]:
    """Mount a small tmpfs on ``folder``, or skip the test where mounting is not allowed."""
    folder.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.decode().strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def plan_into(out: Path, hours: str = NEW_HOURS, formats: str = FORMATS):
    args = [*PLAN[:-1], formats, "--hours", hours, "--out", str(out)]
    return CliRunner().invoke(cli, args, prog_name="curriculum")


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_a_full_disk_is_reported_and_loses_nothing(versions, tmp_path):
    old, _ = versions
    disk = tmp_path / "disk"
    with tmpfs(disk, "160k"):
        for name, data in old.items():
            (disk / name).write_bytes(data)
        filler = disk / "filler"
        with filler.open("wb", buffering=0) as handle:  # fill the disk up, then free 16 kB
            with pytest.raises(OSError) as full:
                while True:
                    handle.write(b"\0" * 4096)
            assert full.value.errno == errno.ENOSPC
        os.truncate(filler, filler.stat().st_size - 16 * 1024)
        before = contents(disk)
        result = plan_into(disk)
        assert result.exit_code == 5, result.output
        assert result.stderr == f"Error: cannot write {disk / f'{GOAL}.html'}: No space left on device\n"
        assert result.stdout == ""
        assert contents(disk) == before
        assert sorted(p.name for p in disk.iterdir()) == sorted(before)  # no temporary file


def test_a_disk_that_fills_midway_is_reported_and_loses_nothing(versions, tmp_path, monkeypatch):
    """Simulated: the third file's fsync fails with ENOSPC; the first two are new, the rest old."""
    old, new = versions
    out = tmp_path / "out"
    out.mkdir()
    for name, data in old.items():
        (out / name).write_bytes(data)
    calls = iter(range(100))
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if next(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(outputs.os, "fsync", fsync)
    result = plan_into(out)
    assert result.exit_code == 5
    assert result.stderr == f"Error: cannot write {out / f'{GOAL}.md'}: No space left on device\n"
    files = contents(out)
    assert sorted(files) == NAMES
    assert [files[n] == new[n] for n in (f"{GOAL}.html", f"{GOAL}.pdf")] == [True, True]
    assert [files[n] == old[n] for n in (f"{GOAL}.md", f"{GOAL}.ics", f"{GOAL}.json")] == [True, True, True]


def test_a_read_only_out_folder_is_reported_and_loses_nothing(versions, tmp_path):
    old, _ = versions
    disk = tmp_path / "disk"
    with tmpfs(disk, "1m"):
        for name, data in old.items():
            (disk / name).write_bytes(data)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        result = plan_into(disk)
        assert result.exit_code == 5, result.output
        assert result.stderr == f"Error: cannot write {disk / f'{GOAL}.html'}: Read-only file system\n"
        assert contents(disk) == old
        result = plan_into(disk / "sub", formats="md")
        assert result.exit_code == 5
        assert result.stderr == f"Error: cannot create the folder {disk / 'sub'}: Read-only file system\n"
        assert contents(disk) == old


def test_a_read_only_out_folder_simulated(versions, tmp_path, monkeypatch):
    old, _ = versions
    out = tmp_path / "out"
    out.mkdir()
    for name, data in old.items():
        (out / name).write_bytes(data)

    def mkstemp(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(outputs.tempfile, "mkstemp", mkstemp)
    result = plan_into(out)
    assert result.exit_code == 5
    assert result.stderr == f"Error: cannot write {out / f'{GOAL}.html'}: Read-only file system\n"
    assert contents(out) == old


# --- reading a catalog runs nothing and reads only its own files ----------------------------------

TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:subprocess.check_call [['touch', '{marker}']]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!include ../secret.yaml",
    "!!binary dG91Y2g=",  # a standard tag: a bytes title is still no code
]


@pytest.mark.parametrize("tag", TAGS)
def test_yaml_tags_construct_nothing(write_catalog, tmp_path, tag):
    marker = tmp_path / "pwned"
    value = tag.format(marker=marker)
    books = SMALL_BOOKS.replace("title: Gamma", f"title: {value}")
    folder = write_catalog(books, SMALL_PREREQS, SMALL_GOALS.replace("title: Finish", f"title: {value}"))
    try:
        load_catalog(folder)
    except CatalogError as exc:
        assert all("is not allowed" in p.message or "title" in p.message for p in exc.problems)
    progress = tmp_path / "progress.yaml"
    progress.write_text(f"- {value}\n", encoding="utf-8")
    with pytest.raises(UsageError):
        read_progress(progress)
    assert not marker.exists()


@pytest.fixture
def opened_files() -> Iterator[list[str]]:
    """The paths opened while the fixture is active (recorded by an audit hook)."""
    recorded: list[str] | None = None

    def hook(event: str, args: tuple[object, ...]) -> None:
        if recorded is not None and event == "open" and isinstance(args[0], str | bytes | os.PathLike):
            recorded.append(os.fsdecode(args[0]))

    sys.addaudithook(hook)  # hooks cannot be removed: this one records only while active
    recorded = []
    yield recorded
    recorded = None


def test_loading_a_catalog_opens_only_its_own_files(write_catalog, tmp_path, opened_files):
    secret = tmp_path / "secret.yaml"
    secret.write_text("books: []\n", encoding="utf-8")
    good = write_catalog(SMALL_BOOKS, SMALL_PREREQS, SMALL_GOALS)
    load_catalog(good)  # import everything the loader needs before counting
    bad = write_catalog(f"books: !include {secret}\n", f"prereqs: !include {secret}\n")
    (bad / "goals.yaml").symlink_to(secret)
    opened_files.clear()
    with pytest.raises(CatalogError) as info:
        load_catalog(bad)
    assert len(info.value.problems) == 3
    assert opened_files, "the audit hook saw nothing"
    assert all(Path(p).resolve().is_relative_to(bad.resolve()) for p in opened_files), opened_files
    assert str(secret) not in opened_files


def test_a_catalog_folder_reached_through_a_link_still_loads(write_catalog, tmp_path):
    folder = write_catalog(SMALL_BOOKS, SMALL_PREREQS, SMALL_GOALS)
    (tmp_path / "link").symlink_to(folder)
    (folder / "data").mkdir()
    (folder / "books.yaml").rename(folder / "data" / "books.yaml")
    (folder / "books.yaml").symlink_to("data/books.yaml")  # a link inside the folder is fine
    assert list(load_catalog(tmp_path / "link").books) == ["alpha", "beta", "gamma"]


# --- folders that cannot be reached -------------------------------------------------------------
# A folder on the way that the user may not enter (chmod 000), a name too long, a loop of links:
# the catalog or the --out folder cannot even be looked at. Each is one message with its
# documented code (2 for the catalog, 5 for --out), never an internal error.

DENIED = "Permission denied"
LOCKED = [
    (["books", "--catalog", "locked/cat"], 2, f"Error: the catalog folder 'locked/cat' cannot be reached: {DENIED}"),
    (["validate", "--json", "--catalog", "locked/cat"], 2, "Error: the catalog folder 'locked/cat' cannot be reached"),
    (["show", "ddia", "--catalog", "locked/cat", "--extend"], 2, "cannot be reached: Permission denied"),
    (["plan", "--goal", "ddia", "--catalog", "locked/cat"], 2, "cannot be reached: Permission denied"),
    ([*PLAN, "--out", "locked/out"], 5, "Error: cannot write into locked/out: Permission denied"),
    ([*PLAN, "--out", "locked/cat"], 5, "Error: cannot write into locked/cat: Permission denied"),
    ([*PLAN, "--out", "out", "--progress", "locked/p.yaml"], 2, f"file locked/p.yaml: cannot read the file: {DENIED}"),
    (["validate", "--catalog", "unreadable"], 3, "unreadable/books.yaml: cannot read the file: Permission denied"),
]  # fmt: skip


def _without_root_powers(tmp_path: Path) -> list[str]:
    """The prefix that runs a command without the power to pass permission checks: none for a
    user; as root (CI), `setpriv` dropping CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, under which
    root meets chmod 000 as anyone does. Skips where that cannot be had, saying why."""
    if os.geteuid() != 0:
        return []
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-dac_override,-dac_read_search"]
    if shutil.which("setpriv") is None:
        pytest.skip("running as root, where chmod 000 does not apply, and without setpriv to drop that power")
    probe = tmp_path / "probe"
    probe.mkdir(mode=0)
    try:
        if subprocess.run([*prefix, "ls", str(probe)], capture_output=True, check=False).returncode == 0:
            pytest.skip("running as root, and setpriv could not drop the power to pass permission checks here")
    finally:
        probe.rmdir()
    return prefix


@pytest.fixture
def locked(tmp_path: Path) -> Iterator[Path]:
    """A working folder with `locked/` (mode 000) holding a valid catalog and a progress file,
    and `unreadable/`, a catalog folder whose books.yaml has mode 000."""
    work = tmp_path / "work"
    for folder in (work / "locked" / "cat", work / "unreadable"):
        folder.mkdir(parents=True)
        (folder / "books.yaml").write_text(SMALL_BOOKS, encoding="utf-8")
    (work / "locked" / "p.yaml").write_text("- ddia:1\n", encoding="utf-8")
    (work / "unreadable" / "books.yaml").chmod(0)
    (work / "locked").chmod(0)
    try:
        yield work
    finally:
        (work / "locked").chmod(0o755)


@pytest.mark.parametrize(("args", "code", "message"), LOCKED, ids=[" ".join(a[:1] + a[-2:]) for a, _, _ in LOCKED])
def test_a_folder_that_may_not_be_entered_is_reported(locked, tmp_path, args, code, message):
    before = sorted(p.name for p in locked.iterdir())
    ran = subprocess.run(
        [*_without_root_powers(tmp_path), sys.executable, "-m", "curriculum", *args],
        cwd=locked,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == code, ran.stderr
    assert message in ran.stderr
    assert ran.stderr.count("Error: ") == 1 and "Traceback" not in ran.stderr and ran.stdout == ""
    assert sorted(p.name for p in locked.iterdir()) == before  # no --out folder was made


LONG, LOOP = "x" * 300, "Too many levels of symbolic links"
UNREACHABLE = [
    (["books", "--catalog", LONG], 2, f"Error: the catalog folder '{LONG}' cannot be reached: File name too long"),
    (["books", "--catalog", "loop"], 2, f"Error: the catalog folder 'loop' cannot be reached: {LOOP}"),
    (["books", "--catalog", "loop/x"], 2, f"Error: the catalog folder 'loop/x' cannot be reached: {LOOP}"),
    ([*PLAN, "--out", LONG], 5, f"Error: cannot write into {LONG}: File name too long"),
    ([*PLAN, "--out", "loop"], 5, f"Error: cannot write into loop: {LOOP}"),
    ([*PLAN, "--out", "loop/plans"], 5, f"Error: cannot write into loop/plans: {LOOP}"),
    ([*PLAN, "--out", "notes.txt/plans"], 5, "Error: cannot create the folder notes.txt/plans: Not a directory"),
    (["books", "--catalog", "notes.txt/catalog"], 2, "Error: the catalog folder 'notes.txt/catalog' does not exist"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code", "message"), UNREACHABLE, ids=[f"{a[0]} {a[-2]} {a[-1][:12]}" for a, _, _ in UNREACHABLE]
)
def test_a_path_that_cannot_be_looked_at_is_reported_also_as_root(tmp_path, monkeypatch, args, code, message):
    # Root passes every permission check, but not these: the same class, testable anywhere.
    monkeypatch.chdir(tmp_path)
    Path("loop").symlink_to("loop")
    Path("notes.txt").write_text("my notes\n", encoding="utf-8")
    result = CliRunner().invoke(cli, args, prog_name="curriculum")
    assert result.exit_code == code, result.output
    assert message in result.stderr and result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loop", "notes.txt"]
