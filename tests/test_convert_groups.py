"""Datasets with "A or B" prerequisites convert to `any_of` groups, and plan through them.

The real data is tests/datasets/princeton_tigerjunction.json: Princeton course prerequisites
written by hand by TigerJunction's contributors (MIT licence; docs/catalog.md credits it). It
is converted and planned on the fly through the real command line.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from curriculum.catalog import ID_PATTERN, Catalog, load_catalog
from curriculum.convert import convert, map_ids, read_links
from curriculum.errors import UsageError

ROOT = Path(__file__).resolve().parent.parent
DATASET = ROOT / "tests" / "datasets" / "princeton_tigerjunction.json"
SCRIPT = ROOT / "scripts" / "convert_dataset.py"
PLACEHOLDER = 12.0
"""Hours given to every course (Princeton lists no units), so that courses span several weeks."""


def derivation() -> ModuleType:
    path = ROOT / "tests" / "datasets" / "princeton_derive.py"
    spec = importlib.util.spec_from_file_location("princeton_derive", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, check=False, cwd=ROOT)


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return json.loads(DATASET.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("princeton")
    result = run(str(SCRIPT), str(DATASET), str(out), "--missing-hours", str(PLACEHOLDER))
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout
        == f"wrote {out}: 85 books, 127 prerequisites, 3 goals (learn-COS350, learn-COS429, learn-COS423)\n"
    )
    return out


@pytest.fixture(scope="module")
def princeton(folder) -> Catalog:
    return load_catalog(folder)


def plan(folder: Path, goal: str, *extra: str, hours: float = 5) -> dict[str, Any]:
    """The plan's JSON, from the real command line in a child process."""
    args = ["-m", "curriculum", "plan", "--catalog", str(folder), "--goal", goal, "--hours", str(hours)]
    result = run(*args, "--start", "2027-01-04", "--json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def members(edge: Any) -> frozenset[str]:
    return frozenset(c.book for c in edge.choices)


# --- the real data -----------------------------------------------------------------------


def test_the_sample_is_what_its_derivation_gives(data):
    """Each item's upstream expression, with the recorded macros, gives exactly the file's prereqs."""
    derive = derivation()
    assert data["source"].startswith("TigerAppsOrg/tiger-junction/prerequisites")
    assert data["license"].startswith("MIT")
    assert "Copyright (c) 2023 Joshua Lau" in data["license_text"]
    assert "Permission is hereby granted, free of charge" in data["license_text"]
    assert {f["path"] for f in data["files"]} == set(derive.FILES)
    assert all(re.fullmatch(r"[0-9a-f]{40}", f["commit"]) for f in data["files"])
    assert data["macros"]["LINEAR"] == "MAT202 | MAT204 | MAT217 | MAT218 | EGR154"
    rederived = []
    for item in data["items"]:
        if item["prereq_raw"]:
            rederived += derive.links(item["id"], item["prereq_raw"], data["macros"])[0]
    assert rederived == data["prereqs"]
    assert [i["id"] for i in data["items"]] == sorted(i["id"] for i in data["items"])
    assert all(i["hours"] is None for i in data["items"])


def test_expressions_become_an_and_of_ors():
    derive = derivation()
    macros = {"INTROCOS": "COS126 | ECE115 | ISCA", "ISCA": "ISC231 & ISC232", "LINEAR": "MAT202 | EGR154"}
    assert derive.links("COS240", "INTROCOS & (LINEAR | MAT175)", macros)[0] == [
        {"any_of": ["COS126", "ECE115", "ISC231"], "after": "COS240"},
        {"any_of": ["COS126", "ECE115", "ISC232"], "after": "COS240"},
        {"any_of": ["MAT202", "EGR154", "MAT175"], "after": "COS240"},
    ]
    # A course is dropped from its own group; a corequisite is kept, and reported.
    assert derive.links("MAT210", "MAT104 | MAT210 | $EGR152", {}) == (
        [{"any_of": ["MAT104", "EGR152"], "after": "MAT210"}],
        ["EGR152"],
        [],
    )
    # An OR implied by another is dropped; a wildcard leaves its OR unresolved.
    expression = "AAA100 & (AAA100 | BBB100) & (CCC2** | DDD100)"
    assert derive.links("XXX100", expression, {}) == ([["AAA100", "XXX100"]], [], ["CCC2** or DDD100"])
    with pytest.raises(ValueError, match="mixed without parentheses"):
        derive.cnf("AAA100 & BBB100 | CCC100", {})


def test_the_sample_converts_to_a_valid_catalog_with_groups(princeton, data):
    groups = [e for e in princeton.edges if e.is_group]
    assert len(princeton.books) == len(data["items"]) == 85
    assert len(princeton.edges) == len(data["prereqs"]) == 127
    assert len(groups) == 53
    assert {e.reason for e in groups} == {"prerequisite in TigerJunction: any one of these"}
    # "INTROCOS & (LINEAR | MAT175)": four groups for the intro course, one of six for linear algebra.
    into = [members(e) for e in groups if e.after == "COS240"]
    assert into[-1] == {"MAT202", "MAT204", "MAT217", "MAT218", "EGR154", "MAT175"}
    assert [sorted(m) for m in into[:4]] == [["COS126", "ECE115", f"ISC23{n}"] for n in range(1, 5)]
    assert [members(e) for e in groups if e.after == "MAT210"] == [{"MAT104", "MAT215", "EGR152"}]
    book = princeton.books["COS240"].book
    assert book.authors == ["TigerJunction contributors (TigerApps, Princeton)"]
    assert book.hours == PLACEHOLDER and book.unverified == ["hours: the dataset gives none (12 h is a placeholder)"]
    assert book.url is not None and book.url.startswith("https://github.com/TigerAppsOrg/tiger-junction/blob/")
    assert "Upstream accepts COS 324 taken at the same time" in (princeton.books["COS429"].book.notes or "")


def check_plan(catalog: Catalog, data: dict[str, Any], target: str, hours: float) -> None:
    """The invariants of a plan of one whole book, checked against the catalog and the plan's choices."""
    budget = hours
    for week in data["weeks"]:
        assert 0 < week["hours"] <= week["budget"] == budget
        assert week["hours"] == sum(s["hours"] for s in week["sessions"])

    # Each course read once: its parts 1..n each once, adding up to its hours.
    parts: dict[str, list[tuple[int, int, float]]] = {}
    first: dict[str, tuple[int, int]] = {}
    last: dict[str, tuple[int, int]] = {}
    for week in data["weeks"]:
        for position, session in enumerate(week["sessions"]):
            book = session["book"]
            first.setdefault(book, (week["week"], position))
            last[book] = (week["week"], position)
            parts.setdefault(book, []).extend((p["part"], p["of"], p["hours"]) for p in session["pieces"])
    planned = [b["id"] for b in data["books"]]
    assert len(planned) == len(set(planned)) and set(planned) == set(parts)
    for book, pieces in parts.items():
        count = pieces[0][1]
        assert sorted(p for p, _, _ in pieces) == list(range(1, count + 1)), book
        assert sum(h for _, _, h in pieces) == pytest.approx(catalog.books[book].minutes / 60)

    # Every group met is explained, once, and every choice names a group of the catalog.
    explained = Counter(
        (c["after"], frozenset([c["chosen"]["book"], *(i["book"] for i in c["instead_of"])])) for c in data["choices"]
    )
    met = Counter((e.after, members(e)) for e in catalog.edges if e.is_group and e.after in parts)
    assert explained == met
    assert all(c["why"] for c in data["choices"])
    chosen = {
        (c["after"], frozenset([c["chosen"]["book"], *(i["book"] for i in c["instead_of"])])): c["chosen"]["book"]
        for c in data["choices"]
    }

    # The plan is the target and, walking up, each plain prerequisite and each group's choice;
    # each is finished before the book that needs it starts.
    needed, stack = {target}, [target]
    while stack:
        book = stack.pop()
        for edge in catalog.edges:
            if edge.after != book:
                continue
            before = chosen[(book, members(edge))] if edge.is_group else edge.before
            assert before is not None
            if before in parts:
                assert last[before] < first[book], (before, book)
            if before not in needed:
                needed.add(before)
                stack.append(before)
    assert needed == set(parts)


@pytest.mark.parametrize("hours", [2.0, 5.0, 12.5])
@pytest.mark.parametrize("goal, target", [("learn-COS423", "COS423"), ("ECE435", "ECE435"), ("MAT490", "MAT490")])
def test_plans_through_groups_keep_the_invariants(folder, princeton, goal, target, hours):
    data = plan(folder, goal, hours=hours)
    assert data["choices"]
    check_plan(princeton, data, target, hours)


def linear_choice(data: dict[str, Any]) -> dict[str, Any]:
    [made] = [c for c in data["choices"] if c["after"] == "COS240" and c["chosen"]["book"][:3] in ("MAT", "EGR")]
    return made


def test_prefer_and_done_change_the_choice(folder, princeton):
    base = plan(folder, "learn-COS423")
    made = linear_choice(base)
    assert made["chosen"]["book"] == "MAT217"
    assert [i["book"] for i in made["instead_of"]] == ["MAT202", "MAT204", "MAT218", "EGR154", "MAT175"]
    assert made["why"] == (
        "fewest hours: 12 h with its own prerequisites, against 36 h and 36 h and 24 h and 24 h and 36 h"
    )
    assert [b["id"] for b in base["books"]] == ["COS126", "COS226", "MAT217", "COS240", "COS423"]

    preferred = plan(folder, "learn-COS423", "--prefer", "MAT175")
    assert linear_choice(preferred)["chosen"]["book"] == "MAT175"
    assert linear_choice(preferred)["why"] == "preferred (--prefer MAT175)"
    assert [b["id"] for b in preferred["books"]] == [
        "COS126",
        "COS226",
        "MAT100",
        "MAT103",
        "MAT175",
        "COS240",
        "COS423",
    ]
    check_plan(princeton, preferred, "COS423", 5.0)

    done = plan(folder, "learn-COS423", "--done", "MAT202")
    assert linear_choice(done)["chosen"]["book"] == "MAT202"
    assert linear_choice(done)["why"] == "already read"
    assert [b["id"] for b in done["books"]] == ["COS126", "COS226", "COS240", "COS423"]
    assert done["total_hours"] == base["total_hours"] - PLACEHOLDER


def test_prefer_holds_for_every_group_that_names_the_book(folder, princeton):
    data = plan(folder, "learn-COS423", "--prefer", "ECE115")
    intro = [c for c in data["choices"] if "ECE115" in {c["chosen"]["book"], *(i["book"] for i in c["instead_of"])}]
    assert len(intro) == 8  # four groups each for COS226 and COS240
    assert {(c["chosen"]["book"], c["why"]) for c in intro} == {("ECE115", "preferred (--prefer ECE115)")}
    assert "COS126" not in [b["id"] for b in data["books"]]
    check_plan(princeton, data, "COS423", 5.0)


# --- groups in the input -----------------------------------------------------------------

ITEMS = [{"id": i, "title": i.upper(), "hours": 2} for i in ("a", "b", "c", "d")]


def dataset(*prereqs: Any) -> dict[str, Any]:
    return {"source": "someone/graphs/data.json @ abc123", "license": "CC0", "items": ITEMS, "prereqs": list(prereqs)}


def test_a_group_is_written_as_an_any_of_edge(tmp_path):
    converted = convert(dataset(["a", "b"], {"any_of": ["a", "b"], "after": "c"}, {"any_of": ["c"], "after": "d"}))
    assert converted.prereqs["prereqs"] == [
        {"before": "a", "after": "b", "reason": "prerequisite in someone"},
        {"any_of": [{"book": "a"}, {"book": "b"}], "after": "c", "reason": "prerequisite in someone: any one of these"},
        {"before": "c", "after": "d", "reason": "prerequisite in someone"},  # a group of one
    ]
    assert [g["id"] for g in converted.goals["goals"]] == ["learn-d"]


def test_an_entry_given_twice_is_written_once():
    entries = [["a", "b"], {"any_of": ["a"], "after": "b"}, {"any_of": ["a", "b", "a"], "after": "c"}]
    links = read_links([*entries, {"any_of": ["b", "a"], "after": "c"}], {"a", "b", "c"})
    assert [(link.members, link.after) for link in links] == [(("a",), "b"), (("a", "b"), "c")]


GROUP_SHAPE = 'a group is {"any_of": [id, ...], "after": id}'


@pytest.mark.parametrize(
    "entry, message",
    [
        ({"any_of": [], "after": "c"}, "any_of: the group is empty"),
        ({"any_of": ["a", "zz"], "after": "c"}, "any_of: unknown item 'zz'"),
        ({"any_of": ["a", "b"], "after": "zz"}, "after: unknown item 'zz'"),
        ({"any_of": ["a", "c"], "after": "c"}, "any_of: 'c' is the item the group comes before"),
        ({"any_of": "ab", "after": "c"}, "`any_of` is a list of ids and `after` an id (text or whole numbers)"),
        ({"any_of": ["a"], "after": "c", "reason": "x"}, f"unknown key 'reason': {GROUP_SHAPE}"),
        ({"after": "c"}, f"a key is missing: {GROUP_SHAPE}"),
        (["a", "zz"], "unknown item 'zz'"),
        (["a", "a"], "'a' cannot be its own prerequisite"),
        (["a", "b", "c"], 'not a [before, after] pair nor an {"any_of": [...], "after": id} group'),
    ],
)
def test_a_bad_entry_is_named(entry, message):
    with pytest.raises(UsageError) as caught:
        convert(dataset(["a", "b"], entry))
    assert str(caught.value) == f"prereqs[1]: {message}"


def test_every_bad_entry_is_reported_at_once_by_the_script(tmp_path):
    path = tmp_path / "bad.json"
    bad = dataset({"any_of": [], "after": "c"}, ["a", "b"], {"any_of": ["d", "x"], "after": "d"})
    path.write_text(json.dumps(bad), encoding="utf-8")
    result = run(str(SCRIPT), str(path), str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: the dataset has 3 problems:\n"
        "  prereqs[0]: any_of: the group is empty\n"
        "  prereqs[2]: any_of: unknown item 'x'\n"
        "  prereqs[2]: any_of: 'd' is the item the group comes before\n"
    )
    assert not (tmp_path / "out").exists()


# --- upstream ids that are not catalog ids -----------------------------------------------


def test_ids_that_are_not_catalog_ids_are_mapped_without_collisions():
    upstream = ["_abc", "-abc", "abc", "ABC", "Ökonomie", "日本語", "中文", "COS 226", "a" * 120, ".x_", "item"]
    mapped = map_ids(upstream)
    assert mapped == {
        "abc": "abc",
        "item": "item",
        "_abc": "abc-999d81",
        "-abc": "abc-649d85",
        "ABC": "ABC-b5d404",
        "Ökonomie": "Okonomie",
        "日本語": "item-77710a",
        "中文": "item-72726d",
        "COS 226": "COS-226",
        "a" * 120: "a" * 76,
        ".x_": "x",
    }
    assert all(re.fullmatch(ID_PATTERN, v) and len(v) <= 100 for v in mapped.values())
    assert len({v.casefold() for v in mapped.values()}) == len(upstream)
    assert map_ids(list(reversed(upstream)))["_abc"] == "abc-999d81"  # valid ids are kept first, whatever the order


def test_a_dataset_with_such_ids_converts_and_keeps_them(tmp_path):
    from curriculum.convert import write_catalog

    items = [{"id": i, "title": f"T{n}", "hours": 1} for n, i in enumerate(["_abc", "-abc", "abc", "Ökonomie"])]
    data = {"source": "roadmap/x.json @ c0ffee", "license": "CC0", "items": items,
            "prereqs": [["abc", "_abc"], {"any_of": ["-abc", "Ökonomie"], "after": "_abc"}]}  # fmt: skip
    converted = convert(data, goals=0, goal_items=["_abc"])
    write_catalog(converted, tmp_path / "out")
    catalog = load_catalog(tmp_path / "out")
    assert list(catalog.books) == ["abc-999d81", "abc-649d85", "abc", "Okonomie"]
    assert catalog.books["abc-999d81"].book.notes == "Upstream id: '_abc' (not a valid catalog id here)."
    assert catalog.books["abc"].book.notes is None
    assert [(members(e), e.after) for e in catalog.edges] == [
        ({"abc"}, "abc-999d81"),
        ({"abc-649d85", "Okonomie"}, "abc-999d81"),
    ]
    assert list(catalog.goals) == ["learn-abc-999d81"]


def test_a_repeated_item_id_is_refused():
    items = [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}, {"id": "a", "title": "A again"}]
    with pytest.raises(UsageError, match=r"^items\[2\]: id 'a' is also the id of items\[0\]$"):
        convert({"items": items, "prereqs": []})


