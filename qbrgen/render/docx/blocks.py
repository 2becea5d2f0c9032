"""Blocks: paragraphs, headings, lists, tables, metric cards and charts (the signature block: :mod:`.legal`).

Tables are written as XML in one piece (python-docx's per-cell setters cost several times more);
a style the template lacks falls back to direct formatting.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Pt, RGBColor

from qbrgen.render.design import tokens
from qbrgen.render.ooxml_color import BODY_RATIO, contrast
from qbrgen.render.textfit import auto_column_widths, column_widths, text_width, words_fit
from qbrgen.sections.document import Bullets, Chart, Metrics, Paragraph, Table

MUTED = RGBColor.from_string(tokens().muted)  # the design's colours (qbrgen/render/design.py)
LIGHT = tokens().fill
RULE = tokens().rule
EMU_PER_PT = 12700
_W = nsdecls("w")
KEEP_ROWS = 6  # a table of this many rows or fewer (besides its header) never splits across pages
_HEADER_ROW = '<w:tblHeader w:val="true"/>'
# The paragraph properties plain() sets, as XML: no indents or spacing a template's Normal style may carry.
_PLAIN_PPR = ('<w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
              '<w:ind w:firstLine="0" w:firstLineChars="0" w:left="0"/>')
_AFTER_SNAP = {qn(f"w:{t}") for t in ("spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap",
                                       "jc", "textDirection", "textAlignment", "textboxTightWrap",
                                       "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")}


def section_text_width(section) -> int:
    """Return the width (EMU) a table or chart may take in ``section``: the page as oriented, less the margins and
    the gutter, and, in a section set in columns, one column (the narrowest)."""
    width = int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)
    width -= int(section.gutter or 0)
    cols = section._sectPr.find(qn("w:cols"))  # noqa: SLF001 - python-docx has no column API
    if cols is not None:
        explicit = [int(c.get(qn("w:w"))) * EMU_PER_PT // 20 for c in cols.findall(qn("w:col"))
                    if (c.get(qn("w:w")) or "").isdigit()]
        num = int(cols.get(qn("w:num"))) if (cols.get(qn("w:num")) or "").isdigit() else 1
        if explicit and cols.get(qn("w:equalWidth")) in ("0", "false"):
            width = min(explicit)
        elif num > 1:
            space = int(cols.get(qn("w:space"))) if (cols.get(qn("w:space")) or "").isdigit() else 720
            width = (width - (num - 1) * space * EMU_PER_PT // 20) // num
    return max(width, 72 * EMU_PER_PT)  # a broken section (zero page size) still gets an inch


class Blocks:
    """Writes document blocks at the end of a Word document's body."""

    def __init__(self, doc, styles, custom: bool, primary: str, accent: str = "F28C28", font: str | None = None,
                 lang: str = "en-US"):
        self.doc = doc
        self.styles = styles
        self.custom = custom
        self.primary = primary
        self.accent = accent
        self.font = font
        self.lang = lang
        self.charts = 0
        self.kept_whole: list[tuple] = []  # body elements of the parts kept on one page (the terms, the acceptance)
        self._intro = None  # the paragraph that introduces the next block, kept on its page
        self._after_table = None  # (last row, spacer, has a total) of a table just added
        self._under_heading = False  # the next block is the first under a heading
        self.new_page = False  # the next part's heading starts a page (after the cover)
        index = styles.index
        normal = index.find("Normal")
        design = self.design = tokens()
        body = index.size(normal) if custom and normal is not None else design.body
        # table and note text: a step below the body (the built-in look's: the design's), never under 9 pt
        self.small = max(9.0, body - (2 if body >= 12 else 1)) if custom else design.table
        self.note = self.small if custom else design.note  # a note under a table or paragraph
        self.body = body
        # a template's Normal made for another script (justified, first-line indent) would leave Latin text
        # with wide word gaps: qbrgen's own paragraphs are set left without the indent there
        self.straighten = custom and normal is not None and not lang.lower().startswith(("zh", "ja", "ko")) and (
            index.para(normal, "jc", "val") in ("both", "distribute", "lowKashida", "mediumKashida",
                                                 "highKashida", "thaiDistribute")
            or any((index.para(normal, "ind", a) or "0").lstrip("-") not in ("0", "")
                   for a in ("firstLine", "firstLineChars", "hanging", "hangingChars")))
        # header text on its light fill: the primary where it reads there (a light theme accent gets dark text)
        self.header = primary if contrast(primary, LIGHT) >= BODY_RATIO else "1E252E"

    def paragraph(self, text: str = "", style: str | None = None):
        """Add a paragraph in ``style`` (when the document has it) and return it."""
        p = self.doc.add_paragraph()
        self.styles.apply(p, style)
        if text:
            p.add_run(text)
        if self.straighten and style in (None, "List Bullet", "List Number", "Subtitle"):
            straight(p, keep_alignment=style == "Subtitle")
        return p

    def heading(self, text: str, level: int = 1):
        """Add a heading that stays in the outline, styled or formatted directly."""
        name = f"Heading {level}"
        if self.styles.has(name):
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
        # a heading stays with what follows it and on one piece, whatever the template's heading style says
        p.paragraph_format.keep_with_next = True
        p.paragraph_format.keep_together = True
        if self.custom and self.styles.index.para(self.styles.index.find(name), "spacing", "before") in (None, "0"):
            p.paragraph_format.space_before = Pt(round(self.body * (1.0 if level == 1 else 0.75)))
        self._intro = self._after_table = None
        self._under_heading = True
        return p

    def block(self, block) -> None:
        """Add ``block``, whatever its kind; a paragraph that introduces a list, table or chart keeps with it."""
        intro, self._intro = self._intro, None
        under_heading, self._under_heading = self._under_heading, False
        if intro is not None and not isinstance(block, Paragraph):
            intro.paragraph_format.keep_with_next = True
        after_table, self._after_table = self._after_table, None
        if isinstance(block, Paragraph):
            if after_table is not None and (block.style == "muted" or after_table[2]):
                _keep_note(*after_table[:2])  # a note under a table (or its total) stays with its last rows
            p = self.paragraph(block.text, "Quote" if block.style == "quote" else None)
            if block.style == "lead":
                for run in p.runs:
                    run.bold = True
                    if not self.custom:
                        run.font.size = Pt(self.design.lead)
            elif block.style == "muted":
                for run in p.runs:
                    run.font.size = Pt(self.note)
                    run.font.color.rgb = MUTED
                if under_heading:  # a note right under a heading introduces what follows: the three stay together
                    self._intro = p
            elif block.text.rstrip().endswith((":", "：")):
                # a line that introduces a list or table keeps with it (as the PDF's p.intro); other paragraphs may
                # end a page above a table
                self._intro = p
        elif isinstance(block, Bullets):
            style = "List Number" if block.numbered else "List Bullet"
            for i, item in enumerate(block.items, 1):
                if self.styles.has(style):
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
        else:
            raise TypeError(f"no DOCX for block kind '{getattr(block, 'kind', type(block).__name__)}'")

    def _new_table(self, rows: int, cols: int):
        table = self.doc.add_table(rows=rows, cols=cols)
        share = Emu(self._usable_width() // max(1, cols)).twips  # python-docx measures the page, not the column
        for col in table._tbl.tblGrid.iterfind(qn("w:gridCol")):  # noqa: SLF001
            col.set(qn("w:w"), str(share))
        for tc_w in table._tbl.iter(qn("w:tcW")):  # noqa: SLF001
            tc_w.set(qn("w:w"), str(share))
            tc_w.set(qn("w:type"), "dxa")
        self.styles.apply_table(table, "Table Grid")
        _borders(table, self.primary)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        return table

    def _table(self, columns, rows, align=(), widths=(), total=False) -> None:
        """Add a table; its grid, rows and cells are written as XML in one piece."""
        table = self._new_table(0, len(columns))
        align = align or ("left",) * len(columns)
        usable = self._usable_width()
        size = self.small  # a step smaller (down to 9 pt) while its longest words would not fit side by side
        while size > 9 and not words_fit((columns, *rows), usable / EMU_PER_PT * 0.95, size, 5.4):
            size -= 0.5
        # the PDF's widths: each column its longest word, amounts whole where the page allows, the rest by need
        right = [a == "right" for a in align]
        points = auto_column_widths((columns, *rows), usable / EMU_PER_PT, size, 5.4, whole=right)
        if any(r and max((text_width(row[c], size, bold=True) for row in rows), default=0) > points[c] - 2 * 5.4
               for c, r in enumerate(right)):  # amounts would break: every column its longest word, the rest by weight
            points = column_widths((columns, *rows), widths, usable / EMU_PER_PT, size, 5.4)
        twips = [Emu(int(w * EMU_PER_PT)).twips for w in points]
        jc = [a if a in ("right", "center") else "left" for a in align]
        size = f'<w:sz w:val="{round(size * 2)}"/>'
        whole = len(rows) <= KEEP_ROWS  # else a table with a total keeps its last two rows with the total
        kept = range(len(rows)) if whole else {len(rows) - 2, len(rows) - 1} if total else set()
        xml = [f"<w:tbl {_W}>", "<w:tblGrid>", *(f'<w:gridCol w:w="{w}"/>' for w in twips), "</w:tblGrid>"]
        for r, row in enumerate((columns, *rows)):
            header, last = r == 0, total and r == len(rows)
            color = f'<w:color w:val="{self.header}"/>' if header else ""
            rpr = ("<w:b/>" if header or last else "") + color + size
            fill = LIGHT if header else None
            shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
            # the design's rules: the primary under the header row, and above and below a total row
            edges = ("bottom",) if header else ("top", "bottom") if last else ()
            shade = (f"<w:tcBorders>{''.join(_rule(e, self.primary, 8) for e in edges)}</w:tcBorders>"
                     if edges else "") + shade
            xml.append(f"<w:tr><w:trPr><w:cantSplit/>{_HEADER_ROW if header else ''}</w:trPr>")
            keep = "<w:keepNext/>" if r in kept or header else ""  # a header row never ends a page alone
            for c, text in enumerate(row):
                xml.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{twips[c]}"/>{shade}</w:tcPr>'
                           f"<w:p><w:pPr>{keep}{_PLAIN_PPR}<w:jc w:val=\"{jc[c]}\"/></w:pPr>"
                           f"<w:r><w:rPr>{rpr}</w:rPr>{_run_content(text)}</w:r></w:p></w:tc>")
            xml.append("</w:tr>")
        xml.append("</w:tbl>")
        grid, *trs = parse_xml("".join(xml))
        tbl = table._tbl  # noqa: SLF001 - the grid and rows replace python-docx's empty ones
        tbl.replace(tbl.tblGrid, grid)
        tbl.extend(trs)
        self._after_table = (trs[-1], self._spacer(), total)

    def _spacer(self):
        """Add the gap after a table: an empty paragraph, a small step high with a template (whose line grid and
        body size would make it a blank line of body text)."""
        p = self.paragraph()
        # the PDF's gap under a table; with a template, a small step (its grid and body size would make a blank line)
        plain(p).paragraph_format.line_spacing = Pt(self.small if self.custom else self.design.para_after + 3)
        return p

    def _usable_width(self) -> int:
        """Return the text width (EMU) of the section qbrgen writes into: the document's last one (a template's
        cover section with other margins comes before it), its margins, gutter and columns, as it is oriented."""
        return section_text_width(self.doc.sections[-1])

    def usable_pt(self) -> float:
        """Return the text width of the page in points."""
        return self._usable_width() / EMU_PER_PT

    def _metrics(self, block: Metrics) -> None:
        """Add the metric cards side by side, as the PDF's: filled cards with the accent's stripe on their left,
        a narrow empty column between two cards."""
        n = len(block.items)
        table = self._new_table(1, 2 * n - 1)
        gap = Pt(8).twips
        card = max(1, (Emu(self._usable_width()).twips - gap * (n - 1)) // n)
        widths = [card if i % 2 == 0 else gap for i in range(2 * n - 1)]
        for col, w in zip(table._tbl.tblGrid.iterfind(qn("w:gridCol")), widths, strict=True):  # noqa: SLF001
            col.set(qn("w:w"), str(w))
        cells = table.rows[0].cells
        for cell, w in zip(cells, widths, strict=True):
            cell._tc.get_or_add_tcPr().get_or_add_tcW().set(qn("w:w"), str(w))  # noqa: SLF001
        _no_rules(table)
        # the figures in one size, the design's unless the widest would not fit its card (less padding and stripe)
        room = Emu(card * 635).pt - 2 * 5.4 - 3
        value_size = _fitting(self.small + 4 if self.custom else self.design.metric, self.small, room,
                              [m.value for m in block.items])
        # the labels too: a step smaller (down to 7.5 pt) while a label's longest word would break in its card
        label_size = _fitting(self.small, 7.5, room, [w for m in block.items for w in (m.label.split() or [""])])
        for cell in cells[1::2]:
            plain(cell.paragraphs[0])  # the gaps: no indent or spacing of a template's Normal
        for cell, m in zip(cells[::2], block.items, strict=True):
            tc_pr = cell._tc.get_or_add_tcPr()  # noqa: SLF001
            tc_pr.append(parse_xml(f"<w:tcBorders {_W}>{_rule('left', self.accent, 24)}</w:tcBorders>"))
            _shade(cell, LIGHT)
            p = plain(cell.paragraphs[0])
            run = p.add_run(m.value)
            run.bold = True
            run.font.size = Pt(value_size)
            run.font.color.rgb = RGBColor.from_string(self.primary)
            label = plain(cell.add_paragraph()).add_run(m.label)
            label.font.size = Pt(label_size)
            label.bold = True
            if m.detail:
                detail = plain(cell.add_paragraph()).add_run(m.detail)
                detail.font.size = Pt(min(label_size, self.small - 1) if self.custom else self.design.small)
                detail.font.color.rgb = MUTED
        self._spacer()

    def _chart(self, block: Chart) -> None:
        """Add a native, editable Word chart (a chart part with its embedded workbook), as in the deck."""
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part as OpcPart

        from qbrgen.render.pptx.charts import chart_part_xml
        from qbrgen.render.pptx.shapes import Look, rgb

        p = self.paragraph()
        p.paragraph_format.keep_with_next = True
        run = p.add_run(block.title)
        run.bold = True
        run.font.size = Pt(self.small)
        run.font.color.rgb = MUTED
        package = self.doc.part.package
        self.charts += 1
        n = self.charts
        chart_part = OpcPart(PackURI(f"/word/charts/chart{n}.xml"), CT.DML_CHART, b"", package)
        book = OpcPart(PackURI(f"/word/embeddings/Microsoft_Excel_Sheet{n}.xlsx"), CT.SML_SHEET, b"", package)
        look = Look(rgb(self.primary), rgb(self.accent), self.font, False, self.lang)
        chart_part._blob, book._blob = chart_part_xml(block, look, chart_part.relate_to(book, RT.PACKAGE))  # noqa: SLF001
        r_id = self.doc.part.relate_to(chart_part, RT.CHART)
        width = self._usable_width()
        # a bar chart as tall as the PDF's, plus the room Word's plot area takes around it
        height = int(width * (0.42 if block.chart != "bar" else 0.06 + 0.05 * len(block.categories)))
        self.paragraph()._p.append(parse_xml(  # noqa: SLF001 - an inline chart has no python-docx API; no indent
            f'<w:r {_W}><w:drawing><wp:inline {nsdecls("wp", "a", "c", "r")} distT="0" distB="0" distL="0" '
            f'distR="0"><wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{1000 + n}" name="Chart {n}" descr="{escape(block.title, {chr(34): "&quot;"})}"/>'
            '<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/'
            f'chart"><c:chart r:id="{r_id}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'))


def _no_rules(table) -> None:
    """Take every rule off a table (the metric cards: their fill and stripe draw them)."""
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))  # noqa: SLF001
    if borders is not None:
        for edge in borders:
            edge.set(qn("w:val"), "nil")


