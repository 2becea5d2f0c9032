"""Shapes as XML: text boxes, bullet lists, metric cards and tables, each written in one piece.

python-pptx's per-property setters cost several times more than writing a shape's XML at once,
and a deck has hundreds of runs. Geometry comes in points (:class:`~qbrgen.render.pptx.fit.Box`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.util import Emu, Pt

from qbrgen.document import Bullets, Metrics, Table
from qbrgen.render.pptx.fit import (
    BODY,
    CELL_PAD_X,
    CELL_PAD_Y,
    CLIP,
    GAP,
    TABLE,
    Box,
    col_widths,
    indent,
    metric_sizes,
    row_heights,
)
from qbrgen.render.textfit import clip, text_height

PT = 12700  # EMU per point
MUTED = RGBColor(0x5F, 0x6B, 0x7A)
INK = RGBColor(0x1E, 0x25, 0x2E)
LIGHT = RGBColor(0xF2, 0xF4, 0xF7)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
NO_STYLE = "{5940675A-B579-460E-94D1-54222C63F5DA}"  # the built-in "No Style, Table Grid": our own fills only
NS = nsdecls("a", "p")
_ALIGN = {PP_ALIGN.LEFT: "l", PP_ALIGN.RIGHT: "r", PP_ALIGN.CENTER: "ctr"}
_ANCHOR = {MSO_ANCHOR.TOP: "t", MSO_ANCHOR.MIDDLE: "ctr", MSO_ANCHOR.BOTTOM: "b"}
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x1F]")


@dataclass(frozen=True)
class Look:
    """The deck's colours and font; ``custom`` when a team template supplies its own text colours."""

    primary: RGBColor
    accent: RGBColor
    font: str | None
    custom: bool

    def rpr(self, size: float, bold: bool = False, color=None) -> str:
        """Return the run properties (``a:rPr``) of text at ``size`` points in the deck's font."""
        fill = f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color is not None else ""
        latin = f'<a:latin typeface="{xml_attr(self.font)}"/>' if self.font else ""
        return f'<a:rPr sz="{Pt(round(size, 1)).centipoints}" b="{int(bold)}">{fill}{latin}</a:rPr>'


def rgb(hex_color: str) -> RGBColor:
    """Return the colour of a ``#RRGGBB`` string."""
    return RGBColor.from_string(hex_color.lstrip("#").upper())


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


