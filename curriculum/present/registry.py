"""Every output of curriculum, registered once: what it renders, its file suffix, and its words.

:data:`RENDERERS` is the one list. The `--format` choices of `plan` and `graph`, their help,
their shell completion, the tables in docs/outputs.md and the tests' lists of formats all come
from it. A renderer is a function in a module of this package, named as ``"module:function"``
and imported only when it is used, so this table costs nothing to load (`curriculum --help`
reads it). A plan renderer takes a :class:`~curriculum.present.job.PlanJob`; a graph renderer
a :class:`~curriculum.present.graph.GraphView`. Either returns ``str`` (written as UTF-8),
for a binary format (the PDF) ``bytes``, or for a page too large to hold whole (the HTML) an
iterator of ``str`` pieces, made as they are taken: a file is written as it is rendered
(:func:`whole` joins them for those who want the text).

Adding a format: write its module with a ``render`` function, add its line below, and test it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Literal

from ..errors import UsageError

if TYPE_CHECKING:
    from .graph import GraphView
    from .job import PlanJob

Subject = Literal["plan", "graph"]

Rendered = str | bytes | Iterator[str]
"""What a renderer gives: text, bytes, or text in pieces."""


def whole(data: Rendered) -> str | bytes:
    """A renderer's text or bytes, its pieces joined."""
    return data if isinstance(data, str | bytes) else "".join(data)


class Renderer:
    """One output. A plain slotted class, not a dataclass: `curriculum --help` loads this table,
    and making a dataclass costs about a millisecond of its start-up."""

    __slots__ = ("description", "function", "name", "subject", "suffix")

    def __init__(self, name: str, subject: Subject, suffix: str | None, description: str, function: str) -> None:
        self.name = name
        self.subject = subject
        self.suffix = suffix
        self.description = description
        self.function = function

    name: str
    """What ``--format`` calls it."""
    subject: Subject
    """What it renders: a plan (`curriculum plan`) or the prerequisite graph (`curriculum graph`)."""
    suffix: str | None
    """The file suffix (a plan's files are written with it; a graph is printed, to be saved so).
    None for the one output that is printed only, never chosen by ``--format``: the plan as
    the terminal shows it."""
    description: str
    """What it holds, in a few words, for `--help` and the docs."""
    function: str
    """``"module:function"`` of this package."""

    def load(self) -> Callable[[Any], Rendered]:
        """The rendering function (its module is imported now)."""
        import importlib

        module, _, function = self.function.partition(":")
        found: Callable[[Any], Rendered] = getattr(importlib.import_module(f"{__package__}.{module}"), function)
        return found


RENDERERS = (
    Renderer("text", "plan", None, "the plan week by week, printed on the terminal", "terminal:render"),
    Renderer("html", "plan", "html", "one self-contained page: weeks with tick boxes, pictures, books", "html:render"),
    Renderer("pdf", "plan", "pdf", "the page laid out for paper", "pdf:render"),
    Renderer("md", "plan", "md", "Markdown task lists and the books, for GitHub or Notion", "markdown:render"),
    Renderer(
        "ics", "plan", "ics", "iCalendar: an event for each study session, updating earlier imports", "ics:render"
    ),
    Renderer("json", "plan", "json", "the plan as data, as `--json` prints it", "json:render"),
    Renderer(
        "csv",
        "plan",
        "csv",
        "a row per reading session: week, book, chapters, hours, day and time, minutes",
        "csv:render",
    ),
    Renderer("dot", "graph", "dot", "Graphviz DOT", "graph:to_dot"),
    Renderer("mermaid", "graph", "mmd", "a Mermaid flowchart", "graph:to_mermaid"),
    Renderer("svg", "graph", "svg", "a standalone SVG picture", "svg:render"),
    Renderer("json", "graph", "json", "JSON", "graph:to_json"),
)
"""Every renderer, a plan's files in the order they are written."""

ALIASES = {"markdown": "md", "ical": "ics", "icalendar": "ics"}
"""Other names `--format` takes for a plan's formats, as users write them."""

DEFAULT_FORMATS = ("html", "pdf")
"""The files `curriculum plan` writes when --format is not given."""


def renderers(subject: Subject, *, chosen: bool = True) -> tuple[Renderer, ...]:
    """The renderers of ``subject`` that ``--format`` chooses from; with ``chosen=False`` all of
    them (the plan's terminal text too)."""
    return tuple(r for r in RENDERERS if r.subject == subject and (r.suffix is not None or not chosen))


def names(subject: Subject) -> tuple[str, ...]:
    """The choices of ``--format`` for ``subject``."""
    return tuple(r.name for r in renderers(subject))


def find(subject: Subject, name: str) -> Renderer:
    """The renderer of ``subject`` called ``name``; :class:`UsageError` naming the choices if none is."""
    for renderer in renderers(subject, chosen=False):
        if renderer.name == name:
            return renderer
    raise UsageError(f"unknown format {name!r}; choose from {', '.join(names(subject))}")


def parse_formats(text: str) -> tuple[str, ...]:
    """`plan --format`'s ``'html,pdf'`` as ('html', 'pdf'): file formats only, each once, in the
    registry's order."""
    known = names("plan")
    wanted = [ALIASES.get(w, w) for w in (part.strip().lower() for part in text.split(",")) if w]
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise UsageError(f"unknown format {', '.join(repr(u) for u in unknown)}; choose from {', '.join(known)}")
    if not wanted:
        raise UsageError(f"no format given; choose from {', '.join(known)}")
    return tuple(f for f in known if f in wanted)


def render_plan(name: str, job: PlanJob) -> str | bytes:
    """The plan of ``job`` in the format ``name``."""
    return whole(find("plan", name).load()(job))


def render_graph(name: str, view: GraphView) -> str:
    """The graph ``view`` in the format ``name``."""
    text = find("graph", name).load()(view)
    assert isinstance(text, str)
    return text


def choices_text(subject: Subject) -> str:
    """The formats in words, for `--help`: 'Graphviz DOT, a Mermaid flowchart, ... or JSON'."""
    words = [r.description for r in renderers(subject)]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])}, or {words[-1]}"


def docs_table(subject: Subject) -> str:
    """The outputs of ``subject`` as a Markdown table, as docs/outputs.md shows them."""
    rows = ["| `--format` | suffix | what it holds |", "| --- | --- | --- |"]
    for r in renderers(subject, chosen=False):
        if r.suffix is None:
            rows.append(f"| (none) | | {r.description}, unless `--json` is given |")
        else:
            rows.append(f"| `{r.name}` | `.{r.suffix}` | {r.description} |")
    return "\n".join(rows)
