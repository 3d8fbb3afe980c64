"""The one view model of a plan: weeks of reading sessions with chapter titles, book cards and
the header's facts, plus the plan's key.

Every plan format renders from :class:`PlanView` (HTML, PDF, Markdown, iCalendar, CSV), so
they all say the same thing; the terminal and JSON use :func:`sessions` for the same grouping
of a week's reading. Texts here are plain strings; escaping is each format's job.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, time, timedelta

from msgspec import Struct, field

from ..planner import Piece, Plan, PlannedBook, Week
from .links import web_link
from .notes import ChainSteps, Step, book_chains, display_titles, needed_for_text, sections, shown_steps, stretch_text
from .text import day_text, days_off_text, hours_text, pieces_text, session_day, week_span

LARGE_PLAN_BOOKS = 50
"""Plans with more books are large: no pictures (too big to read, and WeasyPrint lays out SVG
text letter by letter) and a compact PDF (sessions without chapter titles, each book's chain
in one line). WeasyPrint's time grows with the lines of the page: the compact PDF of a
500-book plan has a third of the lines and takes a third of the time."""


HUGE_PLAN_BOOKS = 1000
"""Plans with more books are huge: the HTML page is compact too (one line per session with its
chapters, each book's chain in one line, the data block without repeated titles), about a third
of the bytes: a page of 100k books is hundreds of MB otherwise, more than a browser opens."""


# The records below are msgspec structs: made in compiled code (a 100k-book page has a million
# chapter lines, and a frozen dataclass's __init__ costs ten times as much), holding nothing that
# could hold them, so the garbage collector need not track them (gc=False).


class Session(Struct, frozen=True, gc=False):
    """Consecutive pieces of one book within a week (and a study day, with study days)."""

    book: str
    pieces: tuple[Piece, ...]

    @property
    def minutes(self) -> int:
        return sum(p.minutes for p in self.pieces)

    @property
    def day(self) -> date | None:
        """The study day it is read on (plans with study days), else None."""
        return self.pieces[0].day


def sessions(week: Week) -> list[Session]:
    """The week's reading, one session per run of the same book on the same day, in reading order (what was
    read already, in a continued plan, apart from what is still to read)."""
    out: list[Session] = []
    pieces = iter(week.pieces)
    first = next(pieces, None)
    if first is None:
        return out
    run = [first]  # the session being gathered (a new tuple per piece was quadratic), and its book, day and done
    book, day, done = first.book, first.day, first.done
    for piece in pieces:
        if piece.book == book and piece.day == day and piece.done == done:
            run.append(piece)
            continue
        out.append(Session(book, tuple(run)))
        run = [piece]
        book, day, done = piece.book, piece.day, piece.done
    out.append(Session(book, tuple(run)))
    return out


def session_text(plan: Plan, session: Session) -> str:
    """The chapters of a session, runs shortened: 'ch 1-3, 4 (part 1/2)'."""
    units = plan.catalog.books[session.book].units
    return pieces_text([(units[p.unit].number, p.part, p.parts, p.unit) for p in session.pieces])


class Link(Struct, frozen=True, gc=False):
    """A URL from the catalog: ``href`` is set only for http(s) URLs."""

    label: str
    text: str
    href: str | None


class ChapterLine(Struct, frozen=True, gc=False):
    unit: int
    """Index of the chapter in its book (the catalog's order)."""
    number: str | None
    title: str
    minutes: int
    part: int
    parts: int

    @property
    def label(self) -> str:
        """'3. Data Engineering'; just the title when there is no number or it is the title ('Epilogue')."""
        if self.number is None or self.number.casefold() == self.title.casefold():
            return self.title
        return f"{self.number}. {self.title}"

    @property
    def part_text(self) -> str:
        return f"part {self.part} of {self.parts}" if self.parts > 1 else ""


class SessionView(Struct, frozen=True, gc=False):
    id: str
    """Stable within the plan: 'w<week>s<index>'; the HTML's tick boxes remember it."""
    book: str
    title: str
    minutes: int
    summary: str
    chapters: tuple[ChapterLine, ...]
    day: date | None = None
    """The study day of the session (plans with ``--days``); None: some time in the week."""
    at: time | None = None
    """Its start time, when the study day has one."""
    done: bool = False
    """Read already (a continued plan's past sessions)."""

    @property
    def when(self) -> str:
        """'Sat 9 Jan, 09:00' or 'Sat 9 Jan' for a session on a study day; '' in a plan without."""
        return session_day(self.day, self.at) if self.day is not None else ""


class WeekView(Struct, frozen=True, gc=False):
    number: int
    start: date
    end: date
    minutes: int
    budget: int
    sessions: tuple[SessionView, ...]
    days_off: int = 0
    """Study days of the week that --skip took out (``budget`` is what they left)."""

    @property
    def is_break(self) -> bool:
        """A week left free by --skip."""
        return self.budget == 0

    @property
    def days_off_text(self) -> str:
        """'2 days off' for a week that --skip shortened (not a break), else ''."""
        return "" if self.is_break else days_off_text(self.days_off)


class BookCard(Struct, frozen=True, gc=False):
    id: str
    title: str
    subtitle: str | None
    authors: tuple[str, ...]
    edition: str | None
    year: int | None
    publisher: str | None
    pages: int | None
    isbn13: str | None
    links: tuple[Link, ...]
    minutes: int
    first_week: int
    last_week: int
    chapters: str
    """What of the book is planned: 'the whole book' or 'chapters 1–4, 6 of 12'."""
    target_of: tuple[str, ...]
    """Titles of the goals that name this book."""
    why: Sequence[Step]
    """The chain of edges from this book to a goal's book (empty for a goal's book): a
    :class:`~curriculum.present.notes.ChainSteps`, whose steps the books on the chain share."""
    stretches: str = ""
    """'read in 2 stretches: ch 1-5 (weeks 3-6), ...' for a book read with a break, else empty."""

    @property
    def weeks_text(self) -> str:
        return week_span(self.first_week, self.last_week, dash="–")

    def facts(self, *, edition: str) -> list[str]:
        """Edition (as ``edition`` formats it, e.g. 'Edition: {}'), year, publisher, pages, ISBN."""
        items = [
            edition.format(self.edition) if self.edition else "",
            str(self.year) if self.year else "",
            self.publisher or "",
            f"{self.pages} pages" if self.pages else "",
            f"ISBN {self.isbn13}" if self.isbn13 else "",
        ]
        return [item for item in items if item]

    @property
    def why_shown(self) -> tuple[Step, ...]:
        """The steps of the chain a card lists; the formats count the rest (a long chain's)."""
        return shown_steps(self.why)

    @property
    def chain_text(self) -> str:
        """The chain in one line, without reasons: 'Needed (ch 1-4) for B → … (5 more) → C, a book of the goal.'"""
        return needed_for_text(self.why)


class PlanView(Struct, frozen=True):
    title: str
    goals: tuple[tuple[str, str, str | None], ...]
    """(id, title, description) of each goal."""
    mentee: str | None
    hours_per_week: float
    start: date
    end: date
    total_minutes: int
    budget: int
    weeks_count: int
    study_weeks: int
    lower_bound_weeks: int
    options: tuple[str, ...]
    """The request's other choices, in words: deadline, pace, parallel books, breaks."""
    done: tuple[str, ...]
    """What was already read, in words ('Designing Data-Intensive Applications, ch 5–6')."""
    saved_minutes: int
    command: str
    plan_key: str
    weeks: tuple[WeekView, ...]
    books: tuple[BookCard, ...]
    edges: tuple[tuple[str, str], ...]
    """(before, after) for each prerequisite edge of the plan."""
    notes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(heading, lines): what the plan assumes, the choices made for the reader, what was left out."""
    tz: str | None = None
    """The reader's time zone (IANA name) for timed calendar events; None: the machine's."""
    previous_events: Mapping[str, tuple[int, str, str]] = field(default_factory=dict)
    """A continued plan's calendar before: event UID -> (SEQUENCE, content digest, DTSTART text)."""
    arguments: tuple[str, ...] = ()
    """The `plan` arguments of the request (a continued plan's: those it continues), which a
    progress export carries so that the plan can be continued."""
    catalog_args: tuple[str, ...] = ()
    """The catalog's options (``--catalog DIR``...); empty for the bundled catalog."""
    done_minutes: int = 0
    """Minutes of the sessions already read (a continued plan's past), within ``total_minutes``."""
    plan: Plan | None = None
    """The plan viewed, for the page's summary of it (:func:`curriculum.present.html.script_data`)."""

    @property
    def hours_per_week_text(self) -> str:
        return hours_text(self.budget)

    @property
    def large(self) -> bool:
        """More than :data:`LARGE_PLAN_BOOKS` books."""
        return len(self.books) > LARGE_PLAN_BOOKS

    @property
    def huge(self) -> bool:
        """More than :data:`HUGE_PLAN_BOOKS` books."""
        return len(self.books) > HUGE_PLAN_BOOKS


def plan_key(goals: list[str], mentee: str | None, weeks: tuple[WeekView, ...]) -> str:
    """A short hash naming a plan: its goals, its mentee and every session, chapter by chapter.

    The HTML keeps ticked sessions in localStorage under it, so two plans never share ticks,
    and a plan made again with the same reading keeps them. The hash is fed a week at a time.
    """
    import hashlib  # here: only the HTML needs it (3 ms to import, in every plan)

    digest = hashlib.sha256(json.dumps([goals, mentee]).encode())
    for week in weeks:
        row = [week.number, week.start.isoformat(), week.budget]
        for s in week.sessions:
            chapters = [[c.unit, c.number, c.title, c.minutes, c.part, c.parts] for c in s.chapters]
            row.append([s.id, s.book, chapters, *([s.day.isoformat()] if s.day else [])])
        digest.update(json.dumps(row).encode())
    return digest.hexdigest()[:16]


def build_view(plan: Plan, *, mentee: str | None, command: str) -> PlanView:
    """The view of ``plan`` that every format renders."""
    chains = book_chains(plan)
    weeks = _weeks(plan)
    request = plan.request
    done = plan.continued.done_minutes if plan.continued else 0
    return PlanView(
        title=" + ".join(g.title for g in plan.goals),
        goals=tuple((g.id, g.title, g.description) for g in plan.goals),
        mentee=mentee or None,
        hours_per_week=float(plan.hours_per_week),
        start=plan.request.start,
        end=plan.end,
        total_minutes=plan.total_minutes + done,
        budget=plan.budget,
        weeks_count=len(plan.weeks),
        study_weeks=plan.study_weeks,
        lower_bound_weeks=plan.lower_bound_weeks,
        options=plan.request.in_words(day_text),
        done=tuple(_done(plan, book, units) for book, units in plan.done.items()),
        saved_minutes=plan.saved_minutes,
        command=command,
        plan_key=plan_key([g.id for g in plan.goals], mentee or None, weeks),
        weeks=weeks,
        books=_cards(plan, chains),
        edges=tuple((r.before, b.id) for b in plan.books for r in b.prerequisites),
        notes=tuple((heading, tuple(lines)) for heading, lines in sections(plan)),
        tz=plan.request.tz,
        previous_events=plan.continued.calendar if plan.continued else {},
        arguments=tuple((request.continues.base if request.continues else request).arguments(plan.catalog)),
        catalog_args=tuple(plan.catalog.origin.catalog_args()),
        done_minutes=done,
        plan=plan,
    )


def _done(plan: Plan, book: str, units: frozenset[int]) -> str:
    entry = plan.catalog.books[book]
    if units >= entry.readable:
        return f"{entry.book.title} (the whole book)"
    return f"{entry.book.title}, ch {entry.chapter_runs(units, dash='–')}"


def _weeks(plan: Plan) -> tuple[WeekView, ...]:
    # A continued plan's past may hold a book finished there, which its books no longer list.
    in_weeks = (p.book for w in plan.weeks for p in w.pieces)
    titles = display_titles(plan.catalog, (*(b.id for b in plan.books), *in_weeks))
    times = {day.weekday: day.at for day in plan.request.days}
    out = []
    for week in plan.weeks:
        views = []
        for index, session in enumerate(sessions(week)):
            units = plan.catalog.books[session.book].units
            lines = tuple(
                ChapterLine(p.unit, units[p.unit].number, units[p.unit].title, p.minutes, p.part, p.parts)
                for p in session.pieces
            )
            at = times.get(session.day.weekday()) if session.day else None
            views.append(SessionView(f"w{week.number}s{index}", session.book, titles[session.book],
                                     session.minutes, session_text(plan, session), lines,
                                     day=session.day, at=at, done=session.pieces[0].done))  # fmt: skip
        end = week.start + timedelta(days=6)
        out.append(WeekView(week.number, week.start, end, week.minutes, week.budget, tuple(views), week.days_off))
    return tuple(out)


def _cards(plan: Plan, chains: Mapping[str, ChainSteps]) -> tuple[BookCard, ...]:
    titles = display_titles(plan.catalog, (b.id for b in plan.books))
    return tuple(_card(plan, b, chains[b.id], titles[b.id]) for b in plan.books)


def _card(plan: Plan, planned: PlannedBook, why: ChainSteps, title: str) -> BookCard:
    entry = plan.catalog.books[planned.id]
    book = entry.book
    links = []
    if book.url:
        links.append(Link("Publisher's page", book.url, web_link(book.url)))
    if book.free_url:
        links.append(Link("Free to read", book.free_url, web_link(book.free_url)))
    if set(planned.units) >= entry.readable:
        chapters = "the whole book"
    else:
        chapters = f"chapters {entry.chapter_runs(planned.units, dash='–')} of {len(entry.units)}"
    return BookCard(
        id=book.id,
        title=title,
        subtitle=book.subtitle,
        authors=tuple(book.authors),
        edition=book.edition,
        year=book.year,
        publisher=book.publisher,
        pages=book.pages,
        isbn13=book.isbn13,
        links=tuple(links),
        minutes=planned.minutes,
        first_week=planned.first_week,
        last_week=planned.last_week,
        chapters=chapters,
        target_of=tuple(g.title for g in plan.goals if any(c.book == planned.id for t in g.targets for c in t.choices))
        if planned.target
        else (),
        why=why,
        stretches=stretch_text(plan, planned),
    )