def _rule(edge: str, colour: str, eighths: int) -> str:
    return f'<w:{edge} w:val="single" w:sz="{eighths}" w:space="0" w:color="{colour}"/>'


def _keep_note(last_row, spacer) -> None:
    """Keep a table's last row and the spacer under it with the paragraph that follows."""
    for p in last_row.iter(qn("w:p")):
        p.get_or_add_pPr().keepNext_val = True
    spacer.paragraph_format.keep_with_next = True


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


def straight(paragraph, keep_alignment: bool = False):
    """Set ``paragraph`` left (unless ``keep_alignment``) without a first-line indent, whatever its style says;
    a hanging indent (a list's marker) stays; no line is left alone at a page's foot or head."""
    if not keep_alignment:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.widow_control = True  # no line left alone at a page's foot or head
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()  # noqa: SLF001 - the character-unit indent has no API
    if ind.get(qn("w:hanging")) is None:
        ind.set(qn("w:firstLine"), "0")
    ind.set(qn("w:firstLineChars"), "0")
    return paragraph


def plain(paragraph):
    """Return ``paragraph`` without the indents and spacing a template's Normal style may carry."""
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = fmt.left_indent = Pt(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    p_pr = paragraph._p.get_or_add_pPr()  # noqa: SLF001 - leave a CJK template's line grid
    p_pr.get_or_add_ind().set(qn("w:firstLineChars"), "0")
    if p_pr.find(qn("w:snapToGrid")) is None:
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        later = next((c for c in p_pr if c.tag in _AFTER_SNAP), None)
        if later is not None:
            later.addprevious(snap)
        else:
            p_pr.append(snap)
    return paragraph


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()  # noqa: SLF001
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _borders(table, primary: str) -> None:
    """Give a table the design's look (as the PDF's): horizontal hairlines between rows and below, no rule above
    and no vertical lines, padded cells; the header row's primary rule is its cells' own."""
    tbl_pr = table._tbl.tblPr  # noqa: SLF001
    rules = {"top": ("nil", "0", "auto"), "bottom": ("single", "4", RULE), "insideH": ("single", "4", RULE),
             "left": ("nil", "0", "auto"), "right": ("nil", "0", "auto"), "insideV": ("nil", "0", "auto")}
    tbl_pr.append(parse_xml(
        f"<w:tblBorders {_W}>" + "".join(f'<w:{edge} w:val="{rules[edge][0]}" w:sz="{rules[edge][1]}" w:space="0" '
                                         f'w:color="{rules[edge][2]}"/>'
                                         for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"))
    tbl_pr.append(parse_xml(f'<w:tblCellMar {_W}><w:top w:w="70" w:type="dxa"/><w:left w:w="100" w:type="dxa"/>'
                            '<w:bottom w:w="70" w:type="dxa"/><w:right w:w="100" w:type="dxa"/></w:tblCellMar>'))


def _fitting(size: float, floor: float, room: float, texts: list[str]) -> float:
    """Return ``size``, a half point smaller at a time down to ``floor``, while the widest of ``texts`` (bold)
    is wider than ``room`` points."""
    while size > floor and max(text_width(t, size, bold=True) for t in texts) > room:
        size -= 0.5
    return size
