"""The catalog commands: show, why, graph, validate, schema.

Each parses its options, calls one core function and shows the result. cli.py adds them to
the `curriculum` group with :func:`register`; what the commands share is in cli_common.py.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from .cli_common import (
    JSON_OPTION,
    Command,
    catalog_options,
    echo,
    handle_errors,
    load,
    print_json,
)
from .cli_lifetime import keep_until_exit, lasting
from .completion import complete_books, complete_ids
from .present import registry

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["catalog_options", "complete_books", "complete_ids", "load", "register"]


_GOAL_HELP = "A goal id (see `curriculum goals`) or a book id. Repeat for several goals."
_OPTIONAL_HELP = "Also follow the prerequisites marked optional, as `plan --optional` does."
_WHOLE_HELP = "Count every planned book whole, as `plan --whole-books` does."


@click.command(cls=Command)
@click.argument("book", metavar="BOOK|GOAL", shell_complete=complete_ids)
@click.option("--hours", type=click.FloatRange(0, 80, min_open=True), default=5.0, show_default=True,
              help="For a goal: the weekly hours its number of weeks is counted at.")  # fmt: skip
@catalog_options
@JSON_OPTION
@handle_errors
def show(book: str, hours: float, catalog_dir: Path | None, extend: bool, as_json: bool) -> None:
    """Show a book: its facts, chapters with hours, prerequisites (with reasons) and what it unlocks.
    Or a goal: its targets, what it assumes, the books its plan holds, hours and weeks, and the
    starting points (--know) that would shorten it.

    \b
    Example:
      curriculum show ddia
      curriculum show ddia --json
      curriculum show ml-interview --hours 8
    """
    from .explain import book_facts

    catalog = load(catalog_dir, extend)
    book = catalog.canonical(book)
    if book in catalog.goals:
        from .present.listings import goal_facts

        summary = goal_facts(catalog, book, hours_per_week=hours)
        if as_json:
            print_json(summary)
        else:
            from .present.terminal import goal_text

            echo(goal_text(summary))
        return
    if book not in catalog.books:
        from .errors import UnknownIdError

        raise UnknownIdError("book or goal", book, [*catalog.books, *catalog.goals])
    facts = book_facts(catalog, book)
    if as_json:
        print_json(facts)
    else:
        from .present.explain_text import show_text

        echo(show_text(facts, catalog))


@click.command(cls=Command)
@click.argument("book", shell_complete=complete_books)
@click.option("--goal", "goals", multiple=True, required=True, metavar="GOAL", help=_GOAL_HELP,
              shell_complete=complete_ids)  # fmt: skip
@click.option("--optional", is_flag=True, help=_OPTIONAL_HELP)
@click.option("--whole-books", is_flag=True, help=_WHOLE_HELP)
@click.option(
    "--limit",
    type=click.IntRange(0, 10_000),
    default=20,
    show_default=True,
    help="Show at most this many chains (shortest first); the rest are counted.",
)
@click.option("--prefer", multiple=True, metavar="BOOK", shell_complete=complete_books,
              help="Among alternatives, read this book (as `plan --prefer`). Repeatable.")  # fmt: skip
@catalog_options
@JSON_OPTION
@handle_errors
def why(
    book: str,
    goals: tuple[str, ...],
    optional: bool,
    whole_books: bool,
    limit: int,
    prefer: tuple[str, ...],
    catalog_dir: Path | None,
    extend: bool,
    as_json: bool,
) -> None:
    """Explain why a goal's plan holds a book: the prerequisite chains from it to the goal's targets.

    Each chain is a path of prerequisite edges, each with its reason; the hours are those of
    the book's planned chapters. A book the plan does not hold is "not needed" (exit 0).

    \b
    Example:
      curriculum why math-of-ml --goal deep-learning
      curriculum why ddia --goal ml-system-design --goal ml-interview --json
      curriculum why homl --goal llm-engineering --prefer ml-pytorch-sklearn
    """
    from .explain import find_book, why_needed
    from .planner import resolve_goals

    catalog = load(catalog_dir, extend)
    book, goals, prefer = (
        catalog.canonical(book),
        tuple(map(catalog.canonical, goals)),
        tuple(map(catalog.canonical, prefer)),
    )
    find_book(catalog, book)  # an unknown book is reported before an unknown goal
    for name in prefer:
        find_book(catalog, name)
    result = why_needed(
        catalog, book, resolve_goals(catalog, goals), optional=optional, whole_books=whole_books, limit=limit,
        prefer=tuple(dict.fromkeys(prefer)),
    )  # fmt: skip
    if as_json:
        from .present.json import why_to_dict

        print_json(why_to_dict(result))
    else:
        from .present.explain_text import why_text

        echo(why_text(result, catalog))


@click.command(cls=Command)
@click.option("--goal", "goals", multiple=True, metavar="GOAL", shell_complete=complete_ids,
              help="Only the books a goal's plan holds (a goal id or a book id). Repeatable.")  # fmt: skip
@click.option(
    "--format",
    "fmt",
    type=click.Choice(registry.names("graph")),
    default="dot",
    show_default=True,
    help=registry.choices_text("graph") + ".",
)
@click.option("--optional", is_flag=True, help="With --goal: " + _OPTIONAL_HELP[0].lower() + _OPTIONAL_HELP[1:])
@click.option("--whole-books", is_flag=True, help="With --goal: " + _WHOLE_HELP[0].lower() + _WHOLE_HELP[1:])
@catalog_options
@handle_errors
def graph(
    goals: tuple[str, ...],
    fmt: str,
    optional: bool,
    whole_books: bool,
    catalog_dir: Path | None,
    extend: bool,
) -> None:
    """Print the prerequisite graph: the whole catalog, or the books of a goal's plan.

    Edges that name chapters are labelled with them; optional edges are dashed; the goal's
    targets are bold. Without --goal every edge is drawn, optional ones included.

    \b
    Example:
      curriculum graph --format mermaid
      curriculum graph --goal ml-system-design --format dot | dot -Tpng > graph.png
      curriculum graph --goal deep-learning --format svg > graph.svg
    """
    from .errors import UsageError
    from .planner import resolve_goals
    from .present.graph import graph_view

    if not goals and (optional or whole_books):
        raise UsageError("--optional and --whole-books apply only with --goal (the whole catalog shows every edge)")
    catalog = load(catalog_dir, extend)
    chosen = resolve_goals(catalog, tuple(map(catalog.canonical, goals))) if goals else ()
    echo(registry.render_graph(fmt, graph_view(catalog, chosen, optional=optional, whole_books=whole_books)))


@click.command(cls=Command)
@catalog_options
@JSON_OPTION
@handle_errors
def validate(catalog_dir: Path | None, extend: bool, as_json: bool) -> None:
    """Check a catalog: print what it holds, or every problem in it (exit 3).

    \b
    Example:
      curriculum validate --catalog my-catalog
      curriculum validate --catalog my-additions --extend --json
    """
    from .catalog.validation import validate_catalog
    from .errors import CatalogError

    with lasting():
        report = validate_catalog(catalog_dir, extend=extend, loaded=keep_until_exit)
    if as_json:
        print_json(report.to_dict())
        if not report.ok:
            sys.exit(CatalogError.exit_code)
    elif not report.ok:
        raise CatalogError(list(report.problems), more=report.more)
    else:
        counts = [(report.books, "book"), (report.prerequisites, "prerequisite"), (report.goals, "goal")]
        echo("ok: " + ", ".join(f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts))


@click.command(cls=Command)
@click.option(
    "--file",
    "name",
    type=click.Choice(["books", "prereqs", "goals", "cohort"]),
    default=None,
    help="Only the schema of this file (default: the three catalog files, keyed by file name);"
    " cohort: a cohort file of `curriculum cohort`.",
)
@handle_errors
def schema(name: str | None) -> None:
    """Print the JSON Schema of the catalog files, generated from the models that validate them.

    Editors can check a catalog's YAML against it as it is typed (see docs/catalog.md).

    \b
    Example:
      curriculum schema --file books > books.schema.json
    """
    from .catalog.jsonschema import catalog_schema
    from .cohort import cohort_schema

    print_json(cohort_schema() if name == "cohort" else catalog_schema(name))


COMMANDS = (show, why, graph, validate, schema)


def register(group: click.Group) -> None:
    """Add the catalog commands to ``group`` (cli.py calls this for `curriculum`)."""
    for command in COMMANDS:
        group.add_command(command)
