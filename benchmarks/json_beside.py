"""Whether a second process can write part of a large plan's JSON (issue 15, tenth round).

After the files are read, a first run of ``plan --json`` is one process's work: the checks,
``make_plan`` and the JSON, while the other processor waits. This measures the two ways we
tried of giving part of the JSON to a child process, against the same JSON written by one
process, alternately, on the same loaded catalog and plan (the collector off, as the command
line has it):

- ``after``: a child forked once the plan is made writes the books and the weeks from
  ``--split`` of them on, into a file in memory; this process writes the header and the
  weeks before that, then takes the child's text.
- ``before``: a child forked before the catalog is loaded (while the heap is small) waits until
  this process sends it the plan's weeks and the books' chapter numbers as MessagePack
  (through a file in memory), and writes the weeks; this process writes the header and the
  books.

Each run checks that the pieces put together are the text one process writes. It prints the
medians of the wall time of the JSON both ways, the child's own time, and the child's page
faults (each page that either process writes after a fork is copied first).

Usage::

    .venv/bin/python benchmarks/json_beside.py benchmarks/_work/catalog-10000 [--mode after|before] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import msgspec

from curriculum.catalog import beside, load_catalog
from curriculum.cli_lifetime import lasting
from curriculum.planner import make_plan
from curriculum.present.json import _books, _Numbered, _weeks, plan_to_dict
from curriculum.present.jsontext import PlanItems, _encode_batch, compact_chunks
from curriculum.request import PlanRequest
from curriculum.schedule import Week

REQUEST = PlanRequest(goals=("reach-most",), hours_per_week=80.0, start=date(2030, 1, 7))
_SENT = tuple[tuple[Week, ...], dict[str, tuple[tuple[str | None, ...], list[str]]]]
"""What the child forked before the load is sent: the plan's weeks, each book's chapter numbers."""
BOOKS_END = '],"books":[]}'


def _text(items: Any) -> str:
    """Structs of the plan's weeks or books, as :func:`compact_chunks` writes them in a list."""
    return ",".join(_encode_batch(batch) for batch in PlanItems(items).batches(1000))


def _head(plan: Any) -> str:
    """The plan's JSON up to its weeks' opening bracket."""
    data = plan_to_dict(plan, lazy=True)
    data["weeks"], data["books"] = PlanItems([]), PlanItems([])
    text = "".join(compact_chunks(data))
    return text[: -len(BOOKS_END)]


def _joined(*parts: str) -> str:
    return ",".join(part for part in parts if part)


def _timed(work: Callable[[], str]) -> bytes:
    """``work()`` as a child's answer: its time and page faults on a first line, then its text."""
    start = time.perf_counter()
    text = work().encode()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    return f"{time.perf_counter() - start} {faults}\n".encode() + text


def _answer(answer: Callable[[], bytes | None] | None) -> tuple[str, float, int]:
    """What a child of :func:`beside.start` said: its text, time and page faults."""
    said = answer() if answer is not None else None
    assert said is not None, "no child, or it failed"
    line, _, text = said.partition(b"\n")
    spent, faults = line.split()
    return text.decode(), float(spent), int(faults)


def _after(plan: Any, split: float) -> tuple[str, float, int]:
    weeks = plan.weeks
    at = int(len(weeks) * split)

    def theirs() -> str:
        numbered = _Numbered(plan.catalog.books)
        later = msgspec.structs.replace(plan, weeks=weeks[at:])
        return _text(_weeks(later, numbered, encoded=True)) + "\x00" + _text(_books(plan, numbered))

    answer = beside.start(lambda: _timed(theirs))
    earlier = msgspec.structs.replace(plan, weeks=weeks[:at])
    head, mine = _head(plan), _text(_weeks(earlier, _Numbered(plan.catalog.books), encoded=True))
    text, spent, faults = _answer(answer)
    later_weeks, books = text.split("\x00")
    return head + _joined(mine, later_weeks) + '],"books":[' + books + "]}", spent, faults


class _Waiting:
    """A child forked now (:func:`beside.start`) that writes the weeks' JSON of the plan sent
    to it later: the weeks and the books' chapter numbers as MessagePack, through a file in
    memory, its size through a pipe once it is written."""

    def __init__(self) -> None:
        self.job = os.memfd_create("job")
        self.ready, self.go = os.pipe()
        self.answer = beside.start(self._theirs)

    def _theirs(self) -> bytes:
        size = int(os.read(self.ready, 32) or b"0")  # waits here: not timed
        sent = os.pread(self.job, size, 0)

        def weeks() -> str:
            weeks, numbers = msgspec.msgpack.decode(sent, type=_SENT)
            numbered = _Numbered({})
            numbered.update(numbers)
            plan = SimpleNamespace(weeks=weeks, request=SimpleNamespace(days=()))
            return _text(_weeks(plan, numbered, encoded=True))  # type: ignore[arg-type]

        return _timed(weeks)

    def send(self, data: bytes) -> None:
        os.pwrite(self.job, data, 0)
        os.write(self.go, str(len(data)).encode())

    def result(self) -> tuple[str, float, int]:
        try:
            return _answer(self.answer)
        finally:
            for fd in (self.job, self.ready, self.go):
                os.close(fd)


def _before(plan: Any, child: _Waiting) -> tuple[str, float, int]:
    numbered = _Numbered(plan.catalog.books)
    for week in plan.weeks:
        for piece in week.pieces:
            numbered[piece.book]  # made here, for the child
    child.send(msgspec.msgpack.encode((plan.weeks, dict(numbered))))
    head, books = _head(plan), _text(_books(plan, numbered))
    weeks, spent, faults = child.result()
    return head + weeks + '],"books":[' + books + "]}", spent, faults


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("catalog", type=Path)
    parser.add_argument("--mode", choices=("after", "before"), default="after")
    parser.add_argument("--split", type=float, default=0.5, help="after: the share of the weeks written here")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ["CURRICULUM_NO_CACHE"] = "1"
    alone, beside, child_times, faults = [], [], [], []
    for run in range(args.runs):
        child = _Waiting() if args.mode == "before" else None  # forked before the load
        with lasting():
            plan = make_plan(load_catalog(args.catalog), REQUEST)
            for turn in (0, 1) if run % 2 else (1, 0):  # in turn, which goes first
                start = time.perf_counter()
                if turn:
                    text, spent, count = _before(plan, child) if child is not None else _after(plan, args.split)
                    beside.append(time.perf_counter() - start)
                else:
                    whole = "".join(compact_chunks(plan_to_dict(plan, lazy=True)))
                    alone.append(time.perf_counter() - start)
        assert text == whole, "the pieces put together are not the plan's JSON"
        child_times.append(spent)
        faults.append(count)
    median = statistics.median
    print(f"JSON in one process:  {median(alone):.3f} s ({min(alone):.3f}-{max(alone):.3f})")
    print(f"JSON with a child ({args.mode}): {median(beside):.3f} s ({min(beside):.3f}-{max(beside):.3f})")
    print(f"the child's own time: {median(child_times):.3f} s, {median(faults):,.0f} page faults ({args.runs} runs)")


if __name__ == "__main__":
    main()
