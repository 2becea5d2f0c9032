"""The German example account (Klinikum Rheinaue, de_DE) reads in German in its deck, DOCX and PDF.

One in-process build of ``examples/languages/klinikum-rheinaue.yaml``, reopened with python-pptx, python-docx
and pypdf and checked against the German catalog and against literal German strings (so an emptied or broken
catalog fails here too): headings, the acceptance sentence, quarters, percent spacing, the chart number format,
the page line, and no English catalog word left outside the account's own data.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from docx import Document as open_docx
from pptx import Presentation
from pypdf import PdfReader

import qbrgen
from qbrgen.account.validate import Workspaces, load_account
from qbrgen.build.outputs import render_outputs
from qbrgen.i18n import read_catalog

from .proposal_helpers import docx_page_texts
from .render_helpers import all_shapes

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT = ROOT / "examples" / "languages" / "klinikum-rheinaue.yaml"
CUSTOMER = "Klinikum Rheinaue gGmbH"
AS_OF = dt.date(2026, 12, 6)
NBSP = "\u00a0"
ENGLISH = ("Renewal", "proposal", "Page", "Total", "Option")

pytestmark = pytest.mark.skipif(not ACCOUNT.exists(), reason="the German example account is not in this checkout")


@pytest.fixture(scope="module")
def catalog():
    return read_catalog(Path(qbrgen.__file__).parent / "locale" / "de.po")


def german(catalog, message: str, context: str | None = None, **values) -> str:
    """Return the German translation of ``message`` (failing when it is missing), its placeholders filled."""
    entry = catalog.get(message, context=context)
    assert entry is not None and entry.string, f"no German for {message!r}"
    text = entry.string if isinstance(entry.string, str) else entry.string[0]
    return text.format(**values) if values else text


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The account's deck, DOCX and PDF, built once in the account's own language (German, from de_DE)."""
    folder = tmp_path_factory.mktemp("de")
    info = load_account(ACCOUNT, Workspaces().for_account(ACCOUNT))
    files = render_outputs(info, folder, ("pptx", "docx", "pdf"), AS_OF)
    by_suffix = {path.suffix: data for path, data in files.items()}
    assert {".pptx", ".docx", ".pdf"} <= set(by_suffix)
    return by_suffix


def flat(text: str) -> str:
    """Return text with no-break spaces, word joiners and line breaks as single spaces."""
    return re.sub(r"\s+", " ", text.replace(NBSP, " ").replace("\u202f", " ").replace("\u2060", "")).strip()


@pytest.fixture(scope="module")
def deck(built):
    return Presentation(io.BytesIO(built[".pptx"]))


@pytest.fixture(scope="module")
def slide_texts(deck):
    """Every slide's visible text (shapes and table cells), one string per slide, spaces kept as built."""
    texts = []
    for slide in deck.slides:
        parts = []
        for shape in all_shapes(slide):  # inside groups too (the ask's callout, the price bridge)
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        texts.append("\n".join(parts))
    return texts


@pytest.fixture(scope="module")
def deck_all_text(deck, slide_texts, built):
    """The slides, their speaker notes and the charts' own text (series names, categories)."""
    notes = [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
    with zipfile.ZipFile(io.BytesIO(built[".pptx"])) as package:
        charts = [re.sub(r"<[^>]+>", " ", package.read(n).decode("utf-8")) for n in package.namelist()
                  if n.startswith("ppt/charts/chart") and n.endswith(".xml")]
    return "\n".join(slide_texts + notes + charts)


@pytest.fixture(scope="module")
def word(built):
    return open_docx(io.BytesIO(built[".docx"]))


@pytest.fixture(scope="module")
def docx_text(word):
    """The DOCX body (paragraphs and table cells), headers and footers."""
    return "\n".join(docx_page_texts(word))


@pytest.fixture(scope="module")
def pdf_pages(built):
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(built[".pdf"])).pages]


def test_deck_titles_and_overlines_are_german(catalog, slide_texts):
    everything = flat("\n".join(slide_texts))
    assert flat(slide_texts[0]).startswith("Quartalsgespräch")  # the meeting, in German
    for overline in ("Executive summary", "Agenda", "Your priorities", "Roadmap", "Mutual success plan",
                     "Your renewal", "Renewal options", "Next steps", "Appendix"):
        assert german(catalog, overline).upper() in everything.upper(), overline
    # literal German, so an emptied catalog (English everywhere) fails here
    for literal in ("ZUSAMMENFASSUNG", "NÄCHSTE SCHRITTE", "Unsere Bitte heute:", "Zwei gemeinsame Ziele",
                    "Vier Schritte, die wir heute vereinbaren", "Unsere 60 Minuten: Nutzen, Ihre Prioritäten",
                    "an dokumentiertem Nutzen", "Sie sparen"):
        assert literal.upper() in everything.upper(), literal


