"""Work done in a child process while this one does other work: on two processors, a large
catalog's files are parsed and searched side by side (issue 15).

:func:`start` forks a child that runs a function and writes its answer (bytes) to a pipe; the
function it returns reads the answer and reaps the child. It is used only where it cannot change
what a load gives: the answer is what the function gives here, and when there is none (no child
could start, it was killed, or the function raised) the caller does the work itself. No child is
forked on systems other than Linux, nor while other threads run: a forked child has only the
thread that forked it, and whatever locks the others held stay held in it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

_child = False
"""This process is a child of :func:`start`."""


def forkable() -> bool:
    """Whether a child may be forked here: on Linux, with no other thread running, and not in
    a child of one (a child starts none of its own: the processors are taken)."""
    if _child or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() <= 1


def in_child() -> None:
    """Mark this process as a forked child (see :func:`forkable`)."""
    global _child
    _child = True


def start(work: Callable[[], bytes]) -> Callable[[], bytes | None] | None:
    """``work()`` started in a child process; the function returned waits for its answer (None
    when it gives none) and reaps the child: call it once, whatever happens meanwhile (a child
    whose answer is not read waits for the reader, up to the end of this process). None when no
    child is started."""
    if not forkable():
        return None
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: its answer, then gone at once (nothing of the parent's flushed or run)
        try:
            in_child()
            os.close(read_end)
            result = work()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(b"+" + result)
        finally:
            os._exit(0)
    os.close(write_end)

    def answer() -> bytes | None:
        try:
            with os.fdopen(read_end, "rb") as pipe:
                said = pipe.read()
        finally:
            os.waitpid(pid, 0)
        return said[1:] if said.startswith(b"+") else None

    return answer
