"""Which parts of the built-in PDF proposal are kept on one page: the acceptance, so the signed page shows the
option ticked, and any other only when short enough that moving it whole to the next page never leaves more than
a third of a page empty (the DOCX applies the same rule to its
own measured paragraphs in :func:`qbrgen.render.docx.legal.limit_keep_chains`).

A taller kept part flows: its heading stays with its first lines, a row never splits, and the signature block
stays whole (the stylesheet's rules), so only the page's fill changes. Heights are estimated from the text with
the design's sizes; the estimate errs on the tall side (a part kept is one that surely fits).
"""

from __future__ import annotations

from qbrgen.render.design import Design
from qbrgen.render.paper import SIZES_MM
from qbrgen.render.textfit import text_height
from qbrgen.sections.document import KEPT_PARTS, Bullets, Document, Paragraph, Part, Signature, Table

EMPTY_AT_MOST = 1 / 3  # of a page's text height: the most keeping a part together may leave empty above it
SIGNED = "acceptance"  # the part a signature closes: kept whole when it fits a page, so the signed page shows the
# option ticked (the one exception to the third of a page)
_MM = 72 / 25.4


def kept_parts(document: Document, design: Design, size: str) -> frozenset[str]:
    """Return the ids of ``document``'s parts to keep on one page on paper ``size`` ('a4' or 'letter')."""
    width_mm, height_mm = SIZES_MM[size]
    top, right, bottom, left = design.margins
    width = width_mm * _MM - left - right
    page = height_mm * _MM - top - bottom
    limit = page * EMPTY_AT_MOST
    return frozenset(p.id for p in document.parts if p.id in KEPT_PARTS
                     and part_height(p, width, design) <= (page * 0.95 if p.id == SIGNED else limit))


def part_height(part: Part, width: float, design: Design) -> float:
    """Return an estimate, in points, of ``part`` laid out ``width`` points wide."""
    body, line = design.body, design.line
    height = design.h1 * 1.2 + design.h1_before + design.h1_after
    for block in part.blocks:
        if isinstance(block, Paragraph):
            height += text_height(block.text, width, body, spacing=line) + design.para_after
        elif isinstance(block, Bullets):
            height += sum(text_height(item, width - design.list_indent, body, spacing=line) + 2
                          for item in block.items) + design.para_after
        elif isinstance(block, Table):
            cell_w = width / max(1, len(block.columns)) - 2 * design.pad_x
            for row in (block.columns, *block.rows):
                tallest = max((text_height(cell, cell_w, design.table, spacing=line) for cell in row),
                              default=design.table * line)
                height += tallest + 2 * design.pad_y + design.row_rule
            height += design.para_after
        elif isinstance(block, Signature):
            height += design.body * 1.5 + len(block.fields) * (design.body * line + design.small * line + 18)
        else:  # a chart, cards or metrics: never in a kept part today; count a generous block
            height += 150
    return height
