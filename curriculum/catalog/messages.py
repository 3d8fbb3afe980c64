"""How catalog problems are worded: pydantic's validation errors in a user's words, entry names
such as ``book 'ddia'`` or ``prereqs[3] (a -> b)``, "did you mean" suggestions, and cyclic groups
of books with the advice their message gives: which of their cycles to show, and which edges
to remove together to break them all (:func:`report_cycles` finds them among the sound edges)."""

from __future__ import annotations

import heapq
import itertools
import re
import unicodedata
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..digraph import scratch_digraph
from .problems import MAX_NAMED, FileProblems, Say, Where
from .records import CHAPTER_NUMBER, ID_PATTERN, ONE_LINE, TEXT, Edge

if TYPE_CHECKING:
    import networkx as nx

    from .model import Entry

_MESSAGES = {
    "extra_forbidden": "unknown field",
    "unexpected_keyword_argument": "unknown field",  # the same, said of a dataclass (Chapter)
    "missing": "is required",
    "finite_number": "must be a finite number",
    "model_type": "must be a mapping of fields",
    "dataclass_type": "must be a mapping of fields",
}


def kind_of(value: Any) -> str:
    """What a YAML value is, in a user's words."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true or false"
    names = {list: "a list", dict: "a mapping", str: "text", int: "a number", float: "a number"}
    return names.get(type(value), f"a {type(value).__name__}")


def _char_name(ch: str) -> str:
    """'/' for a printable ASCII character, else its code point and name: U+00E9 LATIN SMALL LETTER E WITH ACUTE."""
    if ch.isascii() and ch.isprintable():
        return f"'{ch}'"
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip()


def _pattern_message(error: Any) -> str:
    """A mismatched id or ISBN, with what is wrong in it (ids that look alike may differ in Unicode)."""
    value = error.get("input")
    shown = repr(value) if len(value) <= 60 else f"a text of {len(value):,} characters"
    pattern = error.get("ctx", {}).get("pattern")
    if pattern in (ONE_LINE, TEXT, CHAPTER_NUMBER):
        bad = next(ch for ch in value if not re.fullmatch(pattern, ch))
        where = "a chapter number" if pattern == CHAPTER_NUMBER else "catalog text"
        return f"holds {_char_name(bad)}, which {where} may not hold (got {shown})"
    if pattern != ID_PATTERN:
        return f"must be 13 digits starting with 978 or 979, without hyphens (got {shown})"
    bad = [ch for ch in dict.fromkeys(value) if not (ch.isascii() and (ch.isalnum() or ch in "._-"))]
    why = f"it holds {', '.join(_char_name(ch) for ch in bad[:3])}" if bad else f"it starts with '{value[:1]}'"
    return (
        f"{shown} is not a valid id: use only ASCII letters, digits, '.', '_' and '-',"
        f" starting with a letter or digit; {why}"
    )


def describe(error: Any, data: Any, key: str) -> tuple[Where, str, str]:
    """(where in the file, entry name, message) of one pydantic error in ``data``'s file ``key``."""
    loc: Where = tuple(error["loc"])
    entry = ""
    rest = loc
    if len(loc) >= 2 and loc[0] == key and isinstance(loc[1], int):
        entry = _entry_name(data, key, loc[1])
        rest = loc[2:]
    where = _dotted(rest)
    if error["type"] == "string_pattern_mismatch" and isinstance(error.get("input"), str):
        return loc, entry, f"{where}: {_pattern_message(error)}" if where else _pattern_message(error)
    message = _MESSAGES.get(error["type"], error["msg"])
    if error["type"] in {"model_type", "dataclass_type"}:
        message += f" (got {kind_of(error.get('input'))})"
    if error["type"] not in _MESSAGES and message:
        message = message[0].lower() + message[1:]
    shown_input = error.get("input")
    if error["type"] in {
        "greater_than",
        "less_than_equal",
        "finite_number",
        "string_too_long",
        "string_pattern_mismatch",
    }:
        text = (
            repr(shown_input)
            if not isinstance(shown_input, str) or len(shown_input) <= 60
            else f"a text of {len(shown_input):,} characters"
        )
        message += f" (got {text})"
    return loc, entry, f"{where}: {message}" if where else message


