"""Catalogs written as JSON (books.json, prereqs.json, goals.json): the same schema and meaning
as YAML, the same plans, problems with their lines, and a folder may not hold both forms."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from curriculum.catalog import listchunks, load_catalog
from curriculum.cli import cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "stats-catalog"


def _as_json(tmp_path: Path, *, keep_yaml: tuple[str, ...] = (), indent: int | None = 2) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    for name in ("books", "prereqs", "goals"):
        source = EXAMPLE / f"{name}.yaml"
        if name in keep_yaml:
            shutil.copy(source, folder / source.name)
        else:
            data = yaml.safe_load(source.read_text(encoding="utf-8"))
            (folder / f"{name}.json").write_text(json.dumps(data, indent=indent), encoding="utf-8")
    return folder


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("indent", [2, None])
def test_a_json_catalog_plans_as_its_yaml_does(tmp_path: Path, indent: int | None) -> None:
    folder = _as_json(tmp_path, indent=indent)
    args = ("plan", "--goal", "bayesian-modelling", "--hours", "4", "--start", "2030-01-07", "--json")
    code, from_json, _ = _run(*args, "--catalog", str(folder))
    assert code == 0
    code, from_yaml, _ = _run(*args, "--catalog", str(EXAMPLE))
    assert code == 0
    plan_json, plan_yaml = json.loads(from_json), json.loads(from_yaml)
    for plan in (plan_json, plan_yaml):
        plan.pop("catalog", None)
        plan.pop("command", None)
        plan.pop("request", None)
    assert plan_json["weeks"] == plan_yaml["weeks"]
    assert plan_json["books"] == plan_yaml["books"]


def test_json_and_yaml_files_mix(tmp_path: Path) -> None:
    folder = _as_json(tmp_path, keep_yaml=("prereqs",))
    catalog = load_catalog(folder)
    assert catalog.books.keys() == load_catalog(EXAMPLE).books.keys()
    assert len(catalog.edges) == len(load_catalog(EXAMPLE).edges)


def test_both_forms_of_one_file_are_refused(tmp_path: Path) -> None:
    folder = _as_json(tmp_path)
    shutil.copy(EXAMPLE / "goals.yaml", folder / "goals.yaml")
    code, _, err = _run("validate", "--catalog", str(folder))
    assert code == 3
    assert "goals.json: both goals.yaml and goals.json are in the folder; a catalog has one of them" in err


def test_problems_in_json_have_their_lines_and_every_one_is_reported(tmp_path: Path) -> None:
    folder = _as_json(tmp_path)
    books = json.loads((folder / "books.json").read_text(encoding="utf-8"))
    books["books"][1]["kind"] = "texbook"
    books["books"][3]["author"] = "x"
    (folder / "books.json").write_text(json.dumps(books, indent=2), encoding="utf-8")
    lines = (folder / "books.json").read_text(encoding="utf-8").splitlines()
    kind_line = next(i for i, line in enumerate(lines, 1) if '"texbook"' in line)
    author_line = next(i for i, line in enumerate(lines, 1) if '"author"' in line)
    code, out, _ = _run("validate", "--catalog", str(folder), "--json")
    assert code == 3
    report = json.loads(out)
    found = {(p["line"], p["message"].split(":")[0]) for p in report["problems"]}
    assert (kind_line, "kind") in found
    assert (author_line, "author") in found


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ('{"books": [\n  {"id": "a",\n   "id": "b"}\n]}\n', "the key 'id' is given twice", 3),
        ('{"books": [\n  {"id": "a",}\n]}\n', "malformed JSON: Expecting property name", 2),
        ("", "the file is empty", None),
        ('{"books": [{"id": "a", "pages": ' + "9" * 5000 + "}]}", "malformed JSON", None),
    ],
)
def test_malformed_json_is_one_problem_with_its_line(tmp_path: Path, text: str, message: str, line: int | None) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "books.json").write_text(text, encoding="utf-8")
    code, out, _ = _run("validate", "--catalog", str(folder), "--json")
    assert code == 3
    problem = json.loads(out)["problems"][0]
    assert message in problem["message"]
    assert problem["line"] == line
    assert problem["file"].endswith("books.json")


def test_nan_and_infinity_are_refused_where_a_number_must_be_finite(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "books.json").write_text(
        '{"books": [\n {"id": "a", "title": "A", "authors": ["X"], "hours": NaN},\n'
        ' {"id": "b", "title": "B", "authors": ["X"], "hours": Infinity}\n]}\n',
        encoding="utf-8",
    )
    code, out, _ = _run("validate", "--catalog", str(folder), "--json")
    assert code == 3
    problems = json.loads(out)["problems"]
    assert [(p["line"], p["message"].split(":")[0]) for p in problems] == [(2, "hours"), (3, "hours")]


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t,
        lambda t: t.replace('"kind": "textbook"', '"kind": "texbook"', 2),
        lambda t: t.replace('"id": "b000007",', '"id": "b000007", "id": "x",', 1),
        lambda t: t.replace('"id": "b000009",', '"id": "b000009",,', 1),
        lambda t: t.rstrip()[:-1] + ",}",
        lambda t: t + "[]",
    ],
)
def test_a_large_json_file_read_in_chunks_says_what_reading_it_whole_says(tmp_path: Path, edit, monkeypatch) -> None:
    import sys

    from curriculum.catalog import fastyaml

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate
    from shapes import as_json

    monkeypatch.setenv("CURRICULUM_NO_CACHE", "1")
    folder = as_json(generate(40, tmp_path / "y").folder, tmp_path / "j")
    books = folder / "books.json"
    books.write_text(edit(books.read_text(encoding="utf-8")), encoding="utf-8")
    whole = _run("validate", "--catalog", str(folder), "--json")
    monkeypatch.setattr(fastyaml, "CHUNKED_FROM", 100)
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 3)
    assert _run("validate", "--catalog", str(folder), "--json") == whole


_json_piece = st.sampled_from(
    [
        '{"a": 1}', '{"a": 1, "a": 2}', '{"a:b": "c:d"}', '{"a": "\\u003a"}', '{"a\\u003A": 1, "a:": 2}',
        '{"a": "\\\\u003a"}', '{"x": {"y": 1, "y": {"z": ":"}}}', "NaN", "1e400", "-Infinity", '"\\ud800"',
        "12345678901234567890123", "0.1", "-0.0", "[]", "{}", "null", "true", '"é:"', '"\\u00e9"', "[1,]", "01",
        '{"b": [1, {"b": 2}]}', '{"": 0, "": 1}',
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["k", "k:", "l", "m"]), _json_piece), max_size=5), st.booleans())
def test_json_read_by_msgspec_is_what_json_loads_gives(pairs: list[tuple[str, str]], as_list: bool) -> None:
    from curriculum.catalog import jsonfile
    from curriculum.catalog.yamlio import YamlProblem

    body = ", ".join(f'"{key}": {value}' for key, value in pairs)
    text = f"[{', '.join(value for _, value in pairs)}]" if as_list else "{" + body + "}"

    def outcome() -> Any:
        try:
            return "data", repr(jsonfile.parse_json(text.encode("utf-8", "surrogatepass"), "b.json").data)
        except YamlProblem as exc:
            return "problem", str(exc)

    fast = outcome()
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(jsonfile, "_fast", lambda text: jsonfile._MISSING)
        slow = outcome()
    assert fast == slow, text


def _items_of(data: Any) -> Any:
    """A chunked file's data with each list's chunks unpacked, to compare with a list read whole."""
    from curriculum.catalog.listchunks import Chunks

    if not isinstance(data, dict):
        return data
    return {k: [i for c in v.chunks() for i in c] if isinstance(v, Chunks) else v for k, v in data.items()}


def _in_chunks_by_the_standard_library(text: str) -> Any:
    from curriculum.catalog import jsonfile

    try:
        return jsonfile._object_in_chunks(text)
    except (ValueError, RecursionError):
        return None


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["books", "prereqs", "goals", "paces", "k:", "books\\u003a"]),
            st.one_of(_json_piece, st.lists(_json_piece, max_size=7)),
            st.sampled_from(["", " ", "\n  ", ",\n"]),
        ),
        max_size=4,
    )
)
def test_json_read_in_chunks_by_msgspec_is_what_the_standard_library_gives(
    parts: list[tuple[str, Any, str]],
) -> None:
    from curriculum.catalog import fastyaml, jsonfile

    def value(written: Any, space: str) -> str:
        return written if isinstance(written, str) else "[" + space + f"{space}, ".join(written) + space + "]"

    text = "{" + ", ".join(f'"{key}"{space}:{space}{value(v, space)}' for key, v, space in parts) + "}\n"
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 2)
        fast = jsonfile._fast_chunks(text.encode("utf-8", "surrogatepass"))
        slow = _in_chunks_by_the_standard_library(text)
    if fast is not None:
        assert repr(_items_of(fast)) == repr(_items_of(slow)), text


def test_a_generated_json_catalog_is_read_in_chunks_by_msgspec(tmp_path: Path, monkeypatch) -> None:
    import sys

    from curriculum.catalog import fastyaml, jsonfile
    from curriculum.catalog.listchunks import Chunks

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from generate import generate
    from shapes import as_json

    folder = as_json(generate(40, tmp_path / "y").folder, tmp_path / "j")
    monkeypatch.setattr(fastyaml, "CHUNK_ITEMS", 3)
    for name in ("books.json", "prereqs.json", "goals.json"):
        raw = (folder / name).read_bytes()
        fast = jsonfile._fast_chunks(raw)
        assert fast is not None
        # the items of a valid catalog come as their records, a chunk at a time (issue 15)
        assert all(isinstance(c, listchunks.Decoded) for v in fast.values() if isinstance(v, Chunks) for c in v.blobs)
        assert repr(_items_of(fast)) == repr(_as_records(_items_of(_in_chunks_by_the_standard_library(raw.decode()))))
        assert repr(_items_of(fast)) == repr(_as_records(json.loads(raw)))
        with_mark = jsonfile._chunked(b"\xef\xbb\xbf" + raw, raw.decode())  # a byte order mark first
        assert repr(_items_of(with_mark)) == repr(_items_of(fast))


def _as_records(data: dict[str, Any]) -> dict[str, Any]:
    """The data with each list's items as its records (a chunk whose items are all valid as
    written), as a large file's chunks come."""
    from curriculum.catalog import fastyaml
    from curriculum.catalog.records import LISTED, take_all

    out = dict(data)
    step = fastyaml.CHUNK_ITEMS
    for key, kind in LISTED.items():
        if isinstance(data.get(key), list):
            chunks = [data[key][at : at + step] for at in range(0, len(data[key]), step)]
            out[key] = [i for c in chunks for i in (take_all(c, kind) or c)]
    return out
