"""WeasyPrint started in a child process while this one plans (issue 15).

Importing WeasyPrint takes about half of a plan PDF's time (0.6 s of 1.2 s for a bundled goal),
and nothing of it depends on the plan. So `plan`, when it is to write a PDF, forks a child
first (:func:`start`) that imports WeasyPrint while this process loads the catalog, plans and
writes the HTML page; the PDF's page is then sent to the child, which renders it with
:func:`.pdf.render_here` (the same function, so the same bytes) and sends the PDF back.

It is used only where it cannot change what is written: when the child gives no answer (none
could be forked, it died, or rendering raised) the page is rendered here, as before, with the
same result or the same error. A child that is not needed (the command failed before its PDF)
is killed. The child is forked under the rules of :func:`curriculum.forking.forkable`.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import signal
from collections.abc import Callable

from .. import forking

_current: Early | None = None
"""The child of this command, until its PDF is rendered or the command ends."""


class Early:
    """A forked child importing WeasyPrint and waiting for one page to render."""

    def __init__(self, pid: int, to_child: int, from_child: int) -> None:
        self.pid: int | None = pid
        self.to_child: int | None = to_child
        self.from_child: int | None = from_child

    def render(self, html: str) -> tuple[bytes, list[str]] | None:
        """The PDF of ``html`` and the URLs refused, from the child; None when it gives none.
        Reaps the child either way: it renders one page."""
        if self.pid is None or self.to_child is None or self.from_child is None:
            return None
        to_child, self.to_child = self.to_child, None
        try:
            with os.fdopen(to_child, "wb") as pipe:
                pipe.write(html.encode("utf-8", "surrogatepass"))
        except OSError:  # the child is gone (a broken pipe): rendered here
            self.close()
            return None
        from_child, self.from_child = self.from_child, None
        try:
            with os.fdopen(from_child, "rb") as pipe:
                said = pipe.read()
        finally:
            self._reap()
        if not said.startswith(b"+"):
            return None
        try:
            pdf, refused = marshal.loads(memoryview(said)[1:])  # noqa: S302 - written by our own child
        except (EOFError, ValueError, TypeError):
            return None
        return pdf, refused

    def close(self) -> None:
        """Kill the child if it still runs and reap it (a command that needs no PDF after all)."""
        for fd in (self.to_child, self.from_child):
            if fd is not None:
                os.close(fd)
        self.to_child = self.from_child = None
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()

    def _reap(self) -> None:
        if self.pid is not None:
            pid, self.pid = self.pid, None
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def start() -> Callable[[], None]:
    """Fork the child (when :func:`curriculum.forking.forkable`); returns what ends it, to be called once
    when the command ends, whatever happens (a no-op when no child was forked)."""
    global _current
    if _current is not None or not forking.forkable():
        return _nothing
    try:
        to_child_read, to_child = os.pipe()
    except OSError:
        return _nothing
    try:
        from_child, from_child_write = os.pipe()
    except OSError:
        os.close(to_child_read)
        os.close(to_child)
        return _nothing
    try:
        pid = os.fork()
    except OSError:
        for fd in (to_child_read, to_child, from_child, from_child_write):
            os.close(fd)
        return _nothing
    if pid == 0:  # the child: one page rendered, then gone at once (nothing of the parent's flushed or run)
        try:
            forking.in_child()
            os.close(to_child)
            os.close(from_child)
            _serve(to_child_read, from_child_write)
        finally:
            os._exit(0)
    os.close(to_child_read)
    os.close(from_child_write)
    early = _current = Early(pid, to_child, from_child)

    def end() -> None:
        global _current
        early.close()
        if _current is early:
            _current = None

    return end


def current() -> Early | None:
    """The child forked for this command's PDF, if any and not used yet."""
    return _current


def _nothing() -> None:
    return None


def _serve(page: int, answer: int) -> None:
    """In the child: import WeasyPrint, wait for the page, write back ``+`` and the marshal
    bytes of what :func:`.pdf.render_here` gives (nothing when there is no page or it raised)."""
    import weasyprint  # noqa: F401 - the point of the child: imported while the parent plans

    from .pdf import render_here

    with os.fdopen(page, "rb") as pipe:
        html = pipe.read()
    if not html:
        return
    got = render_here(html.decode("utf-8", "surrogatepass"))
    with os.fdopen(answer, "wb") as pipe:
        pipe.write(b"+" + marshal.dumps(got, 4))
