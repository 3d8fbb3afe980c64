"""Derive princeton_tigerjunction.json from TigerJunction's hand-written Princeton prerequisites.

TigerJunction (TigerAppsOrg/tiger-junction, MIT licence) keeps Princeton's course prerequisites
as boolean expressions written by its contributors from the course catalog: ``reqs:
INTROCOS & (LINEAR | MAT175)``, with ``|`` for "or", ``&`` for "and", and macros such as
``LINEAR`` (``MAT202 | MAT204 | MAT217 | MAT218 | EGR154``) defined in its README.

Usage (CHECKOUT holds the upstream ``prerequisites/`` folder at the commits in ``FILES``)::

    python tests/datasets/princeton_derive.py CHECKOUT > tests/datasets/princeton_tigerjunction.json

What it does:

* takes every course of ``DEPARTMENTS`` except independent work (``iw``), and every course their
  prerequisites name, transitively (a course its department's file does not list is kept, with
  no prerequisites, and a note saying so);
* expands the macros and turns each ``reqs`` into an AND of ORs (conjunctive normal form: an
  "A or (B and C)" becomes "(A or B) and (A or C)", which is the same condition); each OR of one
  course is a ``[before, after]`` pair, each longer one an ``{"any_of", "after"}`` group;
* drops a course from its own groups (``MAT 210`` needs ``CALCULUS``, a macro that names
  ``MAT 210`` itself);
* reads a corequisite (``$COS324``: may be taken at the same time) as a prerequisite, and says so
  in the course's notes; an OR with a wildcard (``MAT2**``) or a range (``<COS300``) is left out
  and recorded as unresolved, since its courses are not in the sample;
* gives no hours: Princeton's catalog has no credit units (the converter's placeholder stands in).

The test suite re-derives ``prereqs`` from each item's ``prereq_raw`` and the recorded
``macros`` (``tests/test_convert_groups.py``), so the file and this script cannot drift apart.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = "TigerAppsOrg/tiger-junction"
FILES = {
    "prerequisites/README.md": "92b8c2c43242eccb6560b2a332b25e5f9cd46080",
    "prerequisites/lib/bse/COS.yaml": "029863a100b013e83882145b0aea6bfa3a9588b6",
    "prerequisites/lib/bse/ECE.yaml": "029863a100b013e83882145b0aea6bfa3a9588b6",
    "prerequisites/lib/bse/EGR.yaml": "1fc4277f5b683b1b5d44eb2117080cbb93500732",
    "prerequisites/lib/bse/ORF.yaml": "1fc4277f5b683b1b5d44eb2117080cbb93500732",
    "prerequisites/lib/socsci/ECO.yaml": "029863a100b013e83882145b0aea6bfa3a9588b6",
    "prerequisites/lib/stem/ISC.yaml": "18972f152162feb421b541b9607830b6ce85e39d",
    "prerequisites/lib/stem/MAT.yaml": "92b8c2c43242eccb6560b2a332b25e5f9cd46080",
}
DEPARTMENTS = ("COS", "ORF")
LICENSE_TEXT = """MIT License

Copyright (c) 2023 Joshua Lau

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""

COURSE = r"[$<]?[A-Z]{3}\s*[0-9][0-9*]{2}[A-Z]?"
TOKEN = re.compile(rf"\s*({COURSE}|[()&|]|[$]?[A-Z][A-Z0-9]*)")
Clause = tuple[str, ...]
"""Courses any one of which will do, in the order the expression names them."""


def code(text: str) -> str:
    """A course code as ``reqs`` writes it: ``COS 226`` -> ``COS226``."""
    return re.sub(r"\s+", "", text)


def _tokens(expression: str) -> list[str]:
    tokens, at = [], 0
    while expression[at:].strip():
        match = TOKEN.match(expression, at)
        if not match:
            raise ValueError(f"cannot read {expression[at:]!r} in {expression!r}")
        tokens.append(match.group(1))
        at = match.end()
    return tokens


def _merge(*clauses: Clause) -> Clause:
    return tuple(dict.fromkeys(c for clause in clauses for c in clause))


def cnf(expression: str, macros: Mapping[str, str]) -> list[Clause]:
    """``expression`` as an AND of ORs, macros expanded, repeats and implied ORs dropped."""
    tokens = _tokens(expression)
    position = 0

    def operand() -> list[Clause]:
        nonlocal position
        token = tokens[position]
        position += 1
        if token == "(":
            inner = combined()
            if tokens[position] != ")":
                raise ValueError(f"unbalanced parentheses in {expression!r}")
            position += 1
            return inner
        if re.fullmatch(COURSE, token):
            return [(code(token),)]
        coreq, name = token.startswith("$"), token.lstrip("$")
        if name not in macros:
            raise ValueError(f"unknown macro {name!r} in {expression!r}")
        expanded = cnf(macros[name], macros)
        if coreq:  # "$MULTI": any course of MULTI may be taken at the same time
            return [tuple(dict.fromkeys("$" + c.lstrip("$") for c in clause)) for clause in expanded]
        return expanded

    def combined() -> list[Clause]:
        nonlocal position
        parts, operators = [operand()], set()
        while position < len(tokens) and tokens[position] in "&|":
            operators.add(tokens[position])
            position += 1
            parts.append(operand())
        if len(operators) > 1:
            raise ValueError(f"'&' and '|' mixed without parentheses in {expression!r}")
        if operators == {"|"}:
            clauses: list[Clause] = [()]
            for part in parts:
                clauses = [_merge(c, d) for c in clauses for d in part]
            return clauses
        return [clause for part in parts for clause in part]

    clauses = combined()
    if position != len(tokens):
        raise ValueError(f"unexpected {tokens[position]!r} in {expression!r}")
    unique = list(dict.fromkeys(clauses, None))
    return [c for c in unique if not any(set(o) < set(c) for o in unique)]


