"""The catalog: its files' schemas, loading and validating them, and the loaded :class:`Catalog`.

Modules, in the order a load uses them:

- :mod:`.load`: the one load pipeline (bundled, ``--catalog DIR`` and ``--extend`` alike);
- :mod:`.read`: reading the files and validating them against their schemas;
- :mod:`.files`: those schemas (pydantic models of books.yaml, prereqs.yaml, goals.yaml);
- :mod:`.records`: what a valid entry becomes (msgspec structs with the same fields and limits);
- :mod:`.checks`: what the valid items must be together; :mod:`.hours`: the reading-time rule;
- :mod:`.extend`: the rules of an extension against the bundled catalog;
- :mod:`.problems` and :mod:`.messages`: collecting problems, and their wording;
- :mod:`.yamlio`, :mod:`.yamlcache` and :mod:`.cache`: safe YAML, parsed files kept between
  runs, and the user's checked cache folder (which the HTML renderer uses too);
- :mod:`.model`: the loaded catalog; :mod:`.validation`: the report of ``curriculum validate``;
  :mod:`.jsonschema`: the files' JSON Schema.
"""

from typing import TYPE_CHECKING, Any

from .load import load_catalog
from .model import Catalog, Entry, Origin, Unit
from .records import DEFAULT_PACES, ID_PATTERN, MAX_HOURS, Book, Chapter, Choice, Edge, Goal, StartingPoint, Target

if TYPE_CHECKING:
    from .files import BooksFile, GoalsFile, PrereqsFile


def __getattr__(name: str) -> Any:
    """The pydantic models of whole files, imported when asked for (a valid catalog loads without them)."""
    if name in ("BooksFile", "GoalsFile", "PrereqsFile"):
        from . import files

        return getattr(files, name)
    raise AttributeError(name)


__all__ = [
    "DEFAULT_PACES",
    "ID_PATTERN",
    "MAX_HOURS",
    "Book",
    "BooksFile",
    "Catalog",
    "Chapter",
    "Choice",
    "Edge",
    "Entry",
    "Goal",
    "GoalsFile",
    "Origin",
    "PrereqsFile",
    "StartingPoint",
    "Target",
    "Unit",
    "load_catalog",
]
