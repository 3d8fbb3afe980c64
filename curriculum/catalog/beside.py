"""Work done in a child process while this one does other work: on two processors, a large
catalog's files are parsed and searched side by side (issue 15).

:func:`start` forks a child that runs a function and writes its answer (bytes) to a file in
memory; the function it returns reaps the child and reads the answer. It is used only where it
cannot change what a load gives: the answer is what the function gives here, and when there is
none (no child could start, it was killed, or the function raised) the caller does the work
itself. A child is forked only where :func:`curriculum.forking.forkable` allows: on Linux, with
no other thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from .. import forking


def start(work: Callable[[], bytes]) -> Callable[[], bytes | None] | None:
    """``work()`` started in a child process; the function returned waits for the child to end
    and gives its answer (None when it gives none): call it once, whatever happens meanwhile.
    None when no child is started.

    The answer goes through a file in memory (``memfd_create``), not a pipe: a child handing
    over a 10k-book catalog's prerequisites (7 MB) through a pipe kept this process waiting
    14 ms for the copies, in 64 KB turns between the two processes; the file is read at once."""
    if not forking.forkable():
        return None
    try:
        answer_fd = os.memfd_create("curriculum-answer", os.MFD_CLOEXEC)
    except (AttributeError, OSError):
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(answer_fd)
        return None
    if pid == 0:  # the child: its answer, then gone at once (nothing of the parent's flushed or run)
        code = 1  # no answer, or not all of it
        try:
            forking.in_child()
            result = work()
            with os.fdopen(answer_fd, "wb") as file:
                file.write(b"+")
                file.write(result)
            code = 0
        finally:
            os._exit(code)

    def answer() -> bytes | None:
        try:
            _, status = os.waitpid(pid, 0)
            if status:  # it raised, or was killed: what it wrote may be cut short
                return None
            size = os.fstat(answer_fd).st_size
            said = os.pread(answer_fd, size, 0) if size else b""
        finally:
            os.close(answer_fd)
        return said[1:] if said.startswith(b"+") and len(said) == size else None

    return answer
