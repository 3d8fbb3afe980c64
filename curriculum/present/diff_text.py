"""What moved between two plans (:mod:`curriculum.diff`), as the short text a re-plan and
``curriculum diff`` print."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diff import BookChange, Changes
from .text import iso_day, one_line

if TYPE_CHECKING:
    from ..planner import Plan

MAX_LINES = 12
"""Books listed per kind of change; more are counted."""


def changes_text(changes: Changes, *, heading: str = "What moved") -> str:
    """'What moved: ...' with the end, weeks behind or ahead, and the books concerned."""
    lines = [f"{heading}:"]
    later = changes.weeks_later
    end = f"  End: {iso_day(changes.old_end)} -> {iso_day(changes.new_end)}"
    if later > 0:
        end += f" ({later} week{'s' if later != 1 else ''} behind)"
    elif later < 0:
        end += f" ({-later} week{'s' if later != -1 else ''} ahead)"
    elif changes.old_end != changes.new_end:
        end += " (the same week)"
    else:
        end = f"  End: {iso_day(changes.new_end)}, unchanged"
    lines.append(end)
    if changes.old_hours != changes.new_hours:
        lines.append(f"  Hours a week: {changes.old_hours:g} -> {changes.new_hours:g}")
    for label, items in (
        ("Finished", changes.finished),
        ("Added", changes.added),
        ("Dropped", changes.dropped),
        ("Moved", changes.moved),
    ):
        if not items:
            continue
        shown = [_item(change) for change in items[:MAX_LINES]]
        if len(items) > MAX_LINES:
            shown.append(f"and {len(items) - MAX_LINES} more")
        lines.append(f"  {label}: " + "; ".join(shown))
    if changes.same:
        lines.append("  Nothing else moved.")
    return "\n".join(("  " if line.startswith("  ") else "") + one_line(line) for line in lines)


def continued_changes(plan: Plan) -> Changes | None:
    """What moved from the plan a continued plan continues to it (None for other plans)."""
    if plan.continued is None or not plan.continued.previous:
        return None
    from ..diff import compare, summary
    from .json import plan_to_dict

    return compare(plan.continued.previous, summary(plan_to_dict(plan, lazy=True)))


def moved_heading(plan: Plan) -> str:
    assert plan.continued is not None
    return f"What moved since the plan was exported (continued on {plan.continued.as_of})"


def _item(change: BookChange) -> str:
    text = change.title
    if change.chapters:
        shown = (
            change.chapters
            if len(change.chapters) <= 8
            else (*change.chapters[:6], f"… ({len(change.chapters) - 6} more)")
        )
        text += " ch " + ", ".join(shown)
    if change.weeks is not None:
        (old_first, old_last), (first, last) = change.weeks
        text += f", weeks {_span(old_first, old_last)} -> {_span(first, last)}"
    return text


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"
