"""Templates and styles: the lean built-in base or a team's template emptied of its sample content,
and style lookup with a fallback for every style a template lacks."""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path

from docx import Document as open_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from qbrgen.errors import TemplateError
from qbrgen.render.zipnorm import template_bytes

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


def open_template(path: Path | None):
    """Return (document, is_custom): the team's template emptied of its sample text, or a blank one."""
    if path is None:
        return open_docx(io.BytesIO(lean_base())), False
    try:
        doc = open_docx(io.BytesIO(template_bytes(str(path), path.stat().st_mtime)))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateError(f"cannot use the proposal template {path}: {exc}") from None
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc, True


def drop_thumbnail(doc) -> None:
    """Remove the package's preview picture (python-docx's default or a template's): it never shows this
    document. Without one, file browsers show the file's icon, and Word makes a new one on save."""
    rels = doc.part.package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[r_id]


class Styles:
    """The style names a document has, so a missing one falls back to direct formatting, never an error."""

    def __init__(self, doc):
        self.doc = doc
        self.names = {s.name for s in doc.styles}

    def has(self, name: str) -> bool:
        """Return whether the document has a style called ``name``."""
        return name in self.names

    def apply(self, paragraph, name: str | None) -> None:
        """Give ``paragraph`` the style ``name`` when the document has it."""
        if name and self.has(name):
            paragraph.style = self.doc.styles[name]
