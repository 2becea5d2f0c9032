"""The deck in an East Asian (and a German) account: language tags per run, East Asian fonts, full-width
measurement, names and amounts kept on one line, and chart number formats in the account's locale."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest

from qbrgen.account.validate import load_account
from qbrgen.brandkit import fonts
from qbrgen.build.assets import assets_for
from qbrgen.render.pptx.numfmt import locale_format
from qbrgen.render.pptx.numfmt import render as shown
from qbrgen.render.registry import render
from qbrgen.render.textfit import measuring, text_width, wrap
from qbrgen.sections.assemble import build_deck

from .conftest import AS_OF

NAME = "海東製作所"


def _account(spec_dir, locale: str, currency: str, name: str | None = None, language: str | None = None):
    text = (spec_dir / "northwind.yaml").read_text(encoding="utf-8")
    text = text.replace("locale: en_US ", f"locale: {locale} ").replace("currency: USD ", f"currency: {currency} ")
    if name:
        text = text.replace("name: Northwind Logistics", f"name: {name}", 1)
    if language:
        text = text.replace(f"locale: {locale} ", f"language: {language}\n  locale: {locale} ", 1)
    path = spec_dir / "account.yaml"
    path.write_text(text, encoding="utf-8")
    return load_account(path)


def _deck_zip(info) -> zipfile.ZipFile:
    doc = build_deck(info, AS_OF, "customer")
    return zipfile.ZipFile(io.BytesIO(render("pptx", doc, assets_for(info, AS_OF))))


def _slides(z: zipfile.ZipFile) -> list[str]:
    names = sorted((n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                   key=lambda n: int(re.search(r"\d+", n).group()))
    return [z.read(n).decode() for n in names]


@pytest.fixture
def japanese_deck(spec_dir):
    info = _account(spec_dir, "ja_JP", "JPY", NAME, "ja")
    assert info.model.account.language == "ja"
    return _deck_zip(info)


def test_each_run_is_tagged_with_the_language_of_its_text(japanese_deck):
    runs = [(m.group(1), m.group(2)) for xml in _slides(japanese_deck)
            for m in re.finditer(r"<a:r>(<a:rPr[^>]*>.*?</a:rPr>)<a:t>([^<]*)</a:t></a:r>", xml)]
    english = [rpr for rpr, t in runs if re.fullmatch(r"[A-Za-z ,.:'()?]+", t) and t.strip()]
    japanese = [rpr for rpr, t in runs if NAME in t]
    assert len(english) > 50 and japanese
    assert all('lang="en-US"' in rpr and "altLang" not in rpr for rpr in english)  # never broken as Japanese
    assert all('lang="ja-JP"' in rpr and 'altLang="en-US"' in rpr for rpr in japanese)
    # the East Asian font Office pairs with the theme's DejaVu Sans is a free one; every run names it
    assert all('<a:ea typeface="Noto Sans CJK JP"/>' in rpr for rpr, _t in runs)
    # a run never mixes the two: the name and the English around it are separate runs
    assert not any(NAME in t and re.search(r"[A-Za-z]{3}", t) for _rpr, t in runs)


def test_the_theme_names_the_east_asian_font(japanese_deck):
    theme = japanese_deck.read("ppt/theme/theme1.xml").decode()
    for kind in ("majorFont", "minorFont"):
        block = re.search(f"<a:{kind}>.*?</a:{kind}>", theme).group()
        assert '<a:ea typeface="Noto Sans CJK JP"/>' in block


def test_english_deck_theme_is_untouched(spec_account):
    theme = _deck_zip(spec_account).read("ppt/theme/theme1.xml").decode()
    assert '<a:ea typeface=""/>' in theme


def test_the_customers_name_is_never_split(japanese_deck):
    cover = _slides(japanese_deck)[0]
    texts = re.findall(r"<a:t>([^<]*)</a:t>", cover)
    assert NAME in texts or any(t.startswith(NAME) for t in texts)  # whole, in one run on one line
    # on any slide the name's characters appear only whole
    for xml in _slides(japanese_deck):
        for t in re.findall(r"<a:t>([^<]*)</a:t>", xml):
            if any(ch in t for ch in NAME):
                assert NAME in t, t


def test_wrap_keeps_names_and_amounts_whole_and_breaks_japanese_between_characters():
    with measuring(fonts.face("Calibri"), keep=(NAME,)):
        lines = wrap(f"お客様 {NAME} 様との会議です", 130, 24)
        assert NAME in lines and all(NAME in line or not set(line) & set(NAME) for line in lines)
        lines = wrap("合計は ￥1,638万 です。テスト", 120, 24)
        assert any("￥1,638万" in line for line in lines)
        assert not any(line.startswith(("。", "、")) for line in lines)  # kinsoku: no line starts with a stop
        assert len(wrap("本日は四半期ビジネスレビューにお集まりいただきありがとうございます", 200, 20)) > 1
    with measuring(fonts.face("Calibri")):  # without the name kept, a narrow box may break it
        assert NAME not in wrap(f"お客様 {NAME} 様", 90, 24)


def test_full_width_characters_measure_a_full_em():
    with measuring(fonts.face("Calibri")):
        assert text_width(NAME, 10) == pytest.approx(50.0)
        assert text_width("ｶｲﾄｳ", 10) == pytest.approx(20.0)  # half-width kana: half an em
        assert text_width("ＡＢＣ", 10) == pytest.approx(30.0)  # full-width Latin
        # the figure on a metric card stays on its line at the size the card gives it
        figure = "￥120万 a year"
        assert text_width(figure, 10, True) > text_width("￥120万", 10, True) + text_width(" a year", 10, True)


def test_headline_figures_do_not_wrap_over_their_labels(japanese_deck):
    from pptx import Presentation

    prs = Presentation(io.BytesIO(japanese_deck.fp.getvalue()))
    figures = [shape.text_frame.text for slide in prs.slides for group in slide.shapes
               if group.name == "qbrgen:metric" for shape in group.shapes
               if shape.has_text_frame and shape.text_frame.text.startswith("￥")]
    assert len(figures) >= 3 and any("year" in f for f in figures)
    assert not any("\v" in f or "\n" in f for f in figures)  # each figure on one line, clear of its label


@pytest.mark.parametrize(("locale", "currency", "expected", "big"), [("de_DE", "EUR", "100.000", "1.234.567"),
                                                                     ("en_US", "USD", "100,000", "1,234,567")])
def test_chart_number_formats_follow_the_locale(spec_dir, locale, currency, expected, big):
    z = _deck_zip(_account(spec_dir, locale, currency))
    charts = [z.read(n).decode() for n in z.namelist() if n.startswith("ppt/charts/chart")]
    codes = {html.unescape(c) for xml in charts for c in re.findall(r'formatCode="([^"]*)"', xml)}
    code = locale_format("#,##0", locale, 1e7)  # the sections for amounts up to millions
    assert charts and code in codes and "#,##0" not in codes
    # the same figure whatever the viewer's own separators
    assert shown(code, 100000, ",", ".") == expected == shown(code, 100000, ".", ",")
    assert shown(code, 1234567, ",", ".") == big == shown(code, 1234567, ".", ",")
    assert shown(code, 950, ",", ".") == "950" and shown(code, 0, ",", ".") == "0"


def test_percent_formats_keep_the_locales_spacing():
    assert shown(locale_format("0%", "de_DE"), 0.05) == "5\u00a0%"
    assert shown(locale_format("0%", "en_US"), 0.05) == "5%"
    assert shown(locale_format("#,##0", "fr_FR", 5e6), 2500000) == "2\u202f500\u202f000"


def test_logos_are_described_by_whose_they_are(spec_dir):
    from PIL import Image

    (spec_dir / "assets").mkdir()
    Image.new("RGB", (120, 40), (20, 60, 120)).save(spec_dir / "assets" / "acme.png")
    config = spec_dir / "qbrgen.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("# logo: assets/acme.png", "logo: assets/acme.png"),
                      encoding="utf-8")
    cover = _slides(_deck_zip(_account(spec_dir, "ja_JP", "JPY", NAME)))[0]
    described = re.findall(r'<p:cNvPr id="\d+" name="[^"]*" descr="([^"]*)"', cover)
    assert described and all(d.endswith(" logo") and ".png" not in d for d in described)
