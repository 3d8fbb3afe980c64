"""Where the boxes and arrows of the prerequisite graph go: a small layered (Sugiyama) layout.

Books are layered by topological generation (:func:`generations`, Kahn's algorithm here
rather than networkx's, whose import alone is about a tenth of a second of every PDF). An
edge that skips layers gets a waypoint in each layer it crosses, so it runs in its own lane
instead of behind other boxes. Each layer is ordered by barycentre sweeps to limit crossings,
then centred. Arrows leave and enter their boxes at ports spread along the box edge, ordered
by where they go, so arrows into one box do not meet in a point. Layers wider than
``per_row`` boxes (big custom catalogs) are wrapped into rows of ``per_row`` and their edges
drawn straight, without lanes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from msgspec import Struct

Point = tuple[float, float]

LANE_W = 12.0
"""Width taken in a layer by an edge passing through it."""
LANE_GAP = 6.0


class GraphLayout(Struct, frozen=True):
    width: float
    height: float
    columns: int
    """The most boxes side by side."""
    boxes: dict[str, Point]
    """Top-left corner of each book's box."""
    edges: list[tuple[str, str, list[Point]]]
    """(before, after, points): from the port under ``before`` to the port over ``after``."""


class _Size(Struct, frozen=True):
    box_w: float
    box_h: float
    gap_x: float
    gap_y: float
    pad: float


def _is_lane(item: str) -> bool:
    return item.startswith("\0")


def layout_graph(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    *,
    box_w: float,
    box_h: float,
    gap_x: float,
    gap_y: float,
    pad: float,
    per_row: int,
) -> GraphLayout:
    """Lay out the DAG ``nodes``/``edges``; ``nodes`` order breaks every tie."""
    size = _Size(box_w, box_h, gap_x, gap_y, pad)
    order = {n: i for i, n in enumerate(nodes)}
    layered = generations(nodes, edges)
    if not layered:
        return GraphLayout(2 * pad, 2 * pad, 0, {}, [])
    wrapped = max(len(g) for g in layered) > per_row
    if wrapped:
        layers = [g[i : i + per_row] for g in layered for i in range(0, len(g), per_row)]
        chains = {(u, v): [u, v] for u, v in edges}
    else:
        layers, chains = _with_lanes(layered, edges)
    rank = {item: i for i, layer in enumerate(layers) for item in layer}
    lane_rank = {f"\0{u}\0{v}\0{k}": (order[u], order[v]) for (u, v), c in chains.items() for k in range(len(c) - 2)}

    def tie(item: str) -> tuple[int, int, int]:
        return (1, *lane_rank[item]) if _is_lane(item) else (0, order[item], 0)

    if not wrapped:
        _order_layers(layers, chains, tie)
    xs = _place(layers, size)
    boxes = {item: (xs[item], _top(rank[item], size)) for layer in layers for item in layer if not _is_lane(item)}
    width = 2 * pad + max(_layer_width(layer, size) for layer in layers)
    height = 2 * pad + len(layers) * box_h + (len(layers) - 1) * gap_y
    columns = max(sum(1 for item in layer if not _is_lane(item)) for layer in layers)
    return GraphLayout(width, height, columns, boxes, _route(edges, chains, xs, rank, size))


def generations(nodes: Sequence[str], edges: Sequence[tuple[str, str]]) -> list[list[str]]:
    """The DAG's topological generations, each in ``nodes`` order: first the books nothing leads
    to, then those whose every prerequisite is in an earlier generation, and so on (a book's
    generation is the length of the longest path that ends at it). A repeated edge counts once.
    Raises ``ValueError`` on a cycle and ``KeyError`` on an edge to or from a book not in ``nodes``.
    """
    order = {n: i for i, n in enumerate(nodes)}
    needs = dict.fromkeys(nodes, 0)
    leads_to: dict[str, list[str]] = {n: [] for n in nodes}
    for u, v in dict.fromkeys(edges):
        leads_to[u].append(v)
        needs[v] += 1
    layer = sorted((n for n, count in needs.items() if not count), key=order.__getitem__)
    out: list[list[str]] = []
    while layer:
        out.append(layer)
        following = []
        for u in layer:
            for v in leads_to[u]:
                needs[v] -= 1
                if not needs[v]:
                    following.append(v)
        layer = sorted(following, key=order.__getitem__)
    if sum(map(len, out)) != len(needs):
        raise ValueError("the graph has a cycle, so it has no layers")
    return out


