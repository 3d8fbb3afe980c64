"""The phases of loading a catalog, in processor time, in one process (issue 15).

Loads the catalog RUNS times (the cache of parsed files off, the cyclic collector off as the
CLI has it while loading) and prints, for the fastest run of each, the whole load and its
phases: reading each file (``read_yaml`` or ``parse_json``, of which ``risky`` is the YAML
guard), decoding the lists into records (``consume``), and checking books and edges. The time
is the thread's processor time, not the wall clock: on a shared machine it moves far less
while other work runs, so two checkouts can be compared one after the other. No profiler: the
phases add up to the load. A large file's work done by a child process (catalog/beside.py: half
of a list parsed, the YAML guard, prerequisites and goals read) is not in these figures, only
what this process waits for it; the load's wall time is printed too (fastest run).

Usage::

    .venv/bin/python benchmarks/loadphases.py benchmarks/_work/catalog-10000 [--repo DIR] [--runs N]

``--repo`` times the ``curriculum`` package of another checkout (a ``git worktree`` of an older
commit) with this environment.
"""

from __future__ import annotations

import argparse
import functools
import gc
import importlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PHASES = [
    ("curriculum.catalog.yamlcache", "read_yaml"),
    ("curriculum.catalog.jsonfile", "parse_json"),
    ("curriculum.catalog.fastyaml", "risky"),
    ("curriculum.catalog.read", "consume"),
    ("curriculum.catalog.checks", "check_books"),
    ("curriculum.catalog.checks", "check_edges"),
]
USERS = ("curriculum.catalog.load", "curriculum.catalog.read", "curriculum.catalog.yamlio")
"""The modules that call the phases by a name of their own."""


def _timed(name: str, func: Callable[..., Any], spent: dict[str, float]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.thread_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.thread_time() - start

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("catalog", type=Path)
    parser.add_argument("--repo", type=Path, default=None, help="the checkout whose curriculum package to time")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ["CURRICULUM_NO_CACHE"] = "1"
    if args.repo is not None:
        sys.path.insert(0, str(args.repo.resolve()))
    load = importlib.import_module("curriculum.catalog.load")
    spent: dict[str, float] = {}
    for module_name, name in PHASES:
        module = importlib.import_module(module_name)
        wrapped = _timed(name, getattr(module, name), spent)
        for user in (module, *(importlib.import_module(u) for u in USERS)):
            if hasattr(user, name):
                setattr(user, name, wrapped)
    runs: list[tuple[float, dict[str, float], float]] = []
    for _ in range(args.runs):
        spent.clear()
        gc.disable()
        start, wall = time.thread_time(), time.perf_counter()
        load.load_catalog(args.catalog)
        runs.append((time.thread_time() - start, dict(spent), time.perf_counter() - wall))
        gc.enable()
        gc.collect()
    phases = {name: min(run[1].get(name, 0.0) for run in runs) for _, name in PHASES}
    shown = " ".join(f"{name} {seconds * 1000:.0f}" for name, seconds in phases.items() if seconds)
    origin = Path(load.__file__).resolve().parents[2]
    cpu, wall = min(run[0] for run in runs) * 1000, min(run[2] for run in runs) * 1000
    print(f"{origin}: load {cpu:.0f} ms ({shown}; ms of processor time, fastest runs), wall {wall:.0f} ms")


if __name__ == "__main__":
    main()
