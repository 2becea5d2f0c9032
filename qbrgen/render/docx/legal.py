"""What makes the DOCX a document procurement can sign: page size, parts kept whole, the signature block.

- The page is A4 or US Letter by the account's locale (:mod:`qbrgen.render.paper`), or as the workspace forces.
- The terms and the acceptance block stay on one page (keep-with-next on every paragraph but the last,
  rows that cannot split); so does a table of three rows or fewer.
- Each signature line carries the e-signature platform's anchor (:mod:`qbrgen.render.esign`) as white 2 pt text
  when ``--esign`` asks for one, and nothing at all when not.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from qbrgen.render.docx.blocks import MUTED, plain
from qbrgen.render.esign import ANCHOR_PT, anchor
from qbrgen.render.paper import SIZES_MM, page_size
from qbrgen.sections.document import Signature

WHITE = RGBColor(0xFF, 0xFF, 0xFF)
SHORT_TABLE = 3  # rows (besides the header) of a table that never splits


def set_page_size(doc, locale: str, forced: str) -> str:
    """Give every section the page size of ``locale`` (or the forced one), keeping the margins; return it."""
    size = page_size(locale, forced)
    width, height = SIZES_MM[size]
    for section in doc.sections:
        section.page_width, section.page_height = Mm(width), Mm(height)
    return size


def keep_whole(elements) -> None:
    """Keep ``elements`` on one page: every paragraph keeps with the next but the last; no row splits."""
    paragraphs = [p for el in elements for p in el.iter(qn("w:p"))]
    for p in paragraphs[:-1]:
        p.get_or_add_pPr().keepNext_val = True
    for row in (r for el in elements for r in el.iter(qn("w:tr"))):
        tr_pr = row.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert(0, tr_pr.makeelement(qn("w:cantSplit"), {}))


def keep_short_tables(body) -> None:
    """Keep every table of three rows or fewer (besides its header) on one page."""
    for tbl in body.iter(qn("w:tbl")):
        if len(tbl.findall(qn("w:tr"))) <= SHORT_TABLE + 1:
            keep_whole([tbl])


def signature(writer, block: Signature, esign: str) -> None:
    """Add the signature block: a column per party, a line per field, pre-filled or blank, with anchors."""
    table = writer._new_table(len(block.fields) + 1, len(block.parties))  # noqa: SLF001 - the writer's own table look
    for c, party in enumerate(block.parties):
        head = plain(table.rows[0].cells[c].paragraphs[0]).add_run(f"For {party}")
        head.bold = True
        values = block.values[c] if c < len(block.values) else ()
        for r, (label, role) in enumerate(zip(block.fields, block.roles, strict=False), 1):
            p = plain(table.rows[r].cells[c].paragraphs[0])
            p.paragraph_format.space_before = Pt(26 if role == "signature" else 14)  # room to sign by hand
            p.add_run(f"{label}: ").font.size = Pt(9)
            tag = anchor(esign, c + 1, role)
            if tag:
                run = p.add_run(tag)
                run.font.size = Pt(ANCHOR_PT)
                run.font.color.rgb = WHITE
            value = values[r - 1] if r - 1 < len(values) else ""
            if value:
                p.add_run(value)
            else:
                p.add_run("_" * 20).font.color.rgb = MUTED
    writer.paragraph()
