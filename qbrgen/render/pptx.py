"""PPTX renderer: the QBR deck as an editable PowerPoint file with native charts and speaker notes.

The only module that imports python-pptx. Layout works in points: each block is measured with
real font metrics (:mod:`qbrgen.render.textfit`); a slide's blocks shrink together down to a
floor, and what still does not fit continues on a "(continued)" slide (tables repeat their
header). With a team template, layouts are chosen by placeholder role (title, body, picture),
with layout names only as a hint, and content is drawn inside the body placeholder's area.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from xml.sax.saxutils import escape

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.util import Emu, Pt

from qbrgen.document import Bullets, Chart, Document, Metrics, Paragraph, Part, Signature, Table
from qbrgen.errors import TemplateError
from qbrgen.render import Assets
from qbrgen.render.textfit import clip, column_widths, text_height, text_width, wrap
from qbrgen.render.zipnorm import normalize_zip, template_bytes

PT = 12700  # EMU per point
SLIDE_W, SLIDE_H = 960.0, 540.0  # 16:9 in points
SCALES = (1.5, 1.3, 1.15, 1.0, 0.92, 0.85, 0.78, 0.72)  # grow into spare room first, then shrink to a floor
GAP = 12.0
CELL_PAD_X, CELL_PAD_Y = 5.0, 3.0
MIN_CHART_H = 170.0
CLIP = {"cell": 280, "bullet": 360, "paragraph": 700, "metric": 120}
BODY, TABLE, SMALL = 16.0, 12.0, 10.0
MUTED = RGBColor(0x5F, 0x6B, 0x7A)
INK = RGBColor(0x1E, 0x25, 0x2E)
LIGHT = RGBColor(0xF2, 0xF4, 0xF7)
BAND = RGBColor(0xF7, 0xF8, 0xFA)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
NO_STYLE = "{5940675A-B579-460E-94D1-54222C63F5DA}"  # the built-in "No Style, Table Grid": our own fills only
_NS = nsdecls("a", "p")
_ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.RIGHT: "r", PP_ALIGN.CENTER: "ctr"}
_ANCHOR = {MSO_ANCHOR.TOP: "t", MSO_ANCHOR.MIDDLE: "ctr", MSO_ANCHOR.BOTTOM: "b"}


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def warm_up() -> None:
    """Load the font metrics now (before workers fork)."""
    text_width("x", 10)
    text_width("x", 10, True)


def render(document: Document, assets: Assets) -> bytes:
    """Return the deck as .pptx bytes."""
    deck = _Deck(document, assets)
    for part in document.parts:
        deck.add_part(part)
    out = io.BytesIO()
    deck.prs.save(out)
    return normalize_zip(out.getvalue(), assets.build_date)


# -- template -------------------------------------------------------------------------------------


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


_TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}
_BODY_TYPES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT}


def _ph_type(ph):
    try:
        return ph.placeholder_format.type
    except ValueError:
        return None


def _area(ph) -> float:
    try:
        return float(ph.width or 0) * float(ph.height or 0)
    except (TypeError, ValueError):
        return 0.0


def _geometry(layout, slide_w: float, slide_h: float):
    """Return (title placeholder, content Box, usable fraction of the slide) of a content layout.

    The content area is the union of the body placeholders below the title; when they are too
    small (or absent), it is the band between the title and the bottom margin.
    """
    phs = list(layout.placeholders)
    title = next((p for p in phs if _ph_type(p) in _TITLE_TYPES and p.top is not None), None)
    title_bottom = (title.top + title.height) / PT if title is not None else 0.0
    bodies = [p for p in phs if _ph_type(p) in _BODY_TYPES and p.top is not None and p.top / PT >= title_bottom - 4]
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
    types = [_ph_type(p) for p in phs]
    name = (layout.name or "").lower()
    has_title = any(t in _TITLE_TYPES for t in types)
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


class _Deck:
    def __init__(self, document: Document, assets: Assets):
        self.doc = document
        self.assets = assets
        self.prs, self.custom = open_template(assets.deck_template)
        package = self.prs.part.package
        package.next_partname = _PartNames(package)
        _drop_thumbnail(package)
        self.w = self.prs.slide_width / PT
        self.h = self.prs.slide_height / PT
        self.primary = _rgb(assets.theme.primary)
        self.accent = _rgb(assets.theme.accent)
        self.font = None if self.custom else assets.theme.font
        self.page = 0
        self._layouts: dict[str, object] = {}
        self._set_properties()

    # -- properties
    def _set_properties(self) -> None:
        import datetime as dt

        props = self.prs.core_properties
        stamp = dt.datetime.combine(self.assets.build_date, dt.time(0, 0))
        props.title = clip(f"{self.doc.title}: {self.doc.meta_value('customer')}", 255)  # the format's limit
        props.author = clip(self.doc.meta_value("vendor"), 255)
        props.last_modified_by = "qbrgen"
        props.created = props.modified = props.last_printed = stamp
        props.revision = 1
        props.subject = clip(self.doc.subtitle, 255)
        props.keywords = "QBR" if self.doc.audience == "customer" else "QBR; INTERNAL"
        props.comments = ""

    # -- layouts
    def layout(self, role: str):
        if role not in self._layouts:
            layouts = list(self.prs.slide_layouts)
            if not self.custom:
                self._layouts[role] = layouts[6]  # the default template's Blank layout; we draw everything
            else:
                self._layouts[role] = max(
                    layouts, key=lambda lay: (_score(lay, role, self.w, self.h), -layouts.index(lay)))
        return self._layouts[role]

    def content_box(self, layout) -> Box:
        """Return the area content may use on ``layout``."""
        if not self.custom:
            return Box(40, 104, self.w - 80, self.h - 104 - 44)
        return _geometry(layout, self.w, self.h)[1]

    # -- parts
    def add_part(self, part: Part) -> None:
        if part.layout in ("title", "section", "closing"):
            self._cover(part)
            return
        layout = self.layout("content")
        box = self.content_box(layout)
        pages = paginate(part.blocks, box.w, box.h)
        for n, (blocks, scale) in enumerate(pages):
            title = part.title + (" (continued)" if n else "")
            notes = self.doc.speaker_notes(part)
            notes = notes if not n else f"(continued) {notes}"
            self._content_slide(layout, title, blocks, scale, notes, part.subtitle)

    def _new_slide(self, layout):
        self.page += 1
        return self.prs.slides.add_slide(layout)

    def _notes(self, slide, text: str) -> None:
        slide.notes_slide.notes_text_frame.text = text or " "

    def _cover(self, part: Part) -> None:
        role = "title" if part.layout == "title" else "section"
        layout = self.layout(role)
        slide = self._new_slide(layout)
        if self.custom:
            self._cover_custom(slide, part)
        else:
            self._cover_default(slide, part)
        self._notes(slide, self.doc.speaker_notes(part))

    def _cover_default(self, slide, part: Part) -> None:
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Emu(int(self.w * PT)), Emu(int(self.h * PT)))
        band.fill.solid()
        band.fill.fore_color.rgb = self.primary
        band.line.fill.background()
        bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _e(60), _e(self.h * 0.5 - 6), _e(90), _e(6))
        bar.fill.solid()
        bar.fill.fore_color.rgb = self.accent
        bar.line.fill.background()
        width = self.w - 120
        size = _fit_size(part.title, width, 120, 40, 24, bold=True)
        self._text(slide, Box(60, self.h * 0.5 - 140, width, 124), _clip_to(part.title, width, 120, size, True),
                   size, bold=True, color=WHITE, anchor=MSO_ANCHOR.BOTTOM, name="qbrgen:title")
        if part.subtitle:
            sub = _fit_size(part.subtitle, width, 70, 20, 12)
            self._text(slide, Box(60, self.h * 0.5 + 16, width, 70), _clip_to(part.subtitle, width, 70, sub, False),
                       sub, color=WHITE)
        self._logos(slide, Box(self.w - 300, 30, 260, 60))

    def _cover_custom(self, slide, part: Part) -> None:
        title = subtitle = None
        for ph in list(slide.placeholders):
            t = _ph_type(ph)
            if t in _TITLE_TYPES and title is None:
                title = ph
            elif t in (PP_PLACEHOLDER.SUBTITLE, *_BODY_TYPES) and subtitle is None:
                subtitle = ph
            elif t == PP_PLACEHOLDER.PICTURE and self._logo() is not None:
                ph.insert_picture(str(self._logo()))
            else:
                ph.element.getparent().remove(ph.element)
        if title is not None:
            self._fill_placeholder(title, part.title, 40, 20, bold=True)
        else:
            size = _fit_size(part.title, self.w - 80, 100, 36, 20, True)
            self._text(slide, Box(40, self.h * 0.35, self.w - 80, 100),
                       _clip_to(part.title, self.w - 80, 100, size, True), size, bold=True, name="qbrgen:title")
        if subtitle is not None:
            if part.subtitle:
                self._fill_placeholder(subtitle, part.subtitle, 20, 11)
            else:
                subtitle.element.getparent().remove(subtitle.element)
        elif part.subtitle:
            size = _fit_size(part.subtitle, self.w - 80, 60, 18, 11)
            self._text(slide, Box(40, self.h * 0.55, self.w - 80, 60),
                       _clip_to(part.subtitle, self.w - 80, 60, size, False), size)

    def _logo(self) -> Path | None:
        return self.assets.vendor_logo or self.assets.customer_logo

    def _logos(self, slide, box: Box) -> None:
        logos = [p for p in (self.assets.customer_logo, self.assets.vendor_logo) if p is not None]
        x = box.x + box.w
        for path in logos:
            pic = slide.shapes.add_picture(str(path), 0, 0, height=_e(box.h))
            if pic.width > _e(box.w / 2):
                ratio = (box.w / 2) / (pic.width / PT)
                pic.width, pic.height = _e(box.w / 2), _e(box.h * ratio)
            x -= pic.width / PT
            pic.left, pic.top = _e(x), _e(box.y)
            x -= 16

    def _fill_placeholder(self, ph, text: str, start: float, floor: float, bold: bool = False) -> None:
        w, h = ph.width / PT - 14.4, ph.height / PT - 7.2
        size = _fit_size(text, w, h, start, floor, bold)
        text = _clip_to(text, w, h, size, bold)
        tf = ph.text_frame
        tf.text = text
        tf.word_wrap = True
        for p in tf.paragraphs:
            for r in p.runs:
                r.font.size = Pt(size)
                if bold:
                    r.font.bold = True

    def _content_slide(self, layout, title: str, blocks, scale: float, notes: str, subtitle: str) -> None:
        slide = self._new_slide(layout)
        box = self.content_box(layout)
        title_ph = None
        for ph in list(slide.placeholders):
            if _ph_type(ph) in _TITLE_TYPES and title_ph is None:
                title_ph = ph
            else:
                ph.element.getparent().remove(ph.element)
        if title_ph is not None:
            self._fill_placeholder(title_ph, title, 30, 16, bold=False)
        else:
            top = 28 if not self.custom else 0.05 * self.h
            tb = Box(40 if not self.custom else box.x, top, self.w - 80 if not self.custom else box.w, 56)
            size = _fit_size(title, tb.w, tb.h, 28, 16, bold=True)
            title = _clip_to(title, tb.w, tb.h, size, True)
            self._text(slide, tb, title, size, bold=True, color=self.primary if not self.custom else None,
                       name="qbrgen:title")
            if not self.custom:
                bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _e(40), _e(88), _e(60), _e(4))
                bar.fill.solid()
                bar.fill.fore_color.rgb = self.accent
                bar.line.fill.background()
        if not self.custom:
            mark = " · INTERNAL: not for the customer" if self.doc.audience == "internal" else ""
            footer = _clip_to(f"{self.doc.meta_value('customer')} · {self.doc.title}{mark}", self.w - 160, 18, 9, False)
            self._text(slide, Box(40, self.h - 34, self.w - 160, 18), footer, 9, color=MUTED)
            self._text(slide, Box(self.w - 100, self.h - 34, 60, 18), str(self.page), 9, color=MUTED,
                       align=PP_ALIGN.RIGHT)
        self._draw_blocks(slide, blocks, box, scale)
        self._notes(slide, notes)

    # -- blocks
    def _draw_blocks(self, slide, blocks, box: Box, scale: float) -> None:
        heights = [block_height(b, box.w, scale) for b in blocks]
        fixed = sum(h for b, h in zip(blocks, heights, strict=True) if not isinstance(b, Chart))
        charts = [b for b in blocks if isinstance(b, Chart)]
        spare = box.h - fixed - GAP * (len(blocks) - 1)
        chart_h = max(MIN_CHART_H, spare / len(charts)) if charts else 0
        y = box.y
        for block, h in zip(blocks, heights, strict=True):
            if isinstance(block, Chart):
                h = min(chart_h, box.y + box.h - y)
            area = Box(box.x, y, box.w, h)
            self._draw(slide, block, area, scale)
            y += h + GAP

    def _draw(self, slide, block, area: Box, scale: float) -> None:
        if isinstance(block, Paragraph):
            size = _para_size(block) * scale
            color = MUTED if block.style == "muted" else (self.primary if block.style == "lead" else INK)
            self._text(slide, area, clip(block.text, CLIP["paragraph"]), size, bold=block.style == "lead",
                       color=None if self.custom else color)  # a team template's own text colour suits its background
        elif isinstance(block, Bullets):
            self._bullets(slide, block, area, scale)
        elif isinstance(block, Metrics):
            self._metrics(slide, block, area, scale)
        elif isinstance(block, Table):
            self._table(slide, block, area, scale)
        elif isinstance(block, Chart):
            self._chart(slide, block, area, scale)
        elif isinstance(block, Signature):  # pragma: no cover - not used in decks
            self._text(slide, area, " / ".join(block.parties), BODY * scale)

    def _text(self, slide, box: Box, text: str, size: float, bold: bool = False, color=None,
              align=None, anchor=MSO_ANCHOR.TOP, name: str = "qbrgen:text") -> None:
        run = self._rpr(size, bold, color)
        ppr = f'<a:pPr algn="{_ALIGN[align]}"/>' if align is not None else ""
        paragraphs = "".join(f"<a:p>{ppr}<a:r>{run}<a:t>{_xml_text(line)}</a:t></a:r></a:p>"
                             for line in text.split("\n"))
        self._add_textbox(slide, box, name, _ANCHOR[anchor], paragraphs)

    def _rpr(self, size: float, bold: bool = False, color=None) -> str:
        """Return the run properties (``a:rPr``) of text at ``size`` points in the deck's font."""
        fill = f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color is not None else ""
        latin = f'<a:latin typeface="{_xml_attr(self.font)}"/>' if self.font else ""
        return f'<a:rPr sz="{Pt(round(size, 1)).centipoints}" b="{int(bold)}">{fill}{latin}</a:rPr>'

    @staticmethod
    def _add_textbox(slide, box: Box, name: str, anchor: str, paragraphs: str) -> None:
        """Add a text box of ready-made paragraphs: no autofit, no insets, wrapping at the box's width.

        The shape is written as XML in one piece: python-pptx's per-property setters cost several
        times more, and a deck has hundreds of runs.
        """
        shapes = slide.shapes
        shape_id = shapes._next_shape_id  # noqa: SLF001 - the id python-pptx would give the shape
        sp = parse_xml(
            f'<p:sp {_NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{_xml_attr(name)}"/><p:cNvSpPr txBox="1"/>'
            f"<p:nvPr/></p:nvSpPr><p:spPr>{_xfrm(box.x, box.y, box.w, box.h)}"
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody>'
            f'<a:bodyPr wrap="square" lIns="0" rIns="0" tIns="0" bIns="0" anchor="{anchor}"><a:noAutofit/>'
            f"</a:bodyPr><a:lstStyle/>{paragraphs}</p:txBody></p:sp>")
        shapes._spTree.insert_element_before(sp, "p:extLst")  # noqa: SLF001

    def _bullets(self, slide, block: Bullets, area: Box, scale: float) -> None:
        run = self._rpr(BODY * scale, color=None if self.custom else INK)
        indent = int(_indent(scale) * PT)
        bullet = ('<a:buAutoNum type="arabicPeriod"/>' if block.numbered
                  else '<a:buFont typeface="Arial"/><a:buChar char="\u2022"/>')
        paragraphs = []
        for i, item in enumerate(block.items):
            before = Pt(0 if i == 0 else 6 * scale).centipoints
            paragraphs.append(
                f'<a:p><a:pPr marL="{indent}" indent="{-indent}"><a:spcBef><a:spcPts val="{before}"/></a:spcBef>'
                f"{bullet}</a:pPr><a:r>{run}<a:t>{_xml_text(clip(item, CLIP['bullet']))}</a:t></a:r></a:p>")
        self._add_textbox(slide, area, "qbrgen:bullets", "t", "".join(paragraphs))

    def _metrics(self, slide, block: Metrics, area: Box, scale: float) -> None:
        n = len(block.items)
        card_w = (area.w - GAP * (n - 1)) / n
        for i, m in enumerate(block.items):
            x = area.x + i * (card_w + GAP)
            card = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _e(x), _e(area.y), _e(card_w), _e(area.h))
            card.fill.solid()
            card.fill.fore_color.rgb = LIGHT
            card.line.fill.background()
            stripe = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, _e(x), _e(area.y), _e(4), _e(area.h))
            stripe.fill.solid()
            stripe.fill.fore_color.rgb = self.accent
            stripe.line.fill.background()
            inner = card_w - 28
            vsize, lsize, dsize = _metric_sizes(m, inner, scale)
            y = area.y + 8 * scale
            value = clip(m.value, CLIP["metric"])
            vh = text_height(value, inner, vsize, True)
            self._text(slide, Box(x + 16, y, inner, vh), value, vsize, bold=True, color=self.primary)
            y += vh + 2
            label = clip(m.label, CLIP["metric"])
            lh = text_height(label, inner, lsize, True)
            self._text(slide, Box(x + 16, y, inner, lh), label, lsize, bold=True, color=INK)
            y += lh
            if m.detail:
                detail = clip(m.detail, CLIP["metric"])
                self._text(slide, Box(x + 16, y, inner, text_height(detail, inner, dsize)), detail, dsize, color=MUTED)

    def _table(self, slide, block: Table, area: Box, scale: float) -> None:
        size = TABLE * scale
        widths = _col_widths(block, area.w, size)
        rows = [block.columns, *block.rows]
        heights = _row_heights(block, widths, size)
        align = block.align or ("left",) * len(widths)
        algn = [{"right": "r", "center": "ctr"}.get(a, "l") for a in align]
        margins = f'marL="{_e(CELL_PAD_X)}" marR="{_e(CELL_PAD_X)}" marT="{_e(CELL_PAD_Y)}" marB="{_e(CELL_PAD_Y)}"'
        xml = [f'<a:tbl {_NS}><a:tblPr firstRow="1"><a:tableStyleId>{NO_STYLE}</a:tableStyleId></a:tblPr><a:tblGrid>',
               *(f'<a:gridCol w="{_e(w)}"/>' for w in widths), "</a:tblGrid>"]
        for r, row in enumerate(rows):
            header = r == 0
            total = block.emphasis_last_row and r == len(rows) - 1
            run = self._rpr(size, bold=header or total, color=WHITE if header else INK)
            fill = self.primary if header else (LIGHT if total or r % 2 == 0 else WHITE)
            xml.append(f'<a:tr h="{_e(heights[r])}">')
            for c, text in enumerate(row):
                xml.append(
                    f'<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/><a:p><a:pPr algn="{algn[c]}"/>'
                    f"<a:r>{run}<a:t>{_xml_text(clip(text, CLIP['cell']))}</a:t></a:r></a:p></a:txBody>"
                    f'<a:tcPr {margins} anchor="ctr"><a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>'
                    "</a:tcPr></a:tc>")
            xml.append("</a:tr>")
        xml.append("</a:tbl>")
        # the frame is exactly as wide and tall as its columns and rows, as PowerPoint keeps it
        shape = slide.shapes.add_table(1, 1, _e(area.x), _e(area.y), Emu(sum(_e(w) for w in widths)),
                                       Emu(sum(_e(h) for h in heights)))
        shape.name = "qbrgen:table"
        graphic_data = shape._element.graphic.graphicData  # noqa: SLF001 - the table is written as XML in one piece
        graphic_data.replace(graphic_data.tbl, parse_xml("".join(xml)))

    def _chart(self, slide, block: Chart, area: Box, scale: float) -> None:
        data = CategoryChartData(number_format=block.number_format)
        if block.chart == "waterfall" and block.labels:  # small steps cannot hold a label: name the amount below
            data.categories = [f"{c}: {lab}" for c, lab in zip(block.categories, block.labels, strict=True)]
        else:
            data.categories = list(block.categories)
        kind = {"line": XL_CHART_TYPE.LINE_MARKERS, "bar": XL_CHART_TYPE.BAR_CLUSTERED,
                "column": XL_CHART_TYPE.COLUMN_CLUSTERED, "waterfall": XL_CHART_TYPE.COLUMN_STACKED}[block.chart]
        if block.chart == "waterfall":
            values = [float(v) for v in block.series[0].values]
            bases, running = [], 0.0
            totals = set(block.totals or (0, len(values) - 1))
            for i, v in enumerate(values):
                bases.append(0.0 if i in totals else running)
                running = v if i in totals else running + v
            data.add_series("Base", bases)
            data.add_series(block.series[0].name, values)
        else:
            for s in block.series:
                data.add_series(s.name, [None if v is None else float(v) for v in s.values])
        size = min(14.0, 13 * max(scale, 0.85))
        title = clip(block.title, CLIP["metric"])
        title_h = text_height(title, area.w, size, True) + 4  # the caption's box is measured like any other
        self._text(slide, Box(area.x, area.y, area.w, title_h), title, size, bold=True,
                   color=None if self.custom else MUTED)
        frame = slide.shapes.add_chart(kind, _e(area.x), _e(area.y + title_h), _e(area.w),
                                       _e(max(40.0, area.h - title_h)), data)
        frame.name = "qbrgen:chart"
        chart = frame.chart
        _white_card(chart)
        chart.has_title = False
        chart.font.size = Pt(11)
        chart.font.color.rgb = INK  # on the white card, whatever the template's text colour
        if self.font:
            chart.font.name = self.font
        chart.has_legend = len(block.series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
        plot = chart.plots[0]
        if block.chart in ("bar", "column", "waterfall"):
            plot.gap_width = 60
        if block.chart == "waterfall":
            plot.overlap = 100
            base = plot.series[0]
            base.format.fill.background()
            base.format.line.fill.background()
            shown = plot.series[1]
            shown.format.fill.solid()
            shown.format.fill.fore_color.rgb = self.primary
            for i in range(len(values)):
                point = shown.points[i]
                if i in block.optional:  # optional scope: an outline only, never read as part of the price
                    point.format.fill.background()
                    point.format.line.color.rgb = self.accent
                    point.format.line.width = Pt(1.5)
                elif i not in totals:
                    point.format.fill.solid()
                    point.format.fill.fore_color.rgb = self.accent
        else:
            for s in plot.series:
                if block.chart == "line":
                    s.format.line.color.rgb = self.primary
                    s.format.line.width = Pt(2.5)
                    s.smooth = False
                else:
                    s.format.fill.solid()
                    s.format.fill.fore_color.rgb = self.primary
            if block.labels and len(plot.series) == 1:
                self._labels(plot.series[0], block)
        va = chart.value_axis
        va.has_major_gridlines = True
        va.major_gridlines.format.line.color.rgb = RGBColor(0xE3, 0xE6, 0xEA)
        va.tick_labels.font.size = Pt(10)
        va.tick_labels.number_format = block.number_format
        va.tick_labels.number_format_is_linked = False
        va.format.line.fill.background()
        if block.chart != "line":
            va.minimum_scale = 0  # bars start at zero, or a small difference looks large
        if block.labels and block.chart not in ("line", "waterfall"):
            va.visible = False
            va.has_major_gridlines = False
        chart.category_axis.tick_labels.font.size = Pt(10)
        chart.category_axis.format.line.color.rgb = RGBColor(0xC8, 0xCD, 0xD3)
        if block.chart == "bar":
            chart.category_axis.reverse_order = True

    def _labels(self, series, block: Chart) -> None:
        for i, label in enumerate(block.labels):
            dl = series.points[i].data_label
            dl.has_text_frame = True
            dl.text_frame.text = label
            dl.position = XL_LABEL_POSITION.OUTSIDE_END if block.chart == "bar" else XL_LABEL_POSITION.INSIDE_END
            for p in dl.text_frame.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(10)
                    r.font.bold = True
                    r.font.color.rgb = INK if block.chart == "bar" else WHITE


def _white_card(chart) -> None:
    """Give the chart a white background, so its dark series read on any template's background."""
    space = chart._chartSpace  # noqa: SLF001 - python-pptx exposes no chart-area fill
    sp_pr = space.find(qn("c:spPr"))
    if sp_pr is None:
        sp_pr = space.makeelement(qn("c:spPr"), {})
        space.find(qn("c:chart")).addnext(sp_pr)
    fill = sp_pr.makeelement(qn("a:solidFill"), {})
    fill.append(fill.makeelement(qn("a:srgbClr"), {"val": "FFFFFF"}))
    sp_pr.insert(0, fill)


# -- measuring and paginating (points) -----------------------------------------------------------


def _e(points: float) -> Emu:
    return Emu(int(round(points * PT)))


def _xfrm(x: float, y: float, w: float, h: float) -> str:
    return f'<a:xfrm><a:off x="{_e(x)}" y="{_e(y)}"/><a:ext cx="{_e(w)}" cy="{_e(h)}"/></a:xfrm>'


_CONTROL = re.compile(r"[\x00-\x08\x0B-\x1F]")


def _xml_text(text: str) -> str:
    """Return ``text`` for an ``a:t`` element: escaped, control characters written as ``_xHHHH_``.

    (The escape python-pptx and PowerPoint use for characters XML cannot hold.)
    """
    return escape(_CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text))


