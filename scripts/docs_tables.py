"""Keep the format tables of docs/outputs.md true to the registry (curriculum/present/registry.py).

    .venv/bin/python scripts/docs_tables.py          # rewrite docs/outputs.md in place
    .venv/bin/python scripts/docs_tables.py --check  # exit 1 if a table is out of date

A table stands between ``<!-- formats: SUBJECT -->`` and ``<!-- /formats -->``; SUBJECT is
``plan`` or ``graph``, and the table is :func:`curriculum.present.registry.docs_table`'s.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from curriculum.present.registry import docs_table

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "outputs.md"
BLOCK = re.compile(r"(<!-- formats: (plan|graph) -->\n).*?(<!-- /formats -->)", re.DOTALL)


def refresh(text: str) -> str:
    return BLOCK.sub(lambda m: f"{m.group(1)}{docs_table(m.group(2))}\n{m.group(3)}", text)  # type: ignore[arg-type]


def main() -> int:
    text = DOCS.read_text(encoding="utf-8")
    fresh = refresh(text)
    if fresh != text and "--check" in sys.argv[1:]:
        print("docs/outputs.md's format tables are out of date: run scripts/docs_tables.py", file=sys.stderr)
        return 1
    if fresh != text:
        DOCS.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
