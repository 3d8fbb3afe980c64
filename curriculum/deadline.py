"""A deadline and a weekly budget together: "8 h a week, interview in 12 weeks".

When the whole plan fits by the deadline it is planned as usual. When it does not, the least
important material goes first: alternatives are picked by hours alone (the cheaper ones),
then the goals' targets are kept in the goals' order, chapter by chapter, as long as the plan
(with the prerequisites those chapters need) ends by the deadline; a chapter that would not
fit is left out with what only it needs, and the later ones are still tried. The plan lists
what was left out and the fewest weekly hours that would fit everything.
"""

from __future__ import annotations

import dataclasses

from .catalog import Catalog
from .errors import PlanningError
from .graph import Made
from .planner import LeftOut, Plan, PlanRequest, Work, plan_at, plan_by, prepare

MAX_TRIES = 300
"""Target chapters tried one by one after the first that does not fit."""


def fit(catalog: Catalog, request: PlanRequest, work: Work, plan: Plan) -> Plan:
    """``plan`` (which ends after ``request.by``) cut down to end by it."""
    assert request.by is not None and request.hours_per_week is not None
    by, hours = request.by, request.hours_per_week
    cheap = prepare(catalog, request, cheapest=True)
    best = plan_at(catalog, request, cheap, hours)
    if best.end > by:
        flat = [(book, unit) for book, units in cheap.targets for unit in sorted(units)]

        def trial(chosen: list[tuple[str, int]]) -> Plan:
            kept: dict[str, set[int]] = {}
            for book, unit in chosen:
                kept.setdefault(book, set()).add(unit)
            only = [(book, frozenset(units)) for book, units in kept.items()]
            return plan_at(catalog, request, prepare(catalog, request, cheapest=True, only=only), hours)

        # The longest run of target chapters from the start that fits (nothing at all does)...
        low, high = 0, len(flat) - 1
        best = trial([])
        while low < high:
            middle = (low + high + 1) // 2
            attempt = trial(flat[:middle])
            if attempt.end <= by:
                low, best = middle, attempt
            else:
                high = middle - 1
        # ... then each later chapter that still fits, in order (a bounded number of tries).
        kept = flat[:low]
        for item in flat[low + 1 : low + 1 + MAX_TRIES]:
            attempt = trial([*kept, item])
            if attempt.end <= by:
                kept.append(item)
                best = attempt
    try:
        needed = plan_by(catalog, dataclasses.replace(request, hours_per_week=None), work).hours_per_week
    except PlanningError:
        needed = None
    return dataclasses.replace(
        best,
        request=request,
        left_out=_left_out(work, best),
        fit_hours=needed,
        choices=_explained(plan.choices, best.choices, by.isoformat()),
    )


def _left_out(work: Work, plan: Plan) -> tuple[LeftOut, ...]:
    planned = {b.id: set(b.units) for b in plan.books}
    out = []
    for book, units in work.selection.items():
        missing = tuple(sorted(units - planned.get(book, set())))
        if missing:
            out.append(LeftOut(book, missing, sum(work.minutes[(book, u)] for u in missing)))
    return tuple(out)


def _explained(before: tuple[Made, ...], after: tuple[Made, ...], by: str) -> tuple[Made, ...]:
    """Choices that changed to fit the deadline say so."""

    def key(m: Made) -> tuple[str, frozenset[str]]:
        return m.after, frozenset(c.book for c in (m.chosen, *m.instead_of))

    was = {key(m): m.chosen for m in before}
    out = []
    for made in after:
        old = was.get(key(made))
        if old is not None and old != made.chosen:
            made = dataclasses.replace(made, why=f"to finish by {by}: {made.why}")
        out.append(made)
    return tuple(out)
