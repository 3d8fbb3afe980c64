"""Converting a prerequisite dataset (JSON) into a catalog folder.

The input is a JSON object with ``source`` (upstream repository, path and commit),
``license``, ``items`` (``{"id", "title", "hours", ...}``) and ``prereqs`` (``[before, after]``
pairs), the format of the datasets in ``shared/datasets/``. The output is a catalog:

* ``books.yaml``: one book per item, reading time from the item's ``hours``. An item without
  hours gets a placeholder (1 h by default), marked in its ``hours_note`` and ``unverified``,
  so that it is planned, visible, and obviously not an estimate. ``authors`` is the dataset's
  curator; ``sources`` names the upstream and its licence on every book.
* ``prereqs.yaml``: one edge per pair, with the reason "prerequisite in <dataset>".
* ``goals.yaml``: a goal for each of the deepest items (most prerequisites), skipping items
  that are prerequisites of one already chosen, plus any items asked for by id.

docs/catalog.md documents the choices and credits the datasets.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import OutputError, UsageError
from .models import MAX_HOURS

DEFAULT_GOALS = 3
MISSING_HOURS = 1.0

CURATORS: dict[str, tuple[str, str]] = {
    "metacademy": ("Metacademy", "Metacademy contributors"),
    "ossu": ("OSSU computer science", "Open Source Society University"),
}
"""Upstream owner: (dataset name used in reasons, author credited on every book)."""


@dataclass(frozen=True)
class Converted:
    """The three catalog files as data, and the header comment that credits the upstream."""

    books: dict[str, Any]
    prereqs: dict[str, Any]
    goals: dict[str, Any]
    header: str


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
        raise UsageError(f"the dataset '{path}' has a `prereqs` that is not a list of pairs")
    return data


def _credit(source: str) -> tuple[str, str]:
    owner = source.split("/", 1)[0].strip() or "the dataset"
    return CURATORS.get(owner.casefold(), (owner, owner))


def _url(item: Mapping[str, Any], source: str) -> str | None:
    """The item's link; a path relative to the upstream repository becomes a GitHub link."""
    url = item.get("url")
    if not isinstance(url, str) or not url.strip():
        return None
    if url.startswith(("http://", "https://")):
        return url
    repo_path, _, commit = source.partition("@")
    parts = repo_path.strip().split("/")
    if len(parts) < 2 or not commit.strip():
        return None
    return f"https://github.com/{parts[0]}/{parts[1]}/blob/{commit.strip()}/{url.lstrip('/')}"


def _notes(item: Mapping[str, Any]) -> str | None:
    notes = []
    if isinstance(item.get("section"), str):
        notes.append(f"Section: {item['section']}.")
    if item.get("tags"):
        notes.append("Tags: " + ", ".join(str(t) for t in item["tags"]) + ".")
    known = [f"{key} {item[key]}" for key in ("duration", "effort") if item.get(key) not in (None, "", "-")]
    if known:
        notes.append("Upstream " + "; ".join(known) + ".")
    if item.get("prereq_text_unresolved"):
        notes.append("Also assumes: " + "; ".join(str(t) for t in item["prereq_text_unresolved"]) + ".")
    return " ".join(notes)[:2000] or None


def _book(
    item: Mapping[str, Any], *, author: str, source_text: str, source: str, missing_hours: float
) -> dict[str, Any]:
    book: dict[str, Any] = {"id": str(item["id"]), "title": str(item.get("title") or item["id"]), "authors": [author]}
    raw = item.get("hours")
    hours = float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else math.nan
    usable = math.isfinite(hours) and hours > 0
    book["hours"] = hours if usable else missing_hours
    if not usable:
        book["hours_note"] = f"Placeholder: the dataset gives no effort estimate; {missing_hours:g} h stands in."
    url = _url(item, source)
    if url:
        book["url"] = url
    notes = _notes(item)
    if notes:
        book["notes"] = notes
    book["sources"] = [source_text]
    if not usable:
        book["unverified"] = [f"hours: the dataset gives none ({missing_hours:g} h is a placeholder)"]
    return book


def deepest(items: Sequence[str], pairs: Sequence[tuple[str, str]], count: int) -> list[str]:
    """Up to ``count`` items with the most prerequisites, none a prerequisite of another chosen.

    Ties go to the item with the longer chain above it, then to the earlier item.
    """
    import networkx as nx

    graph = nx.DiGraph()
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


def convert(
    data: Mapping[str, Any],
    *,
    goals: int = DEFAULT_GOALS,
    goal_items: Sequence[str] = (),
    missing_hours: float = MISSING_HOURS,
) -> Converted:
    """The catalog files for a dataset already read (see :func:`read_dataset`)."""
    if not (math.isfinite(missing_hours) and 0 < missing_hours <= MAX_HOURS):
        raise UsageError(f"the placeholder hours must be more than 0 and at most {MAX_HOURS:g} (got {missing_hours:g})")
    source = str(data.get("source") or "an unnamed dataset")
    licence = str(data.get("license") or "licence not stated")
    name, author = _credit(source)
    source_text = f"{name}: {source}; licence: {licence}"
    items = [item for item in data["items"] if isinstance(item, dict) and "id" in item]
    ids = [str(item["id"]) for item in items]
    books = [
        _book(item, author=author, source_text=source_text, source=source, missing_hours=missing_hours)
        for item in items
    ]
    pairs = [(str(p[0]), str(p[1])) for p in data.get("prereqs", []) if isinstance(p, list | tuple) and len(p) == 2]
    prereqs = [{"before": a, "after": b, "reason": f"prerequisite in {name}"} for a, b in pairs]
    unknown = [g for g in goal_items if g not in ids]
    if unknown:
        raise UsageError(f"no item '{unknown[0]}' in the dataset")
    titles = {book["id"]: book["title"] for book in books}
    chosen = list(dict.fromkeys([*goal_items, *deepest(ids, pairs, goals)]))
    goal_list = []
    for item in chosen:
        goal_id = f"learn-{item}"[:100]
        while goal_id in titles:
            goal_id = goal_id[:96] + "-goal"
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
