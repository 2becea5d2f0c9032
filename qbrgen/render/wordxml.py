"""A Word template's styles, headers and footers, read from its raw XML (no python-docx here).

Styles are found by name and by style id, case-insensitively, and by their built-in kind (a
heading by its outline level), so 'Heading 1', 'heading 1' and a translated heading all work. A
style whose text colour would be invisible on the page is found too, so the renderer can give it a
readable colour. Footers are read for a page-number field, so one is added only where none is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qbrgen.render.ooxml_color import BODY_RATIO, A, contrast, theme_scheme

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W = f"{{{W}}}"
# Word's theme colour names -> the theme's colour scheme slots
_THEME_SLOT = {"background1": "lt1", "text1": "dk1", "background2": "lt2", "text2": "dk2", "light1": "lt1",
               "dark1": "dk1", "light2": "lt2", "dark2": "dk2", "hyperlink": "hlink",
               "followedHyperlink": "folHlink", **{f"accent{i}": f"accent{i}" for i in range(1, 7)}}
_PAGE_FIELD = re.compile(r"\bPAGE\b", re.IGNORECASE)
_PAGE_PARTS = re.compile(r"(\{page\}|\{pages\})")


def page_line() -> tuple[str, ...]:
    """Return the page-number line of the current language as pieces: text, and "{page}" / "{pages}" where
    the page number and the page count go (a translation may put them in any order, or leave text around)."""
    from qbrgen.i18n import _

    # TRANSLATORS: the footer of every page of the proposal (DOCX and PDF). {page} is the page's number,
    # {pages} the number of pages; both are filled in by Word or the PDF printer. Keep both, once each.
    message = _("Page {page} of {pages}", page="{page}", pages="{pages}")
    pieces = tuple(p for p in _PAGE_PARTS.split(message) if p)
    if pieces.count("{page}") != 1 or pieces.count("{pages}") != 1:
        return ("Page ", "{page}", " of ", "{pages}")  # a translation that lost a number: the English line
    return pieces


def field_label(label: str) -> str:
    """Return a signature line's label in the document's language: the four standard ones (the document
    tree's defaults, written in English) are translated here; any other label is shown as given."""
    from qbrgen.i18n import pgettext

    standard = {
        # TRANSLATORS: signature line labels of the acceptance block: the signer's name, job title, the
        # signature itself, and the date of signing
        "Name": pgettext("signature line", "Name"),
        "Title": pgettext("signature line", "Title"),
        "Signature": pgettext("signature line", "Signature"),
        "Date": pgettext("signature line", "Date"),
    }
    return standard.get(label, label)


def _key(text: str) -> str:
    return re.sub(r"[\s_-]", "", text or "").lower()


class Styles:
    """The styles of a Word document (its ``w:styles`` element), looked up forgivingly."""

    def __init__(self, styles_el, theme=None):
        self.el = styles_el
        self.scheme = theme_scheme(theme)
        self.by_id: dict[str, object] = {}
        self.by_name: dict[str, object] = {}
        self.by_key: dict[str, object] = {}
        for style in styles_el.iterfind(f"{_W}style"):
            sid = style.get(f"{_W}styleId") or ""
            name_el = style.find(f"{_W}name")
            name = name_el.get(f"{_W}val") if name_el is not None else ""
            self.by_id.setdefault(sid, style)
            self.by_name.setdefault((name or "").lower(), style)
            self.by_key.setdefault(_key(name), style)
            self.by_key.setdefault(_key(sid), style)

    @staticmethod
    def kind(style) -> str:
        return style.get(f"{_W}type") or "paragraph"

    def find(self, name: str, kind: str = "paragraph"):
        """Return the style element called ``name`` (by name or id, any case, spaces ignored) of ``kind``,
        or, for 'Heading N', the paragraph style with outline level N-1; None when there is none."""
        for style in (self.by_name.get(name.lower()), self.by_id.get(name), self.by_key.get(_key(name))):
            if style is not None and self.kind(style) == kind:
                return style
        heading = re.fullmatch(r"heading (\d)", name.lower())
        if heading and kind == "paragraph":
            level = str(int(heading.group(1)) - 1)
            for style in self.el.iterfind(f"{_W}style"):
                lvl = style.find(f"{_W}pPr/{_W}outlineLvl")
                if self.kind(style) == "paragraph" and lvl is not None and lvl.get(f"{_W}val") == level:
                    return style
        return None

    def style_id(self, name: str, kind: str = "paragraph") -> str | None:
        style = self.find(name, kind)
        return style.get(f"{_W}styleId") if style is not None else None

    def _chain(self, style):
        seen = set()
        while style is not None and style not in seen:  # elements, not id()s: lxml reuses a freed proxy's id
            seen.add(style)
            yield style
            based = style.find(f"{_W}basedOn")
            style = self.by_id.get(based.get(f"{_W}val")) if based is not None else None

    def para(self, style, tag: str, attr: str | None = None):
        """Return the first ``w:pPr/w:<tag>`` a style's chain sets (or its ``attr`` value, when given); None."""
        for s in self._chain(style):
            el = s.find(f"{_W}pPr/{_W}{tag}")
            if el is not None and (attr is None or el.get(f"{_W}{attr}") is not None):
                return el if attr is None else el.get(f"{_W}{attr}")
        return None

    def size(self, style) -> float:
        """Return the font size (points) a paragraph style gives, through ``basedOn`` and the defaults."""
        for s in self._chain(style):
            sz = s.find(f"{_W}rPr/{_W}sz")
            if sz is not None and (sz.get(f"{_W}val") or "").isdigit():
                return int(sz.get(f"{_W}val")) / 2
        sz = self.el.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}sz")
        val = sz.get(f"{_W}val") if sz is not None else ""
        return int(val) / 2 if val and val.isdigit() else 10.0

    def colour(self, style) -> str | None:
        """Return the text colour (RRGGBB) a style gives, following ``basedOn``; None for automatic."""
        for s in self._chain(style):
            color = s.find(f"{_W}rPr/{_W}color")
            if color is None:
                continue
            theme = color.get(f"{_W}themeColor")
            if theme and _THEME_SLOT.get(theme) in self.scheme:
                return self.scheme[_THEME_SLOT[theme]]
            val = (color.get(f"{_W}val") or "").upper()
            return None if val in ("", "AUTO") else val
        return None

    def invisible(self, names, page: str = "FFFFFF", ratio: float = BODY_RATIO) -> list[object]:
        """Return the styles among ``names`` whose text colour does not reach ``ratio`` on ``page``."""
        out = []
        for name in names:
            style = self.find(name)
            colour = self.colour(style) if style is not None else None
            if colour and re.fullmatch(r"[0-9A-F]{6}", colour) and contrast(colour, page) < ratio:
                out.append(style)
        return out

    def set_colour(self, style, colour: str) -> None:
        """Give ``style`` the text colour ``colour`` (RRGGBB), replacing any theme colour it had."""
        rpr = child(style, "rPr")
        for old in rpr.findall(f"{_W}color"):
            rpr.remove(old)
        # w:color sits after the font, bold, italic ... elements and before size: insert before w:sz if present
        insert_ordered(rpr, rpr.makeelement(f"{_W}color", {f"{_W}val": colour}), _AFTER_COLOR)


    def fonts(self, style):
        """Return the ``w:rFonts`` that gives a paragraph style its Latin font, through ``basedOn`` and the document
        defaults (a name, or a theme slot); None when nothing names one."""
        for s in [*self._chain(style), self.el.find(f"{_W}docDefaults/{_W}rPrDefault")]:
            found = s.find(f"{_W}rPr/{_W}rFonts") if s is not None else None
            if found is not None and (found.get(f"{_W}ascii") or found.get(f"{_W}asciiTheme")):
                return found
        return None

    def font(self, style) -> str | None:
        """Return the Latin font a paragraph style gives (a name, or the theme slot 'major' / 'minor'); None when
        nothing names one."""
        found = self.fonts(style)
        return None if found is None else found.get(f"{_W}ascii") or (found.get(f"{_W}asciiTheme") or "")[:5]


