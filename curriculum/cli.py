"""The command line. The only module that imports click; each command parses its options,
calls one core function and shows the result. Heavy libraries are imported inside commands.
"""

from __future__ import annotations

import functools
import json
import math
import os
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import CurriculumError

F = TypeVar("F", bound=Callable[..., Any])


def next_monday(today: date) -> date:
    """The first Monday after ``today``."""
    return today + timedelta(days=7 - today.weekday())


class HoursType(click.ParamType):  # type: ignore[type-arg]
    """Hours per week: a number more than 0 and at most 80 (fractions allowed)."""

    name = "HOURS"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            hours = value
        else:
            try:
                hours = float(str(value).strip())
            except ValueError:
                self.fail(f"'{value}' is not a number of hours (try 5 or 2.5)", param, ctx)
        if not math.isfinite(hours) or hours <= 0 or hours > 80:
            self.fail(f"{value} is not between 0 (excluded) and 80 hours a week", param, ctx)
        if round(hours * 60) < 1:
            self.fail(f"{value} is less than a minute a week", param, ctx)
        return hours


class DateType(click.ParamType):  # type: ignore[type-arg]
    """A calendar date written YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError as exc:
            reason = str(exc)
            if "format" in reason or not str(value).strip()[:4].isdigit():
                self.fail(f"'{value}' is not a date in the form YYYY-MM-DD", param, ctx)
            self.fail(f"'{value}' is not a real date ({reason})", param, ctx)


CATALOG_OPTION = click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(path_type=Path, file_okay=True, dir_okay=True),
    default=None,
    metavar="DIR",
    help="Use the catalog in DIR (books.yaml, prereqs.yaml, goals.yaml) instead of the bundled one.",
)
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout and nothing else.")


def _debug_wanted() -> bool:
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    flag = bool(root and root.params.get("debug"))
    return flag or os.environ.get("CURRICULUM_DEBUG", "") not in ("", "0")


def handle_errors(func: F) -> F:
    """Turn the core's errors into one message on stderr and the documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CurriculumError as exc:
            if _debug_wanted():
                raise
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except Exception as exc:
            if _debug_wanted():
                raise
            click.echo(f"Error: internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _load(catalog_dir: Path | None) -> Any:
    from .catalog import load_catalog

    return load_catalog(catalog_dir)


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="curriculum", message="curriculum %(version)s")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error (for bug reports).")
def cli(debug: bool) -> None:
    """Plan your reading through the machine learner's library, week by week.

    \b
    Example:
      curriculum plan --goal ml-system-design --hours 5
    """


@cli.command()
@click.option(
    "--goal",
    "goals",
    multiple=True,
    required=True,
    metavar="GOAL",
    help="A goal id (see `curriculum goals`) or a book id. Repeat for several goals.",
)
@click.option(
    "--hours",
    type=HoursType(),
    default=5.0,
    show_default=True,
    help="Hours of reading per week: more than 0, at most 80; fractions allowed.",
)
@click.option("--start", type=DateType(), default=None, help="First day of week 1 (default: the next Monday).")
@click.option(
    "--whole-books",
    is_flag=True,
    help="Read every planned book whole, not only the chapters the goal and edges ask for.",
)
@click.option("--optional", is_flag=True, help="Also plan the prerequisites marked optional.")
@CATALOG_OPTION
@JSON_OPTION
@handle_errors
def plan(
    goals: tuple[str, ...],
    hours: float,
    start: date | None,
    whole_books: bool,
    optional: bool,
    catalog_dir: Path | None,
    as_json: bool,
) -> None:
    """Plan the books of a goal, prerequisites first, into weeks of at most --hours.

    \b
    Examples:
      curriculum plan --goal ml-system-design --hours 5
      curriculum plan --goal llm-engineering --hours 2.5 --start 2027-01-04 --json
    """
    from .planner import PlanRequest, make_plan

    catalog = _load(catalog_dir)
    request = PlanRequest(
        goals=goals,
        hours_per_week=hours,
        start=start or next_monday(date.today()),
        whole_books=whole_books,
        optional=optional,
    )
    result = make_plan(catalog, request)
    if as_json:
        from .views import plan_to_dict

        _print_json(plan_to_dict(result))
    else:
        from .terminal import plan_text

        click.echo(plan_text(result))


@cli.command()
@click.option("--whole-books", is_flag=True, help="Count every planned book whole.")
@click.option("--optional", is_flag=True, help="Count the optional prerequisites too.")
@CATALOG_OPTION
@JSON_OPTION
@handle_errors
def goals(whole_books: bool, optional: bool, catalog_dir: Path | None, as_json: bool) -> None:
    """List the goals, with the books and hours each one's plan holds (prerequisites included).

    \b
    Example:
      curriculum goals
    """
    from .listings import goal_rows

    rows = goal_rows(_load(catalog_dir), whole_books=whole_books, optional=optional)
    if as_json:
        _print_json(rows)
    else:
        from .terminal import goals_text

        click.echo(goals_text(rows))


@cli.command()
@CATALOG_OPTION
@JSON_OPTION
@handle_errors
def books(catalog_dir: Path | None, as_json: bool) -> None:
    """List the books of the catalog with their estimated reading hours.

    \b
    Example:
      curriculum books --json
    """
    from .listings import book_rows

    rows = book_rows(_load(catalog_dir))
    if as_json:
        _print_json(rows)
    else:
        from .terminal import books_text

        click.echo(books_text(rows))


def main() -> None:
    cli(prog_name="curriculum")


# The catalog commands (show, why, graph, validate, schema) live in cli_catalog.py.
from .cli_catalog import register  # noqa: E402

register(cli)
