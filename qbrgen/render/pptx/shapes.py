"""Shapes as XML: text boxes, bullet lists, metric cards and tables, each written in one piece.

python-pptx's per-property setters cost several times more than writing a shape's XML at once,
and a deck has hundreds of runs. Geometry comes in points (:class:`~qbrgen.render.pptx.fit.Box`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.util import Emu, Pt

from qbrgen.i18n import CJK_LANGUAGES, N_, _, has_cjk, text_tag
from qbrgen.render.pptx.fit import (
    CALLOUT_PAD,
    CARD_PAD,
    CELL_PAD_X,
    CELL_PAD_Y,
    CLIP,
    GAP,
    MARKER,
    METRIC_PAD,
    Box,
    body_size,
    card_height,
    card_text_sizes,
    card_width,
    col_widths,
    indent,
    metric_sizes,
    on_timeline,
    row_heights,
    table_size,
    timeline_height,
)
from qbrgen.render.textfit import clip, has_wide, text_height, text_width, wrap
from qbrgen.sections.document import Bullets, Cards, Metrics, Table

PT = 12700  # EMU per point
MUTED = RGBColor(0x5F, 0x6B, 0x7A)
INK = RGBColor(0x1E, 0x25, 0x2E)
LIGHT = RGBColor(0xF2, 0xF4, 0xF7)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
RULE = RGBColor(0xC8, 0xCD, 0xD3)  # hairlines: a timeline, a chart's baseline, a bridge's connectors
NO_GRID = "{2D5ABB26-0587-4C30-8999-92F81FD0307C}"  # the built-in "No Style, No Grid": our own rules and fills only
NS = nsdecls("a", "p")
_ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.RIGHT: "r", PP_ALIGN.CENTER: "ctr"}
_ANCHOR = {MSO_ANCHOR.TOP: "t", MSO_ANCHOR.MIDDLE: "ctr", MSO_ANCHOR.BOTTOM: "b"}
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x1F]")


@dataclass(frozen=True)
class Look:
    """The deck's colours and fonts; ``custom`` when a team template supplies its own text colours."""

    primary: RGBColor
    accent: RGBColor
    font: str | None
    custom: bool
    lang: str = "en-US"
    east_asian: str | None = None  # the font PowerPoint uses for CJK text
    ink: RGBColor | None = None  # with a template: a text colour that reads on the slide's background
    header: RGBColor | None = None  # header-row text on its light fill (the primary where it reads there)
    locale: str | None = None  # the account's locale (default: the one ``lang`` names)

    @property
    def account_locale(self) -> str:
        """Return the account's locale, like ja_JP: the number formats and language tags follow it."""
        return self.locale or self.lang.replace("-", "_")

    @property
    def body(self) -> RGBColor | None:
        """Return the colour of body text on the slide: the built-in ink, or one that reads on the template."""
        return self.ink if self.custom else INK

    @property
    def accent_text(self) -> RGBColor:
        """Return the accent as a text colour: deepened until it reads (4.5:1) on a light card and on white."""
        return _readable_accent(str(self.accent))

    @property
    def figure(self) -> RGBColor:
        """Return the colour of figures and titles on light cards: the primary, or ink where it would not read."""
        return self.header or self.primary

    def rpr(self, size: float, bold: bool = False, color=None, extra: str = "", text: str | None = None,
            tag: str = "a:rPr") -> str:
        """Return the run properties (``a:rPr``) of text at ``size`` points in the deck's font; its language is
        that of ``text`` (English words in a Japanese deck en-US, Japanese ones ja-JP), else the deck's."""
        fill = f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color is not None else ""
        latin = f'<a:latin typeface="{xml_attr(self.font)}"/>' if self.font else ""
        lang = self.lang if text is None else text_tag(text, self.account_locale)
        alt = ' altLang="en-US"' if lang.split("-")[0] in CJK_LANGUAGES else ""
        east = self.east_asian or (east_asian_font(self.font, lang) if text is not None and has_cjk(text) else None)
        ea = f'<a:ea typeface="{xml_attr(east)}"/>' if east else ""
        return (f'<{tag} lang="{lang}"{alt} sz="{Pt(round(size, 1)).centipoints}" b="{int(bold)}"{extra}>'
                f"{fill}{latin}{ea}</{tag}>")

    def run(self, text: str, size: float, bold: bool = False, color=None, extra: str = "") -> str:
        """Return ``text`` as runs (``a:r``), split where the script changes so each is tagged with its language."""
        return "".join(f"<a:r>{self.rpr(size, bold, color, extra, piece)}<a:t>{xml_text(piece)}</a:t></a:r>"
                       for piece in script_pieces(text))

    def line_runs(self, text: str, width: float | None, size: float, bold: bool = False, color=None,
                  extra: str = "") -> str:
        """Return one paragraph's runs; East Asian text is broken into the lines :func:`wrap` measured at
        ``width`` with explicit breaks, so no viewer splits an amount or a name (they break CJK anywhere)."""
        if width is None or not has_wide(text):
            return self.run(text, size, bold, color, extra)
        lines = wrap(text, width, size, bold)
        brk = f"<a:br>{self.rpr(size, bold, color, extra, text)}</a:br>"
        return brk.join(self.run(line, size, bold, color, extra) for line in lines)


