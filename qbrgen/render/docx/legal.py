"""What makes the DOCX a document procurement can sign: page size, parts kept whole, the signature block.

- The page is A4 or US Letter by the account's locale (:mod:`qbrgen.render.paper`), or as the workspace forces.
- The terms and the acceptance block stay on one page (keep-with-next on every paragraph but the last,
  rows that cannot split); so does a table of three rows or fewer.
- Each signature line carries the e-signature platform's anchor (:mod:`qbrgen.render.esign`) as white 2 pt text
  when ``--esign`` asks for one, and nothing at all when not.
"""

from __future__ import annotations

from itertools import takewhile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from qbrgen.i18n import _
from qbrgen.render.design import tokens
from qbrgen.render.docx.blocks import MUTED, _no_rules, plain
from qbrgen.render.esign import ANCHOR_PT, anchor
from qbrgen.render.keep import EMPTY_AT_MOST  # the same third of a page as the PDF's
from qbrgen.render.paper import SIZES_MM, page_size
from qbrgen.render.wordxml import field_label
from qbrgen.sections.document import Signature

WHITE = RGBColor(0xFF, 0xFF, 0xFF)
SHORT_TABLE = 3  # rows (besides the header) of a table that never splits


def set_page_size(doc, locale: str, forced: str) -> str:
    """Give every section the page size of ``locale`` (or the forced one), keeping the margins and each section's
    orientation (a landscape section stays landscape); return it."""
    size = page_size(locale, forced)
    width, height = SIZES_MM[size]
    for section in doc.sections:
        landscape = (section.page_width or 0) > (section.page_height or 0)
        section.page_width, section.page_height = (Mm(height), Mm(width)) if landscape else (Mm(width), Mm(height))
    return size


def keep_whole(elements) -> None:
    """Keep ``elements`` on one page: every paragraph keeps with the next but the last; no row splits."""
    paragraphs = [p for el in elements for p in el.iter(qn("w:p"))]
    for p in paragraphs[:-1]:
        p.get_or_add_pPr().keepNext_val = True
    for row in (r for el in elements for r in el.iter(qn("w:tr"))):
        tr_pr = row.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert(0, tr_pr.makeelement(qn("w:cantSplit"), {}))


def keep_short_tables(body) -> None:
    """Keep every table of three rows or fewer (besides its header) on one page."""
    for tbl in body.iter(qn("w:tbl")):
        if len(tbl.findall(qn("w:tr"))) <= SHORT_TABLE + 1:
            keep_whole([tbl])


