"""A child's answer (catalog/beside.py, issue 15): handed over whole however large, through a
file in memory rather than a pipe; none when the child raises, is killed or writes nothing; and
the file closed, the child reaped, whatever the answer."""

from __future__ import annotations

import contextlib
import os
import signal
import sys

import pytest

from curriculum.catalog import beside

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a child is forked on Linux only"),
    pytest.mark.usefixtures("forked"),  # every child each test forks is reaped by its end
]


def _open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize("size", [0, 1, 65_536 * 3 + 7, 9_000_000])
def test_the_childs_answer_comes_whole(size: int) -> None:
    """Larger than a pipe holds (64 KB) and than its largest buffer (1 MB): all of it, in order."""
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    before = _open_fds()
    answer = beside.start(lambda: data)
    assert answer is not None
    assert answer() == data
    assert _open_fds() == before


def test_a_child_that_raises_gives_no_answer() -> None:
    def fails() -> bytes:
        raise ValueError("in the child")

    answer = beside.start(fails)
    assert answer is not None and answer() is None


def test_a_killed_child_gives_no_answer_even_with_some_written() -> None:
    """A child killed after writing part of its answer: what it wrote is not taken for all of it."""

    wrote: list[str] = []

    def killed() -> bytes:
        for fd in os.listdir("/proc/self/fd"):  # the answer's file: a start of an answer in it
            with contextlib.suppress(OSError):  # the listing's own, closed by now
                if "curriculum-answer" in os.readlink(f"/proc/self/fd/{fd}"):
                    os.write(int(fd), b"+the start of an answ")
                    wrote.append(fd)
        if not wrote:  # an answer, which fails the test
            return b"the answer's file was not found"
        os.kill(os.getpid(), signal.SIGKILL)
        return b"never"

    answer = beside.start(killed)
    assert answer is not None and answer() is None


def test_a_child_that_ends_before_answering_gives_no_answer() -> None:
    def ends() -> bytes:
        os._exit(3)

    answer = beside.start(ends)
    assert answer is not None and answer() is None