# The East Asian font Office pairs with a Latin one (Japanese): Yu Gothic with Calibri, Meiryo with Arial;
# with a free font, Noto Sans CJK (what LibreOffice draws Japanese in on Linux).
_JA_PAIRS = {"calibri": "Yu Gothic", "arial": "Meiryo", "helvetica": "Meiryo"}
_EA_DEFAULT = {"ja": "Noto Sans CJK JP", "zh": "Noto Sans CJK SC", "ko": "Noto Sans CJK KR"}
_EA_OFFICE = {"zh": "Microsoft YaHei", "ko": "Malgun Gothic"}


def east_asian_font(latin: str | None, lang: str) -> str:
    """Return the East Asian font to pair with the Latin font ``latin`` for text tagged ``lang``."""
    base = lang.split("-")[0] if lang.split("-")[0] in _EA_DEFAULT else "ja"
    office = (latin or "Calibri").strip().lower() in _JA_PAIRS
    if base == "ja":
        return _JA_PAIRS.get((latin or "Calibri").strip().lower(), _EA_DEFAULT["ja"])
    return _EA_OFFICE[base] if office else _EA_DEFAULT[base]


def script_pieces(text: str) -> list[str]:
    """Return ``text`` cut where it changes between East Asian and Latin letters (spaces, digits and
    punctuation stay with the piece before them), so each piece is tagged and broken in its own language."""
    if not has_cjk(text):
        return [text]
    pieces, current, kind = [], "", None
    for ch in text:
        now = "cjk" if has_cjk(ch) else ("latin" if ch.isalpha() else None)
        if now is not None and kind is not None and now != kind and current:
            pieces.append(current)
            current = ""
        kind = now or kind
        current += ch
    pieces.append(current)
    return pieces


def rgb(hex_color: str) -> RGBColor:
    """Return the colour of a ``#RRGGBB`` string."""
    return RGBColor.from_string(hex_color.lstrip("#").upper())


@lru_cache(maxsize=64)
def _readable_accent(accent: str) -> RGBColor:
    """Return ``accent`` deepened until it reads on a light card (worked out once per colour, not per slide)."""
    from qbrgen.render.ooxml_color import shade_to

    return rgb(shade_to(accent, str(LIGHT), 4.5))


def e(points: float) -> Emu:
    """Return ``points`` in EMU."""
    return Emu(int(round(points * PT)))


def xfrm(x: float, y: float, w: float, h: float) -> str:
    """Return the ``a:xfrm`` of a shape at (x, y) of size (w, h) points."""
    return f'<a:xfrm><a:off x="{e(x)}" y="{e(y)}"/><a:ext cx="{e(w)}" cy="{e(h)}"/></a:xfrm>'


def xml_text(text: str) -> str:
    """Return ``text`` for an ``a:t`` element: escaped, control characters written as ``_xHHHH_``.

    (The escape python-pptx and PowerPoint use for characters XML cannot hold.)
    """
    return escape(_CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text))


def xml_attr(text: str) -> str:
    """Return ``text`` for an XML attribute value: escaped, control characters as spaces."""
    return escape(_CONTROL.sub(" ", text), {'"': "&quot;"})


class Group:
    """A group shape being filled: shapes added to it go inside its ``p:grpSp``."""

    def __init__(self, slide, element):
        self.slide = slide
        self._spTree = element

    @property
    def _next_shape_id(self) -> int:
        return self.slide.shapes._next_shape_id  # noqa: SLF001 - ids are unique across the whole slide


