"""The pictures, drawn by hand as SVG: the prerequisite graph and the plan's timeline.

The graph has one drawing, on the one layout of :mod:`.layout`, whether it is put inline in
the plan's page (:func:`graph_svg`, from the plan's view) or printed alone by `curriculum graph
--format svg` (:func:`render`, from the graph's view; it adds a heading, dashes the optional
edges and labels the edges that name chapters). Only simple shapes (rect, path, polygon,
text) with presentation attributes, so the same markup looks the same in a browser and in
WeasyPrint. Every text from the catalog is escaped here, since the SVG is put into the page
as markup.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from msgspec import Struct

from .text import hours_text, one_line, printable, short_day

if TYPE_CHECKING:
    from .graph import GraphView
    from .view import PlanView

FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
INK = "#1f2937"
MUTED = "#6b7280"
LINE = "#94a3b8"
TARGET_FILL = "#1d4ed8"
PREREQ_FILL = "#e0e7ff"
PREREQ_STROKE = "#6366f1"

BOX_W = 190
BOX_H = 72
GAP_X = 22
GAP_Y = 46
PAD = 12
PER_ROW = 4
"""Boxes side by side in the plan's graph (it must fit the page); a wider layer wraps."""
STANDALONE_PER_ROW = 8
"""The same for `curriculum graph --format svg`, which has no page to fit."""
HEADING = 28
"""Room for the standalone picture's heading."""
CHARS = 23
"""Characters per line of a box's title (12px DejaVu Sans Bold is about 7.3px a character)."""


class Box(Struct, frozen=True):
    """One book of the graph picture."""

    id: str
    title: str
    meta: str
    """The line under the title: '5 h · weeks 1–3'."""
    target: bool
    tooltip: str


class Arrow(Struct, frozen=True):
    """One edge of the graph picture, from ``before`` to the book that needs it."""

    before: str
    after: str
    label: str = ""
    """'ch 1-3' when the edge names chapters (standalone picture only)."""
    dashed: bool = False
    tooltip: str = ""
    """With a tooltip the arrow is a group of its own, titled with it."""


def _t(text: str) -> str:
    return escape(printable(text))


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``width`` characters; '…' marks a cut."""
    words = text.split()
    out: list[str] = []
    current = ""
    for word in words:
        while len(word) > width:
            if current:
                out.append(current)
                current = ""
            out.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1]
        out[-1] = (last[: width - 1].rstrip() if len(last) >= width else last) + "…"
    return out or [""]


def graph_svg(view: PlanView) -> str:
    """The plan's prerequisite graph, for its page; empty for a plan too large to draw."""
    if not view.books or view.large:  # too big to read, and slow to lay out (SVG text, letter by letter)
        return ""
    boxes = [
        Box(c.id, c.title, f"{hours_text(c.minutes)} · {c.weeks_text}", bool(c.target_of), c.title) for c in view.books
    ]
    title = "Prerequisite graph: each arrow points from a book to one that needs it"
    return _graph(boxes, [Arrow(u, v) for u, v in view.edges], title=title, per_row=PER_ROW)


def render(view: GraphView) -> str:
    """`curriculum graph --format svg`: the graph alone, with its title as a heading."""
    boxes = [
        Box(n.id, n.title, hours_text(n.minutes), n.target, one_line(f"{n.id}: {n.title} ({hours_text(n.minutes)})"))
        for n in view.nodes
    ]
    arrows = [
        Arrow(link.before, link.after, f"ch {link.chapters}" if link.chapters else "", link.optional,
              f"{link.before} -> {link.after}: {link.reason}")
        for link in view.links
    ]  # fmt: skip
    return _graph(boxes, arrows, title=view.title, per_row=STANDALONE_PER_ROW, heading=True)


