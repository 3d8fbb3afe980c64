"""Writing a plan's files: HTML, PDF, Markdown, iCalendar and JSON.

Everything is rendered first, in memory; then each file is written to a temporary file
beside it and renamed over the target, so a failure or Ctrl-C leaves the files written
before intact and no half-written file behind. Names are ``<goal ids joined by +>`` plus
``-<mentee slug>`` when the plan is for someone.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import signal
import tempfile
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from .errors import OutputError, UsageError
from .planner import Plan

FORMATS = ("html", "pdf", "md", "ics", "json")
"""Every format, in the order files are written."""
DEFAULT_FORMATS = ("html", "pdf")
PAPERS = ("a4", "letter")


def parse_formats(text: str) -> tuple[str, ...]:
    """``'html,pdf'`` as ('html', 'pdf'): known formats only, each once, in FORMATS order."""
    wanted = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [w for w in wanted if w not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {', '.join(repr(u) for u in unknown)}; choose from {', '.join(FORMATS)}")
    if not wanted:
        raise UsageError(f"no format given; choose from {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in wanted)


def slugify(text: str) -> str:
    """A file-name-safe form of a name: 'Zoë O'Neil' -> 'zoe-o-neil'; letters of any script kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = re.sub(r"[^\w]+|_+", "-", kept.casefold(), flags=re.UNICODE).strip("-")
    return slug[:60].strip("-")


def file_stem(goals: Iterable[str], mentee: str | None) -> str:
    """``<goal ids joined by +>[-<mentee slug>]``."""
    stem = "+".join(goals)
    slug = slugify(mentee) if mentee else ""
    return f"{stem}-{slug}" if slug else stem


def regenerate_command(plan: Plan, *, mentee: str | None) -> str:
    """The shell command that makes this plan again (each argument quoted for the shell).

    Every choice of the request is spelled out, the start date included, and finished
    chapters (from --done or --progress) become --done options, so the command stands alone.
    """
    request = plan.request
    args = ["curriculum", "plan"]
    for goal in plan.goals:
        args += ["--goal", goal.id]
    if request.hours_per_week is not None:
        args += ["--hours", _number(request.hours_per_week)]
    if request.by is not None:
        args += ["--by", request.by.isoformat()]
    args += ["--start", request.start.isoformat()]
    for book, units in request.done.items():
        args += ["--done", _done_arg(plan, book, units)]
    for first, last in request.skip:
        args += ["--skip", f"{first.isoformat()}..{last.isoformat()}"]
    if request.pace != 1:
        args += ["--pace", _number(request.pace)]
    if request.parallel != 1:
        args += ["--parallel", str(request.parallel)]
    if request.whole_books:
        args.append("--whole-books")
    if request.optional:
        args.append("--optional")
    for book in request.prefer:
        args += ["--prefer", book]
    for point in request.know:
        args += ["--know", point]
    if request.from_zero:
        args.append("--from-zero")
    args += plan.catalog.origin.catalog_args()
    if mentee:
        args += ["--for", mentee]
    return " ".join(shlex.quote(a) for a in args)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _done_arg(plan: Plan, book: str, units: frozenset[int]) -> str:
    """``book`` or ``book:1-4,7``: runs of consecutive chapters as ranges."""
    numbers = [u.number for u in plan.catalog.books[book].units]
    if len(units) == len(numbers) or None in numbers:
        return book
    items: list[str] = []
    run: list[str] = []
    for index, number in enumerate([*numbers, None]):
        if index in units and number is not None:
            run.append(number)
            continue
        if run:
            ranged = len(run) > 1 and "-" not in run[0] + run[-1]
            items += [f"{run[0]}-{run[-1]}"] if ranged else run
            run = []
    return f"{book}:{','.join(items)}"


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC time, or None when unset (then no output carries a date of making)."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), tz=UTC)
    except (ValueError, OverflowError, OSError) as exc:
        raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds (got {value!r})") from exc


def render_all(
    plan: Plan, *, formats: Sequence[str], mentee: str | None, paper: str, command: str
) -> tuple[dict[str, bytes], list[str]]:
    """Every wanted format as bytes, by extension, and the warnings to show."""
    from .render.links import link_warnings
    from .render.model import build_view

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {', '.join(unknown)}")
    if paper not in PAPERS:
        raise UsageError(f"unknown paper size {paper!r}; choose from {', '.join(PAPERS)}")
    created = source_date()
    view = build_view(plan, mentee=mentee, command=command)
    stem = file_stem((g.id for g in plan.goals), view.mentee)
    warnings = link_warnings(plan)
    out: dict[str, bytes] = {}
    for fmt in FORMATS:
        if fmt not in formats:
            continue
        if fmt == "html":
            from .render.html import render_html

            out[fmt] = render_html(view, file_stem=stem, paper=paper, created=created).encode("utf-8")
        elif fmt == "pdf":
            from .render.html import render_html
            from .render.pdf import render_pdf

            page = render_html(view, file_stem=stem, paper=paper, for_print=True, created=created)
            out[fmt], refused = render_pdf(page)
            warnings += [f"the PDF renderer refused to fetch {url}" for url in refused]
        elif fmt == "md":
            from .render.markdown import render_markdown

            out[fmt] = render_markdown(view).encode("utf-8")
        elif fmt == "ics":
            from .render.ics import render_ics

            out[fmt] = render_ics(view, created=created)
        else:
            from .views import plan_to_dict

            out[fmt] = (json.dumps(plan_to_dict(plan), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return out, warnings


def write_outputs(
    plan: Plan,
    *,
    formats: Sequence[str],
    out_dir: Path,
    mentee: str | None,
    paper: str = "a4",
    command: str,
) -> tuple[list[Path], list[str]]:
    """Render ``formats`` and write them into ``out_dir``; returns the paths written and warnings.

    Raises :class:`OutputError` naming the path when the folder cannot be made or written.
    """
    rendered, warnings = render_all(plan, formats=formats, mentee=mentee, paper=paper, command=command)
    stem = file_stem((g.id for g in plan.goals), mentee)
    _make_folder(out_dir)
    written = []
    for fmt, data in rendered.items():
        path = out_dir / f"{stem}.{fmt}"
        write_atomic(path, data)
        written.append(path)
    return written, warnings


def _make_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"cannot write into {folder}: it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create the folder {folder}: {exc.strerror or exc}") from exc


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM for the duration; raise them again once it is over.

    A kill that arrives while a file is written then takes effect after the file is complete
    (or its temporary file removed): by default SIGTERM ends the process at once, with no
    cleanup, and Ctrl-C could strike between making the temporary file and its removal.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers, and only it receives signals
        return
    caught: list[int] = []
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, lambda signum, _frame: caught.append(signum))
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it and a rename.

    On any failure the temporary file is removed and ``path`` is untouched; SIGINT and SIGTERM
    are held until the file is complete (see :func:`_signals_held`).
    """
    with _signals_held():
        _write_atomic(path, data)


def _write_atomic(path: Path, data: bytes) -> None:
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
