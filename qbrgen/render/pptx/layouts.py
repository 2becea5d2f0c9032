"""Templates and layouts: the blank built-in deck or a team's template, which layout serves which slide,
and the area content may use on it.

With a team template, layouts are chosen by placeholder role (title, body, picture), with layout
names only as a hint, and content is drawn inside the body placeholders' area.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.util import Emu

from qbrgen.errors import TemplateError
from qbrgen.render.pptx.fit import Box
from qbrgen.render.pptx.shapes import PT
from qbrgen.render.zipnorm import template_bytes

SLIDE_W, SLIDE_H = 960.0, 540.0  # 16:9 in points
TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
BODY_TYPES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}


def open_template(path: Path | None):
    """Return (presentation, is_custom): the team's template with its slides removed, or a blank 16:9."""
    if path is None:
        prs = Presentation()
        prs.slide_width, prs.slide_height = Emu(int(SLIDE_W * PT)), Emu(int(SLIDE_H * PT))
        return prs, False
    try:
        prs = Presentation(io.BytesIO(template_bytes(str(path), path.stat().st_mtime)))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateError(f"cannot use the deck template {path}: {exc}") from None
    slide_ids = prs.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public slide removal
    for sld_id in list(slide_ids):
        prs.part.drop_rel(sld_id.rId)
        slide_ids.remove(sld_id)
    if not len(prs.slide_layouts):
        raise TemplateError(f"the deck template {path} has no slide layouts")
    return prs, True


def prepare_package(prs) -> None:
    """Make ``prs``'s package quick to add parts to, and drop its preview picture."""
    package = prs.part.package
    package.next_partname = _PartNames(package)
    _drop_thumbnail(package)


def _drop_thumbnail(package) -> None:
    """Remove the package's preview picture: python-pptx's is a blank page and a template's shows its
    sample slide. Without one, file browsers show the file's icon, and PowerPoint makes a new one on save."""
    rels = package._rels  # noqa: SLF001 - python-pptx has no public package-level relationships
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        package.drop_rel(r_id)


class _PartNames:
    """A package's ``next_partname`` that remembers the names taken instead of walking every part.

    python-pptx finds a free name (notes slide, chart, workbook) by visiting the whole package each
    time; a deck adds dozens of such parts, so that walk was a tenth of the deck's time. Every name
    this hands out is used at once for a new part, so it is added to the set.
    """

    def __init__(self, package):
        self.package = package
        self.taken: set[str] | None = None

    def __call__(self, template: str) -> PackURI:
        if self.taken is None:
            self.taken = {str(part.partname) for part in self.package.iter_parts()}
        n = 1
        while template % n in self.taken:
            n += 1
        self.taken.add(template % n)
        return PackURI(template % n)


def ph_type(ph):
    """Return the placeholder type of ``ph``, or None when it has none."""
    try:
        return ph.placeholder_format.type
    except ValueError:
        return None


def _geometry(layout, slide_w: float, slide_h: float):
    """Return (title placeholder, content Box, usable fraction of the slide) of a content layout.

    The content area is the union of the body placeholders below the title; when they are too
    small (or absent), it is the band between the title and the bottom margin.
    """
    phs = list(layout.placeholders)
    title = next((p for p in phs if ph_type(p) in TITLE_TYPES and p.top is not None), None)
    title_bottom = (title.top + title.height) / PT if title is not None else 0.0
    bodies = [p for p in phs if ph_type(p) in BODY_TYPES and p.top is not None and p.top / PT >= title_bottom - 4]
    margin = 0.045 * slide_w
    box = None
    if bodies:
        x0 = min(p.left for p in bodies) / PT
        y0 = min(p.top for p in bodies) / PT
        x1 = max(p.left + p.width for p in bodies) / PT
        y1 = max(p.top + p.height for p in bodies) / PT
        box = Box(x0, y0, x1 - x0, y1 - y0)
        if box.w < 0.4 * slide_w or box.h < 0.35 * slide_h:
            box = None
    if box is None:
        top = title_bottom + 10 if title is not None else 0.2 * slide_h
        box = Box(margin, top, slide_w - 2 * margin, max(0.0, slide_h - top - 0.08 * slide_h))
    return title, box, (box.w * box.h) / (slide_w * slide_h)


def _score(layout, role: str, slide_w: float, slide_h: float) -> float:
    """Return how well ``layout`` serves ``role`` (title, content, section): placeholders first, name second."""
    phs = list(layout.placeholders)
    types = [ph_type(p) for p in phs]
    name = (layout.name or "").lower()
    has_title = any(t in TITLE_TYPES for t in types)
    score = 0.0
    if role == "title":
        score += 10 * (PP_PLACEHOLDER.CENTER_TITLE in types) + 5 * (PP_PLACEHOLDER.SUBTITLE in types)
        score += 3 * has_title + 4 * any(h in name for h in ("title slide", "表紙", "cover", "title_slide"))
        score -= 3 * any(h in name for h in ("section", "content", "only"))
    elif role == "section":
        score += 5 * has_title + 6 * any(h in name for h in ("section", "セクション", "中扉", "divider"))
        score += 2 * (PP_PLACEHOLDER.CENTER_TITLE in types)
    else:
        title, _, usable = _geometry(layout, slide_w, slide_h)
        score += 10 * usable + 4 * has_title
        if title is not None and title.top / PT > 0.3 * slide_h:
            score -= 6  # a title in the middle of the slide: a section header, not a content layout
        score += 1 * any(h in name for h in ("title and content", "content", "本文", "汎用"))
        score -= 5 * (PP_PLACEHOLDER.CENTER_TITLE in types) + 3 * any(h in name for h in ("section", "表紙"))
    return score


class Layouts:
    """The layout each slide role uses, chosen once per deck, and the content area of a layout."""

    def __init__(self, prs, custom: bool):
        self.prs = prs
        self.custom = custom
        self.w = prs.slide_width / PT
        self.h = prs.slide_height / PT
        self._chosen: dict[str, object] = {}

    def layout(self, role: str):
        """Return the layout for ``role`` (title, section, content)."""
        if role not in self._chosen:
            layouts = list(self.prs.slide_layouts)
            if not self.custom:
                self._chosen[role] = layouts[6]  # the default template's Blank layout; we draw everything
            else:
                self._chosen[role] = max(
                    layouts, key=lambda lay: (_score(lay, role, self.w, self.h), -layouts.index(lay)))
        return self._chosen[role]

    def content_box(self, layout) -> Box:
        """Return the area content may use on ``layout``."""
        if not self.custom:
            return Box(40, 122, self.w - 80, self.h - 122 - 44)  # below a two-line action title
        return _geometry(layout, self.w, self.h)[1]
