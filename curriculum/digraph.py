"""Directed graphs made for a moment: :func:`scratch_digraph`, the one way the code makes one.

A networkx graph refers to itself (through its cached views), so a graph that is dropped is
freed only by the cyclic garbage collector, which the command line holds back while a large
catalog loads (``curriculum.cli_lifetime.lasting``). A scratch graph is emptied when its
``with`` block ends, which frees its node and edge dicts at once (about 100 MB at 100k books).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def scratch_digraph() -> Iterator[Any]:
    """A new ``networkx.DiGraph``, emptied on the way out of the ``with`` block."""
    import networkx as nx

    graph = nx.DiGraph()
    try:
        yield graph
    finally:
        graph.clear()
