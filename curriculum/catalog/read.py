"""Reading a catalog's files and validating them against their schemas (:mod:`.files`).

A catalog reads only regular files inside its own folder. Each file may be YAML or JSON
(``books.json`` instead of ``books.yaml``, :mod:`.jsonfile`), not both. Each file's YAML comes
through the cache of parsed files (:mod:`.yamlcache`); its list is then decoded into records
(:mod:`.records`, by msgspec) a batch of items per call. A batch that is not valid as a whole is
taken item by item, so that one bad book does not hide the others, and what could be salvaged
is kept: pydantic (:mod:`.files`) is asked only about the items msgspec does not take, to report
every problem of each. Problems go to the load's
:class:`~.problems.Collector`.
"""

from __future__ import annotations

import contextlib
import marshal
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import msgspec
from msgspec import Struct, field

from ..errors import Problem
from ..resources import bundled_catalog_dir
from . import beside, fastyaml, listchunks, records, yamlcache
from .jsonfile import parse_json
from .listchunks import Chunks, Decoded, as_chunk
from .messages import describe, kind_of
from .model import Origin
from .problems import Collector, FileProblems
from .yamlio import YamlDoc, YamlProblem, read_bytes

FILES = ("books.yaml", "prereqs.yaml", "goals.yaml", "books.json", "prereqs.json", "goals.json")


class Docs(Struct, frozen=True):
    """A catalog's three files as read; None where a file is absent or could not be read."""

    books: YamlDoc | None
    prereqs: YamlDoc | None
    goals: YamlDoc | None


def catalog_folder(origin: Origin) -> Path:
    """The folder whose files make the catalog (for an extension: the user's additions)."""
    return bundled_catalog_dir() if origin.folder is None else origin.folder


def read_files(origin: Origin, out: Collector) -> Docs:
    """Read the catalog's files. Only a catalog of its own needs a ``books.yaml``: every file of
    an extension is optional. Bundled files are named ``catalog/<file>`` in messages."""
    folder = catalog_folder(origin)

    def read(file: str, *, required: bool = False) -> YamlDoc | None:
        as_json = file.replace(".yaml", ".json")
        if origin.folder is not None and ((folder / as_json).exists() or (folder / as_json).is_symlink()):
            shown = str(folder / as_json)
            if (folder / file).exists():
                out.whole_file(shown, f"both {file} and {as_json} are in the folder; a catalog has one of them")
                return None
            return _read(folder / as_json, shown, out, required=required)
        shown = f"catalog/{file}" if origin.folder is None else str(folder / file)
        return _read(folder / file, shown, out, required=required)

    others = _others_beside(origin, lambda: (read("prereqs.yaml"), read("goals.yaml")), out)
    try:
        books = read("books.yaml", required=origin.kind != "extended")
    finally:
        read_there = others() if others is not None else None
    prereqs, goals = read_there if read_there is not None else (read("prereqs.yaml"), read("goals.yaml"))
    return Docs(books, prereqs, goals)


BESIDE_FROM = 1_000_000
"""A catalog whose prerequisites and goals hold at least this many bytes of YAML together (about
10k prerequisites) has them read by a child process while this one reads its books
(:func:`_others_beside`)."""


def _others_beside(
    origin: Origin, read_others: Callable[[], tuple[YamlDoc | None, YamlDoc | None]], out: Collector
) -> Callable[[], tuple[YamlDoc | None, YamlDoc | None] | None] | None:
    """``read_others()`` in a child process (:func:`.beside.start`), for a large catalog of the
    user's: the function returned gives the documents it read, the problems it found added to
    ``out`` as they would have been here (after the books'); or None, when the child gives no
    answer (killed, or documents :mod:`marshal` cannot carry: a date PyYAML read), and the files
    are to be read here. None when no child is started."""
    if origin.folder is None:
        return None
    size = 0  # of YAML only: JSON is read in about the time a child takes to hand it over
    for name in ("prereqs.yaml", "goals.yaml"):
        with contextlib.suppress(OSError):
            size += (origin.folder / name).stat().st_size
    if size < BESIDE_FROM:
        return None
    count = len(out.problems)

    def work() -> bytes:
        docs = read_others()
        return marshal.dumps(
            ([_doc_parts(_as_records(doc)) for doc in docs], [tuple(p) for p in out.problems[count:]]), 4
        )

    answer = beside.start(work)
    if answer is None:
        return None

    def docs() -> tuple[YamlDoc | None, YamlDoc | None] | None:
        got = answer()
        try:
            (prereqs, goals), problems = marshal.loads(got or b"")  # noqa: S302 - written by our own child
        except (EOFError, ValueError, TypeError):  # no answer, or not all of it
            return None
        out.problems.extend(Problem(*problem) for problem in problems)
        return _doc_of(prereqs), _doc_of(goals)

    return docs


