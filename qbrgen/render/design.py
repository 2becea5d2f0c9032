"""The built-in proposal's design system, read from one place: the ``:root`` custom properties and the ``@page``
margins of ``templates/proposal/proposal.css``. WeasyPrint reads them there for the PDF; the DOCX styles
(:mod:`qbrgen.render.docx.design`) read them through :func:`tokens`, so the two files share one cover, one type
scale, one set of colours and one table style.

Sizes are points, colours RRGGBB without '#'. The theme's primary and accent colours (the workspace's or the
built-in navy and orange) come from the workspace, not from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_ROOT = re.compile(r":root\s*\{([^}]*)\}")
_PAGE_MARGIN = re.compile(r"@page\s*\{[^{}]*?margin:\s*([^;]+);")
_UNITS = {"pt": 1.0, "mm": 72 / 25.4, "px": 0.75}


@dataclass(frozen=True)
class Design:
    """The design tokens (points; colours RRGGBB)."""

    ink: str  # body text
    muted: str  # notes, subtitles, running heads, captions
    rule: str  # hairlines between table rows
    fill: str  # table header rows and metric cards
    title: float
    subtitle: float
    h1: float
    h2: float
    lead: float
    body: float
    table: float
    note: float
    small: float
    metric: float
    line: float  # line height, a multiple of the font size
    para_after: float
    h1_before: float
    h1_after: float
    list_indent: float
    pad_x: float
    pad_y: float
    header_rule: float
    row_rule: float
    cover_top: float
    bar_w: float
    bar_h: float
    margins: tuple[float, float, float, float]  # top, right, bottom, left


def _value(text: str) -> str | float:
    text = text.strip()
    if text.startswith("#"):
        return text[1:].upper()
    match = re.fullmatch(r"(-?[\d.]+)(pt|mm|px)?", text)
    if not match:
        raise ValueError(f"proposal.css: a design token qbrgen cannot read: {text!r}")
    return float(match.group(1)) * _UNITS.get(match.group(2) or "", 1.0)


@lru_cache(maxsize=1)
def tokens() -> Design:
    """Return the design of the built-in proposal, read from its stylesheet (once per process)."""
    from qbrgen.render.assets import templates_dir

    css = (templates_dir() / "proposal" / "proposal.css").read_text(encoding="utf-8")
    root = _ROOT.search(css)
    page = _PAGE_MARGIN.search(css)
    if root is None or page is None:
        raise ValueError("proposal.css: the :root design tokens or the @page margin are missing")
    values = {}
    for declaration in root.group(1).split(";"):
        if declaration.strip().startswith("--"):
            name, _, value = declaration.strip()[2:].partition(":")
            values[name.strip().replace("-", "_")] = _value(value)
    margins = tuple(float(_value(m)) for m in page.group(1).split())
    margins = (margins * 4)[:4] if len(margins) == 1 else margins
    fields = Design.__dataclass_fields__
    return Design(**{k: v for k, v in values.items() if k in fields}, margins=margins)  # type: ignore[arg-type]
