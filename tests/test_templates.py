"""Team templates that fight back: small templates made here, each with one trap a real brand kit had.

Each test builds the spec account with the template, reopens the output and checks the fix on
the file itself: the free area is respected, colours read (contrast from the XML colours), the
brand's title size kept, numbers unbroken, footers kept, unused media gone.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from qbrgen.brandkit.usable import template_problem
from qbrgen.cli import main
from qbrgen.render.ooxml_color import contrast, luminance
from qbrgen.render.pptx.space import Rect, free_box


def workspace(spec_dir, **templates) -> None:
    lines = ["version: 1", "vendor:", "  name: Acme Cloud", "templates:"]
    lines += [f"  {key}: {value}" for key, value in templates.items()]
    (spec_dir / "qbrgen.yaml").write_text("\n".join(lines) + "\n")


# -- validate -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("deck.pptx", b"not a zip", ("is not a PowerPoint file", "not a valid")),
    ("deck.potx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, ("password-protected or old binary",
                                                                  "not a valid")),
], ids=["text", "ole"])
def test_validate_reports_a_deck_template_that_cannot_be_used(spec_dir, runner, name, content, needle):
    (spec_dir / name).write_bytes(content)
    workspace(spec_dir, deck=name)
    result = runner.invoke(main, ["validate", str(spec_dir)])
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "qbrgen.yaml:5: templates.deck: " in x)
    assert name in line and any(n in line for n in needle)  # the safety check or the usability check names it
    assert "Traceback" not in result.output


def test_validate_reports_a_word_file_named_as_deck(spec_dir, runner):
    from docx import Document

    Document().save(spec_dir / "brand.pptx")  # a Word file with a PowerPoint name
    workspace(spec_dir, deck="brand.pptx")
    result = runner.invoke(main, ["validate", str(spec_dir)])
    assert result.exit_code == 1
    assert "templates.deck: 'brand.pptx' cannot be used as a PowerPoint template" in result.output


def test_usable_templates_pass(tmp_path):
    from docx import Document
    from pptx import Presentation

    Presentation().save(tmp_path / "a.pptx")
    Document().save(tmp_path / "a.docx")
    assert template_problem(tmp_path / "a.pptx", "deck") is None
    assert template_problem(tmp_path / "a.docx", "proposal_docx") is None
    with zipfile.ZipFile(io.BytesIO((tmp_path / "a.docx").read_bytes())) as z:
        assert "word/document.xml" in z.namelist()


# -- geometry and colour helpers --------------------------------------------------------------------


def test_free_box_avoids_every_obstacle():
    region = Rect(0, 100, 720, 400)
    logo, photo = Rect(600, 90, 100, 60), Rect(0, 300, 300, 240)
    box = free_box(region, [logo, photo], margin=6)
    assert box.area > 0.3 * region.area
    for obstacle in (logo.grow(6), photo.grow(6)):
        assert not box.overlaps(obstacle)


def test_contrast_is_wcag():
    assert round(contrast("000000", "FFFFFF"), 1) == 21.0
    assert contrast("777777", "FFFFFF") < 4.5 < contrast("595959", "FFFFFF")
    assert luminance("FFFFFF") == pytest.approx(1.0)


# -- small deck templates ---------------------------------------------------------------------------

PT = 12700


def png(colour: tuple[int, int, int], size=(64, 48)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def place_picture(prs, target, data: bytes, x: float, y: float, w: float, h: float):
    """Draw a picture on a layout or master (python-pptx adds pictures only to slides: add, then move)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml.ns import qn

    slide = prs.slides.add_slide(prs.slide_layouts[0])
    pic = slide.shapes.add_picture(io.BytesIO(data), int(x * PT), int(y * PT), int(w * PT), int(h * PT))
    blip = pic._element.blipFill.find(qn("a:blip"))
    r_id = target.part.relate_to(slide.part.related_part(blip.get(qn("r:embed"))), RT.IMAGE)
    blip.set(qn("r:embed"), r_id)
    tree = target.element.find(qn("p:cSld")).find(qn("p:spTree"))
    tree.append(pic._element)
    sld_ids = prs.slides._sldIdLst
    sld_id = sld_ids[-1]
    prs.part.drop_rel(sld_id.rId)
    sld_ids.remove(sld_id)
    return Rect(x, y, w, h)


