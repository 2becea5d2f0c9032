"""PPTX renderer: the QBR deck as an editable PowerPoint file with native charts and speaker notes.

The only package that imports python-pptx, one job per module: :mod:`.deck` walks the document
and builds slides, :mod:`.fit` measures and paginates, :mod:`.shapes` writes text boxes and tables
as XML, :mod:`.charts` makes native charts, :mod:`.layouts` opens a team template and picks its
layouts and content area.
"""

from __future__ import annotations

import io

from qbrgen.render.assets import Assets
from qbrgen.render.pptx.deck import Deck
from qbrgen.render.pptx.layouts import open_template
from qbrgen.render.textfit import measuring, text_width
from qbrgen.render.zipnorm import normalize_zip
from qbrgen.sections.document import Document

__all__ = ["open_template", "render", "warm_up"]


def warm_up() -> None:
    """Load the font metrics now (before workers fork)."""
    text_width("x", 10)
    text_width("x", 10, True)


def render(document: Document, assets: Assets) -> bytes:
    """Return the deck as .pptx bytes."""
    deck = Deck(document, assets)
    with measuring(deck.face):
        for part in document.parts:
            deck.add_part(part)
    out = io.BytesIO()
    deck.prs.save(out)
    return normalize_zip(out.getvalue(), assets.build_date)
