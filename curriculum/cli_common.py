"""What every command shares: the catalog options, JSON flag and printing, catalog loading (with
the garbage collector tuned for it: cli_lifetime.py) and error handling.

Imported by cli.py, cli_catalog.py and completion.py; it imports none of them.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .errors import CurriculumError

if TYPE_CHECKING:
    from pathlib import Path

F = TypeVar("F", bound=Callable[..., Any])


_CONTROL = {c: f"\\u{c:04x}" for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)}
"""Control characters (escape sequences, carriage returns, C1 controls) and the Unicode line
separators, each written as a visible ``\\uXXXX``; tabs and line breaks pass."""
_UNDECODABLE = {c: f"\\x{c - 0xDC00:02x}" for c in range(0xDC80, 0xDD00)}
"""Python's stand-ins for bytes that are not UTF-8 (in arguments, paths), shown as ``\\xff``."""
_VISIBLE = {**_CONTROL, **_UNDECODABLE}


def refuse_undecodable(argv: Sequence[str]) -> None:
    """Stop with exit 2 at the first argument that is not UTF-8 text: ids, names and paths (a plan
    records its catalog's) end up in outputs, which cannot hold Python's stand-ins for such bytes."""
    for index, arg in enumerate(argv):
        if arg != arg.translate(_UNDECODABLE):
            before = argv[index - 1] if index else ""
            of = f" (after {before})" if before.startswith("-") and "=" not in before else ""
            echo(f"Error: the argument '{arg}'{of} is not UTF-8 text; give every argument in UTF-8", err=True)
            sys.exit(2)


def one_line_name(value: str | None) -> str | None:
    """A ``--for`` name: refused when it holds a control character or a line break (it goes into
    calendars, file names and every page of the plan)."""
    if value is not None:
        if value != value.translate(_UNDECODABLE):
            raise click.BadParameter(f"'{value.translate(_VISIBLE)}' is not UTF-8 text")
        bad = [c for c in value if ord(c) in _CONTROL or c == "\n" or c == "\t"]
        if bad:
            raise click.BadParameter(f"{value!r} holds U+{ord(bad[0]):04X}: give a name on one line")
    return value


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print to the terminal with every control character made visible, so no text from a
    catalog, a file or an argument can move the cursor, rewrite a line, set the clipboard (OSC
    52) or hide a link. In JSON output such characters are already escaped, or come out as the
    same ``\\uXXXX`` escapes, so JSON stays valid. Bytes that are not UTF-8 (a path given in
    another encoding) are shown as ``\\xff``, never written raw."""
    click.echo(text.translate(_VISIBLE), err=err, nl=nl)


class PathParam(click.Path):
    """``click.Path`` that gives a ``pathlib.Path``, importing pathlib only when an option is
    used: nothing else needs it before a command runs, and ``--help`` stays as quick as a bare
    click program. ``unreachable`` (a message with ``{path}`` and ``{reason}``, an exit code) is
    what to say of a path that cannot be looked at: a folder on the way that may not be entered,
    a name too long, a loop of links; without it, the command finds out."""

    def __init__(self, *, unreachable: tuple[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.unreachable = unreachable

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from pathlib import Path

        path = Path(os.fsdecode(super().convert(value, param, ctx)))
        if self.unreachable is None:
            return path
        try:
            os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            pass  # the command says what is missing, or makes it
        except OSError as exc:
            message, code = self.unreachable
            error = type("PathError", (click.ClickException,), {"exit_code": code})  # click reads the class
            raise error(message.format(path=path, reason=exc.strerror).translate(_VISIBLE)) from None
        return path


CatalogFolder = functools.partial(PathParam, unreachable=("the catalog folder '{path}' cannot be reached: {reason}", 2))
OutFolder = functools.partial(PathParam, unreachable=("cannot write into {path}: {reason}", 5))
"""``--out DIR``: one that cannot be looked at cannot be written into (exit 5, as an unwritable one)."""


class Command(click.Command):
    """A command that names a stray argument and the option it was probably meant for: ``plan
    ml-system-design`` says "unexpected argument 'ml-system-design'; did you mean --goal
    ml-system-design?" (exit 2), where click said "Got unexpected extra argument" or, first,
    that --goal is missing."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not ctx.resilient_parsing:  # completion parses half-typed lines: no complaints then
            try:
                strays = self.make_parser(ctx).parse_args(args=list(args))[1]
            except click.UsageError:
                strays = []  # an unknown option or a missing value: the parse proper says so
            if strays:
                ctx.fail(stray_message(self, strays))
        return super().parse_args(ctx, args)