_DOC_FIELDS = ["name", "text", "data", "to_cache", "blob"]


def _as_records(doc: YamlDoc | None) -> YamlDoc | None:
    """``doc`` with its list as :class:`~.listchunks.Chunks` of records where they are valid, as
    :mod:`.splitparse` reads a large file's: a child decodes them while this process reads the
    books, and hands them over as MessagePack bytes, decoded here in compiled code."""
    data = doc.data if doc is not None else None
    if not isinstance(data, dict):
        return doc
    for key, kind in records.LISTED.items():
        items = data.get(key)
        if type(items) is list:
            step = fastyaml.CHUNK_ITEMS
            chunks = [as_chunk(items[at : at + step], kind) for at in range(0, len(items), step)]
            data[key] = Chunks(chunks, len(items))
    return doc


def _doc_parts(doc: YamlDoc | None) -> Any:
    """A document as :mod:`marshal` writes it (its chunks packed: :func:`.listchunks.packed`)."""
    if doc is None:
        return None
    if [f.name for f in msgspec.structs.fields(doc)] != _DOC_FIELDS:  # a field this does not know to carry
        raise ValueError("a YamlDoc field is not carried")
    to_cache = None if doc.to_cache is None else (str(doc.to_cache[0]), doc.to_cache[1])
    return (doc.name, doc.text, listchunks.packed(doc.data, records=True), to_cache, doc.blob)


def _doc_of(parts: Any) -> YamlDoc | None:
    if parts is None:
        return None
    name, text, data, to_cache, blob = parts
    return YamlDoc(
        name, text, listchunks.unpacked(data), None if to_cache is None else (Path(to_cache[0]), to_cache[1]), blob
    )


def _read(path: Path, shown: str, out: Collector, *, required: bool) -> YamlDoc | None:
    if not path.exists():
        if path.is_symlink():
            out.whole_file(shown, f"the file is a link to {path.readlink()}, which is missing")
        elif required:
            out.whole_file(shown, "the file is missing")
        return None
    refused = _refused_file(path)
    if refused:
        out.whole_file(shown, refused)
        return None
    try:
        if path.suffix == ".json":
            return parse_json(read_bytes(path, shown), shown)
        return yamlcache.read_yaml(path, shown)
    except YamlProblem as exc:
        out.problems.append(exc.problem)
        return None


def _refused_file(path: Path) -> str | None:
    """Why ``path`` may not be read: a catalog reads only regular files inside its own folder."""
    target = path.resolve()
    if not target.is_relative_to(path.parent.resolve()):
        return f"the file is a link to {target}, outside the catalog folder; a catalog reads only its own files"
    if not target.is_file():
        what = "a folder" if target.is_dir() else "a device, pipe or socket"
        return f"the file is {what}, not a regular file"
    return None


class Schema(Struct, frozen=True):
    """A catalog file's schema: what the whole file (its list left empty) and each item of its
    list become (:mod:`.records`), and the key of the list. The pydantic models of the same
    names in :mod:`.files` report the problems of what does not decode."""

    whole: type[Struct]
    key: str
    item: type[Struct]

    @property
    def items(self) -> Any:
        """The type of a list of items, to decode many in one call."""
        return list[self.item]  # type: ignore[name-defined]


BOOKS = Schema(records.BooksFile, "books", records.Book)
PREREQS = Schema(records.PrereqsFile, "prereqs", records.Edge)
GOALS = Schema(records.GoalsFile, "goals", records.Goal)


def _decoded(value: Any, kind: type[Struct]) -> tuple[Any, list[Any]]:
    """``value`` as a record, or None and the errors pydantic finds in it (every one of them)."""
    taken = records.take(value, kind)
    if taken is not None:
        return taken, []
    from pydantic import ValidationError

    from . import files

    try:
        return records.from_model(getattr(files, kind.__name__).model_validate(value), kind), []
    except ValidationError as exc:
        return None, exc.errors()


class Parsed(Struct):
    """A validated file, or what could be salvaged from it: its valid items."""

    whole: Struct | None = None
    items: list[tuple[int, Any]] = field(default_factory=list)
    broken: set[str] = field(default_factory=set)
    """Ids of the items that failed validation."""
    usable: bool = False
    """The file was read and holds a list of items."""
    fields: dict[str, Any] = field(default_factory=dict)
    """The file's top-level fields as parsed (its list consumed), when it holds a list."""
    estimates: dict[int, Any] = field(default_factory=dict)
    """Books' estimates made where the list was parsed, by the item's index (see
    :func:`.hours.made_ahead`): for :func:`.checks.check_books` to take or make again."""


