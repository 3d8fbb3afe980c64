"""Converting a prerequisite dataset (JSON) into a catalog folder.

The input is a JSON object with ``source`` (upstream repository, path and commit),
``license``, ``items`` (``{"id", "title", "hours", ...}``) and ``prereqs``, the format of the
datasets in ``tests/datasets/``. Each entry of ``prereqs`` is either a pair ``[before, after]``
or a group ``{"any_of": [id, id, ...], "after": id}``: any one of the ``any_of`` items will do
(a prerequisite written "A or B"). The output is a catalog:

* ``books.yaml``: one book per item, reading time from the item's ``hours``. An item without
  hours gets a placeholder (1 h by default), marked in its ``hours_note`` and ``unverified``,
  so that it is planned, visible, and obviously not an estimate. ``authors`` is the dataset's
  curator; ``sources`` names the upstream and its licence on every book. An upstream id that is
  not a valid catalog id (``_abc``, ``-abc``, ``COS 226``, ``Ökonomie``) gets one made from it
  (see :func:`map_ids`); the book's ``notes`` keep the upstream id.
* ``prereqs.yaml``: one edge per pair, and one ``any_of`` edge per group (a group of one is a
  plain edge), with the reason "prerequisite in <dataset>". An entry given twice is written once.
* ``goals.yaml``: a goal for each of the deepest items (most prerequisites, counting every
  alternative), skipping items that are prerequisites of one already chosen, plus any items
  asked for by id.

A malformed entry, an empty group, an unknown id, or an item before itself is a
:class:`UsageError` that names every such entry (``prereqs[3]: any_of: unknown item 'x'``).
docs/catalog.md documents the choices and credits the datasets.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import ID_PATTERN, MAX_HOURS
from .digraph import scratch_digraph
from .errors import OutputError, UsageError

DEFAULT_GOALS = 3
MISSING_HOURS = 1.0
MAX_ID = 100
SHOWN_PROBLEMS = 20

CURATORS: dict[str, tuple[str, str]] = {
    "metacademy": ("Metacademy", "Metacademy contributors"),
    "ossu": ("OSSU computer science", "Open Source Society University"),
    "tigerappsorg": ("TigerJunction", "TigerJunction contributors (TigerApps, Princeton)"),
}
"""Upstream owner: (dataset name used in reasons, author credited on every book)."""


@dataclass(frozen=True)
class Converted:
    """The three catalog files as data, and the header comment that credits the upstream."""

    books: dict[str, Any]
    prereqs: dict[str, Any]
    goals: dict[str, Any]
    header: str


@dataclass(frozen=True)
class Link:
    """One entry of a dataset's ``prereqs``: any one of ``members`` before ``after`` (upstream ids)."""

    members: tuple[str, ...]
    after: str


