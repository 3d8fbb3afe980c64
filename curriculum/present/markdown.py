"""The plan as Markdown for GitHub or Notion: the week-by-week plan and the books with links.

Catalog text is escaped so that it stays text: Markdown punctuation and HTML's ``<`` and
``&`` get a backslash, line breaks become spaces. Only http(s) URLs become links.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from .text import day_text, hours_text, session_day

if TYPE_CHECKING:
    from .job import PlanJob
    from .view import BookCard, PlanView

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&$])")


_LIST_START = re.compile(r"^(\d+)([.)])|^-")


def md_text(text: str) -> str:
    """``text`` as literal Markdown text on one line (also where a list item may start)."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return _LIST_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else "\\-", escaped)


def md_url(url: str) -> str:
    """An http(s) URL made safe inside ``(...)``: spaces, brackets and quotes percent-encoded."""
    return quote(url, safe="/:?#@!$&'*+,;=%-._~")


def md_code(text: str) -> str:
    """Inline code on one line that no backtick in ``text`` can close."""
    text = " ".join(text.split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def render(job: PlanJob) -> str:
    """The plan as Markdown (the renderer 'md')."""
    return render_markdown(job.view)


def render_markdown(view: PlanView) -> str:
    """The Markdown document (ends with a newline)."""
    lines = [f"# Study plan: {md_text(view.title)}", ""]
    if view.mentee:
        lines += [f"For **{md_text(view.mentee)}**", ""]
    for _, title, description in view.goals:
        if description:
            prefix = f"**{md_text(title)}:** " if len(view.goals) > 1 else ""
            lines += [f"{prefix}{md_text(description)}", ""]
    lines += [
        f"- Hours per week: {view.hours_per_week_text}",
        f"- Start: {day_text(view.start)}",
        f"- End: {day_text(view.end)}",
        f"- Total: {hours_text(view.total_minutes)} in {view.weeks_count} weeks"
        f" (at least {view.lower_bound_weeks} weeks)",
    ]
    if view.options:
        lines.append(f"- Planned with {md_text('; '.join(view.options))}")
    if view.done:
        lines.append(f"- Already read: {md_text('; '.join(view.done))} (saves {hours_text(view.saved_minutes)})")
    lines += [f"- To make this plan again: {md_code(view.command)}", ""]
    for heading, notes in view.notes:
        lines += [f"## {md_text(heading)}", ""]
        lines += [md_text(notes[0]), ""] if len(notes) == 1 else [*(f"- {md_text(n)}" for n in notes), ""]
    lines += ["## Week by week", ""]
    if not view.weeks:
        lines += ["Nothing is left to read for this goal.", ""]
    for week in view.weeks:
        if week.is_break:
            lines += [f"### Week {week.number}: {day_text(week.start)} – {day_text(week.end)} (a week off)", ""]
            continue
        off = f", {week.days_off_text}" if week.days_off_text else ""
        lines.append(
            f"### Week {week.number}: {day_text(week.start)} – {day_text(week.end)}"
            f" ({hours_text(week.minutes)} of {hours_text(week.budget)}{off})"
        )
        lines.append("")
        for session in week.sessions:
            when = f"{session_day(session.day, session.at)}: " if session.day else ""
            box = "x" if session.done else " "  # read already: a continued plan's past
            title = f"**{md_text(session.title)}**, {md_text(session.summary)}"
            lines.append(f"- [{box}] {when}{title} ({hours_text(session.minutes)})")
            for chapter in session.chapters:
                part = f", {chapter.part_text}" if chapter.part_text else ""
                lines.append(f"  - {md_text(chapter.label)} ({hours_text(chapter.minutes)}{part})")
        lines.append("")
    lines += ["## Books", ""]
    for book in view.books:
        lines.append(f"### {md_text(book.title)}")
        lines.append("")
        if book.subtitle:
            lines += [f"*{md_text(book.subtitle)}*", ""]
        lines.append(f"- By {md_text(', '.join(book.authors))}")
        shown = book.facts(edition="edition {}")
        if shown:
            lines.append(f"- {md_text(', '.join(shown))}")
        lines.append(
            f"- In this plan: {md_text(book.chapters)}, {hours_text(book.minutes)},"
            f" {md_text(book.stretches or book.weeks_text)}"
        )
        for link in book.links:
            target = f"[{md_text(link.text)}]({md_url(link.href)})" if link.href else md_code(link.text)
            lines.append(f"- {md_text(link.label)}: {target}")
        if book.target_of:
            lines.append(f"- Why: the goal {md_text(' and '.join(book.target_of))} asks for it.")
        lines += _chain_lines(book)
        lines.append("")
    lines.append(f"Plan key `{view.plan_key}`. Made with curriculum.")
    return "\n".join(lines) + "\n"


def _chain_lines(book: BookCard) -> list[str]:
    """The card's chain to the goal, each step with its reason; a long chain's first steps and
    a count of the rest, so that a card's text is bounded however long the chain (issue 13)."""
    lines = []
    for step in book.why_shown:
        chapters = f" ({md_text(step.chapters)})" if step.chapters else ""
        lines.append(
            f"- Why: **{md_text(step.before_title)}**{chapters} comes before"
            f" **{md_text(step.after_title)}**: {md_text(step.reason)}"
        )
    hidden = len(book.why) - len(book.why_shown)
    if hidden:
        lines.append(
            f"- Why: … and {hidden:,} more steps (see each book's card) to"
            f" **{md_text(book.why[-1].after_title)}**, a book of the goal."
        )
    return lines
