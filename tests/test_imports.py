"""What `curriculum --help` may load: it must start fast, so no heavy library and nothing of the
core is imported for it (a guard instead of comments in the code)."""

from __future__ import annotations

import ast
import subprocess
import sys

HEAVY = ("networkx", "pydantic", "jinja2", "weasyprint", "yaml", "icalendar", "pathlib", "json")
"""Libraries whose import costs tens of milliseconds (pathlib and json: a few each)."""

PROBE = """
import sys
before = set(sys.modules)
sys.argv = ["curriculum", "--help"]
import curriculum.cli
try:
    curriculum.cli.main()
except SystemExit:
    pass
print(repr(sorted(set(sys.modules) - before)), file=sys.stderr)
"""


def loaded_by_help() -> list[str]:
    ran = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert "Usage: curriculum" in ran.stdout
    return ast.literal_eval(ran.stderr.strip().splitlines()[-1])


def test_help_loads_no_heavy_library():
    loaded = loaded_by_help()
    heavy = [m for m in loaded if m.split(".")[0] in HEAVY]
    assert heavy == [], heavy


def test_help_loads_only_the_command_line_of_curriculum():
    ours = [m for m in loaded_by_help() if m.split(".")[0] == "curriculum"]
    allowed = ("curriculum", "curriculum.cli", "curriculum.errors", "curriculum.completion")
    allowed += ("curriculum.present", "curriculum.present.registry")  # the formats' table, for --format's help
    assert all(m in allowed or m.startswith(("curriculum.cli", "curriculum.cli_")) for m in ours), ours
