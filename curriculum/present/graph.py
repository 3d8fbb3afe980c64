"""The prerequisite graph's view, and the graph as Graphviz DOT, Mermaid or JSON.

:class:`GraphView` is what every graph format renders (the standalone SVG too, drawn by
:mod:`.svg` with the plan's pictures). The graph is the whole catalog, or the closure of
some goals (the books their plan holds). Edges that name chapters are labelled with them
("ch 1-3"); optional edges are dashed; targets of the goals are drawn bold. Every text from
the catalog is escaped for the format it goes into, so a title with quotes, brackets or
markup cannot break the output.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..catalog import Catalog, Goal
from ..graph import planned_minutes, select
from .text import hours, hours_text, one_line


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
                catalog.books[c.book].chapter_runs(catalog.books[c.book].unit_indexes(c.chapters)),
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
            "" if r.units is None else catalog.books[r.before].chapter_runs(r.units),
            r.strength == "optional",
            r.reason,
        )
        for r in requirements
    )
    return GraphView("prerequisites of " + ", ".join(g.id for g in goals), nodes, links)


# --- Graphviz DOT ------------------------------------------------------------------------


def dot_quote(text: str) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, one line."""
    return '"' + one_line(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(view: GraphView) -> str:
    lines = [
        "digraph curriculum {",
        f"  graph [label={dot_quote(view.title)}, labelloc=t, rankdir=TB, fontname=Helvetica];",
        "  node [shape=box, style=rounded, fontname=Helvetica, fontsize=11];",
        "  edge [fontname=Helvetica, fontsize=9, color=gray40];",
    ]
    for node in view.nodes:
        # "\n" in a DOT label is a line break: added after quoting, so no title can make one.
        label = dot_quote(node.title)[:-1] + "\\n" + hours_text(node.minutes) + '"'
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
    return '"' + "".join(_MERMAID.get(c, c) for c in one_line(text)) + '"'


def to_mermaid(view: GraphView) -> str:
    """A flowchart; node ids are b0, b1, ... (book ids can be Mermaid keywords such as 'end')."""
    names = {node.id: f"b{i}" for i, node in enumerate(view.nodes)}
    lines = ["flowchart TD", f"  %% {one_line(view.title)}"]
    for node in view.nodes:
        lines.append(f"  {names[node.id]}[{mermaid_quote(f'{node.title} ({hours_text(node.minutes)})')}]")
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
