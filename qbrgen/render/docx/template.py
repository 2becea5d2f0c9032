"""Templates and styles: the lean built-in base or a team's template emptied of its sample content,
and style lookup with a fallback for every style a template lacks.

A template gives its page setup, styles, theme, headers and footers; its sample document (text, tables,
pictures, text boxes, sections) goes, and a designed cover stays only when the workspace asks for it; styles are
found by name, id or built-in kind (:mod:`qbrgen.render.wordxml`), and a style whose colour would not read on
the page gets a readable one. What the removed sample content alone used is dropped on save.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path

from docx import Document as open_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from qbrgen.errors import TemplateError
from qbrgen.render import wordxml
from qbrgen.render.ooxml_color import BODY_RATIO, readable
from qbrgen.render.wordlists import plain_lists
from qbrgen.render.zipnorm import template_bytes

# styles qbrgen writes with, checked for a colour that would not read on the page
SHOWN_STYLES = ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Number",
                "Quote")
# relationships that only content refers to: dropped when nothing in the document mentions them any more
CONTENT_RELS = {"image", "hyperlink", "oleObject", "package", "chart", "diagramData", "diagramLayout",
                "diagramQuickStyle", "diagramColors", "diagramDrawing", "video", "media", "audio"}

KEEP_STYLES = {"normal", "title", "subtitle", "heading 1", "heading 2", "heading 3", "list bullet", "list number",
               "table grid", "quote", "header", "footer", "default paragraph font", "normal table", "no list",
               "list paragraph"}


@lru_cache(maxsize=1)
def lean_base() -> bytes:
    """Return python-docx's default document without the styles qbrgen never uses (built once per process).

    The default carries hundreds of styles; every style lookup scans them, and every file repeats them.
    """
    doc = open_docx()
    styles = doc.styles.element
    for style in list(styles.findall(qn("w:style"))):
        name = style.find(qn("w:name"))
        base = (name.get(qn("w:val")) if name is not None else "").lower().removesuffix(" char")
        if base not in KEEP_STYLES:
            styles.remove(style)
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def open_template(path: Path | None, cover: bool = False):
    """Return (document, is_custom): the team's template emptied of its sample document (its designed cover's
    drawings kept, without their text, when ``cover``), or a blank one."""
    if path is None:
        return open_docx(io.BytesIO(lean_base())), False
    try:
        doc = open_docx(io.BytesIO(template_bytes(str(path), path.stat().st_mtime)))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateError(f"cannot use the proposal template {path}: {exc}") from None
    wordxml.strip_sample_text(doc.element.body, cover)
    return doc, True


def drop_unused(doc) -> None:
    """Drop the document part's relationships (pictures, links, embedded files) its XML no longer mentions,
    so the sample content's media do not travel inside the customer's file."""
    used = wordxml.referenced_ids(doc.element)
    rels = doc.part.rels
    unused = [r_id for r_id, rel in rels.items()
              if rel.reltype.rsplit("/", 1)[-1] in CONTENT_RELS and r_id not in used]
    for r_id in unused:
        del rels[r_id]


def drop_thumbnail(doc) -> None:
    """Remove the package's preview picture (python-docx's default or a template's): it never shows this
    document. Without one, file browsers show the file's icon, and Word makes a new one on save."""
    rels = doc.part.package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[r_id]


def _theme(doc):
    for rel in doc.part.rels.values():
        if rel.reltype == RT.THEME and not rel.is_external:
            return etree.fromstring(rel.target_part.blob)
    return None


def _numbering(doc):
    """Return the document's ``w:numbering`` element (bullets and numbers), or None."""
    for rel in doc.part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            return rel.target_part.element
    return None


def typefaces(doc) -> set[str]:
    """Return the Latin fonts a Word template may draw qbrgen's text in: those its styles and defaults name, and
    its theme's major and minor fonts (what a style's theme reference resolves to)."""
    names: set[str] = set()
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        names.update(v for v in (fonts.get(qn("w:ascii")), fonts.get(qn("w:hAnsi"))) if v)
    theme = _theme(doc)
    if theme is not None:
        a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
        for kind in ("majorFont", "minorFont"):
            latin = theme.find(f".//{a}{kind}/{a}latin")
            if latin is not None and latin.get("typeface"):
                names.add(latin.get("typeface"))
    return names


class Styles:
    """A document's styles found by name, id or kind, so a missing one falls back to direct formatting."""

    def __init__(self, doc, custom: bool = False):
        self.doc = doc
        self.index = wordxml.Styles(doc.styles.element, _theme(doc))
        self.page = wordxml.page_colour(doc.element)
        if custom:
            self._readable()
        self.lists = plain_lists(self.index, _numbering(doc))  # lists in the body's font, visible

    def _readable(self) -> None:
        """Give every style qbrgen writes with that would not read on the page (white titles made for a
        banner) the theme's dark text colour, or black."""
        scheme = self.index.scheme
        dark = readable(scheme.get("dk1"), self.page, tuple(c for c in (scheme.get("dk2"),) if c), BODY_RATIO)
        for style in self.index.invisible(SHOWN_STYLES, self.page):
            self.index.set_colour(style, dark)

    @property
    def accents(self) -> list[str]:
        """Return the template theme's accent colours (RRGGBB), in order."""
        return [self.index.scheme[f"accent{i}"] for i in range(1, 7) if f"accent{i}" in self.index.scheme]

    def has(self, name: str, kind: str = "paragraph") -> bool:
        """Return whether the document has a style called ``name`` (any case, by id, or by kind)."""
        return self.index.find(name, kind) is not None

    def apply(self, paragraph, name: str | None) -> None:
        """Give ``paragraph`` the style ``name`` when the document has it."""
        style_id = self.index.style_id(name) if name else None
        if style_id:
            paragraph._p.get_or_add_pPr().style = style_id  # noqa: SLF001 - by id: names differ in case

    def apply_table(self, table, name: str) -> bool:
        """Give ``table`` the table style ``name`` when the document has it; return whether it did."""
        style_id = self.index.style_id(name, "table")
        if style_id:
            table._tbl.tblPr.style = style_id  # noqa: SLF001
        return bool(style_id)
