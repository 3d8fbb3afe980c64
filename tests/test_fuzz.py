"""Fuzzing: random catalogs (valid and broken) and random command lines.

The loader and the planner raise nothing but the project's own errors; through the CLI every
run ends with a documented exit code (never 1) and no traceback; every valid catalog gives a
plan that keeps the core invariants (tests/test_properties.py's check_invariants).
"""

from __future__ import annotations

import contextlib
import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from unittest import mock

import networkx as nx
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curriculum.catalog import Catalog, load_catalog
from curriculum.catalog.yamlio import LineFinder, YamlDoc
from curriculum.cli import cli
from curriculum.errors import CatalogError, CurriculumError
from curriculum.planner import PlanRequest, make_plan
from curriculum.present.registry import names
from tests.conftest import SMALL_BOOKS, SMALL_GOALS, SMALL_PREREQS, START
from tests.test_properties import catalogs, check_invariants

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILES = ("books.yaml", "prereqs.yaml", "goals.yaml")


def load_files(files: dict[str, str | bytes | None]) -> Catalog:
    """Write the files that are not None into a fresh folder and load it."""
    with tempfile.TemporaryDirectory() as folder:
        for name, content in files.items():
            if isinstance(content, bytes):
                Path(folder, name).write_bytes(content)
            elif content is not None:
                Path(folder, name).write_text(content, encoding="utf-8")
        return load_catalog(Path(folder))


def load_data(data: dict[str, Any]) -> Catalog:
    return load_files({f"{key}.yaml": yaml.safe_dump({key: data[key]}, allow_unicode=True) for key in data})


# --- random YAML text -------------------------------------------------------------------------

TOKENS = [
    "books:", "prereqs:", "goals:", "paces:", "\n", "\n  ", "\n    ", "  - ", "- ", "id: ", "title: ", "authors: ",
    "hours: ", "pages: ", "chapters: ", "number: ", "before: ", "after: ", "reason: ", "targets: ", "book: ",
    "kind: ", "strength: ", "a", "b", "ddia", "1", "0", "-1", "1e308", ".nan", ".inf", "~", "null", "true", "'",
    '"', "{", "}", "[", "]", ", ", ": ", "&x ", "*x", "!!python/object/apply:os.system ['true']", "!include x",
    "!!binary aGk=", "!!set {a}", "!!timestamp 2001-12-14", "---", "...", "\t", "# c", "\x00", "\x07", "é",
    "e\u0301", "\u202e", "\U0001f600", "\ufeff", "<script>", "javascript:", "? ", "<<: ", "%YAML 1.2\n",
]  # fmt: skip
yaml_text = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
file_content = st.one_of(st.none(), yaml_text, st.text(max_size=200), st.binary(max_size=100))


@settings(FUZZ, max_examples=150)
@given(books=yaml_text, prereqs=file_content, goals=file_content)
def test_random_yaml_text_gives_a_catalog_or_a_catalog_error(books, prereqs, goals):
    try:
        load_files({"books.yaml": books, "prereqs.yaml": prereqs, "goals.yaml": goals})
    except CatalogError as exc:
        assert exc.problems
        assert all(p.file.endswith(FILES) for p in exc.problems)


# --- random structures: valid catalogs with random damage ---------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(), st.text(max_size=30),
    st.sampled_from(["b0", "b1", "goal0", "1", "", "B0", "caf\u00e9", "x" * 101]),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def damaged(draw: st.DrawFn) -> dict[str, Any]:
    """A valid catalog's data with a few random values replaced, keys removed or keys added."""
    data = draw(catalogs())
    for _ in range(draw(st.integers(1, 4))):
        path: list[Any] = [draw(st.sampled_from(sorted(data)))]
        node: Any = data[path[0]]
        while isinstance(node, list | dict) and node and draw(st.booleans()):
            key = draw(st.sampled_from(range(len(node)) if isinstance(node, list) else sorted(node)))
            parent, node = node, node[key]
            path.append(key)
        if len(path) < 2:
            data[path[0]] = draw(values)
            continue
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(values)
        elif action == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["id", "hours", "extra", "chapters", "targets", "before"]))] = draw(values)
        else:
            parent.append(draw(values))
    return data


@FUZZ
@given(data=damaged(), hours=st.floats(0.5, 20), whole=st.booleans(), optional=st.booleans())
def test_damaged_catalogs_load_or_fail_with_catalog_errors_and_plan_cleanly(data, hours, whole, optional):
    try:
        catalog = load_data(data)
    except CatalogError as exc:
        assert exc.problems
        return
    for goal in [*catalog.goals, *list(catalog.books)[:2]]:
        request = PlanRequest(goals=(goal,), hours_per_week=hours, start=START, whole_books=whole, optional=optional)
        with contextlib.suppress(CurriculumError):  # anything else fails the test
            make_plan(catalog, request)


# --- random graphs ---------------------------------------------------------------------------------


@st.composite
def random_graphs(draw: st.DrawFn) -> dict[str, Any]:
    """Catalog data with extra edges between random books, in either direction (maybe cycles)."""
    data = draw(catalogs())
    ids = [book["id"] for book in data["books"]]
    for _ in range(draw(st.integers(0, 4))):
        before, after = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
        edge: dict[str, Any] = {"before": before, "after": after, "reason": "random"}
        if draw(st.booleans()):
            edge["strength"] = "optional"
        data["prereqs"].append(edge)
    return data


