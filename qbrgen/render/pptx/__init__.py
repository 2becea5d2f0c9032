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
from qbrgen.render.zipnorm import PartCollector, normalize_zip, write_package
from qbrgen.sections.document import Document

__all__ = ["open_template", "render", "render_mapped", "warm_up"]


def warm_up() -> None:
    """Load the font metrics now (before workers fork)."""
    text_width("x", 10)
    text_width("x", 10, True)


def render(document: Document, assets: Assets) -> bytes:
    """Return the deck as .pptx bytes."""
    return render_mapped(document, assets)[0]


def render_mapped(document: Document, assets: Assets) -> tuple[bytes, tuple[tuple[int, ...], ...]]:
    """Return the deck as .pptx bytes and, for each part in the document's order, the numbers of the slides it
    became (none, one, or more when its table continues on the next slide)."""
    deck = Deck(document, assets)
    slides = []
    with measuring(deck.face, keep=(document.meta_value("customer"),)):  # a CJK name never breaks
        for part in document.parts:
            before = len(deck.prs.slides)
            deck.add_part(part)
            slides.append(tuple(range(before + 1, len(deck.prs.slides) + 1)))
    return save(deck.prs, assets), tuple(slides)


def save(prs, assets: Assets) -> bytes:
    """Return the presentation's reproducible .pptx bytes, zipped once (python-pptx's own writer lists the
    parts; :func:`write_package` zips them)."""
    from pptx.opc.serialized import PackageWriter

    package = prs.part.package
    try:
        writer = PackageWriter(None, package._rels, tuple(package.iter_parts()))
        collect = PartCollector()
        writer._write_content_types_stream(collect)
        writer._write_pkg_rels(collect)
        writer._write_parts(collect)
    except AttributeError:  # pragma: no cover - a python-pptx whose writer changed: save, then re-zip
        out = io.BytesIO()
        prs.save(out)
        return normalize_zip(out.getvalue(), assets.build_date)
    return write_package(collect.parts, assets.build_date)
