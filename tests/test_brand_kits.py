"""A template contributes its brand, never its content: Word templates made here carry a sample document
(pictures, text boxes, a sample letter, a designed cover, placeholder footers), and the proposal built with
them carries none of it.
"""

from __future__ import annotations

import io
import zipfile

from qbrgen.cli import main

from .test_templates import W, build_proposal, png, workspace

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _anchored_text_box(text: str):
    """Return a ``w:r`` holding a text box anchored to the page (as Word draws a cover's address block)."""
    from lxml import etree

    xml = (f'<w:r xmlns:w="{W[1:-1]}" xmlns:wp="{WP}" xmlns:a="{A}" xmlns:wps="{WPS}"><w:drawing>'
           '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" '
           'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
           '<wp:positionH relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionH>'
           '<wp:positionV relativeFrom="page"><wp:posOffset>0</wp:posOffset></wp:positionV>'
           '<wp:extent cx="7560000" cy="1800000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
           '<wp:docPr id="90" name="Cover band"/><wp:cNvGraphicFramePr/>'
           '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
           '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="7560000" '
           'cy="1800000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
           '<a:solidFill><a:srgbClr val="1F3A5F"/></a:solidFill></wps:spPr>'
           f'<wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
           '<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')
    return etree.fromstring(xml)


