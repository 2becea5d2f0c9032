"""Word templates made here with python-docx: the proposal measures tables and charts for the section it writes
into (not a zero-margin cover section), headings keep with their text whatever the template's heading styles
say, long tables split with a repeated header row, and a template's odd list style takes the body's font."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Inches, Mm

from .test_templates import build_proposal

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _empty(doc):
    for paragraph in list(doc.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)  # noqa: SLF001


def cover_then(last: str):
    """A template whose first section is a full-bleed cover (zero margins) and whose last section is
    ``last``: 'landscape-columns' (landscape, two columns) or 'narrow' (portrait, wide margins)."""
    doc = Document()
    _empty(doc)
    cover = doc.sections[0]
    cover.page_width, cover.page_height = Mm(210), Mm(297)
    cover.left_margin = cover.right_margin = cover.top_margin = cover.bottom_margin = Mm(0)
    doc.add_paragraph("Sample cover of another company")
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    if last == "landscape-columns":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin = section.right_margin = Inches(1)
        for old in section._sectPr.findall(qn("w:cols")):  # noqa: SLF001
            section._sectPr.remove(old)  # noqa: SLF001
        cols = section._sectPr.makeelement(qn("w:cols"), {qn("w:num"): "2", qn("w:space"): "720"})  # noqa: SLF001
        section._sectPr.append(cols)  # noqa: SLF001
    else:
        section.left_margin = section.right_margin = Inches(1.75)
    doc.add_paragraph("Sample body text")
    return doc


def _text_width_twips(last: str) -> float:
    if last == "landscape-columns":
        return ((297 / 25.4 - 2) * 1440 - 720) / 2
    return (210 / 25.4 - 3.5) * 1440


def test_tables_and_charts_fit_the_section_qbrgen_writes_into(spec_dir):
    for last in ("landscape-columns", "narrow"):
        out = Document(io.BytesIO(build_proposal(spec_dir, cover_then(last))))
        limit = _text_width_twips(last)
        body = out.element.body
        tables = [t for t in body.iter(f"{W}tbl") if t.getparent() is body]
        assert len(tables) >= 3
        for tbl in tables:
            grid = sum(int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol"))
            assert grid <= limit + 2, (last, grid, limit)
        widest = max(sum(int(c.get(f"{W}w")) for c in t.iter(f"{W}gridCol")) for t in tables)
        assert widest >= limit * 0.9  # the full text width is used, not a sliver of it
        for extent in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"):
            assert int(extent.get("cx")) / 635 <= limit + 2  # EMU -> twips
        final = out.sections[-1]
        assert (final.page_width > final.page_height) == (last == "landscape-columns")  # orientation kept


def heading_template():
    """A template whose heading styles say explicitly: do not keep with the next paragraph."""
    doc = Document()
    _empty(doc)
    for name in ("Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.paragraph_format.keep_with_next = False
        style.paragraph_format.keep_together = False
    return doc


def test_headings_keep_with_their_text_whatever_the_template_says(spec_dir):
    out = Document(io.BytesIO(build_proposal(spec_dir, heading_template())))
    headings = [p for p in out.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 5
    for p in headings:
        assert p.paragraph_format.keep_with_next is True, p.text
        following = p._p.getnext()  # noqa: SLF001
        assert following is not None and following.tag in (f"{W}p", f"{W}tbl")


def test_a_note_under_a_heading_keeps_the_heading_with_the_table_and_long_tables_repeat_their_header():
    from qbrgen.render.docx.blocks import KEEP_ROWS, Blocks
    from qbrgen.render.docx.template import Styles
    from qbrgen.sections.document import Paragraph, Table

    doc = Document()
    _empty(doc)
    writer = Blocks(doc, Styles(doc, True), True, "1F3A5F")
    heading = writer.heading("Steps to signature", 1)
    writer.block(Paragraph("We have planned 15 business days for your review.", style="muted"))
    writer.block(Table(columns=("Date", "Step"), rows=tuple((f"2027-01-{i:02}", "step") for i in range(1, 30))))
    note = doc.paragraphs[1]
    assert heading.paragraph_format.keep_with_next and note.paragraph_format.keep_with_next
    table = doc.tables[0]
    assert len(table.rows) > KEEP_ROWS + 1
    header = table.rows[0]._tr.trPr  # noqa: SLF001
    assert header.find(qn("w:tblHeader")) is not None  # repeated on every page the table runs onto
    assert header.find(qn("w:cantSplit")) is not None
    assert table.rows[0].cells[0].paragraphs[0].paragraph_format.keep_with_next  # never alone at a page's foot
    # the body rows may split between pages: the table is not kept whole
    assert not any(row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in table.rows[1:])


def odd_list_template():
    """Body in Georgia; List Bullet in Times New Roman and hidden, its bullet a Symbol-font glyph."""
    doc = Document()
    _empty(doc)
    doc.styles["Normal"].font.name = "Georgia"
    bullet = doc.styles["List Bullet"]
    bullet.font.name = "Times New Roman"
    bullet.font.hidden = True
    doc.styles["List Number"].font.name = "Symbol"
    return doc


def _resolved_font(doc, style):
    while style is not None:
        fonts = style.element.find(f"{W}rPr/{W}rFonts")
        if fonts is not None and fonts.get(f"{W}ascii"):
            return fonts.get(f"{W}ascii")
        style = style.base_style
    return None


def _resolved_hidden(style):
    while style is not None:
        if style.font.hidden is not None:
            return style.font.hidden
        style = style.base_style
    return False


def test_an_odd_or_hidden_list_style_takes_the_body_font(spec_dir):
    out = Document(io.BytesIO(build_proposal(spec_dir, odd_list_template())))
    bullets = [p for p in out.paragraphs if p.style.name in ("List Bullet", "List Number")]
    assert bullets  # the proposal does write lists with the template's list styles
    for p in bullets:
        assert _resolved_font(out, p.style) == "Georgia"
        assert not _resolved_hidden(p.style)
    num_id = out.styles["List Bullet"].element.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    numbering = out.part.numbering_part.element
    abstract = next(n.find(f"{W}abstractNumId").get(f"{W}val") for n in numbering.iterfind(f"{W}num")
                    if n.get(f"{W}numId") == num_id)
    levels = next(a for a in numbering.iterfind(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract)
    first = levels.find(f"{W}lvl")
    assert first.find(f"{W}lvlText").get(f"{W}val") == "•"
    fonts = first.find(f"{W}rPr/{W}rFonts")
    assert fonts is None or fonts.get(f"{W}ascii") in (None, "Georgia")


def test_the_built_in_bullet_is_the_body_fonts_not_a_symbol_glyph(spec_account):
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_proposal as tree

    from .conftest import AS_OF

    out = Document(io.BytesIO(render("docx", tree(spec_account, AS_OF), assets_for(spec_account, AS_OF))))
    assert any(p.style.name == "List Bullet" for p in out.paragraphs)
    num_id = out.styles["List Bullet"].element.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
    numbering = out.part.numbering_part.element
    abstract = next(n.find(f"{W}abstractNumId").get(f"{W}val") for n in numbering.iterfind(f"{W}num")
                    if n.get(f"{W}numId") == num_id)
    levels = next(a for a in numbering.iterfind(f"{W}abstractNum") if a.get(f"{W}abstractNumId") == abstract)
    texts = {lvl.find(f"{W}lvlText").get(f"{W}val") for lvl in levels.iterfind(f"{W}lvl")}
    assert not any(0xF000 <= ord(c) <= 0xF0FF for t in texts for c in t)
    assert not any(f.get(f"{W}ascii") == "Symbol" for f in levels.iter(f"{W}rFonts"))


def test_a_long_keep_chain_breaks_before_a_short_table_never_inside_it():
    """A kept run that reaches a third of the page ends before a short table (kept whole), not between its rows:
    a two-row table split over two pages was the lonely continuation the kept run made."""
    from lxml import etree

    from qbrgen.render.docx.legal import limit_keep_chains

    w = W[1:-1]
    paras = [f"<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>Line {i} of a kept run</w:t></w:r></w:p>"
             for i in range(8)]
    rows = "".join(f'<w:tr><w:tc><w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>Row {i}</w:t></w:r></w:p></w:tc></w:tr>'
                   for i in range(2))
    table = f"<w:tbl>{rows}<w:tr><w:tc><w:p><w:r><w:t>Last row</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    closing = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Signatures</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    body = etree.fromstring(f'<w:body xmlns:w="{w}">{"".join(paras)}{table}<w:p/>{closing}<w:sectPr/></w:body>')
    assert limit_keep_chains(body, 600, 400, 12, 20) >= 1
    first = body.find(f"{W}tbl")
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in list(first.iter(f"{W}p"))[:-1])  # still whole


def test_a_kept_table_too_tall_to_move_whole_splits_after_a_body_row_never_leaving_its_total_alone():
    from lxml import etree

    from qbrgen.render.docx.legal import limit_keep_chains

    w = W[1:-1]
    keep = "<w:pPr><w:keepNext/></w:pPr>"
    rows = "".join(f"<w:tr><w:tc><w:p>{keep}<w:r><w:t>Row {i} with a long label that wraps over several lines in "
                   f"a narrow column of this table</w:t></w:r></w:p></w:tc><w:tc><w:p>{keep}<w:r><w:t>$1</w:t></w:r>"
                   "</w:p></w:tc></w:tr>" for i in range(7))
    total = "<w:tr><w:tc><w:p><w:r><w:t>Total</w:t></w:r></w:p></w:tc></w:tr>"
    closing = "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Signatures</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    body = etree.fromstring(f'<w:body xmlns:w="{w}"><w:tbl>{rows}{total}</w:tbl><w:p/>{closing}<w:sectPr/></w:body>')
    assert limit_keep_chains(body, 600, 200, 12, 20) >= 1
    kept = [any(p.find(f"{W}pPr/{W}keepNext") is not None for p in tr.iter(f"{W}p"))
            for tr in body.find(f"{W}tbl").iterfind(f"{W}tr")]
    assert kept[0]  # the header row stays with the first body row
    assert kept[-3] and kept[-2]  # the last two body rows and the total stay together
    assert not all(kept[:-1])  # and the table does split, after a body row


def test_columns_keep_their_longest_word_when_the_amounts_cannot_all_stay_whole():
    """A template's large table type (14 pt) in a narrow section: the amount columns give up being whole before
    any column gets narrower than its longest word ('Enthalten' never breaks as 'Enthalte/n')."""
    from qbrgen.brandkit import fonts
    from qbrgen.render.textfit import auto_column_widths, measuring, text_width

    rows = [("Produkt", "Enthalten", "Pro Jahr heute", "Pro Jahr verlängert"),
            ("Core Platform", "120 Stationen", "186.000 €", "194.370 €"), ("Gesamt", "", "228.000 €", "238.260 €")]
    with measuring(fonts.WIDEST):
        widths = auto_column_widths(rows, 442.2, 14, 5.4, whole=[False, False, True, True])
        assert abs(sum(widths) - 442.2) < 0.01
        for c, column in enumerate(zip(*rows, strict=True)):
            longest = max(text_width(w, 14, bold=r == 0) for r, cell in enumerate(column) for w in cell.split())
            assert widths[c] - 2 * 5.4 >= longest, (c, widths[c], longest)
