"""Shell completion of goal and book ids, chapters and formats, for click's ``shell_complete=`` callbacks.

The callbacks load the catalog the command line names so far (``--catalog DIR``, with
``--extend`` if given) and never raise: a completion that fails offers nothing.
Every item is one line: zsh and bash read the answer line by line (zsh in threes: kind, value,
help), so a line break in a title would shift every item after it. Help texts have their control
characters and line breaks made spaces; a value holding one is not offered.
This module does not import :mod:`curriculum.cli`, so cli.py can import it at the top.
"""

from __future__ import annotations

import re
from typing import Any

import click
from click.shell_completion import CompletionItem


def _catalog(ctx: click.Context) -> Any:
    from pathlib import Path

    from .cli_common import load

    folder = ctx.params.get("catalog_dir")
    extend = bool(ctx.params.get("extend"))
    directory = Path(folder) if folder else None
    return load(directory, extend and directory is not None)


_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
"""Control characters, line breaks among them (also NEL and the Unicode line separators)."""


def _items(pairs: list[tuple[str, str]], incomplete: str) -> list[CompletionItem]:
    return [
        CompletionItem(value, help=_BREAKS.sub(" ", help_text).strip())
        for value, help_text in pairs
        if value.startswith(incomplete) and not _BREAKS.search(value)
    ]


def complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Goal ids, then book ids (a book id stands for the goal of reading that book)."""
    try:
        catalog = _catalog(ctx)
        pairs = [(g.id, g.title) for g in catalog.goals.values()]
        pairs += [(b, e.book.title) for b, e in catalog.books.items()]
        return _items(pairs, incomplete)
    except Exception:  # completion must never fail loudly
        return []


def complete_books(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Book ids."""
    try:
        catalog = _catalog(ctx)
        return _items([(b, e.book.title) for b, e in catalog.books.items()], incomplete)
    except Exception:  # completion must never fail loudly
        return []


def complete_done(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """`plan --done BOOK[:CHAPTERS]`: book ids, then after ``BOOK:`` the book's chapter numbers,
    for the last item of a comma list or the end of a range (``ddia:1-`` offers ``ddia:1-2``...)."""
    try:
        catalog = _catalog(ctx)
        book, colon, spec = incomplete.partition(":")
        if not colon:
            return _items([(b, e.book.title) for b, e in catalog.books.items()], incomplete)
        entry = catalog.books.get(book)
        if entry is None:
            return []
        head = spec[: max(spec.rfind(","), spec.rfind("-")) + 1]
        prefix = f"{book}:{head}"
        units = [(prefix + u.number, u.title) for u in entry.units if u.number is not None]
        return _items(units, incomplete)
    except Exception:  # completion must never fail loudly
        return []


def complete_formats(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """`plan --format`: the file formats of the registry, for the last item of a comma list."""
    from .present.registry import renderers

    done, _, last = incomplete.rpartition(",")
    prefix = f"{done}," if done else ""
    left = [r for r in renderers("plan") if r.name not in done.split(",")]
    return _items([(prefix + r.name, r.description) for r in left], prefix + last)


def complete_starting_points(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Starting point ids (``--know``)."""
    try:
        catalog = _catalog(ctx)
        return _items([(p.id, p.title) for p in catalog.starting_points.values()], incomplete)
    except Exception:  # completion must never fail loudly
        return []
