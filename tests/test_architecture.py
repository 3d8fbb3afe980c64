"""The house rules of docs/architecture.md, read from the code itself: which floor may import
what, where the garbage collector is touched, how long a module may grow, and that the page
names every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "curriculum"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)

CLI = {
    "cli.py", "cli_catalog.py", "cli_progress.py", "cli_cohort.py", "cli_common.py", "cli_lifetime.py", "completion.py",
    "__main__.py",
}  # fmt: skip
CORE = {
    "request.py", "planner.py", "graph.py", "order.py", "schedule.py", "deadline.py", "explain.py",
    "progress.py", "convert.py", "errors.py", "resources.py", "digraph.py", "continuation.py", "diff.py",
    "studydays.py", "cohort.py", "cohort_status.py", "work.py", "forking.py",
}  # fmt: skip


def floor(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    if relative.parts[0] in ("catalog", "present"):
        return relative.parts[0]
    if relative.name in CLI:
        return "cli"
    if relative.name in CORE or relative.name == "__init__.py":
        return "core"
    raise AssertionError(f"{relative} is on no floor of docs/architecture.md")


def imported(path: Path) -> set[str]:
    """Every module this file imports (absolute names; relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("curriculum", *path.relative_to(PACKAGE).parts[:-1]))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            out.add(name)
            out |= {f"{name}.{alias.name}" for alias in node.names}
    return out


FORBIDDEN = {
    "catalog": ("click", "jinja2", "weasyprint", "curriculum.present", "curriculum.cli", "curriculum.planner",
                "curriculum.graph", "curriculum.order", "curriculum.schedule", "curriculum.request"),
    "core": ("click", "jinja2", "weasyprint", "curriculum.present", "curriculum.cli"),
    "present": ("click", "curriculum.cli"),
}  # fmt: skip


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_floor_imports_only_from_below(path):
    bad = FORBIDDEN.get(floor(path), ())
    wrong = sorted(m for m in imported(path) if m.startswith(bad))
    assert wrong == [], f"{path.name} imports {wrong}"


def test_only_the_command_line_touches_the_garbage_collector():
    users = [p.relative_to(PACKAGE).as_posix() for p in MODULES if "gc" in {m.split(".")[0] for m in imported(p)}]
    assert users == ["cli_lifetime.py"]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_is_short_and_says_what_it_owns(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 410, f"{path.name} has {len(text.splitlines())} lines"
    if path.name not in ("__main__.py",):
        assert ast.get_docstring(ast.parse(text)), f"{path.name} has no docstring saying what it owns"


def test_the_architecture_page_names_every_module():
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [
        p.relative_to(PACKAGE).as_posix()
        for p in MODULES
        if p.name not in ("__init__.py", "__main__.py") and f"`{p.name}`" not in page and f"{p.name}," not in page
    ]
    assert missing == []
    assert "docs/architecture.md" in (ROOT / "README.md").read_text(encoding="utf-8")