def _shapes(target):
    """Return the shape collection of a slide, or a :class:`Group` as it is."""
    return target if isinstance(target, Group) else target.shapes


def rect(target, box: Box, color: RGBColor, name: str = "qbrgen:shape", rounded: bool = False,
         paragraphs: str = "", shape: str = "", outline: RGBColor | None = None) -> None:
    """Add a filled shape without an outline or shadow (holding ``paragraphs``, centred, if given), as XML."""
    shapes = _shapes(target)
    fill = f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color is not None else "<a:noFill/>"
    line = (f'<a:ln w="{e(1.5)}"><a:solidFill><a:srgbClr val="{outline}"/></a:solidFill></a:ln>' if outline is not None
            else "<a:ln><a:noFill/></a:ln>")
    body = ('<p:txBody><a:bodyPr wrap="none" lIns="0" rIns="0" tIns="0" bIns="0" anchor="ctr"><a:noAutofit/>'
            f"</a:bodyPr><a:lstStyle/>{paragraphs}</p:txBody>") if paragraphs else ""
    sp = parse_xml(
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{shapes._next_shape_id}" name="{xml_attr(name)}"/><p:cNvSpPr/>'  # noqa: SLF001
        f"<p:nvPr/></p:nvSpPr><p:spPr>{xfrm(box.x, box.y, box.w, box.h)}"
        f'<a:prstGeom prst="{shape or ("roundRect" if rounded else "rect")}"><a:avLst/></a:prstGeom>'
        f'{fill}{line}</p:spPr>{body}</p:sp>')
    shapes._spTree.insert_element_before(sp, "p:extLst")  # noqa: SLF001


def group(slide, name: str, box: Box) -> Group:
    """Add an empty group shape named ``name`` whose members lie within ``box``, and return it."""
    shapes = slide.shapes
    off = f'<a:off x="{e(box.x)}" y="{e(box.y)}"/><a:ext cx="{e(box.w)}" cy="{e(box.h)}"/>'
    element = parse_xml(
        f'<p:grpSp {NS}><p:nvGrpSpPr><p:cNvPr id="{shapes._next_shape_id}" name="{xml_attr(name)}"/>'  # noqa: SLF001
        f'<p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>{off}'
        f'{off.replace("a:off", "a:chOff").replace("a:ext", "a:chExt")}</a:xfrm></p:grpSpPr></p:grpSp>')
    shapes._spTree.insert_element_before(element, "p:extLst")  # noqa: SLF001
    return Group(slide, element)


def chip(target, look: Look, box: Box, label: str, size: float, fill: RGBColor, ink: RGBColor,
         name: str = "qbrgen:chip") -> None:
    """Add a rounded chip holding ``label``, centred."""
    rect(target, box, fill, name, rounded=True,
         paragraphs=f'<a:p><a:pPr algn="ctr"/>{look.run(label, size, True, ink)}</a:p>')


def add_textbox(target, box: Box, name: str, anchor: str, paragraphs: str) -> None:
    """Add a text box of ready-made paragraphs: no autofit, no insets, wrapping at the box's width."""
    shapes = _shapes(target)
    shape_id = shapes._next_shape_id  # noqa: SLF001 - the id python-pptx would give the shape
    sp = parse_xml(
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{xml_attr(name)}"/><p:cNvSpPr txBox="1"/>'
        f"<p:nvPr/></p:nvSpPr><p:spPr>{xfrm(box.x, box.y, box.w, box.h)}"
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody>'
        f'<a:bodyPr wrap="square" lIns="0" rIns="0" tIns="0" bIns="0" anchor="{anchor}"><a:noAutofit/>'
        f"</a:bodyPr><a:lstStyle/>{paragraphs}</p:txBody></p:sp>")
    shapes._spTree.insert_element_before(sp, "p:extLst")  # noqa: SLF001


def text(target, look: Look, box: Box, text: str, size: float, bold: bool = False, color=None,
         align=None, anchor=MSO_ANCHOR.TOP, name: str = "qbrgen:text", extra: str = "") -> None:
    """Add a text box holding ``text`` (one paragraph per line) at ``size`` points."""
    ppr = f'<a:pPr algn="{_ALIGN[align]}"/>' if align is not None else ""
    paragraphs = "".join(f"<a:p>{ppr}{look.line_runs(line, box.w, size, bold, color, extra)}</a:p>"
                         for line in text.split("\n"))
    add_textbox(target, box, name, _ANCHOR[anchor], paragraphs)


