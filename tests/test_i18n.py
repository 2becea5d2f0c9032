"""The message machinery: which language an account gets, catalogs, a team's overrides, the pseudo-language."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from qbrgen import i18n
from qbrgen.i18n import _, language, ngettext, pgettext


def _po(path: Path, entries: str, lang: str = "de") -> Path:
    path.write_text(textwrap.dedent(f'''\
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Language: {lang}\\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

        ''') + textwrap.dedent(entries), encoding="utf-8")
    return path


def test_language_follows_the_locale_then_the_account_then_the_command_line():
    shipped = i18n.shipped()
    assert shipped[0] == "en"
    assert i18n.resolve(None, "en_US") == ("en", None)
    assert i18n.resolve("en", "de_DE") == ("en", None)
    if "de" in shipped:
        assert i18n.resolve(None, "de_AT") == ("de", None)
    if "pt_BR" in shipped:
        assert i18n.resolve(None, "pt_PT") == ("pt_BR", None)  # the one Portuguese catalog


def test_a_language_without_a_catalog_is_english_with_one_warning():
    lang, warning = i18n.resolve(None, "sw_KE")
    assert lang == "en" and "sw_KE" in warning and "English" in warning
    lang, warning = i18n.resolve(None, "ar_EG")
    assert lang == "en" and "right to left" in warning


def test_direction_marks_are_removed():
    assert i18n.strip_marks("\u200f03\u200f/2027") == "03/2027"


def test_outside_a_language_block_text_is_the_english_source_with_its_values():
    assert _("Renewal on {date}", date="Jan 1") == "Renewal on Jan 1"
    assert ngettext("{n} outcome", "{n} outcomes", 2, n="2") == "2 outcomes"
    assert pgettext("table heading", "Now") == "Now"


def test_an_override_file_wins_over_english_and_reorders_placeholders(tmp_path):
    po = _po(tmp_path / "de.po", '''\
        msgid "Renewal on {date} for {amount}"
        msgstr "Für {amount} verlängert am {date}"

        msgid "{n} outcome"
        msgid_plural "{n} outcomes"
        msgstr[0] "{n} Ergebnis"
        msgstr[1] "{n} Ergebnisse"

        msgid "Broken {amount}"
        msgstr "Kaputt {betrag}"
        ''')
    with language("en", (po,)):
        assert _("Renewal on {date} for {amount}", date="1.1.", amount="5 €") == "Für 5 € verlängert am 1.1."
        assert ngettext("{n} outcome", "{n} outcomes", 3, n="3") == "3 Ergebnisse"
        assert ngettext("{n} outcome", "{n} outcomes", 1, n="1") == "1 Ergebnis"
        # a wrong placeholder in a team's file never breaks a build: the source sentence is used
        assert _("Broken {amount}", amount="5 €") == "Broken 5 €"
        assert i18n.current() == "en"
    assert _("Renewal on {date} for {amount}", date="1.1.", amount="5 €") == "Renewal on 1.1. for 5 €"


def test_pseudo_text_accents_words_and_keeps_placeholders():
    text = i18n.pseudo_text("Since {date}, together we documented {amount}")
    assert text.startswith("[") and text.endswith("]")
    assert "{date}" in text and "{amount}" in text
    assert "Since" not in text and "together" not in text


def test_placeholders_of_both_styles():
    assert i18n.placeholders("For {party} on {date}") == {"party", "date"}
    assert i18n.placeholders("For %(party)s") == {"party"}
    assert i18n.placeholders("{oops") == {"<unbalanced braces>"}


@pytest.mark.parametrize("value", ["de", "pt-BR", "ja", "qps"])
def test_account_language_field_accepts_languages(value):
    from qbrgen.account.fields import language_code

    assert language_code(value) == value.replace("-", "_")


def test_account_language_field_refuses_nonsense():
    from qbrgen.account.fields import language_code

    with pytest.raises(ValueError, match="not a known language"):
        language_code("klingon-xx")


def test_run_tags_follow_the_text_not_the_locale():
    with language("en"):
        assert i18n.document_tag("en_GB") == "en-GB"
        assert i18n.text_tag("subscription", "ja_JP") == "en-US"
        assert i18n.text_tag("海東製作所", "ja_JP") == "ja-JP"
    with language("ja"):
        assert i18n.text_tag("subscription", "ja_JP") == "en-US"
        assert i18n.text_tag("更新のご提案", "ja_JP") == "ja-JP"
    with language("de"):
        assert i18n.document_tag("de_AT") == "de-AT"
        assert i18n.document_tag("fr_CH") == "de-DE"


def test_pseudo_text_keeps_template_placeholders():
    assert i18n.pseudo_text("For %(party)s") == "[Ƒöŕ %(party)s]"
