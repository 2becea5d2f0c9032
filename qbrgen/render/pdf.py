"""PDF renderer: the renewal proposal as HTML (:mod:`qbrgen.render.pdf_html`) printed by WeasyPrint.

The only module that imports WeasyPrint. Every fetch goes through :class:`LocalFetcher`: only
``data:`` URLs and regular files inside the allowed folders (the workspace, the account's folder,
the package templates) are read; anything else stops the build with a clear message. WeasyPrint
logs a failed image and carries on; here its error records fail the build instead.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import mimetypes
import os
import warnings
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

from qbrgen.brandkit import fonts
from qbrgen.errors import RenderError
from qbrgen.render import pdf_fonts
from qbrgen.render.assets import Assets, templates_dir
from qbrgen.render.pdf_html import _VIRTUAL, _css_name, _record, inside, render_html, virtual_url
from qbrgen.render.pdf_language import cjk_font, page_content
from qbrgen.render.textfit import measuring
from qbrgen.render.wordxml import page_line
from qbrgen.sections.document import Document

with warnings.catch_warnings():
    # Without the system HarfBuzz subsetter WeasyPrint warns on import (a DeprecationWarning); qbrgen
    # subsets fonts itself (pdf_fonts), so the warning says nothing to a user and must not become an error.
    warnings.simplefilter("ignore", DeprecationWarning)
    from weasyprint import CSS, HTML
    from weasyprint.pdf import fonts as _weasy_fonts
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

VARIANTS = {"plain": None, "pdf/a-3b": "pdf/a-3b", "pdf/ua-1": "pdf/ua-1"}  # ours -> WeasyPrint's pdf_variant


class FetchRefused(FatalURLFetchingError):
    """A reference to something outside the allowed local files."""


class LocalFetcher(URLFetcher):
    """Fetch only ``data:`` URLs and regular files under ``roots``; follow no redirects; record every call."""

    def __init__(self, roots: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, fail_on_errors=True)
        self.roots = tuple(r.resolve() for r in roots)
        self.calls: list[str] = []
        self.files: dict[Path, None] = {}  # every local file read, in order

    def fetch(self, url, headers=None):
        self.calls.append(url)
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise FetchRefused(f"refused to fetch '{_short(url)}': only local files inside the workspace are used")
        parsed = urlparse(url)
        if parsed.netloc not in ("", "localhost"):
            raise FetchRefused(f"refused to fetch '{_short(url)}': not a local file")
        path = (self._real(parsed.path) or Path(url2pathname(unquote(parsed.path)))).resolve()
        if not inside(path, self.roots):
            raise FetchRefused(f"refused to read '{path}': it is outside the workspace and qbrgen's templates")
        if not path.is_file():
            raise FetchRefused(f"file not found: '{path}'")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.files[path] = None
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})


    def _real(self, url_path: str) -> Path | None:
        """Return the file a virtual URL path (/qbrgen-root-N/...) names, or None for any other path."""
        found = _VIRTUAL.fullmatch(url_path)
        if found is None or int(found.group(1)) >= len(self.roots):
            return None
        return self.roots[int(found.group(1))] / url2pathname(unquote(found.group(2)))


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@lru_cache(maxsize=1)
def _fonts() -> FontConfiguration:
    return FontConfiguration()  # one per worker: font configuration is costly to build


ENGLISH_PAGE_LINE = ("Page ", "{page}", " of ", "{pages}")
_PAGE_CONTENT = 'content: "Page " counter(page) " of " counter(pages);'
_FAMILY_TAIL = '"qbrgen carlito", sans-serif;'


@lru_cache(maxsize=8)
def _stylesheet(path: str, roots: tuple[Path, ...], page_line: tuple[str, ...] = ENGLISH_PAGE_LINE,
                cjk: str | None = None) -> CSS:
    """Return the parsed stylesheet, its page-number line in the document's language (``page_line``: text and
    the {page} / {pages} places) and, for East Asian text, the ``cjk`` font after the brand's; parsed once per
    worker and language, not once per document."""
    fetcher = LocalFetcher(roots)
    if page_line == ENGLISH_PAGE_LINE and cjk is None:
        return CSS(filename=path, url_fetcher=fetcher, font_config=_fonts())
    text = Path(path).read_text(encoding="utf-8")
    text = text.replace(_PAGE_CONTENT, f"content: {page_content(page_line)};")
    if cjk:
        text = text.replace(_FAMILY_TAIL, f'"qbrgen carlito", "{_css_name(cjk)}", sans-serif;')
    return CSS(string=text, base_url=path, url_fetcher=fetcher, font_config=_fonts())


def warm_up() -> None:
    """Build the font configuration and parse the stylesheet now (before workers fork)."""
    root = templates_dir()
    _stylesheet(str(root / "proposal" / "proposal.css"), (root,))
    _fonts()


_WEASY_SUBSET = _weasy_fonts.Font.subset


def _subset_font(font, to_unicode, hinting) -> None:
    """WeasyPrint's Font.subset, done by :mod:`qbrgen.render.pdf_fonts` (the same on every machine, cached)."""
    if not to_unicode:
        return
    data = pdf_fonts.subset(font.file_content, font.index, to_unicode, hinting, bool(font.missing))
    if data is None:  # pragma: no cover - a font HarfBuzz cannot subset: WeasyPrint's own way
        _WEASY_SUBSET(font, to_unicode, hinting)
    else:
        font.file_content = data


