"""What qbrgen takes from a team template and what it leaves, said before a build (stdlib only: validate stays light).

A Word template gives its page setup, styles, theme, headers and footers; its sample document goes.
A kept header or footer line holding an unfilled field (``{x}``, ``{{x}}``, ``[x]``, ``«x»``) has the
field filled when qbrgen knows it (customer, vendor, date, title) or removed, and a line saying
"draft", "sample", "lorem ipsum" or "template" goes whole (:func:`clean_part`, used by the renderer
on the real parts). :func:`report` says all of this, and names the fonts Office on Windows and macOS
does not ship, with the one it will most likely show instead.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PLACEHOLDER = re.compile(r"\{\{[^{}]{1,60}\}\}|\{[^{}]{1,60}\}|\[[^\[\]]{1,60}\]|«[^«»]{1,60}»")
SAMPLE_WORDS = re.compile(r"\b(drafts?|samples?|lorem ipsum|templates?)\b", re.IGNORECASE)
# a field's name (lower case, letters only) -> what fills it
KNOWN_FIELDS = {"customer": "customer", "customername": "customer", "client": "customer", "clientname": "customer",
                "account": "customer", "accountname": "customer", "company": "vendor", "companyname": "vendor",
                "vendor": "vendor", "sender": "vendor", "date": "date", "today": "date", "title": "title",
                "documenttitle": "title", "page": "", "pagenumber": "", "pageno": ""}  # page: the footer's own field

# fonts Office installs on Windows and macOS (lower case); a font outside this list is substituted
OFFICE_FONTS = {
    "calibri", "calibri light", "cambria", "cambria math", "candara", "consolas", "constantia", "corbel",
    "arial", "arial black", "arial narrow", "times new roman", "courier new", "georgia", "verdana", "tahoma",
    "trebuchet ms", "segoe ui", "segoe ui light", "segoe ui semibold", "aptos", "aptos display", "century gothic",
    "garamond", "franklin gothic medium", "franklin gothic book", "gill sans mt", "palatino linotype",
    "book antiqua", "lucida sans", "lucida console", "impact", "comic sans ms", "tw cen mt", "rockwell",
    "bookman old style", "century schoolbook", "helvetica", "helvetica neue", "avenir", "avenir next", "menlo",
    "yu gothic", "yu mincho", "meiryo", "ms gothic", "ms mincho", "ms pgothic", "microsoft yahei", "simsun",
    "simhei", "dengxian", "kaiti", "fangsong", "microsoft jhenghei", "pmingliu", "malgun gothic", "batang",
    "gulim", "hiragino sans", "pingfang sc", "symbol", "wingdings", "webdings", "marlett",
    "宋体", "黑体", "楷体", "仿宋", "等线", "等线 light", "微软雅黑", "新宋体", "ｍｓ ゴシック",
    "ｍｓ 明朝", "游ゴシック", "游明朝", "メイリオ", "맑은 고딕", "바탕", "굴림",
}
_NEAREST = (("dejavu sans mono", "Consolas"), ("mono", "Consolas"), ("code", "Consolas"),
            ("dejavu serif", "Georgia"), ("serif", "Georgia"), ("mincho", "Yu Mincho"),
            ("dejavu sans", "Verdana"), ("carlito", "Calibri"), ("liberation sans", "Arial"),
            ("liberation serif", "Times New Roman"), ("仿宋", "FangSong"), ("楷", "KaiTi"), ("黑", "SimHei"),
            ("宋", "SimSun"), ("gothic", "Yu Gothic"), ("roboto", "Segoe UI"), ("open sans", "Segoe UI"),
            ("lato", "Calibri"), ("source sans", "Calibri"), ("noto sans", "Segoe UI"), ("inter", "Segoe UI"))


def nearest_office_font(name: str) -> str:
    """Return the font Office on Windows and macOS ships that looks most like ``name``."""
    low = name.lower()
    return next((office for key, office in _NEAREST if key in low), "Arial")


def shipped(name: str) -> bool:
    """Return whether Office on Windows and macOS has the font ``name`` (a theme reference like +mn-lt counts)."""
    low = name.strip().lower()
    return not low or low.startswith("+") or low in OFFICE_FONTS


# -- cleaning a kept header or footer ---------------------------------------------------------------


def clean_line(text: str, fill: dict[str, str]) -> tuple[str, list[str]]:
    """Return ``text`` cleaned, and what was removed and why (one phrase each).

    A line saying draft, sample, lorem ipsum or template goes whole; a field qbrgen knows is filled; any
    other field is removed.
    """
    if not text.strip():
        return text, []
    word = SAMPLE_WORDS.search(text)
    if word:
        return "", [f"'{text.strip()}' (says '{word.group(0).lower()}')"]
    removed: list[str] = []

    def sub(match: re.Match) -> str:
        key = re.sub(r"[^a-z]", "", match.group(0).lower())
        if key in KNOWN_FIELDS and fill.get(KNOWN_FIELDS[key]):
            return fill[KNOWN_FIELDS[key]]
        removed.append(f"'{match.group(0)}' (a field left unfilled)")
        return ""

    out = PLACEHOLDER.sub(sub, text)
    if removed:
        out = re.sub(r"\s{2,}", " ", out).strip(" |·-–—:,")
    return out, removed


def clean_part(root, fill: dict[str, str]) -> list[str]:
    """Clean every text line of a header or footer element (``w:hdr``/``w:ftr``, ElementTree or lxml) in place;
    return what was removed. A line's text is joined across its runs (Word splits ``{x}`` anywhere)."""
    removed: list[str] = []
    for p in root.iter(f"{_W}p"):
        if any(inner is not p for inner in p.iter(f"{_W}p")):
            continue  # a paragraph holding a text box: its box's own lines are cleaned on their own
        texts = list(p.iter(f"{_W}t"))
        if not texts:
            continue
        line = "".join(t.text or "" for t in texts)
        new, gone = clean_line(line, fill)
        if gone:
            removed.extend(gone)
            texts[0].text = new
            for t in texts[1:]:
                t.text = ""
    return removed