def new_template(width: float = 720, height: float = 540):
    from pptx import Presentation

    prs = Presentation()  # python-pptx's own template is 4:3 (10 x 7.5 in); other sizes keep its layouts
    prs.slide_width, prs.slide_height = int(width * PT), int(height * PT)
    return prs


def build_deck(spec_dir, prs, audience="customer"):
    from qbrgen.account.validate import load_account
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_deck as tree

    from .conftest import AS_OF
    from .render_helpers import deck

    prs.save(spec_dir / "brand.pptx")
    workspace(spec_dir, deck="brand.pptx")
    info = load_account(spec_dir / "northwind.yaml")
    data = render("pptx", tree(info, AS_OF, audience), assets_for(info, AS_OF))
    return deck(data)


def ours(slide):
    """Return the shapes qbrgen drew on ``slide`` with their rectangles (points)."""
    return [(s, Rect(s.left / PT, s.top / PT, s.width / PT, s.height / PT)) for s in slide.shapes
            if s.name.startswith("qbrgen:") or s.has_table or s.has_chart]


def test_content_avoids_a_full_bleed_photo_and_a_logo(spec_dir):
    prs = new_template()
    photo_layout = prs.slide_layouts[1]  # 'Title and Content': the brand put a photograph under it
    photo = place_picture(prs, photo_layout, png((90, 120, 80), (320, 240)), 0, 0, 720, 540)
    logo = place_picture(prs, prs.slide_masters[0], png((200, 30, 30)), 610, 140, 90, 50)
    out = build_deck(spec_dir, prs)
    content = [s for s in out.slides if s.slide_layout.name not in ("Title Slide", "Section Header")]
    assert content
    for slide in content:
        assert slide.slide_layout.name != photo_layout.name, "a clean layout beats the one under a photo"
        for shape, rect in ours(slide):
            assert not rect.overlaps(logo), (slide.shapes.title.text, shape.name)
            assert rect.x >= 0 and rect.y >= 0 and rect.x + rect.w <= 720.5 and rect.y + rect.h <= 540.5
    assert photo.area == 720 * 540


def test_a_photo_on_every_layout_gets_a_panel(spec_dir):
    prs = new_template()
    place_picture(prs, prs.slide_masters[0], png((20, 30, 60), (320, 240)), 0, 0, 720, 540)
    out = build_deck(spec_dir, prs)
    content = [s for s in out.slides if any(sh.has_table for sh in s.shapes)]
    assert content
    for slide in content:
        panels = [r for s, r in ours(slide) if s.name == "qbrgen:panel"]
        assert len(panels) == 1
        for shape, rect in ours(slide):
            if shape.name != "qbrgen:panel":
                assert panels[0].x <= rect.x and rect.x + rect.w <= panels[0].x + panels[0].w + 0.5, shape.name


def own_fill(shape) -> str | None:
    """Return the solid fill a shape draws behind its own text (a chip, a label), or None."""
    from pptx.enum.dml import MSO_FILL

    try:
        return str(shape.fill.fore_color.rgb) if shape.fill.type == MSO_FILL.SOLID else None
    except (AttributeError, TypeError):
        return None


def run_colours(shape):
    from pptx.oxml.ns import qn

    for rpr in shape._element.iter(qn("a:rPr")):
        fill = rpr.find(qn("a:solidFill"))
        if fill is not None and fill.find(qn("a:srgbClr")) is not None:
            size = int(rpr.get("sz", "1800")) / 100
            large = size >= 18 or (rpr.get("b") == "1" and size >= 14)  # WCAG's large text: 3:1 is enough
            yield fill.find(qn("a:srgbClr")).get("val"), 3.0 if large else 4.5