def runs(target, look: Look, box: Box, pieces, size: float, align=None, name: str = "qbrgen:text") -> None:
    """Add a one-paragraph text box of differently styled ``pieces``: (text, bold, colour) each."""
    ppr = f'<a:pPr algn="{_ALIGN[align]}"/>' if align is not None else ""
    body = "".join(look.run(t, size, bold, color) for t, bold, color in pieces)
    add_textbox(target, box, name, "t", f"<a:p>{ppr}{body}</a:p>")


def callout(slide, look: Look, words: str, area: Box, size: float) -> None:
    """Set the slide's ask (a lead paragraph among other blocks) as one callout: a light panel with an accent
    rule, its text in the figure colour, padded as :func:`~qbrgen.render.pptx.fit.block_height` measured it."""
    panel = group(slide, "qbrgen:callout", area)
    rect(panel, area, LIGHT)
    rect(panel, Box(area.x, area.y, 5, area.h), look.accent)
    inner = Box(area.x + 2 * CALLOUT_PAD, area.y + CALLOUT_PAD, area.w - 3 * CALLOUT_PAD, area.h - 2 * CALLOUT_PAD)
    text(panel, look, inner, words, size, bold=True, color=look.figure, anchor=MSO_ANCHOR.MIDDLE)


def bullets(slide, look: Look, block: Bullets, area: Box, scale: float, spread: float = 0.0) -> None:
    """Add ``block`` as one text box of bulleted (or numbered) paragraphs, ``spread`` points more apart."""
    size = body_size(scale)
    hang = int(indent(scale) * PT)
    bullet = (f'<a:buClr><a:srgbClr val="{look.accent}"/></a:buClr><a:buFont typeface="+mj-lt"/>'
              '<a:buAutoNum type="arabicPeriod"/>' if block.numbered
              else f'<a:buClr><a:srgbClr val="{look.accent}"/></a:buClr><a:buFont typeface="Arial"/>'
                   '<a:buChar char="\u2022"/>')
    paragraphs = []
    for i, item in enumerate(block.items):
        before = Pt(0 if i == 0 else 6 * scale + spread).centipoints
        body = look.line_runs(clip(item, CLIP["bullet"]), area.w - indent(scale), size, color=look.body)
        paragraphs.append(
            f'<a:p><a:pPr marL="{hang}" indent="{-hang}"><a:spcBef><a:spcPts val="{before}"/></a:spcBef>'
            f"{bullet}</a:pPr>{body}</a:p>")
    add_textbox(slide, area, "qbrgen:bullets", "t", "".join(paragraphs))


def metrics(slide, look: Look, block: Metrics, area: Box, scale: float) -> None:
    """Add ``block`` as a row of cards (one group each): a light card, an accent rule, figure, label, detail."""
    n = len(block.items)
    card_w = (area.w - GAP * (n - 1)) / n
    inner = card_w - 32
    vsize, lsize, dsize = metric_sizes(block.items, inner, scale)
    texts = [(clip(m.value, CLIP["metric"]), clip(m.label, CLIP["metric"]),
              clip(m.detail, CLIP["metric"]) if m.detail else "") for m in block.items]
    heights = [(text_height(value, inner, vsize, True), text_height(label, inner, lsize, True),
                text_height(detail, inner, dsize) if detail else 0.0) for value, label, detail in texts]
    tallest = max(sum(h) for h in heights)
    top = area.y + max(METRIC_PAD, (area.h - tallest - 6) / 2)  # the figures level, the content in the middle
    for i, ((value, label, detail), (vh, lh, dh)) in enumerate(zip(texts, heights, strict=True)):
        x = area.x + i * (card_w + GAP)
        card = group(slide, "qbrgen:metric", Box(x, area.y, card_w, area.h))
        rect(card, Box(x, area.y, card_w, area.h), LIGHT)
        rect(card, Box(x, area.y, card_w, 4), look.accent)
        y = top
        text(card, look, Box(x + 16, y, inner, vh), value, vsize, bold=True, color=look.figure)
        y += vh + 6
        text(card, look, Box(x + 16, y, inner, lh), label, lsize, bold=True, color=INK)
        y += lh
        if detail:
            text(card, look, Box(x + 16, y, inner, dh), detail, dsize, color=MUTED)