# -- the report for validate --------------------------------------------------------------------------


def _read(z: zipfile.ZipFile, name: str):
    try:
        return ET.fromstring(z.read(name))
    except (KeyError, ET.ParseError):
        return None


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    folder, name = posixpath.split(part)
    root = _read(z, posixpath.join(folder, "_rels", name + ".rels"))
    out = {}
    for rel in (root.iter(f"{_REL}Relationship") if root is not None else ()):
        target = posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))).lstrip("/")
        out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], target)
    return out


def _theme_fonts(theme) -> list[str]:
    out = []
    for kind in ("majorFont", "minorFont"):
        for script in ("latin", "ea"):
            el = theme.find(f".//{_A}{kind}/{_A}{script}") if theme is not None else None
            if el is not None and el.get("typeface"):
                out.append(el.get("typeface"))
    return out


def _font_notes(names) -> list[tuple[str, str]]:
    out = []
    for name in dict.fromkeys(n.strip() for n in names if n and n.strip()):
        if not shipped(name):
            out.append(("warning", f"the font '{name}' is not installed with Office on Windows or macOS: the "
                                   f"customer will most likely see {nearest_office_font(name)} instead"))
    return out


# Who can say which layouts a deck will use and what it recolours: the deck renderer, a later stage, which the
# command line registers here (a brand kit never imports a renderer).
DECK_PLANNERS: list = []


def add_deck_planner(planner) -> None:
    """Register ``planner(path) -> [(severity, message)]``, asked about every deck template :func:`report` reads."""
    if planner not in DECK_PLANNERS:
        DECK_PLANNERS.append(planner)