def child(parent, tag: str):
    """Return ``parent``'s ``w:<tag>`` child, added at its end when it has none."""
    el = parent.find(f"{_W}{tag}")
    if el is None:
        el = parent.makeelement(f"{_W}{tag}", {})
        parent.append(el)
    return el


def insert_ordered(parent, el, later_tags) -> None:
    """Insert ``el`` into ``parent`` before the first child whose tag (without namespace) is in ``later_tags``
    (the schema's order), else at the end."""
    later = next((c for c in parent if c.tag.split("}")[-1] in later_tags), None)
    if later is not None:
        later.addprevious(el)
    else:
        parent.append(el)


_AFTER_COLOR = {"spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd",
                "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"}


def page_colour(document_el) -> str:
    """Return the page colour of a document (its ``w:background``), white when none is set."""
    bg = document_el.find(f"{_W}background")
    val = (bg.get(f"{_W}color") or "").upper() if bg is not None else ""
    return val if re.fullmatch(r"[0-9A-F]{6}", val) else "FFFFFF"


def has_page_field(part_el) -> bool:
    """Return whether a header or footer (``w:hdr`` / ``w:ftr``) shows a page number field."""
    for simple in part_el.iter(f"{_W}fldSimple"):
        if _PAGE_FIELD.search(simple.get(f"{_W}instr") or ""):
            return True
    instr = "".join(t.text or "" for t in part_el.iter(f"{_W}instrText"))
    return bool(_PAGE_FIELD.search(instr))


