"""Shared fixtures: the bundled catalog, a writer for small catalogs, and a CLI runner."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from curriculum.catalog import Catalog, load_catalog

START = date(2027, 1, 4)
"""A Monday; tests pass dates in instead of reading the clock."""


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