# The states the document tree writes in chips (a goal's or a milestone's), as the document's language writes
# them: the chip's colour is looked up by the translated label, not by English words in it.
_CHIP_STATES = ((N_("At risk"), "risk"), (N_("Overdue"), "risk"), (N_("Needs attention"), "attention"),
                (N_("On track"), "ok"), (N_("Done"), "ok"), (N_("Not started"), "plain"))
_CHIP_COLOURS = {"risk": (RGBColor(0xFB, 0xE4, 0xE1), RGBColor(0xA8, 0x24, 0x1C)),
                 "attention": (RGBColor(0xFD, 0xF0, 0xD5), RGBColor(0x8A, 0x5A, 0x00)),
                 "ok": (RGBColor(0xE3, 0xF2, 0xE8), RGBColor(0x1B, 0x6B, 0x3F)),
                 "plain": (RGBColor(0xEC, 0xEE, 0xF1), RGBColor(0x4A, 0x55, 0x63))}


def chip_colors(state: str) -> tuple[RGBColor, RGBColor]:
    """Return the (fill, text) colours of a state chip: green on track or done, red at risk, amber needs attention,
    grey otherwise."""
    kinds = {_(label): kind for label, kind in _CHIP_STATES}
    if state in kinds:
        return _CHIP_COLOURS[kinds[state]]
    low = state.lower()  # an English state written another way (the source language)
    if "risk" in low or "overdue" in low:
        return RGBColor(0xFB, 0xE4, 0xE1), RGBColor(0xA8, 0x24, 0x1C)
    if "attention" in low:  # the customer's word for at risk: amber, not alarm red
        return RGBColor(0xFD, 0xF0, 0xD5), RGBColor(0x8A, 0x5A, 0x00)
    if "track" in low or "done" in low:
        return RGBColor(0xE3, 0xF2, 0xE8), RGBColor(0x1B, 0x6B, 0x3F)
    return RGBColor(0xEC, 0xEE, 0xF1), RGBColor(0x4A, 0x55, 0x63)


def cards(slide, look: Look, block: Cards, area: Box, scale: float, title_top: float = 99.0) -> None:
    """Add ``block`` as cards side by side, each a group: tag, title, lines and a state chip. Dated cards stand on
    a timeline (their dates above a dot each, on one rule); every card is as tall as the tallest one's text
    (plus what the deck lets them grow: a little air), never a tall panel with its text at the top."""
    card_w = card_width(block, area.w)
    tag_size, title_size, line_size = card_text_sizes(scale)
    title_size = min(title_size, title_top)  # a card's title never outgrows the slide's (measured at its own size)
    inner = card_w - 2 * CARD_PAD
    line = on_timeline(block)
    top = area.y
    if line:
        track = timeline_height(block, area.w, scale)
        dot_y = area.y + track - GAP - MARKER
        line_group = group(slide, "qbrgen:timeline", Box(area.x, area.y, area.w, track - GAP))
        rect(line_group, Box(area.x, dot_y + MARKER / 2 - 1, area.w, 2), RULE, "qbrgen:timeline-rule")
        for i, c in enumerate(block.items):
            x = area.x + i * (card_w + GAP)
            h = text_height(c.tag, inner, tag_size, True)
            text(line_group, look, Box(x + CARD_PAD, area.y, inner, h), c.tag, tag_size, bold=True,
                 color=look.accent_text if look.body == INK or not look.custom else look.body,
                 name="qbrgen:timeline-date")
            rect(line_group, Box(x + CARD_PAD, dot_y, MARKER, MARKER), look.accent, "qbrgen:timeline-dot",
                 shape="ellipse")
        top = area.y + track
    natural = max(card_height(c, card_w, scale, tag=not line) for c in block.items)
    card_h = max(natural, area.y + area.h - top)  # the deck gave the cards what they may grow to
    for i, c in enumerate(block.items):
        x = area.x + i * (card_w + GAP)
        card = group(slide, "qbrgen:card", Box(x, top, card_w, card_h))
        rect(card, Box(x, top, card_w, card_h), LIGHT)
        rect(card, Box(x, top, card_w, 4), look.accent)
        y = top + CARD_PAD + 6
        if c.tag and not line:
            h = text_height(c.tag, inner, tag_size, True)
            text(card, look, Box(x + CARD_PAD, y, inner, h), c.tag, tag_size, bold=True, color=look.accent_text)
            y += h + 6
        title = clip(c.title, CLIP["metric"])
        h = text_height(title, inner, title_size, True)
        text(card, look, Box(x + CARD_PAD, y, inner, h), title, title_size, bold=True, color=look.figure)
        y += h + 6
        for lead in c.lines:
            lead = clip(lead, CLIP["metric"])
            h = text_height(lead, inner, line_size)
            text(card, look, Box(x + CARD_PAD, y, inner, h), lead, line_size, color=INK)
            y += h + 4
        if c.chip:
            fill, ink = chip_colors(c.chip)
            w = min(inner, text_width(c.chip, tag_size, True) + 20)
            h = tag_size * 1.2 + 8
            chip(card, look, Box(x + CARD_PAD, y + 6, w, h), c.chip, tag_size, fill, ink)


