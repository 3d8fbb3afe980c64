"""What a plan says about the choices made for the reader, as plain lines of text.

One place for the words that every format (terminal, Markdown, HTML, PDF) prints around the
weeks: what the plan assumes the reader knows, which alternatives it chose and why, what a
deadline left out, and the books read in more than one stretch; and the titles that name a
book's edition where the catalog holds another. JSON carries the same facts as data
(:mod:`curriculum.present.json`).

And the chain of prerequisites that brings each book into the plan, which a book card says
in a bounded number of words however long the chain (issue 13).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import overload

from msgspec import Struct

from ..catalog import Catalog, Choice
from ..graph import Made, Requirement
from ..planner import Plan, PlannedBook
from .text import hours_text, week_span


def choice_name(catalog: Catalog, choice: Choice) -> str:
    """'homl ch 1-4 (Hands-On Machine Learning ...)'."""
    return f"{choice.book}{_chapters(catalog, choice)} ({edition_title(catalog, choice.book)})"


def _chapters(catalog: Catalog, choice: Choice) -> str:
    """' ch 1-4' for a choice of chapters; '' for a whole book."""
    entry = catalog.books[choice.book]
    return f" ch {entry.chapter_runs(entry.unit_indexes(choice.chapters))}" if choice.chapters else ""


def edition_title(catalog: Catalog, book_id: str) -> str:
    """The title, with the edition where another edition of the book is in the catalog."""
    return display_titles(catalog, [book_id])[book_id]


def display_titles(catalog: Catalog, book_ids: Iterable[str]) -> dict[str, str]:
    """Titles of these books, each with its edition where the catalog holds another edition of it
    (so a reader of the 1st edition is never left guessing which chapter numbers are meant), and
    with its id where two of them would still read the same (MIT's two "Calculus" subjects)."""
    with_editions = {e.book.edition_of for e in catalog.books.values() if e.book.edition_of}
    with_editions |= {b for b, e in catalog.books.items() if e.book.edition_of}
    out = {}
    for book_id in dict.fromkeys(book_ids):
        book = catalog.books[book_id].book
        if book_id in with_editions and book.edition:
            out[book_id] = f"{book.title}, {book.edition.split(' ')[0]} edition"
        else:
            out[book_id] = book.title
    seen: dict[str, int] = {}
    for title in out.values():
        seen[title] = seen.get(title, 0) + 1
    return {b: f"{title} ({b})" if seen[title] > 1 else title for b, title in out.items()}


def choice_text(catalog: Catalog, made: Made, *, also: Iterable[str] = ()) -> str:
    """'for dmls: homl ch 1-4 (...) instead of ml-pytorch-sklearn ch 1-6 (...) (fewest hours: ...)';
    ``also``: the other books the same choice was made for."""
    names = [f"goal {a[5:]}" if a.startswith("goal:") else a for a in (made.after, *also)]
    after = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    others = " or ".join(choice_name(catalog, c) for c in made.instead_of)
    return f"for {after}: {choice_name(catalog, made.chosen)} instead of {others} ({made.why})"


def choice_lines(plan: Plan) -> list[str]:
    """One line per choice among alternatives, with how to choose otherwise; the same choice
    among the same alternatives, made for several books, is one line naming them all."""
    groups: dict[tuple[object, ...], list[Made]] = {}
    for made in plan.choices:
        key = tuple((c.book, *c.chapters) for c in (made.chosen, *made.instead_of))
        groups.setdefault(key, []).append(made)
    out = []
    for same in groups.values():
        made = same[0]
        line = choice_text(plan.catalog, made, also=[m.after for m in same[1:]])
        if made.instead_of and made.why != "already read":
            others = " or ".join(f"--prefer {c.book}" for c in made.instead_of)
            line += f"; {others} to read {'that' if len(made.instead_of) == 1 else 'one of those'} instead"
        out.append(line)
    return out


def assumption_lines(plan: Plan) -> list[str]:
    """What the plan takes as known, and what a reader starting from zero adds."""
    if not plan.assumed:
        return ["Assumes nothing from this catalog: it starts from zero (--know POINT skips what you know;"
                " `curriculum goals` lists the starting points)."]  # fmt: skip
    names = "; ".join(_point_text(plan, point.id) for point in plan.assumed)
    line = f"Assumes you know: {names}."
    if plan.known_minutes:
        line += f" Starting from zero adds {hours_text(plan.known_minutes)} (plan with --from-zero)."
    return [line]


def _point_text(plan: Plan, point_id: str) -> str:
    point = plan.catalog.starting_points[point_id]
    covered = []
    for choice in point.covers:
        covered.append(f"{plan.catalog.books[choice.book].book.title}{_chapters(plan.catalog, choice)}")
    return f"{point.title} ({', '.join(covered)})" if covered else point.title


def left_out_lines(plan: Plan) -> list[str]:
    """What a deadline left out, each with its hours, and the weekly hours that fit everything."""
    if not plan.left_out:
        return []
    by = plan.request.by.isoformat() if plan.request.by else ""
    total = sum(item.minutes for item in plan.left_out)
    out = [f"Left out to finish by {by} at {plan.hours_per_week:g} h/week ({hours_text(total)}):"]
    for item in plan.left_out:
        entry = plan.catalog.books[item.book]
        part = entry.chapter_runs(item.units)
        whole = set(item.units) >= entry.readable
        what = f"{entry.book.title}" + ("" if whole or not part else f" ch {part}")
        out.append(f"  {hours_text(item.minutes):>7}  {what}")
    if plan.fit_hours is not None:
        out.append(f"To read everything by {by}, plan {plan.fit_hours:g} h/week.")
    else:
        out.append(f"Not everything fits by {by} even at 80 h/week.")
    return out


def stretch_text(plan: Plan, book: PlannedBook) -> str:
    """'read in 2 stretches: ch 1-5 (weeks 3-6), ch 6-9 (week 9)'; empty for one stretch."""
    if not book.stretches:
        return ""
    entry = plan.catalog.books[book.id]
    parts = []
    for units, first, last in book.stretches:
        parts.append(f"ch {entry.chapter_runs(units)} ({week_span(first, last)})")
    return f"read in {len(book.stretches)} stretches: " + ", ".join(parts)


def unverified_hours(plan: Plan) -> list[tuple[str, int]]:
    """(book, planned minutes) of the planned books whose hours the catalog marks as placeholders
    or unverified: a total built on them is no real estimate."""
    books = plan.catalog.books
    return [(b.id, b.minutes) for b in plan.books if books[b.id].hours_unverified]


def unverified_lines(plan: Plan) -> list[str]:
    """'Hours to check: 12 h of this plan ...', and the books, each with its planned hours."""
    found = unverified_hours(plan)
    if not found:
        return []
    titles = display_titles(plan.catalog, [b for b, _ in found])
    total = sum(m for _, m in found)
    head = (
        f"Hours to check: {hours_text(total)} of this plan's {hours_text(plan.total_minutes)} rest on"
        f" placeholder or unverified hours in the catalog ({len(found)} book{'s' if len(found) != 1 else ''}):"
    )
    shown = [f"  {hours_text(m):>7}  {titles[b]}" for b, m in found[:20]]
    if len(found) > 20:
        shown.append(f"  ... and {len(found) - 20:,} more books")
    return [head, *shown]


def sections(plan: Plan) -> list[tuple[str, list[str]]]:
    """The notes above, as (heading, lines) for the formats that print them as sections."""
    out = [("What this plan assumes", assumption_lines(plan))]
    check = unverified_lines(plan)
    if check:
        out.append(("Hours to check", [line.strip() for line in check]))
    if plan.choices:
        out.append(("Chosen for you among alternatives", [line[0].upper() + line[1:] for line in choice_lines(plan)]))
    if plan.left_out:
        first, *rest = left_out_lines(plan)
        out.append((first.rstrip(":"), [line.strip() for line in rest]))
    from .diff_text import changes_text, continued_changes, moved_heading

    changes = continued_changes(plan)
    if changes is not None:
        out.append((moved_heading(plan), [line.strip() for line in changes_text(changes).splitlines()[1:]]))
    return out


class Step(Struct, frozen=True):
    """One edge of the chain that brings a book into the plan."""

    before: str
    before_title: str
    after: str
    after_title: str
    chapters: str
    """'ch 1–4' when the edge needs only some chapters of ``before``, else ''."""
    reason: str


class ChainSteps(Sequence[Step]):
    """The chain of edges from a book to a goal's book, step by step.

    The chains of a plan run along one tree (each book's next step toward a goal), so the
    books on a chain share its tail: a chain keeps where it starts, its length and its last
    step, and walks the tree for the others. The cards of a 4,000-book chain held 8 million
    steps before (issue 13).
    """

    __slots__ = ("_first", "_last", "_length", "_next")

    def __init__(self, next_step: Mapping[str, Step], first: str, length: int, last: Step | None) -> None:
        self._next, self._first, self._length, self._last = next_step, first, length, last

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> Step: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Step, ...]: ...
    def __getitem__(self, index: int | slice) -> Step | tuple[Step, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._length)))
        at = index + self._length if index < 0 else index
        if not 0 <= at < self._length:
            raise IndexError("no such step in the chain")
        if at == self._length - 1 and self._last is not None:
            return self._last
        node = self._first
        for _ in range(at):
            node = self._next[node].after
        return self._next[node]

    def __iter__(self) -> Iterator[Step]:
        node = self._first
        for _ in range(self._length):
            step = self._next[node]
            yield step
            node = step.after

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"ChainSteps({list(self)!r})"