def has_content(part_el) -> bool:
    """Return whether a header or footer shows anything: text, a field, a picture or a shape."""
    if "".join(t.text or "" for t in part_el.iter(f"{_W}t")).strip():
        return True
    if has_page_field(part_el):
        return True
    return any(True for _ in part_el.iter(f"{_W}drawing")) or any(True for _ in part_el.iter(f"{_W}pict"))


_DRAWN = (f"{_W}drawing", f"{_W}pict", f"{_W}object", "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
          "AlternateContent")


_WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
_TEXT_BOXES = (f"{_W}txbxContent",)


def strip_sample_text(body, cover: bool = False) -> None:
    """Remove a template's sample document from ``body`` (``w:body``): every paragraph, table, content
    control, picture, text box and section break goes; the final ``w:sectPr`` (page size, margins, the
    references to the headers and footers) stays.

    With ``cover`` the first page's floating drawings (a designed cover: shapes, bands, a background
    picture anchored to the page) stay, emptied of their text; inline pictures and everything after
    the first page or section break still go.
    """
    kept = _cover_paragraphs(body) if cover else set()
    _inherit_running_heads(body)
    for child in list(body):
        if child.tag == f"{_W}sectPr" or child in kept:
            continue
        body.remove(child)
    for child in kept:
        _keep_drawings_only(child)


def _inherit_running_heads(body) -> None:
    """Give the final section the headers and footers it shows through "link to previous" from the sample's
    earlier sections (which go), so the brand's running heads stay."""
    final = body.find(f"{_W}sectPr")
    if final is None:
        return
    earlier = list(body.iterfind(f"{_W}p/{_W}pPr/{_W}sectPr"))
    for tag in ("headerReference", "footerReference"):
        have = {ref.get(f"{_W}type") or "default" for ref in final.iterfind(f"{_W}{tag}")}
        for sect in reversed(earlier):
            for ref in sect.iterfind(f"{_W}{tag}"):
                kind = ref.get(f"{_W}type") or "default"
                if kind not in have:
                    have.add(kind)
                    final.insert(0, _copy(ref))


def _copy(el):
    from copy import deepcopy

    return deepcopy(el)


def _cover_paragraphs(body) -> set:
    """Return the paragraphs of the template's first page that hold a drawing anchored to the page."""
    out = set()
    for child in body:
        if child.tag != f"{_W}p":
            break
        if any(True for _ in child.iter(f"{_WP}anchor")) or any(True for _ in child.iter(f"{_W}pict")):
            out.add(child)
        breaks = [b for b in child.iter(f"{_W}br") if b.get(f"{_W}type") == "page"]
        if breaks or child.find(f"{_W}pPr/{_W}sectPr") is not None:
            break
    return out


def _keep_drawings_only(paragraph) -> None:
    """Leave ``paragraph`` with its page-anchored drawings only: no text, no inline picture, no section
    break, and no text inside the drawings' text boxes."""
    drawn = [d for d in paragraph.iter(*_DRAWN) if not _inside(d, _DRAWN, paragraph)]
    keep_runs = {r for d in drawn for r in [_run_of(d, paragraph)] if r is not None}
    for el in list(paragraph):
        if el.tag == f"{_W}pPr":
            for sect in el.findall(f"{_W}sectPr"):
                el.remove(sect)
            continue
        if el not in keep_runs:
            paragraph.remove(el)
    for run in paragraph.iterfind(f"{_W}r"):
        for el in list(run):
            if el.tag not in (f"{_W}rPr", *_DRAWN):
                run.remove(el)
    for inline in list(paragraph.iter(f"{_WP}inline")):
        drawing = inline.getparent()
        drawing.getparent().remove(drawing)
    for box in paragraph.iter(*_TEXT_BOXES):
        for p in box.iter(f"{_W}p"):
            for el in list(p):
                if el.tag != f"{_W}pPr":
                    p.remove(el)
        for table in list(box.iter(f"{_W}tbl")):
            table.getparent().remove(table)


