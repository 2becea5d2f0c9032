"""The deck: walks the document tree one part at a time and builds its slides.

Covers (title, section, closing) get a full-bleed band in the built-in look or the template's
title layout; a content part is paginated (:mod:`.fit`) and each page becomes one slide whose
blocks are drawn top to bottom (:mod:`.shapes`, :mod:`.charts`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from qbrgen.document import Bullets, Chart, Document, Metrics, Paragraph, Part, Signature, Table
from qbrgen.render import Assets
from qbrgen.render.pptx import shapes
from qbrgen.render.pptx.charts import add_chart
from qbrgen.render.pptx.fit import (
    BODY,
    CLIP,
    GAP,
    MIN_CHART_H,
    Box,
    block_height,
    clip_to,
    fit_size,
    paginate,
    para_size,
)
from qbrgen.render.pptx.layouts import BODY_TYPES, TITLE_TYPES, Layouts, open_template, ph_type, prepare_package
from qbrgen.render.pptx.shapes import INK, MUTED, PT, WHITE, Look, e, rect, rgb
from qbrgen.render.textfit import clip


class Deck:
    """A presentation being built from one document."""

    def __init__(self, document: Document, assets: Assets):
        self.doc = document
        self.assets = assets
        self.prs, self.custom = open_template(assets.deck_template)
        prepare_package(self.prs)
        self.layouts = Layouts(self.prs, self.custom)
        self.w, self.h = self.layouts.w, self.layouts.h
        self.look = Look(rgb(assets.theme.primary), rgb(assets.theme.accent),
                         None if self.custom else assets.theme.font, self.custom)
        self.page = 0
        self._set_properties()

    def _set_properties(self) -> None:
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

    def _text(self, slide, box: Box, text: str, size: float, **kwargs) -> None:
        shapes.text(slide, self.look, box, text, size, **kwargs)

    # -- parts
    def add_part(self, part: Part) -> None:
        """Add the slides of ``part``: one cover, or as many content slides as its blocks need."""
        if part.layout in ("title", "section", "closing"):
            self._cover(part)
            return
        layout = self.layouts.layout("content")
        box = self.layouts.content_box(layout)
        pages = paginate(part.blocks, box.w, box.h)
        for n, (blocks, scale) in enumerate(pages):
            title = part.title + (" (continued)" if n else "")
            notes = self.doc.speaker_notes(part)  # coaching joins the notes of the internal deck only
            notes = notes if not n else f"(continued) {notes}"
            self._content_slide(layout, title, blocks, scale, notes)

    def _new_slide(self, layout):
        self.page += 1
        return self.prs.slides.add_slide(layout)

    def _notes(self, slide, text: str) -> None:
        slide.notes_slide.notes_text_frame.text = text or " "

    def _cover(self, part: Part) -> None:
        role = "title" if part.layout == "title" else "section"
        layout = self.layouts.layout(role)
        slide = self._new_slide(layout)
        if self.custom:
            self._cover_custom(slide, part)
        else:
            self._cover_default(slide, part)
        self._notes(slide, self.doc.speaker_notes(part))

    def _cover_default(self, slide, part: Part) -> None:
        rect(slide, Box(0, 0, self.w, self.h), self.look.primary)
        rect(slide, Box(60, self.h * 0.5 - 6, 90, 6), self.look.accent)
        width = self.w - 120
        size = fit_size(part.title, width, 120, 40, 24, bold=True)
        self._text(slide, Box(60, self.h * 0.5 - 140, width, 124), clip_to(part.title, width, 120, size, True),
                   size, bold=True, color=WHITE, anchor=MSO_ANCHOR.BOTTOM, name="qbrgen:title")
        if part.subtitle:
            sub = fit_size(part.subtitle, width, 70, 20, 12)
            self._text(slide, Box(60, self.h * 0.5 + 16, width, 70), clip_to(part.subtitle, width, 70, sub, False),
                       sub, color=WHITE)
        self._logos(slide, Box(self.w - 300, 30, 260, 60))

    def _cover_custom(self, slide, part: Part) -> None:
        title = subtitle = None
        for ph in list(slide.placeholders):
            t = ph_type(ph)
            if t in TITLE_TYPES and title is None:
                title = ph
            elif t in (PP_PLACEHOLDER.SUBTITLE, *BODY_TYPES) and subtitle is None:
                subtitle = ph
            elif t == PP_PLACEHOLDER.PICTURE and self._logo() is not None:
                ph.insert_picture(str(self._logo()))
            else:
                ph.element.getparent().remove(ph.element)
        if title is not None:
            self._fill_placeholder(title, part.title, 40, 20, bold=True)
        else:
            size = fit_size(part.title, self.w - 80, 100, 36, 20, True)
            self._text(slide, Box(40, self.h * 0.35, self.w - 80, 100),
                       clip_to(part.title, self.w - 80, 100, size, True), size, bold=True, name="qbrgen:title")
        if subtitle is not None:
            if part.subtitle:
                self._fill_placeholder(subtitle, part.subtitle, 20, 11)
            else:
                subtitle.element.getparent().remove(subtitle.element)
        elif part.subtitle:
            size = fit_size(part.subtitle, self.w - 80, 60, 18, 11)
            self._text(slide, Box(40, self.h * 0.55, self.w - 80, 60),
                       clip_to(part.subtitle, self.w - 80, 60, size, False), size)

    def _logo(self) -> Path | None:
        return self.assets.vendor_logo or self.assets.customer_logo

    def _logos(self, slide, box: Box) -> None:
        logos = [p for p in (self.assets.customer_logo, self.assets.vendor_logo) if p is not None]
        x = box.x + box.w
        for path in logos:
            pic = slide.shapes.add_picture(str(path), 0, 0, height=e(box.h))
            if pic.width > e(box.w / 2):
                ratio = (box.w / 2) / (pic.width / PT)
                pic.width, pic.height = e(box.w / 2), e(box.h * ratio)
            x -= pic.width / PT
            pic.left, pic.top = e(x), e(box.y)
            x -= 16

    def _fill_placeholder(self, ph, text: str, start: float, floor: float, bold: bool = False) -> None:
        w, h = ph.width / PT - 14.4, ph.height / PT - 7.2
        size = fit_size(text, w, h, start, floor, bold)
        text = clip_to(text, w, h, size, bold)
        tf = ph.text_frame
        tf.text = text
        tf.word_wrap = True
        for p in tf.paragraphs:
            for r in p.runs:
                r.font.size = Pt(size)
                if bold:
                    r.font.bold = True

    def _content_slide(self, layout, title: str, blocks, scale: float, notes: str) -> None:
        slide = self._new_slide(layout)
        box = self.layouts.content_box(layout)
        title_ph = None
        for ph in list(slide.placeholders):
            if ph_type(ph) in TITLE_TYPES and title_ph is None:
                title_ph = ph
            else:
                ph.element.getparent().remove(ph.element)
        if title_ph is not None:
            self._fill_placeholder(title_ph, title, 30, 16, bold=False)
        else:
            top = 28 if not self.custom else 0.05 * self.h
            tb = Box(40 if not self.custom else box.x, top, self.w - 80 if not self.custom else box.w, 56)
            size = fit_size(title, tb.w, tb.h, 28, 16, bold=True)
            title = clip_to(title, tb.w, tb.h, size, True)
            self._text(slide, tb, title, size, bold=True, color=self.look.primary if not self.custom else None,
                       name="qbrgen:title")
            if not self.custom:
                rect(slide, Box(40, 88, 60, 4), self.look.accent)
        if not self.custom:
            mark = " · INTERNAL: not for the customer" if self.doc.audience == "internal" else ""
            footer = clip_to(f"{self.doc.meta_value('customer')} · {self.doc.title}{mark}", self.w - 160, 18, 9, False)
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
            size = para_size(block) * scale
            color = MUTED if block.style == "muted" else (self.look.primary if block.style == "lead" else INK)
            self._text(slide, area, clip(block.text, CLIP["paragraph"]), size, bold=block.style == "lead",
                       color=None if self.custom else color)  # a team template's own text colour suits its background
        elif isinstance(block, Bullets):
            shapes.bullets(slide, self.look, block, area, scale)
        elif isinstance(block, Metrics):
            shapes.metrics(slide, self.look, block, area, scale)
        elif isinstance(block, Table):
            shapes.table(slide, self.look, block, area, scale)
        elif isinstance(block, Chart):
            add_chart(slide, self.look, block, area, scale)
        elif isinstance(block, Signature):  # pragma: no cover - not used in decks
            self._text(slide, area, " / ".join(block.parties), BODY * scale)