def _graph(boxes: Sequence[Box], arrows: Sequence[Arrow], *, title: str, per_row: int, heading: bool = False) -> str:
    """A layer of boxes per generation, arrows from prerequisite to book, and a legend."""
    from .layout import layout_graph

    layout = layout_graph(
        [b.id for b in boxes], [(a.before, a.after) for a in arrows],
        box_w=BOX_W, box_h=BOX_H, gap_x=GAP_X, gap_y=GAP_Y, pad=PAD, per_row=per_row,
    )  # fmt: skip
    top = HEADING if heading else 0
    width, height = layout.width, layout.height + 24 + top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="graph cols-{layout.columns}"'
        f' viewBox="0 0 {_fmt(width)} {_fmt(height)}" width="{_fmt(width)}" height="{_fmt(height)}"'
        f' role="img" aria-labelledby="graph-title" font-family={quoteattr(FONT)}>',
        f'<title id="graph-title">{_t(one_line(title))}</title>',
    ]
    if heading:
        parts.append(
            f'<text x="{PAD}" y="{PAD + 14}" font-size="14" font-weight="bold" fill="{INK}">'
            f"{_t(one_line(title))}</text>"
        )
    labelled: dict[str, int] = {}  # labels over one box are stacked, the first lowest
    for arrow, (_, _, points) in zip(arrows, layout.edges, strict=True):
        stack = labelled.get(arrow.after, 0)
        labelled[arrow.after] = stack + bool(arrow.label)
        parts.append(_arrow(arrow, [(x, y + top) for x, y in points], stack))
    by_id = {b.id: b for b in boxes}
    parts += [_node(by_id[node], x, y + top) for node, (x, y) in layout.boxes.items()]
    legend_y = height - PAD - 4
    parts.append(
        f'<rect x="{PAD}" y="{_fmt(legend_y - 9)}" width="12" height="12" rx="2" fill="{TARGET_FILL}"/>'
        f'<text x="{PAD + 18}" y="{_fmt(legend_y + 1)}" font-size="11" fill="{INK}">goal book</text>'
        f'<rect x="{PAD + 100}" y="{_fmt(legend_y - 9)}" width="12" height="12" rx="2" fill="{PREREQ_FILL}"'
        f' stroke="{PREREQ_STROKE}"/>'
        f'<text x="{PAD + 118}" y="{_fmt(legend_y + 1)}" font-size="11" fill="{INK}">prerequisite</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _arrow(arrow: Arrow, points: list[tuple[float, float]], stack: int = 0) -> str:
    """Vertical-tangent curves between layers, straight runs through lanes, an arrowhead at the end;
    a label beside the arrowhead, ``stack`` lines above it, haloed in white to stay readable."""
    (x2, y2), head_y = points[-1], points[-1][1] - 7
    label = ""
    if arrow.label:
        label = (
            f'<text x="{_fmt(x2 + 4)}" y="{_fmt(head_y - 2 - 11 * stack)}" font-size="10" fill="{MUTED}"'
            f' stroke="#ffffff" stroke-width="3" paint-order="stroke">{_t(one_line(arrow.label))}</text>'
        )
    points = [*points[:-1], (x2, head_y)]
    path = [f"M{_fmt(points[0][0])} {_fmt(points[0][1])}"]
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        if ax == bx:
            path.append(f"L{_fmt(bx)} {_fmt(by)}")
        else:
            bend = (by - ay) / 2
            path.append(f"C{_fmt(ax)} {_fmt(ay + bend)} {_fmt(bx)} {_fmt(by - bend)} {_fmt(bx)} {_fmt(by)}")
    head = f"{_fmt(x2 - 4.5)},{_fmt(head_y)} {_fmt(x2 + 4.5)},{_fmt(head_y)} {_fmt(x2)},{_fmt(y2)}"
    dash = ' stroke-dasharray="6 4"' if arrow.dashed else ""
    drawn = (
        f'<path d="{" ".join(path)}" fill="none" stroke="{LINE}" stroke-width="1.5"{dash}/>'
        f'<polygon points="{head}" fill="{LINE}"/>{label}'
    )
    return f"<g><title>{_t(one_line(arrow.tooltip))}</title>{drawn}</g>" if arrow.tooltip else drawn


def _node(box: Box, x: float, y: float) -> str:
    fill, stroke, ink = (TARGET_FILL, TARGET_FILL, "#ffffff") if box.target else (PREREQ_FILL, PREREQ_STROKE, INK)
    lines = wrap(box.title, CHARS, 3)
    top = y + (BOX_H - (len(lines) * 15 + 14)) / 2 + 11
    out = [
        f'<g><title>{_t(box.tooltip)}</title><rect x="{_fmt(x)}" y="{_fmt(y)}" width="{BOX_W}" height="{BOX_H}"'
        f' rx="7" fill="{fill}" stroke="{stroke}" stroke-width="1.2"/>'
    ]
    for i, line in enumerate(lines):
        out.append(
            f'<text x="{_fmt(x + BOX_W / 2)}" y="{_fmt(top + i * 15)}" font-size="12" font-weight="bold"'
            f' text-anchor="middle" fill="{ink}">{_t(line)}</text>'
        )
    meta_ink = "#dbeafe" if box.target else MUTED
    out.append(
        f'<text x="{_fmt(x + BOX_W / 2)}" y="{_fmt(top + len(lines) * 15 + 2)}" font-size="10.5"'
        f' text-anchor="middle" fill="{meta_ink}">{_t(box.meta)}</text></g>'
    )
    return "".join(out)


TL_WIDTH = 640
TL_ROW = 32
TL_TOP = 26
TL_BAR = 10


def _tick_step(weeks: int) -> int:
    for step in (1, 2, 4, 5, 10, 13, 26, 52, 104, 260, 520):
        if weeks / step <= 8:
            return step
    return math.ceil(weeks / 8)


def _label_place(x: float, w: float, width: float, left: float, right: float) -> tuple[str, float]:
    """Where a bar's label goes: from the bar's start, else ending at its end, else at the left."""
    if x + width <= right:
        return "start", x
    if x + w - width >= left:
        return "end", x + w
    return "start", left


def timeline_svg(view: PlanView) -> str:
    """A bar per book across the weeks, in reading order, each under its title; weeks off shaded."""
    if not view.books or not view.weeks or view.large:
        return ""
    weeks = view.weeks_count
    left, right = PAD, TL_WIDTH - PAD
    per_week = (right - left) / weeks
    bottom = TL_TOP + len(view.books) * TL_ROW
    height = bottom + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {TL_WIDTH} {height}"'
        f' width="{TL_WIDTH}" height="{height}" role="img" aria-labelledby="timeline-title"'
        f" font-family={quoteattr(FONT)}>",
        '<title id="timeline-title">Timeline: when each book is read, week by week</title>',
    ]
    for shown in view.weeks:
        if shown.is_break:
            x = left + (shown.number - 1) * per_week
            parts.append(
                f'<rect x="{_fmt(x)}" y="{TL_TOP - 4}" width="{_fmt(per_week)}" height="{bottom - TL_TOP + 4}"'
                ' fill="#f3f4f6"/>'
            )
    step = _tick_step(weeks)
    for week in range(1, weeks + 1, step):
        x = left + (week - 1) * per_week
        parts.append(
            f'<line x1="{_fmt(x)}" y1="{TL_TOP - 8}" x2="{_fmt(x)}" y2="{bottom}" stroke="#e5e7eb" stroke-width="1"/>'
        )
        if x + 3 + len(f"week {week}") * 6.3 <= TL_WIDTH:
            parts.append(f'<text x="{_fmt(x + 3)}" y="{TL_TOP - 10}" font-size="11" fill="{MUTED}">week {week}</text>')
    for i, card in enumerate(view.books):
        y = TL_TOP + i * TL_ROW
        x = left + (card.first_week - 1) * per_week
        w = max(per_week * (card.last_week - card.first_week + 1), 3.0)
        fill = TARGET_FILL if card.target_of else PREREQ_STROKE
        label = f"{card.title} · {hours_text(card.minutes)}, {card.weeks_text}"
        text = wrap(label, 80, 1)[0]
        anchor, tx = _label_place(x, w, len(text) * 6.9, left, right)
        parts.append(
            f"<g><title>{_t(label)}</title>"
            f'<text x="{_fmt(tx)}" y="{_fmt(y + 13)}" font-size="12.5" fill="{INK}"'
            f' text-anchor="{anchor}">{_t(text)}</text>'
            f'<rect x="{_fmt(x)}" y="{_fmt(y + 17)}" width="{_fmt(w)}" height="{TL_BAR}" rx="3" fill="{fill}"/></g>'
        )
    parts.append(
        f'<text x="{left}" y="{bottom + 16}" font-size="11" fill="{MUTED}">{_t(short_day(view.start))}'
        f" {view.start.year}</text>"
        f'<text x="{right}" y="{bottom + 16}" font-size="11" fill="{MUTED}" text-anchor="end">'
        f"{_t(short_day(view.end))} {view.end.year}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
