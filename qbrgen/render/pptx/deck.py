"""The deck: walks the document tree one part at a time and builds its slides.

Covers (title, section, closing) get a full-bleed band in the built-in look or the template's
title layout; a content part is paginated (:mod:`.fit`) and each page becomes one slide whose
blocks are drawn top to bottom (:mod:`.shapes`, :mod:`.charts`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Pt

from qbrgen.brandkit import fonts
from qbrgen.i18n import CJK_LANGUAGES, _, current, document_tag, pgettext, text_tag
from qbrgen.render.assets import Assets, chosen_colours
from qbrgen.render.ooxml_color import BODY_RATIO, brand_colours, contrast
from qbrgen.render.pptx import bridge, shapes
from qbrgen.render.pptx.charts import add_chart
from qbrgen.render.pptx.cjk import theme_east_asian
from qbrgen.render.pptx.fit import (
    BODY,
    CARD_GROWTH,
    CARD_GROWTH_ALONE,
    CLIP,
    GAP,
    Box,
    block_height,
    clip_to,
    fit_size,
    paginate,
    paragraph_size,
)
from qbrgen.render.pptx.layouts import (
    BODY_TYPES,
    MARK_H,
    TITLE_BAND,
    TITLE_TYPES,
    Layouts,
    open_with_samples,
    ph_type,
    prepare_package,
)
from qbrgen.render.pptx.notes import Notes, template_key
from qbrgen.render.pptx.shapes import INK, LIGHT, MUTED, PT, WHITE, Look, e, east_asian_font, rect, rgb
from qbrgen.render.textfit import clip, has_wide, text_height, wrap
from qbrgen.sections.document import Bullets, Cards, Chart, Document, Metrics, Paragraph, Part, Signature, Table

COLUMN_GAP = 28.0
WHOLE = frozenset({"renewal"})  # parts that never split across slides: the price is read on one
LONE_CARDS = 0.5  # cards alone on a slide reach at least this share of its content height
SOURCE_H, SOURCE_PT = 20.0, 10.0  # the source line at a slide's foot: its band and its size (small print)
TABLE_ROW_H, MAX_ROW_H = 26.0, 56.0  # a short table's rows grow toward MAX_ROW_H instead of leaving a gap
INTERNAL_RED = RGBColor(0xB4, 0x23, 0x1F)


class Deck:
    """A presentation being built from one document."""

    def __init__(self, document: Document, assets: Assets):
        self.doc = document
        self.assets = assets
        self.prs, self.custom, samples = open_with_samples(assets.deck_template)
        prepare_package(self.prs)
        self.internal = document.audience == "internal"
        self.layouts = Layouts(self.prs, self.custom, samples, self.internal)
        self.brand = self.layouts.brand
        self.w, self.h = self.layouts.w, self.layouts.h
        # text is measured in the font it is drawn in: the template's own (its twin, or the widest if unknown)
        self.face = fonts.measure_face(self.brand.typefaces()) if self.custom else fonts.face(assets.theme.font)
        self.look = self.base_look = self._look(assets, document.meta_value("locale", "en_US"))
        self.page = 0
        self._alone = False
        self._title_sizes: dict[tuple, float] = {}
        self.notes = Notes(template_key(assets.deck_template))
        self._set_properties()

    def _look(self, assets: Assets, locale: str) -> Look:
        """Return the deck's colours: the theme's, or with a template its accents unless the team chose colours."""
        primary, accent = rgb(assets.theme.primary), rgb(assets.theme.accent)
        own_primary, own_accent = brand_colours(self.brand.accents if self.brand else [])
        chosen = chosen_colours(assets.theme)
        if own_primary and "primary" not in chosen:
            primary = rgb(own_primary)
        if own_accent and "accent" not in chosen:
            accent = rgb(own_accent)
        header = primary if contrast(str(primary), str(LIGHT)) >= BODY_RATIO else INK  # on the light header row
        # with a template whose text is all in one font qbrgen measures, its text boxes name that font, so every
        # viewer draws them in the font they were measured in (a text box may not inherit the template's font)
        own = self.face.name if self.custom and self.face is not fonts.WIDEST else None
        font = own if self.custom else fonts.face(assets.theme.font).name
        east = None
        if {locale.split("_")[0], current().split("_")[0]} & CJK_LANGUAGES:  # an East Asian deck: its theme too
            lang = fonts.language_tag(locale)
            east = theme_east_asian(self.prs, east_asian_font(font or self.face.name, lang))
        return Look(primary, accent, font, self.custom, document_tag(locale), east, header=header, locale=locale)

    def _set_properties(self) -> None:
        props = self.prs.core_properties
        stamp = dt.datetime.combine(self.assets.build_date, dt.time(0, 0))
        # TRANSLATORS: the file's title (shown in file properties): the deck's title, then the customer's name
        title = _("{title}: {customer}", title=self.doc.title, customer=self.doc.meta_value("customer"))
        props.title = clip(title, 255)  # the format's limit
        props.author = clip(self.doc.meta_value("vendor"), 255)
        props.last_modified_by = "qbrgen"
        props.created = props.modified = props.last_printed = stamp
        props.revision = 1
        props.subject = clip(self.doc.subtitle, 255)
        props.keywords = "QBR" if self.doc.audience == "customer" else "QBR; INTERNAL"
        props.comments = ""

    def title_size(self, width: float, height: float, start: float, floor: float, bold: bool = True) -> float:
        """Return the one size every content title of the deck takes in a title box of ``width`` x ``height``:
        the largest from ``start`` down to ``floor`` at which each of them fits (a title that fits at none is
        shortened at that size), so titles do not change size from slide to slide."""
        key = (round(width, 1), round(height, 1), start, floor, bold)
        if key not in self._title_sizes:
            titles = [p.title for p in self.doc.parts if p.layout == "content" and p.title]
            self._title_sizes[key] = min((fit_size(t, width, height, start, floor, bold) for t in titles),
                                         default=start)
        return self._title_sizes[key]

    def _text(self, slide, box: Box, text: str, size: float, **kwargs) -> None:
        shapes.text(slide, self.look, box, text, size, **kwargs)

    # -- parts
    def add_part(self, part: Part) -> None:
        """Add the slides of ``part``: one cover, or as many content slides as its blocks need."""
        if part.layout in ("title", "section", "closing"):
            self._cover(part)
            return
        layout = self.layouts.layout("content")
        box = self._content_box(layout, part)
        if part.arrange == "columns" and len(part.blocks) > 1:
            columns = self._columns(part.blocks, box)
            if columns is not None:
                self._content_slide(layout, part, part.title, (), 1.0, part.notes, columns=columns)
                return
        pages = paginate(part.blocks, box.w, box.h)
        moved = ""
        if len(pages) > 1 and part.id in WHOLE:  # the price on one slide: its small print goes to the notes
            kept = tuple(b for b in part.blocks if not (isinstance(b, Paragraph) and b.style == "muted"))
            fewer = paginate(kept, box.w, box.h)
            if len(fewer) == 1:
                pages = fewer
                moved = "\n".join(b.text for b in part.blocks if b not in kept)
        for n, (blocks, scale) in enumerate(pages):
            # TRANSLATORS: the title of a slide that continues the previous one (a long table); keep it short
            title = _("{title} (continued)", title=part.title) if n else part.title
            notes = self.doc.speaker_notes(part)  # coaching joins the notes of the internal deck only
            # TRANSLATORS: the speaker notes of a continued slide, repeating the first slide's notes
            notes = notes if not n else _("(continued) {notes}", notes=notes)
            notes = f"{notes}\n{moved}" if moved else notes
            self._content_slide(layout, part, title, blocks, scale, notes)

    def _content_box(self, layout, part: Part) -> Box:
        """Return the area ``part``'s blocks may use on ``layout``: less a line at the foot for its source."""
        box = self.layouts.content_box(layout)
        if part.source_line:
            box = Box(box.x, box.y, box.w, box.h - SOURCE_H)
        return box

    def _source(self, slide, part: Part, box: Box) -> None:
        """Write where the slide's figures come from, small, in the band below its content ``box``."""
        size = SOURCE_PT
        text = clip_to(part.source_line[:300], box.w, SOURCE_H - 4, size, False)  # one line, at a word
        color = MUTED if not self.custom or self.look.ink == INK else self.look.ink
        self._text(slide, Box(box.x, box.y + box.h + 4, box.w, SOURCE_H - 4), text, size, color=color,
                   name="qbrgen:source")

    def _columns(self, blocks, box: Box):
        """Return [(blocks, Box)] for the first block beside the rest, at a scale both fit; None if none does."""
        left_w = (box.w - COLUMN_GAP) * 0.46
        left = Box(box.x, box.y, left_w, box.h)
        right = Box(box.x + left_w + COLUMN_GAP, box.y, box.w - left_w - COLUMN_GAP, box.h)
        sides = ((blocks[0],), tuple(blocks[1:]))
        pages = [paginate(side, area.w, area.h) for side, area in zip(sides, (left, right), strict=True)]
        if any(len(p) > 1 for p in pages):
            return None
        scale = min(p[0][1] for p in pages)  # both columns at one scale, so their text matches
        return [(side, area, scale) for side, area in zip(sides, (left, right), strict=True)]

    def _new_slide(self, layout):
        """Add a slide on ``layout`` with the layout's placeholders, as python-pptx's ``add_slide`` does, with the
        placeholders to copy looked up once per layout instead of once per slide."""
        self.page += 1
        slides = self.prs.slides
        r_id, slide = slides.part.add_slide(layout)
        for placeholder in self.layouts.cloneable(layout):
            slide.shapes.clone_placeholder(placeholder)
        slides._sldIdLst.add_sldId(r_id)  # noqa: SLF001 - as add_slide does, after the placeholders
        return slide

    def _notes(self, slide, text: str) -> None:
        self.notes.write(slide, text or " ")

    def _cover(self, part: Part) -> None:
        role = "title" if part.layout == "title" else "section"
        layout = self.layouts.layout(role)
        slide = self._new_slide(layout)
        if self.custom:
            mark = None
            if self.internal:  # at the foot of the cover's free area, clear of its logos
                free = self.brand.space(slide.slide_layout).box
                mark = Box(free.x, free.y + free.h - MARK_H + 4, min(300.0, free.w), MARK_H - 8)
            self._cover_custom(slide, part, mark.y - 6 if mark else None)
            _count_ids(slide)
            if mark is not None:
                self._internal_mark(slide, mark)
        else:
            _count_ids(slide)
            self._cover_default(slide, part)
        self._notes(slide, self.doc.speaker_notes(part))

    def _cover_default(self, slide, part: Part) -> None:
        rect(slide, Box(0, 0, self.w, self.h), self.look.primary, "qbrgen:cover")
        rect(slide, Box(60, self.h * 0.5 - 6, 90, 6), self.look.accent, "qbrgen:cover-rule")
        width = self.w - 120
        size = fit_size(part.title, width, 120, 40, 24, bold=True)
        self._text(slide, Box(60, self.h * 0.5 - 140, width, 124), clip_to(part.title, width, 120, size, True),
                   size, bold=True, color=WHITE, anchor=MSO_ANCHOR.BOTTOM, name="qbrgen:title")
        if part.subtitle:
            sub = fit_size(part.subtitle, width, 70, 20, 12)
            self._text(slide, Box(60, self.h * 0.5 + 16, width, 70), clip_to(part.subtitle, width, 70, sub, False),
                       sub, color=WHITE, name="qbrgen:cover-subtitle")
        self._logos(slide, Box(self.w - 300, 30, 260, 60))
        if self.internal:
            self._internal_mark(slide, Box(60, self.h - 70, 300, 26))

    def _cover_custom(self, slide, part: Part, bottom: float | None = None) -> None:
        """Fill a template cover; with ``bottom``, no placeholder reaches below it (the internal marking's place)."""
        ink = rgb(self.brand.body_colour(slide.slide_layout))
        title = subtitle = None
        for ph in list(slide.placeholders):
            if bottom is not None:
                _end_above(ph, bottom)
            t = ph_type(ph)
            if t in TITLE_TYPES and title is None:
                title = ph
            elif t in (PP_PLACEHOLDER.SUBTITLE, *BODY_TYPES) and subtitle is None:
                subtitle = ph
            elif t == PP_PLACEHOLDER.PICTURE and self._logo() is not None:
                pic = ph.insert_picture(str(self._logo()))
                self._alt_text(pic, "vendor" if self.assets.vendor_logo else "customer")
            else:
                ph.element.getparent().remove(ph.element)
        if title is not None:
            self._title_placeholder(title, slide.slide_layout, part.title, 40, 20, bold=True)
        else:
            size = fit_size(part.title, self.w - 80, 100, 36, 20, True)
            self._text(slide, Box(40, self.h * 0.35, self.w - 80, 100),
                       clip_to(part.title, self.w - 80, 100, size, True), size, bold=True, color=ink,
                       name="qbrgen:title")
        if subtitle is not None:
            if part.subtitle:
                self._fill_placeholder(subtitle, part.subtitle, 20, 11)
                subtitle.name = "qbrgen:cover-subtitle"  # a cover's subtitle, not content (as the built-in cover)
            else:
                subtitle.element.getparent().remove(subtitle.element)
        elif part.subtitle:
            size = fit_size(part.subtitle, self.w - 80, 60, 18, 11)
            self._text(slide, Box(40, self.h * 0.55, self.w - 80, 60),
                       clip_to(part.subtitle, self.w - 80, 60, size, False), size, color=ink)

    def _alt_text(self, pic, who: str) -> None:
        """Describe a logo for screen readers: whose it is, not its file name."""
        name = self.doc.meta_value(who)
        # TRANSLATORS: the alternative text of a company's logo on the cover (read aloud by screen readers)
        alt = _("{company} logo", company=name) if name else _("Logo")
        pic._element.nvPicPr.cNvPr.set("descr", alt)  # noqa: SLF001 - python-pptx has no alt-text setter

    def _logo(self) -> Path | None:
        return self.assets.vendor_logo or self.assets.customer_logo

    def _logos(self, slide, box: Box) -> None:
        logos = [(p, who) for p, who in ((self.assets.customer_logo, "customer"), (self.assets.vendor_logo, "vendor"))
                 if p is not None]
        x = box.x + box.w
        for path, who in logos:
            pic = slide.shapes.add_picture(str(path), 0, 0, height=e(box.h))
            self._alt_text(pic, who)
            if pic.width > e(box.w / 2):
                ratio = (box.w / 2) / (pic.width / PT)
                pic.width, pic.height = e(box.w / 2), e(box.h * ratio)
            x -= pic.width / PT
            pic.left, pic.top = e(x), e(box.y)
            x -= 16

    def _fill_placeholder(self, ph, text: str, start: float, floor: float, bold: bool = False,
                          keep: float | None = None, color: str | None = None, uniform: bool = False) -> None:
        """Write ``text`` in a placeholder at the largest size from ``start`` down to ``floor`` that fits (with
        ``uniform``, the deck's one title size for this box); at ``keep`` (the template's own size) the size
        is left to the template."""
        w, h = ph.width / PT - 14.4, ph.height / PT - 7.2
        size = self.title_size(w, h, start, floor, bold) if uniform else fit_size(text, w, h, start, floor, bold)
        text = clip_to(text, w, h, size, bold)
        tf = ph.text_frame
        # East Asian text in the lines measured (no viewer then splits a name or an amount)
        tf.text = "\n".join("\v".join(wrap(line, w, size, bold)) if has_wide(line) else line
                             for line in text.split("\n"))
        tf.word_wrap = True
        for p in tf.paragraphs:
            for r in p.runs:
                r.font._rPr.set("lang", text_tag(r.text, self.look.account_locale))  # noqa: SLF001 - no API for lang
                if keep is None or size < keep:
                    r.font.size = Pt(size)
                if bold:
                    r.font.bold = True
                if color is not None:
                    r.font.color.rgb = rgb(color)

    def _title_placeholder(self, ph, layout, text: str, start: float, floor: float, bold: bool = False,
                           uniform: bool = False) -> None:
        """Fill a template's title placeholder at the brand's size when it fits (shrinking only as much as
        it must, never below the template's body size), in a colour that reads on the layout's background."""
        own = self.brand.title_size(layout) if self.brand else None
        if own:
            start, floor = own, min(floor, own)
        body = self.brand.body_size(layout) if self.brand else None
        if body and body < start:
            floor = max(floor, body) if uniform else floor
        self._fill_placeholder(ph, text, start, floor, bold, keep=own,
                               color=self.brand.title_colour(layout) if self.brand else None, uniform=uniform)

    def _content_slide(self, layout, part: Part, title: str, blocks, scale: float, notes: str,
                       columns=None) -> None:
        slide = self._new_slide(layout)
        box = self._content_box(layout, part)
        title_ph = None
        for ph in list(slide.placeholders):
            if ph_type(ph) in TITLE_TYPES and title_ph is None:
                title_ph = ph
            else:
                ph.element.getparent().remove(ph.element)
        _count_ids(slide)
        self.look = self.base_look
        if self.custom:
            space = self.brand.space(layout)
            if space.panel:  # a photo under the whole slide: the content sits on a white panel
                low = SOURCE_H if part.source_line else 0.0  # the panel holds the source line too
                rect(slide, Box(box.x - 8, box.y - 8, box.w + 16, box.h + 16 + low), WHITE, "qbrgen:panel")
            self.look = replace(self.base_look, ink=INK if space.panel else rgb(self.brand.body_colour(layout)))
        if title_ph is not None:
            self._title_placeholder(title_ph, layout, title, 30, 16, uniform=True)
        elif self.custom:
            tb = Box(box.x, box.y - TITLE_BAND, box.w, 56)
            size = self.title_size(tb.w, tb.h, 28, 16)
            self._text(slide, tb, clip_to(title, tb.w, tb.h, size, True), size, bold=True, color=self.look.ink,
                       name="qbrgen:title")
        else:
            self._header(slide, part, title)
        if not self.custom:
            self._footer(slide)
        elif self.internal:  # below the content, inside the layout's free area
            low = SOURCE_H if part.source_line else 0.0
            self._internal_mark(slide, Box(box.x, box.y + box.h + low + 8, min(300.0, box.w), MARK_H - 10))
        if part.source_line:
            self._source(slide, part, box)
        if columns is not None:
            for col_blocks, area, col_scale in columns:
                self._draw_blocks(slide, col_blocks, area, col_scale)
        else:
            self._draw_blocks(slide, blocks, box, scale)
        self._notes(slide, notes)

    def _header(self, slide, part: Part, title: str) -> None:
        """Draw the built-in look's header: topic overline, section tracker, and the action title."""
        look = self.look
        if part.overline:
            self._text(slide, Box(40, 26, 440, 16), part.overline, 12, bold=True, color=look.accent_text,
                       name="qbrgen:overline", extra=' cap="all" spc="80"')
        if part.tracker:
            pieces = []
            for i, label in enumerate(part.tracker):
                if i:
                    pieces.append(("  ·  ", False, MUTED))
                current = i == part.tracker_at
                pieces.append((label, current, look.primary if current else MUTED))
            shapes.runs(slide, look, Box(self.w - 440, 27, 400, 16), pieces, 11, align=PP_ALIGN.RIGHT,
                        name="qbrgen:tracker")
        width, height = self.w - 80, 66
        size = self.title_size(width, height, 26, 18)
        self._text(slide, Box(40, 46, width, height), clip_to(title, width, height, size, True), size, bold=True,
                   color=look.primary, name="qbrgen:title")

    def _footer(self, slide) -> None:
        # TRANSLATORS: every slide's footer: the customer's name, then the deck's title
        footer = _("{customer} · {title}", customer=self.doc.meta_value("customer"), title=self.doc.title)
        footer = clip_to(footer, self.w - 300, 14, SOURCE_PT, False)
        self._text(slide, Box(40, self.h - 30, self.w - 300, 14), footer, SOURCE_PT, color=MUTED,
                   name="qbrgen:footer")
        # TRANSLATORS: the slide number in the footer's right corner
        number = pgettext("slide number", "{number}", number=self.page)
        self._text(slide, Box(self.w - 100, self.h - 30, 60, 14), number, SOURCE_PT, color=MUTED,
                   align=PP_ALIGN.RIGHT, name="qbrgen:page")
        if self.internal:
            self._internal_mark(slide, Box(self.w / 2 - 150, self.h - 34, 300, 22))

    def _internal_mark(self, slide, box: Box) -> None:
        """Mark the slide as internal: a red chip no one can miss, in the footer band."""
        # TRANSLATORS: a red marking on every slide of the internal deal-review deck; at most ~35 characters
        shapes.chip(slide, self.look, box, _("INTERNAL · not for the customer"), 11, INTERNAL_RED, WHITE,
                    "qbrgen:internal")

    # -- blocks
    def _draw_blocks(self, slide, blocks, box: Box, scale: float) -> None:
        """Draw ``blocks`` top to bottom in ``box``; spare height goes to the blocks that can use it."""
        heights = bases = [block_height(b, box.w, scale) for b in blocks]
        self._alone = len(blocks) == 1
        spare = box.h - sum(heights) - GAP * (len(blocks) - 1)
        grow = [self._growth(b, h, box.w, scale) for b, h in zip(blocks, heights, strict=True)]
        if self._alone and isinstance(blocks[0], Cards):  # lone cards reach half the slide's content height
            grow = [max(grow[0], box.h * LONE_CARDS - heights[0])]
        if any(isinstance(b, (Chart, Cards)) for b in blocks):  # a chart or cards take the room first
            grow = [g if isinstance(b, (Chart, Cards)) else 0.0 for b, g in zip(blocks, grow, strict=True)]
        if spare > 0 and sum(grow) > 0:
            share = min(1.0, spare / sum(grow))
            heights = [h + g * share for h, g in zip(heights, grow, strict=True)]
        y = box.y
        if self._alone and isinstance(blocks[0], Cards):  # a lone row of cards (a timeline) sits a little above
            y += max(0.0, box.h - heights[0]) * 0.4  # the middle of the slide, not under the title with a bare foot
        for block, h, base in zip(blocks, heights, bases, strict=True):
            h = min(h, box.y + box.h - y)
            self._draw(slide, block, Box(box.x, y, box.w, h), scale, h - base)
            y += h + GAP

    def _growth(self, block, height: float, width: float, scale: float) -> float:
        """Return how many points ``block`` may grow: charts and cards take the room, tables and lists breathe."""
        if isinstance(block, Chart):
            return 1000.0
        if isinstance(block, Cards):  # sized to their text: a little air, never a tall empty panel
            return height * (CARD_GROWTH_ALONE if self._alone else CARD_GROWTH)
        if isinstance(block, Metrics):
            return max(0.0, 230.0 - height)
        if isinstance(block, Table):
            return (MAX_ROW_H - TABLE_ROW_H) * len(block.rows)
        if isinstance(block, Bullets):
            return 30.0 * (len(block.items) - 1) + 1
        if isinstance(block, Paragraph) and block.style == "lead" and self._alone:
            return 1000.0  # a lone statement is set on a panel
        return 0.0

    def _draw(self, slide, block, area: Box, scale: float, extra: float = 0.0) -> None:
        if isinstance(block, Paragraph):
            size = min(paragraph_size(block, scale), self.largest_text())
            if block.style == "lead" and not self.custom and extra > 0:
                self._statement(slide, block, area, size)
                return
            if block.style == "lead":
                shapes.callout(slide, self.look, clip(block.text, CLIP["paragraph"]),
                               Box(area.x, area.y, area.w, area.h - extra), size)
                return
            color = MUTED if block.style == "muted" else (self.look.primary if block.style == "lead" else INK)
            self._text(slide, Box(area.x, area.y, area.w, area.h - extra), clip(block.text, CLIP["paragraph"]), size,
                       bold=block.style == "lead", color=self.look.ink if self.custom else color)
        elif isinstance(block, Bullets):
            spread = extra / max(1, len(block.items) - 1) if len(block.items) > 1 else 0.0
            shapes.bullets(slide, self.look, block, area, scale, spread)
        elif isinstance(block, Metrics):
            shapes.metrics(slide, self.look, block, area, scale)
        elif isinstance(block, Table):
            shapes.table(slide, self.look, block, area, scale, extra)
        elif isinstance(block, Chart) and block.chart == "waterfall":
            bridge.draw(slide, self.look, block, area)
        elif isinstance(block, Chart):
            add_chart(slide, self.look, block, area, scale)
        elif isinstance(block, Cards):
            shapes.cards(slide, self.look, block, area, scale, self.largest_text())
        elif isinstance(block, Signature):  # pragma: no cover - not used in decks
            self._text(slide, area, " / ".join(block.parties), BODY * scale)

    def largest_text(self) -> float:
        """Return the largest size body text may take: the deck's content title size (no paragraph is set
        larger than the title it sits under)."""
        if self.custom:  # the template's own title size where it sets one
            return self.brand.title_size(self.layouts.layout("content")) or 28.0
        return self.title_size(self.w - 80, 66, 26, 18)

    def _statement(self, slide, block: Paragraph, area: Box, size: float) -> None:
        """Set a lone lead paragraph on a light panel with an accent rule: a statement, not a stray line."""
        h = min(area.h, max(160.0, area.h * 0.7))
        panel = shapes.group(slide, "qbrgen:statement", Box(area.x, area.y, area.w, h))
        shapes.rect(panel, Box(area.x, area.y, area.w, h), LIGHT)
        shapes.rect(panel, Box(area.x, area.y, 6, h), self.look.accent)
        inner = area.w - 80
        big = min(max(size, 24.0), self.largest_text())  # the statement's step, else the callout's: no size between
        size = big if text_height(block.text, inner, big, True) <= h - 48 else size
        text = clip_to(block.text, inner, h - 48, size, True)
        shapes.text(panel, self.look, Box(area.x + 40, area.y + 24, inner, h - 48), text, size, bold=True,
                    color=self.look.primary, anchor=MSO_ANCHOR.MIDDLE)


def _count_ids(slide) -> None:
    """Hand out ``slide``'s new shape ids by counting on from its largest, instead of python-pptx searching
    every id on the slide for each shape added. Called once no shape will be removed from the slide (the
    ids are then the same as python-pptx's own), and every shape is added through this one ``slide``."""
    slide.shapes.turbo_add_enabled = True


def _end_above(ph, bottom: float) -> None:
    """Shorten placeholder ``ph`` to end at ``bottom`` points when it reaches lower and keeps 24 points."""
    if ph.top is None or ph.height is None:
        return
    top, height = ph.top / PT, ph.height / PT
    if top + height > bottom and bottom - top >= 24:
        ph.left, ph.top, ph.width, ph.height = ph.left, ph.top, ph.width, int((bottom - top) * PT)
