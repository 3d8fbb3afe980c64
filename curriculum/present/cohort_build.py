"""Building a cohort's files: each mentee's plan in the formats asked for, made in worker
processes, then the index page and (with ``ics``) the mentor's calendar of check-ins.

Plans of a cohort are independent, so ``jobs`` processes make them (each holds the catalog
once: forked from this one where the system can fork, else loaded by each worker). A worker
plans a mentee (:func:`curriculum.cohort_status.mentee_plan`), renders the files in memory and
writes them (atomically, as `plan` does); nothing in a file depends on the process that made it,
so the files are the same whatever the number of jobs. A file whose bytes are already there is
not written again: a plan that did not change keeps its file, with its modification time. This
process gathers every mentee's status, in the cohort file's order, and writes the index.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cohort_status import Status, mentee_plan
from .outputs import render_all, source_date, write_atomic

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..cohort import Cohort, Member
    from .cohort_index import Row


@dataclass(frozen=True)
class Settings:
    """What every mentee's files are made with."""

    formats: tuple[str, ...]
    as_of: date
    out_dir: Path
    paper: str = "a4"


@dataclass(frozen=True)
class Built:
    """What :func:`build_cohort` made: the rows of the index and the files."""

    rows: tuple[Row, ...]
    written: tuple[Path, ...]
    """Files written (new, or with other bytes than before)."""
    unchanged: tuple[Path, ...]
    """Files already there with the same bytes, left as they were."""
    warnings: tuple[str, ...]


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def build_cohort(
    cohort: Cohort, catalog: Catalog, *, settings: Settings, jobs: int, check_in: int | None = None
) -> Built:
    """Plan and write every mentee's files into ``settings.out_dir``, then ``index.html`` and, with
    the ``ics`` format, ``cohort.ics`` (a check-in every ``check_in`` weeks, 2 unless given)."""
    from .cohort_index import render_checkins, render_index, rows
    from .outputs import _make_folder

    out_dir = settings.out_dir
    _make_folder(out_dir)
    written: list[Path] = []
    unchanged: list[Path] = []
    warnings: dict[str, None] = {}
    statuses: list[Status] = []
    for status, files, said in _made(cohort, catalog, settings, jobs):
        statuses.append(status)
        warnings.update(dict.fromkeys(said))
        for path, wrote in files:
            (written if wrote else unchanged).append(path)
    found = rows(statuses, catalog, formats=settings.formats, as_of=settings.as_of)
    created = source_date()
    pages = [("index.html", render_index(cohort.mentor, found, as_of=settings.as_of, created=created).encode())]
    if "ics" in settings.formats:
        weeks = check_in or 2
        pages.append(("cohort.ics", render_checkins(cohort.mentor, found, weeks=weeks, created=created)))
    for name, data in pages:
        (written if write_changed(out_dir / name, data) else unchanged).append(out_dir / name)
    return Built(tuple(found), tuple(written), tuple(unchanged), tuple(warnings))


def write_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` (atomically) unless the file holds exactly these bytes; whether it wrote."""
    try:
        if path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass  # unreadable: written over (or the write says why not)
    write_atomic(path, data)
    return True


Made = tuple[Status, list[tuple[Path, bool]], list[str]]
"""A mentee's status, their files (each with whether it was written: its bytes were new) and
the warnings their plan gave."""

START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
"""How worker processes start: forked on Linux, where they share the loaded catalog; elsewhere
spawned (macOS's system libraries are not safe to fork), each loading the catalog once."""

_WORKER: dict[str, Any] = {}
"""What a worker process (or this one, with one job) plans with: the catalog, members, settings."""


def _made(cohort: Cohort, catalog: Catalog, settings: Settings, jobs: int) -> Iterator[Made]:
    """Every mentee's :data:`Made`, in the cohort file's order."""
    members = cohort.members
    jobs = max(1, min(jobs, len(members)))
    if jobs == 1:
        _start(catalog, None, False, members, settings)
        try:
            yield from map(_one, range(len(members)))
        finally:
            _WORKER.clear()
        return
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context(START_METHOD)
    # Forked workers share this process's catalog; others load it again from its folder.
    forks = START_METHOD == "fork"
    given = (catalog, None, False) if forks else (None, cohort.catalog_dir, cohort.extend)
    executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_worker, initargs=(*given, members, settings))
    try:
        yield from executor.map(_one, range(len(members)), chunksize=max(1, len(members) // (jobs * 8)))
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    executor.shutdown()


def _worker(*args: Any) -> None:
    """Set a worker process up as :func:`_start`; Ctrl-C is for the main process, which stops the pool."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _start(*args)


def _start(
    catalog: Catalog | None, folder: Path | None, extend: bool, members: Sequence[Member], settings: Settings
) -> None:
    """Hold what :func:`_one` plans with; the catalog is loaded from its folder when not given."""
    if catalog is None:
        from ..catalog import load_catalog

        catalog = load_catalog(folder, extend=extend)
    _WORKER.update(catalog=catalog, members=members, settings=settings)


def _one(index: int) -> Made:
    """Plan the mentee at ``index``, render their files and write those that changed."""
    from .command import regenerate_command
    from .job import PlanJob

    catalog, member, settings = _WORKER["catalog"], _WORKER["members"][index], _WORKER["settings"]
    plan, status = mentee_plan(catalog, member, as_of=settings.as_of)
    if plan is None:
        return status, [], []
    stem = PlanJob(plan, mentee=member.name).file_stem
    rendered, warnings = render_all(
        plan, formats=settings.formats, mentee=member.name, paper=settings.paper,
        command=regenerate_command(plan, mentee=member.name),
    )  # fmt: skip
    from . import registry

    files = []
    for name, data in rendered.items():
        path = settings.out_dir / f"{stem}.{registry.find('plan', name).suffix}"
        files.append((path, write_changed(path, data)))
    return dataclasses.replace(status, stem=stem), files, warnings
