"""Write the print HTML that ``curriculum plan ... --format pdf`` hands to WeasyPrint.

Usage: ``print_html.py OUT.html PLAN-ARGS...`` (the arguments of ``curriculum plan``, without
``--format`` and ``--out``). It runs the real command in this process with the PDF renderer
replaced by one that saves its page, so the file is byte for byte the page the command renders;
no PDF is made and nothing else is written. benchmarks/run.py then times WeasyPrint's own
command line on this file against ``curriculum plan --format pdf`` (issue 3's speed target).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import curriculum.present.pdf
from curriculum.cli import cli


def main(out: str, plan_args: list[str]) -> int:
    pages: list[str] = []

    def keep(html: str, **_: Any) -> tuple[bytes, list[str]]:
        pages.append(html)
        return b"%PDF-", []

    curriculum.present.pdf.render_pdf = keep  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as scratch:
        args = ["plan", *plan_args, "--format", "pdf", "--out", scratch, "--json"]
        cli.main(args, prog_name="curriculum", standalone_mode=False)
    if len(pages) != 1:
        print(f"expected one page, got {len(pages)}", file=sys.stderr)
        return 2
    Path(out).write_text(pages[0], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