@contextlib.contextmanager
def _our_subsetter():
    """Subset the PDF's fonts with pdf_fonts while WeasyPrint writes one PDF (whatever the system has)."""
    _weasy_fonts.Font.subset = _subset_font
    try:
        yield
    finally:
        _weasy_fonts.Font.subset = _WEASY_SUBSET


def render(document: Document, assets: Assets, fetcher: LocalFetcher | None = None) -> bytes:
    """Return the proposal as PDF bytes."""
    locale = document.meta_value("locale", "en_US")
    with measuring(fonts.face(assets.theme.font)):
        html = render_html(document, assets)
    cjk = cjk_font(html, locale)
    roots = assets.roots or (templates_dir(),)
    fetcher = fetcher or LocalFetcher(roots)
    css = _stylesheet(str(templates_dir() / "proposal" / "proposal.css"), (templates_dir(),), page_line(), cjk)
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        variant = _variant(assets.pdf_variant)
        base = virtual_url(_base_dir(assets), fetcher.roots)
        with _source_date(assets.build_date), _our_subsetter(), warnings.catch_warnings():
            # WeasyPrint leaves its sRGB profile file for the garbage collector to close (PDF/A only)
            warnings.simplefilter("ignore", ResourceWarning)
            pdf = HTML(string=html, base_url=base, url_fetcher=fetcher).write_pdf(
                stylesheets=[css], font_config=_fonts(), uncompressed_pdf=False, **variant)
            if variant:
                gc.collect()
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise RenderError(f"PDF proposal: {cause}") from None
    finally:
        logger.removeHandler(handler)
    if handler.messages:
        raise RenderError("PDF proposal: " + "; ".join(dict.fromkeys(handler.messages)))
    _record(assets, fetcher.files)
    return pdf


def _variant(name: str) -> dict:
    """Return WeasyPrint's options for one of our PDF variants (a tagged PDF for PDF/UA)."""
    try:
        variant = VARIANTS[name]
    except KeyError:
        raise RenderError(f"unknown PDF variant '{name}'; known: {', '.join(VARIANTS)}") from None
    return {"pdf_variant": variant, "pdf_tags": variant == "pdf/ua-1"} if variant else {}


def _base_dir(assets: Assets) -> Path:
    return assets.html_template.parent if assets.html_template else templates_dir() / "proposal"


@contextlib.contextmanager
def _source_date(date: dt.date):
    """Stamp fonts subset by fontTools with the build date instead of the clock."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(date, dt.time(0), dt.UTC).timestamp()))
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old
