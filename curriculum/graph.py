"""What a goal needs: the chapters to read, the prerequisites between them, and the choices made.

:func:`select` walks up from the goals' targets through the prerequisite edges. A plain edge
brings in the chapters of ``before`` it names; an ``any_of`` group brings in one alternative,
picked by the rule of :func:`_pick`. An edge with ``after_chapters`` applies only when one of
those chapters is planned. Optional edges bring nothing in, but where both of their books are
planned anyway they still order them (a short introduction before the long book it
introduces). The reading order itself lives in :mod:`curriculum.order`.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping

from msgspec import Struct, field

from .catalog import Catalog, Choice, Edge, Entry, Goal
from .catalog.hours import hours_text

Selection = dict[str, frozenset[int]]
"""For each planned book, the indexes of its planned chapters (units)."""

_NOTHING: frozenset[int] = frozenset()
_RANGES = tuple(frozenset(range(count)) for count in range(64))
"""The chapter indexes of a whole book of up to 63 chapters, made once."""


class Requirement(Struct, frozen=True, gc=False):
    """An edge of the plan: these chapters of ``after`` start only once these of ``before`` are read.

    A struct, made in compiled code (a plan of 10k books makes some 25k); it holds no object that
    could hold it, so the garbage collector need not look at it."""

    before: str
    after: str
    units: frozenset[int] | None
    """Chapter indexes of ``before``; None means every planned chapter of it."""
    reason: str
    after_units: frozenset[int] | None = None
    """Chapter indexes of ``after`` that need ``before``; None means all of ``after``."""
    strength: str = "recommended"
    order_only: bool = False
    """The (optional) edge brought nothing in: it only orders two books planned anyway."""


class Made(Struct, frozen=True):
    """A choice among alternatives, made for the reader: what, over what, and why."""

    after: str
    """The book the alternatives come before, or ``goal:ID`` for a goal's target."""
    chosen: Choice
    instead_of: tuple[Choice, ...]
    why: str
    reason: str
    """The edge's (or goal's) own words on what the alternatives are for."""


class Selected(Struct, frozen=True):
    """The outcome of :func:`select`."""

    selection: Selection
    requirements: list[Requirement]
    targets: list[tuple[str, frozenset[int]]]
    """The goals' targets in the goals' order, each alternative group replaced by its choice."""
    choices: list[Made] = field(default_factory=list)


def units_of(entry: Entry, chapters: Iterable[str], *, whole_books: bool = False) -> frozenset[int]:
    """The chapter indexes a target or edge names; no chapters means the book as a plan reads it."""
    chapters = list(chapters)
    if whole_books:
        return frozenset(range(len(entry.units)))
    if chapters:
        return entry.unit_indexes(chapters)
    return entry.readable or frozenset(range(len(entry.units)))


def goal_targets(catalog: Catalog, goals: Iterable[Goal], **options: object) -> list[tuple[str, frozenset[int]]]:
    """The (book, chapter indexes) pairs the goals target, alternatives chosen (see :func:`select`)."""
    return select(catalog, goals, **options).targets  # type: ignore[arg-type]


