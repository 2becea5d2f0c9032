"""E-signature anchors, PDF variants, page size by locale and the legal layout, on the reopened DOCX and PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
import yaml
from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from qbrgen.render.design import tokens
from qbrgen.render.esign import anchor
from qbrgen.render.keep import kept_parts
from qbrgen.render.paper import page_size
from qbrgen.sections.document import APPENDIX_PARTS

from .conftest import example_accounts
from .proposal_helpers import docx_all_text, example_data, load, pdf_all_text, render_both
from .render_helpers import convert_to_pdf, soffice

ROLES = ("signature", "name", "title", "date")
needs_pdftoppm = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")


@pytest.fixture(scope="module")
def northwind(tmp_path_factory):
    account, workspace = example_data()
    return load(tmp_path_factory.mktemp("nw"), account, workspace)


@pytest.mark.parametrize("platform", ["docusign", "adobe-sign"])
def test_anchors_with_the_option_and_none_without(northwind, platform):
    tags = [anchor(platform, signer, role) for signer in (1, 2) for role in ROLES]
    assert len(set(tags)) == 8 and all(tags)
    with_anchors, without = render_both(northwind, esign=platform), render_both(northwind, esign="none")
    docx_text, pdf_text = docx_all_text(with_anchors["docx"]), pdf_all_text(with_anchors["pdf"])
    for tag in tags:
        assert docx_text.count(tag) == 1, tag
        assert pdf_text.count(tag) == 1, tag
    plain = docx_all_text(without["docx"]) + pdf_all_text(without["pdf"])
    assert "_es_:" not in plain and not re.search(r"\\[sntd][12]\\", plain)
    # in the DOCX, each anchor is a white 2 pt run on its signature line
    doc = open_docx(io.BytesIO(with_anchors["docx"]))
    runs = [r for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs
            if r.text in tags]
    assert len(runs) == 8
    assert all(str(r.font.color.rgb) == "FFFFFF" and r.font.size.pt == 2 for r in runs)


def _pixels(pdf: bytes, folder, name: str) -> list:
    from PIL import Image

    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "110", str(path), str(folder / name)], check=True, timeout=120)
    pages = []
    for page in sorted(folder.glob(f"{name}-*.ppm")):
        with Image.open(page) as image:
            pages.append(image.convert("RGB"))
    return pages


def _visible_differences(a: list, b: list) -> list[int]:
    """Return the pages on which some pixel differs by more than a rasterizer's rounding (8 of 255)."""
    from PIL import ImageChops

    assert len(a) == len(b)
    return [i for i, (x, y) in enumerate(zip(a, b, strict=True))
            if x.size != y.size or max(high for _, high in ImageChops.difference(x, y).getextrema()) > 8]


@needs_pdftoppm
@pytest.mark.parametrize("platform", ["docusign", "adobe-sign"])
def test_anchors_never_show_on_the_page(northwind, tmp_path, platform):
    """Every page rendered with anchors is pixel for pixel the page rendered without them."""
    with_anchors = _pixels(render_both(northwind, esign=platform)["pdf"], tmp_path, "with")
    without = _pixels(render_both(northwind, esign="none")["pdf"], tmp_path, "without")
    assert len(with_anchors) == len(without) >= 3
    assert _visible_differences(with_anchors, without) == []


@needs_pdftoppm
def test_the_pixel_comparison_sees_a_visible_anchor(northwind, tmp_path, monkeypatch):
    """The comparison above can fail: the same anchors drawn in black change the page."""
    from qbrgen.render import pdf

    html = pdf.render_html
    monkeypatch.setattr(pdf, "render_html", lambda d, a: html(d, a).replace(
        "<head>", "<head><style>.signature .line .esign { color: #000 !important; }</style>", 1))
    visible = _pixels(render_both(northwind, esign="docusign")["pdf"], tmp_path, "visible")
    monkeypatch.setattr(pdf, "render_html", html)
    without = _pixels(render_both(northwind, esign="none")["pdf"], tmp_path, "without")
    assert _visible_differences(visible, without) != []


def _xmp(reader: PdfReader) -> str:
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


