"""A document as text for a terminal, with rich: tables whose figures are never cut.

The only importer of rich. Widths are measured in terminal cells, so East Asian wide characters
line up. A column of figures never wraps; text columns wrap at spaces, and no word holding a
digit is ever split. When even that cannot fit the width, each row is printed as a list of
``column: value`` lines instead of a table.
"""

from __future__ import annotations

import io
import re

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from qbrgen.sections.document import Bullets, Document, Metrics, Paragraph, Table

PADDING = 2  # one cell each side of a column, none at the table's outer edges
MIN_TEXT = 8  # a text column is not squeezed below this many cells unless its words are shorter
FIGURE = re.compile(r"\d")


def render_text(document: Document, width: int | None = None, color: bool = False) -> str:
    """Return ``document`` as terminal text, ``width`` cells wide (default: the terminal's width)."""
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False, markup=False, soft_wrap=False)
    console.print(Text(f"{document.title} · {document.subtitle}", style="bold"))
    for part in document.parts:
        if part.layout == "title":
            continue
        console.print()
        console.print(Text(part.title, style="bold underline"))
        for block in part.blocks:
            _block(console, block)
    return out.getvalue()


def _block(console: Console, block) -> None:
    if isinstance(block, Table):
        _table(console, block)
    elif isinstance(block, Metrics):
        for m in block.items:
            line = Text.assemble((f"{m.label}: ", "bold"), m.value, (f" ({m.detail})" if m.detail else "", "dim"))
            console.print(line)
    elif isinstance(block, Paragraph):
        console.print(Text(block.text, style="bold" if block.style == "lead" else ""))
    elif isinstance(block, Bullets):
        for item in block.items:
            console.print(Text(f"- {item}"))


def _is_figure_column(block: Table, index: int) -> bool:
    align = block.align[index] if index < len(block.align) else "left"
    cells = [row[index] for row in block.rows if row[index] not in ("", "—")]
    short_figures = bool(cells) and all(FIGURE.search(c) and cell_len(c) <= 16 for c in cells)
    return align == "right" or short_figures


def _minimum(block: Table, index: int, figure: bool) -> int:
    """Return the fewest cells column ``index`` needs so that no figure in it is cut.

    A figure column needs its widest value on one line (its heading may wrap); a text column needs
    its longest word holding a digit, and a few cells more when its words allow.
    """
    cells = [block.columns[index], *(row[index] for row in block.rows)]
    heading = max((cell_len(w) for w in cells[0].split()), default=1)
    if figure:
        return max([heading, *(cell_len(c) for c in cells[1:])])
    words = [w for c in cells for w in c.split()]
    longest_figure = max((cell_len(w) for w in words if FIGURE.search(w)), default=0)
    longest_word = max((cell_len(w) for w in words), default=1)
    return max(longest_figure, min(longest_word, MIN_TEXT))


def column_widths(block: Table, width: int) -> list[int] | None:
    """Return content widths that fit ``width`` without cutting a figure, or None when none do.

    Figure columns keep their full width; the widest text column gives way first, down to its minimum.
    """
    n = len(block.columns)
    figures = [_is_figure_column(block, i) for i in range(n)]
    full = [max(cell_len(c) for c in (block.columns[i], *(row[i] for row in block.rows))) for i in range(n)]
    minimum = [min(full[i], _minimum(block, i, figures[i])) for i in range(n)]
    available = width - (n - 1) - PADDING * (n - 1)  # a rule between columns, padding inside the edges
    if sum(minimum) > available:
        return None
    widths = list(full)
    while sum(widths) > available:
        shrinkable = [i for i in range(n) if widths[i] > minimum[i]]
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
    return widths


def _table(console: Console, block: Table) -> None:
    widths = column_widths(block, console.width)
    if widths is None:
        _records(console, block)
        return
    table = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold cyan",
                      padding=(0, 1), collapse_padding=False)
    for i, (name, w) in enumerate(zip(block.columns, widths, strict=True)):
        align = block.align[i] if i < len(block.align) else "left"
        table.add_column(name, width=w, justify=align, overflow="fold")
    for row in block.rows:
        table.add_row(*row)
    console.print(table)
    console.print()


def _records(console: Console, block: Table) -> None:
    """Print each row as 'column: value' lines: for tables too wide for the terminal."""
    for row in block.rows:
        for name, value in zip(block.columns, row, strict=True):
            console.print(Text.assemble((f"{name}: ", "bold"), value))
        console.print()


class LiveProgress:
    """rich's live progress bar on stderr for a build; lines printed through :meth:`echo` appear above the
    bar, whole, never inside it. The bar disappears when the build ends."""

    def __init__(self, total: int, label: str = "building") -> None:
        import sys

        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                             console=Console(file=sys.stderr), transient=True)
        self._task = self._bar.add_task(label, total=total)
        self._bar.start()

    def echo(self, line: str) -> None:
        self._bar.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def advance(self) -> None:
        self._bar.update(self._task, advance=1)

    def stop(self) -> None:
        self._bar.stop()
