"""The command line. The only module that imports click; each command parses its options,
calls one core function and shows the result. Heavy libraries are imported inside commands.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import click

from .cli_common import (
    JSON_OPTION,
    DateType,
    DaysType,
    Group,
    HoursType,
    OutFolder,
    PaceType,
    PathParam,
    SkipType,
    ZoneType,
    catalog_options,
    echo,
    handle_errors,
    load,
    machine_zone,
    one_line_name,
    print_json,
    quiet_broken_pipe,
    refuse_undecodable,
)
from .cli_lifetime import ends_with_the_command, keep_until_exit, lasting
from .cli_progress import AS_OF_OPTION
from .completion import complete_books, complete_done, complete_formats, complete_ids, complete_starting_points
from .present import registry

if TYPE_CHECKING:
    from pathlib import Path

    from .catalog import Catalog
    from .progress import Progress
    from .request import PlanRequest, StudyDay


def next_monday(today: date) -> date:
    """Where a plan starts unless --start says: ``today`` when it is a Monday, else the next Monday."""
    return today + timedelta(days=-today.weekday() % 7)


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    invoke_without_command=True,
)
@click.version_option(package_name="curriculum", message="curriculum %(version)s")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error (for bug reports).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Plan your reading through the machine learner's library, week by week.

    \b
    Example:
      curriculum plan --goal ml-system-design --hours 5
    """
    if ctx.invoked_subcommand is None:  # `curriculum` alone: the help, which is not an error
        echo(ctx.get_help())


def build_request(
    catalog: Catalog,
    *,
    goals: tuple[str, ...],
    hours: float | None,
    start: date | None,
    by: date | None,
    done: tuple[str, ...] = (),
    progress: Progress | None = None,
    skip: tuple[tuple[date, date], ...] = (),
    pace: float = 1.0,
    parallel: int = 1,
    whole_books: bool = False,
    optional: bool = False,
    prefer: tuple[str, ...] = (),
    know: tuple[str, ...] = (),
    from_zero: bool = False,
    days: tuple[StudyDay, ...] | None = None,
    tz: str | None = None,
) -> PlanRequest:
    """The request `plan`'s options stand for (the inverse of ``PlanRequest.arguments``): 5 h a week
    unless --hours, --days or --by, from :func:`next_monday` unless --start; --days times in --tz or local."""
    import dataclasses

    from .request import PlanRequest, week_hours

    finished, known, partly = [], list(know), {}
    if done or progress:  # progress.py's file models need pydantic: a plain plan imports none
        from .progress import parse_done, resolve_done, resolve_partial

        finished = [parse_done(text) for text in done]
        if progress:
            finished, known = finished + progress.done, known + progress.know
            partly = resolve_partial(catalog, progress.partial)
    name = catalog.canonical  # ids are unique ignoring case: `--goal ML-Interview` is ml-interview
    finished = [dataclasses.replace(item, book=name(item.book)) for item in finished]
    goals, prefer, known = tuple(map(name, goals)), tuple(map(name, prefer)), list(map(name, known))
    days = days or ()
    hours = week_hours(days, hours)
    if tz is None and any(day.at for day in days):
        tz = machine_zone()
    return PlanRequest(
        goals=goals,
        hours_per_week=hours if hours is not None else (None if by is not None else 5.0),
        start=start or next_monday(date.today()),
        days=days,
        tz=tz,
        by=by,
        done=resolve_done(catalog, finished) if finished else {},
        skip=skip,
        pace=pace,
        parallel=parallel,
        whole_books=whole_books,
        optional=optional,
        prefer=tuple(dict.fromkeys(prefer)),
        know=tuple(dict.fromkeys(known)),
        from_zero=from_zero,
        partly=partly,
    )


