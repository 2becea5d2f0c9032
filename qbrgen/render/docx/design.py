"""The built-in DOCX's own styles, defined from the proposal's design tokens (:mod:`qbrgen.render.design`), so the
Word file and the PDF share one type scale, colours, spacing and margins, and nothing of python-docx's stock look
(a blue Calibri Light heading, an underlined title, an italic blue subtitle) is left.

Only the built-in look is styled here; a team's Word template keeps its own styles.
"""

from __future__ import annotations

from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from qbrgen.render.design import Design, tokens

NATURAL_LINE = 1.22  # a line of Calibri / Carlito in Word's "single" spacing, in font sizes
_KEPT_PPR = {qn("w:numPr"), qn("w:outlineLvl")}


def word_line(design: Design) -> float:
    """Return Word's line-spacing multiple that gives the PDF's line height (a multiple of the font size)."""
    return round(design.line / NATURAL_LINE, 2)


def define_styles(doc, primary: str, font: str) -> Design:
    """Define the styles the built-in proposal writes with, and its margins, from the design tokens."""
    d = tokens()
    ink, muted, brand = (RGBColor.from_string(c) for c in (d.ink, d.muted, primary))
    line = word_line(d)
    styles = doc.styles
    #          name          size        bold   colour  before        after          line
    looks = {
        "Normal": (d.body, False, ink, 0, d.para_after, line),
        "Title": (d.title, True, brand, 0, Mm(6).pt, 1.15 / NATURAL_LINE),
        "Subtitle": (d.subtitle, False, muted, 0, Mm(10).pt, line),
        "Heading 1": (d.h1, True, brand, d.h1_before, d.h1_after, 1.2 / NATURAL_LINE),
        "Heading 2": (d.h2, True, brand, d.h1_before * 0.6, 4, 1.2 / NATURAL_LINE),
        "Heading 3": (d.body, True, brand, d.para_after, 2, 1.2 / NATURAL_LINE),
        "List Bullet": (d.body, False, ink, 0, 2, line),
        "List Number": (d.body, False, ink, 0, 2, line),
        "Quote": (d.body, False, muted, 0, d.para_after, line),
        "Header": (d.small, False, muted, 0, 0, 1.0),
        "Footer": (d.small, False, muted, 0, 0, 1.0),
    }
    names = {s.name: s for s in styles}
    for name, (size, bold, colour, before, after, spacing) in looks.items():
        style = names.get(name)
        if style is None:
            continue
        _reset(style.element)
        style.font.name = font
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = colour
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after = Pt(before), Pt(after)
        fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        fmt.line_spacing = round(spacing, 2)
        if name.startswith(("Heading", "Title")):
            fmt.keep_with_next = True
            fmt.keep_together = True
        if name.startswith("List"):
            fmt.left_indent, fmt.first_line_indent = Pt(d.list_indent), Pt(-d.list_indent)
    for el in styles.element.iter(qn("w:color")):  # what is left of the stock look (linked character styles)
        if el.get(qn("w:themeColor")) or el.get(qn("w:val"), "auto") not in ("auto", d.ink, d.muted, primary):
            for key in ("themeColor", "themeShade", "themeTint"):
                el.attrib.pop(qn(f"w:{key}"), None)
            el.set(qn("w:val"), primary)
    for fonts in styles.element.iter(qn("w:rFonts")):  # and of its theme fonts (Calibri Light headings)
        if any(k.endswith("Theme") for k in fonts.attrib):
            for key in [k for k in fonts.attrib if k.endswith("Theme")]:
                del fonts.attrib[key]
            fonts.set(qn("w:ascii"), font)
            fonts.set(qn("w:hAnsi"), font)
    for section in doc.sections:
        section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
            Pt(m) for m in d.margins)
    return d


def _reset(style_el) -> None:
    """Empty a style's paragraph and run properties but its list and outline level (python-docx's stock look:
    theme fonts, theme colours, borders, italics, letter spacing)."""
    ppr = style_el.find(qn("w:pPr"))
    if ppr is not None:
        for child in list(ppr):
            if child.tag not in _KEPT_PPR:
                ppr.remove(child)
    rpr = style_el.find(qn("w:rPr"))
    if rpr is not None:
        style_el.remove(rpr)