def _xml_attr(text: str) -> str:
    return escape(_CONTROL.sub(" ", text), {'"': "&quot;"})


def _indent(scale: float) -> float:
    return 20 * scale


def _para_size(block: Paragraph) -> float:
    return {"lead": 18.0, "muted": 13.0, "quote": 16.0}.get(block.style, BODY)


def _fit_size(text: str, width: float, height: float, start: float, floor: float, bold: bool = False) -> float:
    size = start
    while size > floor and text_height(text, width, size, bold) > height:
        size -= 1
    return size


def _clip_to(text: str, width: float, height: float, size: float, bold: bool) -> str:
    lines = wrap(text, width, size, bold)
    fit = max(1, int(height // (size * 1.2)))
    if len(lines) <= fit:
        return text
    kept = " ".join(lines[:fit])
    return clip(kept, max(2, len(kept) - 2))


def _metric_sizes(m, inner: float, scale: float) -> tuple[float, float, float]:
    vsize = 26 * scale
    while vsize > 14 and len(wrap(m.value, inner, vsize, True)) > 1:  # the figure stays on one line
        vsize -= 1
    return vsize, 12 * scale, 11 * scale


def _col_widths(block: Table, width: float, size: float = TABLE) -> list[float]:
    return column_widths((block.columns, *block.rows), block.widths, width, size, CELL_PAD_X, CLIP["cell"])


def _row_heights(block: Table, widths: list[float], size: float) -> list[float]:
    heights = []
    for r, row in enumerate((block.columns, *block.rows)):
        bold = r == 0 or (block.emphasis_last_row and r == len(block.rows))
        tallest = max(text_height(clip(t, CLIP["cell"]) or " ", w - 2 * CELL_PAD_X, size, bold)
                      for t, w in zip(row, widths, strict=True))
        heights.append(tallest + 2 * CELL_PAD_Y + 2)
    return heights


def block_height(block, width: float, scale: float) -> float:
    """Return the height in points ``block`` needs at ``width`` and font ``scale`` (charts: their minimum)."""
    if isinstance(block, Paragraph):
        return text_height(clip(block.text, CLIP["paragraph"]), width, _para_size(block) * scale,
                           block.style == "lead")
    if isinstance(block, Bullets):
        size = BODY * scale
        return sum(text_height(clip(t, CLIP["bullet"]), width - _indent(scale), size) + (6 * scale if i else 0)
                   for i, t in enumerate(block.items))
    if isinstance(block, Metrics):
        n = len(block.items)
        inner = (width - GAP * (n - 1)) / n - 28
        tallest = 0.0
        for m in block.items:
            vs, ls, ds = _metric_sizes(m, inner, scale)
            h = (text_height(clip(m.value, CLIP["metric"]), inner, vs, True) + 2
                 + text_height(clip(m.label, CLIP["metric"]), inner, ls, True)
                 + (text_height(clip(m.detail, CLIP["metric"]), inner, ds) if m.detail else 0))
            tallest = max(tallest, h)
        return tallest + 16 * scale
    if isinstance(block, Table):
        return sum(_row_heights(block, _col_widths(block, width, TABLE * scale), TABLE * scale))
    if isinstance(block, Chart):
        return MIN_CHART_H
    return 40.0


def _fits(blocks, width: float, height: float, scale: float) -> bool:
    total = sum(block_height(b, width, scale) for b in blocks) + GAP * (len(blocks) - 1)
    return total <= height


def paginate(blocks, width: float, height: float) -> list[tuple[tuple, float]]:
    """Return the pages of a slide: (blocks, scale) each; shrink to the floor first, then split.

    Tables split between rows (each page repeats the header), bullet lists between items; other
    blocks move whole. A row or item too tall even for an empty page has its text cut, so the
    loop always ends.
    """
    blocks = tuple(blocks)
    for scale in SCALES:
        if _fits(blocks, width, height, scale):
            return [(blocks, scale)]
    scale = SCALES[-1]
    pages: list[tuple[tuple, float]] = []
    current: list = []
    queue = [(b, 0) for b in blocks]  # (block, how many times its text has been cut)
    while queue:
        block, cuts = queue.pop(0)
        used = sum(block_height(b, width, scale) for b in current) + GAP * len(current)
        room = height - used
        if block_height(block, width, scale) <= room:
            current.append(block)
            continue
        head, rest = _split(block, width, room, scale)
        if head is not None:
            current.append(head)
            pages.append((tuple(current), scale))
            current = []
            if rest is not None:
                queue.insert(0, (rest, cuts))
            continue
        if current:  # nothing fits in what is left: start a new page and try again
            pages.append((tuple(current), scale))
            current = []
            queue.insert(0, (block, cuts))
            continue
        if cuts < len(SQUEEZE):  # nothing fits even on an empty page: cut the text and retry
            queue.insert(0, (_squeeze(block, SQUEEZE[cuts]), cuts + 1))
            continue
        pages.append(((block,), scale))  # cut to the bone: place it alone
    if current:
        pages.append((tuple(current), scale))
    return pages or [((), scale)]


SQUEEZE = (160, 60, 24)


def _fitting(heights, room: float) -> int:
    """Return how many of ``heights``, taken in order, fit in ``room``."""
    used = 0.0
    for n, h in enumerate(heights):
        used += h
        if used > room:
            return n
    return len(heights)


def _split(block, width: float, room: float, scale: float):
    """Return (the part of ``block`` that fits in ``room``, the rest); (None, block) if nothing fits."""
    if isinstance(block, Table):
        header, *rows = _row_heights(block, _col_widths(block, width, TABLE * scale), TABLE * scale)
        n = _fitting(rows, room - header)
        if n == 0:
            return None, block
        head = replace(block, rows=block.rows[:n], emphasis_last_row=block.emphasis_last_row and n == len(block.rows))
        rest = replace(block, rows=block.rows[n:]) if n < len(block.rows) else None
        return head, rest
    if isinstance(block, Bullets):
        size = BODY * scale
        heights = [text_height(clip(t, CLIP["bullet"]), width - _indent(scale), size) + (6 * scale if i else 0)
                   for i, t in enumerate(block.items)]
        n = _fitting(heights, room)
        if n == 0:
            return None, block
        rest = replace(block, items=block.items[n:]) if n < len(block.items) else None
        return replace(block, items=block.items[:n]), rest
    return None, block


def _squeeze(block, limit: int):
    """Return ``block`` with every text cut to ``limit`` characters."""
    if isinstance(block, Table):
        return replace(block, rows=tuple(tuple(clip(c, limit) for c in row) for row in block.rows),
                       columns=tuple(clip(c, limit) for c in block.columns))
    if isinstance(block, Bullets):
        return replace(block, items=tuple(clip(t, limit) for t in block.items))
    if isinstance(block, Paragraph):
        return replace(block, text=clip(block.text, limit))
    if isinstance(block, Metrics):
        return replace(block, items=tuple(replace(m, label=clip(m.label, limit), value=clip(m.value, limit),
                                                  detail=clip(m.detail, limit)) for m in block.items))
    return block