def book_chains(plan: Plan) -> dict[str, ChainSteps]:
    """For each book, the shortest chain of edges from it to a goal's book.

    One breadth-first walk backwards from the goal's books (in reading order) finds, for
    every book, the next book on a shortest way to a goal; ties go to the earlier edge.
    Each book's next step is made once and shared by the chains through it: the chains
    take memory and time linear in the books, however long they are.
    """
    titles = display_titles(plan.catalog, (b.id for b in plan.books))
    before: dict[str, list[Requirement]] = {b.id: list(b.prerequisites) for b in plan.books}
    toward: dict[str, Requirement] = {}
    targets = {b.id for b in plan.books if b.target}
    seen = set(targets)
    queue = deque(b.id for b in plan.books if b.target)
    while queue:
        node = queue.popleft()
        for req in before.get(node, ()):
            if req.before not in seen:
                seen.add(req.before)
                toward[req.before] = req
                queue.append(req.before)
    next_step: dict[str, Step] = {}
    length: dict[str, int] = {}
    last: dict[str, Step] = {}
    for node, req in toward.items():  # in the walk's order: a book's next book comes before it
        entry = plan.catalog.books[req.before]
        part = f"ch {entry.chapter_runs(req.units, dash='–')}" if req.units is not None else ""
        step = next_step[node] = Step(req.before, titles[req.before], req.after, titles[req.after], part, req.reason)
        length[node] = 1 + length.get(req.after, 0)
        last[node] = last.get(req.after, step)
    return {b.id: ChainSteps(next_step, b.id, length.get(b.id, 0), last.get(b.id)) for b in plan.books}


CHAIN_STEPS_SHOWN = 3
"""A card lists a chain of up to one step more in full, else its first steps and counts the rest."""


def shown_steps(chain: Sequence[Step]) -> tuple[Step, ...]:
    """The steps a card lists: a chain of up to ``CHAIN_STEPS_SHOWN + 1`` steps in full, a longer
    one's first ``CHAIN_STEPS_SHOWN`` (the formats count the rest, to the goal's book)."""
    return tuple(chain) if len(chain) <= CHAIN_STEPS_SHOWN + 1 else tuple(chain[:CHAIN_STEPS_SHOWN])


def needed_for_text(chain: Sequence[Step]) -> str:
    """The chain in one line, without reasons: 'Needed (ch 1-4) for B → C, a book of the goal.'
    Chains of more than five steps show the first three and the last."""
    if not chain:
        return ""
    count = len(chain)
    if count > 5:
        titles = [*(step.after_title for step in chain[:3]), f"… ({count - 4:,} more)", chain[-1].after_title]
    else:
        titles = [step.after_title for step in chain]
    first = chain[0].chapters
    lead = f"Needed ({first}) for" if first else "Needed for"
    return f"{lead} {' → '.join(titles)}, a book of the goal."