def rect(slide, box: Box, color: RGBColor):
    """Add a filled rectangle without an outline and return it."""
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, e(box.x), e(box.y), e(box.w), e(box.h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = color
    shape.line.fill.background()
    return shape


def add_textbox(slide, box: Box, name: str, anchor: str, paragraphs: str) -> None:
    """Add a text box of ready-made paragraphs: no autofit, no insets, wrapping at the box's width."""
    shapes = slide.shapes
    shape_id = shapes._next_shape_id  # noqa: SLF001 - the id python-pptx would give the shape
    sp = parse_xml(
        f'<p:sp {NS}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{xml_attr(name)}"/><p:cNvSpPr txBox="1"/>'
        f"<p:nvPr/></p:nvSpPr><p:spPr>{xfrm(box.x, box.y, box.w, box.h)}"
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr><p:txBody>'
        f'<a:bodyPr wrap="square" lIns="0" rIns="0" tIns="0" bIns="0" anchor="{anchor}"><a:noAutofit/>'
        f"</a:bodyPr><a:lstStyle/>{paragraphs}</p:txBody></p:sp>")
    shapes._spTree.insert_element_before(sp, "p:extLst")  # noqa: SLF001


def text(slide, look: Look, box: Box, text: str, size: float, bold: bool = False, color=None,
         align=None, anchor=MSO_ANCHOR.TOP, name: str = "qbrgen:text") -> None:
    """Add a text box holding ``text`` (one paragraph per line) at ``size`` points."""
    run = look.rpr(size, bold, color)
    ppr = f'<a:pPr algn="{_ALIGN[align]}"/>' if align is not None else ""
    paragraphs = "".join(f"<a:p>{ppr}<a:r>{run}<a:t>{xml_text(line)}</a:t></a:r></a:p>"
                         for line in text.split("\n"))
    add_textbox(slide, box, name, _ANCHOR[anchor], paragraphs)


def bullets(slide, look: Look, block: Bullets, area: Box, scale: float) -> None:
    """Add ``block`` as one text box of bulleted (or numbered) paragraphs."""
    run = look.rpr(BODY * scale, color=None if look.custom else INK)
    hang = int(indent(scale) * PT)
    bullet = ('<a:buAutoNum type="arabicPeriod"/>' if block.numbered
              else '<a:buFont typeface="Arial"/><a:buChar char="\u2022"/>')
    paragraphs = []
    for i, item in enumerate(block.items):
        before = Pt(0 if i == 0 else 6 * scale).centipoints
        paragraphs.append(
            f'<a:p><a:pPr marL="{hang}" indent="{-hang}"><a:spcBef><a:spcPts val="{before}"/></a:spcBef>'
            f"{bullet}</a:pPr><a:r>{run}<a:t>{xml_text(clip(item, CLIP['bullet']))}</a:t></a:r></a:p>")
    add_textbox(slide, area, "qbrgen:bullets", "t", "".join(paragraphs))


def metrics(slide, look: Look, block: Metrics, area: Box, scale: float) -> None:
    """Add ``block`` as a row of cards: a light card, an accent stripe, the figure, its label and detail."""
    n = len(block.items)
    card_w = (area.w - GAP * (n - 1)) / n
    for i, m in enumerate(block.items):
        x = area.x + i * (card_w + GAP)
        rect(slide, Box(x, area.y, card_w, area.h), LIGHT)
        rect(slide, Box(x, area.y, 4, area.h), look.accent)
        inner = card_w - 28
        vsize, lsize, dsize = metric_sizes(m, inner, scale)
        y = area.y + 8 * scale
        value = clip(m.value, CLIP["metric"])
        vh = text_height(value, inner, vsize, True)
        text(slide, look, Box(x + 16, y, inner, vh), value, vsize, bold=True, color=look.primary)
        y += vh + 2
        label = clip(m.label, CLIP["metric"])
        lh = text_height(label, inner, lsize, True)
        text(slide, look, Box(x + 16, y, inner, lh), label, lsize, bold=True, color=INK)
        y += lh
        if m.detail:
            detail = clip(m.detail, CLIP["metric"])
            text(slide, look, Box(x + 16, y, inner, text_height(detail, inner, dsize)), detail, dsize, color=MUTED)


def table(slide, look: Look, block: Table, area: Box, scale: float) -> None:
    """Add ``block`` as a table whose grid, rows and cells are written as XML in one piece."""
    size = TABLE * scale
    widths = col_widths(block, area.w, size)
    rows = [block.columns, *block.rows]
    heights = row_heights(block, widths, size)
    align = block.align or ("left",) * len(widths)
    algn = [{"right": "r", "center": "ctr"}.get(a, "l") for a in align]
    margins = f'marL="{e(CELL_PAD_X)}" marR="{e(CELL_PAD_X)}" marT="{e(CELL_PAD_Y)}" marB="{e(CELL_PAD_Y)}"'
    xml = [f'<a:tbl {NS}><a:tblPr firstRow="1"><a:tableStyleId>{NO_STYLE}</a:tableStyleId></a:tblPr><a:tblGrid>',
           *(f'<a:gridCol w="{e(w)}"/>' for w in widths), "</a:tblGrid>"]
    for r, row in enumerate(rows):
        header = r == 0
        total = block.emphasis_last_row and r == len(rows) - 1
        run = look.rpr(size, bold=header or total, color=WHITE if header else INK)
        fill = look.primary if header else (LIGHT if total or r % 2 == 0 else WHITE)
        xml.append(f'<a:tr h="{e(heights[r])}">')
        for c, cell in enumerate(row):
            xml.append(
                f'<a:tc><a:txBody><a:bodyPr wrap="square"/><a:lstStyle/><a:p><a:pPr algn="{algn[c]}"/>'
                f"<a:r>{run}<a:t>{xml_text(clip(cell, CLIP['cell']))}</a:t></a:r></a:p></a:txBody>"
                f'<a:tcPr {margins} anchor="ctr"><a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>'
                "</a:tcPr></a:tc>")
        xml.append("</a:tr>")
    xml.append("</a:tbl>")
    # the frame is exactly as wide and tall as its columns and rows, as PowerPoint keeps it
    shape = slide.shapes.add_table(1, 1, e(area.x), e(area.y), Emu(sum(e(w) for w in widths)),
                                   Emu(sum(e(h) for h in heights)))
    shape.name = "qbrgen:table"
    graphic_data = shape._element.graphic.graphicData  # noqa: SLF001 - the table is written as XML in one piece
    graphic_data.replace(graphic_data.tbl, parse_xml("".join(xml)))
