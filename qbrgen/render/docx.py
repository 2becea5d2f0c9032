"""DOCX renderer: the renewal proposal as a Word document a procurement team can work with.

The only module that imports python-docx. Title page, a heading outline (navigable), tables
whose header row repeats on each page, "Page X of Y" in the footer, an acceptance block with
signature lines. With a team template (.docx or .dotx) its styles are used by name; a style
the template lacks falls back to direct formatting, never to an error.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document as open_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Pt, RGBColor

from qbrgen.document import Bullets, Chart, Document, Metrics, Paragraph, Part, Signature, Table
from qbrgen.errors import TemplateError
from qbrgen.render import Assets
from qbrgen.render.textfit import clip, column_widths
from qbrgen.render.zipnorm import normalize_zip, template_bytes

MUTED = RGBColor(0x5F, 0x6B, 0x7A)
LIGHT = "F2F4F7"
EMU_PER_PT = 12700


def warm_up() -> None:
    """Build the lean base document now (before workers fork)."""
    _lean_base()


def render(document: Document, assets: Assets) -> bytes:
    """Return the proposal as .docx bytes."""
    doc, custom = open_template(assets.docx_template)
    _drop_thumbnail(doc)
    writer = _Writer(doc, custom, assets, document)
    writer.write()
    out = io.BytesIO()
    doc.save(out)
    return normalize_zip(out.getvalue(), assets.build_date)


def _drop_thumbnail(doc) -> None:
    """Remove the package's preview picture (python-docx's default or a template's): it never shows this
    document. Without one, file browsers show the file's icon, and Word makes a new one on save."""
    rels = doc.part.package.rels
    for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[r_id]


KEEP_STYLES = {"normal", "title", "subtitle", "heading 1", "heading 2", "heading 3", "list bullet", "list number",
               "table grid", "quote", "header", "footer", "default paragraph font", "normal table", "no list",
               "list paragraph"}


@lru_cache(maxsize=1)
def _lean_base() -> bytes:
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
        return open_docx(io.BytesIO(_lean_base())), False
    try:
        doc = open_docx(io.BytesIO(template_bytes(str(path), path.stat().st_mtime)))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateError(f"cannot use the proposal template {path}: {exc}") from None
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc, True


def _hex(color: str) -> str:
    return color.lstrip("#").upper()