class _Walk:
    """The state of one :func:`select`: chapters needed so far and edges applied."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        optional: bool,
        whole_books: bool,
        done: Mapping[str, frozenset[int]],
        prefer: tuple[str, ...],
        cheapest: bool,
    ) -> None:
        self.catalog = catalog
        self.whole_books = whole_books
        self.done = done
        self.prefer = prefer
        self.cheapest = cheapest
        into: defaultdict[str, list[Edge]] = defaultdict(list)
        order_only: defaultdict[str, list[Edge]] = defaultdict(list)
        if optional:
            for edge in catalog.edges:
                into[edge.after].append(edge)
        else:
            for edge in catalog.edges:
                (into if edge.strength == "recommended" else order_only)[edge.after].append(edge)
        self.into: Mapping[str, list[Edge]] = into
        """The edges into each book that may bring books in, in the catalog's order."""
        self.order_only: Mapping[str, list[Edge]] = order_only
        """The optional edges into each book, when they only order books (see :func:`_finish`)."""
        self.needed: dict[str, frozenset[int]] = {}
        """Chapters needed so far, a book at a time: a set of :attr:`shared` (often the whole
        book's), replaced, never changed in place, when it grows."""
        self.unapplied: dict[str, list[Edge]] = {}
        """The edges into a book walked already that did not apply then (their ``after_chapters``
        were not needed); a book not walked yet has all of :attr:`into`."""
        self.queue: deque[str] = deque()
        self.pending: deque[tuple[str, tuple[Choice, ...], str, Edge | None]] = deque()
        self.requirements: list[Requirement] = []
        self.choices: list[Made] = []
        self.whole: dict[str, frozenset[int]] = {}
        self.shared: dict[frozenset[int], frozenset[int]] = {}
        """One object for each set of chapter indexes: books of the same length share their whole
        book's set (a set of 10 takes 728 bytes: 60 MB of sets for a plan of 88k books)."""

    def units(self, choice: Choice) -> frozenset[int]:
        return self.book_units(choice.book, choice.chapters)

    def book_units(self, book: str, chapters: list[str]) -> frozenset[int]:
        if chapters and not self.whole_books:
            return units_of(self.catalog.books[book], chapters)
        found = self.whole.get(book)  # the book as a plan reads it: made once a book
        if found is None:
            entry = self.catalog.books[book]
            found = entry.readable if entry.skips and not self.whole_books else None
            if not found:  # all its chapters (as units_of gives them)
                count = len(entry.units)
                found = _RANGES[count] if count < len(_RANGES) else frozenset(range(count))
            found = self.whole[book] = self.shared.setdefault(found, found)
        return found

    def unread(self, book: str) -> frozenset[int]:
        """The chapters of ``book`` needed and not done."""
        have = self.needed.get(book)
        if have is None:
            return _NOTHING
        read = self.done.get(book)
        return have - read if read else have

    def add(self, book: str, units: frozenset[int]) -> None:
        have = self.needed.get(book)
        if have is None:
            self.needed[book] = units
            self.queue.append(book)
        elif not units <= have:
            self.needed[book] = have | units
            self.queue.append(book)

    def after_units(self, edge: Edge) -> frozenset[int] | None:
        if not edge.after_chapters:
            return None
        return self.catalog.books[edge.after].unit_indexes(edge.after_chapters)

    def applies(self, edge: Edge, unread: frozenset[int] | set[int]) -> bool:
        after = self.after_units(edge)
        return bool(unread) and (after is None or not after.isdisjoint(unread))

    def require(self, edge: Edge, book: str, chapters: list[str]) -> None:
        """``edge`` applies, with ``book`` (and ``chapters`` of it) as its prerequisite.

        The most frequent step of a walk (once per edge): a whole book's chapters (the usual
        case) are looked up here, without a call of :meth:`book_units`."""
        whole = not chapters or self.whole_books
        units = self.whole.get(book) if whole else None
        if units is None:
            units = self.book_units(book, chapters)
        read = self.done.get(book) if self.done else None
        left = units - read if read else units
        if left:
            after = self.after_units(edge) if edge.after_chapters else None
            self.requirements.append(
                Requirement(book, edge.after, None if whole else left, edge.reason, after, edge.strength)
            )
        self.add(book, units)

    def run(self) -> None:
        """Walk up until every edge that applies has been followed and every group decided."""
        into, unapplied, queue = self.into, self.unapplied, self.queue
        while True:
            while queue:
                book = queue.popleft()
                edges = unapplied.get(book)
                if edges is None:
                    edges = into.get(book)
                if not edges:
                    continue
                unread = self.unread(book)
                if not unread:  # a book with nothing left to read brings in nothing
                    continue
                left: list[Edge] = []
                unapplied[book] = left
                for edge in edges:
                    if edge.after_chapters and not self.applies(edge, unread):
                        left.append(edge)  # its chapters may be needed later
                        continue
                    if edge.any_of is not None:
                        self.pending.append((edge.after, edge.choices, edge.reason, edge))
                    else:  # a plain edge: its one book (the same as its one choice, without making it)
                        self.require(edge, edge.before, edge.chapters)  # type: ignore[arg-type]
            if not self.pending:
                return
            after, choices, reason, group = self.pending.popleft()
            chosen = self.decide(after, choices, reason)
            if group is not None:
                self.require(group, chosen.book, chosen.chapters)
            else:
                self.add(chosen.book, self.units(chosen))

    def decide(self, after: str, choices: tuple[Choice, ...], reason: str) -> Choice:
        chosen, why = _pick(self, choices)
        self.choices.append(Made(after, chosen, tuple(c for c in choices if c is not chosen), why, reason))
        return chosen

    def cost(self, choice: Choice) -> int:
        """Minutes that choosing ``choice`` adds to the plan, its own unread prerequisites included
        (a group further up counts its cheapest alternative by its own chapters)."""
        extra: dict[str, set[int]] = {}
        stack = [(choice.book, self.units(choice))]
        total = 0
        while stack:
            book, units = stack.pop()
            entry = self.catalog.books[book]
            have = self.needed.get(book, set()) | self.done.get(book, _NOTHING) | extra.get(book, set())
            new = units - have
            if not new:
                continue
            extra.setdefault(book, set()).update(new)
            total += sum(entry.units[i].minutes for i in new)
            for edge in self.into.get(book, ()):
                if not self.applies(edge, set(new)):
                    continue
                options = edge.choices
                if len(options) > 1:
                    options = (
                        min(
                            options,
                            key=lambda c: sum(self.catalog.books[c.book].units[i].minutes for i in self.units(c)),
                        ),
                    )
                stack.append((options[0].book, self.units(options[0])))
        return total


