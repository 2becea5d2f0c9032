"""The PDF proposal in the document's language: gettext for the HTML template, the page-number line as CSS,
a system font for East Asian text, and East Asian names and amounts kept on one line.

No WeasyPrint here (:mod:`qbrgen.render.pdf` prints); only text, CSS and markup.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from qbrgen import i18n
from qbrgen.errors import RenderError
from qbrgen.render import pdf_fonts

__all__ = ["cjk_font", "keep_together", "page_content"]


def page_content(pieces: tuple[str, ...]) -> str:
    """Return the CSS ``content`` of the page-number line: its text as strings, the numbers as counters."""
    out = []
    for piece in pieces:
        if piece == "{page}":
            out.append("counter(page)")
        elif piece == "{pages}":
            out.append("counter(pages)")
        else:
            out.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"')
    return " ".join(out)


def cjk_font(html: str, locale: str) -> str | None:
    """Return the system font for the East Asian text of ``html``, None when it has none; raise RenderError
    when it has some and the system no font to draw it (the PDF would show empty boxes)."""
    if not i18n.has_cjk(html):
        return None
    tag = i18n.east_asian_tag(locale)
    family = pdf_fonts.cjk_family(tag)
    if family is None:
        raise RenderError(f"PDF proposal: the text is partly in Chinese, Japanese or Korean ({tag}) and no font "
                          f"for it is installed; install one (on Debian and Ubuntu: apt install "
                          f"{pdf_fonts.CJK_PACKAGE}) or build without the PDF")
    return family


def template_gettext(message: str) -> str:
    return _checked(i18n._(message), message)


def template_ngettext(singular: str, plural: str, n: int) -> str:
    return _checked(i18n.ngettext(singular, plural, n), singular if n == 1 else plural)


def template_pgettext(context: str, message: str) -> str:
    return _checked(i18n.pgettext(context, message), message)


def template_npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return _checked(i18n.npgettext(context, singular, plural, n), singular if n == 1 else plural)


_PERCENT_NAME = re.compile(r"(%\(\w+\)s)")


def _checked(text: str, source: str) -> str:
    """Return a template message's translation when it keeps the source's %(name)s placeholders (Jinja fills
    them in), else the source: a team's translation that renamed one must not stop the build."""
    if i18n.current() == i18n.PSEUDO and text != source and "%(" in source:
        parts = _PERCENT_NAME.split(source)  # the pseudo-language accents the words and keeps the placeholders
        return "[" + "".join(p if _PERCENT_NAME.fullmatch(p) else i18n.pseudo_text(p)[1:-1] for p in parts) + "]"
    if set(_PERCENT_NAME.findall(text)) != set(_PERCENT_NAME.findall(source)):
        return source
    return text


SHORT_NAME = 24  # characters: a name this short is never split over two lines
# an amount or figure in East Asian text (1,638万円, ￥900万, 12.5億円, 4.5%): never split over two lines
_FIGURE = re.compile(r"[￥¥$€£]?\d[\d,.]*(?:\s?[%％]|[万億兆千]+[円元]?|[円元])?")


def keep_together(text, name: str = ""):
    """Return ``text`` for the template, with the customer's (short) name and each amount in East Asian text
    wrapped so that no line breaks inside them (Japanese breaks between any two characters otherwise)."""
    if not isinstance(text, str) or isinstance(text, Markup) or not i18n.has_cjk(text):
        return text
    names = [name] if name and len(name) <= SHORT_NAME and name in text else []
    pattern = re.compile("|".join([*(re.escape(n) for n in names), _FIGURE.pattern, i18n.KATAKANA_WORD]))
    out, last = [], 0
    for match in pattern.finditer(text):
        if len(match.group()) < 2:
            continue
        out += [escape(text[last:match.start()]), Markup('<span class="nobr">'), escape(match.group()),
                Markup("</span>")]
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)
