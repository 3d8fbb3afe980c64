"""Writing a plan's files: every format the registry names, rendered, then written.

Every format is rendered first, except a page rendered as it is written (the HTML page, whose
renderer gives its text in pieces: a 100k-book page would be hundreds of MB in memory), and
those are written first, so a failure in any renderer still leaves every file as it was. Each
file is written to a temporary file beside it and renamed over the target, so a failure or
Ctrl-C leaves the files written before intact and no half-written file behind. Files are named
``<job.file_stem>.<suffix>`` (see :class:`~curriculum.present.job.PlanJob`).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from ..errors import OutputError, UsageError
from ..planner import Plan
from . import registry
from .job import PlanJob

PAPERS = ("a4", "letter")


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, or None when unset (then no output carries a date of making)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds (got {value!r})") from exc


def render_all(
    plan: Plan, *, formats: Sequence[str], mentee: str | None, paper: str, command: str
) -> tuple[dict[str, bytes], list[str]]:
    """Every wanted file format as bytes, by format name, in the registry's order, and the
    warnings to show."""
    made, job = _render(plan, formats=formats, mentee=mentee, paper=paper, command=command)
    out = {name: _bytes(registry.whole(data)) for name, data in made.items()}
    return out, job.warnings


def _bytes(data: str | bytes) -> bytes:
    return data if isinstance(data, bytes) else data.encode("utf-8")


def _render(
    plan: Plan, *, formats: Sequence[str], mentee: str | None, paper: str, command: str
) -> tuple[dict[str, registry.Rendered], PlanJob]:
    """What each wanted format's renderer gives, by format name, in the registry's order (a
    page given in pieces is made as they are taken), and the job, which holds the warnings."""
    from .links import link_warnings

    known = registry.names("plan")
    unknown = [f for f in formats if f not in known]
    if unknown:
        raise UsageError(f"unknown format {', '.join(unknown)}")
    if paper not in PAPERS:
        raise UsageError(f"unknown paper size {paper!r}; choose from {', '.join(PAPERS)}")
    job = PlanJob(plan, mentee=mentee, command=command, paper=paper, created=source_date())
    job.warnings.extend(link_warnings(plan))
    made = {r.name: r.load()(job) for r in registry.renderers("plan") if r.name in formats}
    return made, job


def write_outputs(
    plan: Plan,
    *,
    formats: Sequence[str],
    out_dir: Path,
    mentee: str | None,
    paper: str = "a4",
    command: str,
) -> tuple[list[Path], list[str]]:
    """Render ``formats`` and write them into ``out_dir``; returns the paths written and warnings.

    Raises :class:`OutputError` naming the path when the folder cannot be made or written.
    """
    made, job = _render(plan, formats=formats, mentee=mentee, paper=paper, command=command)
    _make_folder(out_dir)
    paths = {name: out_dir / f"{job.file_stem}.{registry.find('plan', name).suffix}" for name in made}
    for name in sorted(made, key=lambda n: isinstance(made[n], str | bytes)):  # pieces first (see above)
        write_atomic(paths[name], made.pop(name))  # each page let go once written
    return list(paths.values()), job.warnings


def _make_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"cannot write into {folder}: it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {folder}: {exc.strerror or exc}") from exc


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class _Stopped(BaseException):
    """A signal arrived while a file given in pieces was written: stop writing it."""


@contextlib.contextmanager
def _signals_held() -> Iterator[list[int]]:
    """Hold SIGINT and SIGTERM for the duration; raise them again once it is over.

    A kill that arrives while a file is written then takes effect after the file is complete
    (or its temporary file removed): by default SIGTERM ends the process at once, with no
    cleanup, and Ctrl-C could strike between making the temporary file and its removal. Yields
    the signals caught so far that are not ignored: a file written in pieces (rendered as it is
    written, which can take a while) stops at the next piece, its temporary file removed.
    """
    caught: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught  # only the main thread may set handlers, and only it receives signals
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def hold(signum: int, _frame: object) -> None:
        if previous[signal.Signals(signum)] != signal.SIG_IGN:  # an ignored one stops nothing
            caught.append(signum)

    for sig in previous:
        signal.signal(sig, hold)
    try:
        yield caught
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)


def stat_mode(path: Path) -> int | None:
    """The permission bits of an existing output file (kept when it is rewritten), else None."""
    import stat

    try:
        info = os.stat(path)
    except OSError:
        return None
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else None


def write_atomic(path: Path, data: bytes | str | Iterable[str]) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and a rename. Text is
    written as UTF-8; text in pieces (an iterable of strings) is written as it is made, never
    whole in memory.

    On any failure the temporary file is removed and ``path`` is untouched; SIGINT and SIGTERM
    are held until the file is complete, or stop a file in pieces at its next piece (see
    :func:`_signals_held`).
    """
    try:
        with _signals_held() as caught:
            _write_atomic(path, data, caught)
    except _Stopped:  # the signal, raised again, was handled without ending the process
        raise OutputError(f"{path} was not written: a signal stopped it") from None


BLOCK_PIECES = 4096
"""Pieces of text joined, encoded and written at a time (a page has millions of small pieces)."""


def _blocks(data: bytes | str | Iterable[str], caught: list[int]) -> Iterator[bytes]:
    """``data`` as bytes to write, a block at a time; raises :class:`_Stopped` once a signal
    was caught while a file in pieces is written."""
    if isinstance(data, bytes | str):
        yield _bytes(data)
        return
    pieces = iter(data)
    while block := list(itertools.islice(pieces, BLOCK_PIECES)):
        if caught:
            raise _Stopped
        yield "".join(block).encode("utf-8")


STALE_SECONDS = 3600
"""A temporary file of ours older than this was left by a killed run (SIGKILL cannot be caught)."""


_TEMPORARY: dict[str, list[str]] = {}
"""Per output folder, the hidden temporary files found in it when it was first written to."""


def _remove_stale(path: Path) -> None:
    """Delete the hidden temporary files an earlier, killed run left beside ``path``. The folder
    is listed once per run, so writing a thousand files into it stays linear."""
    import stat
    import time

    folder = str(path.parent)
    found = _TEMPORARY.get(folder)
    if found is None:
        try:
            with os.scandir(folder) as entries:
                found = [e.name for e in entries if e.name.startswith(".") and e.name.endswith(".tmp")]
        except OSError:
            found = []
        _TEMPORARY[folder] = found
    prefix = f".{path.name}."
    for name in [n for n in found if n.startswith(prefix)]:
        found.remove(name)
        old = os.path.join(folder, name)
        with contextlib.suppress(OSError):
            info = os.lstat(old)
            if stat.S_ISREG(info.st_mode) and time.time() - info.st_mtime > STALE_SECONDS:
                os.unlink(old)


def _write_atomic(path: Path, data: bytes | str | Iterable[str], caught: list[int]) -> None:
    _remove_stale(path)
    try:
        mode = stat_mode(path)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            for block in _blocks(data, caught):
                handle.write(block)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode if mode is not None else 0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
