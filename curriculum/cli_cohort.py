"""The command line of cohorts: `curriculum cohort COHORT.yaml`, every mentee's plan and an index
page of who needs help. Click is imported here as in :mod:`curriculum.cli`; the work is in
:mod:`curriculum.cohort` (the file), :mod:`curriculum.cohort_status` (where each mentee stands)
and :mod:`curriculum.present.cohort_build` (the files)."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from .cli_common import JSON_OPTION, DateType, OutFolder, PathParam, echo, handle_errors, load, print_json
from .completion import complete_formats

if TYPE_CHECKING:
    from pathlib import Path


class CheckInType(click.ParamType):  # type: ignore[type-arg]
    """Weeks between check-ins: ``2w`` (1 to 52 weeks)."""

    name = "Nw"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        found = re.fullmatch(r"\s*(\d{1,3})\s*w(?:eeks?)?\s*", str(value).lower())
        if found is None or not 1 <= int(found[1]) <= 52:
            self.fail(f"'{value}' is not a number of weeks from 1w to 52w (e.g. 2w)", param, ctx)
        return int(found[1])


@click.command()
@click.argument("cohort_file", metavar="COHORT.yaml", type=PathParam(exists=True, dir_okay=False))
@click.option(
    "--out",
    "out_dir",
    type=OutFolder(file_okay=True, dir_okay=True),
    default=None,
    metavar="DIR",
    help="Folder for the plans and index.html, made if missing. [default: output]",
)
@click.option(
    "--format",
    "formats",
    default=None,
    metavar="LIST",
    shell_complete=complete_formats,
    help="Each mentee's files, a comma list as `plan --format` takes it; ics adds the mentor's"
    " cohort.ics of check-ins. [default: html]",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 512),
    default=None,
    metavar="N",
    help="Plans made at once, in worker processes. [default: the machine's cores]",
)
@click.option(
    "--as-of",
    type=DateType(),
    default=None,
    metavar="DATE",
    help="The day to continue each plan on and to measure progress at. [default: today]",
)
@click.option(
    "--check-in",
    type=CheckInType(),
    default=None,
    metavar="Nw",
    help="With --format ics: a check-in with each mentee every N weeks of their plan. [default: 2w]",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"], case_sensitive=False),
    default="a4",
    show_default=True,
    help="Paper size of the PDFs.",
)
@JSON_OPTION
@handle_errors
def cohort(
    cohort_file: Path,
    out_dir: Path | None,
    formats: str | None,
    jobs: int | None,
    as_of: date | None,
    check_in: int | None,
    paper: str,
    as_json: bool,
) -> None:
    """Plan every mentee of a cohort file, each continued from their latest progress export, and
    write an index page of the cohort: who is behind or ahead of their original plan, who has
    not exported for a while, whose progress file is bad. See docs/cohort.md.

    \b
    Examples:
      curriculum cohort examples/cohort/cohort.yaml --out cohort --as-of 2027-02-03
      curriculum cohort cohort.yaml --out site --format html,pdf,ics --check-in 2w --jobs 4
    """
    from pathlib import Path

    from .cohort import load_cohort
    from .errors import UsageError
    from .present.cohort_build import Settings, build_cohort, default_jobs
    from .present.cohort_index import cohort_json, cohort_text
    from .present.job import file_stem
    from .present.registry import parse_formats

    try:
        chosen = parse_formats(formats) if formats is not None else ("html",)
    except UsageError as exc:
        raise click.BadParameter(str(exc), param_hint="'--format'") from None
    if check_in is not None and "ics" not in chosen:
        echo("Warning: --check-in is used only with --format ics (the mentor's cohort.ics); it is ignored", err=True)
    found, catalog = load_cohort(cohort_file, load=load, file_stem=lambda goals, name: file_stem(goals, name))
    folder = out_dir if out_dir is not None else Path("output")
    day = as_of or date.today()
    settings = Settings(chosen, day, folder, paper.lower())
    built = build_cohort(found, catalog, settings=settings, jobs=jobs or default_jobs(), check_in=check_in)
    for warning in built.warnings:
        echo(f"Warning: {warning}", err=True)
    done = f"Wrote {len(built.written)} file{'s' if len(built.written) != 1 else ''} into {folder}"
    done += f"; {len(built.unchanged)} unchanged." if built.unchanged else "."
    if as_json:
        print_json(cohort_json(found.mentor, built.rows, as_of=day))
        echo(done, err=True)
        return
    echo(cohort_text(found.mentor, built.rows, as_of=day))
    echo(f"\nIndex: {folder / 'index.html'}")
    echo(done)


def register(group: click.Group) -> None:
    group.add_command(cohort)