@cli.command()
@click.option(
    "--goal",
    "goals",
    multiple=True,
    metavar="GOAL",
    shell_complete=complete_ids,
    help="A goal id (see `curriculum goals`) or a book id. Repeat for several goals."
    " Required, unless --progress continues an exported plan.",
)
@click.option(
    "--hours",
    type=HoursType(),
    default=None,
    help="Hours of reading per week: more than 0, at most 80; fractions allowed. [default: 5, or found from --by]",
)
@click.option("--days", type=DaysType(), help=DaysType.option_help)
@click.option("--tz", type=ZoneType(), help=ZoneType.option_help)
@click.option("--start", type=DateType(), help="First day of week 1. [default: today if a Monday, else next Monday]")
@click.option(
    "--by",
    type=DateType(),
    default=None,
    help="Deadline: find the fewest hours per week (in half hours) that finish by this date; with --hours,"
    " leave out what does not fit by then (and say what).",
)
@click.option(
    "--done",
    "done",
    multiple=True,
    metavar="BOOK[:CHAPTERS]",
    shell_complete=complete_done,
    help="Already read: a whole book (ddia) or chapters (ddia:5-6, homl:1-4,7). Repeatable.",
)
@click.option(
    "--progress",
    type=PathParam(dir_okay=False),
    default=None,
    metavar="FILE",
    help="Finished chapters from a file: the HTML plan's exported progress JSON, or a YAML list."
    " An export of a plan continues that plan: its goals, options and start are kept.",
)
@AS_OF_OPTION
@click.option(
    "--skip",
    type=SkipType(),
    multiple=True,
    metavar="FROM..TO",
    help="No study on these dates: each skipped study day takes its hours out of its week. Repeatable.",
)
@click.option(
    "--pace",
    type=PaceType(),
    default=1.0,
    show_default=True,
    help="Scale every reading-time estimate (1.5: I read 50% slower).",
)
@click.option(
    "--parallel",
    type=click.IntRange(1, 10),
    default=1,
    show_default=True,
    help="Books in progress at once, sharing each week's hours.",
)
@click.option(
    "--whole-books",
    is_flag=True,
    help="Read every planned book whole, not only the chapters the goal and edges ask for.",
)
@click.option("--optional", is_flag=True, help="Also plan the prerequisites marked optional.")
@click.option(
    "--prefer",
    multiple=True,
    metavar="BOOK",
    shell_complete=complete_books,
    help="Among alternatives (or editions, e.g. ddia-1e), read this book. Repeatable.",
)
@click.option(
    "--know",
    multiple=True,
    metavar="POINT",
    shell_complete=complete_starting_points,
    help="A starting point you already know (see `curriculum goals`), e.g. ml-basics. Repeatable.",
)
@click.option("--from-zero", is_flag=True, help="Assume nothing, not even what the goal assumes.")
@click.option(
    "--format",
    "formats",
    default=None,
    metavar="LIST",
    shell_complete=complete_formats,
    help=f"Files to write, a comma list of {', '.join(registry.names('plan'))}."
    f" [default: {','.join(registry.DEFAULT_FORMATS)}; none with --json]",
)
@click.option(
    "--out",
    "out_dir",
    type=OutFolder(file_okay=True, dir_okay=True),
    default=None,
    metavar="DIR",
    help="Folder for the files, made if missing. [default: output]",
)
@click.option(
    "--for",
    "mentee",
    default=None,
    metavar="NAME",
    callback=lambda ctx, param, value: one_line_name(value),
    help="Put a mentee's name on the plan and in the file names (one line).",
)
@click.option("--paper", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4", show_default=True,
              help="Paper size of the PDF.")  # fmt: skip
