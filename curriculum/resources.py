"""Where the bundled catalog and templates live, read through ``importlib.resources``.

A wheel carries them inside the package as ``curriculum/_data/{catalog,templates}``; a source
checkout (or an editable install) has them at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path


def _data_dir(name: str) -> Path:
    from importlib.resources import files  # here: a custom catalog never needs it (5 ms to import)

    packaged = files("curriculum").joinpath("_data", name)
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / name


def bundled_catalog_dir() -> Path:
    """The folder holding the bundled books.yaml, prereqs.yaml and goals.yaml."""
    return _data_dir("catalog")


def templates_dir() -> Path:
    """The folder holding the Jinja templates and their CSS."""
    return _data_dir("templates")
