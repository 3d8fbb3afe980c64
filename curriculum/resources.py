"""Where the bundled catalog and templates live.

A wheel carries them inside the package as ``curriculum/_data/{catalog,templates}``; a source
checkout (or an editable install) has them at the top of the repository. Both are folders on
disk (the package is never run from a zip file: its templates are read as files), so they are
found beside this module's file, without ``importlib.resources`` (whose import, with
``tempfile``, ``shutil`` and ``random``, took 5 ms of every command).
"""

from __future__ import annotations

from pathlib import Path


def _data_dir(name: str) -> Path:
    here = Path(__file__).resolve().parent
    packaged = here / "_data" / name
    if packaged.is_dir():
        return packaged
    return here.parent / name


def bundled_catalog_dir() -> Path:
    """The folder holding the bundled books.yaml, prereqs.yaml and goals.yaml."""
    return _data_dir("catalog")


def templates_dir() -> Path:
    """The folder holding the Jinja templates and their CSS."""
    return _data_dir("templates")
