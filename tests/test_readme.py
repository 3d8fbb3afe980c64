"""The README's tour is real output, and its two commands are the ones CI and users run."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_tour():
    spec = importlib.util.spec_from_file_location("readme_tour", ROOT / "scripts" / "readme_tour.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_tour_matches_the_cli():
    tour = load_tour()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = tour.BLOCK.findall(text)
    assert len(blocks) >= 8
    for command, shown in blocks:
        assert shown == tour.run(command), f"README block for `{command}` is out of date: run scripts/readme_tour.py"


def test_readme_gives_the_two_commands_and_ci_uses_the_test_one():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/setup.sh && .venv/bin/curriculum plan --goal ml-system-design --hours 5" in text
    assert "\nbash scripts/test.sh\n" in text
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
