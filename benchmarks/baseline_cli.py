"""The baseline for `curriculum --help`: a bare click group with the same commands and options.

It imports click and nothing else, so its start-up is what any click CLI of this shape pays.
run.py warns when its commands are no longer those of `curriculum --help`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click


def catalog_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--extend", is_flag=True, help="Add --catalog DIR to the bundled catalog.")(func)
    return click.option("--catalog", "catalog_dir", default=None, metavar="DIR", help="Use the catalog in DIR.")(func)


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout and nothing else.")(func)


def goal_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--whole-books", is_flag=True, help="Count every planned book whole.")(func)
    func = click.option("--optional", is_flag=True, help="Also follow the optional prerequisites.")(func)
    return click.option("--goal", "goals", multiple=True, metavar="GOAL", help="A goal id or a book id.")(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option("0", message="baseline %(version)s")
@click.option("--debug", is_flag=True, help="Show the full traceback of an error (for bug reports).")
def cli(debug: bool) -> None:
    """Plan your reading through the machine learner's library, week by week."""


@cli.command()
@goal_options
@click.option("--hours", type=float, default=None, help="Hours of reading per week.")
@click.option("--start", default=None, metavar="YYYY-MM-DD", help="First day of week 1.")
@click.option("--by", default=None, metavar="YYYY-MM-DD", help="Deadline.")
@click.option("--done", multiple=True, metavar="BOOK[:CHAPTERS]", help="Already read.")
@click.option("--progress", default=None, metavar="FILE", help="Finished chapters from a file.")
@click.option("--skip", multiple=True, metavar="FROM..TO", help="No study in these dates.")
@click.option("--pace", type=float, default=1.0, show_default=True, help="Scale every estimate.")
@click.option("--parallel", type=click.IntRange(1, 10), default=1, show_default=True, help="Books at once.")
@click.option("--format", "formats", default=None, metavar="LIST", help="Files to write.")
@click.option("--out", "out_dir", default=None, metavar="DIR", help="Folder for the files.")
@click.option("--for", "mentee", default=None, metavar="NAME", help="A mentee's name.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help="Paper size.")
@catalog_options
@json_option
def plan(**options: object) -> None:
    """Plan the books of a goal, prerequisites first, into weeks of at most --hours."""


@cli.command()
@click.option("--whole-books", is_flag=True, help="Count every planned book whole.")
@click.option("--optional", is_flag=True, help="Count the optional prerequisites too.")
@catalog_options
@json_option
def goals(**options: object) -> None:
    """List the goals, with the books and hours each one's plan holds (prerequisites included)."""


@cli.command()
@catalog_options
@json_option
def books(**options: object) -> None:
    """List the books of the catalog with their estimated reading hours."""


@cli.command()
@goal_options
@click.option("--format", type=click.Choice(["dot", "mermaid", "svg", "json"]), default="dot", help="Format.")
@catalog_options
def graph(**options: object) -> None:
    """Print the prerequisite graph: the whole catalog, or the books of a goal's plan."""


@cli.command()
@click.option("--file", type=click.Choice(["books", "prereqs", "goals"]), default=None, help="Only this file.")
def schema(**options: object) -> None:
    """Print the JSON Schema of the catalog files."""


@cli.command()
@click.argument("book")
@catalog_options
@json_option
def show(**options: object) -> None:
    """Show a book: its facts, chapters with hours, prerequisites and what it leads to."""


@cli.command()
@catalog_options
@json_option
def validate(**options: object) -> None:
    """Check a catalog: print what it holds, or every problem in it."""


@cli.command()
@click.argument("book")
@goal_options
@click.option("--limit", type=click.IntRange(0, 10_000), default=20, show_default=True, help="At most this many.")
@catalog_options
@json_option
def why(**options: object) -> None:
    """Explain why a goal's plan holds a book: the prerequisite chains that lead to it."""


@cli.command()
@click.argument("cohort_file", metavar="COHORT.yaml")
@click.option("--out", "out_dir", default=None, metavar="DIR", help="Folder for the plans and index.html.")
@click.option("--format", "formats", default=None, metavar="LIST", help="Each mentee's files.")
@click.option("--jobs", type=click.IntRange(1, 512), default=None, help="Plans made at once.")
@click.option("--as-of", default=None, metavar="DATE", help="The day to continue each plan on.")
@click.option("--check-in", default=None, metavar="Nw", help="Weeks between check-ins.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help="Paper size.")
@json_option
def cohort(**options: object) -> None:
    """Plan every mentee of a cohort file and write an index page of the cohort."""


@cli.command()
@click.argument("old")
@click.argument("new")
def diff(**options: object) -> None:
    """Say what moved from one plan to another."""


if __name__ == "__main__":
    cli(prog_name="baseline")