class _Writer:
    def __init__(self, doc, custom: bool, assets: Assets, document: Document):
        self.doc = doc
        self.custom = custom
        self.assets = assets
        self.document = document
        self.primary = _hex(assets.theme.primary)
        self.names = {s.name for s in doc.styles}

    # -- styles with fallbacks
    def has(self, name: str) -> bool:
        return name in self.names

    def paragraph(self, text: str = "", style: str | None = None):
        p = self.doc.add_paragraph()
        if style and self.has(style):
            p.style = self.doc.styles[style]
        if text:
            p.add_run(text)
        return p

    def heading(self, text: str, level: int = 1):
        name = f"Heading {level}"
        if self.has(name):
            p = self.paragraph(text, name)
        else:  # no heading style: format directly, and keep it in the outline
            p = self.paragraph()
            run = p.add_run(text)
            run.bold = True
            run.font.size = Pt(16 if level == 1 else 13)
            p.paragraph_format.space_before = Pt(14)
            p.paragraph_format.keep_with_next = True
            outline = OxmlElement("w:outlineLvl")
            outline.set(qn("w:val"), str(level - 1))
            p._p.get_or_add_pPr().append(outline)  # noqa: SLF001 - no public outline level
        if not self.custom:
            for run in p.runs:
                run.font.color.rgb = RGBColor.from_string(self.primary)
        return p

    # -- document
    def write(self) -> None:
        self._setup()
        for part in self.document.parts:
            if part.layout == "title":
                self._title_page(part)
            else:
                self._section(part)

    def _setup(self) -> None:
        props = self.doc.core_properties
        stamp = dt.datetime.combine(self.assets.build_date, dt.time(0, 0))
        props.title = clip(self.document.title, 255)  # core properties hold at most 255 characters
        props.author = clip(self.document.meta_value("vendor"), 255)
        props.last_modified_by = "qbrgen"
        props.created = props.modified = props.last_printed = stamp
        props.revision = 1
        props.subject = "Renewal proposal"
        props.comments = ""
        if not self.custom and self.has("Normal"):
            normal = self.doc.styles["Normal"]
            normal.font.name = self.assets.theme.font
            normal.font.size = Pt(10.5)
        section = self.doc.sections[0]
        section.different_first_page_header_footer = True
        self._footer(section)
        if not self.custom:
            header = _clear(section.header)
            header.text = " · ".join(x for x in (self.document.meta_value("vendor"), self.document.title) if x)
            header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for run in header.runs:
                run.font.size = Pt(8)
                run.font.color.rgb = MUTED

    def _footer(self, section) -> None:
        """Put "Page X of Y" in every footer (a template may have odd, even and first-page ones)."""
        for footer in (section.footer, section.even_page_footer):
            self._page_numbers(footer)
        first = section.first_page_footer
        first.is_linked_to_previous = False
        _clear(first)

    def _page_numbers(self, footer) -> None:
        footer.is_linked_to_previous = False
        p = _clear(footer)
        _plain(p)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run("Page ")
        _field(p, "PAGE")
        p.add_run(" of ")
        _field(p, "NUMPAGES")
        for run in p.runs:
            run.font.size = Pt(8)

    def _title_page(self, part: Part) -> None:
        logo = self.assets.vendor_logo or self.assets.customer_logo
        if logo is not None:
            self.doc.add_picture(str(logo), height=Pt(40))
        for _ in range(4):
            self.paragraph()
        p = self.paragraph(style="Title")
        run = p.add_run(part.title)
        if not self.has("Title"):
            run.bold = True
            run.font.size = Pt(26)
        if part.subtitle:
            p = self.paragraph(style="Subtitle")
            run = p.add_run(part.subtitle)
            if not self.has("Subtitle"):
                run.font.size = Pt(13)
                run.font.color.rgb = MUTED
        for block in part.blocks:
            self._block(block)
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _section(self, part: Part) -> None:
        body = self.doc.element.body
        first_new = len(body) - 1  # new content goes before the closing w:sectPr
        self.heading(part.title, 1)
        for block in part.blocks:
            self._block(block)
        if any(isinstance(b, Signature) for b in part.blocks):  # what is signed stays with the signatures
            _keep_together(list(body)[first_new:-1])

    # -- blocks
    def _block(self, block) -> None:
        if isinstance(block, Paragraph):
            p = self.paragraph(block.text, "Quote" if block.style == "quote" else None)
            if block.style == "lead":
                for run in p.runs:
                    run.bold = True
            elif block.style == "muted":
                for run in p.runs:
                    run.font.size = Pt(9)
                    run.font.color.rgb = MUTED
        elif isinstance(block, Bullets):
            style = "List Number" if block.numbered else "List Bullet"
            for i, item in enumerate(block.items, 1):
                if self.has(style):
                    self.paragraph(item, style)
                else:
                    marker = f"{i}." if block.numbered else "•"
                    p = self.paragraph(f"{marker}\t{item}")
                    p.paragraph_format.left_indent = Pt(18)
                    p.paragraph_format.first_line_indent = Pt(-18)
        elif isinstance(block, Metrics):
            self._metrics(block)
        elif isinstance(block, Table):
            self._table(block.columns, block.rows, block.align, block.widths, block.emphasis_last_row)
        elif isinstance(block, Chart):
            self._chart(block)
        elif isinstance(block, Signature):
            self._signature(block)
        else:
            raise TypeError(f"no DOCX for block kind '{getattr(block, 'kind', type(block).__name__)}'")

    def _new_table(self, rows: int, cols: int):
        table = self.doc.add_table(rows=rows, cols=cols)
        if self.has("Table Grid"):
            table.style = self.doc.styles["Table Grid"]
        else:
            _borders(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        return table

    def _table(self, columns, rows, align=(), widths=(), total=False) -> None:
        """Add a table; its grid, rows and cells are written as XML in one piece (python-docx's
        per-cell setters cost several times more)."""
        table = self._new_table(0, len(columns))
        align = align or ("left",) * len(columns)
        usable = self._usable_width()
        points = column_widths((columns, *rows), widths, usable / EMU_PER_PT, 9, 5.4)
        twips = [Emu(int(w * EMU_PER_PT)).twips for w in points]
        jc = [a if a in ("right", "center") else "left" for a in align]
        xml = [f"<w:tbl {_W}>", "<w:tblGrid>", *(f'<w:gridCol w:w="{w}"/>' for w in twips), "</w:tblGrid>"]
        for r, row in enumerate((columns, *rows)):
            header, last = r == 0, total and r == len(rows)
            rpr = ("<w:b/>" if header or last else "") + ('<w:color w:val="FFFFFF"/>' if header else "") + _SZ_9
            fill = self.primary if header else (LIGHT if last else None)
            shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
            xml.append(f"<w:tr><w:trPr><w:cantSplit/>{_HEADER_ROW if header else ''}</w:trPr>")
            for c, text in enumerate(row):
                xml.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{twips[c]}"/>{shade}</w:tcPr>'
                           f"<w:p><w:pPr>{_PLAIN_PPR}<w:jc w:val=\"{jc[c]}\"/></w:pPr>"
                           f"<w:r><w:rPr>{rpr}</w:rPr>{_run_content(text)}</w:r></w:p></w:tc>")
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        grid, *trs = parse_xml("".join(xml))
        tbl = table._tbl  # noqa: SLF001 - the grid and rows replace python-docx's empty ones
        tbl.replace(tbl.tblGrid, grid)
        tbl.extend(trs)
        self.paragraph()

    def _usable_width(self) -> int:
        s = self.doc.sections[0]
        return int(s.page_width - s.left_margin - s.right_margin)

    def _metrics(self, block: Metrics) -> None:
        table = self._new_table(1, len(block.items))
        for cell, m in zip(table.rows[0].cells, block.items, strict=True):
            _shade(cell, LIGHT)
            p = _plain(cell.paragraphs[0])
            run = p.add_run(m.value)
            run.bold = True
            run.font.size = Pt(13)
            run.font.color.rgb = RGBColor.from_string(self.primary)
            label = _plain(cell.add_paragraph()).add_run(m.label)
            label.font.size = Pt(9)
            label.bold = True
            if m.detail:
                detail = _plain(cell.add_paragraph()).add_run(m.detail)
                detail.font.size = Pt(8)
                detail.font.color.rgb = MUTED
        self.paragraph()

    def _chart(self, block: Chart) -> None:
        p = self.paragraph()
        p.paragraph_format.keep_with_next = True
        run = p.add_run(block.title)
        run.bold = True
        run.font.size = Pt(9.5)
        labels = block.labels or tuple(str(v) for v in block.series[0].values)
        values = [v for v in block.series[0].values if v is not None]
        top = max(values, default=0) or 1
        rows = []
        for cat, label, value in zip(block.categories, labels, block.series[0].values, strict=False):
            bar = "█" * max(1, round(24 * float(value or 0) / float(top))) if value else ""
            rows.append((cat, bar, label))
        self._table(("", "", block.series[0].name), rows, ("left", "left", "right"), (4, 5, 3))

    def _signature(self, block: Signature) -> None:
        table = self._new_table(len(block.fields) + 1, len(block.parties))
        for c, party in enumerate(block.parties):
            head = _plain(table.rows[0].cells[c].paragraphs[0]).add_run(f"For {party}")
            head.bold = True
            for r, name in enumerate(block.fields, 1):
                cell = table.rows[r].cells[c]
                p = _plain(cell.paragraphs[0])
                p.paragraph_format.space_before = Pt(14)
                p.add_run(f"{name}: ").font.size = Pt(9)
                p.add_run("_" * 18).font.color.rgb = MUTED