def _structure_types(reader: PdfReader, alts: list | None = None) -> set[str]:
    found, stack = set(), [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, list):
            stack.extend(node)
        elif hasattr(node, "get"):
            if "/S" in node:
                found.add(str(node["/S"]))
                if node["/S"] == "/Figure" and alts is not None:
                    alts.append(str(node.get("/Alt", "")))
            kids = node.get("/K")
            if kids is not None and not isinstance(kids, int):
                stack.append(kids)
    return found


def test_pdf_a3b_carries_its_identification_title_and_language(tmp_path):
    account, workspace = example_data("brauhaus-keller")
    info = load(tmp_path, account, workspace)
    reader = PdfReader(io.BytesIO(render_both(info, pdf_variant="pdf/a-3b")["pdf"]))
    root = reader.trailer["/Root"]
    xmp = _xmp(reader)
    assert re.search(r"pdfaid:part(>|=\")3", xmp) and re.search(r"pdfaid:conformance(>|=\")B", xmp)
    assert "Renewal proposal for Brauhaus Keller GmbH" in xmp
    # the language of the text, not of the locale: rendered outside a German language block, it is English
    assert root["/Lang"] == "en-US"
    assert "/OutputIntents" in root
    assert reader.metadata.title == "Renewal proposal for Brauhaus Keller GmbH"
    plain = PdfReader(io.BytesIO(render_both(info)["pdf"]))
    assert "/Metadata" not in plain.trailer["/Root"] or "pdfaid" not in _xmp(plain)


def test_pdf_ua1_is_tagged_with_headings_tables_title_and_language(northwind):
    reader = PdfReader(io.BytesIO(render_both(northwind, pdf_variant="pdf/ua-1")["pdf"]))
    root = reader.trailer["/Root"]
    assert re.search(r"pdfuaid:part(>|=\")1", _xmp(reader))
    assert root["/Lang"] == "en-US"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Renewal proposal for Northwind Logistics"
    alts: list[str] = []
    types = _structure_types(reader, alts)
    assert {"/H1", "/H2", "/Table", "/TR", "/TH", "/TD", "/L", "/LI", "/P"} <= types, types
    assert alts and all(a.startswith("Documented value per year against the renewal price: Documented value")
                        for a in alts), alts  # the chart's alternative text


@pytest.mark.parametrize(("locale", "size"), [("de_DE", "a4"), ("ja_JP", "a4"), ("en_US", "letter"),
                                              ("en_CA", "letter"), ("en_GB", "a4")])
def test_page_size_by_locale_in_both_formats(tmp_path, locale, size):
    account, workspace = example_data()
    account["account"]["locale"] = locale
    files = render_both(load(tmp_path, account, workspace))
    width_mm, height_mm = {"a4": (210, 297), "letter": (215.9, 279.4)}[size]
    box = PdfReader(io.BytesIO(files["pdf"])).pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72, 1), round(float(box.height) * 25.4 / 72, 1)) == (width_mm, height_mm)
    section = open_docx(io.BytesIO(files["docx"])).sections[0]
    assert abs(section.page_width - Mm(width_mm)) < Mm(0.5) and abs(section.page_height - Mm(height_mm)) < Mm(0.5)


def test_workspace_forces_the_page_size(tmp_path):
    account, workspace = example_data()
    workspace["proposal"]["page_size"] = "a4"
    files = render_both(load(tmp_path, account, workspace))
    assert round(float(PdfReader(io.BytesIO(files["pdf"])).pages[0].mediabox.width)) == 595
    assert abs(open_docx(io.BytesIO(files["docx"])).sections[0].page_width - Mm(210)) < Mm(0.5)