def test_black_master_text_on_a_dark_picture_background_reads(spec_dir):
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    from pptx.oxml.ns import qn

    prs = new_template()
    navy = (0x1B, 0x26, 0x45)
    master = prs.slide_masters[0]
    r_id = master.part.get_or_add_image_part(io.BytesIO(png(navy)))[1]
    bg = master.element.find(qn("p:cSld")).makeelement(qn("p:bg"), {})
    bg.append(bg.makeelement(qn("p:bgPr"), {}))
    blip_fill = bg[0].makeelement(qn("a:blipFill"), {})
    blip_fill.append(blip_fill.makeelement(qn("a:blip"), {qn("r:embed"): r_id}))
    bg[0].extend([blip_fill, bg[0].makeelement(qn("a:effectLst"), {})])
    master.element.find(qn("p:cSld")).insert(0, bg)
    for style in ("p:titleStyle", "p:bodyStyle"):  # the master's text is black, as the dark kit had it
        rpr = master.element.find(f"{qn('p:txStyles')}/{qn(style)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
        for old in rpr.findall(qn("a:solidFill")):
            rpr.remove(old)
        fill = rpr.makeelement(qn("a:solidFill"), {})
        fill.append(fill.makeelement(qn("a:srgbClr"), {"val": "000000"}))
        rpr.insert(0, fill)
    out = build_deck(spec_dir, prs, "internal")
    background = "".join(f"{c:02X}" for c in navy)  # the picture is one colour: its average is the background
    checked = 0
    for slide in out.slides:
        title = slide.shapes.title
        if title is not None and title.text_frame.text:
            ((colour, _),) = set(run_colours(title))
            assert contrast(colour, background) >= 3.0
        drawn = ours(slide)
        for i, (shape, rect) in enumerate(drawn):
            if shape.has_text_frame and not shape.has_table and shape.name != "qbrgen:panel":
                under = own_fill(shape) or background  # its own fill, the slide, or a card drawn under it
                for card, box in drawn[:i]:
                    if card.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and box.w > 10 and rect.overlaps(box):
                        under = str(card.fill.fore_color.rgb)
                for colour, ratio in run_colours(shape):
                    assert contrast(colour, under) >= ratio, (shape.name, shape.text_frame.text)
                    checked += 1
        assert any(s.name == "qbrgen:internal" for s in slide.shapes), "every slide of an internal deck is marked"
    assert checked > 20


@pytest.mark.parametrize(("width", "height"), [(720, 540), (720, 405)], ids=["4:3", "10-inch-16:9"])
def test_narrow_slides_break_no_number_and_keep_the_brand_title_size(spec_dir, width, height):
    from qbrgen.render.textfit import wrap

    prs = new_template(width, height)
    out = build_deck(spec_dir, prs)
    tables = 0
    for slide in out.slides:
        title = slide.shapes.title
        if title is not None:
            sizes = [r.font.size.pt for p in title.text_frame.paragraphs for r in p.runs if r.font.size]
            assert all(16 <= s < 44 for s in sizes), sizes  # python-pptx's template titles are 44 pt
            if title.text_frame.text == "Agenda":  # a short title keeps the brand's own size
                assert sizes == []
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            tables += 1
            for row in shape.table.rows:
                for col, cell in zip(shape.table.columns, row.cells, strict=True):
                    run = cell.text_frame.paragraphs[0].runs[0]
                    inner = col.width / PT - 10
                    for word in cell.text.split():
                        if any(ch.isdigit() for ch in word) or len(word) <= 12:
                            assert len(wrap(word, inner, run.font.size.pt, bool(run.font.bold))) == 1, word
    assert tables >= 4


# -- small Word templates ---------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def build_proposal(spec_dir, doc):
    from qbrgen.account.validate import load_account
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_proposal as tree

    from .conftest import AS_OF

    doc.save(spec_dir / "brand.docx")
    workspace(spec_dir, proposal_docx="brand.docx")
    info = load_account(spec_dir / "northwind.yaml")
    return render("docx", tree(info, AS_OF), assets_for(info, AS_OF))


def style_colour(doc, name: str) -> str | None:
    """Return the colour a paragraph style gives its text, following basedOn (None: automatic)."""
    style = next(s for s in doc.styles if s.name.lower() == name.lower())
    while style is not None:
        if style.font.color is not None and style.font.color.rgb is not None:
            return str(style.font.color.rgb)
        style = style.base_style
    return None


def test_white_title_styles_are_made_readable_and_the_sample_pictures_go(spec_dir):
    from docx import Document
    from docx.shared import Pt, RGBColor

    doc = Document()
    for name in ("Title", "Subtitle"):  # made to sit on the template's black banner
        doc.styles[name].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    doc.add_picture(io.BytesIO(png((0, 0, 0), (600, 80))), width=Pt(450))  # the banner, drawn as a picture
    doc.add_paragraph("Sample body text the team never wants to see in a proposal.")
    cell = doc.add_table(rows=1, cols=1).rows[0].cells[0]  # sample content with another company's logo
    cell.paragraphs[0].add_run().add_picture(io.BytesIO(png((250, 0, 0), (300, 300))), width=Pt(60))
    data = build_proposal(spec_dir, doc)
    from docx import Document as open_docx

    out = open_docx(io.BytesIO(data))
    for name in ("Title", "Subtitle"):
        assert contrast(style_colour(out, name) or "000000", "FFFFFF") >= 4.5, name
    text = "\n".join(p.text for p in out.paragraphs)
    assert "Sample body text" not in text
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    assert media == [], media  # an inline banner is sample content too: a brand's band lives in its header


def test_a_heading_style_named_with_a_capital_h_is_used(spec_dir, runner):
    from docx import Document

    doc = Document()
    for style in doc.styles.element.iterfind(f"{W}style"):  # as a widely used document library names them
        name = style.find(f"{W}name")
        if name is not None and name.get(f"{W}val").startswith("heading "):
            name.set(f"{W}val", name.get(f"{W}val").replace("heading", "Heading"))
    data = build_proposal(spec_dir, doc)
    from docx import Document as open_docx

    out = open_docx(io.BytesIO(data))
    headings = [p for p in out.paragraphs if p.style is not None and p.style.style_id == "Heading1"]
    assert len(headings) >= 5
    result = runner.invoke(main, ["build", str(spec_dir / "northwind.yaml"), "-o", str(spec_dir / "out"),
                                  "--format", "docx", "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output


def add_field(paragraph, instruction: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    run.append(t)
    simple.append(run)
    paragraph._p.append(simple)


def footer_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))


def test_a_template_footer_with_its_own_page_number_is_kept(spec_dir):
    from docx import Document

    doc = Document()
    p = doc.sections[0].footer.paragraphs[0]
    p.add_run("ISSN 1234-5678 · 第 ")
    add_field(p, " PAGE ")
    p.add_run(" 页")
    data = build_proposal(spec_dir, doc)
    xml = footer_xml(data)
    assert "ISSN 1234-5678" in xml and "第 " in xml and "PAGE" in xml
    assert "NUMPAGES" not in xml and ">Page <" not in xml  # no second, English page number


def test_a_template_footer_without_a_page_number_gets_one_beside_its_own_text(spec_dir):
    from docx import Document

    doc = Document()
    doc.sections[0].footer.paragraphs[0].add_run("Acme Cloud · Confidential strip")
    data = build_proposal(spec_dir, doc)
    xml = footer_xml(data)
    assert "Acme Cloud · Confidential strip" in xml
    assert xml.count("NUMPAGES") == 1 and ">Page <" in xml


def test_the_pdf_takes_the_word_templates_page_margins_and_heading_colour(spec_dir):
    from docx import Document
    from docx.shared import Pt, RGBColor
    from pypdf import PdfReader

    from qbrgen.account.validate import load_account
    from qbrgen.build.assets import assets_for
    from qbrgen.render.pdf import render_html
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_proposal as tree

    from .conftest import AS_OF

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Pt(500), Pt(700)
    section.left_margin = section.right_margin = Pt(40)
    doc.styles["Heading 1"].font.color.rgb = RGBColor(0x00, 0x80, 0x7F)
    doc.save(spec_dir / "brand.docx")
    workspace(spec_dir, proposal_docx="brand.docx")
    info = load_account(spec_dir / "northwind.yaml")
    proposal, assets = tree(info, AS_OF), assets_for(info, AS_OF)
    html = render_html(proposal, assets)
    assert "h2 { color: #00807F; }" in html
    assert "margin: 72.0pt 40.0pt 72.0pt 40.0pt" in html
    pdf = PdfReader(io.BytesIO(render("pdf", proposal, assets)))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (500, 700)
    text = "\n".join(page.extract_text() for page in pdf.pages)
    for amount in ("$1,236,000", "$24,000", "$1,200,000"):  # measured for the narrower page: unbroken
        assert amount in text, amount
    from docx import Document as open_docx

    section = open_docx(io.BytesIO(render("docx", proposal, assets))).sections[0]
    assert (round(section.page_width.pt), round(section.page_height.pt)) == (500, 700)  # the DOCX keeps it too


def test_the_branded_layout_the_samples_use_wins_even_without_a_title_placeholder(spec_dir):
    prs = new_template(960, 540)
    branded = prs.slide_layouts[6]  # 'Blank', with the brand's logo sidebar drawn on it
    sidebar = place_picture(prs, branded, png((10, 90, 90), (40, 200)), 0, 0, 110, 540)
    prs.slides.add_slide(prs.slide_layouts[0])  # the sample cover
    for _ in range(3):  # the sample content slides all use the branded layout
        prs.slides.add_slide(branded)
    many = prs.slide_layouts[3]  # 'Two Content'; give it 19 small body placeholders, as one real kit had
    body = next(ph for ph in many.placeholders if ph.placeholder_format.idx == 1)
    for i in range(17):
        copy = copy_element(body._element)
        copy.find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}ph").set("idx", str(100 + i))
        many.shapes._spTree.append(copy)
    out = build_deck(spec_dir, prs)
    content = [s for s in out.slides if any(sh.has_table for sh in s.shapes)]
    assert content and all(s.slide_layout.name == branded.name for s in content)
    for slide in content:
        titles = [r for s, r in ours(slide) if s.name == "qbrgen:title"]
        assert len(titles) == 1
        for _, rect in ours(slide):
            assert not rect.overlaps(sidebar)


def copy_element(el):
    import copy

    return copy.deepcopy(el)


# -- the real templates -----------------------------------------------------------------------------

REAL_DECKS = ["sol-eng-basic-template.potx", "rstudio-template.potx", "icon-core-consulting-template.potx"]


@pytest.mark.parametrize("name", REAL_DECKS)
@pytest.mark.parametrize("audience", ["customer", "internal"])
def test_real_templates_keep_content_off_their_logos_and_readable(spec_dir, name, audience):
    import shutil

    from qbrgen.render.ooxml_color import BODY_RATIO
    from qbrgen.render.pptx.brand import Brand
    from qbrgen.render.pptx.space import obstacles

    from .conftest import REAL_TEMPLATES

    if not (REAL_TEMPLATES / name).exists():
        pytest.skip("no real team templates: set QBRGEN_REAL_TEMPLATES to run this test")
    shutil.copy(REAL_TEMPLATES / name, spec_dir / "brand.pptx")
    from qbrgen.render.pptx.layouts import open_template

    out = build_deck(spec_dir, open_template(spec_dir / "brand.pptx")[0], audience)
    w, h = out.slide_width / PT, out.slide_height / PT
    brand = Brand(out)
    for n, slide in enumerate(out.slides, 1):
        layout = slide.slide_layout
        drawn = obstacles(layout.element, layout.slide_master.element, w, h)
        background = brand.background(layout)
        for shape, rect in ours(slide):
            assert rect.x >= -0.5 and rect.y >= -0.5 and rect.x + rect.w <= w + 0.5 and rect.y + rect.h <= h + 0.5
            for obstacle in drawn:
                assert not rect.overlaps(obstacle), (n, shape.name, obstacle)
            if shape.name in ("qbrgen:text", "qbrgen:bullets", "qbrgen:internal") and rect.w > 0:
                on_card = any(c.name == "qbrgen:card" and r.overlaps(rect) for c, r in ours(slide))
                for colour, ratio in run_colours(shape):
                    if not on_card:
                        under = own_fill(shape) or background
                        assert contrast(colour, under) >= min(ratio, BODY_RATIO), (n, shape.name)
        if audience == "internal":
            assert any(s.name == "qbrgen:internal" for s in slide.shapes), n


def test_real_word_template_keeps_its_footers_and_page_numbers(spec_dir):
    import shutil

    from .conftest import REAL_TEMPLATES

    source = REAL_TEMPLATES / "gongwen-cn-official-template.dotx"
    if not source.exists():
        pytest.skip("no real team templates: set QBRGEN_REAL_TEMPLATES to run this test")
    with zipfile.ZipFile(source) as z:
        own = [z.read(n).decode() for n in z.namelist() if n.startswith("word/footer")]
    shutil.copy(source, spec_dir / source.name)
    workspace(spec_dir, proposal_docx=source.name)
    from qbrgen.account.validate import load_account
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_proposal as tree

    from .conftest import AS_OF

    info = load_account(spec_dir / "northwind.yaml")
    data = render("docx", tree(info, AS_OF), assets_for(info, AS_OF))
    xml = footer_xml(data)
    assert sum("PAGE" in f for f in own) == 2 and xml.count("PAGE") == 2  # its own page numbers, no others
    assert "NUMPAGES" not in xml and ">Page <" not in xml
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        settings = z.read("word/settings.xml").decode()
        assert "evenAndOddHeaders" in settings  # its odd and even footers still alternate


@pytest.mark.parametrize("theme", ["", "theme:\n  primary: '#1F3A5F'\n  accent: '#F28C28'\n",
                                   "theme:\n  primary: '#0B5563'\n"],
                         ids=["template-accent", "default-spelled-out", "team-colour"])
def test_table_headers_and_charts_take_the_theme_accent_unless_the_team_chose_a_colour(spec_dir, theme):
    from pptx.oxml.ns import qn

    prs = new_template()
    prs.save(spec_dir / "brand.pptx")
    workspace(spec_dir, deck="brand.pptx")
    (spec_dir / "qbrgen.yaml").write_text((spec_dir / "qbrgen.yaml").read_text() + theme)
    from qbrgen.account.validate import load_account
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_deck as tree

    from .conftest import AS_OF
    from .render_helpers import deck

    info = load_account(spec_dir / "northwind.yaml")
    out = deck(render("pptx", tree(info, AS_OF, "customer"), assets_for(info, AS_OF)))
    chose = "0B5563" in theme  # the built-in default spelled out (as the example workspace does) is no choice
    want = "0B5563" if chose else "4F81BD"  # python-pptx's theme: accent1 is 4F81BD
    header_rows = [{c.get("val") for tc in sh.table._tbl.tr_lst[0].tc_lst for c in tc.tcPr.iter(qn("a:srgbClr"))}
                   for s in out.slides for sh in s.shapes if sh.has_table]
    assert header_rows and all(want in colours for colours in header_rows)  # its fill or its rule
    assert not any(("4F81BD" if chose else "1F3A5F") in colours for colours in header_rows)
    bars = {str(series.format.fill.fore_color.rgb) for s in out.slides for sh in s.shapes if sh.has_chart
            and sh.chart.chart_type is not None and "BAR" in str(sh.chart.chart_type) for series in sh.chart.series}
    assert bars == {want}


@pytest.mark.parametrize("name", REAL_DECKS)
@pytest.mark.parametrize("audience", ["customer", "internal"])
def test_real_templates_pass_the_layout_audit(spec_dir, name, audience):
    """The audit of the design issue finds nothing a template adds: no overlap, nothing off the slide, no body
    text under 12 pt, enough coverage (what the built-in deck itself fails, the template deck may fail alike)."""
    import shutil

    from pptx import Presentation

    from qbrgen.account.validate import load_account
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_deck as tree

    from .conftest import AS_OF, REAL_TEMPLATES
    from .layout_audit import audit

    if not (REAL_TEMPLATES / name).exists():
        pytest.skip("no real team templates: set QBRGEN_REAL_TEMPLATES to run this test")
    info = load_account(spec_dir / "northwind.yaml")
    built_in = set(audit(render("pptx", tree(info, AS_OF, audience), assets_for(info, AS_OF))))
    shutil.copy(REAL_TEMPLATES / name, spec_dir / name)
    workspace(spec_dir, deck=name)
    info = load_account(spec_dir / "northwind.yaml")
    data = render("pptx", tree(info, AS_OF, audience), assets_for(info, AS_OF))
    assert len(Presentation(io.BytesIO(data)).slides) >= 12

    def kinds(problems):  # which check fails on which slide (a coverage share differs with the area's size)
        return {re.sub(r"\d+%", "N%", p) for p in problems}

    assert kinds(audit(data)) <= kinds(built_in)
    if audience == "customer":
        assert audit(data) == []
