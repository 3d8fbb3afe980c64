"""What every command shares: the catalog options, JSON flag and printing, catalog loading (with
the garbage collector tuned for it) and error handling.

Imported by cli.py, cli_catalog.py and completion.py; it imports none of them.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import sys
from collections.abc import Callable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .errors import CurriculumError

if TYPE_CHECKING:
    from pathlib import Path

F = TypeVar("F", bound=Callable[..., Any])


class PathParam(click.Path):
    """``click.Path`` that gives a ``pathlib.Path``, importing pathlib only when an option is
    used: nothing else needs it before a command runs, and ``--help`` stays as quick as a bare
    click program."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from pathlib import Path

        return Path(os.fsdecode(super().convert(value, param, ctx)))


def catalog_options(func: F) -> F:
    """``--catalog DIR`` and ``--extend``: the parameters ``catalog_dir`` and ``extend``."""
    func = click.option(
        "--extend",
        is_flag=True,
        help="Add the books, prerequisites and goals of --catalog DIR to the bundled catalog instead of replacing it.",
    )(func)
    return click.option(
        "--catalog",
        "catalog_dir",
        type=PathParam(file_okay=True, dir_okay=True),
        default=None,
        metavar="DIR",
        help="Use the catalog in DIR (books.yaml, prereqs.yaml, goals.yaml) instead of the bundled one.",
    )(func)


JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout and nothing else.")


def print_json(data: Any) -> None:
    """``data`` as JSON on stdout: indented on a terminal, compact when piped (the C encoder is
    several times faster, and a large plan's text is written in pieces, never held whole)."""
    from .present.json import json_chunks

    for chunk in json_chunks(data, indent=sys.stdout.isatty()):
        click.echo(chunk, nl=False)
    click.echo("")


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
        except click.ClickException:
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except Exception as exc:
            if _debug_wanted():
                raise
            click.echo(f"Error: internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def load(catalog_dir: Path | None, extend: bool) -> Any:
    """The catalog the options name: bundled, the one in DIR, or the bundled one extended by DIR."""
    from .catalog import load_catalog

    with loading_catalog():
        return load_catalog(catalog_dir, extend=extend)


@contextlib.contextmanager
def loading_catalog() -> Iterator[None]:
    """The cyclic garbage collector tuned for a command that loads a catalog: the one place that
    touches it (the library never does).

    Loading makes millions of objects that stay alive until the command ends, and next to no
    garbage cycles: every collection would walk all of them again (at 10k books, half of the
    loading time). So the collector is off while the catalog loads; then what is alive is frozen,
    out of the collector's sight, and it collects less often in this short-lived process. It stays
    off until the catalog is frozen: switched on before, it would first walk every object of the
    catalog, all of them still in the youngest generation.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(100_000, 50, 100)
        if enabled:
            gc.enable()


# The command line's own value types: each refuses a bad value with one line that names it.


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


class SkipType(click.ParamType):  # type: ignore[type-arg]
    """A date range FROM..TO (both YYYY-MM-DD, TO not before FROM)."""

    name = "FROM..TO"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[date, date]:
        if isinstance(value, tuple):
            return value
        first, sep, last = str(value).partition("..")
        if not sep:
            self.fail(f"'{value}' is not a range FROM..TO (e.g. 2027-04-05..2027-04-18)", param, ctx)
        dates = DateType()
        start, end = dates.convert(first, param, ctx), dates.convert(last, param, ctx)
        if end < start:
            self.fail(f"'{value}' ends before it starts", param, ctx)
        return start, end


class PaceType(click.ParamType):  # type: ignore[type-arg]
    """A factor for reading times: more than 0, at most 10."""

    name = "FACTOR"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            pace = float(str(value).strip())
        except ValueError:
            self.fail(f"'{value}' is not a number (try 1.5 for 50% slower)", param, ctx)
        if not math.isfinite(pace) or pace <= 0 or pace > 10:
            self.fail(f"{value} is not between 0 (excluded) and 10", param, ctx)
        return pace
