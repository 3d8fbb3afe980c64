"""Convert a prerequisite dataset (JSON) into a catalog folder that `curriculum` can plan.

Usage:
    python scripts/convert_dataset.py tests/datasets/metacademy.json /tmp/metacademy
    curriculum plan --catalog /tmp/metacademy --goal learn-gp_classification_laplace --hours 5

Options:
    --goals N          goals for the N deepest items (default 3)
    --goal ITEM        also a goal for this item, by its id in the dataset (repeatable)
    --missing-hours H  placeholder hours for items without an estimate (default 1)

The dataset's `prereqs` holds pairs `[before, after]` and groups `{"any_of": [id, ...],
"after": id}` (any one of them will do); bad entries are reported together, with exit code 2.
The converted catalog is checked with the same validation as any catalog. See
docs/catalog.md ("Converting a dataset") for the format and the choices made, and keep the
dataset's licence and attribution (written at the top of each file) with anything you share.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from curriculum.catalog import load_catalog
from curriculum.cli_common import echo
from curriculum.convert import DEFAULT_GOALS, MISSING_HOURS, convert_dataset
from curriculum.errors import CurriculumError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", type=Path, help="the dataset's JSON file")
    parser.add_argument("folder", type=Path, help="the catalog folder to write (made if needed)")
    parser.add_argument("--goals", type=int, default=DEFAULT_GOALS, help="goals for the N deepest items")
    parser.add_argument("--goal", action="append", default=[], metavar="ITEM", help="also a goal for ITEM")
    parser.add_argument("--missing-hours", type=float, default=MISSING_HOURS, help="placeholder hours")
    args = parser.parse_args(argv)
    try:
        convert_dataset(
            args.dataset, args.folder, goals=args.goals, goal_items=args.goal, missing_hours=args.missing_hours
        )
        catalog = load_catalog(args.folder)
    except CurriculumError as exc:
        echo(f"Error: {exc}", err=True)  # control characters from the dataset made visible
        return exc.exit_code
    echo(
        f"wrote {args.folder}: {len(catalog.books)} books, {len(catalog.edges)} prerequisites,"
        f" {len(catalog.goals)} goals ({', '.join(catalog.goals)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