def _inside(el, tags, stop) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _run_of(el, paragraph):
    """Return the direct child of ``paragraph`` that holds ``el`` (a run, hyperlink or content control)."""
    while el is not None and el.getparent() is not paragraph:
        el = el.getparent()
    return el


def referenced_ids(*elements) -> set[str]:
    """Return every relationship id the XML of ``elements`` mentions (r:id, r:embed, r:link, r:pict ...)."""
    out: set[str] = set()
    for root in elements:
        for el in root.iter():
            for key, value in el.attrib.items():
                if key.startswith(f"{{{R}}}"):
                    out.add(value)
    return out


# -- the look of a Word template, for the PDF -----------------------------------------------------

_TWIP = 20  # twentieths of a point


@dataclass(frozen=True)
class WordLook:
    """What a Word template's PDF twin takes from it: page, margins, fonts and heading colours (points, RRGGBB)."""

    page: tuple[float, float]  # width, height
    margins: tuple[float, float, float, float]  # top, right, bottom, left
    body_font: str | None
    heading_font: str | None
    heading_colour: str | None
    title_colour: str | None
    primary: str | None  # the theme's accent for table headers and figures


def word_look(path) -> WordLook | None:
    """Return the look of the Word template at ``path``, or None when it cannot be read."""
    import zipfile

    from lxml import etree

    from qbrgen.render.ooxml_color import BODY_RATIO, brand_colours, readable

    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())

            def part(name):
                if name not in names:
                    return None
                return etree.fromstring(z.read(name), etree.XMLParser(resolve_entities=False))

            document, styles_el = part("word/document.xml"), part("word/styles.xml")
            theme = part("word/theme/theme1.xml")
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None
    if document is None:
        return None
    sections = list(document.iter(f"{_W}sectPr"))
    sect = sections[-1] if sections else None  # the document's final section
    size = sect.find(f"{_W}pgSz") if sect is not None else None
    mar = sect.find(f"{_W}pgMar") if sect is not None else None

    def twips(el, key, default):
        try:
            return abs(int(el.get(f"{_W}{key}"))) / _TWIP if el is not None and el.get(f"{_W}{key}") else default
        except ValueError:
            return default

    page = (twips(size, "w", 595.3), twips(size, "h", 841.9))
    margins = tuple(twips(mar, k, 56.7) for k in ("top", "right", "bottom", "left"))
    fonts = _theme_fonts(theme)
    index = Styles(styles_el, theme) if styles_el is not None else None
    paper = page_colour(document)

    def font(name, fallback):
        style = index.find(name) if index is not None else None
        for s in ([*index._chain(style)] if style is not None else []):  # noqa: SLF001 - same module family
            rfonts = s.find(f"{_W}rPr/{_W}rFonts")
            if rfonts is not None and (rfonts.get(f"{_W}ascii") or rfonts.get(f"{_W}asciiTheme")):
                return rfonts.get(f"{_W}ascii") or fonts.get(rfonts.get(f"{_W}asciiTheme", "")[:5])
        defaults = None if styles_el is None else styles_el.find(
            f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}rFonts")
        if defaults is not None:
            return defaults.get(f"{_W}ascii") or fonts.get((defaults.get(f"{_W}asciiTheme") or "")[:5]) or fallback
        return fallback

    def colour(name):
        style = index.find(name) if index is not None else None
        value = index.colour(style) if style is not None else None
        if value is None or not re.fullmatch(r"[0-9A-F]{6}", value):
            return None
        return readable(value, paper, (), BODY_RATIO)  # a white title made for a banner reads on the page

    return WordLook(page, margins, font("Normal", fonts.get("minor")), font("Heading 1", fonts.get("major")),
                    colour("Heading 1"), colour("Title"), brand_colours(list(_accents(theme)))[0])


def _theme_fonts(theme) -> dict[str, str]:
    out = {}
    for kind in ("major", "minor"):
        el = theme.find(f".//{{{A}}}{kind}Font/{{{A}}}latin") if theme is not None else None
        if el is not None and el.get("typeface"):
            out[kind] = el.get("typeface")
    return out


def _accents(theme):
    scheme = theme_scheme(theme)
    return (scheme[f"accent{i}"] for i in range(1, 7) if f"accent{i}" in scheme)
