"""JSON Schema of the catalog files, generated from the pydantic models of :mod:`.files`.

Editors use it to check a catalog's YAML as it is typed (docs/catalog.md says how). The schemas
are committed in docs/schema/; a test keeps them equal to what this module generates.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .files import BooksFile, GoalsFile, PrereqsFile

SCHEMA_FILES: dict[str, type[BaseModel]] = {"books": BooksFile, "prereqs": PrereqsFile, "goals": GoalsFile}
"""The catalog files by name (without ``.yaml``) and the model each one is checked against."""

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def file_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one catalog file: ``books``, ``prereqs`` or ``goals``."""
    model = SCHEMA_FILES[name]
    generated = model.model_json_schema()
    return {"$schema": DIALECT, **generated, "title": f"curriculum catalog: {name}.yaml"}


def catalog_schema(name: str | None = None) -> dict[str, Any]:
    """One file's schema, or (``name`` None) every file's, keyed by file name."""
    if name is not None:
        return file_schema(name)
    return {file: file_schema(file) for file in SCHEMA_FILES}
