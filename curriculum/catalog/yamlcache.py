"""Parsed catalog files kept between runs, so that a large catalog is parsed once, not every run.

Parsing YAML is about half of a plan from a 10k-book catalog; reading the same data back with
:mod:`marshal` is 20-30 times faster. An entry is named by a hash of the file's bytes, so a file
that changes in any way (whatever its size and dates) is parsed afresh: a stale entry is never
used. The folder is named after the versions of curriculum, PyYAML and Python and of what the
YAML reader gives (:data:`.yamlio.FORMAT_VERSION`), so a new version never reads an old entry
either.

Only files of at least :data:`MIN_BYTES` are kept (smaller ones parse in milliseconds), and only
once the whole catalog has loaded without a problem (bad input writes nothing: see :func:`keep`);
at most :data:`MAX_ENTRIES` entries and :data:`MAX_BYTES` in all, the least recently used going
first. The folder must be private and is used through a checked descriptor, and each entry
carries a hash of its contents (see :mod:`.cache`). Nothing here fails: an entry that cannot
be read, written or trusted only means parsing, as without a cache.
"""

from __future__ import annotations

import functools
import marshal
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from msgspec import structs

from . import cache, fastyaml, listchunks, yamlio

MIN_BYTES = 256 * 1024
MAX_ENTRIES = 16
MAX_BYTES = 1024 * 1024 * 1024

MISSING: Any = object()
"""What :func:`load` returns when there is no usable entry."""

_SUFFIX = ".marshal"


def read_yaml(path: Path, name: str) -> yamlio.YamlDoc:
    """:func:`.yamlio.read_yaml`, the data read from the cache when the file's bytes are those of
    an entry; otherwise the document says what to keep, once found good (see :func:`keep`)."""
    raw = yamlio.read_bytes(path, name)
    entry = entry_for(raw)
    if entry is None:
        return structs.replace(yamlio.parse_yaml(raw, name), blob=None)  # nothing to keep: the blob goes now
    data = load(entry)
    if data is MISSING:
        doc = yamlio.parse_yaml(raw, name, keep=True)
        blob = doc.blob or dump(doc.data)  # now, as parsed: the load consumes the data as it validates it
        return structs.replace(doc, blob=None, to_cache=None if blob is None else (entry, blob))
    # The entry was made from these very bytes, which then parsed without a problem.
    text = raw.decode("utf-8")
    return yamlio.YamlDoc(name, text[1:] if text.startswith("\ufeff") else text, data)


def keep(docs: Iterable[yamlio.YamlDoc | None]) -> None:
    """Keep the parsed data of files read by :func:`read_yaml` that are not cached yet."""
    for doc in docs:
        if doc is not None and doc.to_cache is not None:
            store(*doc.to_cache)


@functools.cache
def _shaped_by() -> str:
    import yaml

    from .. import __version__

    libyaml = getattr(yaml, "__with_libyaml__", False)
    version = (
        __version__,
        yaml.__version__,
        libyaml,
        fastyaml.VERSION,
        sys.version_info[:2],
        marshal.version,
        yamlio.FORMAT_VERSION,
    )
    return repr(version)


def entry_for(raw: bytes) -> Path | None:
    """Where the parsed data of a file holding ``raw`` is kept; None when it is not cached (a
    small file, or no cache folder that can be trusted: see :mod:`.cache`)."""
    if len(raw) < MIN_BYTES or cache.disabled():  # before naming the folder, which imports PyYAML
        return None
    try:
        folder = cache.folder("yaml", _shaped_by())
    except OSError:
        return None
    if folder is None or not cache.usable(folder):
        return None
    import hashlib  # here: small files, most loads, are never hashed (its import takes 3 ms)

    return folder / (hashlib.blake2b(raw, digest_size=20).hexdigest() + _SUFFIX)


def load(entry: Path) -> Any:
    """The data kept at ``entry``, or :data:`MISSING`. Read through the checked folder's
    descriptor; an entry whose hash does not match is dropped (see :mod:`.cache`)."""
    with cache.opened(entry.parent) as folder:
        blob = None if folder is None else folder.read(entry.name, touch=True)
        if folder is None or blob is None:
            return MISSING
        try:  # our own entry, its hash checked, in a folder only we may write
            return listchunks.unpacked(marshal.loads(blob))  # noqa: S302
        except (EOFError, ValueError, TypeError):
            folder.unlink(entry.name)
            return MISSING


def dump(data: Any) -> bytes | None:
    """``data`` as an entry, or None when marshal cannot write it (a date): then it is not kept."""
    try:
        return marshal.dumps(listchunks.packed(data), 4)
    except ValueError:
        return None


def store(entry: Path, blob: bytes) -> None:
    """Keep ``blob`` (from :func:`dump`) at ``entry``, written whole or not at all; then prune."""
    with cache.opened(entry.parent) as folder:
        if folder is not None and folder.write(entry.name, blob):
            folder.prune(_SUFFIX, keep=entry.name, max_entries=MAX_ENTRIES, max_bytes=MAX_BYTES)