class Group(click.Group):
    """The ``curriculum`` group: its commands are :class:`Command` unless they say otherwise,
    and click's own messages (a bad value, a missing option) are printed as :func:`echo`
    prints, so an argument's control characters cannot reach the terminal raw either."""

    command_class = Command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if not kwargs.get("standalone_mode", True):
            return super().main(*args, **kwargs)
        try:
            result = super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.ClickException as exc:
            import io

            shown = io.StringIO()
            exc.show(file=shown)
            echo(shown.getvalue(), err=True, nl=False)
            sys.exit(exc.exit_code)
        except click.Abort:
            echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def stray_message(command: click.Command, strays: Sequence[str]) -> str:
    """What to say of arguments no parameter takes: a number was probably meant for ``--hours``,
    a word for ``--goal``, where the command has them."""
    import shlex

    options = {name for param in command.params for name in getattr(param, "opts", ())}
    meant = ["--hours" if a.replace(".", "", 1).isdigit() else "--goal" if a[:1].isalnum() else "" for a in strays]
    text = f"unexpected argument{'s' if len(strays) > 1 else ''} " + " ".join(f"'{a}'" for a in strays)
    if all(option in options for option in meant):
        text += f"; did you mean {' '.join(f'{m} {shlex.quote(a)}' for m, a in zip(meant, strays, strict=True))}?"
    return text.translate(_VISIBLE)


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
        type=CatalogFolder(file_okay=True, dir_okay=True),
        default=None,
        metavar="DIR",
        help="Use the catalog in DIR (books.yaml, prereqs.yaml, goals.yaml) instead of the bundled one.",
    )(func)


JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON on stdout and nothing else.")


def print_json(data: Any) -> None:
    """``data`` as JSON on stdout: indented on a terminal, compact when piped (the C encoder is
    several times faster, and a large plan's text is written in pieces, never held whole)."""
    from .present.jsontext import json_chunks

    for chunk in json_chunks(data, indent=sys.stdout.isatty()):
        # JSON text escapes every control character but DEL: ASCII text without DEL has nothing for
        # echo to make visible, and a 10k plan's 10 MB go out without that pass (10 ms).
        if chunk.isascii() and "\x7f" not in chunk:
            click.echo(chunk, nl=False)
        else:
            echo(chunk, nl=False)
    echo("")


def _debug_wanted() -> bool:
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    flag = bool(root and root.params.get("debug"))
    return flag or os.environ.get("CURRICULUM_DEBUG", "") not in ("", "0")


def quiet_broken_pipe() -> None:
    """The reader of our output went away (``curriculum plan | head``): not an error. Stop at
    once and quietly, with exit 0, as ``head`` expects; nothing more is written to the pipe."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def handle_errors(func: F) -> F:
    """Turn the core's errors into one message on stderr and the documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except BrokenPipeError:
            quiet_broken_pipe()
        except CurriculumError as exc:
            if _debug_wanted():  # the traceback for a bug report, and still the documented code
                import traceback

                traceback.print_exc()
            echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException:
            raise
        except KeyboardInterrupt:
            echo("Interrupted.", err=True)
            sys.exit(130)
        except Exception as exc:
            if _debug_wanted():
                raise
            echo(f"Error: internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def load(catalog_dir: Path | None, extend: bool) -> Any:
    """The catalog the options name: bundled, the one in DIR, or the bundled one extended by DIR."""
    from .catalog import load_catalog
    from .cli_lifetime import keep_until_exit, lasting

    with lasting():
        return keep_until_exit(load_catalog(catalog_dir, extend=extend))


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


class DaysType(click.ParamType):  # type: ignore[type-arg]
    """Study days: ``mon=1,wed=1.5,sat=09:00+3h`` (see :func:`curriculum.request.parse_days`)."""

    name = "DAY=HOURS,..."
    option_help = (
        "Study days and their hours instead of --hours, e.g. mon=1,wed=1.5,sat=09:00+3h (90m for minutes);"
        " each session lands on a day, at its time when one is given. [default: --hours over Mon-Fri]"
    )

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from .errors import UsageError
        from .request import parse_days

        if isinstance(value, tuple):
            return value
        try:
            return parse_days(str(value))
        except UsageError as exc:
            self.fail(str(exc), param, ctx)


def zone_name(name: str) -> str | None:
    """``name`` when it is an IANA time zone the machine knows, else None."""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return None
    return name


class ZoneType(click.ParamType):  # type: ignore[type-arg]
    """An IANA time zone name, such as Europe/Berlin."""

    name = "ZONE"
    option_help = "Time zone of the --days times in the calendar file, e.g. Europe/Berlin. [default: the machine's]"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip()
        if zone_name(text) is None:
            self.fail(f"'{value}' is not a time zone (an IANA name such as Europe/Berlin or UTC)", param, ctx)
        return text


def machine_zone() -> str:
    """The machine's time zone as an IANA name: $TZ, else where /etc/localtime points, else
    /etc/timezone, else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    localtime = os.path.realpath("/etc/localtime")
    candidates.append(localtime.partition("zoneinfo/")[2])
    try:
        with open("/etc/timezone", encoding="utf-8") as file:
            candidates.append(file.readline().strip())
    except OSError:
        pass
    for candidate in candidates:
        candidate = candidate.partition("zoneinfo/")[2] or candidate
        if candidate and zone_name(candidate):
            return candidate
    return "UTC"
