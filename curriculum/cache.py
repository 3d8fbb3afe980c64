"""The user's cache folder: ``$XDG_CACHE_HOME/curriculum`` (``~/.cache/curriculum``).

Two things are kept there, each in a folder named after everything that shapes its contents
(versions, options), so a new version never reads an old entry: compiled page templates
(render/html.py) and parsed catalog files (yamlcache.py). Only a folder of the user's own that
no one else may write is used; when there is none, or ``CURRICULUM_NO_CACHE`` is set (to
anything but 0 or nothing), nothing is cached and everything works as before.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path


def disabled() -> bool:
    """``CURRICULUM_NO_CACHE`` is set."""
    return os.environ.get("CURRICULUM_NO_CACHE", "") not in ("", "0")


def folder(kind: str, shaped_by: str) -> Path | None:
    """``<cache>/curriculum/<kind>-<hash of shaped_by>``; None when caching is off. Not made here."""
    if disabled():
        return None
    digest = hashlib.sha256(shaped_by.encode("utf-8")).hexdigest()[:16]
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "curriculum", f"{kind}-{digest}")


def private(path: Path) -> bool:
    """Make ``path`` (mode 0700) if need be; true when it is a folder of this user's that no one
    else may write, false (never an error) otherwise."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = path.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o077
