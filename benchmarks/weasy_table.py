"""The baseline for the PDF rows: a plain WeasyPrint table of the same plan, in a fresh process.

run.py writes the plan as a bare HTML table (one row per piece of reading) and times this
script rendering it, side by side with `curriculum plan --format pdf`.

Usage::

    .venv/bin/python benchmarks/weasy_table.py table.html table.pdf
"""

from __future__ import annotations

import sys

from weasyprint import HTML


def main() -> None:
    HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])


if __name__ == "__main__":
    main()
