"""The one table of outputs: every renderer resolves and renders, and the command line, its
completion and docs/outputs.md all take their formats from it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete

from curriculum.cli import cli
from curriculum.errors import UsageError
from curriculum.present import registry
from curriculum.present.graph import graph_view
from curriculum.present.job import PlanJob
from curriculum.present.jsontext import json_chunks
from tests.conftest import plan_of

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def job(bundled):
    return PlanJob(plan_of(bundled, "swe-system-design"), mentee="Ada", command="curriculum plan")


def test_each_subject_names_each_format_and_suffix_once():
    for subject in ("plan", "graph"):
        found = registry.renderers(subject, chosen=False)
        assert len({r.name for r in found}) == len(found)
        assert len({r.suffix for r in found}) == len(found)
    assert [r.name for r in registry.renderers("plan", chosen=False) if r.suffix is None] == ["text"]
    assert set(registry.DEFAULT_FORMATS) <= set(registry.names("plan"))


def test_every_plan_renderer_renders_the_plan(job):
    for renderer in registry.renderers("plan", chosen=False):
        if renderer.name == "pdf":
            continue  # test_render_pdf.py reads the PDF back
        output = registry.render_plan(renderer.name, job)
        assert isinstance(output, str) and output, renderer.name
        assert "Designing Data-Intensive Applications" in output, renderer.name


def test_every_graph_renderer_renders_the_graph(bundled):
    view = graph_view(bundled)
    for name in registry.names("graph"):
        text = registry.render_graph(name, view)
        assert "ddia" in text or "Designing Data-Intensive Applications" in text, name


def test_an_unknown_format_names_the_choices():
    with pytest.raises(UsageError, match=f"unknown format 'png'; choose from {', '.join(registry.names('graph'))}$"):
        registry.find("graph", "png")


def test_help_lists_the_registry_formats(runner):
    plan = runner.invoke(cli, ["plan", "--help"], prog_name="curriculum").stdout
    assert f"a comma list of {', '.join(registry.names('plan'))}." in " ".join(plan.split())
    graph = runner.invoke(cli, ["graph", "--help"], prog_name="curriculum").stdout
    assert f"[{'|'.join(registry.names('graph'))}]" in graph
    assert registry.choices_text("graph") in " ".join(graph.split())


def complete(args: list[str], incomplete: str) -> list[str]:
    completer = ShellComplete(cli, {}, "curriculum", "_CURRICULUM_COMPLETE")
    return [item.value for item in completer.get_completions(args, incomplete)]


def test_completion_offers_the_registry_formats():
    assert complete(["plan", "--format"], "") == list(registry.names("plan"))
    assert complete(["plan", "--format"], "html,m") == ["html,md"]
    assert "html,html" not in complete(["plan", "--format"], "html,")
    assert complete(["graph", "--format"], "") == list(registry.names("graph"))


def test_the_docs_tables_are_the_registry():
    spec = importlib.util.spec_from_file_location("docs_tables", ROOT / "scripts" / "docs_tables.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (ROOT / "docs" / "outputs.md").read_text(encoding="utf-8")
    assert module.BLOCK.findall(text), "docs/outputs.md has no format table"
    assert module.refresh(text) == text, "docs/outputs.md's format tables are out of date: run scripts/docs_tables.py"
    for subject in ("plan", "graph"):
        assert registry.docs_table(subject) in text


def test_json_is_indented_for_a_person_and_compact_in_pieces_for_a_pipe():
    data = {"b": [1, 2], "a": (x for x in "xy")}
    assert "".join(json_chunks(data, indent=False)) == '{"b":[1,2],"a":["x","y"]}'
    assert json.loads("".join(json_chunks({"é": [1]}, indent=True))) == {"é": [1]}
    assert "".join(json_chunks({"é": [1]}, indent=True)) == '{\n  "é": [\n    1\n  ]\n}'