def test_docx_keeps_terms_acceptance_and_short_tables_whole(northwind):
    doc = open_docx(io.BytesIO(render_both(northwind)["docx"]))
    body = list(doc.element.body)
    texts = ["".join(t.text or "" for t in el.iter(qn("w:t"))) for el in body]

    def part(title: str, end: str) -> list:
        start = texts.index(title)
        return body[start:texts.index(end, start + 1)]

    for title, end in (("Terms", "Steps to signature"), ("Acceptance", "How we measured")):
        assert all(tr.trPr is not None and tr.trPr.find(qn("w:cantSplit")) is not None
                   for el in part(title, end) for tr in el.iter(qn("w:tr"))), title
    # the terms fit a third of a page: kept whole (a taller list would flow, leaving no more than a third empty)
    terms = [p for el in part("Terms", "Steps to signature") for p in el.iter(qn("w:p"))]
    assert all(p.pPr is not None and p.pPr.keepNext_val for p in terms[:-1])
    # the acceptance is kept whole, signatures included, so the signed page shows the option ticked
    acceptance = [p for el in part("Acceptance", "How we measured") for p in el.iter(qn("w:p"))]
    assert all(p.pPr is not None and p.pPr.keepNext_val for p in acceptance[:-2])
    for table in doc.tables:
        if len(table.rows) <= 4:  # a header and up to three rows
            paragraphs = [p for row in table.rows for c in row.cells for p in c.paragraphs]
            assert all(p.paragraph_format.keep_with_next for p in paragraphs[:-1])


@pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")
def test_docx_pages_never_end_with_a_heading(tmp_path):
    """Each example's DOCX, laid out by LibreOffice: no page ends with a section heading, and keeping parts
    together never leaves more than a third of a page empty."""
    from qbrgen.account.validate import load_account
    from qbrgen.sections.assemble import build_proposal

    from .conftest import AS_OF

    files, headings, new_page_titles, signed = [], set(), set(), set()
    for path in example_accounts():
        info = load_account(path)
        tree = build_proposal(info, AS_OF)
        headings |= {p.title for p in tree.parts if p.layout != "title"}
        new_page_titles |= {p.title for p in tree.parts if p.id in APPENDIX_PARTS}
        signed |= {p.title for p in tree.parts if p.id == "acceptance"}
        target = tmp_path / f"{path.stem}.docx"
        target.write_bytes(render_both(info)["docx"])
        files.append(target)
    convert_to_pdf(files, tmp_path)
    for file in files:
        pdf = file.with_suffix(".pdf").read_bytes()
        pages = _page_texts(pdf)
        for number, lines in enumerate(pages, 1):
            body = [x for x in lines if not re.fullmatch(r"Page \d+ of \d+", x) and "·" not in x]
            assert not body or body[-1] not in headings, f"{file.stem} page {number} ends with '{body[-1]}'"
        # no page but the cover, the last and one before a part that starts a page (the appendix, or the
        # acceptance kept whole with its signatures) is more than a third empty
        fills = _page_fills(pdf)
        for number in range(2, len(pages)):
            following = [x for x in pages[number] if "·" not in x]
            if following and (following[0] in new_page_titles or following[0] in signed):
                continue
            assert fills[number - 1] >= 2 / 3 - 0.04, f"{file.stem} page {number} is {fills[number - 1]:.0%} full"


def _page_fills(pdf: bytes) -> list[float]:
    """For each page, how far down its text area the body text reaches (0 to 1): the text area runs from the
    running head (the highest line) to the page line (the lowest), both excluded."""
    fills = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        ys = []
        page.extract_text(visitor_text=lambda text, cm, tm, font, size, ys=ys: text.strip() and ys.append(
            cm[5] + tm[5] * cm[3]))
        top, bottom = (max(ys), min(ys)) if ys else (0, 0)
        body = [y for y in ys if bottom + 2 < y < top - 2]
        fills.append((top - min(body)) / (top - bottom) if body else 1.0)
    return fills


