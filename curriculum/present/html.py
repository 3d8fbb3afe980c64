"""The plan as one self-contained HTML page (also the source of the PDF).

Jinja runs with autoescape on and ``StrictUndefined``. The only markup handed to the
template is the project's own CSS and script (files beside the template) and the SVG
pictures, which escape their texts. Plan data for the script goes into a
``<script type="application/json">`` block as Jinja's ``tojson`` writes it (``<``, ``>``, ``&``
and ``'`` written as ``\\u003c`` and so on), so no catalog text can close the block.

The page is made in pieces (Jinja's ``generate``), its data block too, and written as it is
made (see :mod:`.outputs`): a 100k-book page is never whole in memory, nor its data.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import io
import itertools
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..catalog import cache
from ..resources import templates_dir
from .svg import graph_svg, timeline_svg
from .text import day_text, hours_text

if TYPE_CHECKING:
    import jinja2

    from .job import PlanJob
    from .view import BookCard, PlanView

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
"""``--paper`` values and their CSS ``@page`` size."""


_OPTIONS = {"trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True}
"""Jinja's settings besides autoescape (always on) and StrictUndefined; they shape compiled code."""


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        bytecode_cache=template_cache(),
        **_OPTIONS,  # type: ignore[arg-type]
    )
    return environment


def cache_folder() -> Path | None:
    """Where compiled templates are kept (see :mod:`curriculum.cache`): a folder named after
    everything that shapes the compiled code; None when caching is off."""
    import jinja2

    from .. import __version__

    shaped_by = repr((__version__, jinja2.__version__, sys.version_info[:2], "autoescape", sorted(_OPTIONS.items())))
    return cache.folder("templates", shaped_by)


def entry_name(key: str) -> str:
    """The file of the compiled template Jinja keys ``key`` (the name Jinja's own cache gave it)."""
    return f"__jinja2_{key}.cache"


def template_cache() -> jinja2.BytecodeCache | None:
    """Jinja's compiled templates kept between runs: compiling plan.html.j2 takes longer than
    rendering it. Jinja checks each cached template against its source's checksum, so an edited
    template is compiled afresh. The cache holds code, so it is read and written only through a
    checked folder of the user's own (see :mod:`curriculum.cache`), and a damaged entry is
    dropped; with no such folder, templates are compiled every run as before."""
    import jinja2

    folder = cache_folder()
    if folder is None or not cache.usable(folder):
        return None

    class CheckedCache(jinja2.BytecodeCache):
        """Entries read and written through :func:`curriculum.cache.opened`; a cache that cannot
        be read or written (a full disk, a read-only home) is no cache, not an error."""

        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            with cache.opened(folder) as checked:
                payload = None if checked is None else checked.read(entry_name(bucket.key))
            if payload is None:
                return
            try:
                bucket.load_bytecode(io.BytesIO(payload))
            except Exception:  # an entry Jinja cannot load is compiled afresh
                bucket.reset()

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            out = io.BytesIO()
            bucket.write_bytecode(out)
            with cache.opened(folder) as checked:
                if checked is not None:
                    checked.write(entry_name(bucket.key), out.getvalue())

    return CheckedCache()