def test_proposal_title_and_section_headings_are_german_in_docx_and_pdf(catalog, word, pdf_pages):
    title = german(catalog, "Renewal proposal for {customer}", customer=CUSTOMER)
    assert title == f"Angebot zur Vertragsverlängerung für {CUSTOMER}"
    headings = ("Executive summary", "What is new since your last contract", "Pricing", "Renewal options",
                "Terms", "Steps to signature", "Acceptance", "How we measured")
    expected = [german(catalog, h) for h in headings]
    assert expected[:2] == ["Zusammenfassung", "Neu seit Ihrem letzten Vertrag"]
    assert {"Preise", "Bedingungen", "Annahme", "So haben wir gemessen"} <= set(expected)
    paragraphs = [flat(p.text) for p in word.paragraphs]
    assert title in paragraphs
    styled = {flat(p.text) for p in word.paragraphs if p.style is not None and "Heading" in p.style.name}
    assert set(expected) <= styled, set(expected) - styled
    pdf = [flat(page) for page in pdf_pages]
    assert title in flat(" ".join(pdf[:1]))
    for heading in expected:
        assert any(heading in page for page in pdf), heading
    # the document's own subject property, as Word shows it in File > Properties
    assert word.core_properties.subject == "Angebot zur Vertragsverlängerung"


def test_acceptance_text_is_the_german_contract_sentence(catalog, docx_text, pdf_pages):
    sentence = german(catalog, "By signing, {customer} accepts the one renewal option ticked below and the terms "
                      "of this proposal.", customer=CUSTOMER)
    assert sentence == (f"Mit der Unterzeichnung nimmt {CUSTOMER} die unten angekreuzte Verlängerungsoption sowie "
                        "die Bedingungen dieses Angebots an.")
    assert sentence in flat(docx_text)
    assert sentence in flat(" ".join(pdf_pages))
    # the signature block's labels, from the "signature line" context
    for label, literal in (("Name", "Name"), ("Title", "Funktion"), ("Signature", "Unterschrift"), ("Date", "Datum")):
        assert german(catalog, label, "signature line") == literal
        assert literal in docx_text and literal in " ".join(pdf_pages)
    assert f"Für {CUSTOMER}" in flat(docx_text)


def test_quarters_read_as_german_long_quarters(catalog, slide_texts, docx_text, pdf_pages):
    assert german(catalog, "QQQ y", "quarter pattern") == "QQQQ y"
    deck = flat("\n".join(slide_texts))
    assert "1. Quartal 2027" in deck  # the roadmap's first item, and the roadmap title
    assert "das erste ab 1. Quartal 2027" in deck
    assert "Q1 2027" not in deck
    # a quarter is never broken across lines: its spaces are no-break spaces
    assert f"1.{NBSP}Quartal{NBSP}2027" in "\n".join(slide_texts)
    assert "(1. Quartal 2027)" in flat(docx_text)
    assert "1. Quartal 2027" in flat(" ".join(pdf_pages))


def test_percent_has_the_german_no_break_space(slide_texts, docx_text, pdf_pages):
    deck = "\n".join(slide_texts)
    assert f"4,5{NBSP}%" in deck
    assert f"um 4,5{NBSP}%" in deck
    assert f"12,5{NBSP}% der Fälle" in deck  # a unit in percent is spaced as the locale spaces a percent
    assert f"4,5{NBSP}%" in docx_text
    assert "4,5 %" in flat(" ".join(pdf_pages))
    for text in (deck, docx_text, " ".join(pdf_pages)):
        assert not re.search(r"\d%", text.replace("% der Fälle", "")), "a percent written without its space"


def test_deck_chart_number_format_groups_thousands_with_a_dot(built):
    with zipfile.ZipFile(io.BytesIO(built[".pptx"])) as package:
        charts = [package.read(n).decode("utf-8") for n in package.namelist()
                  if n.startswith("ppt/charts/chart") and n.endswith(".xml")]
    assert charts
    codes = re.findall(r"<c:formatCode>([^<]*)</c:formatCode>", "".join(charts))
    codes += re.findall(r'formatCode="([^"]*)"', "".join(charts))
    assert codes
    assert any("#\\.##0" in code for code in codes), codes
    assert not any("#,##0" in code for code in codes), codes  # no English grouping left


def test_page_line_is_german(catalog, word, pdf_pages):
    assert german(catalog, "Page {page} of {pages}") == "Seite {page} von {pages}"
    footer = "".join(section.footer._element.xml for section in word.sections)
    assert "Seite" in footer and "von" in footer and "Page" not in footer
    assert f"Seite 2 von {len(pdf_pages)}" in flat(pdf_pages[1])  # the cover has no number, as in the DOCX


def test_no_english_word_outside_the_account_data(deck_all_text, docx_text, pdf_pages):
    data = ACCOUNT.read_text(encoding="utf-8")
    yaml.safe_load(data)  # the account file is valid YAML: its words are the account's own data
    for name, text in (("deck", deck_all_text), ("docx", docx_text), ("pdf", "\n".join(pdf_pages))):
        for english in ENGLISH:
            # a word the account's own data uses is allowed; none of these is in this German account
            assert not re.search(rf"\b{english}\b", data), english
            found = re.findall(rf"[^\n]{{0,40}}\b{english}\b[^\n]{{0,40}}", flat(text) if name == "pdf" else text)
            assert not found, (name, english, found)
