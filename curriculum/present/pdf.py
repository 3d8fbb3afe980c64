"""The plan as PDF: the print variant of the HTML page, laid out by WeasyPrint.

WeasyPrint may fetch nothing from outside the document: :class:`DataOnlyFetcher` serves
``data:`` URLs and refuses every other one. It subclasses WeasyPrint's ``URLFetcher``
because, in WeasyPrint 70, WeasyPrint reads the fetcher's ``_fail_on_errors`` attribute when
a fetch fails, so a plain function given as ``url_fetcher`` crashes the render on its first
refusal; a subclass's refusal (a ``ValueError``) only makes WeasyPrint skip the resource.

The PDF is byte-for-byte reproducible: WeasyPrint writes no dates unless the page carries
``dcterms.created`` (only with SOURCE_DATE_EPOCH), and the file identifier (``/ID``) is
derived from the HTML instead of being left out or made up.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

    from .job import PlanJob

_ALLOWED = ("data:",)


def _fetcher_class() -> type[Any]:
    from weasyprint.urls import URLFetcher

    class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Serves ``data:`` URLs only; every refused URL is kept in ``refused``."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False, fail_on_errors=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if not url.lower().startswith(_ALLOWED):
                self.refused.append(url)
                raise ValueError(f"curriculum fetches nothing from outside the document: {url}")
            return super().fetch(url, headers)

    return DataOnlyFetcher


def data_only_fetcher() -> Any:
    """A new fetcher that allows only ``data:`` URLs (see the module's doc)."""
    return _fetcher_class()()


class _Quiet(logging.Filter):
    """Keeps WeasyPrint's notes on CSS it ignores (screen-only properties) off the terminal."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


def render(job: PlanJob) -> bytes:
    """The plan as PDF (the renderer 'pdf'); each URL the fetcher refused adds a warning to the job."""
    from .html import render_html

    page = render_html(job.view, file_stem=job.file_stem, paper=job.paper, for_print=True, created=job.created)
    pdf, refused = render_pdf(page)
    job.warnings.extend(f"the PDF renderer refused to fetch {url}" for url in refused)
    return pdf


def render_pdf(html: str) -> tuple[bytes, list[str]]:
    """The PDF of ``html`` (the print variant) and the URLs the fetcher refused: by the child
    that imported WeasyPrint meanwhile (:mod:`.pdfchild`), or here when there is none."""
    from .pdfchild import current

    early = current()
    got = early.render(html) if early is not None else None
    return got if got is not None else render_here(html)


def render_here(html: str) -> tuple[bytes, list[str]]:
    """:func:`render_pdf` in this process."""
    from weasyprint import HTML

    fetcher = data_only_fetcher()
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    logger = logging.getLogger("weasyprint")
    quiet = _Quiet()
    logger.addFilter(quiet)
    try:
        document = HTML(string=html, url_fetcher=fetcher, media_type="print").render()
        pdf = document.write_pdf(pdf_identifier=identifier)
    finally:
        logger.removeFilter(quiet)
    assert isinstance(pdf, bytes)
    return pdf, list(fetcher.refused)
