"""A large catalog's prerequisites and goals read by a child process while its books are read
here by two processes (curriculum/catalog/read.py and splitparse.py, issue 15): every catalog
of tests/bad_inputs, and some of their files as JSON, validate to the same report either way,
every problem in its place, and every child is reaped."""

from __future__ import annotations

import datetime
import json
import marshal
import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from curriculum.catalog import fastyaml, listchunks, read
from curriculum.catalog import load as load_module
from curriculum.catalog.load import load_catalog
from curriculum.catalog.records import Edge, take
from curriculum.catalog.validation import validate_catalog
from curriculum.catalog.yamlio import YamlDoc
from curriculum.errors import CatalogError
from curriculum.resources import bundled_catalog_dir

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a child is forked on Linux only"),
    pytest.mark.usefixtures("forked"),  # every child each test forks is reaped by its end
]

BAD = Path(__file__).parent / "bad_inputs"
FOLDERS = sorted(p for p in BAD.iterdir() if p.is_dir())


def _report(folder: Path, *, beside: bool, monkeypatch: pytest.MonkeyPatch, extend: bool = False) -> Any:
    monkeypatch.setattr(read, "BESIDE_FROM", 0 if beside else 10**12)
    monkeypatch.setattr(fastyaml, "BESIDE_FROM", 0 if beside else 10**12)
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 1 if beside else 500)  # books cut into chunks of one
    monkeypatch.setenv("CURRICULUM_NO_CACHE", "1")
    try:
        return validate_catalog(folder, extend=extend).to_dict()
    except Exception as exc:  # a usage error: the same either way
        return (type(exc), str(exc))