def links(course: str, expression: str, macros: Mapping[str, str]) -> tuple[list[Any], list[str], list[str]]:
    """The dataset's prereqs entries for ``course``, its corequisites, and what is left unresolved."""
    entries: list[Any] = []
    coreqs: list[str] = []
    unresolved: list[str] = []
    for clause in cnf(expression, macros):
        if any(c.startswith("<") or "*" in c for c in clause):
            unresolved.append(" or ".join(clause))
            continue
        coreqs += [c[1:] for c in clause if c.startswith("$")]
        members = list(dict.fromkeys(c.lstrip("$") for c in clause if c.lstrip("$") != course))
        if len(members) == 1:
            entries.append([members[0], course])
        elif members:
            entries.append({"any_of": members, "after": course})
    return entries, list(dict.fromkeys(coreqs)), unresolved


def read_macros(readme: str) -> dict[str, str]:
    """The special macros of the upstream README: ``- `NAME` -- **EXPRESSION** -- what it is``."""
    found = re.findall(r"^- `([A-Z0-9]+)` -- \*\*(.+?)\*\*", readme, flags=re.MULTILINE)
    return {name: " ".join(expression.split()) for name, expression in found}


def _spaced(course: str) -> str:
    return f"{course[:3]} {course[3:]}"


def derive(checkout: Path) -> dict[str, Any]:
    import yaml

    macros = read_macros((checkout / "prerequisites/README.md").read_text(encoding="utf-8"))
    courses: dict[str, dict[str, Any]] = {}
    departments: dict[str, tuple[str, str]] = {}  # code: (name, path)
    for path in FILES:
        if not path.endswith(".yaml"):
            continue
        front, listed = yaml.safe_load_all((checkout / path).read_text(encoding="utf-8"))
        if front.get("vars"):
            raise ValueError(f"{path}: local macros (vars) are not handled; none are in the files used")
        departments[front["code"]] = (front["name"], path)
        for entry in listed:
            courses.setdefault(code(entry["course"]), entry)  # a course listed twice: the first
    wanted = [c for c, e in courses.items() if c[:3] in DEPARTMENTS and "iw" not in e]
    seen, queue = set(wanted), list(wanted)
    while queue:
        entry = courses.get(queue.pop(0), {})
        for clause in cnf(entry.get("reqs") or "", macros) if entry.get("reqs") else []:
            for member in clause:
                name = member.lstrip("$")
                if name.startswith("<") or "*" in name or name in seen:
                    continue
                if name[:3] not in departments:
                    raise ValueError(f"{name} is needed: add {name[:3]}.yaml to FILES")
                seen.add(name)
                queue.append(name)
    items, prereqs = [], []
    for course in sorted(seen):
        entry = courses.get(course)
        name, path = departments[course[:3]]
        raw = (entry or {}).get("reqs") or ""
        entries, coreqs, unresolved = links(course, raw, macros) if raw else ([], [], [])
        notes = []
        if entry is None:
            notes.append(f"Not listed in {path.rsplit('/', 1)[1]} at this commit: its own prerequisites are unknown.")
        if entry and entry.get("equiv"):
            notes.append("Upstream lists as equivalent: " + ", ".join(entry["equiv"]) + ".")
        if coreqs:
            shown = ", ".join(_spaced(c) for c in coreqs)
            it = "it" if len(coreqs) == 1 else "them"
            notes.append(
                f"Upstream accepts {shown} taken at the same time (a corequisite); this sample puts {it} before."
            )
        if entry and entry.get("notes"):
            unresolved.append(" ".join(str(entry["notes"]).split()))
        item: dict[str, Any] = {
            "id": course,
            "title": entry["course"] if entry else _spaced(course),
            "hours": None,
            "section": f"{name} ({course[:3]})",
            "url": f"https://github.com/{REPO}/blob/{FILES[path]}/{path}",
            "prereq_raw": raw,
            "prereq_text_unresolved": unresolved,
        }
        if notes:
            item["notes"] = " ".join(notes)
        items.append(item)
        prereqs += entries
    return {
        "source": f"{REPO}/prerequisites (README.md macros; lib/*/COS, ECE, ECO, EGR, ISC, MAT, ORF.yaml)"
        " @ the commit of each file in `files`",
        "license": "MIT (Copyright (c) 2023 Joshua Lau; TigerJunction, TigerAppsOrg)",
        "license_text": LICENSE_TEXT,
        "notes": (
            "A sample of TigerJunction's hand-written Princeton prerequisites: every course of COS and ORF"
            " (independent work left out) and every course their prerequisites name, transitively. Derived"
            " by tests/datasets/princeton_derive.py: macros expanded, each `reqs` turned into an AND of ORs"
            " (each OR of one course a [before, after] pair, each longer one an {any_of, after} group), a"
            " course dropped from its own groups, corequisites ($) read as prerequisites. Items have no hours:"
            " Princeton lists no credit units. Titles are the course codes (the files hold no titles)."
        ),
        "derivation": "python tests/datasets/princeton_derive.py CHECKOUT (see its docstring)",
        "files": [{"path": p, "commit": c} for p, c in FILES.items()],
        "macros": macros,
        "items": items,
        "prereqs": prereqs,
    }


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(derive(Path(argv[0])), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
