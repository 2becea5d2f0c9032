"""A Japanese manufacturer's deck and proposal read in Japanese: built once, reopened, checked against Japanese.

The account (examples/languages/kaito-seisakusho.yaml, ja_JP, yen) is built in-process in the language of its
locale; the deck is reopened with python-pptx, the proposal with python-docx and pypdf. Expected strings come
from the Japanese catalog where natural (so a reworded message keeps the test true), and some are written out
literally (so an empty or English catalog cannot pass).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from qbrgen import i18n

from .conftest import EXAMPLES
from .proposal_helpers import docx_page_texts
from .render_helpers import all_shapes, slide_title

ACCOUNT = EXAMPLES / "languages" / "kaito-seisakusho.yaml"
CATALOG = Path(i18n.__file__).parent / "locale" / "ja.po"
AS_OF = dt.date(2026, 12, 6)
CUSTOMER = "海東製作所"
JOINER = "\u2060"
# English words of qbrgen's own that must not survive in a Japanese document (none is in the account's data)
ENGLISH = ("Renewal", "proposal", "Page", "Total", "Option")
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")


def squeeze(text: str) -> str:
    """Return ``text`` without word joiners and white space (PDF extraction breaks CJK lines anywhere)."""
    return re.sub(r"\s+", "", text.replace(JOINER, ""))


@pytest.fixture(scope="module")
def ja():
    """Return the Japanese catalog as {(context, msgid): msgstr} (the singular form for plural messages)."""
    catalog = i18n.read_catalog(CATALOG)
    found = {}
    for message in catalog:
        if message.id:
            key = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
            text = message.string[0] if isinstance(message.string, (list, tuple)) else message.string
            found[(message.context, key)] = text
    return found


def tr(ja, msgid: str, context: str | None = None, **values) -> str:
    text = ja[(context, msgid)]
    assert text, f"untranslated: {msgid!r}"
    return text.format(**values) if values else text


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from qbrgen.account.validate import Workspaces, load_account
    from qbrgen.build.outputs import render_outputs
    from qbrgen.render import pdf_fonts

    if pdf_fonts.cjk_family("ja-JP") is None:
        pytest.skip("no CJK font on this machine (apt-get install fonts-noto-cjk): a Japanese PDF cannot be drawn")
    info = load_account(ACCOUNT, Workspaces().for_account(ACCOUNT))
    folder = tmp_path_factory.mktemp("kaito")
    files = render_outputs(info, folder, ("pptx", "docx", "pdf"), AS_OF)
    return {path.suffix: data for path, data in files.items() if path.suffix in (".pptx", ".docx", ".pdf")}


@pytest.fixture(scope="module")
def deck(built):
    from pptx import Presentation

    return Presentation(io.BytesIO(built[".pptx"]))


def _deck_runs(deck):
    for slide in deck.slides:
        for shape in all_shapes(slide):
            frames = []
            if shape.has_text_frame:
                frames.append(shape.text_frame)
            if getattr(shape, "has_table", False) and shape.has_table:
                frames.extend(cell.text_frame for row in shape.table.rows for cell in row.cells)
            for frame in frames:
                for paragraph in frame.paragraphs:
                    yield from paragraph.runs


@pytest.fixture(scope="module")
def deck_text(deck):
    return squeeze(" ".join(run.text for run in _deck_runs(deck)))


@pytest.fixture(scope="module")
def document(built):
    from docx import Document

    return Document(io.BytesIO(built[".docx"]))


@pytest.fixture(scope="module")
def docx_text(document):
    return squeeze(" ".join(docx_page_texts(document)))


@pytest.fixture(scope="module")
def pdf_text(built):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(built[".pdf"]))
    return squeeze(" ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def texts(deck_text, docx_text, pdf_text):
    return {"pptx": deck_text, "docx": docx_text, "pdf": pdf_text}


def test_ja_proposal_title_and_section_headings(ja, docx_text, pdf_text):
    title = tr(ja, "Renewal proposal for {customer}", customer=CUSTOMER)
    assert squeeze(title) == "海東製作所様契約更新のご提案"
    headings = [tr(ja, m) for m in ("Pricing", "Renewal options", "Terms", "Steps to signature",
                                      "Acceptance", "How we measured", "What is new since your last contract")]
    assert headings[:5] == ["価格", "更新プラン", "契約条件", "ご署名までの手順", "ご承諾"]
    for text in (docx_text, pdf_text):
        assert squeeze(title) in text
        assert "エグゼクティブサマリー" in text
        for heading in headings:
            assert squeeze(heading) in text, heading


def test_ja_deck_cover_and_section_titles(ja, deck):
    cover = squeeze(" ".join(s.text_frame.text for s in all_shapes(deck.slides[0]) if s.has_text_frame))
    assert "四半期ビジネスレビュー" in cover and CUSTOMER in cover
    titles = [squeeze(slide_title(slide)) for slide in deck.slides]
    overlines = {squeeze(s.text_frame.text) for slide in deck.slides for s in slide.shapes
                 if s.name == "qbrgen:overline"}
    assert {tr(ja, "Agenda"), tr(ja, "Executive summary"), "次のステップ"} <= overlines
    assert any(t.startswith("本日の60分：") for t in titles), titles
    assert any(t.startswith("本日ご合意いただきたいステップ") for t in titles), titles


def test_ja_acceptance_text_is_a_japanese_contract_sentence(ja, docx_text, pdf_text):
    sentence = tr(ja, "By signing, {customer} accepts the one renewal option ticked below and the terms of "
                      "this proposal.", customer=CUSTOMER)
    assert squeeze(sentence) == ("海東製作所は、本書に署名することにより、下記で選択した1つの更新プランおよび"
                                 "本提案書の条件を承諾します。")
    for text in (docx_text, pdf_text):
        assert squeeze(sentence) in text
        assert squeeze(tr(ja, "Tick exactly one renewal option.")) in text
        for label in ("氏名", "役職", "署名", "日付"):
            assert label in text


def test_ja_quarters_are_written_the_japanese_way(texts):
    for fmt, text in texts.items():
        assert re.search(r"2027年第[1-4]四半期", text), fmt
        assert not re.search(r"Q[1-4] ?2027", text), fmt


def test_ja_money_in_man_yen_on_cards_and_titles_and_exact_yen_in_tables(ja, deck, texts):
    titles = [squeeze(slide_title(slide)) for slide in deck.slides]
    # the summary's title and headline card: 1,998万円 of documented value a year
    assert any("年間1,998万円" in t for t in titles), titles
    cards = squeeze(" ".join(s.text_frame.text for s in all_shapes(deck.slides[1]) if s.has_text_frame))
    assert squeeze(tr(ja, "{amount} a year", amount="1,998万円")) in cards
    assert "年間1,687万円" in cards
    for fmt, text in texts.items():
        assert "16,380,000円" in text, fmt  # the exact yearly value, grouped, in a table or a sentence
        assert "円円" not in text and "万円円" not in text, fmt
    for fmt in ("docx", "pdf"):
        assert "16,871,400円" in texts[fmt]  # the renewed subscription, exact
        assert "1,638万円" in texts[fmt]  # the proposal's key figures (today's subscription), in 万円


def test_ja_no_english_words_outside_account_data(texts):
    data = ACCOUNT.read_text(encoding="utf-8")
    for word in ENGLISH:
        assert word not in data
        for fmt, text in texts.items():
            assert word not in text, (word, fmt)
    for fmt, text in texts.items():
        assert "ページ" in text or fmt == "pptx", fmt
        assert len(JAPANESE.findall(text)) > 500, fmt


def test_ja_deck_runs_are_tagged_by_their_own_language(deck):
    japanese, english = set(), set()
    for run in _deck_runs(deck):
        lang = run._r.get_or_add_rPr().get("lang")
        if JAPANESE.search(run.text):
            japanese.add(lang)
        elif run.text.strip() == "Core Platform":
            english.add(lang)
    assert japanese == {"ja-JP"}
    assert english == {"en-US"}


def test_ja_docx_runs_carry_an_east_asian_language(document):
    from docx.oxml.ns import qn

    japanese, product = set(), set()
    for paragraph in document.paragraphs + [p for t in document.tables for r in t.rows for c in r.cells
                                            for p in c.paragraphs]:
        for run in paragraph.runs:
            props = run._r.rPr
            lang = props.find(qn("w:lang")) if props is not None else None
            tags = (lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))) if lang is not None else (None, None)
            if JAPANESE.search(run.text):
                japanese.add(tags[1])
            elif run.text.replace(JOINER, "").strip() == "Core Platform":
                product.add(tags[0])
    assert japanese == {"ja-JP"}
    assert product == {"en-US"}
