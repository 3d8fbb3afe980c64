"""Keep the README's CLI tour true: rerun every ```console block and rewrite its output.

    .venv/bin/python scripts/readme_tour.py          # rewrite README.md in place
    .venv/bin/python scripts/readme_tour.py --check  # exit 1 if any block is out of date

A block is a fenced ``console`` block whose first line is ``$ curriculum ...``; the command
runs in a fresh temporary folder (files it writes land there; ``examples/`` is linked in), and the block's remaining
lines are replaced by what it printed (stdout, then stderr).
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

from curriculum.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"```console\n\$ (curriculum [^\n]*)\n(.*?)```", re.DOTALL)


def run(command: str) -> str:
    """What `command` prints, as a user would see it in a terminal."""
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "examples").symlink_to(ROOT / "examples")
        os.chdir(folder)
        try:
            result = CliRunner().invoke(cli, shlex.split(command)[1:], prog_name="curriculum")
        finally:
            os.chdir(here)
    text = result.stdout + result.stderr
    return text if text.endswith("\n") else text + "\n"


def refresh(text: str) -> str:
    return BLOCK.sub(lambda m: f"```console\n$ {m.group(1)}\n{run(m.group(1))}```", text)


def main() -> int:
    text = README.read_text(encoding="utf-8")
    fresh = refresh(text)
    if "--check" in sys.argv[1:]:
        if fresh != text:
            print("README.md's CLI tour is out of date: run scripts/readme_tour.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
