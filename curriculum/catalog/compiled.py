"""Validated catalogs kept between runs: a repeat run reads the loaded catalog back instead of
parsing, decoding and checking its files again (at 10k books, 0.1 s instead of 0.8 s).

Once a catalog has loaded without a problem, its :class:`~.model.Catalog` (books with their
estimates, edges, goals, starting points, paces: everything but its :class:`~.model.Origin`) is
kept as one entry, encoded with msgspec's MessagePack and decoded back into the same typed
structs, which checks every field's type and limits again: nothing is unpickled, so an entry
holds data, never code. The entry is named by a hash of everything that shapes the catalog:

- the bytes of every file the load reads, and which of the files it looks for are absent (for an
  extension, the bundled catalog's files too), so a file that changes in any way, is added or
  removed, misses; a catalog whose files are not all regular files (a link, a folder) is not kept;
- the kind of catalog (bundled, a folder of its own, an extension), as each reads its files
  under other rules;
- the code: the source of the modules that load a catalog, and the versions of Python, msgspec,
  yaml_rs, and the installed files of PyYAML and pydantic (their conversions shape some values).

Only catalogs whose files add up to :data:`MIN_BYTES` are kept (a smaller one loads in
milliseconds: the bundled catalog is not kept); at most :data:`MAX_ENTRIES` entries and
:data:`MAX_BYTES` in all, the least recently used going first. The folder is checked and used
as :mod:`.cache` says, and each entry carries a hash of its contents. Nothing here raises: an
entry that is missing, damaged or cannot be decoded means loading the files, as without a cache.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from msgspec import Struct

from ..resources import bundled_catalog_dir
from . import cache, fastyaml
from .model import Catalog, Entry, Origin
from .records import Book, Edge, Goal, StartingPoint

if TYPE_CHECKING:
    import hashlib

MIN_BYTES = 256 * 1024
MAX_ENTRIES = 8
MAX_BYTES = 1024 * 1024 * 1024
FORMAT_VERSION = 1
"""Bump when what an entry holds changes in a way the source digest would not show."""

_SUFFIX = ".msgpack"
_YAML = ("books.yaml", "prereqs.yaml", "goals.yaml")
_ANY = ("books.yaml", "prereqs.yaml", "goals.yaml", "books.json", "prereqs.json", "goals.json")
"""The files a load looks for: the bundled catalog's are YAML, a user's folder may hold either."""


class _Kept(Struct, array_like=True, frozen=True):
    """What an entry holds: a :class:`~.model.Catalog` without its origin, each book's chapters
    (:class:`~.model.Unit`) as their minutes only: their numbers, titles and skips are those of
    the book's chapters, shared with them as a fresh load shares them (see :func:`_entries`)."""

    books: list[Book]
    minutes: list[list[int]]
    indexes: list[int]
    edges: tuple[Edge, ...]
    goals: dict[str, Goal]
    paces: dict[str, float]
    starting_points: dict[str, StartingPoint]


@functools.cache
def _decoder() -> msgspec.msgpack.Decoder[_Kept]:
    """Made when an entry is first read: most loads (small catalogs) read none."""
    return msgspec.msgpack.Decoder(_Kept)


class Key(Struct, frozen=True):
    """Where the catalog of some files is kept: the entry's path, and the bytes of the files."""

    entry: Path
    size: int


def key(origin: Origin) -> Key | None:
    """The entry of the catalog that ``origin``'s files make as they are now; None when it is
    not to be kept (caching off, a small catalog, a file that is not a regular file)."""
    if cache.disabled():
        return None
    try:
        folders: list[tuple[Path, tuple[str, ...]]] = []
        if origin.kind != "custom":  # the bundled catalog, or the base of an extension
            folders.append((bundled_catalog_dir(), _YAML))
        if origin.folder is not None:
            folders.append((origin.folder, _ANY))
        if sum(_size(os.path.join(where, name)) for where, names in folders for name in names) < MIN_BYTES:
            return None  # before reading anything
        import hashlib  # here: small catalogs, most loads, are never hashed (its import takes 3 ms)

        hashed = hashlib.sha256(_shaped_by().encode("utf-8"))
        hashed.update(f"\0{origin.kind}\0".encode())
        size = sum(_hash_files(hashed, where, names) for where, names in folders)
        folder = cache.folder("catalog", _shaped_by())
    except (OSError, ValueError):
        return None
    if folder is None:
        return None
    return Key(folder / (hashed.hexdigest()[:40] + _SUFFIX), size)


