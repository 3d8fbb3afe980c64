"""The prerequisite graph's layout (present/layout.py) without networkx: its layers, its
drawing kept as it was, and a plan's PDF path that imports neither networkx nor pydantic."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.present.layout import generations, layout_graph

SIZE = {"box_w": 190, "box_h": 72, "gap_x": 22, "gap_y": 46, "pad": 12}


@st.composite
def dags(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, str]]]:
    """Nodes in a drawn order, edges only from earlier to later in a second drawn order
    (so acyclic), some repeated, in a drawn order."""
    count = draw(st.integers(0, 12))
    nodes = draw(st.permutations([f"b{i}" for i in range(count)]))
    ranked = draw(st.permutations(nodes))
    pairs = [(ranked[i], ranked[j]) for i in range(count) for j in range(i + 1, count)]
    edges = draw(st.lists(st.sampled_from(pairs), max_size=30)) if pairs else []
    return list(nodes), edges


@settings(max_examples=300, deadline=None)
@given(dags())
def test_generations_are_networkx_topological_generations_in_node_order(dag):
    nodes, edges = dag
    graph = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    order = {n: i for i, n in enumerate(nodes)}
    expected = [sorted(g, key=order.__getitem__) for g in nx.topological_generations(graph)]
    assert generations(nodes, edges) == expected


@settings(max_examples=200, deadline=None)
@given(dags())
def test_a_book_is_one_layer_below_its_deepest_prerequisite(dag):
    nodes, edges = dag
    layer = {n: i for i, g in enumerate(generations(nodes, edges)) for n in g}
    assert sorted(layer) == sorted(nodes)
    for node in nodes:
        before = [layer[u] for u, v in edges if v == node]
        assert layer[node] == (max(before) + 1 if before else 0)


@settings(max_examples=200, deadline=None)
@given(dags(), st.sampled_from([2, 3, 4, 8]))
def test_every_edge_is_drawn_downwards_from_box_to_box(dag, per_row):
    nodes, edges = dag
    layout = layout_graph(nodes, edges, per_row=per_row, **SIZE)
    assert set(layout.boxes) == set(nodes)
    assert [(u, v) for u, v, _ in layout.edges] == edges
    for u, v, points in layout.edges:
        assert layout.boxes[u][1] < layout.boxes[v][1]
        assert points[0][1] == layout.boxes[u][1] + SIZE["box_h"] and points[-1][1] == layout.boxes[v][1]
        assert [y for _, y in points] == sorted(y for _, y in points)


def test_a_cycle_has_no_layers():
    with pytest.raises(ValueError, match="cycle"):
        generations(["a", "b"], [("a", "b"), ("b", "a")])
    with pytest.raises(ValueError, match="cycle"):
        generations(["a"], [("a", "a")])


def test_the_drawing_of_a_small_graph_is_where_it_was():
    """A diamond with an edge that skips a layer (so a lane): the coordinates networkx's
    generations gave, kept when the layout stopped importing networkx."""
    layout = layout_graph(
        ["d", "a", "b", "c"], [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("a", "d")], per_row=4, **SIZE
    )
    assert (layout.width, layout.height, layout.columns) == (460, 332, 2)
    assert layout.boxes == {"a": (135, 12), "b": (12, 130), "c": (224, 130), "d": (135, 248)}
    assert layout.edges == [
        ("a", "b", [(206, 84), (107, 130)]),
        ("a", "c", [(230, 84), (319, 130)]),
        ("b", "d", [(107, 202), (206, 248)]),
        ("c", "d", [(319, 202), (230, 248)]),
        ("a", "d", [(254, 84), (442, 130), (442, 202), (254, 248)]),  # through the lane right of b and c
    ]


SVG_OF_EVERY_GOAL = """
from curriculum.catalog import load_catalog
from curriculum.present.svg import render
from curriculum.present.graph import graph_view
from curriculum.resources import bundled_catalog_dir
catalog = load_catalog(bundled_catalog_dir())
import hashlib, sys
pictures = [render(graph_view(catalog))]
pictures += [render(graph_view(catalog, (goal,), optional=True)) for goal in catalog.goals.values()]
print(hashlib.sha256("".join(pictures).encode()).hexdigest())
"""


def test_the_graph_pictures_are_the_same_bytes_whatever_the_hash_seed():
    digests = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "CURRICULUM_NO_CACHE": "1"}
        ran = subprocess.run([sys.executable, "-c", SVG_OF_EVERY_GOAL], capture_output=True, text=True, env=env)
        assert ran.returncode == 0, ran.stderr
        digests.add(ran.stdout)
    assert len(digests) == 1


PDF_PROBE = """
import sys
from curriculum import forking
from curriculum.cli import cli
if sys.argv[1] == "here":
    forking.forkable = lambda: False
cli.main(sys.argv[2:], prog_name="curriculum", standalone_mode=False)
print(repr(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


@pytest.mark.parametrize("where", ["here", "child"])
def test_a_plans_pdf_imports_neither_networkx_nor_pydantic(tmp_path, where):
    """networkx's import alone is a tenth of a second of the PDF's time; pydantic more (issue 15);
    PyYAML 13 ms, which the bundled catalog (read by yaml_rs) does not need. WeasyPrint is
    imported here, or (Linux) by the child that renders the PDF (present/pdfchild.py), whose
    modules are these and WeasyPrint's."""
    args = ["plan", "--goal", "ml-system-design", "--format", "pdf", "--out", str(tmp_path)]
    ran = subprocess.run([sys.executable, "-c", PDF_PROBE, where, *args], capture_output=True, text=True)
    assert ran.returncode == 0, ran.stderr
    loaded = ast.literal_eval(ran.stderr.strip().splitlines()[-1])
    assert (tmp_path / "ml-system-design.pdf").stat().st_size > 0
    assert ("weasyprint" in loaded) == (where == "here" or not sys.platform.startswith("linux"))
    assert "networkx" not in loaded and "pydantic" not in loaded
    assert "yaml" not in loaded and "yaml_rs" in loaded