def sound(data: dict[str, Any]) -> bool:
    """No self-loop, no edge twice, no cycle: what the loader accepts."""
    pairs = [(e["before"], e["after"]) for e in data["prereqs"]]
    graph = nx.DiGraph(pairs)
    return len(set(pairs)) == len(pairs) and all(a != b for a, b in pairs) and nx.is_directed_acyclic_graph(graph)


@FUZZ
@given(data=random_graphs(), hours=st.sampled_from([0.5, 1.0, 2.5, 7.25, 40.0]), optional=st.booleans())
def test_random_graphs_are_planned_when_sound_and_refused_otherwise(data, hours, optional):
    try:
        catalog = load_data(data)
    except CatalogError as exc:
        assert not sound(data), exc
        return
    assert sound(data)
    goals = tuple(g["id"] for g in data["goals"])
    plan = make_plan(catalog, PlanRequest(goals=goals, hours_per_week=hours, start=START, optional=optional))
    check_invariants(plan, data, optional=optional, whole=False)


# --- random command lines ------------------------------------------------------------------------

junk = st.text(max_size=12)
ids = st.sampled_from(["ddia", "dmls", "ml-system-design", "alpha", "beta", "gamma", "finish", "nope", ""])
dates = st.one_of(st.dates().map(date.isoformat), st.sampled_from(["2027-01-04", "2027-02-30", "soon"]), junk)
numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(str), st.integers(-5, 100).map(str), junk)
OPTIONS: dict[str, list[tuple[str, st.SearchStrategy[str] | None]]] = {
    "plan": [
        ("--goal", ids), ("--goal", ids), ("--hours", numbers), ("--start", dates), ("--by", dates),
        ("--done", st.one_of(ids, ids.map(lambda b: b + ":1-2"), junk)),
        ("--skip", st.tuples(dates, dates).map("..".join)), ("--pace", numbers),
        ("--parallel", st.one_of(st.integers(-1, 12).map(str), junk)), ("--whole-books", None), ("--optional", None),
        ("--format", st.sampled_from(["md", "json,ics", "html,md", "", "pdfx", "MD"])), ("--for", junk),
        ("--paper", st.sampled_from(["a4", "letter", "a3"])), ("--json", None), ("--extend", None),
    ],
    "goals": [("--whole-books", None), ("--optional", None), ("--json", None), ("--extend", None)],
    "books": [("--json", None), ("--extend", None)],
    "validate": [("--json", None), ("--extend", None)],
    "show": [("", ids), ("--json", None), ("--extend", None)],
    "why": [("", ids), ("--goal", ids), ("--limit", numbers), ("--optional", None), ("--json", None)],
    "graph": [("--goal", ids), ("--format", st.sampled_from([*names("graph"), "png"])),
              ("--optional", None), ("--whole-books", None)],
    "schema": [("--file", st.sampled_from(["books", "prereqs", "goals", "nope"]))],
}  # fmt: skip


@st.composite
def command_lines(draw: st.DrawFn) -> tuple[list[str], bool]:
    """A command, some of its options with random values, and whether to use the small catalog."""
    command = draw(st.sampled_from(sorted(OPTIONS)))
    args = [command]
    for option, value in draw(st.lists(st.sampled_from(OPTIONS[command]), max_size=6)):
        args += [option] if value is None else [option, draw(value)] if option else [draw(value)]
    return [a for a in args if a != ""] if command != "plan" else args, draw(st.booleans())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=command_lines())
def test_random_command_lines_end_with_a_documented_exit_code(command):
    args, small = command
    runner = CliRunner()
    fast_pdf = mock.patch("curriculum.present.pdf.render_pdf", return_value=(b"%PDF-1.7 (not rendered)", []))
    with tempfile.TemporaryDirectory() as work, contextlib.chdir(work), fast_pdf:
        if small:
            for name, text in zip(FILES, (SMALL_BOOKS, SMALL_PREREQS, SMALL_GOALS), strict=True):
                Path(work, "catalog").mkdir(exist_ok=True)
                Path(work, "catalog", name).write_text(text, encoding="utf-8")
            args = [*args, "--catalog", "catalog"] if args[0] != "schema" else args
        result = runner.invoke(cli, args, prog_name="curriculum")
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, repr(result.exception))
    assert result.exit_code in {0, 2, 3, 4, 5}, (args, result.output)
    assert "Traceback" not in result.output
    if result.exit_code != 0 and not (args[0] == "validate" and "--json" in args):
        assert result.stdout == "", (args, result.stdout)


# --- line numbers ----------------------------------------------------------------------------------


def line_by_node_tree(root: yaml.Node, path: tuple[str | int, ...]) -> int | None:
    """The line of ``path`` found by walking PyYAML's node tree: what LineFinder must agree with."""
    node = root
    line = node.start_mark.line + 1
    for step in path:
        if isinstance(node, yaml.MappingNode) and isinstance(step, str):
            found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == step), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            break
    return line


def all_paths(value: Any, prefix: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    return [prefix] + [p for key, item in items for p in all_paths(item, (*prefix, key))]


@FUZZ
@given(
    data=damaged(),
    flow=st.sampled_from([False, None]),
    extra=st.lists(st.tuples(st.text(max_size=3), st.integers(0, 3))),
)
def test_line_numbers_match_the_node_tree(data, flow, extra):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    paths = [p for p in all_paths(data) if all(isinstance(k, str | int) for k in p)]
    paths += [(*paths[-1], *pair) for pair in extra]  # steps that do not exist
    finder = LineFinder(YamlDoc("x.yaml", text, data))
    root = yaml.compose(text, Loader=yaml.CSafeLoader)
    assert finder.lines(paths) == [line_by_node_tree(root, p) for p in paths]
