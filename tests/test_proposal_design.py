"""One design system for the built-in proposal: the DOCX's styles and the PDF's printed text agree on the title,
heading and body sizes, the colours, the table header and the fonts; no style is python-docx's stock look; every
text reads at 4.5:1; a price table's amounts are right-aligned with one precision."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from qbrgen.brandkit import fonts
from qbrgen.render.design import tokens
from qbrgen.render.ooxml_color import contrast

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import shutil

    from qbrgen.account.validate import load_account
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_proposal

    from .conftest import AS_OF, SPEC

    folder = tmp_path_factory.mktemp("design")
    shutil.copy(SPEC / "qbrgen.example.yaml", folder / "qbrgen.yaml")
    shutil.copy(SPEC / "account.example.yaml", folder / "northwind.yaml")
    info = load_account(folder / "northwind.yaml")
    tree, assets = build_proposal(info, AS_OF), assets_for(info, AS_OF)
    return {"docx": open_docx(io.BytesIO(render("docx", tree, assets))), "pdf": render("pdf", tree, assets),
            "primary": assets.theme.primary.lstrip("#").upper(), "font": assets.theme.font}


def pdf_runs(data: bytes) -> list[tuple[str, float, str, str]]:
    """Return (text, size in points, fill colour RRGGBB, font name) of every text the PDF draws."""
    runs = []
    for page in PdfReader(io.BytesIO(data)).pages:
        state = {"rg": "000000"}

        def before(op, args, cm, tm, state=state):
            if op in (b"rg", b"sc", b"scn") and len(args) == 3:
                state["rg"] = "".join(f"{round(float(a) * 255):02X}" for a in args)

        def text(t, cm, tm, font, size, state=state):
            if t.strip() and size:
                runs.append((t.strip(), round(size * tm[3] * cm[3], 1), state["rg"],
                             str(font.get("/BaseFont", "")) if font else ""))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return runs


def pdf_fills(data: bytes) -> set[str]:
    fills = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        state = {"rg": None}

        def before(op, args, cm, tm, state=state):
            if op in (b"rg", b"sc", b"scn") and len(args) == 3:
                state["rg"] = "".join(f"{round(float(a) * 255):02X}" for a in args)
            elif op == b"f" and state["rg"]:
                fills.add(state["rg"])

        page.extract_text(visitor_operand_before=before)
    return fills


def fonts_face(built) -> str:
    return fonts.face(built["font"]).name


def style_value(style, getter):
    while style is not None:
        value = getter(style)
        if value is not None:
            return value
        style = style.base_style
    return None


def pdf_run(runs, starts: str):
    return next(r for r in runs if r[0].startswith(starts))


def test_docx_and_pdf_share_the_type_scale_colours_and_table_header(built):
    doc, runs, primary, d = built["docx"], pdf_runs(built["pdf"]), built["primary"], tokens()
    styles = {s.name: s for s in doc.styles}
    heading = next(p for p in doc.paragraphs if p.style.name == "Heading 1")
    h_size = style_value(heading.style, lambda s: s.font.size).pt
    h_colour = str(style_value(heading.style, lambda s: s.font.color.rgb if s.font.color.type else None))
    pdf_heading = pdf_run(runs, heading.text[:20])
    assert h_size == pdf_heading[1] == d.h1
    assert h_colour == pdf_heading[2] == primary
    assert styles["Heading 1"].font.bold
    title = next(p for p in doc.paragraphs if p.style.name == "Title")
    assert style_value(title.style, lambda s: s.font.size).pt == pdf_run(runs, title.text[:15])[1] == d.title
    body = next(p for p in doc.paragraphs if p.style.name == "Normal" and len(p.text) > 40 and not p.runs[0].bold
                and p.runs[0].font.size is None)
    assert styles["Normal"].font.size.pt == pdf_run(runs, body.text[:20])[1] == d.body
    assert pdf_run(runs, body.text[:20])[2] == d.ink
    # the table header: the same fill, text colour and size in both
    table = next(t for t in doc.tables if t.rows[0].cells[0].text and len(t.rows) > 2)
    header = table.rows[0].cells[0]._tc  # noqa: SLF001
    fill = header.find(f"{W}tcPr/{W}shd").get(f"{W}fill")
    colour = header.find(f".//{W}rPr/{W}color").get(f"{W}val")
    size = int(header.find(f".//{W}rPr/{W}sz").get(f"{W}val")) / 2
    pdf_header = pdf_run(runs, table.rows[0].cells[0].text)
    assert fill == d.fill and fill in pdf_fills(built["pdf"])
    assert colour == pdf_header[2] == primary
    assert size == pdf_header[1] == d.table
    # the same family: the theme font in Word, it or its metric twin (Carlito for Calibri) embedded in the PDF
    face = fonts.face(built["font"])
    assert styles["Normal"].font.name == styles["Heading 1"].font.name == face.name
    from qbrgen.render.pdf_html import _font_family

    twin = _font_family(built["font"]).replace(" ", "-")  # the bundled twin's @font-face family
    assert twin in pdf_heading[3] and twin in pdf_run(runs, body.text[:20])[3]


def test_the_built_in_docx_defines_its_styles_not_python_docx_stock_ones(built):
    doc = built["docx"]
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet"):
        el = doc.styles[name].element
        fonts = el.find(f"{W}rPr/{W}rFonts")
        assert fonts is not None and fonts.get(f"{W}ascii") == fonts_face(built), name
        assert not any(k.endswith("Theme") for k in fonts.attrib), name  # no Calibri Light from the theme
        color = el.find(f"{W}rPr/{W}color")
        assert color is not None and color.get(f"{W}themeColor") is None, name
        assert el.find(f"{W}pPr/{W}pBdr") is None, name  # the stock title's rule under it
    assert not doc.styles["Subtitle"].font.italic
    assert doc.styles["Heading 1"].font.color.rgb != "365F91"  # the stock blue
    section = doc.sections[-1]
    assert [round(m.pt, 1) for m in (section.top_margin, section.right_margin, section.bottom_margin,
                                      section.left_margin)] == [round(m, 1) for m in tokens().margins]


def test_every_text_reads_at_four_and_a_half_to_one(built):
    for text, _size, colour, _font in pdf_runs(built["pdf"]):
        assert contrast(colour, "FFFFFF") >= 4.5 or contrast(colour, tokens().fill) >= 4.5, (text, colour)
    doc = built["docx"]
    colours = {c.get(f"{W}val") for c in doc.element.body.iter(f"{W}color")}
    colours |= {c.get(f"{W}val") for c in doc.styles.element.iter(f"{W}color")}
    for colour in colours - {"auto", None}:
        assert contrast(colour, "FFFFFF") >= 4.5 and contrast(colour, tokens().fill) >= 4.5, colour


def test_a_price_tables_amounts_are_right_aligned_with_one_precision(built):
    amount = re.compile(r"^[-+−]?[$€£¥]\s?[\d,.]+$|^[-+−]?[\d.,]+\s?[$€£¥]$")
    seen = 0
    for table in built["docx"].tables:
        columns = len(table.columns)
        for c in range(columns):
            cells = [row.cells[c] for row in table.rows[1:] if amount.match(row.cells[c].text.strip())]
            if not cells:
                continue
            seen += 1
            for cell in cells:
                assert cell.paragraphs[0].alignment is not None and cell.paragraphs[0].alignment == 2, cell.text
            decimals = {len(m.group(1)) if (m := re.search(r"\.(\d+)\D*$", cell.text.strip())) else 0
                        for cell in cells}
            assert len(decimals) == 1, [cell.text for cell in cells]
    assert seen >= 3
