"""What a plan renderer is given: the plan, who it is for, how to make it again, and the view.

One :class:`PlanJob` serves every format written in one run, so the view is built once, on
first use (JSON and the terminal text need none), and every format names its files alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from ..planner import Plan
from .view import PlanView, build_view


@dataclass
class PlanJob:
    """One plan to render. ``created`` is SOURCE_DATE_EPOCH's time, the only date of making an
    output may carry; ``warnings`` collects what a renderer has to say (the PDF's refused URLs)."""

    plan: Plan
    mentee: str | None = None
    command: str = ""
    paper: str = "a4"
    created: datetime | None = None
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def view(self) -> PlanView:
        return build_view(self.plan, mentee=self.mentee, command=self.command)

    @property
    def file_stem(self) -> str:
        """``<goal ids joined by +>[-<mentee slug>]``: every file of the plan is this plus its suffix."""
        return file_stem((g.id for g in self.plan.goals), self.mentee)


def slugify(text: str) -> str:
    """A file-name-safe form of a name: 'Zoë O'Neil' -> 'zoe-o-neil'; letters of any script kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = re.sub(r"[^\w]+|_+", "-", kept.casefold(), flags=re.UNICODE).strip("-")
    return slug[:60].strip("-")


def file_stem(goals: Iterable[str], mentee: str | None) -> str:
    """``<goal ids joined by +>[-<mentee slug>]``."""
    stem = "+".join(goals)
    slug = slugify(mentee) if mentee else ""
    return f"{stem}-{slug}" if slug else stem
