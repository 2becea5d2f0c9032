"""Measuring and fitting, in points: how tall each block is, the scale a slide's blocks share, and pages.

Each block is measured with real font metrics (:mod:`qbrgen.render.textfit`). Sizes come from one type
scale with two steps (:data:`SCALES`): every role (body, table, caption, metric figure, card text) is set
at its regular size, or on a dense slide at its compact one, never anything in between; what does not
fit at the compact step continues on another page (tables split between rows, bullet lists between
items). No python-pptx here: only arithmetic.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from itertools import accumulate

from qbrgen.i18n import _
from qbrgen.render.textfit import clip, column_widths, text_height, text_width, words_fit, wrap
from qbrgen.sections.document import Bullets, Cards, Chart, Metrics, Paragraph, Table

REGULAR, COMPACT = 1.0, 0.75
SCALES = (REGULAR, COMPACT)  # the type scale's two steps: a slide is set at one of them, never in between
GAP = 12.0
CELL_PAD_X, CELL_PAD_Y = 7.0, 5.0
MIN_CHART_H = 170.0
MIN_BRIDGE_H = 140.0  # the price bridge, drawn as shapes, reads in less room than a native chart
CLIP = {"cell": 280, "bullet": 360, "paragraph": 700, "metric": 120}
# The type scale at its regular step, in points; the compact step is 0.75 of it (never below MIN_TEXT).
BODY, TABLE = 20.0, 16.0  # bullets and body text; table cells
LEAD = 18.0  # the ask's callout (no larger than the smallest title size)
CAPTION = 14.0  # muted notes, a metric's detail, card tags and chips: never larger than what they annotate
FIGURE, FIGURE_LABEL = 36.0, 16.0  # a metric's figure and its label
CARD_TITLE, CARD_LINE = 20.0, 15.0
MIN_TEXT = 12.0  # no body text smaller: a slide that needs it continues on the next one
MAX_ROWS = 7  # table rows on one slide; the rest continue
MIN_TAIL = 3  # rows a continued table carries at least, so no slide holds one row and a total
SQUEEZE = (160, 60, 24)  # the lengths text is cut to, in turn, when a block fits on no page at all


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in points from the top left corner."""

    x: float
    y: float
    w: float
    h: float


def sized(base: float, scale: float, top: float = 99.0) -> float:
    """Return the size of a role whose regular size is ``base`` at the type scale's step ``scale``, in whole
    points, never below :data:`MIN_TEXT` nor above ``top``."""
    return min(top, max(MIN_TEXT, float(round(base * scale))))


def body_size(scale: float) -> float:
    """Return the size of bullets and body text at ``scale``."""
    return sized(BODY, scale)


def table_size(scale: float) -> float:
    """Return the size of table text at ``scale``."""
    return sized(TABLE, scale)


def indent(scale: float) -> float:
    """Return the hanging indent of a bullet at ``scale``."""
    return 20 * scale


def para_size(block: Paragraph) -> float:
    """Return the font size of a paragraph of ``block.style`` at scale 1."""
    return {"lead": LEAD, "muted": CAPTION}.get(block.style, BODY)


CALLOUT_PAD = 12.0  # the ask's panel: this much room above and below its text, and beside it after the rule


def paragraph_size(block: Paragraph, scale: float) -> float:
    """Return the size a paragraph is drawn at ``scale`` (the type scale's steps never grow a role past its
    regular size, so the ask stays at :data:`LEAD` or below: a callout, not a second title)."""
    return sized(para_size(block), scale)


def fit_size(text: str, width: float, height: float, start: float, floor: float, bold: bool = False) -> float:
    """Return the largest size from ``start`` down to ``floor`` at which ``text`` fits the box."""
    size = start
    while size > floor and text_height(text, width, size, bold) > height:
        size -= 1
    return size


_CLAUSE = re.compile(r"(?:: |; | — | – | \(|, (?!\d))")
# words a shortened title never ends on: it would read as cut (a preposition, an article, a month before its day)
_DANGLING = {"a", "an", "the", "of", "and", "or", "to", "for", "on", "in", "at", "by", "with", "against", "set",
             "from", "per", "vs", "than", "your", "our", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
             "sep", "sept", "oct", "nov", "dec", "january", "february", "march", "april", "june", "july",
             "august", "september", "october", "november", "december"}