# --- text that would break the output ---------------------------------------------------------
# Line breaks and control characters anywhere in a dataset's text: the licence and the source
# go into the header comment, titles into one-line fields. Every file stays one YAML document
# whose header is all comments, and the catalog validates.

BREAKS = ["\n", "\r\n", "\r", "\u2028", "\u0085", "\x1b[2J", "\x00", "\t", "\n# not a comment\nbooks: []\n"]


@pytest.mark.parametrize("brk", BREAKS, ids=[repr(b) for b in BREAKS])
def test_line_breaks_and_control_characters_in_a_dataset_stay_on_their_lines(tmp_path, brk):
    items = [
        {"id": "a", "title": f"First{brk}line", "hours": 2, "notes": f"Read{brk}slowly", "tags": [f"x{brk}y"],
         "section": f"Part{brk}1", "url": f"https://example.org/{brk}a"},
        {"id": f"b{brk}c", "title": f"{brk}Second{brk}", "hours": 1, "url": f" https://example.org/b{brk}c "},
    ]  # fmt: skip
    data = {"source": f"someone/graphs{brk}x/data.json @ abc123", "license": f"MIT{brk}Copyright (c) 2024 Someone",
            "items": items, "prereqs": [["a", f"b{brk}c"]]}  # fmt: skip
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = run(str(SCRIPT), str(path), str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    for name in ("books.yaml", "prereqs.yaml", "goals.yaml"):
        text = (tmp_path / "out" / name).read_text(encoding="utf-8")
        header = text.split("\n")[:2]
        assert all(line.startswith("# ") for line in header), header
        assert header[1].startswith("# Licence: MIT ")
        assert header[1].endswith("Someone. Credit: someone; keep this notice in anything derived from it.")
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", text)
    catalog = load_catalog(tmp_path / "out")
    books = [entry.book for entry in catalog.books.values()]
    texts = [b.title for b in books] + [books[0].notes or "", *books[0].sources]
    assert all(t == " ".join(t.split()) for t in texts), texts  # one line, no run of spaces
    assert books[0].title.startswith("First") and books[0].title.endswith("line") and "Second" in books[1].title
    assert books[0].url is None and books[1].url is None  # a link with a break in it is no link
    assert [(members(e), e.after) for e in catalog.edges] == [({"a"}, books[1].id)]


def test_a_title_of_white_space_alone_is_the_upstream_id():
    items = [{"id": "a\nb", "title": "\n\t ", "hours": 1}, {"id": "c", "title": "\r\n", "hours": 1}]
    books = convert({"items": items, "license": "\n"}).books["books"]
    assert [(b["id"], b["title"]) for b in books] == [("a-b", "a b"), ("c", "c")]
    assert books[0]["sources"] == ["an unnamed dataset: an unnamed dataset; licence: licence not stated"]


def test_a_licence_of_a_whole_page_is_kept_within_the_catalogs_limits(tmp_path):
    from curriculum.convert import write_catalog

    licence = "Permission is hereby granted, free of charge,\nto any person obtaining a copy. " * 200
    write_catalog(convert({**dataset(), "license": licence}), tmp_path / "out")
    catalog = load_catalog(tmp_path / "out")
    assert all(len(s) <= 2000 and "\n" not in s for e in catalog.books.values() for s in e.book.sources)


def test_the_script_prints_a_datasets_control_characters_visibly(tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps(dataset(["a", "\x1b]52;c;AAAA\x07"])), encoding="utf-8")
    result = run(str(SCRIPT), str(path), str(tmp_path / "out"))
    assert result.returncode == 2
    assert result.stderr == "Error: prereqs[0]: unknown item '\\u001b]52;c;AAAA\\u0007'\n"
