"""Run curriculum's command line in this process, then write this process's peak RSS and the
largest peak of the children it reaped (``ru_maxrss``, KB) to the file named first.

Row 6 (adversarial.py) measures a command's memory as the two added: a large catalog is read
with a forked child beside (curriculum/catalog/beside.py) and a PDF is rendered by one
(curriculum/present/pdfchild.py), and the peak of the command's process alone, or the largest
of its processes (what ``os.wait4`` gives), leaves the other out. The sum is an upper bound:
pages a child shares with its parent after the fork count twice, and the two peaks need not
fall at the same moment.

Usage::

    .venv/bin/python benchmarks/peaks.py PEAKS_FILE plan --goal top --catalog DIR ...
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def main() -> None:
    where = Path(sys.argv[1])
    sys.argv = ["curriculum", *sys.argv[2:]]
    from curriculum.cli import main as curriculum

    try:
        curriculum()
    finally:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        where.write_text(f"{own} {children}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