def report(path: Path, kind: str, fill: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """Return (severity, message) lines saying what a build takes from the template at ``path`` and what it leaves.

    ``kind`` is ``deck`` or ``proposal_docx``; severity is ``note`` (what happens) or ``warning`` (what a
    brand manager should know: fonts substituted, placeholder text removed).
    """
    try:
        with zipfile.ZipFile(path) as z:
            if kind != "deck":
                return _word(z, fill or {})
            deck = _deck(z)
        planned = _planned(path)
        if not planned:  # without the renderer's exact plan (which layouts, what is recoloured), say it in general
            deck[0] = (deck[0][0], deck[0][1] + _GENERAL_PLAN)
        return deck[:1] + planned + deck[1:]
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        return []


def _word(z: zipfile.ZipFile, fill: dict[str, str]) -> list[tuple[str, str]]:
    doc = _read(z, "word/document.xml")
    body = doc.find(f"{_W}body") if doc is not None else None
    if body is None:
        return []
    rels = _rels(z, "word/document.xml")
    paragraphs = sum(1 for c in body if c.tag == f"{_W}p")
    tables = sum(1 for c in body if c.tag == f"{_W}tbl")
    pictures = sum(1 for _ in body.iter(f"{_W}drawing")) + sum(1 for _ in body.iter(f"{_W}pict"))
    sections = sum(1 for _ in body.iter(f"{_W}sectPr"))
    out = [("note", f"keeps the page setup, styles, theme colours and fonts, and {_heads(body, rels)}; drops the "
                    f"sample document ({paragraphs} paragraph(s), {tables} table(s), {pictures} picture(s) or "
                    f"text box(es), {max(0, sections - 1)} extra section(s)); templates.cover: keep keeps a "
                    "designed cover's drawings")]
    for ref in body.iter():
        if ref.tag not in (f"{_W}headerReference", f"{_W}footerReference"):
            continue
        kind_, target = rels.get(ref.get(f"{_R}id", ""), ("", ""))
        part = _read(z, target) if target else None
        if part is None:
            continue
        for gone in clean_part(part, fill):
            out.append(("warning", f"removes {gone} from its {kind_} ({posixpath.basename(target)})"))
    fonts = []
    styles = _read(z, "word/styles.xml")
    for el in (styles.iter(f"{_W}rFonts") if styles is not None else ()):
        fonts += [el.get(f"{_W}{k}") for k in ("ascii", "hAnsi", "eastAsia")]
    theme = next((t for k, t in rels.values() if k == "theme"), None)
    fonts += _theme_fonts(_read(z, theme) if theme else None)
    return list(dict.fromkeys(out + _font_notes(fonts)))


def _heads(body, rels) -> str:
    kinds = sorted({rels.get(r.get(f"{_R}id", ""), ("",))[0] for r in body.iter()
                    if r.tag in (f"{_W}headerReference", f"{_W}footerReference")} - {""})
    return f"its {' and '.join(k + 's' for k in kinds)}" if kinds else "no header or footer (it has none)"


_GENERAL_PLAN = (": qbrgen picks a title layout for the cover, a title-only or title-and-content layout for content "
                 "slides and a section layout for dividers; text that would not read on a layout's background is "
                 "recoloured or set on a panel")


def _deck(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    rels = _rels(z, "ppt/presentation.xml")
    masters = [t for k, t in rels.values() if k == "slideMaster"]
    layouts = [t for m in masters for k, t in _rels(z, m).values() if k == "slideLayout"]
    slides = [t for k, t in rels.values() if k == "slide"]
    media = sorted({t for s in slides for k, t in _rels(z, s).values() if k in ("image", "media", "video")})
    names = []
    for layout in layouts:
        root = _read(z, layout)
        c_sld = root.find("{http://schemas.openxmlformats.org/presentationml/2006/main}cSld") if root is not None \
            else None
        if c_sld is not None and c_sld.get("name"):
            names.append(c_sld.get("name"))
    shown = ", ".join(f"'{n}'" for n in names[:8]) + (" ..." if len(names) > 8 else "")
    out = [("note", f"keeps {len(masters)} master(s), the theme and {len(layouts)} layout(s) ({shown})"),
           ("note", f"drops its {len(slides)} sample slide(s) and their {len(media)} picture(s) or media file(s)")]
    theme = next((t for m in masters for k, t in _rels(z, m).values() if k == "theme"), None)
    return out + _font_notes(_theme_fonts(_read(z, theme) if theme else None))


def _planned(path: Path) -> list[tuple[str, str]]:
    return [line for planner in DECK_PLANNERS for line in planner(path)]
