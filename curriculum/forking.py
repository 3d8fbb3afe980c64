"""Where a child process may be forked to work beside this one (issue 15): the catalog's reader
(:mod:`.catalog.beside`) and a PDF's renderer (:mod:`.present.pdfchild`) ask here.

A child is forked only on Linux, with no other thread running (a forked child has only the
thread that forked it, and whatever locks the others held stay held in it), and never by a
forked child (the processors are taken).
"""

from __future__ import annotations

import os
import sys

_child = False
"""This process is a forked child."""


def forkable() -> bool:
    """Whether a child may be forked here (see the module's doc)."""
    if _child or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() <= 1


def in_child() -> None:
    """Mark this process as a forked child: it forks none of its own."""
    global _child
    _child = True