def _entry_name(data: Any, key: str, index: int) -> str:
    singular = {"books": "book", "prereqs": "prereqs", "goals": "goal"}[key]
    try:
        item = data[key][index]
    except (KeyError, IndexError, TypeError):
        item = None
    if key == "prereqs" and isinstance(item, dict):
        before, after = (item.get(side) for side in ("before", "after"))
        before, after = (v if isinstance(v, str) and len(v) <= 100 else "?" for v in (before, after))
        return f"prereqs[{index}] ({before} -> {after})"
    if isinstance(item, dict) and isinstance(item.get("id"), str) and len(item["id"]) <= 100:
        return f"{singular} '{item['id']}'"
    return f"{key}[{index}]"


def _dotted(loc: Sequence[str | int]) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def suggest(wanted: str, known: Iterable[str]) -> str:
    """A "did you mean" hint naming what in ``known`` is close to ``wanted``, or nothing. It
    compares with every id: callers that may ask often go through :meth:`.problems.FileProblems.suggest`."""
    import difflib  # here: only a problem asks, and its import took a millisecond of every command

    close = difflib.get_close_matches(wanted, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


class Nearby:
    """Many ids, indexed by their pairs of characters: those that share the most pairs with an id
    are the few worth comparing with it in :func:`suggest` (a comparison costs as much as a
    thousand look-ups here; 5,000 unknown ids among 5,000 books took 9 s of hints without it)."""

    def __init__(self, known: Iterable[str]) -> None:
        self._ids = list(known)
        self._postings: dict[str, list[int]] = {}
        for number, text in enumerate(self._ids):
            for pair in _pairs(text):
                self._postings.setdefault(pair, []).append(number)

    def closest(self, wanted: str, count: int = 64) -> list[str]:
        """The ``count`` ids that share the most pairs of characters with ``wanted`` (among equals,
        the first counted: pairs in sorted order, ids in theirs), in their order."""
        shared: Counter[int] = Counter()
        for pair in sorted(_pairs(wanted)):  # sorted: no hash seed changes which come first
            shared.update(self._postings.get(pair, ()))
        return [self._ids[number] for number in sorted(n for n, _ in shared.most_common(count))]


Arc = tuple[str, str]
"""A prerequisite as a pair of books: one alternative (or the only one) of an edge, and its ``after``."""


def acyclic(arcs: Iterable[Arc]) -> bool:
    """Whether the arcs make no cycle (Kahn's algorithm: every node can be taken in an order)."""
    after: dict[str, list[str]] = {}
    waiting: dict[str, int] = {}
    for u, v in arcs:
        after.setdefault(u, []).append(v)
        waiting[v] = waiting.get(v, 0) + 1
        waiting.setdefault(u, 0)
    ready = [node for node, count in waiting.items() if count == 0]
    taken = 0
    while ready:
        node = ready.pop()
        taken += 1
        for nxt in after.get(node, ()):
            waiting[nxt] -= 1
            if waiting[nxt] == 0:
                ready.append(nxt)
    return taken == len(waiting)


def shortest_cycle(start: str, succ: dict[str, list[str]], group: set[str]) -> list[str]:
    """The shortest cycle from ``start`` back to it within ``group`` (breadth first, in id order)."""
    came_from: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in succ[node]:
            if nxt == start:
                path = [node]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return [*reversed(path), start]
            if nxt in group and nxt not in came_from:
                came_from[nxt] = node
                queue.append(nxt)
    raise AssertionError(f"{start} is on no cycle of its group")


_PRUNE_WORK = 2_000_000
"""Steps (arcs to put back times the size of their group) the cut of a cyclic group may take to
drop the arcs it does not need; a larger group keeps the heuristic's cut as it is."""


def cut_arcs(nodes: list[str], arcs: list[Arc]) -> list[Arc]:
    """A small set of ``arcs`` whose removal leaves no cycle among ``nodes``: the backward arcs of
    the order of Eades, Lin and Smyth's greedy heuristic (1993), in time O(arcs log nodes), then,
    when that costs at most :data:`_PRUNE_WORK` steps, without those not needed (in list order)."""
    succ: dict[str, list[str]] = {n: [] for n in nodes}
    pred: dict[str, list[str]] = {n: [] for n in nodes}
    for u, v in arcs:
        succ[u].append(v)
        pred[v].append(u)
    ins, outs = {n: len(pred[n]) for n in nodes}, {n: len(succ[n]) for n in nodes}
    heap = [(ins[n] - outs[n], n) for n in nodes]  # the most out-arcs over in-arcs first
    heapq.heapify(heap)
    sinks, sources = deque(n for n in nodes if not outs[n]), deque(n for n in nodes if not ins[n])
    done: set[str] = set()
    head: list[str] = []
    tail: list[str] = []
    while len(done) < len(nodes):
        if sinks or sources:
            node, side = (sinks.popleft(), tail) if sinks else (sources.popleft(), head)
        else:
            key, node = heapq.heappop(heap)
            side = head
            if node in done or key != ins[node] - outs[node]:
                continue  # taken, or pushed again since
        if node in done:
            continue
        done.add(node)
        side.append(node)
        for nxt in succ[node]:
            if nxt not in done:
                ins[nxt] -= 1
                heapq.heappush(heap, (ins[nxt] - outs[nxt], nxt))
                if not ins[nxt]:
                    sources.append(nxt)
        for prev in pred[node]:
            if prev not in done:
                outs[prev] -= 1
                heapq.heappush(heap, (ins[prev] - outs[prev], prev))
                if not outs[prev]:
                    sinks.append(prev)
    rank = {n: i for i, n in enumerate(head + tail[::-1])}
    back = [(u, v) for u, v in arcs if rank[u] > rank[v]]
    if len(back) * (len(nodes) + len(arcs)) > _PRUNE_WORK:
        return back
    kept = {n: [v for v in succ[n] if rank[n] < rank[v]] for n in nodes}
    needed = []
    for u, v in back:  # put an arc back where it closes no cycle: v does not reach u
        seen, todo = {v}, [v]
        while todo and u not in seen:
            for nxt in kept[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        if u in seen:
            needed.append((u, v))
        else:
            kept[u].append(v)
    return needed


def _edge_in_group(index: int, edge: Edge, inside: Sequence[str]) -> str:
    """An edge of a cyclic group: ``prereqs[3] (a -> b)``, or an any_of edge with its alternatives
    in the group (the first three) and ``...`` for the others: ``prereqs[4] (any of c|... -> a)``."""
    if not edge.is_group:
        return f"prereqs[{index}] ({edge.before} -> {edge.after})"
    shown = list(inside[:3]) + (["..."] if len(edge.choices) > min(len(inside), 3) else [])
    return f"prereqs[{index}] (any of {'|'.join(shown)} -> {edge.after})"


def _listed(shown: Sequence[str], total: int, noun: str) -> str:
    """``a, b, c``; when ``shown`` is the first of ``total``, ``a, b and 7 more books``."""
    text = ", ".join(shown)
    return text if total <= len(shown) else f"{text} and {total - len(shown):,} more {noun}".rstrip()


def cycle_message(
    *,
    path: Sequence[str],
    through: Sequence[int],
    books: Sequence[str],
    members: dict[int, list[str]],
    cut: Sequence[tuple[int, str, str]],
    edges: dict[int, Edge],
) -> tuple[str, tuple[Where, ...], Say]:
    """A cyclic group of books in words: one of its cycles (``path``, through the any_of edges
    ``through``), its ``books``, its edges (``members``: each edge's alternatives in the group)
    and the arcs to remove together to break all of its cycles (``cut``, as (edge, before,
    after); empty when the group is one cycle, which removing any of its edges breaks).

    Returns the text without lines, the places whose lines it names, and the text given those
    lines. At most :data:`.problems.MAX_NAMED` books, edges and arcs to remove are named; the
    rest are counted.
    """
    head = "cycle: " + " -> ".join(path)
    if through:
        named = ", ".join(f"prereqs[{g}]" for g in through)
        head += f" (through the any_of group{'s' if len(through) > 1 else ''} {named})"
    listed = sorted(members)[:MAX_NAMED]
    shown_cut = list(cut[:MAX_NAMED])
    refs: tuple[Where, ...] = tuple(("prereqs", i) for i in [*listed, *(i for i, _, _ in shown_cut)])

    def say(lines: Sequence[int | None]) -> str:
        def on(name: str, line: int | None) -> str:
            return f"{name} on line {line}" if line else name

        edge_names = [on(_edge_in_group(i, edges[i], members[i]), line) for i, line in zip(listed, lines, strict=False)]
        edge_text = _listed(edge_names, len(members), "edges")
        if not cut:
            return f"{head}; its {len(members):,} edges: {edge_text}; removing any one of them breaks it"
        cut_names = []
        for (i, before, _), line in zip(shown_cut, lines[len(listed) :], strict=True):
            name = _edge_in_group(i, edges[i], [before])
            cut_names.append(on(f"the alternative {before} of {name}" if edges[i].is_group else name, line))
        cut_text = _listed(cut_names, len(cut), "")
        remove = (
            f"removing {cut_text} breaks all of them"
            if len(cut) == 1
            else f"removing these {len(cut):,} together breaks all of them: {cut_text}"
        )
        return (
            f"{head}, one of the cycles among {len(books):,} books ({_listed(books[:MAX_NAMED], len(books), 'books')});"
            f" their {len(members):,} edges: {edge_text}; {remove}"
        )

    return say([None] * len(refs)), refs, say


def cycles(graph: nx.DiGraph) -> Iterator[tuple[list[tuple[str, str]], str]]:
    """One cycle of each cyclic group (strongly connected component) of ``graph``, in order of
    their smallest book: the shortest through that book, as its arcs and its text (``a -> b -> a``)."""
    succ = {node: sorted(graph.successors(node)) for node in graph}
    for nodes in _cyclic_groups(graph):
        path = shortest_cycle(nodes[0], succ, set(nodes))
        yield list(itertools.pairwise(path)), " -> ".join(path)


def _cyclic_groups(graph: nx.DiGraph) -> list[list[str]]:
    """The strongly connected components of more than one book, each sorted, by their first book."""
    import networkx as nx

    if nx.is_directed_acyclic_graph(graph):
        return []
    return sorted(sorted(group) for group in nx.strongly_connected_components(graph) if len(group) > 1)


def _forward(kept: list[tuple[int, Edge]], books: dict[str, Entry]) -> bool:
    """Whether each alternative of each edge comes before its book in the file: then the edges
    make no cycle, the file's order being one that takes them all."""
    place = {book_id: entry.index for book_id, entry in books.items()}
    for _, edge in kept:
        after = place[edge.after]
        if edge.any_of is None:
            if place[edge.before] >= after:  # type: ignore[index]
                return False
        elif any(place[choice.book] >= after for choice in edge.any_of):
            return False
    return True


def report_cycles(kept: list[tuple[int, Edge]], books: dict[str, Entry], problems: FileProblems) -> None:
    """Every cyclic group, once: a cycle of it, its edges, and edges to remove together to break
    all its cycles. A cycle through any alternative is a cycle: a plan could pick it."""
    if _forward(kept, books):  # the usual case, found without making the arcs
        return
    arcs: dict[Arc, list[int]] = {}  # each arc, with the edges that make it (in file order)
    for index, edge in kept:
        for choice in edge.choices:
            arcs.setdefault((choice.book, edge.after), []).append(index)
    if acyclic(arcs):  # the usual case, found without networkx (whose import alone takes 0.1 s)
        return
    with scratch_digraph() as graph:
        graph.add_edges_from(arcs)
        groups = _cyclic_groups(graph)
    if not groups:
        return
    edges = dict(kept)
    succ: dict[str, list[str]] = {}
    for u, v in sorted(arcs):
        succ.setdefault(u, []).append(v)
    for nodes in groups:
        group = set(nodes)
        inside = [(u, v) for u in nodes for v in succ[u] if v in group]
        path = shortest_cycle(nodes[0], succ, group)
        through = sorted({arcs[pair][0] for pair in itertools.pairwise(path) if edges[arcs[pair][0]].is_group})
        units = [(i, u, v) for u, v in inside for i in arcs[(u, v)]]
        single = len(inside) == len(nodes) and len(units) == len(inside)  # one cycle, no arc made twice
        cut = [] if single else sorted((i, u, v) for u, v in cut_arcs(nodes, inside) for i in arcs[(u, v)])
        members: dict[int, list[str]] = {}
        for i, u, _ in sorted(units):
            members.setdefault(i, []).append(u)
        text, refs, say = cycle_message(path=path, through=through, books=nodes, members=members, cut=cut, edges=edges)
        problems.add(("prereqs", min(members)), "prereqs", text, refs=refs, say=say)