def limit_keep_chains(body, page_h: float, width: float, body_pt: float, line_pt: float | None = None,
                      headings: frozenset[str] = frozenset(), whole: tuple = (), gap=None) -> int:
    """Break every keep-with-next run taller than a third of the page's text height (``page_h`` points), so
    moving it to the next page never leaves more than a third of a page empty; a heading still keeps with
    what follows it, and the acceptance (from its heading to the signatures) stays whole when it fits a page
    (what is signed shows the option ticked), else the signatures do. Heights are estimated from the text
    (``width`` points wide at ``body_pt``, lines ``line_pt`` apart); ``headings``: the heading style ids;
    ``whole``: groups of body elements kept whole as the terms require (each, when no taller than that third;
    a taller one breaks between its paragraphs, never inside a row); ``gap``: a paragraph's space before and
    after, in points (none when not given).
    Return how many runs were broken."""
    from qbrgen.render.textfit import text_height

    limit = page_h * EMPTY_AT_MOST
    line = line_pt or body_pt * 1.25
    tables = [el for el in body if el.tag == qn("w:tbl")]
    last_table = tables[-1] if tables else None

    def cell_height(cell, cell_w: float) -> float:  # each paragraph's lines (at least one) and its spacing
        total = 0.0
        for p in cell.iter(qn("w:p")):
            text = "".join(t.text or "" for t in p.iter(qn("w:t"))) or " "
            lines = text_height(text, cell_w, body_pt * 0.9) / (body_pt * 1.08)
            # a cell's paragraphs do not snap to a template's line grid: their own line height
            total += max(1.0, lines) * body_pt * 1.15 + (gap(p) if gap else 0.0)
        return total

    # (paragraphs of one unit, its height, heading?, inside the signature table?, its last paragraphs, may a page
    # break after it?)
    def units():
        for el in body:
            if el.tag == qn("w:p"):
                text = "".join(t.text or "" for t in el.iter(qn("w:t")))
                style = el.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
                sid = style.get(qn("w:val")) or "" if style is not None else ""
                heading = el.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}") is not None or sid in headings or (
                    sid.lower().startswith(("heading", "title")))
                lines = text_height(text, width, body_pt) / (body_pt * 1.2) if text else 0.5
                yield [el], max(1.0, lines) * line + (gap(el) if gap else 0.0), heading, False, [el], True
            elif el.tag == qn("w:tbl"):
                rows = []
                for row in el.iter(qn("w:tr")):
                    cells = row.findall(qn("w:tc")) or [row]
                    cell_w = width / max(1, len(cells))
                    tall = max(cell_height(c, cell_w) for c in cells)
                    rows.append((list(row.iter(qn("w:p"))), tall + 6))
                whole = all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for r in rows[:-1] for p in r[0])
                small = len(rows) <= SHORT_TABLE + 1 or whole and sum(r[1] for r in rows) <= limit
                if el is not last_table and small:
                    # a short table, or one kept whole that fits the limit, moves as one piece
                    yield [p for r in rows for p in r[0]], sum(r[1] for r in rows), False, False, rows[-1][0], True
                    continue
                for n, (paragraphs, height) in enumerate(rows):  # a table splits after a body row, leaving three
                    yield paragraphs, height, False, el is last_table, paragraphs, 1 <= n <= len(rows) - 4

    found = list(units())
    last_sign = max((i for i, u in enumerate(found) if u[3]), default=-1)
    start_sign = max((i for i, u in enumerate(found[:last_sign]) if u[2]), default=last_sign) if last_sign >= 0 \
        else len(found)  # the acceptance: from its heading to the signatures, kept as the terms say
    # the acceptance stays whole whatever it leaves above it: a signed page must show the option ticked (the one
    # exception to the third of a page); only one surely taller than a page splits, and then the signatures stay
    # whole
    if sum(u[1] for u in found[start_sign:last_sign + 1]) > page_h * 1.5:  # (estimates run tall with a template)
        start_sign = min((i for i, u in enumerate(found) if u[3]), default=start_sign)
    if last_sign >= 0:  # what closes the part after the signature lines (where to return it) stays with them
        last_sign = next((i - 1 for i in range(last_sign + 1, len(found)) if found[i][2]), len(found) - 1)
    protected = set()  # paragraphs of the groups kept whole (no taller than a third of a page)
    for group in whole:
        inside = {p for el in group for p in el.iter(qn("w:p"))}
        if sum(u[1] for u in found if u[0] and u[0][0] in inside) <= limit:
            protected |= inside
    broken = 0
    run_h = 0.0
    previous = None  # (last paragraphs, no break after it?) of the unit before, in the current run
    for i, (paragraphs, height, heading, _signs, tail, breakable) in enumerate(found):
        signing = start_sign < i <= last_sign or bool(paragraphs and paragraphs[0] in protected
                                                        and previous and previous[0][0] in protected)
        ahead = height  # what must move with this unit: all of a block kept whole that starts here
        if i == start_sign:
            ahead = sum(u[1] for u in found[start_sign:last_sign + 1])
        elif paragraphs and paragraphs[0] in protected and not signing:
            ahead = sum(u[1] for u in takewhile(lambda u: u[0] and u[0][0] in protected, found[i:]))
        if previous is not None and run_h + ahead > limit and not signing and not previous[1]:
            for p in previous[0]:  # end the run after the previous unit
                ppr = p.find(qn("w:pPr"))
                keep = ppr.find(qn("w:keepNext")) if ppr is not None else None
                if keep is not None:
                    ppr.remove(keep)
            broken += 1
            run_h = 0.0
        run_h += height
        kept = any(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in tail) or heading
        if kept:
            previous = (tail, heading or not breakable)
        else:
            previous, run_h = None, 0.0
    return broken


