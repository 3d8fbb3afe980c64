"""The prerequisite graph as text: Graphviz DOT, Mermaid, a standalone SVG, or JSON.

The graph is the whole catalog, or the closure of some goals (the books their plan holds).
Edges that name chapters are labelled with them ("ch 1-3"); optional edges are dashed;
targets of the goals are drawn bold. Every text from the catalog is escaped for the format
it goes into, so a title with quotes, brackets or markup cannot break the output.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .catalog import Catalog, Goal
from .explain import chapter_runs, hours
from .graph import planned_minutes, select

FORMATS = ("dot", "mermaid", "svg", "json")


@dataclass(frozen=True)
class Node:
    id: str
    title: str
    minutes: int
    target: bool


@dataclass(frozen=True)
class Link:
    before: str
    after: str
    chapters: str
    """The chapters of ``before`` that ``after`` needs, as '1-3, 5'; '' for the whole book."""
    optional: bool
    reason: str


@dataclass(frozen=True)
class GraphView:
    title: str
    nodes: tuple[Node, ...]
    links: tuple[Link, ...]


def graph_view(
    catalog: Catalog, goals: tuple[Goal, ...] = (), *, optional: bool = False, whole_books: bool = False
) -> GraphView:
    """The whole catalog (every edge, optional ones included), or the plan of ``goals``.

    For goals, ``optional`` and ``whole_books`` pick the books and chapters as `plan` does,
    and each node's minutes are those of its planned chapters.
    """
    if not goals:
        nodes = tuple(Node(b, e.book.title, e.minutes, False) for b, e in catalog.books.items())
        links = tuple(
            Link(
                c.book,
                e.after,
                chapter_runs(catalog.books[c.book], catalog.books[c.book].unit_indexes(c.chapters)),
                e.strength == "optional",
                e.reason if not e.is_group else f"any one of {', '.join(o.book for o in e.choices)}: {e.reason}",
            )
            for e in catalog.edges
            for c in e.choices
        )
        return GraphView("the catalog's prerequisite graph", nodes, links)
    chosen = select(catalog, goals, optional=optional, whole_books=whole_books)
    targets, selection, requirements = chosen.targets, chosen.selection, chosen.requirements
    minutes = planned_minutes(catalog, selection)
    wanted = {book for book, _ in targets}
    nodes = tuple(Node(b, catalog.books[b].book.title, minutes[b], b in wanted) for b in selection)
    links = tuple(
        Link(
            r.before,
            r.after,
            "" if r.units is None else chapter_runs(catalog.books[r.before], r.units),
            r.strength == "optional",
            r.reason,
        )
        for r in requirements
    )
    return GraphView("prerequisites of " + ", ".join(g.id for g in goals), nodes, links)


def export_graph(
    catalog: Catalog,
    *,
    goals: tuple[Goal, ...] = (),
    fmt: str = "dot",
    optional: bool = False,
    whole_books: bool = False,
) -> str:
    """The graph (see :func:`graph_view`) as text in ``fmt``: one of :data:`FORMATS`."""
    view = graph_view(catalog, goals, optional=optional, whole_books=whole_books)
    render = {"dot": to_dot, "mermaid": to_mermaid, "svg": to_svg, "json": to_json}[fmt]
    return render(view)


_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _clean(text: str) -> str:
    """One line of printable text: control characters dropped, line breaks made spaces."""
    return " ".join(_INVALID.sub("", text).split())


def _h(minutes: int) -> str:
    return f"{hours(minutes):g} h"


# --- Graphviz DOT ------------------------------------------------------------------------


def dot_quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, one line."""
    return '"' + _clean(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(view: GraphView) -> str:
    lines = [
        "digraph curriculum {",
        f"  graph [label={dot_quote(view.title)}, labelloc=t, rankdir=TB, fontname=Helvetica];",
        "  node [shape=box, style=rounded, fontname=Helvetica, fontsize=11];",
        "  edge [fontname=Helvetica, fontsize=9, color=gray40];",
    ]
    for node in view.nodes:
        # "\n" in a DOT label is a line break: added after quoting, so no title can make one.
        label = dot_quote(node.title)[:-1] + "\\n" + _h(node.minutes) + '"'
        style = ', style="rounded,bold", penwidth=2' if node.target else ""
        lines.append(f"  {dot_quote(node.id)} [label={label}, tooltip={dot_quote(node.id)}{style}];")
    for link in view.links:
        attrs = [f"tooltip={dot_quote(link.reason)}"]
        if link.chapters:
            attrs.insert(0, f"label={dot_quote('ch ' + link.chapters)}")
        if link.optional:
            attrs.append("style=dashed")
        lines.append(f"  {dot_quote(link.before)} -> {dot_quote(link.after)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines)


# --- Mermaid -----------------------------------------------------------------------------

_MERMAID = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;", "|": "#124;"}


def mermaid_quote(text: str) -> str:
    """A Mermaid quoted label: quotes, markup and '#' written as Mermaid entity codes."""
    return '"' + "".join(_MERMAID.get(c, c) for c in _clean(text)) + '"'


def to_mermaid(view: GraphView) -> str:
    """A flowchart; node ids are b0, b1, ... (book ids can be Mermaid keywords such as 'end')."""
    names = {node.id: f"b{i}" for i, node in enumerate(view.nodes)}
    lines = ["flowchart TD", f"  %% {_clean(view.title)}"]
    for node in view.nodes:
        lines.append(f"  {names[node.id]}[{mermaid_quote(f'{node.title} ({_h(node.minutes)})')}]")
    for link in view.links:
        arrow = "-.->" if link.optional else "-->"
        label = f"|{mermaid_quote('ch ' + link.chapters)}|" if link.chapters else ""
        lines.append(f"  {names[link.before]} {arrow}{label} {names[link.after]}")
    targets = [names[n.id] for n in view.nodes if n.target]
    if targets:
        lines.append("  classDef target stroke-width:3px,font-weight:bold")
        lines.append(f"  class {','.join(targets)} target")
    return "\n".join(lines)


# --- JSON --------------------------------------------------------------------------------


def to_json(view: GraphView) -> str:
    data: dict[str, Any] = {
        "title": view.title,
        "nodes": [{"id": n.id, "title": n.title, "hours": hours(n.minutes), "target": n.target} for n in view.nodes],
        "edges": [
            {
                "before": link.before,
                "after": link.after,
                "chapters": link.chapters,
                "optional": link.optional,
                "reason": link.reason,
            }
            for link in view.links
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


# --- SVG ---------------------------------------------------------------------------------

BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 190, 54, 28, 64, 20
CHARS = 26
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"


def _layers(view: GraphView) -> list[list[str]]:
    """Books by topological generation; each layer ordered by its predecessors' positions."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(n.id for n in view.nodes)
    graph.add_edges_from((link.before, link.after) for link in view.links)
    order = {n.id: i for i, n in enumerate(view.nodes)}
    layers: list[list[str]] = []
    place: dict[str, float] = {}
    for generation in nx.topological_generations(graph):

        def key(node: str) -> tuple[float, int]:
            preds = [place[p] for p in graph.predecessors(node)]
            return (sum(preds) / len(preds) if preds else -1.0, order[node])

        layer = sorted(generation, key=key)
        place.update({node: i for i, node in enumerate(layer)})
        layers.append(layer)
    return layers


def _wrap(text: str, width: int, lines: int) -> list[str]:
    words = _clean(text).split(" ")
    out: list[str] = []
    for word in words:
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word if len(word) <= width else word[: width - 1] + "…")
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1].rstrip() + "…"
    return out


def to_svg(view: GraphView) -> str:
    """A standalone SVG: layered top to bottom, one box per book, arrows from prerequisites."""
    layers = _layers(view)
    widest = max((len(layer) for layer in layers), default=1)
    width = PAD * 2 + widest * BOX_W + (widest - 1) * GAP_X
    height = PAD * 2 + 24 + len(layers) * BOX_H + max(len(layers) - 1, 0) * GAP_Y
    where: dict[str, tuple[float, float]] = {}
    for row, layer in enumerate(layers):
        offset = (width - (len(layer) * BOX_W + (len(layer) - 1) * GAP_X)) / 2
        for column, book in enumerate(layer):
            where[book] = (offset + column * (BOX_W + GAP_X), PAD + 24 + row * (BOX_H + GAP_Y))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" font-family={quoteattr(FONT)} font-size="12">',
        f"<title>{escape(_clean(view.title))}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7"'
        ' orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#64748b"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{PAD}" y="{PAD + 4}" font-size="14" font-weight="bold" fill="#1f2937">'
        f"{escape(_clean(view.title))}</text>",
    ]
    for link in view.links:
        (x1, y1), (x2, y2) = where[link.before], where[link.after]
        x1, y1, x2, y2 = x1 + BOX_W / 2, y1 + BOX_H, x2 + BOX_W / 2, y2
        bend = GAP_Y / 2
        dash = ' stroke-dasharray="6 4"' if link.optional else ""
        out.append(
            f"<g><title>{escape(_clean(f'{link.before} -> {link.after}: {link.reason}'))}</title>"
            f'<path d="M{x1:g},{y1:g} C{x1:g},{y1 + bend:g} {x2:g},{y2 - bend:g} {x2:g},{y2:g}" fill="none"'
            f' stroke="#64748b" stroke-width="1.3"{dash} marker-end="url(#arrow)"/>'
        )
        if link.chapters:
            out.append(
                f'<text x="{(x1 + x2) / 2 + 4:g}" y="{(y1 + y2) / 2 + 3:g}" font-size="10" fill="#334155">'
                f"{escape(_clean('ch ' + link.chapters))}</text>"
            )
        out.append("</g>")
    for node in view.nodes:
        x, y = where[node.id]
        stroke = ' stroke="#1d4ed8" stroke-width="2.5"' if node.target else ' stroke="#6366f1" stroke-width="1"'
        out.append(
            f"<g><title>{escape(_clean(f'{node.id}: {node.title} ({_h(node.minutes)})'))}</title>"
            f'<rect x="{x:g}" y="{y:g}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="#eef2ff"{stroke}/>'
        )
        title = _wrap(node.title, CHARS, 2)
        for i, line in enumerate(title):
            weight = ' font-weight="bold"' if node.target else ""
            out.append(
                f'<text x="{x + BOX_W / 2:g}" y="{y + 17 + i * 14:g}" text-anchor="middle"'
                f' fill="#1f2937"{weight}>{escape(line)}</text>'
            )
        out.append(
            f'<text x="{x + BOX_W / 2:g}" y="{y + BOX_H - 7:g}" text-anchor="middle" font-size="10"'
            f' fill="#6b7280">{escape(_h(node.minutes))}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out)
