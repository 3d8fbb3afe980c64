"""One request: it says itself as `plan` arguments that the real command line parses back to the
same request, and in the same words on every output."""

from __future__ import annotations

import shlex
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curriculum.catalog import load_catalog
from curriculum.cli import build_request, cli
from curriculum.request import PlanRequest, StudyDay

CATALOG = load_catalog()
GOALS = [*CATALOG.goals, "ddia", "homl"]
BOOKS = list(CATALOG.books)


@st.composite
def requests(draw) -> PlanRequest:
    start = date(2027, 1, 4) + timedelta(days=draw(st.integers(0, 400)))
    hours = draw(
        st.one_of(st.none(), st.integers(1, 160).map(lambda n: n / 2), st.floats(0.1, 80).map(lambda h: round(h, 3)))
    )
    by = draw(st.one_of(st.none(), st.integers(0, 900).map(lambda d: start + timedelta(days=d))))
    if hours is None and by is None:
        hours = 5.0
    done = {}
    for book in draw(st.lists(st.sampled_from(BOOKS), max_size=3, unique=True)):
        count = len(CATALOG.books[book].units)
        done[book] = frozenset(draw(st.sets(st.integers(0, count - 1), min_size=1)))
    skip = tuple(
        (first, first + timedelta(days=length))
        for first, length in draw(
            st.lists(
                st.tuples(st.integers(0, 300).map(lambda d: start + timedelta(days=d)), st.integers(0, 20)), max_size=2
            )
        )
    )
    days: tuple[StudyDay, ...] = ()
    tz = None
    if draw(st.booleans()):  # study days instead of hours, some with a time of day
        for weekday in sorted(draw(st.sets(st.integers(0, 6), min_size=1))):
            at = draw(st.one_of(st.none(), st.times().map(lambda t: t.replace(second=0, microsecond=0))))
            left = 24 * 60 - (at.hour * 60 + at.minute if at else 0)
            days += (StudyDay(weekday, draw(st.integers(1, min(left, 600))), at),)
        if sum(d.minutes for d in days) > 80 * 60:
            days = days[:1]
        hours = sum(d.minutes for d in days) / 60
        tz = draw(st.sampled_from(["Europe/Berlin", "UTC", "America/New_York"])) if any(d.at for d in days) else None
    if draw(st.integers(0, 5)) == 0:
        tz = "Asia/Tokyo"  # a zone given without times is kept too
    return PlanRequest(
        goals=tuple(draw(st.lists(st.sampled_from(GOALS), min_size=1, max_size=2, unique=True))),
        hours_per_week=hours,
        days=days,
        tz=tz,
        start=start,
        by=by,
        done=done,
        skip=skip,
        pace=draw(st.sampled_from([1.0, 0.5, 1.25, 2.0, 3.7])),
        parallel=draw(st.integers(1, 3)),
        whole_books=draw(st.booleans()),
        optional=draw(st.booleans()),
        prefer=tuple(draw(st.lists(st.sampled_from(BOOKS), max_size=2, unique=True))),
        know=tuple(draw(st.lists(st.sampled_from(list(CATALOG.starting_points)), max_size=2, unique=True))),
        from_zero=draw(st.booleans()),
    )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(request=requests())
def test_the_command_line_parses_back_to_the_same_request(request):
    args = request.arguments(CATALOG)
    # Through the shell's quoting, as "make this plan again" prints it.
    args = shlex.split(" ".join(shlex.quote(a) for a in args))
    command = cli.commands["plan"]
    context = command.make_context("plan", args)
    params = {k: v for k, v in context.params.items() if k in _REQUEST_OPTIONS}
    assert build_request(CATALOG, **params) == request


_REQUEST_OPTIONS = {
    "goals", "hours", "start", "by", "done", "progress", "skip", "pace", "parallel", "whole_books", "optional",
    "prefer", "know", "from_zero", "days", "tz",
}  # fmt: skip


def test_every_request_option_of_plan_is_part_of_the_request():
    options = {p.name for p in cli.commands["plan"].params}
    outputs = {"formats", "out_dir", "mentee", "paper", "catalog_dir", "extend", "as_json"}
    continuing = {"as_of"}  # the day a plan continued from --progress is continued on
    assert options - outputs - continuing == _REQUEST_OPTIONS


def test_every_choice_is_said_in_words_on_every_output(tmp_path, runner):
    args = [
        "plan", "--goal", "ml-system-design", "--hours", "6", "--by", "2027-09-30", "--start", "2027-01-04",
        "--whole-books", "--optional", "--skip", "2027-02-01..2027-02-10", "--pace", "1.5", "--parallel", "2",
        "--prefer", "ddia-1e", "--know", "ml-basics", "--out", str(tmp_path), "--format", "md,html",
    ]  # fmt: skip
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    words = [
        "a deadline of",
        "up to 2 books at once",
        "reading times × 1.5",
        "whole books",
        "optional prerequisites included",
        "no study from",
        "preferring ddia-1e among alternatives",
        "knowing ml-basics",
    ]
    for text in (
        result.stdout,
        (tmp_path / "ml-system-design.md").read_text(),
        (tmp_path / "ml-system-design.html").read_text(),
    ):
        for word in words:
            assert word in text