def _asset(name: str) -> str:
    return (templates_dir() / name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def script_data(view: PlanView, file_stem: str, *, lazy: bool = False) -> dict[str, Any]:
    """What the page's script needs: the plan's identity and its sessions, piece by piece, and
    what a progress export carries to continue the plan (docs/outputs.md, "Progress file").

    A huge plan's (``view.huge``) pieces are ``[unit, chapter, minutes, part, parts]`` without
    their titles (the page shows each chapter's as an ``<li>``) and its summary's books lists of
    values (``book_keys`` once): plan.js makes them what other plans have before an export.
    ``lazy``: the sessions (and a huge plan's summary's books) are iterators, made as
    :func:`data_pieces` writes them."""
    from .calendar_state import calendar_state

    compact = view.huge
    summary = _summary(view, compact, lazy)
    sessions = _sessions(view, compact)
    return {
        "plan_key": view.plan_key,
        "arguments": list(view.arguments),
        "catalog": list(view.catalog_args),
        "weeks": [[w.number, w.start.isoformat(), w.budget] for w in view.weeks],
        "summary": summary,
        "calendar": calendar_state(view),
        "goals": [g[0] for g in view.goals],
        "hours_per_week": view.hours_per_week,
        "start": view.start.isoformat(),
        "mentee": view.mentee,
        "file_stem": file_stem,
        "total_minutes": view.total_minutes,
        "sessions": sessions if lazy else list(sessions),
    }


def _summary(view: PlanView, compact: bool, lazy: bool) -> dict[str, Any]:
    """The plan's JSON summary (:func:`curriculum.diff.summary`), for "what moved" on a re-plan;
    a huge plan's books as lists of values, ``book_keys`` once. ``lazy``: the books an iterator."""
    if view.plan is None:
        return {}
    from ..diff import BOOK_FIELDS, summary
    from .json import plan_to_dict

    planned = plan_to_dict(view.plan, lazy=True)
    out = summary({**planned, "books": ()})
    books: Iterator[Any] = ({key: book.get(key) for key in BOOK_FIELDS} for book in planned["books"])
    if compact and view.plan.books:  # each book as its values, the keys once
        keys = sorted(BOOK_FIELDS)
        books = ([b[k] for k in keys] for b in books)
        out["book_keys"] = keys
    out["books"] = books if lazy else list(books)
    return out


def _sessions(view: PlanView, compact: bool) -> Iterator[dict[str, Any]]:
    """The sessions of :func:`script_data`, one at a time."""
    return (
        {
            "id": s.id,
            "week": w.number,
            "book": s.book,
            "minutes": s.minutes,
            "done": s.done,
            "day": s.day.isoformat() if s.day else None,
            "pieces": [
                {
                    "unit": c.unit,
                    "chapter": c.number,
                    "title": c.title,
                    "minutes": c.minutes,
                    "part": c.part,
                    "parts": c.parts,
                    "day": s.day.isoformat() if s.day else None,
                }
                for c in s.chapters
            ]
            if not compact
            else [[c.unit, c.number, c.minutes, c.part, c.parts] for c in s.chapters],
        }
        for w in view.weeks
        for s in w.sessions
    )


BATCH = 1000
"""List items (or mapping entries) of the data block encoded at a time."""

_encode = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
"""The data block's JSON: keys sorted, without the spaces after "," and ":" (a tenth of a large
plan's page), ASCII as ``tojson`` writes it."""


def data_pieces(data: Any) -> Iterator[str]:
    """The page's data block: exactly ``data|tojson`` (sorted keys, no spaces, ASCII, and
    ``<``, ``>``, ``&``, ``'`` escaped), in pieces, iterators in ``data`` written as lists."""
    from markupsafe import Markup

    for piece in _json_pieces(data):
        safe = piece.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")
        yield Markup(safe)  # noqa: S704 - JSON text with every character that could end the block escaped


def _data_block(view: PlanView, file_stem: str) -> Iterator[str]:
    """The data block's pieces, its data made only when the page comes to it."""
    yield from data_pieces(script_data(view, file_stem, lazy=True))


def _json_pieces(value: Any) -> Iterator[str]:
    """``json.dumps(value, sort_keys=True, separators=(",", ":"))`` in pieces: a large mapping
    or list (or an iterator) a batch of entries at a time."""
    if isinstance(value, dict) and all(isinstance(k, str) for k in value) and _large(value):
        yield "{"
        for n, key in enumerate(sorted(value)):
            yield ("," if n else "") + _encode(key) + ":"
            yield from _json_pieces(value[key])
        yield "}"
    elif isinstance(value, Iterator) or (isinstance(value, list) and len(value) > BATCH):
        items = iter(value)
        yield "["
        for n, batch in enumerate(iter(lambda: list(itertools.islice(items, BATCH)), [])):
            yield ("," if n else "") + ",".join(map(_encode, batch))
        yield "]"
    else:
        yield _encode(value)


def _large(value: dict[str, Any]) -> bool:
    """Whether :func:`_json_pieces` splits a mapping: many entries, or an iterator, a long list
    or such a mapping in it."""
    if len(value) > BATCH:
        return True
    return any(
        isinstance(v, Iterator) or (isinstance(v, list) and len(v) > BATCH) or (isinstance(v, dict) and _large(v))
        for v in value.values()
    )


def book_facts(book: BookCard) -> str:
    """Edition, year, publisher, pages and ISBN on one line."""
    return " · ".join(book.facts(edition="Edition: {}"))


def document_title(view: PlanView) -> str:
    return f"Study plan: {view.title}" + (f", for {view.mentee}" if view.mentee else "")


def document_subject(view: PlanView) -> str:
    return (
        f"Reading plan for {view.title}: {hours_text(view.total_minutes)} over {view.weeks_count} weeks,"
        f" {view.hours_per_week_text} a week, {view.start.isoformat()} to {view.end.isoformat()}"
    )


def render(job: PlanJob) -> Iterator[str]:
    """The plan's HTML page (the renderer 'html'), in pieces as they are made."""
    return page_pieces(job.view, file_stem=job.file_stem, paper=job.paper, created=job.created)


def render_html(
    view: PlanView,
    *,
    file_stem: str,
    paper: str = "a4",
    for_print: bool = False,
    created: datetime | None = None,
) -> str:
    """The page. ``for_print`` gives the PDF variant: boxes to tick by hand, no script.

    ``created`` (from SOURCE_DATE_EPOCH) is the only date of the making that is written.
    """
    return "".join(page_pieces(view, file_stem=file_stem, paper=paper, for_print=for_print, created=created))


def page_pieces(
    view: PlanView,
    *,
    file_stem: str,
    paper: str = "a4",
    for_print: bool = False,
    created: datetime | None = None,
) -> Iterator[str]:
    """The page of :func:`render_html` in pieces, made as they are taken."""
    from markupsafe import Markup

    css = _asset("pdf.css" if for_print else "plan.css") + f"\n@page {{ size: {PAPER_SIZES[paper]}; }}\n"
    script = _asset("plan.js")
    csp = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(script)}; img-src data:;"
        " base-uri 'none'; form-action 'none'"
    )
    template = _environment().get_template("plan.html.j2")
    return template.generate(
        view=view,
        print=for_print,
        csp=csp,
        css=Markup(css),  # noqa: S704 - the project's own stylesheet
        script=Markup(script),  # noqa: S704 - the project's own script
        graph_svg=Markup(graph_svg(view)),  # noqa: S704 - built by svg.py, which escapes every text
        timeline_svg=Markup(timeline_svg(view)),  # noqa: S704 - as above
        data=None if for_print else _data_block(view, file_stem),  # the script's; the PDF has no script
        doc_title=document_title(view),
        author="curriculum",
        subject=document_subject(view),
        created=created.strftime("%Y-%m-%dT%H:%M:%SZ") if created else None,
        day=day_text,
        facts=book_facts,
        hours=hours_text,
    )
