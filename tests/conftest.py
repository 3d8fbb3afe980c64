"""Shared fixtures: the bundled catalog, a writer for small catalogs, and a CLI runner."""

from __future__ import annotations

import contextlib
import os
import textwrap
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from curriculum.catalog import Catalog, load_catalog
from curriculum.planner import Plan

START = date(2027, 1, 4)
"""A Monday; tests pass dates in instead of reading the clock."""


@pytest.fixture(scope="session", autouse=True)
def _cache_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled templates go to a folder of the test run's, not the user's ~/.cache (also for
    the commands the tests start in child processes, which inherit the environment)."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    os.environ.pop("CURRICULUM_NO_CACHE", None)


ROOT = Path(__file__).resolve().parent.parent
SCRATCH = {".git", ".venv", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "_work"}
"""Folders the tools themselves write in a checkout (git, the venv, caches, benchmark scratch)."""

SLOW = {
    "test_wheel.py",
    "test_faults.py::test_kills_while_writing_leave_old_or_new_files_and_no_temporary_ones",
    "test_jsonout.py::test_iterators_are_written_as_lists",
}
"""Tests of several seconds each: `pytest -m "not slow"` leaves them out."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the browser tests `browser` and the slowest `slow`, so `pytest -m "not browser and
    not slow"` runs anywhere (no root, no Chromium) in well under a minute; CI runs everything."""
    for item in items:
        name = item.path.name
        if name in ("test_browser.py", "test_living_plan_browser.py", "test_cohort_browser.py"):
            item.add_marker(pytest.mark.browser)
        if name in SLOW or f"{name}::{item.originalname}" in SLOW:
            item.add_marker(pytest.mark.slow)


def _checkout_files() -> dict[str, tuple[int, int]]:
    out = {}
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SCRATCH and not d.endswith(".egg-info")]
        for name in files:
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                info = os.lstat(path)
                out[os.path.relpath(path, ROOT)] = (info.st_size, info.st_mtime_ns)
    return out


@pytest.fixture(scope="session", autouse=True)
def _checkout_unchanged() -> Iterator[None]:
    """Tests stay in their sandbox: the run fails if any file of the checkout (the user's
    `output/` included) was written, made or removed while it ran."""
    before = _checkout_files()
    yield
    after = _checkout_files()
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert not changed, f"the tests changed files of the checkout: {changed[:10]}"


@pytest.fixture(scope="session")
def bundled() -> Catalog:
    return load_catalog()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


WriteCatalog = Callable[..., Path]


@pytest.fixture
def write_catalog(tmp_path: Path) -> WriteCatalog:
    """Write books.yaml / prereqs.yaml / goals.yaml (dedented YAML text) into a fresh folder."""
    counter = iter(range(1000))

    def write(books: str | None = None, prereqs: str | None = None, goals: str | None = None) -> Path:
        folder = tmp_path / f"catalog{next(counter)}"
        folder.mkdir()
        for name, text in (("books.yaml", books), ("prereqs.yaml", prereqs), ("goals.yaml", goals)):
            if text is not None:
                (folder / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return folder

    return write


SMALL_BOOKS = """
books:
  - id: alpha
    title: Alpha
    authors: [A. Author]
    pages: 100
    chapters:
      - {number: 1, title: One}
      - {number: 2, title: Two}
  - id: beta
    title: Beta
    authors: [B. Author]
    hours: 6
    chapters:
      - {number: 1, title: First}
      - {number: 2, title: Second}
      - {number: 3, title: Third}
  - id: gamma
    title: Gamma
    authors: [C. Author]
    hours: 3
"""
SMALL_PREREQS = """
prereqs:
  - {before: alpha, after: beta, chapters: ["2"], reason: Beta builds on Alpha's second chapter.}
  - {before: beta, after: gamma, reason: Gamma assumes all of Beta.}
"""
SMALL_GOALS = """
goals:
  - id: finish
    title: Finish
    targets:
      - book: gamma
"""


HOSTILE_BOOKS = """
books:
  - id: evil
    title: "<script>window.__pwned=1</script>Evil & Co"
    subtitle: "<img src=file:///etc/hostname onerror=\\"window.__pwned=2\\">"
    authors: ["Mallory <b>Bold</b>"]
    publisher: "<img src=file:///etc/hostname>"
    url: "javascript:window.__pwned=6"
    free_url: "https://example.org/free?a=1&b=2"
    pages: 40
    chapters:
      - {number: 1, title: "</script><script>window.__pwned=3</script>"}
      - {number: 2, title: "Braces {{ 7*7 }} and ]]> and 'quotes'"}
  - id: base
    title: "Base \\"quoted\\" 'title'"
    authors: [A. Author]
    hours: 2
    url: "file:///etc/hostname"
"""
HOSTILE_PREREQS = """
prereqs:
  - {before: base, after: evil, reason: "<script>window.__pwned=4</script>because"}
"""
HOSTILE_GOALS = """
goals:
  - id: hostile
    title: "<script>window.__pwned=5</script>Goal"
    description: "<iframe src=https://example.com/></iframe>"
    targets: [{book: evil}]
"""
HOSTILE_MENTEE = "<script>alert(1)</script>"


@pytest.fixture
def hostile_catalog(write_catalog: WriteCatalog) -> Path:
    """A catalog whose text tries to become markup, script and links to local files."""
    return write_catalog(HOSTILE_BOOKS, HOSTILE_PREREQS, HOSTILE_GOALS)


def plan_of(catalog: Catalog, *goals: str, hours: float = 5, start: date = START, **options: Any) -> Plan:
    """The plan of ``goals`` at ``hours`` a week from ``start``."""
    from curriculum.planner import PlanRequest, make_plan

    return make_plan(catalog, PlanRequest(goals=goals, hours_per_week=hours, start=start, **options))


@pytest.fixture
def forked(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The children a test forks (:mod:`curriculum.catalog.beside`), every one of them reaped by
    its end (other tests' children may still run: only these are looked at)."""
    pids: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    yield pids
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.fixture
def risky_dies_in_a_child(monkeypatch: pytest.MonkeyPatch) -> None:
    """``fastyaml.risky``, the YAML guard a forked child runs, made to kill any child that runs
    it (exit 3, no answer) while this process still runs it as before."""
    from curriculum.catalog import fastyaml

    parent = os.getpid()
    risky = fastyaml.risky

    def dies_in_the_child(text: str, raw: bytes) -> bool:
        if os.getpid() != parent:
            os._exit(3)
        return risky(text, raw)

    monkeypatch.setattr(fastyaml, "risky", dies_in_the_child)
