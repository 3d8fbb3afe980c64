"""The command line of living plans: `plan --progress` continuing an exported plan, what moved,
and `curriculum diff`. Click is imported here as in :mod:`curriculum.cli`; the work is in
:mod:`curriculum.continuation` and :mod:`curriculum.diff`."""

from __future__ import annotations

import inspect
from datetime import date
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from .cli_common import Command, DateType, PathParam, echo, handle_errors

AS_OF_OPTION = click.option(
    "--as-of",
    type=DateType(),
    default=None,
    metavar="DATE",
    help="With --progress from a plan: the day to continue it on; earlier weeks are the past. [default: today]",
)

if TYPE_CHECKING:
    from pathlib import Path

    from .catalog import Catalog
    from .planner import Plan
    from .request import PlanRequest


def _request_options() -> list[str]:
    """The `plan` options that make its request: :func:`curriculum.cli.build_request`'s keywords."""
    from .cli import build_request

    return [name for name in inspect.signature(build_request).parameters if name not in ("catalog", "progress")]


def plan_request(
    ctx: click.Context, catalog: Catalog, path: Path | None, as_of: date | None, mentee: str | None
) -> tuple[PlanRequest, str | None]:
    """The request `plan`'s options stand for, and the mentee. A progress export of a plan
    (version 2) continues that plan: its own arguments are the request, and the options given
    on the command line change them."""
    from .cli import build_request

    names = _request_options()
    values = {name: ctx.params[name] for name in names}
    if path is None and as_of is None:  # the common case: no progress models (pydantic) to import
        if not values["goals"]:
            raise click.UsageError("Missing option '--goal'.", ctx=ctx)
        return build_request(catalog, **values), mentee
    from .continuation import read_exported, with_progress
    from .progress import read_progress_file

    progress = read_progress_file(path) if path is not None else None
    if progress is None or progress.plan is None:
        if not values["goals"]:
            raise click.UsageError("Missing option '--goal'.", ctx=ctx)
        if as_of is not None:
            _warn("--as-of is used only to continue a plan from its progress export; it is ignored")
        if progress is not None and progress.goals:
            _check_goals(catalog, path, progress.goals, values["goals"])
        return build_request(catalog, progress=progress, **values), mentee
    assert path is not None
    exported = read_exported(progress.plan, str(path))
    base_values = _parse(ctx, exported.arguments, path)
    given = {name for name in names if ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE}
    if "goals" in given and not _check_goals(catalog, path, base_values["goals"], values["goals"]):
        return build_request(catalog, progress=progress, **values), mentee
    if exported.catalog != list(catalog.origin.catalog_args()):
        was = " ".join(exported.catalog) or "the bundled catalog"
        now = " ".join(catalog.origin.catalog_args()) or "the bundled catalog"
        _warn(f"progress file {path} was exported from a plan of {was}; this plan uses {now}")
    merged = {**base_values, **{name: values[name] for name in given}}
    request = with_progress(catalog, build_request(catalog, **merged), progress, as_of=as_of or date.today())
    return request, mentee if mentee is not None else progress.mentee


def _parse(ctx: click.Context, arguments: tuple[str, ...], path: Path) -> dict[str, Any]:
    """The request options of the exported plan's arguments, as `plan` parses them."""
    from .errors import UsageError

    command = ctx.command
    try:
        with command.make_context(ctx.info_name, list(arguments), parent=ctx.parent) as parsed:
            return {name: parsed.params[name] for name in _request_options()}
    except click.ClickException as exc:
        raise UsageError(f"progress file {path}: the plan's arguments are not valid: {exc.format_message()}") from None


def _check_goals(catalog: Catalog, path: Path | None, exported: tuple[str, ...] | list[str], wanted: Any) -> bool:
    """Whether the goals asked for are the export's; a warning naming both when they are not."""
    was = tuple(dict.fromkeys(map(catalog.canonical, exported)))
    now = tuple(dict.fromkeys(map(catalog.canonical, wanted)))
    if set(was) == set(now):
        return True
    _warn(
        f"progress file {path} is from a plan for {', '.join(was)}, not {', '.join(now)}:"
        " only its finished chapters are used"
    )
    return False


def _warn(message: str) -> None:
    echo(f"Warning: {message}", err=True)


def continuation_report(plan: Plan) -> str:
    """Print a continued plan's warnings (stderr) and return what moved, or ''."""
    if plan.continued is None:
        return ""
    for warning in dict.fromkeys(plan.continued.warnings):
        _warn(warning)
    from .present.diff_text import changes_text, continued_changes, moved_heading

    changes = continued_changes(plan)
    return "" if changes is None else changes_text(changes, heading=moved_heading(plan))


@click.command(cls=Command)
@click.argument("old", type=PathParam(dir_okay=False))
@click.argument("new", type=PathParam(dir_okay=False))
@handle_errors
def diff(old: Path, new: Path) -> None:
    """Say what moved from one plan to another: end date, weeks behind or ahead, books added,
    dropped, finished or moved. Both are plan JSON files (`plan --format json` or `--json`).

    \b
    Example:
      curriculum diff output/ml-system-design.json plans/ml-system-design.json
    """
    from .diff import compare
    from .present.diff_text import changes_text

    echo(changes_text(compare(_plan_json(old), _plan_json(new))))


def _plan_json(path: Path) -> dict[str, Any]:
    import json

    from .errors import UsageError

    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the file: {exc.strerror}") from None
    except ValueError as exc:
        raise UsageError(f"{path}: not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: not a plan's JSON (expected an object)")
    return data


def register(group: click.Group) -> None:
    group.add_command(diff)
