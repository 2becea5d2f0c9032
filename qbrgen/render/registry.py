"""The renderers, one module per format, picked by name: a new format is one module plus one entry here."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the names only: a no-op rebuild reads RENDERERS without loading the model
    from qbrgen.render.assets import Assets
    from qbrgen.sections.document import Document

# format -> (module, the document it renders, output file name)
RENDERERS = {
    "pptx": ("qbrgen.render.pptx", "deck", "qbr-deck.pptx"),
    "docx": ("qbrgen.render.docx", "proposal", "renewal-proposal.docx"),
    "pdf": ("qbrgen.render.pdf", "proposal", "renewal-proposal.pdf"),
    "md": ("qbrgen.render.markdown", "plan", "account-plan-INTERNAL.md"),
    # the renewal notice of a tech-touch account (qbr.length: none): one page, and an email-ready text
    "notice-pdf": ("qbrgen.render.pdf", "notice", "renewal-notice.pdf"),
    "notice-md": ("qbrgen.render.markdown", "notice", "renewal-notice.md"),
    "notice-html": ("qbrgen.render.notice_html", "notice", "renewal-notice.html"),
}


def render(fmt: str, document: Document, assets: Assets) -> bytes:
    """Return the bytes of ``document`` rendered as ``fmt``."""
    try:
        module_name = RENDERERS[fmt][0]
    except KeyError:
        raise ValueError(f"no renderer for format '{fmt}'; known: {', '.join(RENDERERS)}") from None
    from qbrgen.render.esign import neutralise  # only when a document is really rendered

    return importlib.import_module(module_name).render(neutralise(document), assets)


def render_mapped(fmt: str, document: Document, assets: Assets) -> tuple[bytes, tuple[tuple[int, ...], ...] | None]:
    """Return the bytes of ``document`` rendered as ``fmt`` and, where the renderer can tell (the deck), the
    numbers of the slides each part became, in the document's order; else None."""
    module = importlib.import_module(RENDERERS[fmt][0])
    if not hasattr(module, "render_mapped"):
        return render(fmt, document, assets), None
    from qbrgen.render.esign import neutralise

    return module.render_mapped(neutralise(document), assets)