def _page_texts(pdf: bytes) -> list[list[str]]:
    return [[line.strip() for line in page.extract_text().splitlines() if line.strip()]
            for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("path", example_accounts(), ids=lambda p: p.stem)
def test_no_heading_alone_at_the_foot_of_a_page_and_kept_parts_on_one_page(path):
    from qbrgen.account.validate import load_account
    from qbrgen.sections.assemble import build_proposal

    from .conftest import AS_OF

    info = load_account(path)
    tree = build_proposal(info, AS_OF)
    headings = {p.title for p in tree.parts if p.layout != "title"}
    pdf = render_both(info)["pdf"]
    pages = _page_texts(pdf)
    running = f"{tree.meta_value('vendor')} · {tree.title}"
    for number, lines in enumerate(pages, 1):
        body = [x for x in lines if x != running and not re.fullmatch(r"Page \d+ of \d+", x) and x != "•"]
        assert not body or body[-1] not in headings, f"page {number} ends with the heading '{body[-1]}'"
    kept = kept_parts(tree, tokens(), page_size(tree.meta_value("locale", "en_US")))
    for part in tree.parts:
        if part.id in ("terms", "acceptance"):
            first = part.blocks[0]
            opening = first.items[0] if hasattr(first, "items") else first.text
            where = [i for i, lines in enumerate(pages) if part.title in lines]
            assert where, part.title
            page = " ".join(pages[where[0]]).replace("\xa0", " ")
            assert opening.replace("\xa0", " ")[:40] in page  # the heading stays with its first lines
            if part.id in kept:  # short enough to move whole without emptying a third of a page
                last = part.blocks[-1]
                closing = last.items[-1] if hasattr(last, "items") else getattr(last, "text", "Date")
                assert closing.replace("\xa0", " ")[:30] in page, f"{part.title} runs onto the next page"
    signature = next(b for part in tree.parts for b in part.blocks if b.kind == "signature")
    joined = [" ".join(lines).replace("\xa0", " ") for lines in pages]
    parties = len(signature.parties)  # one page holds every party's first and last line
    assert any(text.count(signature.fields[0]) >= parties and text.count(signature.fields[-1]) >= parties
               for text in joined), "the signature block is split"
    # keeping parts together never leaves more than a third of a page empty (but before the appendix and the
    # acceptance, kept whole with its signatures)
    fills = _page_fills(pdf)
    new_page = {p.title for p in tree.parts if p.id in APPENDIX_PARTS or p.id == "acceptance"}  # kept whole
    for number in range(2, len(pages)):
        if not any(t in pages[number][:3] for t in new_page):
            assert fills[number - 1] >= 2 / 3 - 0.04, f"page {number} is {fills[number - 1]:.0%} full"


def test_build_command_takes_esign_and_pdf_variant_and_rebuilds_when_they_change(tmp_path, runner):
    from qbrgen.cli import main

    account, workspace = example_data("corner-bakery")
    load(tmp_path / "ws", account, workspace)
    out = tmp_path / "out"
    args = ["build", str(tmp_path / "ws"), "-o", str(out), "--format", "pdf", "--as-of", "2026-11-23", "-j", "1"]
    first = runner.invoke(main, [*args, "--esign", "adobe-sign", "--pdf-variant", "pdf/a-3b"])
    assert first.exit_code == 0, first.output
    (pdf,) = out.rglob("*.pdf")
    reader = PdfReader(pdf)
    assert "{{Sig1_es_:signer1:signature}}" in pdf_all_text(pdf.read_bytes())
    assert "pdfaid" in _xmp(reader)
    again = runner.invoke(main, [*args, "--esign", "adobe-sign", "--pdf-variant", "pdf/a-3b"])
    assert "0 failed" in again.output and "1 unchanged" in again.output, again.output
    changed = runner.invoke(main, [*args, "--esign", "none"])
    assert changed.exit_code == 0 and "1 built" in changed.output, changed.output
    assert "_es_:" not in pdf_all_text(pdf.read_bytes())
    bad = runner.invoke(main, [*args, "--esign", "hellosign"])
    assert bad.exit_code == 2


def test_workspace_sets_the_esign_platform(tmp_path):
    account, workspace = example_data("corner-bakery")
    workspace["proposal"]["esign"] = "docusign"
    files = render_both(load(tmp_path, account, workspace))
    for text in (docx_all_text(files["docx"]), pdf_all_text(files["pdf"])):
        assert "\\s1\\" in text and "\\d2\\" in text


def test_a_bad_contact_email_is_reported_at_its_line(tmp_path, runner):
    from qbrgen.cli import main

    account, workspace = example_data("corner-bakery")
    account["account"]["owner_email"] = "sam.patel at acme"
    (tmp_path / "qbrgen.yaml").write_text("version: 1\n", encoding="utf-8")
    path = tmp_path / "account.yaml"
    path.write_text(yaml.safe_dump(account, sort_keys=False), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1
    line = next(i for i, x in enumerate(path.read_text().splitlines(), 1) if "owner_email" in x)
    assert f":{line}: account.owner_email: 'sam.patel at acme' is not an email address" in result.output