@pytest.mark.parametrize("folder", FOLDERS, ids=[p.name for p in FOLDERS])
def test_a_bad_catalog_reports_the_same_with_its_other_files_read_by_a_child(
    folder: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    assert _report(folder, beside=True, monkeypatch=monkeypatch) == _report(
        folder, beside=False, monkeypatch=monkeypatch
    )


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "c"
    shutil.copytree(bundled_catalog_dir(), folder)
    return folder


@pytest.mark.parametrize("case", ["yaml", "json", "both", "missing", "date", "broken", "extend"])
def test_the_bundled_catalog_and_its_variants_report_the_same(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    folder = _copy(tmp_path)
    goals = yaml.safe_load((folder / "goals.yaml").read_text(encoding="utf-8"))
    if case in ("json", "both"):  # goals as JSON (and, for "both", the YAML left beside it)
        (folder / "goals.json").write_text(json.dumps(goals), encoding="utf-8")
        if case == "json":
            (folder / "goals.yaml").unlink()
    elif case == "missing":
        (folder / "prereqs.yaml").unlink()
    elif case == "date":  # PyYAML reads a date, which marshal cannot carry: read here instead
        text = (folder / "goals.yaml").read_text(encoding="utf-8")
        (folder / "goals.yaml").write_text(f"updated: {datetime.date(2026, 1, 2)}\n{text}", encoding="utf-8")
    elif case == "broken":
        (folder / "prereqs.yaml").write_text("prereqs:\n  - before: [\n", encoding="utf-8")
    extend = case == "extend"
    if extend:
        (folder / "books.yaml").unlink()
    first = _report(folder, beside=True, monkeypatch=monkeypatch, extend=extend)
    assert forked  # the child read them
    assert first == _report(folder, beside=False, monkeypatch=monkeypatch, extend=extend)
    assert (case in ("both", "date", "broken", "extend")) != first["ok"], first  # extend: ids given twice


def test_a_child_that_gives_no_answer_has_the_files_read_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _copy(tmp_path)
    (folder / "prereqs.yaml").write_text("prereqs: 5\n", encoding="utf-8")  # a problem to report
    parent = os.getpid()
    read_yaml = read.yamlcache.read_yaml

    def dies_in_the_child(path: Path, name: str) -> Any:
        if os.getpid() != parent and path.name != "books.yaml":
            os._exit(3)
        return read_yaml(path, name)

    expected = _report(folder, beside=False, monkeypatch=monkeypatch)
    monkeypatch.setattr(read.yamlcache, "read_yaml", dies_in_the_child)
    assert _report(folder, beside=True, monkeypatch=monkeypatch) == expected
    assert not expected["ok"]


def test_the_catalog_loaded_with_children_is_the_one_loaded_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    """Its books parsed by two processes, its prerequisites and goals by a child, each list's
    valid items handed over as records (issue 15): the same catalog as one process loads."""
    folder = _copy(tmp_path)
    monkeypatch.setenv("CURRICULUM_NO_CACHE", "1")
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 3)

    def loaded(*, beside: bool) -> Any:
        monkeypatch.setattr(read, "BESIDE_FROM", 0 if beside else 10**12)
        monkeypatch.setattr(fastyaml, "BESIDE_FROM", 0 if beside else 10**12)
        return load_catalog(folder)

    here = loaded(beside=False)
    assert forked == []
    assert loaded(beside=True) == here
    assert len(forked) == 2  # the books' second half, and the other files


def test_a_child_hands_over_the_valid_items_of_a_list_as_records(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 5)
    text = (bundled_catalog_dir() / "prereqs.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    doc = YamlDoc("prereqs.yaml", text, data | {"prereqs": [*data["prereqs"], {"x": 1}]})  # one not valid
    items = list(doc.data["prereqs"])
    carried = read._doc_of(marshal.loads(marshal.dumps(read._doc_parts(read._as_records(doc)), 4)))
    assert carried is not None
    chunks = list(carried.data["prereqs"].chunks(Edge))
    assert any(isinstance(c, listchunks.Decoded) for c in chunks) and not isinstance(chunks[-1], listchunks.Decoded)
    got = [x for c in chunks for x in c]
    assert len(got) == len(items)
    for item, value in zip(items, got, strict=True):
        assert value == (item if isinstance(value, dict) else take(item, Edge))


@pytest.mark.parametrize("paces", ["bundled", "none", "other", "not numbers", "extend"])
def test_the_books_estimates_are_made_where_they_are_parsed(
    paces: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: list[int]
) -> None:
    """Each book's estimate made by the process that parsed it, at the paces as parsed, and
    taken by the check when made at its own pace (issue 15): the same catalog either way, with
    the file's own paces, the defaults, other paces, paces that are not numbers (a problem to
    report), or an extension's (the bundled paces with the file's added)."""
    folder = _copy(tmp_path)
    text = (folder / "books.yaml").read_text(encoding="utf-8")
    head, _, rest = text.partition("\nbooks:\n")
    other = re.sub(r"(?m)^(  [a-z-]+: )(\d+)$", lambda m: f"{m[1]}{int(m[2]) + 1}", head)  # every pace another
    assert other != head
    written = {"bundled": head, "none": "", "other": other, "extend": head}
    written["not numbers"] = "paces:\n  textbook: fast\n"
    (folder / "books.yaml").write_text(f"{written[paces]}\nbooks:\n{rest}", encoding="utf-8")
    if paces == "extend":  # the bundled books renamed, added to the bundled catalog
        renamed = (folder / "books.yaml").read_text(encoding="utf-8").replace("  - id: ", "  - id: my-")
        (folder / "books.yaml").write_text(renamed, encoding="utf-8")
        for name in ("prereqs.yaml", "goals.yaml"):
            (folder / name).unlink()
    monkeypatch.setenv("CURRICULUM_NO_CACHE", "1")
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 2)
    made: list[Any] = []
    check_books = load_module.check_books

    def spied(items: Any, **how: Any) -> Any:
        made.append(how["made"])
        return check_books(items, **how)

    monkeypatch.setattr(load_module, "check_books", spied)

    def loaded(*, beside: bool) -> Any:
        monkeypatch.setattr(read, "BESIDE_FROM", 0 if beside else 10**12)
        monkeypatch.setattr(fastyaml, "BESIDE_FROM", 0 if beside else 10**12)
        try:
            return load_catalog(folder, extend=paces == "extend")
        except CatalogError as exc:
            return str(exc)

    here = loaded(beside=False)
    assert made[-1] == {}  # one process, the whole file at once: none made ahead
    assert loaded(beside=True) == here
    count = len(yaml.safe_load(text)["books"])
    assert sorted(made[-1]) == list(range(count))  # made for every book, here and in the child
    if paces == "not numbers":
        assert isinstance(here, str) and "paces" in here and set(made[-1].values()) == {None}
    else:
        assert all(made[-1].values())