def read_dataset(path: Path) -> dict[str, Any]:
    """The dataset's JSON; a file that is missing or not a dataset is a :class:`UsageError`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot read the dataset '{path}': {exc.strerror or exc}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"the dataset '{path}' is not JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise UsageError(f"the dataset '{path}' is not a JSON object with an `items` list")
    if not isinstance(data.get("prereqs", []), list):
        raise UsageError(f"the dataset '{path}' has a `prereqs` that is not a list of pairs and groups")
    return data


_BREAKS = re.compile("[\\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # white space and control characters


def one_line(value: object, limit: int = 2000) -> str:
    """``value`` on one line, at most ``limit`` characters: each run of white space or control
    characters (line breaks, carriage returns, ESC, C1 controls) becomes one space. All text
    from a dataset goes through it: a catalog refuses line breaks in titles, and a licence of
    several lines would end the header comment and break the YAML."""
    return _BREAKS.sub(" ", str(value)).strip()[:limit].rstrip()


def _raise(problems: Sequence[str]) -> None:
    if len(problems) == 1:
        raise UsageError(problems[0])
    if problems:
        shown = [f"  {p}" for p in problems[:SHOWN_PROBLEMS]]
        if len(problems) > SHOWN_PROBLEMS:
            shown.append(f"  ... and {len(problems) - SHOWN_PROBLEMS} more")
        raise UsageError("\n".join([f"the dataset has {len(problems)} problems:", *shown]))


def _id_text(value: object) -> str | None:
    """An id as the dataset writes it (text or a whole number), else None."""
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return str(value)
    return None


def read_links(entries: Sequence[object], known: set[str]) -> list[Link]:
    """The dataset's ``prereqs`` entries as links, repeats dropped; every bad entry is reported at once."""
    problems: list[str] = []
    links: dict[tuple[frozenset[str], str], Link] = {}
    for index, entry in enumerate(entries):
        where = f"prereqs[{index}]"
        if isinstance(entry, list | tuple) and len(entry) == 2:
            before, after = _id_text(entry[0]), _id_text(entry[1])
            if before is None or after is None:
                problems.append(f"{where}: a pair holds two ids (text or whole numbers)")
                continue
            bad = [f"{where}: unknown item '{i}'" for i in dict.fromkeys((before, after)) if i not in known]
            if before == after:
                bad.append(f"{where}: '{before}' cannot be its own prerequisite")
            problems += bad
            link = Link((before,), after)
        elif isinstance(entry, dict):
            extra = sorted(set(entry) - {"any_of", "after"})
            if extra or "any_of" not in entry or "after" not in entry:
                wrong = f"unknown key '{extra[0]}'" if extra else "a key is missing"
                problems.append(f'{where}: {wrong}: a group is {{"any_of": [id, ...], "after": id}}')
                continue
            group, after = entry["any_of"], _id_text(entry["after"])
            members = [_id_text(m) for m in group] if isinstance(group, list) else [None]
            if after is None or any(m is None for m in members):
                problems.append(f"{where}: `any_of` is a list of ids and `after` an id (text or whole numbers)")
                continue
            names = tuple(dict.fromkeys(m for m in members if m is not None))
            bad = [] if names else [f"{where}: any_of: the group is empty"]
            bad += [f"{where}: any_of: unknown item '{m}'" for m in names if m not in known]
            if after not in known:
                bad.append(f"{where}: after: unknown item '{after}'")
            if after in names:
                bad.append(f"{where}: any_of: '{after}' is the item the group comes before")
            problems += bad
            link = Link(names, after)
        else:
            problems.append(f'{where}: not a [before, after] pair nor an {{"any_of": [...], "after": id}} group')
            continue
        if not bad:
            links.setdefault((frozenset(link.members), link.after), link)
    _raise(problems)
    return list(links.values())


def _base(upstream: str) -> str:
    """``upstream`` made a valid id, leaving room for a suffix: ASCII letters kept, accents dropped,
    every run of other characters one '-', no leading or trailing '.', '_' or '-' (maybe empty)."""
    ascii_text = unicodedata.normalize("NFKD", upstream).encode("ascii", "ignore").decode("ascii")
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_text).strip("._-")
    return base[: MAX_ID - 24].rstrip("._-")


def _candidates(upstream: str) -> Iterator[str]:
    """Ids for ``upstream``, best first: its base, then the base with ever longer hashes of it."""
    base = _base(upstream)
    digest = hashlib.sha256(upstream.encode("utf-8")).hexdigest()
    if base:
        yield base
    base = base or "item"
    for size in (6, 10, 16):
        yield f"{base}-{digest[:size]}"
    for counter in itertools.count(2):
        yield f"{base}-{digest[:16]}-{counter}"


def map_ids(upstream: Sequence[str]) -> dict[str, str]:
    """A catalog id for each upstream id (given once each), deterministic and free of collisions.

    A valid id (see ``ID_PATTERN``, at most 100 characters) is kept unless an earlier one differs
    from it only in case. Any other becomes :func:`_base` of it, or, if that is taken (in any
    case), the base with a short hash of the upstream id: ``_abc`` -> ``abc-999d81``.
    """
    mapped: dict[str, str] = {}
    taken: set[str] = set()
    for name in upstream:
        if len(name) <= MAX_ID and re.fullmatch(ID_PATTERN, name) and name.casefold() not in taken:
            mapped[name] = name
            taken.add(name.casefold())
    for name in upstream:
        if name in mapped:
            continue
        found = next(c for c in _candidates(name) if c.casefold() not in taken)
        mapped[name] = found
        taken.add(found.casefold())
    return mapped


def _credit(source: str) -> tuple[str, str]:
    owner = one_line(source.split("/", 1)[0], 200) or "the dataset"
    return CURATORS.get(owner.casefold(), (owner, owner))


