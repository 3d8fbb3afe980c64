"""The user's cache folder: ``$XDG_CACHE_HOME/curriculum``, or where the system keeps a user's
caches (``~/.cache/curriculum`` on Linux, ``~/Library/Caches/curriculum`` on macOS).

Three things are kept there, each in a folder named after everything that shapes its contents
(versions, options), so a new version never reads an old entry: compiled page templates
(:mod:`curriculum.present.html`), parsed catalog files (:mod:`.yamlcache`) and validated
catalogs (:mod:`.compiled`). They hold data that is loaded as code or trusted as checked input,
so a cache folder is only used when no one else can have put anything in it, and it is checked
and used as one thing, through a file descriptor:

- :func:`opened` walks from ``/`` one folder at a time, each opened relative to the one above
  (``O_NOFOLLOW``, so a symbolic link anywhere on the way means no cache) and checked once
  open: every folder above the cache must belong to root or this user and be writable by no
  one else unless it has the sticky bit (as ``/tmp`` has); ``curriculum`` and the folder inside
  it must belong to this user with no permission for anyone else (missing ones are made, 0700).
- :class:`Folder` then reads, writes, lists and drops entries only relative to that descriptor,
  so renaming or replacing a folder after the check changes nothing: what was checked is what
  is read. An entry is read only when it is a regular file of this user's, writable by no one
  else, with one link.
- Every entry carries a hash of its name and contents (:func:`encode`): a damaged or truncated
  entry is dropped and read as missing. Entries are written whole (a temporary file, then a
  rename); temporary files left by an interrupted write are removed by a later write.

When any of this cannot be done (a system without ``dir_fd`` support, a folder that fails a
check, any error) or ``CURRICULUM_NO_CACHE`` is set (to anything but 0 or nothing), nothing is
cached and everything works as before: nothing here raises.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

STALE_SECONDS = 3600
"""A temporary file older than this is left over from an interrupted write (so is one whose
writer is no longer running)."""

_MAGIC = b"curriculum-cache-1\n"
_DIGEST_SIZE = 32
_HEADER = len(_MAGIC) + _DIGEST_SIZE
_OWN = 2
"""How many folders at the end of a cache path are ours: ``curriculum`` and ``<kind>-<hash>``."""


def disabled() -> bool:
    """``CURRICULUM_NO_CACHE`` is set."""
    return os.environ.get("CURRICULUM_NO_CACHE", "") not in ("", "0")


def supported() -> bool:
    """This system can open files relative to a folder's descriptor without following links."""
    return (
        hasattr(os, "getuid")
        and hasattr(os, "O_NOFOLLOW")
        and hasattr(os, "O_DIRECTORY")
        and {os.open, os.mkdir, os.stat, os.unlink, os.rename} <= os.supports_dir_fd  # rename: also replace
        and {os.listdir, os.utime} <= os.supports_fd
    )


def folder(kind: str, shaped_by: str) -> Path | None:
    """``<cache>/curriculum/<kind>-<hash of shaped_by>``; None when caching is off. Not made here.

    ``<cache>`` is ``XDG_CACHE_HOME`` when it is set to an absolute path (a relative one is
    ignored, as the XDG specification says), else the system's folder for a user's caches."""
    if disabled() or not supported():
        return None
    import hashlib  # here: only a load that keeps or reads an entry asks (its import takes 3 ms)

    digest = hashlib.sha256(shaped_by.encode("utf-8")).hexdigest()[:16]
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        ours = os.path.join(xdg, "curriculum")
    else:
        import platformdirs

        try:
            ours = platformdirs.user_cache_dir("curriculum", appauthor=False)
        except (OSError, RuntimeError):  # no home folder to be found
            return None
    if not os.path.isabs(ours):
        return None
    return Path(os.path.normpath(ours), f"{kind}-{digest}")


def encode(name: str, payload: bytes) -> bytes:
    """What the entry ``name`` holding ``payload`` looks like on disk."""
    return _MAGIC + _digest(name, payload) + payload


def _digest(name: str, payload: bytes) -> bytes:
    import hashlib

    hashed = hashlib.blake2b(name.encode("utf-8") + b"\0", digest_size=_DIGEST_SIZE)
    hashed.update(payload)
    return hashed.digest()


def _plain(name: str) -> bool:
    """An entry's name: one path component, not hidden (hidden names are temporary files)."""
    return bool(name) and not name.startswith(".") and "/" not in name and "\0" not in name


