"""The proposal in the customer's language: language tags per run in Word, the PDF's lang and CJK font, the
page-number line and signature labels from messages, and East Asian names and amounts kept on one line."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from qbrgen import i18n
from qbrgen.errors import RenderError
from qbrgen.render import pdf as pdf_renderer
from qbrgen.render import pdf_fonts, pdf_language
from qbrgen.render.wordxml import page_line

from .proposal_helpers import example_data, load, pdf_all_text, render_both

CUSTOMER = "海東製作所"
JOINER = "\u2060"  # the word joiner that holds a name or amount together in Word
OVERRIDE = """
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Page {page} of {pages}"
msgstr "{page} / {pages} ページ"

msgid "For {party}"
msgstr "{party} 署名欄"

msgid "For %(party)s"
msgstr "%(party)s 署名欄"

msgctxt "signature line"
msgid "Name"
msgstr "氏名"
"""


@pytest.fixture(scope="module")
def japanese(tmp_path_factory):
    """The proposal of a Japanese-locale account, rendered in Japanese with a tiny team catalog."""
    if pdf_fonts.cjk_family("ja-JP") is None:
        pytest.skip("no CJK font on this machine (apt-get install fonts-noto-cjk): a Japanese PDF cannot be drawn")
    folder = tmp_path_factory.mktemp("ja")
    account, workspace = example_data("northwind-logistics")
    account["account"].update(name=CUSTOMER, locale="ja_JP", currency="JPY", language="ja")
    info = load(folder, account, workspace)
    po = folder / "ja.po"
    po.write_text(OVERRIDE, encoding="utf-8")
    with i18n.language("ja", (po,)):
        out = render_both(info)
        from qbrgen.build.assets import assets_for
        from qbrgen.sections.assemble import build_proposal

        from .conftest import AS_OF

        out["html"] = pdf_renderer.render_html(build_proposal(info, AS_OF), assets_for(info, AS_OF, None, None))
    return out


def _runs(root):
    for run in root.iter(qn("w:r")):
        text = "".join(t.text or "" for t in run.iter(qn("w:t"))).replace(JOINER, "")
        if text:
            yield run, text


def test_every_docx_run_is_tagged_with_its_texts_language(japanese):
    doc = open_docx(io.BytesIO(japanese["docx"]))
    runs = list(_runs(doc.element.body))
    assert runs
    for run, text in runs:
        lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        assert lang is not None, text
        # English words are en-US (never ja-JP, or Word breaks them mid-word); Japanese through w:eastAsia
        assert lang.get(qn("w:val")) == "en-US", text
        assert lang.get(qn("w:eastAsia")) == "ja-JP", text
    named = [run for run, text in runs if CUSTOMER in text]
    assert named
    for run in named:  # the East Asian font paired with the theme font
        assert run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:eastAsia")) == "Yu Gothic"
    defaults = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    lang = defaults.find(qn("w:lang"))
    assert (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) == ("en-US", "ja-JP")
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Yu Gothic"


def test_english_docx_keeps_its_tags_in_the_defaults(tmp_path):
    account, workspace = example_data("northwind-logistics")
    doc = open_docx(io.BytesIO(render_both(load(tmp_path, account, workspace))["docx"]))
    assert all(run.find(f"{qn('w:rPr')}/{qn('w:lang')}") is None for run, _text in _runs(doc.element.body))
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "en-US"


def test_docx_page_line_is_the_translated_message_around_word_fields(japanese):
    doc = open_docx(io.BytesIO(japanese["docx"]))
    footer = doc.sections[0].footer._element  # noqa: SLF001
    seq = []
    for run in footer.iter(qn("w:r")):
        instr = run.find(qn("w:instrText"))
        if instr is not None:
            seq.append(instr.text.strip())
        elif run.find(qn("w:t")) is not None and run.find(qn("w:t")).text != "1":
            seq.append(run.find(qn("w:t")).text.replace(JOINER, ""))  # a katakana word is kept whole
    assert seq == ["PAGE", " / ", "NUMPAGES", " ページ"]


def test_signature_labels_are_translated_in_docx_and_pdf(japanese):
    doc = open_docx(io.BytesIO(japanese["docx"]))
    cells = [c.text.replace(JOINER, "") for t in doc.tables for r in t.rows for c in r.cells]
    assert f"{CUSTOMER} 署名欄" in cells
    assert any(c.rsplit("\n", 1)[-1] == "氏名" and "Name" not in c for c in cells)  # the caption under its line
    assert not any(c.startswith("For ") for c in cells)
    text = pdf_all_text(japanese["pdf"])
    assert f"{CUSTOMER} 署名欄" in text and "氏名" in text


def test_pdf_has_the_documents_language_and_its_page_line(japanese):
    assert '<html lang="ja-JP">' in japanese["html"]
    text = pdf_all_text(japanese["pdf"])
    assert re.search(r"\b2 / \d+ ページ", text), text[-300:]  # the cover has no number
    assert "Page 1 of" not in text


def test_pdf_draws_the_japanese_name_in_a_cjk_font(japanese):
    if pdf_fonts.cjk_family("ja-JP") is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    text = pdf_all_text(japanese["pdf"])
    assert CUSTOMER in text
    reader = PdfReader(io.BytesIO(japanese["pdf"]))
    names = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    assert any("CJK" in n or "Gothic" in n or "Han" in n for n in names), names


def test_docx_keeps_the_customers_name_and_amounts_on_one_line(japanese):
    doc = open_docx(io.BytesIO(japanese["docx"]))
    title = next(p.text for p in doc.paragraphs if CUSTOMER in p.text.replace(JOINER, ""))
    assert JOINER.join(CUSTOMER) in title  # Word may not break a line inside the name
    from qbrgen.render.docx.lang import keep_amounts

    assert keep_amounts("節約 1,638万円 です") == "節約 " + JOINER.join("1,638万円") + " です"


def test_pdf_keeps_the_customers_name_and_amounts_on_one_line(japanese):
    assert f'<span class="nobr">{CUSTOMER}</span>' in japanese["html"]
    kept = pdf_language.keep_together("更新のご提案 1,638万円 の節約", CUSTOMER)
    assert '<span class="nobr">1,638万円</span>' in kept
    assert pdf_language.keep_together("Renewal for Northwind", "Northwind") == "Renewal for Northwind"


def test_missing_cjk_font_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(pdf_fonts, "cjk_family", lambda tag="ja-JP": None)
    with pytest.raises(RenderError, match="fonts-noto-cjk"):
        pdf_renderer.cjk_font(f"<p>{CUSTOMER}</p>", "ja_JP")
    assert pdf_renderer.cjk_font("<p>Northwind</p>", "en_US") is None


def test_page_line_falls_back_to_english_when_a_translation_drops_a_number(tmp_path):
    po = tmp_path / "de.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Page {page} of {pages}"\nmsgstr "Seite {page}"\n', encoding="utf-8")
    with i18n.language("de", (po,)):
        assert page_line() == ("Page ", "{page}", " of ", "{pages}")
    assert pdf_renderer.page_content(("Seite ", "{page}", " von ", "{pages}")) == \
        '"Seite " counter(page) " von " counter(pages)'


def test_notice_html_and_markdown_speak_the_documents_language(tmp_path):
    from qbrgen.render import markdown, notice_html
    from qbrgen.sections.document import Document, Paragraph, Part, Signature

    tree = Document("notice", "customer", "Renewal", "", (Part("a", "Acceptance", (Paragraph("x"),
                                                                               Signature(("Kunde AG",)))),),
                    (("locale", "de_DE"),))
    assert b'<html lang="en">' in notice_html.render(tree)  # English text: as it always was
    po = tmp_path / "de.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "{party}: name, title, signature, date"\n'
                  'msgstr "{party}: Name, Funktion, Unterschrift, Datum"\n', encoding="utf-8")
    with i18n.language("de", (po,)):
        assert b'<html lang="de-DE">' in notice_html.render(tree)
        assert "- Kunde AG: Name, Funktion, Unterschrift, Datum" in markdown.render(tree, None).decode()