def _url(item: Mapping[str, Any], source: str) -> str | None:
    """The item's link; a path relative to the upstream repository becomes a GitHub link."""
    url = item.get("url")
    if not isinstance(url, str) or not url.strip() or _BREAKS.search(url.strip()):
        return None  # a link holding a space or a line break is no link
    url = url.strip()
    if url.startswith(("http://", "https://")):
        return url
    repo_path, _, commit = source.partition("@")
    parts = repo_path.strip().split("/")
    if len(parts) < 2 or not commit.strip():
        return None
    return f"https://github.com/{parts[0]}/{parts[1]}/blob/{commit.strip()}/{url.lstrip('/')}"


def _notes(item: Mapping[str, Any], upstream: str, book_id: str) -> str | None:
    notes = []
    if upstream != book_id:
        notes.append(f"Upstream id: '{upstream}' (not a valid catalog id here).")
    if isinstance(item.get("notes"), str) and item["notes"].strip():
        notes.append(item["notes"].strip())
    if isinstance(item.get("section"), str):
        notes.append(f"Section: {item['section']}.")
    if item.get("tags"):
        notes.append("Tags: " + ", ".join(str(t) for t in item["tags"]) + ".")
    known = [f"{key} {item[key]}" for key in ("duration", "effort") if item.get(key) not in (None, "", "-")]
    if known:
        notes.append("Upstream " + "; ".join(known) + ".")
    if item.get("prereq_text_unresolved"):
        notes.append("Also assumes: " + "; ".join(str(t) for t in item["prereq_text_unresolved"]) + ".")
    return one_line(" ".join(notes)) or None


def _book(
    item: Mapping[str, Any], book_id: str, *, author: str, source_text: str, source: str, missing_hours: float
) -> dict[str, Any]:
    upstream = str(item["id"])
    title = one_line(item.get("title") or "", 300) or one_line(upstream, 300) or book_id
    book: dict[str, Any] = {"id": book_id, "title": title, "authors": [author]}
    raw = item.get("hours")
    hours = float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else math.nan
    usable = math.isfinite(hours) and hours > 0
    book["hours"] = hours if usable else missing_hours
    if not usable:
        book["hours_note"] = f"Placeholder: the dataset gives no effort estimate; {missing_hours:g} h stands in."
    url = _url(item, source)
    if url:
        book["url"] = url
    notes = _notes(item, upstream, book_id)
    if notes:
        book["notes"] = notes
    book["sources"] = [source_text]
    if not usable:
        book["unverified"] = [f"hours: the dataset gives none ({missing_hours:g} h is a placeholder)"]
    return book


def deepest(items: Sequence[str], pairs: Sequence[tuple[str, str]], count: int) -> list[str]:
    """Up to ``count`` items with the most prerequisites, none a prerequisite of another chosen.

    ``pairs`` are (before, after) edges; a group gives one for each alternative. Ties go to the
    item with the longer chain above it, then to the earlier item.
    """
    import networkx as nx

    with scratch_digraph() as graph:
        graph.add_nodes_from(items)
        graph.add_edges_from(pairs)
        if not nx.is_directed_acyclic_graph(graph):
            return []
        depth: dict[str, int] = {}
        for node in nx.topological_sort(graph):
            depth[node] = max((depth[p] + 1 for p in graph.predecessors(node)), default=0)
        ancestors = {node: nx.ancestors(graph, node) for node in items}
        position = {node: i for i, node in enumerate(items)}
        order = sorted(items, key=lambda n: (-len(ancestors[n]), -depth[n], position[n]))
        chosen: list[str] = []
        for node in order:
            if len(chosen) >= count or not ancestors[node]:
                break
            if not any(node in ancestors[c] for c in chosen):
                chosen.append(node)
        return chosen


