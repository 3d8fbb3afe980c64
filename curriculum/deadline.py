"""The search behind "8 h a week, interview in 12 weeks": which of the goals' target chapters fit.

The planner (:func:`curriculum.planner.make_plan`) plans everything when it fits by the deadline.
When it does not, it picks alternatives by hours alone and asks :func:`keep_fitting` which target
chapters to keep, in the goals' order: the longest run from the first that fits, then each later
chapter that still fits (a chapter that would not fit is left out with what only it needs, and
the later ones are still tried). Nothing here knows what a plan is: ``attempt`` plans a choice of
chapters and says whether it fits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MAX_TRIES = 300
"""Chapters tried one by one after the longest fitting run (each try is a whole plan)."""


def keep_fitting(items: Sequence[Item], attempt: Callable[[list[Item]], Result | None]) -> tuple[list[Item], Result]:
    """The items to keep and ``attempt``'s result for them; ``attempt`` returns None when a
    choice does not fit, and must fit for no items at all."""
    best = attempt([])
    assert best is not None, "nothing at all must fit"
    low, high = 0, len(items)
    while low < high:  # the longest fitting run from the start (fitting is monotone along it)
        middle = (low + high + 1) // 2
        result = attempt(list(items[:middle]))
        if result is None:
            high = middle - 1
        else:
            low, best = middle, result
    kept = list(items[:low])
    for item in items[low + 1 : low + 1 + MAX_TRIES]:
        result = attempt([*kept, item])
        if result is not None:
            kept.append(item)
            best = result
    return kept, best
