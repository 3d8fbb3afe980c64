"""Plain-text renderings for the terminal: the plan, the goals and the books."""

from __future__ import annotations

from datetime import date
from typing import Any

from .plan_notes import assumption_lines, choice_lines, display_titles, left_out_lines, stretch_text
from .planner import Plan
from .views import Session, sessions


def _h(minutes: int) -> str:
    return f"{minutes / 60:.2f}".rstrip("0").rstrip(".") + " h"


def _d(day: date) -> str:
    return day.strftime("%a %Y-%m-%d")


def chapter_text(plan: Plan, session: Session) -> str:
    """Chapter numbers of a session, runs shortened: 'ch 1-3, 4 (part 1/2)'."""
    units = plan.catalog.books[session.book].units
    items: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            items.append(run[0] if len(run) == 1 else f"{run[0]}-{run[-1]}")
            run.clear()

    for piece in session.pieces:
        number = units[piece.unit].number
        if piece.parts > 1:
            flush()
            label = f"part {piece.part}/{piece.parts}"
            items.append(f"{number} ({label})" if number is not None else label)
        elif number is None:
            items.append("whole book")
        else:
            run.append(number)
    flush()
    text = ", ".join(items)
    return text if all(units[p.unit].number is None for p in session.pieces) else f"ch {text}"


def plan_text(plan: Plan) -> str:
    """The week-by-week plan with a summary at the end."""
    request = plan.request
    titles = display_titles(plan.catalog, (b.id for b in plan.books))
    pace = f"{plan.hours_per_week:g} h/week"
    if request.by is not None and request.hours_per_week is None:
        pace += f" (the least that finishes by {_d(request.by)})"
    elif request.by is not None:
        pace += f", finishing by {_d(request.by)}"
    if request.parallel > 1:
        pace += f", up to {request.parallel} books at once"
    if request.pace != 1:
        pace += f", reading times x{request.pace:g}"
    lines = [" + ".join(f"{g.id}: {g.title}" for g in plan.goals), f"{pace}, starting {_d(request.start)}", ""]
    lines += [*assumption_lines(plan), ""]
    if plan.choices:
        lines += ["Chosen for you among alternatives:", *(f"  {line}" for line in choice_lines(plan)), ""]
    if plan.left_out:
        lines += [*left_out_lines(plan), ""]
    if plan.done:
        done = "; ".join(_done_text(plan, book, units) for book, units in plan.done.items())
        lines += [f"Already done: {done}.", f"That saves {_h(plan.saved_minutes)}.", ""]
    if not plan.weeks:
        lines.append(
            "Nothing of the goal fits by the deadline." if plan.left_out else "Nothing is left to read for this goal."
        )
        return "\n".join(lines)
    for week in plan.weeks:
        if week.is_break:
            lines.append(f"Week {week.number:<3} {_d(week.start)}  break")
            continue
        lines.append(f"Week {week.number:<3} {_d(week.start)}  {_h(week.minutes)} of {_h(week.budget)}")
        for session in sessions(week):
            lines.append(f"  {_h(session.minutes):>7}  {titles[session.book]}: {chapter_text(plan, session)}")
    lines.append("")
    lines.append("Books, in reading order:")
    for book in plan.books:
        span = (
            f"week {book.first_week}"
            if book.first_week == book.last_week
            else f"weeks {book.first_week}-{book.last_week}"
        )
        stretches = stretch_text(plan, book)
        lines.append(f"  {_h(book.minutes):>7}  {titles[book.id]} ({stretches or span})")
    lines.append("")
    total = plan.total_minutes
    breaks = len(plan.weeks) - plan.study_weeks
    weeks = f"{len(plan.weeks)} weeks" + (f" ({breaks} of them breaks)" if breaks else "")
    bound = f"ceil({_h(total)} / {_h(plan.budget)})"
    if request.parallel > 1:
        bound = f"max({bound}, ceil(longest chain {_h(plan.longest_chain_minutes)} / {_h(plan.budget)}))"
    lines.append(
        f"Total {_h(total)} in {weeks}, ending {_d(plan.end)}. Lower bound: {bound} = {plan.lower_bound_weeks} weeks."
    )
    return "\n".join(lines)


def _done_text(plan: Plan, book: str, units: frozenset[int]) -> str:
    entry = plan.catalog.books[book]
    if len(units) == len(entry.units):
        return f"{entry.book.title} (whole book)"
    numbers = [entry.units[u].number or "" for u in sorted(units)]
    return f"{entry.book.title} ch {', '.join(numbers)}"


def goals_text(rows: list[dict[str, object]]) -> str:
    """The goals table: id, books, hours, title."""
    width = max([len("goal")] + [len(str(r["id"])) for r in rows])
    lines = [f"{'goal':<{width}}  books   hours  title"]
    for r in rows:
        lines.append(f"{r['id']!s:<{width}}  {r['books']!s:>5}  {r['hours']!s:>6}  {r['title']}")
    points: dict[str, list[str]] = {}
    for r in rows:
        for point in r.get("starting_points", []):  # type: ignore[attr-defined]
            points.setdefault(point["id"], []).append(f"{r['id']} -{point['saves_hours']:g} h")
    if points:
        lines += ["", "Starting points that shorten a plan (plan --know POINT):"]
        lines += [f"  --know {point}: {', '.join(saves)}" for point, saves in points.items()]
    return "\n".join(lines)


def books_text(rows: list[dict[str, object]]) -> str:
    """The catalog table: id, year, pages, hours, title."""
    width = max([len("book")] + [len(str(r["id"])) for r in rows])
    lines = [f"{'book':<{width}}  year  pages  hours  title"]
    for r in rows:
        pages = r["pages"] if r["pages"] is not None else "?"
        year = r["year"] if r["year"] is not None else "?"
        lines.append(f"{r['id']!s:<{width}}  {year!s:>4}  {pages!s:>5}  {r['hours']!s:>5}  {r['title']}")
    return "\n".join(lines)


def goal_text(facts: dict[str, Any]) -> str:
    """`curriculum show GOAL`: targets, assumptions, planned books, hours and weeks, starting points."""
    lines = [f"{facts['id']}: {facts['title']}"]
    if facts["description"]:
        lines.append(f"  {facts['description']}")
    lines += ["", "Targets, in reading order:"]
    for target in facts["targets"]:
        if "any_of" in target:
            options = " or ".join(_target_text(t) for t in target["any_of"])
            lines.append(f"  any one of: {options}")
        else:
            lines.append(f"  {_target_text(target)}")
    assumed = ", ".join(f"{a['title']} ({a['id']})" for a in facts["assumes"]) or "nothing (it starts from zero)"
    lines += ["", f"Assumes: {assumed}"]
    lines += ["", f"Its plan holds {facts['books']} books, {facts['hours']:g} h:"]
    lines += [f"  {book['hours']:>6g} h  {book['title']} ({book['id']})" for book in facts["plan_books"]]
    lines += ["", f"At {facts['hours_per_week']:g} h/week: {facts['weeks']} weeks."]
    if facts["starting_points"]:
        lines += ["", "Starting points that shorten it (plan --know POINT):"]
        lines += [f"  --know {p['id']}: -{p['saves_hours']:g} h" for p in facts["starting_points"]]
    return "\n".join(lines)


def _target_text(target: dict[str, Any]) -> str:
    chapters = target.get("chapters") or []
    return str(target["book"]) + (f" ch {', '.join(chapters)}" if chapters else "")
