"""Work done in a child process while this one does other work: on two processors, a large
catalog's files are parsed and searched side by side (issue 15).

:func:`start` forks a child that runs a function and writes its answer (bytes) to a pipe; the
function it returns reads the answer and reaps the child. It is used only where it cannot change
what a load gives: the answer is what the function gives here, and when there is none (no child
could start, it was killed, or the function raised) the caller does the work itself. A child is
forked only where :func:`curriculum.forking.forkable` allows: on Linux, with no other thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .. import forking


def start(work: Callable[[], bytes]) -> Callable[[], bytes | None] | None:
    """``work()`` started in a child process; the function returned waits for its answer (None
    when it gives none) and reaps the child: call it once, whatever happens meanwhile (a child
    whose answer is not read waits for the reader, up to the end of this process). None when no
    child is started."""
    if not forking.forkable():
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
            forking.in_child()
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