def consume(doc: YamlDoc | None, schema: Schema, out: Collector) -> Parsed:
    """Validate a file, reporting every error and keeping the valid items; consumes ``doc``'s list.

    A large catalog's parsed YAML is as large as its models, and holding both whole at once was
    the peak memory of a 100k-book catalog. So the list under ``schema.key`` is validated a batch
    of :data:`BATCH` items at a time (one call of msgspec's compiled code for a valid batch, item
    by item for one that is not: :func:`_one_by_one`), and each valid item's parsed YAML is
    released (its place in the list set to None) as soon as its record exists; invalid items
    stay, to name them in messages. A large file's list
    comes in chunks (:class:`~.listchunks.Chunks`), unpacked one at a time. The load owns the
    documents it reads, and nothing reads their lists after this (the cache entry of the file was
    made when it was read). The file's other fields are validated with an empty list in its
    place. Errors come in the order a whole-file validation gives them: the file's fields, then
    the items, then unknown top-level keys.
    """
    if doc is None:
        return Parsed()
    problems = out.file(doc)
    key = schema.key
    data = doc.data
    if not isinstance(data, dict):
        problems.add((), "", f"the file must be a mapping with a `{key}:` list, not {kind_of(data)}")
        return Parsed()
    raw = data.get(key)
    if not isinstance(raw, list):  # missing (allowed where the list has a default) or not a list
        whole, errors = _decoded(data, schema.whole)
        for error in errors:
            _report(problems, error, key)
        return Parsed(whole, usable=True, fields=data) if whole is not None else Parsed()
    parsed = Parsed(usable=True, fields=data)
    unknown_keys: list[Any] = []
    parsed.whole, errors = _decoded({**data, key: []}, schema.whole)
    for error in errors:
        if error["type"] == "extra_forbidden":
            unknown_keys.append(error)
        else:
            _report(problems, error, key)
    batches: Iterable[list[Any]]
    chunked = False
    if isinstance(raw, Chunks):  # a large file's items, unpacked a chunk at a time
        batches, chunked = raw.chunks(schema.item), True
        raw = data[key] = []  # filled as they come: None for each valid item, the others as written
    else:
        batches = (raw[at : at + BATCH] for at in range(0, len(raw), BATCH))
    start = 0
    for batch in batches:
        taken = batch if isinstance(batch, Decoded) else _taken(batch, schema)
        if taken is not None:  # the usual case: every item of the batch valid, decoded in one call
            parsed.items += zip(range(start, start + len(batch)), taken, strict=True)
            made = getattr(batch, "estimates", None)
            if made is not None:
                parsed.estimates.update(zip(range(start, start + len(batch)), made, strict=True))
            if chunked:
                raw += [None] * len(batch)
            else:
                raw[start : start + len(batch)] = [None] * len(batch)  # released: see the docstring
        else:
            if chunked:
                raw += batch
            _one_by_one(batch, start, raw, schema, parsed, problems)
        start += len(batch)
    for error in unknown_keys:
        _report(problems, error, key)
    return parsed


BATCH = 500
"""Items decoded in one call of msgspec, released together (see :func:`consume`)."""


def _taken(batch: list[Any], schema: Schema) -> list[Any] | None:
    """The records of every item of ``batch`` when all are valid as written; None otherwise."""
    return records.take_all(batch, schema.item)


def _one_by_one(
    batch: list[Any], start: int, raw: list[Any], schema: Schema, parsed: Parsed, problems: FileProblems
) -> None:
    """Decode the items of a batch that is not valid as a whole, one at a time: keep the valid
    ones (and release them), report every problem of the others (from pydantic) and note their ids."""
    key = schema.key
    for index, value in enumerate(batch, start):
        item, errors = _decoded(
            value, schema.item
        )  # msgspec, or pydantic: every problem, or what msgspec did not convert
        if item is None:
            for error in errors:
                _report(problems, {**error, "loc": (key, index, *error["loc"])}, key)
            if isinstance(value, dict) and isinstance(value.get("id"), str):
                parsed.broken.add(value["id"])
            continue
        parsed.items.append((index, item))
        raw[index] = None  # released: see consume


def _report(problems: FileProblems, error: Any, key: str) -> None:
    assert problems.doc is not None
    problems.add(*describe(error, problems.doc.data, key))


def written_paces(books: Parsed) -> dict[str, float] | None:
    """The ``paces`` that books.yaml gives, when it gives valid ones; None otherwise."""
    if "paces" not in books.fields:
        return None
    if isinstance(books.whole, records.BooksFile):
        return dict(books.whole.paces)
    whole, _ = _decoded({"paces": books.fields["paces"], "books": []}, records.BooksFile)
    return dict(whole.paces) if whole is not None else None