def signature(writer, block: Signature, esign: str) -> None:
    """Add the signature block as the PDF draws it: a column per party, each field a ruled line (room to sign by
    hand, pre-filled or blank) with its label small under it, and the e-signature anchors on the lines; with a
    team's template, form lines in its own text ("Name: ____")."""
    design = tokens()
    table = writer._new_table(len(block.fields) + 1, len(block.parties))  # noqa: SLF001 - the writer's own table look
    if not writer.custom:
        _no_rules(table)  # the lines are the fields' own
    for c, party in enumerate(block.parties):
        # TRANSLATORS: above one party's signature lines in the acceptance block; {party} is a company name
        head = plain(table.rows[0].cells[c].paragraphs[0]).add_run(_("For {party}", party=party))
        head.bold = True
        values = block.values[c] if c < len(block.values) else ()
        for r, (label, role) in enumerate(zip(block.fields, block.roles, strict=False), 1):
            cell = table.rows[r].cells[c]
            if writer.custom:  # a team template: form lines in its own text, "Name: ____"
                _form_line(plain(cell.paragraphs[0]), label, role, anchor(esign, c + 1, role),
                           values[r - 1] if r - 1 < len(values) else "")
                continue
            line = plain(cell.paragraphs[0])
            line.paragraph_format.space_before = Pt(26 if role == "signature" else 12)  # room to sign by hand
            _rule_under(line, design.ink)
            tag = anchor(esign, c + 1, role)
            if tag:
                run = line.add_run(tag)
                run.font.size = Pt(ANCHOR_PT)
                run.font.color.rgb = WHITE
            value = values[r - 1] if r - 1 < len(values) else ""
            line.add_run(value or "\u00a0")  # a blank line keeps its height
            caption = plain(cell.add_paragraph())
            caption.paragraph_format.space_before = Pt(1)
            run = caption.add_run(field_label(label))
            run.font.size = Pt(writer.small - 1 if writer.custom else design.small)  # a step under the table text
            run.font.color.rgb = MUTED
            if r < len(block.fields):
                caption.paragraph_format.keep_with_next = True
                line.paragraph_format.keep_with_next = True
    writer.paragraph()


def _form_line(p, label: str, role: str, tag: str, value: str) -> None:
    """Write one signature field as a form line: its label, the e-signature anchor, then the value or a blank."""
    p.paragraph_format.space_before = Pt(26 if role == "signature" else 14)  # room to sign by hand
    # TRANSLATORS: a signature line's label before the blank to fill in ("Name: ____"); French "{label} :"
    p.add_run(_("{label}: ", label=field_label(label))).font.size = Pt(9)
    if tag:
        run = p.add_run(tag)
        run.font.size = Pt(ANCHOR_PT)
        run.font.color.rgb = WHITE
    if value:
        p.add_run(value)
    else:
        p.add_run("_" * 20).font.color.rgb = MUTED


_AFTER_BORDER = tuple(f"w:{t}" for t in (
    "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
    "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
    "rPr", "sectPr", "pPrChange"))


def _rule_under(paragraph, colour: str) -> None:
    """Draw a 0.75 pt line under ``paragraph`` (a signature line), as the PDF's."""
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", colour)):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    ppr = paragraph._p.get_or_add_pPr()  # noqa: SLF001 - no python-docx API for paragraph borders
    ppr.insert_element_before(border, *_AFTER_BORDER)