class Folder:
    """A cache folder opened and checked by :func:`opened`; every use goes through its descriptor."""

    def __init__(self, fd: int, uid: int) -> None:
        self.fd = fd
        self.uid = uid

    def _trusted(self, info: os.stat_result) -> bool:
        return (
            stat.S_ISREG(info.st_mode) and info.st_uid == self.uid and not info.st_mode & 0o022 and info.st_nlink == 1
        )

    def read(self, name: str, *, touch: bool = False) -> bytes | None:
        """The payload of entry ``name``; None when it is missing or not to be trusted. A damaged
        entry is dropped. ``touch`` marks it recently used."""
        if not _plain(name):
            return None
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK, dir_fd=self.fd)
        except OSError:
            return None
        try:
            with open(fd, "rb") as handle:
                if not self._trusted(os.fstat(handle.fileno())):
                    return None
                header = handle.read(_HEADER)
                payload = handle.read()
                if touch:
                    os.utime(handle.fileno())
        except OSError:
            return None
        if header[: len(_MAGIC)] != _MAGIC or header[len(_MAGIC) :] != _digest(name, payload):
            self.unlink(name)
            return None
        return payload

    def write(self, name: str, payload: bytes) -> bool:
        """Keep ``payload`` as entry ``name``, whole or not at all; true when it was kept."""
        if not _plain(name):
            return False
        self.prune_temporary()
        temporary = f".{name}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            fd = os.open(
                temporary,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                0o600,
                dir_fd=self.fd,
            )
            with open(fd, "wb") as out:
                out.write(_MAGIC)
                out.write(_digest(name, payload))
                out.write(payload)
            os.replace(temporary, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except OSError:
            self.unlink(temporary)
            return False
        return True

    def entries(self) -> list[tuple[str, os.stat_result]]:
        """The entries (not temporary files) and what ``lstat`` says of each."""
        found = []
        with contextlib.suppress(OSError):
            for name in os.listdir(self.fd):
                if _plain(name):
                    with contextlib.suppress(OSError):
                        found.append((name, os.stat(name, dir_fd=self.fd, follow_symlinks=False)))
        return found

    def unlink(self, name: str) -> None:
        """Remove ``name`` from this folder, if it is there."""
        if name and "/" not in name and name not in (".", ".."):
            with contextlib.suppress(OSError):
                os.unlink(name, dir_fd=self.fd)

    def prune(self, suffix: str, *, keep: str, max_entries: int, max_bytes: int) -> None:
        """Drop the least recently used entries named ``*suffix`` beyond ``max_entries`` or
        ``max_bytes`` in all; ``keep`` (the one just written) stays."""
        entries = [(info.st_mtime_ns, info.st_size, name) for name, info in self.entries() if name.endswith(suffix)]
        total = sum(size for _, size, name in entries if name == keep)
        count = 1
        for _, size, name in sorted(entries, reverse=True):
            if name == keep:
                continue
            count += 1
            total += size
            if count > max_entries or total > max_bytes:
                self.unlink(name)

    def prune_temporary(self) -> None:
        """Remove temporary files of writes that can no longer finish: older than
        :data:`STALE_SECONDS`, or made by a process that is gone."""
        with contextlib.suppress(OSError):
            for name in os.listdir(self.fd):
                if name.startswith(".") and name.endswith(".tmp"):
                    with contextlib.suppress(OSError):
                        info = os.stat(name, dir_fd=self.fd, follow_symlinks=False)
                        if time.time() - info.st_mtime > STALE_SECONDS or not _running(name):
                            os.unlink(name, dir_fd=self.fd)


def _running(temporary: str) -> bool:
    """The process that named ``temporary`` (``.<entry>.<pid>.<random>.tmp``) may still be running."""
    parts = temporary.rsplit(".", 3)
    if len(parts) != 4 or not parts[1].isdigit() or int(parts[1]) <= 0:
        return True  # not ours to judge: only its age counts
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True
    return True


@contextlib.contextmanager
def opened(path: Path | None) -> Iterator[Folder | None]:
    """The cache folder ``path`` (from :func:`folder`), made if need be, opened and checked;
    None when there is none to be trusted. Closed on leaving."""
    fd = None if path is None or disabled() or not supported() else _walk(path)
    if fd is None:
        yield None
        return
    try:
        yield Folder(fd, os.getuid())
    finally:
        os.close(fd)


def usable(path: Path | None) -> bool:
    """:func:`opened` would give a folder (made now if need be)."""
    with opened(path) as found:
        return found is not None


def _walk(path: Path) -> int | None:
    """A descriptor of ``path``, reached from ``/`` without following links, each folder checked."""
    parts = path.parts
    if not path.is_absolute() or len(parts) < _OWN + 1 or any(p in ("", ".", "..") for p in parts[1:]):
        return None
    uid = os.getuid()
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open("/", flags)
    except OSError:
        return None
    try:
        if not _safe_above(os.fstat(fd), uid):
            os.close(fd)
            return None
        for index, name in enumerate(parts[1:], start=1):
            try:
                child = os.open(name, flags, dir_fd=fd)
            except FileNotFoundError:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, 0o700, dir_fd=fd)
                child = os.open(name, flags, dir_fd=fd)
            os.close(fd)
            fd = child
            info = os.fstat(fd)
            ours = index >= len(parts) - _OWN
            if not (_private(info, uid) if ours else _safe_above(info, uid)):
                os.close(fd)
                return None
    except OSError:
        os.close(fd)
        return None
    return fd


def _safe_above(info: os.stat_result, uid: int) -> bool:
    """A folder above the cache: no one but root and this user can rename what is in it."""
    shared = info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX
    return stat.S_ISDIR(info.st_mode) and info.st_uid in (0, uid) and not shared


def _private(info: os.stat_result, uid: int) -> bool:
    """A cache folder: this user's, closed to everyone else."""
    return stat.S_ISDIR(info.st_mode) and info.st_uid == uid and not info.st_mode & 0o077
