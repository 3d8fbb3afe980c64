"""The shell command that makes a plan again, shown on every output of it."""

from __future__ import annotations

import shlex

from ..planner import Plan
from .text import index_runs


def regenerate_command(plan: Plan, *, mentee: str | None) -> str:
    """The shell command that makes this plan again (each argument quoted for the shell).

    Every choice of the request is spelled out, the start date included, and finished
    chapters (from --done or --progress) become --done options, so the command stands alone.
    """
    request = plan.request
    args = ["curriculum", "plan"]
    for goal in plan.goals:
        args += ["--goal", goal.id]
    if request.hours_per_week is not None:
        args += ["--hours", _number(request.hours_per_week)]
    if request.by is not None:
        args += ["--by", request.by.isoformat()]
    args += ["--start", request.start.isoformat()]
    for book, units in request.done.items():
        args += ["--done", _done_arg(plan, book, units)]
    for first, last in request.skip:
        args += ["--skip", f"{first.isoformat()}..{last.isoformat()}"]
    if request.pace != 1:
        args += ["--pace", _number(request.pace)]
    if request.parallel != 1:
        args += ["--parallel", str(request.parallel)]
    if request.whole_books:
        args.append("--whole-books")
    if request.optional:
        args.append("--optional")
    for book in request.prefer:
        args += ["--prefer", book]
    for point in request.know:
        args += ["--know", point]
    if request.from_zero:
        args.append("--from-zero")
    args += plan.catalog.origin.catalog_args()
    if mentee:
        args += ["--for", mentee]
    return " ".join(shlex.quote(a) for a in args)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _done_arg(plan: Plan, book: str, units: frozenset[int]) -> str:
    """``book`` or ``book:1-4,7``: runs of consecutive chapters as ranges."""
    numbers = [u.number for u in plan.catalog.books[book].units]
    if len(units) == len(numbers) or None in numbers:
        return book
    items: list[str] = []
    for first, last in index_runs(units):
        run = [n for n in numbers[first : last + 1] if n is not None]
        ranged = len(run) > 1 and "-" not in run[0] + run[-1]
        items += [f"{run[0]}-{run[-1]}"] if ranged else run
    return f"{book}:{','.join(items)}"
