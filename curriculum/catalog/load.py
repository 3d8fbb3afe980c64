"""Loading a catalog: the one pipeline that the bundled catalog, a catalog of the user's
(``--catalog DIR``) and an extended one (``--catalog DIR --extend``) all go through.

Read the files (:mod:`.read`), validate them against their schemas, check them together
(:mod:`.checks`), and build the immutable :class:`~.model.Catalog`. An extension goes through
the same steps with the bundled catalog as its base, and the rules of :mod:`.extend` added.
Every problem is collected and reported at once, each as ``file:line: entry: message``.

A catalog that loaded without a problem is kept (:mod:`.compiled`): while its files stay the
same byte for byte, a later load reads it back instead of doing all this again.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from . import compiled, yamlcache
from .checks import check_books, check_edges, check_editions, check_goals, check_starting_points
from .extend import Extension
from .model import BUNDLED, Catalog, Origin
from .problems import Collector
from .read import BOOKS, FILES, GOALS, PREREQS, catalog_folder, consume, read_files, written_paces
from .records import DEFAULT_PACES, GoalsFile


def load_catalog(directory: Path | None = None, *, extend: bool = False) -> Catalog:
    """Load and validate the catalog in ``directory`` (the bundled one when None).

    ``books.yaml`` is required; ``prereqs.yaml`` and ``goals.yaml`` may be absent (no edges,
    no goals). With ``extend``, the books, edges and goals in ``directory`` are added to the
    bundled catalog instead of replacing it (see :mod:`.extend`). Raises :class:`UsageError`
    when there is no such folder and :class:`~curriculum.errors.CatalogError` listing every
    problem of its files.
    """
    origin = Origin.of(directory, extend=extend)
    folder = catalog_folder(origin)
    if not folder.is_dir():
        what = "does not exist" if not folder.exists() else "is not a folder"
        raise UsageError(f"the catalog folder '{folder}' {what}")
    if origin.kind == "extended" and not any((folder / file).exists() for file in FILES):
        raise UsageError(f"the catalog folder '{folder}' has none of {', '.join(FILES[:3])}")
    found = compiled.key(origin)
    kept = None if found is None else compiled.load(found, origin)
    if kept is not None:
        return kept
    base = _pipeline(BUNDLED, None) if origin.kind == "extended" else None
    catalog = _pipeline(origin, base)  # returned: what it read and parsed is released now
    if found is not None:
        compiled.keep(found, catalog)
    return catalog


def _pipeline(origin: Origin, base: Catalog | None) -> Catalog:
    """Read, validate and check the files of ``origin`` (added to ``base``, if given)."""
    extension = Extension(base) if base is not None else None
    out = Collector()
    docs = read_files(origin, out)
    # Each file's list is consumed as it is validated, so that its parsed YAML and its models
    # are never held whole at once (see read.consume): the peak memory of a large catalog.
    books_part = consume(docs.books, BOOKS, out)
    prereqs_part = consume(docs.prereqs, PREREQS, out)
    goals_part = consume(docs.goals, GOALS, out)
    in_books, in_prereqs, in_goals = out.file(docs.books), out.file(docs.prereqs), out.file(docs.goals)

    written = written_paces(books_part)
    paces = dict(DEFAULT_PACES) if written is None else written  # given paces replace the defaults
    if extension:
        paces = extension.paces(written)
    books = check_books(books_part.items, paces=paces, problems=in_books, made=books_part.estimates)
    if extension:
        books = extension.add_books(books, books_part.items, in_books)
    check_editions(books_part.items, books=books, problems=in_books)

    # References to books that failed validation (or to a books.yaml that could not be read
    # at all, unless it may be absent) are not reported again: the book's own problem says it all.
    skip = books_part.broken | {b.id for _, b in books_part.items if b.id not in books}
    if not books_part.usable and not (extension and docs.books is None):
        skip.add("*")

    edge_items = extension.new_edges(prereqs_part.items, in_prereqs) if extension else prereqs_part.items
    edges = check_edges(edge_items, books=books, skip=skip, problems=in_prereqs)
    if extension:
        extension.check_cycles(edges, prereqs_part.items, in_prereqs)

    points = goals_part.whole.starting_points if isinstance(goals_part.whole, GoalsFile) else []
    starts = check_starting_points(points, books=books, skip=skip, problems=in_goals)
    if extension:
        starts = extension.starting_points(starts)
    goals = check_goals(goals_part.items, books=books, skip=skip, starts=starts, problems=in_goals)
    if extension:
        goals = extension.add_goals(goals, goals_part.items, in_goals)

    out.raise_any()
    yamlcache.keep((docs.books, docs.prereqs, docs.goals))
    return Catalog(
        books=books,
        edges=extension.edges(edges) if extension else tuple(edges),
        goals=goals,
        paces=paces,
        origin=origin,
        starting_points=starts,
    )
