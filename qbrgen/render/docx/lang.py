"""Language tags of a Word document's text, so Word and LibreOffice break, hyphenate and check each run right.

A run's ``w:lang`` says the language of *its text*, not the account's locale: English words in a Japanese
document are ``en-US`` (tagged ``ja-JP`` they are broken mid-word, "subscri/ption"), Japanese text is tagged
through ``w:eastAsia`` with the East Asian font in ``w:rFonts w:eastAsia``. The document defaults carry the
same tags, so a run qbrgen did not write (a template's own) reads right too.

In a document with no East Asian text, locale or language, the defaults alone tag every run (each run would
carry the very same tag), and the file stays as it always was.
"""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from qbrgen.brandkit import fonts
from qbrgen.i18n import CJK_LANGUAGES, KATAKANA_WORD, current, east_asian_tag, has_cjk, text_tag

_AFTER_LANG = {qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath")}
# an amount as Japanese and Chinese readers write it (1,638万円, ￥900万, 12.5億円): kept on one line
_AMOUNT = re.compile(r"[￥¥$€£]?\d[\d,.]*(?:[万億兆千]+)?[円元원]?|" + KATAKANA_WORD)  # and a katakana word
WORD_JOINER = "\u2060"


def east_asian_document(locale: str, text: str = "") -> bool:
    """Return whether a document needs East Asian tags: its locale or language is CJK, or its text is."""
    return (locale or "").split("_")[0] in CJK_LANGUAGES or current().split("_")[0] in CJK_LANGUAGES \
        or has_cjk(text)


def latin_tag(locale: str) -> str:
    """Return the tag of the document's Latin-script text (en-US in a Japanese document written in English)."""
    return text_tag("A", locale)


def east_asian_font(locale: str) -> str:
    """Return the East Asian font paired with the theme font: the locale's (Yu Gothic for Japanese)."""
    tag = east_asian_tag(locale)
    return fonts.east_asian(tag.replace("-", "_")) or fonts.EAST_ASIAN["ja"]


def set_default_language(styles_el, locale: str, east_asian: bool | None = None) -> None:
    """Tag the document defaults (``w:docDefaults``) with the language of its text, and, in an East Asian
    document, the East Asian language and font."""
    defaults = styles_el.find(qn("w:docDefaults"))
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}") if defaults is not None else None
    if rpr is None:
        return
    east_asian = east_asian_document(locale) if east_asian is None else east_asian
    _set_lang(rpr, latin_tag(locale), east_asian_tag(locale) if east_asian else None)
    if east_asian:
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = OxmlElement("w:rFonts")
            rpr.insert(0, rfonts)
        rfonts.set(qn("w:eastAsia"), east_asian_font(locale))
        for theme in ("w:eastAsiaTheme",):
            rfonts.attrib.pop(qn(theme), None)


def tag_runs(roots, locale: str, name: str = "") -> int:
    """Give every text run under ``roots`` the tag of its own text (``w:val``) and the document's East Asian
    tag (``w:eastAsia``); a run holding East Asian text also gets the East Asian font, and its amounts and
    the customer's (short) ``name`` are held together. Return how many runs were tagged."""
    asian = east_asian_tag(locale)
    font = east_asian_font(locale)
    count = 0
    for root in roots:
        for run in root.iter(qn("w:r")):
            texts = run.findall(qn("w:t"))
            text = "".join(t.text or "" for t in texts)
            if not text:
                continue
            rpr = run.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                run.insert(0, rpr)
            cjk = has_cjk(text)
            _set_lang(rpr, latin_tag(locale), asian)
            if cjk:
                rfonts = rpr.find(qn("w:rFonts"))
                if rfonts is None:
                    rfonts = OxmlElement("w:rFonts")
                    style = rpr.find(qn("w:rStyle"))
                    if style is not None:
                        style.addnext(rfonts)
                    else:
                        rpr.insert(0, rfonts)
                rfonts.set(qn("w:eastAsia"), font)
                rfonts.attrib.pop(qn("w:eastAsiaTheme"), None)
                for t in texts:
                    t.text = keep_amounts(t.text or "", name)
            count += 1
    return count


SHORT_NAME = 24  # characters: a name this short is never split over two lines


def keep_amounts(text: str, name: str = "") -> str:
    """Return ``text`` with a word joiner between the characters of each amount and of the customer's short
    ``name`` in East Asian text (Word and LibreOffice otherwise break a line inside "1,638万円" or "海東製作所",
    between any two Japanese characters)."""
    def join(match) -> str:
        return WORD_JOINER.join(match.group()) if len(match.group()) > 1 else match.group()

    if name and len(name) <= SHORT_NAME and has_cjk(name) and name in text:
        pieces = text.split(name)
        return WORD_JOINER.join(name).join(_AMOUNT.sub(join, piece) for piece in pieces)
    return _AMOUNT.sub(join, text)


def _set_lang(rpr, val: str, east_asia: str | None) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        later = next((c for c in rpr if c.tag in _AFTER_LANG), None)
        if later is not None:
            later.addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), val)
    if east_asia:
        lang.set(qn("w:eastAsia"), east_asia)
