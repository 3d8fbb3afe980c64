"""Where `curriculum plan --json` spends its time: wall time per phase, in one process.

Wraps the main functions of the core (those that exist) with timers, runs the CLI once and
prints each phase's wall time, its share, the number of garbage collections and the time
they took. No profiler overhead, so the figures add up to the end-to-end time.

Usage::

    .venv/bin/python benchmarks/phases.py benchmarks/_work/catalog-10000 [--no-gc]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gc
import importlib
import io
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PHASES = [
    ("curriculum.catalog.read", "read_files"),
    ("curriculum.catalog.yamlcache", "read_yaml"),
    ("curriculum.catalog.read", "consume"),
    ("curriculum.catalog.checks", "check_books"),
    ("curriculum.catalog.checks", "check_edges"),
    ("curriculum.catalog.checks", "check_goals"),
    ("curriculum.catalog.load", "load_catalog"),
    ("curriculum.graph", "select"),
    ("curriculum.order", "reading_order"),
    ("curriculum.schedule", "schedule"),
    ("curriculum.planner", "schedule"),
    ("curriculum.planner", "_summarise"),
    ("curriculum.planner", "make_plan"),
    ("curriculum.present.json", "plan_to_dict"),
    ("curriculum.cli_common", "print_json"),
]

totals: dict[str, float] = {}
ended: dict[str, float] = {}
"""When each phase last ended (``time.perf_counter``)."""
peaks: dict[str, tuple[float, float]] = {}
"""Per phase: the process's RSS when the phase ended and its peak RSS so far, in MB."""
gc_time = [0.0, 0]
_gc_start = [0.0]


def _on_gc(phase: str, info: dict[str, Any]) -> None:
    if phase == "start":
        _gc_start[0] = time.perf_counter()
    else:
        gc_time[0] += time.perf_counter() - _gc_start[0]
        gc_time[1] += 1


def _memory() -> tuple[float, float]:
    """Current and peak resident memory of this process in MB (Linux; zeros elsewhere)."""
    found = {"VmRSS:": 0.0, "VmHWM:": 0.0}
    with contextlib.suppress(OSError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            fields = line.split()
            if fields and fields[0] in found:
                found[fields[0]] = int(fields[1]) * 1024 / 1e6
    return found["VmRSS:"], found["VmHWM:"]


def _timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            ended[name] = time.perf_counter()
            totals[name] = totals.get(name, 0.0) + ended[name] - start
            peaks[name] = _memory()

    return wrapper


def _patch() -> None:
    """Replace each phase function, in its module and wherever it was imported by name."""
    wrapped: dict[int, Callable[..., Any]] = {}
    for module_name, attr in PHASES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        func = getattr(module, attr, None)
        if func is None or not callable(func):
            continue
        label = f"{module_name.removeprefix('curriculum.')}.{attr}"
        wrapped.setdefault(id(func), _timed(label, func))
        setattr(module, attr, wrapped[id(func)])
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("curriculum"):
            continue
        for attr, value in list(vars(module).items()):
            if id(value) in wrapped and not attr.startswith("__"):
                setattr(module, attr, wrapped[id(value)])


def _freeze_after_load() -> None:
    """Move everything alive after loading the catalog out of the collector's sight."""
    import curriculum.catalog

    load = curriculum.catalog.load_catalog

    @functools.wraps(load)
    def frozen(*args: Any, **kwargs: Any) -> Any:
        catalog = load(*args, **kwargs)
        gc.freeze()
        return catalog

    curriculum.catalog.load_catalog = frozen


def _usage() -> tuple[resource.struct_rusage, resource.struct_rusage]:
    return resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)


def _bound(imported: float, end: float, usage: tuple[resource.struct_rusage, resource.struct_rusage]) -> None:
    """Processor time up to the command's ``end``, and the least wall time it allows on two
    processors: the imports, and everything after the catalog's files are read (the children
    reading them have ended by then), run in this process alone; the rest could at best be
    shared equally by two."""
    own, children = usage
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    alone = imported + end - ended.get("catalog.read.read_files", end)
    print(
        f"processor time: {cpu:.2f} s, {children.ru_utime + children.ru_stime:.2f} s of it in children;"
        f" one process only (imports, and all after the files are read): {alone:.2f} s wall;"
        f" least wall time on two processors: {alone + max(0.0, cpu - alone) / 2:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("catalog", type=Path)
    parser.add_argument("--goal", default="reach-most")
    parser.add_argument("--hours", default="80")
    parser.add_argument("--no-gc", action="store_true", help="run with the garbage collector disabled")
    parser.add_argument(
        "--freeze", action="store_true", help="gc.freeze() once the catalog is loaded (a change proposed for the CLI)"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    for name in ("planner", "schedule", "present.json", "catalog", "graph", "order", "cli_common", "cli"):
        with contextlib.suppress(ImportError):
            importlib.import_module(f"curriculum.{name}")
    imported = time.perf_counter() - start
    _patch()
    if args.freeze:
        _freeze_after_load()
    from curriculum.cli import cli

    if args.no_gc:
        gc.disable()
    gc.callbacks.append(_on_gc)
    argv = ["plan", "--goal", args.goal, "--hours", args.hours, "--start", "2030-01-07"]
    argv += ["--catalog", str(args.catalog), "--json"]
    sink = io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(sink):
        try:
            cli.main(argv, prog_name="curriculum", standalone_mode=False)
        except SystemExit as exc:
            if exc.code:
                raise
    end = time.perf_counter()
    total = end - start
    usage = _usage()
    gc.callbacks.remove(_on_gc)
    json.loads(sink.getvalue())  # the output is a whole plan
    print(f"imports {imported:.2f} s; plan command {total:.2f} s; output {len(sink.getvalue()) / 1e6:.1f} MB")
    print(f"garbage collections: {gc_time[1]} taking {gc_time[0]:.2f} s ({gc_time[0] / total:.0%})")
    _bound(imported, end, usage)
    rss, peak = _memory()
    print(f"memory at the end: {rss:,.0f} MB resident, peak {peak:,.0f} MB")
    print("phases (nested phases are included in their callers), memory when each ended:")
    for name, seconds in totals.items():
        now, high = peaks[name]
        print(f"  {name:28} {seconds:8.2f} s {seconds / total:6.0%}   {now:7,.0f} MB, peak {high:7,.0f} MB")


if __name__ == "__main__":
    main()
