"""Locale-aware figures: quarters in each language's pattern, percent spacing, yen in 万/億, no direction
marks, list and date-range formats, and the risk radar's sentences written when a document prints them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from qbrgen.fmt import Formatter
from qbrgen.i18n import language

BIDI = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _po(tmp_path, lang: str, entries: dict) -> tuple:
    """Write a tiny override catalog: {msgid, (context, msgid) or (singular, plural, None): translation, or
    a list of plural forms}."""
    lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
             '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"', ""]
    for key, value in entries.items():
        if isinstance(key, tuple) and len(key) == 3:
            context, msgid = None, key[:2]
        else:
            context, msgid = key if isinstance(key, tuple) else (None, key)
        if context:
            lines.append(f'msgctxt "{context}"')
        if isinstance(value, list):
            lines += [f'msgid "{msgid[0]}"', f'msgid_plural "{msgid[1]}"']
            lines += [f'msgstr[{i}] "{v}"' for i, v in enumerate(value)]
        else:
            lines += [f'msgid "{msgid}"', f'msgstr "{value}"']
        lines.append("")
    path = tmp_path / f"{lang}.po"
    path.write_text("\n".join(lines), encoding="utf-8")
    return (path,)


QUARTER_PATTERNS = [  # (locale, the translator's pattern, expected)
    ("en_US", None, "Q1\u00a02027"),
    ("de_DE", "QQQQ y", "1.\u00a0Quartal\u00a02027"),
    ("fr_FR", "QQQ y", "T1\u00a02027"),
    ("ja_JP", "y年QQQQ", "2027年第1四半期"),
]


@pytest.mark.parametrize(("locale", "pattern", "expected"), QUARTER_PATTERNS)
def test_quarter_follows_the_translators_pattern(tmp_path, locale, pattern, expected):
    lang = locale.split("_")[0]
    overrides = _po(tmp_path, lang, {("quarter pattern", "QQQ y"): pattern}) if pattern else ()
    with language(lang, overrides):
        assert Formatter(locale, "EUR").quarter("2027-Q1") == expected


def test_a_document_in_another_language_than_the_locale_writes_its_dates_in_that_language(tmp_path):
    # A Japanese document of a US account: dates are words too, so they follow the document's language
    # (never "Q3 2027" or "Jan 15, 2027" in a Japanese sentence); money keeps the locale's way.
    with language("ja", _po(tmp_path, "ja", {("quarter pattern", "QQQ y"): "y年QQQQ"})):
        fmt = Formatter("en_US", "USD")
        assert fmt.quarter("2027-Q3") == "2027年第3四半期"
        assert fmt.date(dt.date(2027, 1, 15)) == "2027/01/15"
        assert fmt.money(D("1234.5")) == "$1,234.50"
    with language("en"):
        assert Formatter("de_DE", "EUR").date(dt.date(2027, 3, 1)) == "1 Mar 2027"  # English words, en_DE order


def test_a_broken_quarter_pattern_in_a_teams_catalog_falls_back(tmp_path):
    with language("de", _po(tmp_path, "de", {("quarter pattern", "QQQ y"): "QQQ 'y"})):
        assert "2027" in Formatter("de_DE", "EUR").quarter("2027-Q2")


@pytest.mark.parametrize(("locale", "expected"), [
    ("en_US", "4.5%"), ("de_DE", "4,5\u00a0%"), ("fr_FR", "4,5\u00a0%"), ("ja_JP", "4.5%")])
def test_percent_uses_the_locales_own_spacing(locale, expected):
    fmt = Formatter(locale, "EUR")
    assert fmt.percent(D("0.045")) == expected
    assert fmt.pct(D("12"), 0) == expected.replace("4.5", "12").replace("4,5", "12")


def test_percent_keeps_its_places():
    de = Formatter("de_DE", "EUR")
    assert de.percent(D("0.12345"), 2) == "12,35\u00a0%"
    assert de.percent(D("0.12"), 2) == "12\u00a0%"
    assert Formatter("en_US", "USD").percent(D("-0.0449"), 1) == "-4.5%"


def test_points_are_counted_in_the_documents_language(tmp_path):
    en = Formatter("en_US", "USD")
    assert en.points(D("2.2")) == "+2.2 points"
    assert en.points(D("-1")) == "−1 point"
    assert en.points(D("0")) == "0 points"
    po = _po(tmp_path, "de", {("{change} point", "{change} points", None): ["{change} Prozentpunkt",
                                                                      "{change} Prozentpunkte"]})
    with language("de", po):
        de = Formatter("de_DE", "EUR")
        assert de.points(D("2.2")) == "+2,2 Prozentpunkte"
        assert de.points(D("1")) == "+1 Prozentpunkt"


YEN = [  # amount, Japanese document (円), English document of a ja_JP account (￥)
    ("9999", "9,999円", "￥9,999"),
    ("10000", "1万円", "￥1万"),
    ("45000", "4万5,000円", "￥4万5,000"),
    ("9000000", "900万円", "￥900万"),
    ("16381000", "1,638万円", "￥1,638万"),
    ("99999999", "1億円", "￥1億"),
    ("100000000", "1億円", "￥1億"),
    ("120000000", "1億2,000万円", "￥1億2,000万"),
    ("123456789", "1億2,346万円", "￥1億2,346万"),
    ("-16381000", "-1,638万円", "-￥1,638万"),
]


@pytest.mark.parametrize(("amount", "japanese", "english"), YEN)
def test_yen_headlines_in_man_and_oku(amount, japanese, english):
    fmt = Formatter("ja_JP", "JPY")
    with language("ja"):
        assert fmt.compact_money(D(amount)) == japanese
        assert fmt.money_headline(D(amount)) == japanese
    assert fmt.compact_money(D(amount)) == english
    assert fmt.money_headline(D(amount)) == english


def test_exact_yen_is_grouped_in_one_convention_per_document():
    fmt = Formatter("ja_JP", "JPY")
    with language("ja"):
        assert fmt.money(D("16381000")) == "16,381,000円"
        assert fmt.whole_money(D("16381000.4")) == "16,381,000円"
        assert fmt.table_money([D("16381000"), D("-9999")]) == ("16,381,000円", "-9,999円")
    assert fmt.money(D("16381000")) == "￥16,381,000"
    assert fmt.table_money([D("123456789")]) == ("￥123,456,789",)
    # a Japanese document of a US-locale account writing yen: 円 too, never ￥1638.1万
    with language("ja"):
        assert Formatter("en_US", "JPY").compact_money(D("16381000")) == "1,638万円"
    # yen in an English document of a US account: Babel's own, unchanged
    assert Formatter("en_US", "JPY").compact_money(D("16381000")) == "¥16.4M"


def test_other_currencies_in_a_japanese_document_keep_babels_format():
    fmt = Formatter("ja_JP", "USD")
    with language("ja"):
        assert fmt.money(D("1234.56")) == "$1,234.56"
        assert fmt.table_money([D("9999.5")]) == ("$9,999.50",)
        assert "円" not in fmt.compact_money(D("16381000"))


@pytest.mark.parametrize("locale", ["ar_EG", "he_IL", "ar_SA", "fa_IR"])
def test_right_to_left_locales_give_no_direction_marks(locale):
    fmt = Formatter(locale, "USD")
    texts = [fmt.date(dt.date(2027, 3, 1)), fmt.date(dt.date(2027, 3, 1), "short"), fmt.month("2027-03"),
             fmt.quarter("2027-Q1"), fmt.money(D("-1234.5")), fmt.whole_money(D("1234")),
             fmt.compact_money(D("1234567")), fmt.money_headline(D("1234567")), fmt.number(D("-1234.5")),
             fmt.percent(D("-0.045")), fmt.points(D("-1.5")), fmt.time(dt.time(14, 0)),
             fmt.date_range(dt.date(2027, 1, 1), dt.date(2027, 3, 5)), fmt.join(["a", "b"])]
    for text in texts:
        assert not set(text) & set(BIDI), (locale, text)
    assert fmt.quarter("2027-Q1") == "Q1\u00a02027"  # the English document's words, not Arabic ones


def test_lists_are_joined_in_the_documents_language(tmp_path):
    assert Formatter("en_US", "USD").join(["A", "B", "C"]) == "A, B, and C"
    assert Formatter("en_US", "USD").join(["A", "B"], "or") == "A or B"
    with language("de"):
        assert Formatter("de_DE", "EUR").join(["A", "B", "C"]) == "A, B und C"
    with language("fr"):
        assert Formatter("fr_FR", "EUR").join(["A", "B", "C"]) == "A, B et C"
    with language("ja"):
        assert Formatter("ja_JP", "JPY").join(["A", "B", "C"]) == "A、B、C"


def test_date_ranges_in_the_locales_way():
    start, end = dt.date(2027, 1, 1), dt.date(2027, 3, 5)
    assert Formatter("en_US", "USD").date_range(start, end) == "Jan 1\u2009–\u2009Mar 5, 2027"
    with language("de"):
        assert Formatter("de_DE", "EUR").date_range(start, end) == "1. Jan.\u2009–\u20095. März 2027"
    with language("ja"):
        assert Formatter("ja_JP", "JPY").date_range(start, end) == "2027年1月1日～3月5日"


def test_months_in_the_locales_order():
    assert Formatter("en_US", "USD").month("2026-01") == "Jan\u00a02026"
    with language("de"):
        assert Formatter("de_DE", "EUR").month("2026-01") == "Jan.\u00a02026"
    with language("ja"):
        assert Formatter("ja_JP", "JPY").month("2026-01") == "2026年1月"


def test_judgments_are_written_in_the_language_of_the_document_that_prints_them(tmp_path):
    # The figures are computed once; the deal-review deck prints them in its language, the plan in English.
    from qbrgen.analysis.figures import _silent
    from qbrgen.analysis.risk import STALE, Pattern, Radar
    from qbrgen.analysis.timeline import MILESTONE_STEPS, Milestone

    po = _po(tmp_path, "de", {
        "Stale data": "Veraltete Daten",
        "usage not updated for more than two months": "Nutzung seit über zwei Monaten nicht aktualisiert",
        "{pattern}: {detail}": "{pattern} – {detail}",
        "At risk": "Gefährdet",
        "Renew at today's price.": "Zum heutigen Preis verlängern.",
        "Legal and procurement review": "Rechts- und Einkaufsprüfung",
        ("{name}: {count} day since last contact", "{name}: {count} days since last contact", None):
            ["{name}: {count} Tag seit dem letzten Kontakt", "{name}: {count} Tage seit dem letzten Kontakt"],
    })
    pattern = Pattern("stale-data", "medium", (STALE["usage"],))
    radar = Radar((pattern,), 40, D(1000), False, 8, D(1), D(1), "at-risk", (), "flat")
    milestone = Milestone(60, dt.date(2027, 1, 1), MILESTONE_STEPS[60], "upcoming")
    silent = _silent("Katrin Vogel", 145)
    with language("de", po):
        assert pattern.text == "Veraltete Daten – Nutzung seit über zwei Monaten nicht aktualisiert"
        assert (radar.verdict_text, radar.pricing_text) == ("Gefährdet", "Zum heutigen Preis verlängern.")
        assert milestone.step == "Rechts- und Einkaufsprüfung"
        assert str(silent) == "Katrin Vogel: 145 Tage seit dem letzten Kontakt"
        assert silent.english == "Katrin Vogel: 145 days since last contact"
    with language("en"):
        assert pattern.text == "Stale data: usage not updated for more than two months"
        assert milestone.step == "Legal and procurement review"
    assert str(_silent("A", 1)) == "A: 1 day since last contact"
