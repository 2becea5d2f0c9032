"""Page setup: document properties, the base font, the running header and "Page X of Y" footers.

A team template's own headers and footers are kept (badges, colour strips, its own page numbers);
a page number, in the document's language, is added only where the template shows none.
"""

from __future__ import annotations

import datetime as dt

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from qbrgen.i18n import _
from qbrgen.render.design import tokens
from qbrgen.render.docx.blocks import MUTED, plain
from qbrgen.render.docx.lang import set_default_language
from qbrgen.render.textfit import clip
from qbrgen.render.wordxml import has_content, has_page_field, page_line


def set_up(doc, document, assets, custom: bool, styles) -> None:
    """Stamp the properties, set the built-in look's base font, and write the header and footers."""
    props = doc.core_properties
    stamp = dt.datetime.combine(assets.build_date, dt.time(0, 0))
    props.title = clip(document.title, 255)  # core properties hold at most 255 characters
    props.author = clip(document.meta_value("vendor"), 255)
    props.last_modified_by = "qbrgen"
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1
    # TRANSLATORS: the "Subject" property of the proposal's Word file (File > Properties)
    props.subject = _("Renewal proposal")
    props.comments = ""
    set_default_language(doc.styles.element, document.meta_value("locale", "en_US"))
    section = doc.sections[0]
    words = page_line()  # in the language the document is written in, not the locale of its figures
    if custom:
        clean_running_heads(doc, document)
        _template_footers(section, words)
    else:
        section.different_first_page_header_footer = True
        _footers(section, words)
    if not custom:
        header = clear(section.header)
        header.text = " · ".join(x for x in (document.meta_value("vendor"), document.title) if x)
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in header.runs:
            run.font.size = Pt(tokens().small)
            run.font.color.rgb = MUTED


def clean_running_heads(doc, document) -> list[str]:
    """Fill or remove the unfilled fields of a template's kept headers and footers, and remove their lines
    saying draft, sample or template (:mod:`qbrgen.brandkit.kit`); return what was removed."""
    from qbrgen.brandkit.kit import clean_part
    from qbrgen.fmt import Formatter

    as_of = document.meta_value("as_of")
    try:
        day = Formatter(document.meta_value("locale", "en_US"), "USD").date(dt.date.fromisoformat(as_of))
    except ValueError:
        day = ""
    fill = {"customer": document.meta_value("customer"), "vendor": document.meta_value("vendor"), "date": day,
            "title": document.title}
    removed: list[str] = []
    seen = set()
    for rel in doc.part.rels.values():
        if rel.reltype.rsplit("/", 1)[-1] in ("header", "footer") and not rel.is_external:
            part = rel.target_part
            if part in seen:
                continue
            seen.add(part)
            removed += clean_part(part.element, fill)
    return removed


def _footers(section, words) -> None:
    """Put "Page X of Y" in every footer (odd, even) and none on the title page."""
    for footer in (section.footer, section.even_page_footer):
        footer.is_linked_to_previous = False
        _page_numbers(clear(footer), words)
    first = section.first_page_footer
    first.is_linked_to_previous = False
    clear(first)


def _template_footers(section, words) -> None:
    """Keep a template's headers and footers; add "Page X of Y" to its footers only when none of its
    headers and footers shows a page number."""
    defined = [part for part in (section.header, section.even_page_header, section.first_page_header,
                                 section.footer, section.even_page_footer, section.first_page_footer)
               if not part.is_linked_to_previous]
    if any(has_page_field(part._element) for part in defined):  # noqa: SLF001 - w:hdr / w:ftr
        return
    for footer in (section.footer, section.even_page_footer):
        if footer.is_linked_to_previous:
            if footer is not section.footer:
                continue  # no even-page footer of its own: odd and even pages share the default one
            footer.is_linked_to_previous = False
            _page_numbers(clear(footer), words)
        else:
            root = footer._element  # noqa: SLF001
            empty = not has_content(root)
            _page_numbers(clear(footer) if empty else footer.add_paragraph(), words)


def _page_numbers(p, words) -> None:
    """Write "Page X of Y" (in the document's language) in paragraph ``p``: the translated message's text
    around Word's PAGE and NUMPAGES fields, in the message's order."""
    plain(p)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in words:
        if piece == "{page}":
            _field(p, "PAGE")
        elif piece == "{pages}":
            _field(p, "NUMPAGES")
        else:
            p.add_run(piece)
    for run in p.runs:
        run.font.size = Pt(tokens().small)
        run.font.color.rgb = MUTED


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
