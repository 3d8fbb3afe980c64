"""Plain text for the terminal of `curriculum show BOOK` and `curriculum why`."""

from __future__ import annotations

import textwrap
from typing import Any

from ..catalog import Catalog
from ..explain import Why
from .notes import choice_text
from .text import hours_number, hours_text


def _h(hours: float) -> str:
    """'1.5 h' for a number of hours from the facts (which carry hours, not minutes)."""
    return f"{hours_number(hours)} h"


def _chapters(catalog: Catalog, book: str, numbers: list[str]) -> str:
    if not numbers:
        return ""
    entry = catalog.books[book]
    return f" (ch {entry.chapter_runs(entry.unit_indexes(numbers))})"


def show_text(facts: dict[str, Any], catalog: Catalog) -> str:
    """A book's facts, chapters, prerequisites, what it unlocks, and where the facts come from."""
    lines = [f"{facts['id']}: {facts['title']}"]
    pace = f" ({facts['pace']:g} pages/hour)" if facts["pace"] is not None else ""
    fields = [
        ("subtitle", facts["subtitle"]),
        ("authors", ", ".join(facts["authors"])),
        ("edition", facts["edition"]),
        ("year", facts["year"]),
        ("publisher", facts["publisher"]),
        ("pages", facts["pages"]),
        ("ISBN", facts["isbn13"]),
        ("kind", f"{facts['kind']}{pace}"),
        ("hours", _h(facts["hours"]) + (f" ({facts['hours_note']})" if facts["hours_note"] else "")),
        ("url", facts["url"]),
        ("free", facts["free_url"]),
        ("notes", facts["notes"]),
    ]
    lines += [f"  {name:<10} {value}" for name, value in fields if value is not None and value != ""]
    if facts["chapters"]:
        lines += ["", f"Chapters ({_h(facts['hours'])}, {facts['chapter_hours']}):"]
        width = max(len(str(c["number"])) for c in facts["chapters"])
        for chapter in facts["chapters"]:
            skip = f"  [not for reading: {chapter['skip']}]" if chapter.get("skip") else ""
            lines.append(f"  {chapter['number']:>{width}}  {_h(chapter['hours']):>7}  {chapter['title']}{skip}")
    lines += ["", "Prerequisites:"]
    lines += _edge_lines(catalog, facts["prerequisites"], None) or ["  (none)"]
    lines += ["", "Unlocks:"]
    lines += _edge_lines(catalog, facts["unlocks"], facts["id"]) or ["  (none)"]
    if facts["goals"]:
        lines += ["", "Targeted by goals:"]
        lines += [f"  {g['id']}{_chapters(catalog, facts['id'], g['chapters'])}: {g['title']}" for g in facts["goals"]]
    if facts["unverified"]:
        lines += ["", "Unverified:"] + [f"  - {text}" for text in facts["unverified"]]
    if facts["sources"]:
        lines += ["", "Sources:"] + [f"  - {text}" for text in facts["sources"]]
    return "\n".join(lines)


def _edge_lines(catalog: Catalog, rows: list[dict[str, Any]], shown: str | None) -> list[str]:
    """One edge a row with its reason; ``shown``: the chapters are of that book (the one shown)."""
    lines = []
    for row in rows:
        optional = " [optional]" if row["strength"] == "optional" else ""
        if shown is None:
            lines.append(f"  {row['book']}{_chapters(catalog, row['book'], row['chapters'])}: {row['title']}{optional}")
        else:
            needs = _chapters(catalog, shown, row["chapters"]).replace(" (ch", " (needs ch")
            lines.append(f"  {row['book']}: {row['title']}{needs}{optional}")
        lines.append(f"      {row['reason']}")
    return lines


def why_text(why: Why, catalog: Catalog) -> str:
    """The chains from the book to the goals' targets with each edge's reason, and its hours."""
    goal_ids = ", ".join(g.id for g in why.goals)
    if not why.needed:
        text = f"{why.book} is not needed for {goal_ids}"
        text += " (it is with --optional)" if why.needed_with_optional else ""
        return "\n".join([text, *_choice_lines(why, catalog)])
    entry = catalog.books[why.book]
    part = f"ch {why.chapters}" if why.chapters else "the whole book"
    lines = [
        f"{why.book} ({entry.book.title}) is needed for {goal_ids}:"
        f" it adds {hours_text(why.minutes)} to the plan ({part})."
    ]
    if why.target is not None:
        lines.append(f"It is a target{f' (ch {why.target})' if why.target else ''}.")
    if why.chains_total:
        count = why.chains_total
        many = f"More than {count:,}" if why.chains_capped else f"{count:,}"
        lines += ["", f"{many} prerequisite chain{'s' if count != 1 else ''} lead{'s' if count == 1 else ''}"
                  f" from it to the {'goals' if len(why.goals) > 1 else 'goal'}'s targets:"]  # fmt: skip
        for chain in why.chains:
            lines += ["", "  " + " -> ".join(chain.books)]
            for step in chain.steps:
                chapters = f" (ch {step.chapters})" if step.chapters else ""
                optional = " [optional]" if step.strength == "optional" else ""
                lines.append(f"    {step.before}{chapters} -> {step.after}{optional}: {step.reason}")
        hidden = count - len(why.chains)
        if hidden > 0:
            more = f"more than {hidden:,}" if why.chains_capped else f"{hidden:,}"
            lines += ["", f"... and {more} more chain{'s' if hidden != 1 else ''} (raise --limit to see more)."]
    lines += _choice_lines(why, catalog)
    lines += ["", *textwrap.wrap(f"Reading order: {why.rule}", 100)]
    return "\n".join(lines)


def _choice_lines(why: Why, catalog: Catalog) -> list[str]:
    if not why.choices:
        return []
    lines = ["", "Chosen among alternatives:"]
    for made in why.choices:
        lines.append("  " + choice_text(catalog, made))
        if made.chosen.book != why.book:
            lines.append(f"  (--prefer {why.book} to read it instead)")
    return lines