def _items(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The items with an id, each id once (a repeated id is a :class:`UsageError`)."""
    items: list[Mapping[str, Any]] = [item for item in data["items"] if isinstance(item, dict) and "id" in item]
    seen: dict[str, int] = {}
    problems = []
    for index, item in enumerate(items):
        upstream = str(item["id"])
        if upstream in seen:
            problems.append(f"items[{index}]: id '{upstream}' is also the id of items[{seen[upstream]}]")
        seen.setdefault(upstream, index)
    _raise(problems)
    return items


def _edge(link: Link, ids: Mapping[str, str], name: str) -> dict[str, Any]:
    if len(link.members) == 1:
        return {"before": ids[link.members[0]], "after": ids[link.after], "reason": f"prerequisite in {name}"}
    return {
        "any_of": [{"book": ids[m]} for m in link.members],
        "after": ids[link.after],
        "reason": f"prerequisite in {name}: any one of these",
    }


def convert(
    data: Mapping[str, Any],
    *,
    goals: int = DEFAULT_GOALS,
    goal_items: Sequence[str] = (),
    missing_hours: float = MISSING_HOURS,
) -> Converted:
    """The catalog files for a dataset already read (see :func:`read_dataset`).

    ``goal_items`` are upstream ids, as the dataset writes them.
    """
    if not (math.isfinite(missing_hours) and 0 < missing_hours <= MAX_HOURS):
        raise UsageError(f"the placeholder hours must be more than 0 and at most {MAX_HOURS:g} (got {missing_hours:g})")
    source = one_line(data.get("source") or "", 500) or "an unnamed dataset"
    licence = one_line(data.get("license") or "", 1000) or "licence not stated"
    name, author = _credit(source)
    source_text = one_line(f"{name}: {source}; licence: {licence}")
    items = _items(data)
    upstream = [str(item["id"]) for item in items]
    links = read_links(data.get("prereqs", []), set(upstream))
    unknown = [g for g in goal_items if g not in upstream]
    if unknown:
        raise UsageError(f"no item '{unknown[0]}' in the dataset")
    ids = map_ids(upstream)
    books = [
        _book(
            item,
            ids[str(item["id"])],
            author=author,
            source_text=source_text,
            source=source,
            missing_hours=missing_hours,
        )
        for item in items
    ]
    prereqs = [_edge(link, ids, name) for link in links]
    pairs = [(ids[m], ids[link.after]) for link in links for m in link.members]
    titles = {book["id"]: book["title"] for book in books}
    book_ids = [ids[u] for u in upstream]
    chosen = list(dict.fromkeys([*(ids[g] for g in goal_items), *deepest(book_ids, pairs, goals)]))
    taken = {b.casefold() for b in titles}
    goal_list = []
    for item in chosen:
        base = f"learn-{item}"[:MAX_ID]
        tries = itertools.chain(
            [base, base[: MAX_ID - 5] + "-goal"], (f"{base[:90]}-goal{n}" for n in itertools.count(2))
        )
        goal_id = next(g for g in tries if g.casefold() not in taken)
        taken.add(goal_id.casefold())
        goal_list.append(
            {
                "id": goal_id,
                "title": f"Learn {titles[item]}"[:300],
                "description": f"{titles[item]} and everything it builds on, in {name}.",
                "targets": [{"book": item}],
            }
        )
    header = (
        f"# Converted by scripts/convert_dataset.py from {source}\n"
        f"# Licence: {licence}. Credit: {author}; keep this notice in anything derived from it.\n"
    )
    return Converted({"books": books}, {"prereqs": prereqs}, {"goals": goal_list}, header)


def write_catalog(converted: Converted, folder: Path) -> list[Path]:
    """Write books.yaml, prereqs.yaml and goals.yaml into ``folder`` (made if needed)."""
    import yaml

    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, part in (("books", converted.books), ("prereqs", converted.prereqs), ("goals", converted.goals)):
            path = folder / f"{name}.yaml"
            text = yaml.safe_dump(part, sort_keys=False, allow_unicode=True, width=120)
            path.write_text(converted.header + text, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise OutputError(f"cannot write the catalog into '{folder}': {exc.strerror or exc}") from exc
    return written


def convert_dataset(
    path: Path,
    folder: Path,
    *,
    goals: int = DEFAULT_GOALS,
    goal_items: Sequence[str] = (),
    missing_hours: float = MISSING_HOURS,
) -> list[Path]:
    """Read the dataset at ``path`` and write its catalog into ``folder``; returns the files written."""
    converted = convert(read_dataset(path), goals=goals, goal_items=goal_items, missing_hours=missing_hours)
    return write_catalog(converted, folder)