def clip_to(text: str, width: float, height: float, size: float, bold: bool) -> str:
    """Return ``text`` when it fits a box of ``height`` at ``size``, else its shorter form, never with an ellipsis
    and never cutting an amount, a date or a name: the longest leading clause that fits (before ": ", "; ",
    a dash, a bracket or a comma not inside a date), else the words that fit, without a dangling last word."""
    fit = max(1, int(height // (size * 1.2)))
    if len(wrap(text, width, size, bold)) <= fit:
        return text
    before, after = continued_marks()  # a continued slide's title keeps saying so, in any language
    if (before or after) and text.startswith(before) and text.endswith(after) \
            and len(text) > len(before) + len(after):
        marks = text_width(before + after, size, bold)
        head = clip_to(text[len(before):len(text) - len(after)], width - marks, height, size, bold)
        return before + head + after
    for match in reversed(list(_CLAUSE.finditer(text))):
        head = text[:match.start()].rstrip(" ,;:")
        if head and len(wrap(head, width, size, bold)) <= fit:
            return head
    words = text.split()
    while len(words) > 1 and len(wrap(" ".join(words), width, size, bold)) > fit:
        words.pop()
    while len(words) > 1 and (words[-1].lower().strip(",.;:") in _DANGLING or words[-1][-1:] in ",;:"
                              or (words[-1][:1].isdigit() and words[-2].lower().strip(",") in _DANGLING)):
        words.pop()
    out = " ".join(words).rstrip(" ,;:")
    while len(out) > 1 and len(wrap(out, width, size, bold)) > fit:  # one word longer than the box (a code, a URL)
        out = out[:max(1, int(len(out) * 0.8))]
    return out


def continued_marks() -> tuple[str, str]:
    """Return what the current language writes before and after a title to say its slide is continued."""
    # TRANSLATORS: the title of a slide that continues the previous one (a long table); keep it short
    before, _sep, after = _("{title} (continued)", title="\x00").partition("\x00")
    return before, after


METRIC_PAD = 14.0  # above and below a metric card's text


def metric_sizes(items, inner: float, scale: float) -> tuple[float, float, float]:
    """Return the (value, label, detail) sizes of a row of metric cards ``items`` whose text is ``inner`` points
    wide: the figures all at the regular step, or the compact one when a figure would wrap there (only a figure
    too long even for that, a long amount in yen, shrinks further: a figure never wraps over its label)."""
    def wraps(size: float) -> bool:
        return any(len(wrap(clip(m.value, CLIP["metric"]), inner, size, True)) > 1 for m in items)

    vsize = sized(FIGURE, scale)
    if wraps(vsize):
        vsize = sized(FIGURE, min(scale, COMPACT))  # the other step of the scale
    while vsize > MIN_TEXT and wraps(vsize):
        vsize -= 1
    return vsize, sized(FIGURE_LABEL, scale), sized(CAPTION, scale)


def col_widths(block: Table, width: float, size: float = TABLE) -> list[float]:
    """Return the column widths of ``block`` in a table ``width`` points wide."""
    return column_widths((block.columns, *block.rows), block.widths, width, size, CELL_PAD_X, CLIP["cell"])


def row_heights(block: Table, widths: list[float], size: float, until: float | None = None) -> list[float]:
    """Return the height of each row of ``block`` (header first) at ``size``; with ``until``, only the rows up
    to the first that takes the total past it."""
    pad = CELL_PAD_Y * size / TABLE
    heights = []
    total = 0.0
    for r, row in enumerate((block.columns, *block.rows)):
        if until is not None and total > until:
            break
        bold = r == 0 or (block.emphasis_last_row and r == len(block.rows))
        tallest = max(text_height(clip(t, CLIP["cell"]) or " ", w - 2 * CELL_PAD_X, size, bold)
                      for t, w in zip(row, widths, strict=True))
        heights.append(tallest + 2 * pad + 2)
        total += heights[-1]
    return heights


def block_height(block, width: float, scale: float) -> float:
    """Return the height in points ``block`` needs at ``width`` and font ``scale`` (charts: their minimum)."""
    if isinstance(block, Paragraph):
        if block.style == "lead":  # set as a callout: a panel with an accent rule, padded
            return text_height(clip(block.text, CLIP["paragraph"]), width - 3 * CALLOUT_PAD,
                               paragraph_size(block, scale), True) + 2 * CALLOUT_PAD
        return text_height(clip(block.text, CLIP["paragraph"]), width, paragraph_size(block, scale))
    if isinstance(block, Bullets):
        size = body_size(scale)
        return sum(text_height(clip(t, CLIP["bullet"]), width - indent(scale), size) + (6 * scale if i else 0)
                   for i, t in enumerate(block.items))
    if isinstance(block, Metrics):
        n = len(block.items)
        inner = (width - GAP * (n - 1)) / n - 32  # as shapes.metrics draws it
        tallest = 0.0
        vs, ls, ds = metric_sizes(block.items, inner, scale)
        for m in block.items:
            h = (text_height(clip(m.value, CLIP["metric"]), inner, vs, True) + 2
                 + text_height(clip(m.label, CLIP["metric"]), inner, ls, True)
                 + (text_height(clip(m.detail, CLIP["metric"]), inner, ds) if m.detail else 0))
            tallest = max(tallest, h)
        return tallest + 4 + 2 * METRIC_PAD  # the figure-label gap is 6 as drawn; padded above and below
    if isinstance(block, Table):
        return sum(row_heights(block, col_widths(block, width, table_size(scale)), table_size(scale)))
    if isinstance(block, Chart):
        return MIN_BRIDGE_H if block.chart == "waterfall" else MIN_CHART_H
    if isinstance(block, Cards):
        return cards_height(block, width, scale)
    return 40.0


def card_text_sizes(scale: float) -> tuple[float, float, float]:
    """Return the (tag, title, line) sizes of a card at ``scale``."""
    return sized(CAPTION, scale), sized(CARD_TITLE, scale), sized(CARD_LINE, scale)


def card_height(card, width: float, scale: float, tag: bool = True) -> float:
    """Return the height a card needs at ``width``: padding, tag (unless ``tag`` is False: it stands on the
    timeline above the card), title, lines and chip."""
    inner = width - 2 * CARD_PAD
    tag_size, title, line = card_text_sizes(scale)
    h = 2 * CARD_PAD + 6 + text_height(clip(card.title, CLIP["metric"]), inner, title, True)
    if card.tag and tag:
        h += text_height(card.tag, inner, tag_size, True) + 6
    h += sum(text_height(clip(t, CLIP["metric"]), inner, line) + 4 for t in card.lines)
    if card.chip:
        h += tag_size * 1.2 + 12
    return h


CARD_PAD = 14.0
MARKER = 12.0  # the timeline's dot above each dated card
CARD_GROWTH = 0.15  # a card grows at most this share past its content: sized to its text, never two-thirds empty
CARD_GROWTH_ALONE = 0.3  # cards alone on their slide take a little more air, so the slide is not half empty


def on_timeline(block: Cards) -> bool:
    """Return whether ``block``'s cards stand on a timeline: every card is dated (its tag)."""
    tags = [c.tag for c in block.items]
    return len(tags) > 1 and all(tags) and len(set(tags)) == len(tags)  # dates, not one label repeated


def timeline_height(block: Cards, width: float, scale: float) -> float:
    """Return the height of the timeline above ``block``'s cards: the dates, a dot each, and a gap."""
    tag_size = card_text_sizes(scale)[0]
    inner = card_width(block, width) - 2 * CARD_PAD
    return max(text_height(c.tag, inner, tag_size, True) for c in block.items) + 6 + MARKER + GAP


def card_width(block: Cards, width: float) -> float:
    """Return the width of each of ``block``'s cards in a row ``width`` points wide."""
    return (width - GAP * (len(block.items) - 1)) / len(block.items)


def cards_height(block: Cards, width: float, scale: float) -> float:
    """Return the height ``block`` needs: its tallest card, and the timeline above the cards when dated."""
    line = on_timeline(block)
    tallest = max(card_height(c, card_width(block, width), scale, tag=not line) for c in block.items)
    return tallest + (timeline_height(block, width, scale) if line else 0.0)


def too_long(block) -> bool:
    """Return whether ``block`` is a table with more rows than one slide shows."""
    return isinstance(block, Table) and len(block.rows) > MAX_ROWS


def _fits(blocks, width: float, height: float, scale: float) -> bool:
    if any(too_long(b) for b in blocks):
        return False
    if not all(words_fit((b.columns, *b.rows), width, table_size(scale), CELL_PAD_X, CLIP["cell"])
               for b in blocks if isinstance(b, Table)):
        return False  # a longest word or number would break in its column
    total = GAP * (len(blocks) - 1)
    for b in blocks:
        if isinstance(b, Table):  # stop measuring rows once the table is too tall (it splits anyway)
            size = table_size(scale)
            for h in row_heights(b, col_widths(b, width, size), size, until=height - total):
                total += h
        else:
            total += block_height(b, width, scale)
        if total > height:
            return False
    return True


def paginate(blocks, width: float, height: float, scales: tuple[float, ...] = SCALES) -> list[tuple[tuple, float]]:
    """Return the pages of a slide: (blocks, scale) each; the regular step, else the compact one, then split.

    Tables split between rows (each page repeats the header), bullet lists between items; other
    blocks move whole. A row or item too tall even for an empty page has its text cut, so the
    loop always ends. A long table is measured once, not once per page (linear in its rows).
    """
    blocks = tuple(blocks)
    for scale in scales:
        if _fits(blocks, width, height, scale):
            return [(blocks, scale)]
    scale = scales[-1]
    pages: list[tuple[tuple, float]] = []
    current: list = []
    used = 0.0  # height of what ``current`` holds, gaps included
    queue = [_Piece(b, 0) for b in blocks]  # (block, how many times its text has been cut)
    while queue:
        piece = queue.pop(0)
        block = piece.block
        room = height - used
        need = piece.height(width, scale)
        if not too_long(block) and need <= room:
            current.append(block)
            used += need + GAP
            continue
        head, rest = piece.split(width, room, scale, fresh=not current)
        if head is not None:
            current.append(head)
            pages.append((tuple(current), scale))
            current, used = [], 0.0
            if rest is not None:
                queue.insert(0, rest)
            continue
        if current:  # nothing fits in what is left: start a new page and try again
            pages.append((tuple(current), scale))
            current, used = [], 0.0
            queue.insert(0, piece)
            continue
        if piece.cuts < len(SQUEEZE):  # nothing fits even on an empty page: cut the text and retry
            queue.insert(0, _Piece(_squeeze(block, SQUEEZE[piece.cuts]), piece.cuts + 1))
            continue
        pages.append(((block,), scale))  # cut to the bone: place it alone
    if current:
        pages.append((tuple(current), scale))
    return pages or [((), scale)]


@dataclass
class _Piece:
    """A block waiting to be placed; a table remembers its rows' heights, measured once for all its pages.

    ``sums`` holds the running total of the original table's row heights; this piece is its rows
    ``start`` onwards, so its height and where it splits are a subtraction and a search.
    """

    block: object
    cuts: int
    header: float = 0.0
    sums: list[float] | None = None
    start: int = 0

    def _measure(self, width: float, scale: float) -> None:
        if self.sums is None and isinstance(self.block, Table):
            size = table_size(scale)
            self.header, *rows = row_heights(self.block, col_widths(self.block, width, size), size)
            self.sums = list(accumulate(rows, initial=0.0))
            self.start = 0

    def height(self, width: float, scale: float) -> float:
        if not isinstance(self.block, Table):
            return block_height(self.block, width, scale)
        self._measure(width, scale)
        return self.header + self.sums[self.start + len(self.block.rows)] - self.sums[self.start]

    def split(self, width: float, room: float, scale: float, fresh: bool = True):
        """Return (the part that fits in ``room``, the rest as a piece); (None, None) if nothing fits.
        ``fresh``: the page holds nothing yet (a table that would leave a lonely tail then moves whole)."""
        if not isinstance(self.block, Table):
            head, rest = _split(self.block, width, room, scale)
            return head, (_Piece(rest, self.cuts) if rest is not None else None)
        self._measure(width, scale)
        block, base = self.block, self.sums[self.start]
        n = bisect_right(self.sums, base + room - self.header, self.start, self.start + len(block.rows) + 1) \
            - 1 - self.start
        end = self.start + len(block.rows)
        tail = end - bisect_left(self.sums, self.sums[end] - (room - self.header), self.start, end + 1)
        n = _keep_tail(min(MAX_ROWS, n), len(block.rows), fresh, first=self.start == 0, cap=min(MAX_ROWS, n, tail))
        if n <= 0:
            return None, None
        head = replace(block, rows=block.rows[:n], emphasis_last_row=block.emphasis_last_row and n == len(block.rows))
        if n == len(block.rows):
            return head, None
        return head, _Piece(replace(block, rows=block.rows[n:]), self.cuts, self.header, self.sums, self.start + n)


def _keep_tail(n: int, rows: int, fresh: bool = True, first: bool = True, cap: int | None = None) -> int:
    """Return how many of ``rows`` to place when ``n`` fit, so a continued slide carries at least
    :data:`MIN_TAIL` rows. After other content (not ``fresh``): fewer here when this slide keeps :data:`MIN_TAIL`
    too, else the whole table moves to the next slide. First on its slide: the fewest slides whose continuations
    each carry :data:`MIN_TAIL` to ``n`` rows (the table's ``first`` slide may carry fewer; a continuation not);
    when fewer than :data:`MIN_TAIL` rows fit on a slide at all, nothing helps. ``cap``: how many of the last rows
    fit on a slide (fewer than ``n`` when they are taller, a bold total)."""
    left = rows - n
    if left <= 0:
        return n
    if not fresh:
        if left >= MIN_TAIL:
            return n
        return n - (MIN_TAIL - left) if n - (MIN_TAIL - left) >= MIN_TAIL else 0
    for head in range(n, 0 if first else MIN_TAIL - 1, -1):
        rest = rows - head
        if rest >= -(-rest // max(1, cap or n)) * MIN_TAIL:  # the rest splits into slides of MIN_TAIL to cap rows
            return head
    return n


def _fitting(heights, room: float) -> int:
    """Return how many of ``heights``, taken in order, fit in ``room``."""
    used = 0.0
    for n, h in enumerate(heights):
        used += h
        if used > room:
            return n
    return len(heights)


def _split(block, width: float, room: float, scale: float):
    """Return (the part of ``block`` that fits in ``room``, the rest); (None, block) if nothing fits.

    Tables are split by :class:`_Piece`, which measures their rows once; here, bullet lists.
    """
    if isinstance(block, Bullets):
        size = body_size(scale)
        heights = [text_height(clip(t, CLIP["bullet"]), width - indent(scale), size) + (6 * scale if i else 0)
                   for i, t in enumerate(block.items)]
        n = _fitting(heights, room)
        if n == 0:
            return None, block
        rest = replace(block, items=block.items[n:]) if n < len(block.items) else None
        return replace(block, items=block.items[:n]), rest
    return None, block


def _squeeze(block, limit: int):
    """Return ``block`` with every text cut to ``limit`` characters."""
    if isinstance(block, Table):
        return replace(block, rows=tuple(tuple(clip(c, limit) for c in row) for row in block.rows),
                       columns=tuple(clip(c, limit) for c in block.columns))
    if isinstance(block, Bullets):
        return replace(block, items=tuple(clip(t, limit) for t in block.items))
    if isinstance(block, Paragraph):
        return replace(block, text=clip(block.text, limit))
    if isinstance(block, Metrics):
        return replace(block, items=tuple(replace(m, label=clip(m.label, limit), value=clip(m.value, limit),
                                                  detail=clip(m.detail, limit)) for m in block.items))
    return block