_W = nsdecls("w")
_SZ_9 = '<w:sz w:val="18"/>'
_HEADER_ROW = '<w:tblHeader w:val="true"/>'
# The paragraph properties _plain() sets, as XML: no indents or spacing a template's Normal style may carry.
_PLAIN_PPR = ('<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
              '<w:ind w:firstLine="0" w:left="0"/>')


def _run_content(text: str) -> str:
    """Return a run's content for ``text`` as python-docx writes it: tabs and line breaks as elements."""
    out = []
    for piece in re.split(r"(\t|\r|\n)", text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            out.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(out)


def _keep_together(elements) -> None:
    """Keep ``elements`` (paragraphs and tables) on one page: each paragraph but the last keeps with the next."""
    paragraphs = [p for el in elements for p in el.iter(qn("w:p"))]
    for p in paragraphs[:-1]:
        p.get_or_add_pPr().keepNext_val = True


def _plain(paragraph):
    """Return ``paragraph`` without the indents and spacing a template's Normal style may carry."""
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = fmt.left_indent = Pt(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    p_pr = paragraph._p.get_or_add_pPr()  # noqa: SLF001 - leave a CJK template's line grid
    if p_pr.find(qn("w:snapToGrid")) is None:
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        later = next((c for c in p_pr if c.tag in _AFTER_SNAP), None)
        if later is not None:
            later.addprevious(snap)
        else:
            p_pr.append(snap)
    return paragraph


_AFTER_SNAP = {qn(f"w:{t}") for t in ("spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
                                       "jc", "textDirection", "textAlignment", "textboxTightWrap",
                                       "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")}


def _clear(part):
    """Empty a header or footer (paragraphs, tables, content controls, frames) and return a new paragraph."""
    root = part._element  # noqa: SLF001 - w:hdr / w:ftr; a template may wrap its page number in w:sdt
    for child in list(root):
        root.remove(child)
    return part.add_paragraph()


def _field(paragraph, instruction: str) -> None:
    """Append a Word field (PAGE, NUMPAGES) to ``paragraph``."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)  # noqa: SLF001
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)  # noqa: SLF001
        else:
            run.text = text


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # noqa: SLF001
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _borders(table) -> None:
    """Draw thin borders on a table whose template has no 'Table Grid' style."""
    tbl_pr = table._tbl.tblPr  # noqa: SLF001
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "BFC5CC")
        borders.append(el)
    tbl_pr.append(borders)