def _size(path: str) -> int:
    try:
        return os.lstat(path).st_size
    except FileNotFoundError:
        return 0


def _hash_files(hashed: hashlib._Hash, folder: Path, names: tuple[str, ...]) -> int:
    """Add the state of each file to ``hashed``: its bytes, or that it is absent. Raises
    :class:`ValueError` for one that is not a regular file (a link, followed or refused by the
    load: not worth keeping either way; not even opened here) and :class:`OSError` for one that
    cannot be read."""
    import hashlib

    size = 0
    for name in names:
        path = os.path.join(folder, name)
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            hashed.update(f"{name}\0absent\0".encode())
            continue
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(path)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise ValueError(path)
            digest = hashlib.file_digest(handle, "sha256").digest()
            read = handle.tell()
        size += read
        hashed.update(f"{name}\0{read}\0".encode() + digest)
    return size


@functools.cache
def _shaped_by() -> str:
    """The code that shapes a loaded catalog: versions, and the source of the load's modules."""
    import hashlib

    source = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), here.parent / "__init__.py", here.parent / "resources.py"]):
        source.update(path.name.encode() + b"\0" + path.read_bytes())
    libraries = []
    for name in ("yaml", "pydantic", "pydantic_core"):  # found, not imported (a valid catalog needs neither)
        libraries.append(_installed(name))
    version = (
        FORMAT_VERSION,
        source.hexdigest(),
        sys.version_info[:3],
        msgspec.__version__,
        fastyaml.VERSION,
        *libraries,
    )
    return repr(version)


def _installed(module: str) -> tuple[str, int, int] | None:
    """Where the library ``module`` is installed, with its size and time: a new version is new files."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    info = os.stat(spec.origin)
    return spec.origin, info.st_size, info.st_mtime_ns


def load(found: Key, origin: Origin) -> Catalog | None:
    """The catalog kept at ``found``, with ``origin``; None when there is none to be trusted."""
    with cache.opened(found.entry.parent) as folder:
        blob = None if folder is None else folder.read(found.entry.name, touch=True)
        if folder is None or blob is None:
            return None
        try:
            kept = _decoder().decode(blob)
            del blob
            books = _entries(kept)
        except Exception:  # whatever an entry holds, the files are still there to load
            folder.unlink(found.entry.name)
            return None
    return Catalog(
        books=books,
        edges=kept.edges,
        goals=kept.goals,
        paces=kept.paces,
        origin=origin,
        starting_points=kept.starting_points,
    )


def _entries(kept: _Kept) -> dict[str, Entry]:
    """The books with their chapters as :func:`.checks.check_books` makes them."""
    entries: dict[str, Entry] = {}
    for book, minutes, index in zip(kept.books, kept.minutes, kept.indexes, strict=True):
        chapters = book.chapters
        if len(minutes) != (len(chapters) or 1):
            raise ValueError(book.id)
        numbers, titles = [c.number for c in chapters], [c.title for c in chapters]
        entries[book.id] = Entry.made(book, index, minutes, numbers, titles, [c.skip for c in chapters])
    return entries


def keep(found: Key, catalog: Catalog) -> None:
    """Keep ``catalog``, loaded from the files of ``found``, unless they changed while it loaded."""
    if key(catalog.origin) != found:
        return
    try:
        entries = catalog.books.values()
        kept = _Kept(
            [entry.book for entry in entries],
            [[unit.minutes for unit in entry.units] for entry in entries],
            [entry.index for entry in entries],
            catalog.edges,
            catalog.goals,
            catalog.paces,
            catalog.starting_points,
        )
        blob = msgspec.msgpack.encode(kept)
        del kept
    except (TypeError, ValueError, OverflowError):
        return
    with cache.opened(found.entry.parent) as folder:
        if folder is not None and folder.write(found.entry.name, blob):
            folder.prune(_SUFFIX, keep=found.entry.name, max_entries=MAX_ENTRIES, max_bytes=MAX_BYTES)
