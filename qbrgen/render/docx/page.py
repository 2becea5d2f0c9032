"""Page setup: document properties, the base font, the running header and "Page X of Y" footers."""

from __future__ import annotations

import datetime as dt

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from qbrgen.render import fonts
from qbrgen.render.docx.blocks import MUTED, plain
from qbrgen.render.textfit import clip


def set_up(doc, document, assets, custom: bool, styles) -> None:
    """Stamp the properties, set the built-in look's base font, and write the header and footers."""
    props = doc.core_properties
    stamp = dt.datetime.combine(assets.build_date, dt.time(0, 0))
    props.title = clip(document.title, 255)  # core properties hold at most 255 characters
    props.author = clip(document.meta_value("vendor"), 255)
    props.last_modified_by = "qbrgen"
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    props.subject = "Renewal proposal"
    props.comments = ""
    if not custom and styles.has("Normal"):
        normal = doc.styles["Normal"]
        normal.font.name = fonts.face(assets.theme.font).name
        normal.font.size = Pt(10)  # the PDF's type scale
    locale = document.meta_value("locale", "en_US")
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")) if defaults is not None else None
    if rpr is not None:  # the document's language on every run, through the defaults
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), fonts.language_tag(locale))
        if fonts.east_asian(locale):
            lang.set(qn("w:eastAsia"), fonts.language_tag(locale))
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    _footers(section)
    if not custom:
        header = clear(section.header)
        header.text = " · ".join(x for x in (document.meta_value("vendor"), document.title) if x)
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in header.runs:
            run.font.size = Pt(8)
            run.font.color.rgb = MUTED


def _footers(section) -> None:
    """Put "Page X of Y" in every footer (a template may have odd, even and first-page ones)."""
    for footer in (section.footer, section.even_page_footer):
        _page_numbers(footer)
    first = section.first_page_footer
    first.is_linked_to_previous = False
    clear(first)


def _page_numbers(footer) -> None:
    footer.is_linked_to_previous = False
    p = clear(footer)
    plain(p)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("Page ")
    _field(p, "PAGE")
    p.add_run(" of ")
    _field(p, "NUMPAGES")
    for run in p.runs:
        run.font.size = Pt(8)


def clear(part):
    """Empty a header or footer (paragraphs, tables, content controls, frames) and return a new paragraph."""
    root = part._element  # noqa: SLF001 - w:hdr / w:ftr; a template may wrap its page number in w:sdt
    for child in list(root):
        root.remove(child)
    return part.add_paragraph()


def _field(paragraph, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) to ``paragraph``."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)  # noqa: SLF001
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)  # noqa: SLF001
        else:
            run.text = text
