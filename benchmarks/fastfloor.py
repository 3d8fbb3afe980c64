"""The fastest parse floor of a catalog folder (issue 15): its three files parsed by the fastest
parser there is here for their form, with the garbage collector off, and nothing else.

YAML files are parsed by ``yaml_rs`` (Rust; faster than libyaml driven from Python, and than
PyYAML's own C loader); JSON files by the standard library's C parser. ``--libyaml`` parses YAML
with ``yaml.CSafeLoader`` instead (the floor of issue 5, but with the collector off, which took
60% of that floor's time). benchmarks/speed.py times this in a fresh process beside ``curriculum``.

Usage::

    .venv/bin/python benchmarks/fastfloor.py benchmarks/_work/catalog-10000 [--libyaml]
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path


def main() -> None:
    gc.disable()
    folder = Path(sys.argv[1])
    libyaml = "--libyaml" in sys.argv[2:]
    counts = []
    for name in ("books", "prereqs", "goals"):
        path = folder / f"{name}.json"
        if path.exists():
            data = json.loads(path.read_bytes())
        else:
            text = (folder / f"{name}.yaml").read_text(encoding="utf-8")
            if libyaml:
                import yaml

                data = yaml.load(text, Loader=yaml.CSafeLoader)
            else:
                import yaml_rs

                data = yaml_rs.loads(text, parse_datetime=False)
        counts.append(len(data.get(name, [])))
    print(*counts)


if __name__ == "__main__":
    main()
