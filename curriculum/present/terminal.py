"""Plain text for the terminal: the plan week by week, the goals and books tables, and one goal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..planner import Plan
from ..studydays import DAY_NAMES
from .notes import assumption_lines, choice_lines, display_titles, left_out_lines, stretch_text, unverified_lines
from .text import days_off_text, hours_number, hours_text, iso_day, week_span
from .view import session_text, sessions

if TYPE_CHECKING:
    from .job import PlanJob


def render(job: PlanJob) -> str:
    """The plan as the terminal shows it (the renderer 'text')."""
    return plan_text(job.plan)


def plan_text(plan: Plan) -> str:
    """The week-by-week plan with a summary at the end."""
    request = plan.request
    # A continued plan's past may hold a book finished there, which its books no longer list.
    in_weeks = (p.book for w in plan.weeks for p in w.pieces)
    titles = display_titles(plan.catalog, (*(b.id for b in plan.books), *in_weeks))
    lines = [
        " + ".join(f"{g.id}: {g.title}" for g in plan.goals),
        f"{plan.hours_per_week:g} h/week, starting {iso_day(request.start)}",
    ]
    if request.days:
        days = ", ".join(DAY_NAMES[day.weekday] for day in request.days)
        lines[1] = f"{hours_text(plan.budget)}/week on {days}, starting {iso_day(request.start)}"
    times = {day.weekday: day.at for day in request.days}
    options = request.in_words(iso_day)
    if options:
        lines.append(f"Planned with {'; '.join(options)}.")
    lines.append("")
    lines += [*assumption_lines(plan), ""]
    if plan.choices:
        lines += ["Chosen for you among alternatives:", *(f"  {line}" for line in choice_lines(plan)), ""]
    if plan.left_out:
        lines += [*left_out_lines(plan), ""]
    check = unverified_lines(plan)
    if check:
        lines += [*check, ""]
    if plan.done:
        done = "; ".join(_done_text(plan, book, units) for book, units in plan.done.items())
        lines += [f"Already done: {done}.", f"That saves {hours_text(plan.saved_minutes)}.", ""]
    if not plan.weeks:
        lines.append(
            "Nothing of the goal fits by the deadline." if plan.left_out else "Nothing is left to read for this goal."
        )
        return "\n".join(lines)
    for week in plan.weeks:
        if week.is_break:
            lines.append(f"Week {week.number:<3} {iso_day(week.start)}  break")
            continue
        off = f", {days_off_text(week.days_off)}" if week.days_off else ""
        lines.append(
            f"Week {week.number:<3} {iso_day(week.start)}  {hours_text(week.minutes)} of {hours_text(week.budget)}{off}"
        )
        for session in sessions(week):
            read = " (read)" if session.pieces[0].done else ""
            when = ""
            if request.days:  # the study day, and its time when it has one
                day = session.day
                at = times.get(day.weekday()) if day else None
                when = f"  {DAY_NAMES[day.weekday()] if day else '':3} {at.strftime('%H:%M') if at else '':5}"
            lines.append(
                f"{when}  {hours_text(session.minutes):>7}  {titles[session.book]}: {session_text(plan, session)}{read}"
            )
    lines.append("")
    lines.append("Books, in reading order:")
    for book in plan.books:
        span = stretch_text(plan, book) or week_span(book.first_week, book.last_week)
        lines.append(f"  {hours_text(book.minutes):>7}  {titles[book.id]} ({span})")
    lines.append("")
    total = plan.total_minutes
    breaks = len(plan.weeks) - plan.study_weeks
    weeks = f"{len(plan.weeks)} weeks" + (f" ({breaks} of them breaks)" if breaks else "")
    bound = f"ceil({hours_text(total)} / {hours_text(plan.budget)})"
    if request.parallel > 1:
        bound = (
            f"max({bound}, ceil(longest chain {hours_text(plan.longest_chain_minutes)} / {hours_text(plan.budget)}))"
        )
    ending = f"Total {hours_text(total)} in {weeks}, ending {iso_day(plan.end)}."
    if plan.continued is not None:
        past = plan.continued.first_week - 1
        read = hours_text(plan.continued.done_minutes)
        ending = f"{read} read; {hours_text(total)} to go, in {weeks} in all, ending {iso_day(plan.end)}."
        bound = f"{past} weeks past + {bound}" if past else bound
    lines.append(f"{ending} Lower bound: {bound} = {plan.lower_bound_weeks} weeks.")
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
            points.setdefault(point["id"], []).append(f"{r['id']} -{hours_number(point['saves_hours'])} h")
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
    lines += ["", f"Its plan holds {facts['books']} books, {hours_number(facts['hours'])} h:"]
    lines += [f"  {hours_number(book['hours']):>6} h  {book['title']} ({book['id']})" for book in facts["plan_books"]]
    lines += ["", f"At {facts['hours_per_week']:g} h/week: {facts['weeks']} weeks."]
    if facts["starting_points"]:
        lines += ["", "Starting points that shorten it (plan --know POINT):"]
        lines += [f"  --know {p['id']}: -{hours_number(p['saves_hours'])} h" for p in facts["starting_points"]]
    return "\n".join(lines)


def _target_text(target: dict[str, Any]) -> str:
    chapters = target.get("chapters") or []
    return str(target["book"]) + (f" ch {', '.join(chapters)}" if chapters else "")