def sample_document():
    """A Word template as brand kits ship them: a cover band with an address, a client logo, a sample letter,
    a table of sample figures, a second section; and styles, page setup and a footer worth keeping."""
    from docx import Document
    from docx.enum.section import WD_SECTION
    from docx.shared import Pt

    doc = Document()
    first = doc.add_paragraph()
    first._p.append(_anchored_text_box("Contoso Partners, 1 Harbour Street, Springfield"))  # noqa: SLF001
    doc.add_picture(io.BytesIO(png((200, 30, 30), (300, 120))), width=Pt(120))  # another company's client logo
    doc.add_paragraph("Dear Mr. Smith,")
    doc.add_paragraph("Thank you for considering Contoso Partners for your audit.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Contoso revenue"
    table.cell(1, 1).paragraphs[0].add_run().add_picture(io.BytesIO(png((0, 120, 0), (80, 80))), width=Pt(40))
    doc.add_section(WD_SECTION.NEW_PAGE)
    doc.add_paragraph("Appendix: Contoso office addresses")
    doc.sections[0].footer.paragraphs[0].text = "Brand footer line"
    return doc


def _all_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def test_a_word_templates_sample_document_never_reaches_the_proposal(spec_dir):
    data = build_proposal(spec_dir, sample_document())
    xml = _all_text(data)
    for sample in ("Contoso", "Mr. Smith", "Harbour Street", "Appendix: Contoso"):
        assert sample not in xml, sample
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        document = z.read("word/document.xml").decode()
    assert media == []  # neither the client logo nor the table's picture travels
    assert "txbxContent" not in document and "wp:anchor" not in document
    assert document.count("<w:sectPr") == 1  # the sample's second section went
    from docx import Document as open_docx

    out = open_docx(io.BytesIO(data))
    assert "Brand footer line" in "\n".join(p.text for p in out.sections[0].footer.paragraphs)  # the brand stays


def test_cover_keep_keeps_the_designed_cover_without_its_text(spec_dir):
    doc = sample_document()
    doc.save(spec_dir / "brand.docx")
    workspace(spec_dir, proposal_docx="brand.docx", cover="keep")
    from qbrgen.account.validate import load_account
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_proposal as tree

    from .conftest import AS_OF

    info = load_account(spec_dir / "northwind.yaml")
    data = render("docx", tree(info, AS_OF), assets_for(info, AS_OF))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document = z.read("word/document.xml").decode()
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert "Cover band" in document and "wp:anchor" in document  # the cover band stays, anchored to the page
    for sample in ("Contoso", "Mr. Smith", "Harbour Street"):
        assert sample not in document, sample
    assert media == []  # inline pictures go even with the cover kept
    assert document.index("Cover band") < document.index("Renewal proposal")  # the proposal's title on the cover


def test_cover_must_be_keep_or_drop(spec_dir, runner):
    workspace(spec_dir, cover="maybe")
    result = runner.invoke(main, ["validate", str(spec_dir)])
    assert result.exit_code == 1
    assert "templates.cover" in result.output


def placeholder_footer_template():
    from docx import Document

    doc = Document()
    doc.add_paragraph("sample body")
    footer = doc.sections[0].footer
    footer.paragraphs[0].text = "Prepared for {customer} | Ref. {proposal_number}"
    run = footer.add_paragraph().add_run("DRAFT")
    run.add_text(" - not an offer until issued")
    footer.add_paragraph("Proposal [Client Name] «Contract_Id» {{deal_id}}")
    doc.sections[0].header.paragraphs[0].text = "Brand name Ltd"
    return doc


def test_placeholder_and_draft_footers_are_cleaned_and_known_fields_filled(spec_dir):
    from docx import Document as open_docx

    data = build_proposal(spec_dir, placeholder_footer_template())
    out = open_docx(io.BytesIO(data))
    footer = "\n".join(p.text for p in out.sections[0].footer.paragraphs)
    assert "Prepared for Northwind Logistics" in footer  # a field qbrgen knows is filled
    for gone in ("{", "}", "[", "]", "«", "»", "DRAFT", "not an offer", "proposal_number"):
        assert gone not in footer, (gone, footer)
    assert "Brand name Ltd" in "\n".join(p.text for p in out.sections[0].header.paragraphs)


def test_validate_lists_what_a_template_gives_and_what_is_removed(spec_dir, runner):
    placeholder_footer_template().save(spec_dir / "brand.docx")
    workspace(spec_dir, proposal_docx="brand.docx")
    result = runner.invoke(main, ["validate", str(spec_dir)])
    assert result.exit_code == 0, result.output
    lines = [x for x in result.output.splitlines() if "templates.proposal_docx" in x]
    assert any("keeps the page setup" in x and "drops the sample document (1 paragraph(s)" in x for x in lines)
    assert any("'{proposal_number}'" in x and "unfilled" in x for x in lines)
    assert any("'DRAFT - not an offer until issued'" in x and "'draft'" in x for x in lines)
    assert not any("'{customer}'" in x for x in lines)  # filled, not removed


def test_validate_warns_about_a_theme_font_office_does_not_ship(spec_dir, runner):
    from pptx import Presentation

    Presentation().save(spec_dir / "brand.pptx")
    with zipfile.ZipFile(spec_dir / "brand.pptx") as z:
        parts = {n: z.read(n) for n in z.namelist()}
    theme = next(n for n in parts if n.startswith("ppt/theme/"))
    parts[theme] = parts[theme].replace(b'<a:latin typeface="Calibri"', b'<a:latin typeface="DejaVu Sans"', 1)
    with zipfile.ZipFile(spec_dir / "brand.pptx", "w") as z:
        for n, b in parts.items():
            z.writestr(n, b)
    workspace(spec_dir, deck="brand.pptx")
    result = runner.invoke(main, ["validate", str(spec_dir)])
    line = next(x for x in result.output.splitlines() if "DejaVu Sans" in x)
    assert "templates.deck" in line and "Verdana" in line and "(warning)" in line
    assert any("drops its 0 sample slide(s)" in x for x in result.output.splitlines())


# -- titles: one size per deck, never cut with an ellipsis, never inside an amount or a date --------------


def _title_sizes_and_texts(out):
    from pptx.enum.shapes import PP_PLACEHOLDER

    found = []
    for slide in list(out.slides)[1:]:
        for shape in slide.shapes:
            is_title = shape.name == "qbrgen:title" or (shape.is_placeholder and shape.placeholder_format.type in (
                PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE))
            if is_title and shape.has_text_frame and shape.text_frame.text:
                sizes = {r.font.size.pt if r.font.size else None for p in shape.text_frame.paragraphs
                         for r in p.runs}
                found.append((slide.slide_layout.name, sizes, shape.text_frame.text))
    return found


def test_titles_take_one_size_and_are_shortened_at_a_clause_never_with_an_ellipsis(spec_dir):
    from qbrgen.account.validate import load_account
    from qbrgen.sections.assemble import build_deck as tree

    from .conftest import AS_OF
    from .test_templates import build_deck, new_template

    prs = new_template(720, 405)
    for layout in prs.slide_layouts:  # a one-line title bar, as a corporate master has it
        for ph in layout.placeholders:
            if ph.placeholder_format.type is not None and ph.placeholder_format.idx == 0:
                ph.left, ph.top, ph.width, ph.height = ph.left, ph.top, ph.width, int(40 * 12700)
    out = build_deck(spec_dir, prs)
    found = _title_sizes_and_texts(out)
    sections = [t for t in found if t[0] != "Title Slide" and "Section" not in t[0]]
    assert len(sections) >= 8
    assert len({frozenset(s) for _, s, _ in sections}) == 1, sections  # one title size through the deck
    full = {p.title for p in tree(load_account(spec_dir / "northwind.yaml"), AS_OF).parts}
    full |= {t + " (continued)" for t in full}
    shortened = 0
    for _, _, text in found:
        assert "…" not in text and "..." not in text, text
        if text not in full:
            shortened += 1
            source = next(t for t in full if t.startswith(text))  # a leading clause of the real title
            rest = source[len(text):]
            assert rest[:1] in (":", ",", ";", " ", "(", "—", "–"), (text, source)  # cut between words
            assert text.split()[-1].lower() not in ("jan", "of", "the", "against"), text  # no dangling word
    assert shortened >= 1  # the long action titles did not fit one line


def test_clip_to_keeps_amounts_and_dates_whole():
    from qbrgen.render.pptx.fit import clip_to

    title = "Renewal on Jan 15, 2027: $20K more a year, set against ¥3,400,000 of documented value"
    for width in (120, 200, 260, 330, 420):
        cut = clip_to(title, width, 30, 20, True)
        assert "…" not in cut
        assert title.startswith(cut)
        for token in cut.split():
            words = [w.strip(",:;") for w in title.split()]
            assert token.strip(",:;") in words, (token, cut)  # whole words only: no amount or date split
        assert not cut.endswith(("Jan", "Jan 15", "against", "of")), cut


# -- the layout audit's text checks on every customer slide, with templates made here ------------------


def _navy_master_black_text():
    from pptx.oxml.ns import qn

    from .test_templates import new_template

    prs = new_template(960, 540)
    master = prs.slide_masters[0]
    bg = master.element.find(qn("p:cSld")).makeelement(qn("p:bg"), {})
    bg_pr = bg.makeelement(qn("p:bgPr"), {})
    fill = bg_pr.makeelement(qn("a:solidFill"), {})
    fill.append(fill.makeelement(qn("a:srgbClr"), {"val": "1B2645"}))
    bg_pr.extend([fill, bg_pr.makeelement(qn("a:effectLst"), {})])
    bg.append(bg_pr)
    master.element.find(qn("p:cSld")).insert(0, bg)
    for style in ("p:titleStyle", "p:bodyStyle", "p:otherStyle"):
        rpr = master.element.find(f"{qn('p:txStyles')}/{qn(style)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
        if rpr is None:
            continue
        for old in rpr.findall(qn("a:solidFill")):
            rpr.remove(old)
        black = rpr.makeelement(qn("a:solidFill"), {})
        black.append(black.makeelement(qn("a:srgbClr"), {"val": "000000"}))
        rpr.insert(0, black)
    return prs


def _photo_everywhere():
    from .test_templates import new_template, place_picture, png

    prs = new_template()
    place_picture(prs, prs.slide_masters[0], png((40, 60, 90), (320, 240)), 0, 0, 720, 540)
    return prs


def _narrow_title_bar():
    from .test_templates import new_template

    prs = new_template(720, 405)
    for layout in prs.slide_layouts:
        for ph in layout.placeholders:
            if ph.placeholder_format.idx == 0:
                ph.left, ph.top, ph.width, ph.height = ph.left, ph.top, ph.width, int(40 * 12700)
    return prs


import pytest  # noqa: E402


@pytest.mark.parametrize("make", [_navy_master_black_text, _photo_everywhere, _narrow_title_bar],
                         ids=["navy-black-text", "photo", "one-line-title"])
def test_the_layout_audit_text_checks_pass_on_templates_made_here(spec_dir, make):
    from .layout_audit import audit
    from .test_templates import build_deck

    out = build_deck(spec_dir, make())
    buf = io.BytesIO()
    out.save(buf)
    problems = [p for p in audit(buf.getvalue()) if any(k in p for k in (":1 (at least", "ellipsis", "text height"))]
    assert problems == []


def test_the_layout_audit_catches_low_contrast_an_ellipsis_and_an_overflowing_box():
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    from .layout_audit import audit

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Renewal on Jan 15: $20K more a year, set against ¥3…"
    box = slide.shapes.add_textbox(Pt(40), Pt(200), Pt(200), Pt(20))
    box.text_frame.word_wrap = True
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "A sentence far too long for its one-line box, so it runs out of the bottom of it."
    run.font.size = Pt(14)
    run.font.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)  # light grey on white
    table = slide.shapes.add_table(2, 2, Pt(300), Pt(300), Pt(300), Pt(60)).table
    cell = table.cell(1, 1)
    cell.text = "$20,000"
    cell.fill.solid()
    cell.fill.fore_color.rgb = RGBColor(0x1B, 0x26, 0x45)  # a navy cell
    cell.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(0, 0, 0)  # black on navy
    cell.text_frame.paragraphs[0].runs[0].font.size = Pt(13)
    buf = io.BytesIO()
    prs.save(buf)
    problems = "\n".join(audit(buf.getvalue()))
    assert "ellipsis" in problems and "text height" in problems and ":1 (at least 4.5:1)" in problems
    assert "cell (1, 1) text 000000 on 1B2645" in problems  # a table's cells are checked too


def test_a_table_after_other_content_moves_whole_rather_than_leave_a_lonely_continuation():
    from qbrgen.render.pptx.fit import MIN_TAIL, paginate
    from qbrgen.sections.document import Paragraph, Table

    lead = Paragraph("A short lead-in that takes some of the slide height before the table starts, and a second line.")
    for rows in range(4, 13):
        table = Table(columns=("Item", "Amount"), rows=tuple((f"Line {i}", f"${i},000") for i in range(1, rows + 1)),
                      emphasis_last_row=True)
        for height in range(180, 420, 2):  # a content area from a short one to one that holds it all
            pages = paginate((lead, table), 600, height)
            parts = [b for blocks, _ in pages for b in blocks if isinstance(b, Table)]
            assert all(len(p.rows) >= MIN_TAIL for p in parts[1:]), (rows, height, [len(p.rows) for p in parts])


def test_keep_with_next_runs_are_broken_at_a_third_of_a_page_but_a_heading_keeps_with_its_text():
    from lxml import etree

    from qbrgen.render.docx.legal import limit_keep_chains

    w = W[1:-1]
    paras = ['<w:p><w:pPr><w:pStyle w:val="1"/><w:keepNext/></w:pPr><w:r><w:t>Pricing</w:t></w:r></w:p>']
    paras += [f"<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>Line {i} of a long kept run</w:t></w:r></w:p>"
              for i in range(40)]
    paras += ['<w:p><w:pPr><w:pStyle w:val="1"/><w:keepNext/></w:pPr><w:r><w:t>Acceptance</w:t></w:r></w:p>',
              "<w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>By signing</w:t></w:r></w:p>",
              "<w:tbl><w:tr><w:tc><w:p><w:pPr><w:keepNext/></w:pPr><w:r><w:t>For us</w:t></w:r></w:p></w:tc></w:tr>"
              "<w:tr><w:tc><w:p><w:r><w:t>Signature</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"]
    body = etree.fromstring(f'<w:body xmlns:w="{w}">{"".join(paras)}<w:sectPr/></w:body>')
    broken = limit_keep_chains(body, 600, 400, 12, 20, frozenset({"1"}))
    assert broken >= 3
    kept = [p.find(f"{W}pPr/{W}keepNext") is not None for p in body.iterfind(f"{W}p")]
    run = longest = 0
    for k in kept:
        run = run + 1 if k else 0
        longest = max(longest, run)
    assert longest * 20 <= 600 / 3 + 20  # no kept run taller than a third of the page (a line of slack)
    assert kept[0]  # the heading keeps with its first line
    assert kept[-2] and kept[-1]  # the acceptance heading and its text keep with the signatures
    assert body.find(f"{W}tbl/{W}tr/{W}tc/{W}p/{W}pPr/{W}keepNext") is not None


def test_a_table_first_on_its_slide_leaves_no_lonely_continuation():
    from qbrgen.render.pptx.fit import MIN_TAIL, SCALES, col_widths, paginate, row_heights, table_size
    from qbrgen.sections.document import Table

    long = "A goal written out at length, so that each row of the table takes three or four lines of text"
    for rows in range(4, 12):
        for text in ("Short goal", long):
            table = Table(columns=("Goal", "Due"), rows=tuple((f"{text} {i}", f"Q{i % 4 + 1}") for i in range(rows)),
                          emphasis_last_row=True)
            size = table_size(SCALES[-1])
            header, *heights = row_heights(table, col_widths(table, 600, size), size)
            least = header + sum(sorted(heights)[-MIN_TAIL:])  # a slide holds MIN_TAIL rows at least
            for height in range(int(least) + 1, 420, 4):  # the table is the first (and only) thing on each slide
                pages = paginate((table,), 600, height)
                parts = [b for blocks, _ in pages for b in blocks if isinstance(b, Table)]
                assert sum(len(p.rows) for p in parts) == rows
                assert all(len(p.rows) >= MIN_TAIL for p in parts[1:]), (rows, height, [len(p.rows) for p in parts])


@pytest.mark.parametrize("make", [_navy_master_black_text, _photo_everywhere], ids=["navy-black-text", "photo"])
def test_validate_names_the_layouts_a_deck_uses_and_what_it_recolours(spec_dir, runner, make):
    make().save(spec_dir / "brand.pptx")
    workspace(spec_dir, deck="brand.pptx")
    result = runner.invoke(main, ["validate", str(spec_dir)])
    assert result.exit_code == 0, result.output
    lines = [x for x in result.output.splitlines() if "templates.deck" in x]
    used = next(x for x in lines if "uses the layout" in x)
    assert "for the cover" in used and "for content slides" in used and "for section dividers" in used
    if make is _navy_master_black_text:  # black text on navy: titles and body text take a light colour
        assert any("draws titles on" in x and "instead of the template's own colour" in x for x in lines), lines
        assert any("draws body text on" in x and "instead of the template's #000000" in x for x in lines), lines
    else:
        assert any("on a white panel" in x for x in lines), lines
