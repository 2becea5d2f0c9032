"""A Word template made for another script (justified, first-line indent, large body) keeps its look,
while qbrgen's own text stays readable: left-set paragraphs, table text a step below the body, headings
with room above, intros kept with what they introduce, short tables whole."""

from __future__ import annotations

import io
import shutil

import pytest

from .conftest import REAL_TEMPLATES
from .test_templates import build_proposal, workspace

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GONGWEN = REAL_TEMPLATES / "gongwen-cn-official-template.dotx"


def official_style_template():
    """Return a document whose Normal style is justified, 16 pt, with a two-character first-line indent."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(16)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.first_line_indent = Pt(32)
    normal.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "200")
    for paragraph in list(doc.paragraphs):
        paragraph._p.getparent().remove(paragraph._p)  # noqa: SLF001
    return doc


def body_paragraphs(doc):
    """The document's paragraphs outside tables that carry text, with no style of their own (qbrgen's body)."""
    return [p for p in doc.paragraphs if p.text.strip() and p.style.name == "Normal"]


def resolved(paragraph, tag: str, attr: str):
    """The value of ``w:pPr/w:<tag>/@w:<attr>`` the paragraph itself sets (None: the style's)."""
    ppr = paragraph._p.pPr  # noqa: SLF001
    el = ppr.find(f"{W}{tag}") if ppr is not None else None
    return el.get(f"{W}{attr}") if el is not None else None


def space_before(paragraph) -> float:
    """The space above ``paragraph`` in points, its own or its style's (following basedOn)."""
    if paragraph.paragraph_format.space_before is not None:
        return paragraph.paragraph_format.space_before.pt
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.space_before is not None:
            return style.paragraph_format.space_before.pt
        style = style.base_style
    return 0.0


def check_polish(data: bytes, body_pt: float, wrapped: bool | None) -> None:
    from docx import Document as open_docx

    doc = open_docx(io.BytesIO(data))
    body = body_paragraphs(doc)
    assert len(body) > 10
    for p in body:  # set left, no first-line indent in twips or in characters
        assert resolved(p, "jc", "val") == "left", p.text
        assert resolved(p, "ind", "firstLineChars") == "0", p.text
        assert resolved(p, "ind", "hanging") or resolved(p, "ind", "firstLine") == "0", p.text
    # table text: a step below the body, never under 9 pt
    sizes = {int(sz.get(f"{W}val")) / 2 for t in doc.tables[1:-1] for sz in t._tbl.iter(f"{W}sz")}  # noqa: SLF001
    assert sizes and min(sizes) >= 9 and max(sizes) <= body_pt - 1
    assert max(sizes) >= min(body_pt - 2, 11), sizes  # related to the body, not the built-in 9 pt
    for cell_p in (p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs):
        assert resolved(cell_p, "ind", "firstLineChars") == "0"
    # headings get room above them
    headings = [p for p in doc.paragraphs if p.text in ("Pricing", "Terms", "Renewal options")]
    assert len(headings) == 3
    assert all(space_before(h) >= 12 for h in headings), [space_before(h) for h in headings]
    # an intro paragraph keeps with the list after it
    intro = next(p for p in doc.paragraphs if p.text.startswith("Delivered since the last contract"))
    assert intro.paragraph_format.keep_with_next
    # the steps to signature table: its header repeats and no row splits; kept whole only while it takes at most
    # a third of the page (in this large official type it may split between rows rather than leave a page empty)
    steps = next(t for t in doc.tables if t.rows[0].cells[-1].text == "Step")
    assert len(steps.rows) > 4
    assert steps.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None  # noqa: SLF001
    assert all(row._tr.find(f"{W}trPr/{W}cantSplit") is not None for row in steps.rows)  # noqa: SLF001
    assert not steps.rows[-1].cells[0].paragraphs[0].paragraph_format.keep_with_next
    # the cover subtitle: on one line, or, too long for one, its parts on lines of their own (never ending on "·")
    subtitle = next(p.text for p in doc.paragraphs if p.text.startswith("Prepared for"))
    lines = subtitle.split("\n")
    if wrapped or (wrapped is None and len(lines) > 1):
        assert len(lines) == 2 and lines[0].endswith("Acme Cloud") and "·" not in subtitle, subtitle
    else:  # one line: the dot is held to its neighbours
        assert lines == [subtitle] and "\u00a0·\u00a0" in subtitle and " · " not in subtitle, subtitle


def test_an_official_style_normal_is_set_left_for_latin_text(spec_dir):
    check_polish(build_proposal(spec_dir, official_style_template()), 16, wrapped=None)


@pytest.mark.skipif(not GONGWEN.is_file(), reason="the real gongwen template is not on this machine")
def test_the_gongwen_template_reads_as_a_latin_proposal(spec_dir):
    from qbrgen.account.validate import load_account
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_proposal as tree

    from .conftest import AS_OF

    shutil.copy(GONGWEN, spec_dir / "gongwen.dotx")
    workspace(spec_dir, proposal_docx="gongwen.dotx")
    info = load_account(spec_dir / "northwind.yaml")
    check_polish(render("docx", tree(info, AS_OF), assets_for(info, AS_OF)), 16, wrapped=True)


def test_the_built_in_look_keeps_its_sizes(spec_account):
    from docx import Document as open_docx

    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_proposal as tree

    from .conftest import AS_OF

    data = render("docx", tree(spec_account, AS_OF), assets_for(spec_account, AS_OF))
    doc = open_docx(io.BytesIO(data))
    sizes = {int(sz.get(f"{W}val")) / 2 for t in doc.tables[1:-1] for sz in t._tbl.iter(f"{W}sz")}  # noqa: SLF001
    assert sizes == {9.0}
    body = body_paragraphs(doc)
    assert all(resolved(p, "jc", "val") is None for p in body)  # the built-in Normal is left already


def test_a_long_table_may_break_and_a_short_one_stays_whole():
    from docx import Document

    from qbrgen.render.docx.blocks import KEEP_ROWS, Blocks
    from qbrgen.render.docx.template import Styles
    from qbrgen.sections.document import Table

    doc = Document()
    writer = Blocks(doc, Styles(doc), False, "1F3A5F")
    for n in (KEEP_ROWS, KEEP_ROWS + 1):
        writer.block(Table(columns=("A", "B"), rows=tuple((str(i), "x") for i in range(n))))
    short, long = doc.tables
    assert all(p.paragraph_format.keep_with_next for row in short.rows[:-1] for p in row.cells[0].paragraphs)
    assert not any(p.paragraph_format.keep_with_next for row in long.rows[1:] for p in row.cells[0].paragraphs)
    assert all(p.paragraph_format.keep_with_next for p in long.rows[0].cells[0].paragraphs)  # header: never alone


def test_a_short_subtitle_holds_its_parts_together():
    from qbrgen.render.docx import _unbroken

    assert _unbroken("Acme Cloud · Nov 25, 2026") == "Acme\u00a0Cloud\u00a0·\u00a0Nov\u00a025,\u00a02026"
    assert _unbroken("Prepared for Northwind Logistics by Acme Cloud · Nov 25, 2026").startswith("Prepared for ")


@pytest.mark.skipif(not GONGWEN.is_file(), reason="the real gongwen template is not on this machine")
def test_a_template_in_fonts_qbrgen_cannot_measure_never_breaks_a_number(spec_dir):
    """The gongwen template sets its text in FangSong; where that font is missing (LibreOffice, a Mac) a wider
    substitute draws it, and '$1,236,000' broke as '$1,236,00 / 0'. Its tables are measured in the widest
    metrics qbrgen has, so every number fits its column in DejaVu Sans, the widest of them."""
    import re

    from docx import Document

    from qbrgen.account.validate import load_account
    from qbrgen.brandkit import fonts
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.render.textfit import measuring, text_width
    from qbrgen.sections.assemble import build_proposal as tree

    from .conftest import AS_OF

    shutil.copy(GONGWEN, spec_dir / "gongwen.dotx")
    workspace(spec_dir, proposal_docx="gongwen.dotx")
    info = load_account(spec_dir / "northwind.yaml")
    doc = Document(io.BytesIO(render("docx", tree(info, AS_OF), assets_for(info, AS_OF))))
    checked = 0
    with measuring(fonts.FACES["dejavu sans"]):
        for table in doc.tables:
            grid = [int(c.get(f"{W}w")) / 20 for c in table._tbl.tblGrid.iter(f"{W}gridCol")]  # noqa: SLF001
            for row in table.rows:
                for width, cell in zip(grid, row.cells, strict=False):
                    text = cell.text.strip()
                    size = next((r.font.size.pt for p in cell.paragraphs for r in p.runs if r.font.size), None)
                    if size and re.fullmatch(r"[$€£]?[\d.,]+\s?[€%]?", text):
                        assert text_width(text, size, bold=True) <= width - 2 * 5.4, (text, width)
                        checked += 1
    assert checked >= 10
