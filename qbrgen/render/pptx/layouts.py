"""Templates and layouts: the blank built-in deck or a team's template, which layout serves which slide,
and the area content may use on it.

With a team template, layouts are chosen by placeholder role (title, body, picture), with layout
names only as a hint; the content area is the body placeholders' area less what the layout and master
draw there (:mod:`.brand`), and the layouts the template's own sample slides use are preferred.
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
from qbrgen.render.pptx.brand import Brand
from qbrgen.render.pptx.fit import Box
from qbrgen.render.pptx.shapes import PT
from qbrgen.render.zipnorm import template_bytes

SLIDE_W, SLIDE_H = 960.0, 540.0  # 16:9 in points
TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
BODY_TYPES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}
TITLE_BAND = 66.0  # where a layout has no title placeholder, our title takes this much of the content area
MARK_H = 32.0  # the internal marking's strip below the content: a clear gap, then the chip


def open_template(path: Path | None):
    """Return (presentation, is_custom): the team's template with its slides removed, or a blank 16:9."""
    prs, custom, _ = open_with_samples(path)
    return prs, custom


def open_with_samples(path: Path | None):
    """Return (presentation, is_custom, part names of the layouts the template's own slides used)."""
    if path is None:
        prs = Presentation()
        prs.slide_width, prs.slide_height = Emu(int(SLIDE_W * PT)), Emu(int(SLIDE_H * PT))
        return prs, False, frozenset()
    try:
        prs = Presentation(io.BytesIO(template_bytes(str(path), path.stat().st_mtime)))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateError(f"cannot use the deck template {path}: {exc}") from None
    # the layouts of the sample slides after the first (the cover): what the brand shows its content on
    samples = frozenset(str(slide.slide_layout.part.partname) for slide in list(prs.slides)[1:])
    slide_ids = prs.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public slide removal
    for sld_id in list(slide_ids):
        prs.part.drop_rel(sld_id.rId)
        slide_ids.remove(sld_id)
    if not len(prs.slide_layouts):
        raise TemplateError(f"the deck template {path} has no slide layouts")
    return prs, True, samples


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


def _score(layout, role: str, brand: Brand) -> float:
    """Return how well ``layout`` serves ``role`` (title, content, section): placeholders and the free area
    first, the layouts the template's own sample slides use next, names last."""
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
        title = brand.title_rect(layout)
        usable = brand.space(layout).usable
        score += 10 * usable + 4 * has_title - (20 if usable < 0.2 else 0)
        score += 5 * brand.used_by_samples(layout) + 1.5 * (brand.branded(layout) and usable >= 0.35)
        score -= 4 * (sum(t in BODY_TYPES for t in types) > 4)  # a grid of many small text boxes
        if title is not None and title.y > 0.3 * brand.h:
            score -= 6  # a title in the middle of the slide: a section header, not a content layout
        score += 1 * any(h in name for h in ("title and content", "content", "本文", "汎用"))
        score -= 5 * (PP_PLACEHOLDER.CENTER_TITLE in types) + 3 * any(h in name for h in ("section", "表紙"))
    return score


class Layouts:
    """The layout each slide role uses, chosen once per deck, and the content area of a layout."""

    def __init__(self, prs, custom: bool, samples: frozenset[str] = frozenset(), internal: bool = False):
        self.prs = prs
        self.custom = custom
        self.brand = Brand(prs, samples) if custom else None
        self.internal = internal
        self.w = prs.slide_width / PT
        self.h = prs.slide_height / PT
        self._chosen: dict[str, object] = {}
        self._cloneable: dict[str, tuple] = {}

    def layout(self, role: str):
        """Return the layout for ``role`` (title, section, content)."""
        if role not in self._chosen:
            layouts = list(self.prs.slide_layouts)
            if not self.custom:
                self._chosen[role] = layouts[6]  # the default template's Blank layout; we draw everything
            else:
                self._chosen[role] = max(
                    layouts, key=lambda lay: (_score(lay, role, self.brand), -layouts.index(lay)))
        return self._chosen[role]

    def cloneable(self, layout) -> tuple:
        """Return the placeholders of ``layout`` a new slide on it starts with (python-pptx's choice)."""
        key = str(layout.part.partname)
        if key not in self._cloneable:
            self._cloneable[key] = tuple(layout.iter_cloneable_placeholders())
        return self._cloneable[key]

    def content_box(self, layout) -> Box:
        """Return the area content may use on ``layout``."""
        if not self.custom:
            return Box(40, 122, self.w - 80, self.h - 122 - 44)  # below a two-line action title
        b = self.brand.space(layout).box
        mark = MARK_H if self.internal else 0.0  # room for the internal marking below
        top = TITLE_BAND if self.brand.title_rect(layout) is None else 0.0  # our own title goes on top
        return Box(b.x, b.y + top, b.w, max(40.0, b.h - mark - top))
