"""The shell command that makes a plan again, shown on every output of it: the request's own
arguments (:meth:`curriculum.request.PlanRequest.arguments`), the catalog's, and the mentee's."""

from __future__ import annotations

import shlex

from ..planner import Plan


def regenerate_command(plan: Plan, *, mentee: str | None) -> str:
    """The shell command that makes this plan again (each argument quoted for the shell).

    Every choice of the request is spelled out, the start date included, and finished
    chapters (from --done or --progress) become --done options, so the command stands alone.
    """
    args = ["curriculum", "plan", *plan.request.arguments(plan.catalog), *plan.catalog.origin.catalog_args()]
    if mentee:
        args += ["--for", mentee]
    return " ".join(shlex.quote(a) for a in args)
