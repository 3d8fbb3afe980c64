"""cli_lifetime.py: what a command makes to last is made with the collector held back, frozen,
and, in the command line's own process, left for the operating system to free at exit."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import atexit, gc, sys
from curriculum.cli_lifetime import ends_with_the_command, keep_until_exit, lasting

class Probe:
    def __init__(self, name): self.name = name
    def __del__(self): print("freed", self.name, flush=True)

if sys.argv[1] == "process":
    ends_with_the_command()
atexit.register(print, "exit handlers ran", flush=True)
with lasting():
    kept = keep_until_exit(Probe("kept"))
    assert not gc.isenabled()
assert gc.isenabled() and gc.get_freeze_count() > 0
kept = None
print("command done", flush=True)
"""


def run(mode: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_what_the_command_line_keeps_outlives_the_interpreter_and_exit_handlers_still_run():
    assert run("process") == ["command done", "exit handlers ran"]


def test_elsewhere_nothing_is_kept_and_python_frees_it_as_usual():
    assert run("library") == ["freed kept", "command done", "exit handlers ran"]


def test_lasting_gives_the_collector_back_as_it_found_it(monkeypatch):
    import gc

    from curriculum.cli_lifetime import lasting

    monkeypatch.setattr(gc, "freeze", lambda: None)  # the test process's objects stay in sight
    threshold = gc.get_threshold()
    try:
        gc.disable()
        with lasting():
            pass
        assert not gc.isenabled()
        gc.enable()
        with lasting():
            assert not gc.isenabled()
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.set_threshold(*threshold)


def test_plan_and_validate_print_all_they_say_when_the_process_keeps_their_objects(tmp_path):
    """The entry point itself (``python -m curriculum``), whose process ends with the command."""
    plan = subprocess.run(
        [sys.executable, "-m", "curriculum", "plan", "--goal", "ml-system-design", "--start", "2027-01-04", "--json"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert plan.returncode == 0, plan.stderr
    assert plan.stdout.rstrip().endswith("}") and '"weeks"' in plan.stdout
    checked = subprocess.run(
        [sys.executable, "-m", "curriculum", "validate"], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert (checked.returncode, checked.stdout.startswith("ok: ")) == (0, True), checked.stderr
    assert list(tmp_path.iterdir()) == []


def test_validate_hands_over_the_catalog_it_loaded_and_nothing_when_there_is_none(write_catalog):
    from curriculum.catalog import Catalog
    from curriculum.catalog.validation import validate_catalog

    given: list[object] = []
    assert validate_catalog(loaded=given.append).ok
    assert [type(c) for c in given] == [Catalog]
    broken = write_catalog("books: [\n")
    assert not validate_catalog(broken, loaded=given.append).ok
    assert len(given) == 1