def _pick(walk: _Walk, choices: tuple[Choice, ...]) -> tuple[Choice, str]:
    """The alternative to read, and why: one already read; else one the reader prefers; else (other
    editions set aside) one already in the plan for another reason; else the fewest hours with
    its own prerequisites (ties: catalog order). Preferences hold even when fitting a deadline."""
    for choice in choices:
        if walk.units(choice) <= walk.done.get(choice.book, _NOTHING):
            return choice, "already read"
    for name in walk.prefer:
        for choice in choices:
            if choice.book == name:
                return choice, f"preferred (--prefer {name})"
    # Another edition of a book in the group is for its holders only (rules 1 and 2).
    books = {c.book for c in choices}
    open_ = [c for c in choices if walk.catalog.books[c.book].book.edition_of not in books] or list(choices)
    if len(open_) == 1:
        return open_[0], "the current edition; the other is for readers who hold it"
    if not walk.cheapest:
        for choice in open_:
            if walk.unread(choice.book):
                return choice, "already in the plan for another reason"
    costs = {c.book: walk.cost(c) for c in open_}
    best = min(open_, key=lambda c: (costs[c.book], walk.catalog.books[c.book].index))
    if not costs[best.book]:
        return best, "already in the plan for another reason"
    others = " and ".join(hours_text(costs[c.book]) for c in open_ if c is not best)
    return best, f"fewest hours: {hours_text(costs[best.book])} with its own prerequisites, against {others}"


def select(
    catalog: Catalog,
    goals: Iterable[Goal],
    *,
    optional: bool = False,
    whole_books: bool = False,
    done: Mapping[str, frozenset[int]] | None = None,
    prefer: tuple[str, ...] = (),
    cheapest: bool = False,
    only: list[tuple[str, frozenset[int]]] | None = None,
) -> Selected:
    """The chapters the goals need, each book once, with the edges to respect between them.

    Chapters in ``done`` are not planned, and a book with nothing left to read brings in no
    prerequisites. ``cheapest`` picks every alternative by hours alone (to fit a deadline);
    ``only`` replaces the goals' targets (already chosen) with these.
    """
    walk = _Walk(catalog, optional=optional, whole_books=whole_books, done=done or {}, prefer=prefer, cheapest=cheapest)
    resolved: list[tuple[str, frozenset[int]] | None] = []
    if only is not None:
        for book, units in only:
            walk.add(book, units)
            resolved.append((book, units))
        groups: list[tuple[int, str, tuple[Choice, ...]]] = []
    else:
        groups = []
        for goal in goals:
            for target in goal.targets:
                if target.is_group:
                    groups.append((len(resolved), goal.id, target.choices))
                    resolved.append(None)
                else:
                    choice = target.choices[0]
                    units = walk.units(choice)
                    walk.add(choice.book, units)
                    resolved.append((choice.book, units))
    walk.run()
    for slot, goal_id, choices in groups:  # decided once everything else is known (rule 3)
        chosen = walk.decide(f"goal:{goal_id}", choices, f"a target of {goal_id}")
        units = walk.units(chosen)
        walk.add(chosen.book, units)
        resolved[slot] = (chosen.book, units)
        walk.run()
    return _finish(walk, [r for r in resolved if r is not None])


def _finish(walk: _Walk, targets: list[tuple[str, frozenset[int]]]) -> Selected:
    catalog, done = walk.catalog, walk.done
    order = {b: e.index for b, e in catalog.books.items()}
    selection: Selection = {}
    shared, needed = walk.shared, walk.needed
    if len(needed) * 8 < len(order):  # a few books of a large catalog: sorted
        planned = sorted(needed, key=order.__getitem__)
    else:  # most of it: the catalog's order, which they have
        planned = [b for b in catalog.books if b in needed]
    for b in planned:
        read = done.get(b)
        left = needed[b] - read if read else needed[b]
        if left:
            selection[b] = shared.setdefault(left, left)
    requirements = walk.requirements
    if len(selection) < len(needed):  # some book has nothing left to read: its edges go
        requirements = [r for r in requirements if r.before in selection and r.after in selection]
    optional = walk.order_only
    seen = {(r.before, r.after) for r in requirements if r.after in optional}  # the pairs that may repeat
    for book in selection if optional else ():  # optional edges between books planned anyway still order them
        for edge in optional.get(book, ()):
            for choice in edge.choices:
                if choice.book not in selection or (choice.book, book) in seen:
                    continue
                units = walk.units(choice) & selection[choice.book]
                after = walk.after_units(edge)
                if units and (after is None or not after.isdisjoint(selection[book])):
                    whole = not choice.chapters or walk.whole_books
                    requirements.append(
                        Requirement(choice.book, book, None if whole else units, edge.reason, after, "optional", True)
                    )
                    seen.add((choice.book, book))
    books = len(order)  # one number per pair of books, in catalog order; the sort is stable
    requirements.sort(key=lambda r: order[r.after] * books + order[r.before])
    return Selected(selection, requirements, targets, walk.choices)


def planned_minutes(catalog: Catalog, selection: Mapping[str, frozenset[int]]) -> dict[str, int]:
    """Minutes of the selected chapters of each selected book."""
    return {b: sum(catalog.books[b].units[i].minutes for i in units) for b, units in selection.items()}