def _with_lanes(
    generations: list[list[str]], edges: Sequence[tuple[str, str]]
) -> tuple[list[list[str]], dict[tuple[str, str], list[str]]]:
    """Layers with a lane item wherever an edge crosses a layer; each edge's chain of items."""
    layer_of = {n: i for i, g in enumerate(generations) for n in g}
    layers = [list(g) for g in generations]
    chains: dict[tuple[str, str], list[str]] = {}
    for u, v in edges:
        chain = [u]
        for k, layer in enumerate(range(layer_of[u] + 1, layer_of[v])):
            lane = f"\0{u}\0{v}\0{k}"
            layers[layer].append(lane)
            chain.append(lane)
        chains[(u, v)] = [*chain, v]
    return layers, chains


def _order_layers(
    layers: list[list[str]], chains: dict[tuple[str, str], list[str]], tie: Callable[[str], tuple[int, int, int]]
) -> None:
    """Barycentre sweeps, down then up: each item moves towards the mean place of its neighbours."""
    up: dict[str, list[str]] = {}
    down: dict[str, list[str]] = {}
    for chain in chains.values():
        for a, b in itertools.pairwise(chain):
            down.setdefault(a, []).append(b)
            up.setdefault(b, []).append(a)
    position = {item: float(i) for layer in layers for i, item in enumerate(sorted(layer, key=tie))}
    for layer in layers:
        layer.sort(key=position.__getitem__)
    for sweep in range(8):
        going_down = sweep % 2 == 0
        near = up if going_down else down
        for layer in layers[1:] if going_down else reversed(layers[:-1]):

            def centre(item: str, near: dict[str, list[str]] = near) -> tuple[float, float]:
                places = [position[n] for n in near.get(item, ())]
                return (sum(places) / len(places) if places else position[item], position[item])

            layer.sort(key=centre)
            position.update((item, float(i)) for i, item in enumerate(layer))


def _item_width(item: str, size: _Size) -> float:
    return LANE_W if _is_lane(item) else size.box_w


def _layer_width(layer: list[str], size: _Size) -> float:
    total = sum(_item_width(item, size) for item in layer)
    for a, b in itertools.pairwise(layer):
        total += LANE_GAP if _is_lane(a) and _is_lane(b) else size.gap_x
    return total


def _place(layers: list[list[str]], size: _Size) -> dict[str, float]:
    """Left x of each item: every layer centred in the widest one."""
    widest = max(_layer_width(layer, size) for layer in layers)
    xs: dict[str, float] = {}
    for layer in layers:
        x = size.pad + (widest - _layer_width(layer, size)) / 2
        for i, item in enumerate(layer):
            if i:
                x += LANE_GAP if _is_lane(item) and _is_lane(layer[i - 1]) else size.gap_x
            xs[item] = x
            x += _item_width(item, size)
    return xs


def _top(layer: int, size: _Size) -> float:
    return size.pad + layer * (size.box_h + size.gap_y)


def _route(
    edges: Sequence[tuple[str, str]],
    chains: dict[tuple[str, str], list[str]],
    xs: dict[str, float],
    rank: dict[str, int],
    size: _Size,
) -> list[tuple[str, str, list[Point]]]:
    """Each edge's points: out-port, the lanes it runs through (top and bottom), in-port."""

    def centre(item: str) -> float:
        return xs[item] + _item_width(item, size) / 2

    outs: dict[str, list[tuple[float, str, str]]] = {}
    ins: dict[str, list[tuple[float, str, str]]] = {}
    for u, v in edges:
        chain = chains[(u, v)]
        outs.setdefault(u, []).append((centre(chain[1]), u, v))
        ins.setdefault(v, []).append((centre(chain[-2]), u, v))
    port_out = _ports(outs, centre, size)
    port_in = _ports(ins, centre, size)
    routes = []
    for u, v in edges:
        points: list[Point] = [(port_out[(u, v)], _top(rank[u], size) + size.box_h)]
        for lane in chains[(u, v)][1:-1]:
            top = _top(rank[lane], size)
            points += [(centre(lane), top), (centre(lane), top + size.box_h)]
        points.append((port_in[(u, v)], _top(rank[v], size)))
        routes.append((u, v, points))
    return routes


def _ports(
    ends: dict[str, list[tuple[float, str, str]]], centre: Callable[[str], float], size: _Size
) -> dict[tuple[str, str], float]:
    """x of each edge's port on a box: spread along the middle of the box, ordered by direction."""
    out: dict[tuple[str, str], float] = {}
    for node, items in ends.items():
        items.sort()
        count = len(items)
        step = min(24.0, size.box_w * 0.7 / count)
        middle = centre(node)
        for i, (_, u, v) in enumerate(items):
            out[(u, v)] = middle + (i - (count - 1) / 2) * step
    return out