@catalog_options
@JSON_OPTION
@handle_errors
def plan(
    goals: tuple[str, ...],
    hours: float | None,
    days: tuple[StudyDay, ...] | None,
    tz: str | None,
    start: date | None,
    by: date | None,
    done: tuple[str, ...],
    progress: Path | None,
    as_of: date | None,
    skip: tuple[tuple[date, date], ...],
    pace: float,
    parallel: int,
    whole_books: bool,
    optional: bool,
    prefer: tuple[str, ...],
    know: tuple[str, ...],
    from_zero: bool,
    formats: str | None,
    out_dir: Path | None,
    mentee: str | None,
    paper: str,
    catalog_dir: Path | None,
    extend: bool,
    as_json: bool,
) -> None:
    """Plan the books of a goal, prerequisites first, into weeks of at most --hours.

    Prints the plan and writes it as HTML and PDF into output/ (see --format and --out).
    With --json it prints only JSON and writes files only when --format or --out is given.

    \b
    Examples:
      curriculum plan --goal ml-system-design --hours 5
      curriculum plan --goal llm-engineering --hours 2.5 --start 2027-01-04 --json
      curriculum plan --goal ml-interview --by 2027-06-30 --done ctci --skip 2027-04-05..2027-04-18
      curriculum plan --goal ml-interview --hours 8 --by 2027-03-29 --know ml-basics
      curriculum plan --goal swe-system-design --hours 5 --prefer ddia-1e
      curriculum plan --goal deep-learning --goal ml-system-design --hours 8 --parallel 2
      curriculum plan --goal llm-engineering --days mon=1,wed=1,sat=09:00+3h --tz Europe/Berlin
      curriculum plan --goal deep-learning --hours 8 --for Ada --out plans --format html,pdf,md,ics,json
    """
    from .errors import UsageError
    from .planner import make_plan
    from .present import pdfchild
    from .present.registry import DEFAULT_FORMATS, parse_formats
    from .studydays import warnings as plan_warnings

    try:
        chosen = parse_formats(formats) if formats is not None else DEFAULT_FORMATS
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="'--format'") from None
    write_files = not as_json or formats is not None or out_dir is not None
    if write_files and "pdf" in chosen:  # WeasyPrint imported by a child meanwhile (present/pdfchild.py)
        click.get_current_context().call_on_close(pdfchild.start())

    from .cli_progress import continuation_report, plan_request

    catalog = load(catalog_dir, extend)
    request, mentee = plan_request(click.get_current_context(), catalog, progress, as_of, mentee)
    with lasting():
        result = keep_until_exit(make_plan(catalog, request))
    moved = continuation_report(result)
    for warning in plan_warnings(result, date.today()):
        echo(f"Warning: {warning}", err=True)
    written: list[Path] = []
    if write_files:
        from pathlib import Path

        from .present.command import regenerate_command
        from .present.outputs import write_outputs

        written, warnings = write_outputs(
            result, formats=chosen, out_dir=out_dir if out_dir is not None else Path("output"),
            mentee=mentee, paper=paper.lower(), command=regenerate_command(result, mentee=mentee),
        )  # fmt: skip
        for warning in warnings:
            echo(f"Warning: {warning}", err=True)
    if as_json:
        from .present.json import plan_to_dict

        print_json(plan_to_dict(result, lazy=True))
        if moved:
            echo(moved, err=True)
        for path in written:
            echo(f"Wrote {path}", err=True)
    else:
        from .present.job import PlanJob

        text = registry.render_plan("text", PlanJob(result))
        assert isinstance(text, str)
        echo(text)
        if moved:
            echo("\n" + moved)
        if written:
            echo("")
        for path in written:
            echo(f"Wrote {path}")


@cli.command()
@click.option("--whole-books", is_flag=True, help="Count every planned book whole.")
@click.option("--optional", is_flag=True, help="Count the optional prerequisites too.")
@catalog_options
@JSON_OPTION
@handle_errors
def goals(whole_books: bool, optional: bool, catalog_dir: Path | None, extend: bool, as_json: bool) -> None:
    """List the goals, with the books and hours each one's plan holds (prerequisites included).

    \b
    Example:
      curriculum goals
    """
    from .present.listings import goal_rows

    rows = goal_rows(load(catalog_dir, extend), whole_books=whole_books, optional=optional)
    if as_json:
        print_json(rows)
    else:
        from .present.terminal import goals_text

        echo(goals_text(rows))


@cli.command()
@catalog_options
@JSON_OPTION
@handle_errors
def books(catalog_dir: Path | None, extend: bool, as_json: bool) -> None:
    """List the books of the catalog with their estimated reading hours.

    \b
    Example:
      curriculum books --json
    """
    from .present.listings import book_rows

    rows = book_rows(load(catalog_dir, extend))
    if as_json:
        print_json(rows)
    else:
        from .present.terminal import books_text

        echo(books_text(rows))


def main() -> None:
    import sys

    refuse_undecodable(sys.argv[1:])  # before click, which would carry such bytes into every output
    ends_with_the_command()
    try:
        cli(prog_name="curriculum")
    except BrokenPipeError:  # while click itself writes (help, usage)
        quiet_broken_pipe()


# The catalog commands (show, why, graph, validate, schema) live in cli_catalog.py.
from .cli_catalog import register  # noqa: E402
from .cli_cohort import register as register_cohort  # noqa: E402
from .cli_progress import register as register_progress  # noqa: E402

register(cli)
register_progress(cli)
register_cohort(cli)