def _line(side: str, color: str | None, width: float = 0.75) -> str:
    if color is None:
        return f'<a:{side} w="0"><a:noFill/></a:{side}>'
    return f'<a:{side} w="{e(width)}"><a:solidFill><a:srgbClr val="{color}"/></a:solidFill></a:{side}>'


def table(slide, look: Look, block: Table, area: Box, scale: float, extra_h: float = 0.0) -> None:
    """Add ``block`` as a table written as XML in one piece: horizontal rules only, a light header row.

    ``extra_h`` points are shared among the body rows (a short table breathes instead of leaving a gap).
    """
    size = table_size(scale)
    widths = col_widths(block, area.w, size)
    rows = [block.columns, *block.rows]
    heights = row_heights(block, widths, size)
    if extra_h > 0 and len(rows) > 1:
        heights = [heights[0]] + [h + extra_h / (len(rows) - 1) for h in heights[1:]]
    align = block.align or ("left",) * len(widths)
    algn = [{"right": "r", "center": "ctr"}.get(a, "l") for a in align]
    margins = f'marL="{e(CELL_PAD_X)}" marR="{e(CELL_PAD_X)}" marT="{e(CELL_PAD_Y)}" marB="{e(CELL_PAD_Y)}"'
    rule, hair = str(look.primary), "D5DAE0"
    xml = [f'<a:tbl {NS}><a:tblPr firstRow="1"><a:tableStyleId>{NO_GRID}</a:tableStyleId></a:tblPr><a:tblGrid>',
           *(f'<a:gridCol w="{e(w)}"/>' for w in widths), "</a:tblGrid>"]
    for r, row in enumerate(rows):
        header = r == 0
        total = block.emphasis_last_row and r == len(rows) - 1
        top = rule if total else None
        bottom = rule if header else (None if r == len(rows) - 1 and not total else hair)
        if r == len(rows) - 1:
            bottom = rule if total else hair
        lines = (_line("lnL", None) + _line("lnR", None) + _line("lnT", top, 1.0)
                 + _line("lnB", bottom, 1.25 if header else 0.75))
        xml.append(f'<a:tr h="{e(heights[r])}">')
        for c, cell in enumerate(row):
            color, fill = (look.figure if header else look.body or INK), (LIGHT if header else None)
            if not header and c in block.chips and cell:
                fill, color = chip_colors(cell)
            bold = header or total or (c in block.chips and not header)
            shade = f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>' if fill is not None else "<a:noFill/>"
            body = look.line_runs(clip(cell, CLIP["cell"]), widths[c] - 2 * CELL_PAD_X, size, bold, color)
            xml.append(
                f'<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/><a:p><a:pPr algn="{algn[c]}"/>'
                f"{body}</a:p></a:txBody>"
                f'<a:tcPr {margins} anchor="ctr">{lines}{shade}</a:tcPr></a:tc>')
        xml.append("</a:tr>")
    xml.append("</a:tbl>")
    # the frame is exactly as wide and tall as its columns and rows, as PowerPoint keeps it
    shape = slide.shapes.add_table(1, 1, e(area.x), e(area.y), Emu(sum(e(w) for w in widths)),
                                   Emu(sum(e(h) for h in heights)))
    shape.name = "qbrgen:table"
    graphic_data = shape._element.graphic.graphicData  # noqa: SLF001 - the table is written as XML in one piece
    graphic_data.replace(graphic_data.tbl, parse_xml("".join(xml)))
