"""The renewal proposal as DOCX and PDF; numbers agree across deck, DOCX and PDF; nothing is fetched."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from qbrgen.account.validate import load_account
from qbrgen.build.assets import assets_for
from qbrgen.errors import RenderError, TemplateError
from qbrgen.render.assets import Assets
from qbrgen.render.registry import render
from qbrgen.sections.assemble import build_deck, build_proposal

from .conftest import AS_OF, REAL_TEMPLATES, example_accounts
from .render_helpers import convert_to_pdf, deck, deck_text, soffice, zip_names, zip_text
from .test_documents import internal_values


def docx_text(data: bytes) -> str:
    doc = open_docx(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    for section in doc.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pptx_text(data: bytes) -> str:
    return deck_text(deck(data))


def outputs(info):
    assets = assets_for(info, AS_OF)
    proposal = build_proposal(info, AS_OF)
    return {"pptx": render("pptx", build_deck(info, AS_OF), assets), "docx": render("docx", proposal, assets),
            "pdf": render("pdf", proposal, assets)}


@pytest.mark.parametrize("path", example_accounts(), ids=lambda p: p.stem)
def test_proposal_docx_and_pdf(path):
    info = load_account(path)
    tree = build_proposal(info, AS_OF)
    out = outputs(info)
    doc = open_docx(io.BytesIO(out["docx"]))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [p.title for p in tree.parts if p.layout != "title"]
    assert doc.paragraphs[4].text == tree.parts[0].title or tree.parts[0].title in docx_text(out["docx"])
    header_rows = [t.rows[0]._tr.trPr for t in doc.tables if t.rows[0]._tr.trPr is not None]
    assert any(tr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
               for tr in header_rows)
    footer_xml = zip_text(out["docx"])
    assert "NUMPAGES" in footer_xml and ">Page <" in footer_xml
    assert "docProps/thumbnail.jpeg" not in zip_names(out["docx"])  # python-docx's stock preview is dropped
    text = pdf_text(out["pdf"])
    pages = len(PdfReader(io.BytesIO(out["pdf"])).pages)
    assert f"Page 2 of {pages}" in text and "Page 1 of" not in text  # the cover has no number, as in the DOCX
    r = tree_text = tree.text()
    for amount in re.findall(r"[$€£]\s?[\d.,]+|[\d.,]+\s?[€£]", tree_text)[:12]:
        assert amount.replace("\xa0", " ") in text.replace("\xa0", " ") or amount in text, amount
    assert r


def test_spec_proposal_states_the_framing(spec_account):
    out = outputs(spec_account)
    for fmt in ("docx", "pdf"):
        text = docx_text(out[fmt]) if fmt == "docx" else pdf_text(out[fmt])
        for needle in ("$400,000", "$20,000", "$1,200,000", "$420,000", "$412,000",
                       "$1,236,000", "$24,000", "$500,000", "AI invoice matching", "Acceptance"):
            assert needle in text, (fmt, needle)


def test_numbers_agree_across_deck_docx_and_pdf(spec_account):
    out = outputs(spec_account)
    texts = {"pptx": pptx_text(out["pptx"]), "docx": docx_text(out["docx"]), "pdf": pdf_text(out["pdf"])}
    for needle in ("$400,000", "$20,000", "$1,200,000", "$420,000", "$1,236,000"):
        assert all(needle in t for t in texts.values()), needle
    money = {k: set(re.findall(r"\$[\d,]+(?:\.\d\d)?", v)) for k, v in texts.items()}
    shared = {"$400,000", "$20,000", "$1,200,000", "$420,000", "$412,000", "$24,000"}
    assert all(shared <= m for m in money.values())
    assert "$1.2M" in texts["pptx"]  # headline cards use compact money


def test_no_internal_string_in_the_proposal(spec_account):
    out = outputs(spec_account)
    for text in (zip_text(out["docx"]), pdf_text(out["pdf"])):
        assert [v for v in internal_values(spec_account.model) if v in text] == []


def test_real_word_template(spec_dir):
    source = REAL_TEMPLATES / "gongwen-cn-official-template.dotx"
    if not source.exists():
        pytest.skip("no real team templates: set QBRGEN_REAL_TEMPLATES to run this test")
    shutil.copy(source, spec_dir / source.name)
    (spec_dir / "qbrgen.yaml").write_text(f"version: 1\ntemplates:\n  proposal_docx: {source.name}\n")
    info = load_account(spec_dir / "northwind.yaml")
    data = render("docx", build_proposal(info, AS_OF), assets_for(info, AS_OF))
    doc = open_docx(io.BytesIO(data))
    text = docx_text(data)
    assert "$1,236,000" in text and "Renewal proposal for Northwind Logistics" in text
    assert "Heading 1" in {p.style.name for p in doc.paragraphs}  # the template's own heading style
    assert len(doc.paragraphs) < 100  # its 101 sample paragraphs are gone
    bullets = [p.text for p in doc.paragraphs if p.text.startswith("•\t")]
    assert bullets  # no 'List Bullet' in this template: a plain bullet instead


def test_docx_template_without_normal_style(spec_dir):
    import zipfile

    plain = io.BytesIO()
    open_docx().save(plain)
    src = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            blob = src.read(item.filename)
            if item.filename == "word/styles.xml":
                blob = re.sub(rb'<w:style [^>]*w:styleId="(Normal|Heading1|TableGrid|ListBullet|Title)".*?</w:style>',
                              b"", blob, flags=re.S)
            dst.writestr(item, blob)
    (spec_dir / "bare.docx").write_bytes(out.getvalue())
    (spec_dir / "qbrgen.yaml").write_text("version: 1\ntemplates:\n  proposal_docx: bare.docx\n")
    info = load_account(spec_dir / "northwind.yaml")
    data = render("docx", build_proposal(info, AS_OF), assets_for(info, AS_OF))
    assert "Executive summary" in docx_text(data)


HOSTILE = ["<script>alert(1)</script>", "{{ 7*7 }}", '<img src="file:///etc/passwd">', "{% raw %}x",
           "=HYPERLINK(\"http://example.invalid\")", "\u202eRTL override", "e\u0301\u0301"]


def test_hostile_text_renders_literally_everywhere(spec_dir):
    text = (spec_dir / "northwind.yaml").read_text()
    quoted = [v.replace("\\", "\\\\").replace('"', '\\"') for v in HOSTILE]
    text = text.replace("  - AI invoice matching\n    - SSO", "  - AI invoice matching\n" +
                        "".join(f'    - "{q}"\n' for q in quoted) + "    - SSO")
    (spec_dir / "northwind.yaml").write_text(text)
    info = load_account(spec_dir / "northwind.yaml")
    fetched = []

    from qbrgen.render import pdf as pdf_renderer

    class Recording(pdf_renderer.LocalFetcher):
        def fetch(self, url, headers=None):
            fetched.append(url)
            return super().fetch(url, headers)

    assets = assets_for(info, AS_OF)
    proposal = build_proposal(info, AS_OF)
    html = pdf_renderer.render_html(proposal, assets)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "{{ 7*7 }}" in html and "49" not in html.split("{{ 7*7 }}")[0][-5:]
    assert '&lt;img src=&#34;file:///etc/passwd&#34;&gt;' in html
    pdf = pdf_renderer.render(proposal, assets, fetcher=Recording(assets.roots))
    assert not [u for u in fetched if "passwd" in u or not u.startswith(("file:", "data:"))]
    assert "{{ 7*7 }}" in pdf_text(pdf)
    docx = docx_text(render("docx", proposal, assets))
    assert "<script>alert(1)</script>" in docx and "{{ 7*7 }}" in docx
    pptx = zip_text(render("pptx", build_deck(info, AS_OF), assets))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pptx


def test_fetcher_refuses_everything_but_local_files(tmp_path):
    from weasyprint.urls import FatalURLFetchingError

    from qbrgen.render.pdf import LocalFetcher

    inside = tmp_path / "ws"
    inside.mkdir()
    (inside / "logo.png").write_bytes(b"x")
    fetcher = LocalFetcher((inside,))
    assert fetcher.fetch((inside / "logo.png").as_uri()).read() == b"x"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in ("http://example.invalid/x.png", "https://example.invalid/", "ftp://example.invalid/x",
                "file:///etc/passwd", (inside / ".." / "secret").as_uri(), "file://remotehost/share/x"):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)


def render_with_html_template(spec_dir, html: str, name: str = "t.html") -> bytes:
    """Render the spec account's PDF with ``html`` as the workspace's proposal template."""
    (spec_dir / name).write_text(html)
    (spec_dir / "qbrgen.yaml").write_text(f"version: 1\ntemplates:\n  proposal_html: {name}\n")
    info = load_account(spec_dir / "northwind.yaml")
    return render("pdf", build_proposal(info, AS_OF), assets_for(info, AS_OF))


def test_template_reference_to_the_network_fails_the_build(spec_dir):
    with pytest.raises(RenderError, match="refused to fetch 'http://example.invalid/a.png'"):
        render_with_html_template(spec_dir, '<html><body><img src="http://example.invalid/a.png">'
                                            "{{ document.title }}</body></html>", "evil.html")


def test_template_css_import_outside_is_refused(spec_dir):
    with pytest.raises(RenderError, match="outside the workspace"):
        render_with_html_template(spec_dir, '<html><head><style>@import url("file:///etc/hosts");</style></head>'
                                            "<body>{{ document.title }}</body></html>", "evil.html")


def test_missing_image_fails_instead_of_being_dropped(spec_dir):
    with pytest.raises(RenderError, match="file not found"):
        render_with_html_template(spec_dir, '<html><body><img src="missing.png">{{ document.title }}</body></html>')


def test_template_with_a_missing_field_names_file_and_line(spec_dir):
    with pytest.raises(TemplateError, match=r"t\.html:3: .*no_such_field"):
        render_with_html_template(spec_dir, "<html>\n<body>\n{{ document.no_such_field }}\n</body></html>")


def test_sandbox_blocks_unsafe_template_code(spec_dir):
    with pytest.raises(TemplateError):
        render_with_html_template(spec_dir, "<html><body>{{ document.__class__.__mro__ }}</body></html>")


def test_pdf_is_reproducible(spec_account):
    assets = assets_for(spec_account, AS_OF)
    proposal = build_proposal(spec_account, AS_OF)
    first = render("pdf", proposal, assets)
    assert first == render("pdf", proposal, assets)
    assert render("docx", proposal, assets) == render("docx", proposal, assets)
    meta = PdfReader(io.BytesIO(first)).metadata
    assert meta.creation_date.date() == AS_OF and meta.modification_date.date() == AS_OF


def test_assets_default_is_usable():
    assert Assets().roots == ()


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_docx_opens_in_libreoffice(tmp_path):
    files = []
    for path in example_accounts():
        info = load_account(path)
        files.append(tmp_path / f"{path.stem}.docx")
        files[-1].write_bytes(render("docx", build_proposal(info, AS_OF), assets_for(info, AS_OF)))
    convert_to_pdf(files, tmp_path / "pdf")
    for f in files:
        text = pdf_text((tmp_path / "pdf" / f"{f.stem}.pdf").read_bytes())
        assert "Acceptance" in text and re.search(r"Page 2 of \d", text)  # the title page has no number


def test_logos_reach_every_format(spec_dir):
    from PIL import Image

    Image.new("RGB", (240, 80), (31, 58, 95)).save(spec_dir / "acme.png")
    Image.new("RGB", (120, 120), (242, 140, 40)).save(spec_dir / "northwind.png")
    ws = (spec_dir / "qbrgen.yaml").read_text().replace("  # logo: assets/acme.png", "  logo: acme.png")
    (spec_dir / "qbrgen.yaml").write_text(ws)
    account = (spec_dir / "northwind.yaml").read_text().replace("  # logo: northwind.png", "  logo: northwind.png")
    (spec_dir / "northwind.yaml").write_text(account)
    info = load_account(spec_dir / "northwind.yaml")
    out = outputs(info)
    title_slide = deck(out["pptx"]).slides[0]
    pictures = [s for s in title_slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 2
    for pic in pictures:  # inside the slide
        assert pic.left >= 0 and pic.top >= 0 and pic.left + pic.width <= deck(out["pptx"]).slide_width
    shapes = open_docx(io.BytesIO(out["docx"])).inline_shapes
    assert sorted(s.type.value for s in shapes) == [3, 12]  # WD_INLINE_SHAPE: the logo (PICTURE) and a CHART
    assert len(PdfReader(io.BytesIO(out["pdf"])).pages[0].images) == 1


def test_docx_tables_keep_special_characters():
    from qbrgen.sections.document import Document, Part, Table

    text = ' a<b>&"c"\tnext\nline '
    doc = Document("proposal", "customer", "Proposal", "", parts=(Part("one", "One", blocks=(
        Table(("H<1>", "H&2"), ((text, "1 & 2"),), align=("left", "right"), emphasis_last_row=True),)),))
    (table,) = open_docx(io.BytesIO(render("docx", doc, Assets()))).tables
    assert [c.text for r in table.rows for c in r.cells] == ["H<1>", "H&2", text, "1 & 2"]
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right
    assert all(r.bold for r in table.rows[1].cells[0].paragraphs[0].runs)  # the total row


def test_pdf_column_widths_are_measured_like_a_browser():
    from qbrgen.render.textfit import auto_column_widths, text_width

    rows = [("Outcome", "Before", "Value per year"),
            ("Purchase-order matching time", "11 minutes per order", "36.000,00 €")]
    widths = auto_column_widths(rows, 480, 8.5, 5, whole=(False, True, True))
    assert sum(widths) == pytest.approx(480)
    assert widths[1] >= text_width("11 minutes per order", 8.5) + 10  # amounts on one line
    assert widths[0] >= text_width("Purchase-order", 8.5, True) + 10  # at least the longest word
    assert widths[0] > widths[2]  # the text column takes the spare room it wants
    crowded = auto_column_widths([tuple("x" * 30 for _ in range(12))], 200, 8.5, 5)
    assert sum(crowded) == pytest.approx(200) and len(set(round(w, 6) for w in crowded)) == 1


def test_pdf_amounts_and_quantities_are_not_broken():
    (path,) = [p for p in example_accounts() if p.stem == "brauhaus-keller"]
    info = load_account(path)
    text = pdf_text(render("pdf", build_proposal(info, AS_OF), assets_for(info, AS_OF)))
    for cell in ("11 minutes per order", "4,5 minutes per order", "not yet quantified", "49.920\xa0€"):
        assert cell in text or cell.replace("\xa0", " ") in text, cell
    assert ",00\xa0€" not in text and ",00 €" not in text  # whole prices: one precision for every amount


def test_docx_acceptance_stays_with_its_signature_lines(spec_account):
    doc = open_docx(io.BytesIO(outputs(spec_account)["docx"]))
    heading = next(i for i, p in enumerate(doc.paragraphs) if p.text == "Acceptance")
    appendix = next(i for i, p in enumerate(doc.paragraphs) if p.text == "How we measured")
    # the whole part keeps together, whatever it leaves empty above it: the signed page shows the option ticked
    assert all(p.paragraph_format.keep_with_next for p in doc.paragraphs[heading:appendix - 1])
    assert not doc.paragraphs[appendix - 1].paragraph_format.keep_with_next  # the appendix may follow later
    signature = doc.tables[-1]
    cells = [p for row in signature.rows for cell in row.cells for p in cell.paragraphs]
    assert cells[0].text.startswith("For ")
    assert all(p.paragraph_format.keep_with_next for p in cells)  # a paragraph closes the part after the lines
    # elsewhere a table of a few rows stays whole while its last row may part from what follows
    # (a long table breaks across pages as usual: tests/test_docx_template_polish.py)
    assert not any(p.paragraph_format.keep_with_next for p in doc.tables[1].rows[-1].cells[0].paragraphs)
