"""The workbook behind a deck's chart, written directly: the same members python-pptx's XlsxWriter writes.

python-pptx writes each chart's embedded workbook through XlsxWriter, about a millisecond and a quarter a
chart, most of it on parts that are the same for every chart (theme, styles, workbook, properties). Here
XlsxWriter writes one small workbook per number format a worker meets; every chart's workbook is that one's
parts with its own sheet and shared strings, written as XlsxWriter writes them. Data XlsxWriter would treat
specially (formulas, links, empty or padded text, control characters, dates, nested categories) goes through
XlsxWriter itself. The members are zipped without compression: the deck's writer re-zips every embedded
workbook reproducibly (:func:`qbrgen.render.zipnorm.write_package`).
"""

from __future__ import annotations

import io
import math
import re
import zipfile

from pptx.chart.data import CategoryChartData

SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"
_PLAIN = re.compile(r"[^\x00-\x1F:]*")  # no control characters, and no colon (XlsxWriter's links have one)
_REFERENCE: dict[tuple, tuple] = {}  # number formats -> (XlsxWriter's members, category style, value styles)


class WorkbookChartData(CategoryChartData):
    """Chart data whose workbook is written directly where it can be (:func:`workbook`)."""

    @property
    def xlsx_blob(self) -> bytes:
        return workbook(self) or super().xlsx_blob


def workbook(data: CategoryChartData) -> bytes | None:
    """Return the workbook of ``data`` as XlsxWriter would write it, or None where XlsxWriter should."""
    categories = data.categories
    if categories.depth != 1 or categories.are_dates or categories.are_numeric:
        return None
    names = [c.label for c in categories]
    series = list(data)
    if not names or not series or not all(_plain(n) for n in names + [s.name for s in series]):
        return None
    if not all(v is None or (type(v) in (int, float) and math.isfinite(v)) for s in series for v in s.values):
        return None
    if any(len(s.values) != len(names) for s in series):
        return None
    key = (categories.number_format, tuple(s.number_format for s in series))
    if key not in _REFERENCE:
        _REFERENCE[key] = _reference(data)
    members, cat_style, value_styles = _REFERENCE[key]
    shared: dict[str, int] = {}
    for text in names + [s.name for s in series]:
        shared.setdefault(text, len(shared))
    last = _column(len(series))
    spans = f"1:{len(series) + 1}"
    rows = [f'<row r="1" spans="{spans}">'
            + "".join(f'<c r="{_column(i + 1)}1" t="s"><v>{shared[s.name]}</v></c>' for i, s in enumerate(series))
            + "</row>"]
    for r, name in enumerate(names, start=2):
        cells = [f'<c r="A{r}" s="{cat_style}" t="s"><v>{shared[name]}</v></c>']
        for i, s in enumerate(series):
            v = s.values[r - 2]
            ref = f"{_column(i + 1)}{r}"
            cells.append(f'<c r="{ref}" s="{value_styles[i]}"/>' if v is None
                         else f'<c r="{ref}" s="{value_styles[i]}"><v>{v:.16G}</v></c>')
        rows.append(f'<row r="{r}" spans="{spans}">{"".join(cells)}</row>')
    sheet = members[SHEET]
    head, tail = sheet[:sheet.index(b"<dimension ")], sheet[sheet.index(b"<sheetViews>"):]
    start, end = tail.index(b"<sheetData>") + len(b"<sheetData>"), tail.index(b"</sheetData>")
    tail = tail[:start] + "".join(rows).encode() + tail[end:]
    sheet = head + f'<dimension ref="A1:{last}{len(names) + 1}"/>'.encode() + tail
    strings = ("".join(f"<si><t>{_escape(t)}</t></si>" for t in shared))
    strings_xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                   b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
                   + f' count="{len(names) + len(series)}" uniqueCount="{len(shared)}">{strings}</sst>'.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for name, blob in members.items():
            z.writestr(name, sheet if name == SHEET else strings_xml if name == STRINGS else blob)
    return out.getvalue()


def _plain(text) -> bool:
    """Return whether XlsxWriter writes ``text`` as a plain shared string (no formula, link, blank or padding)."""
    return (isinstance(text, str) and text != "" and text == text.strip() and not text.startswith(("=", "{="))
            and len(text) < 1000 and _PLAIN.fullmatch(text) is not None)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _column(n: int) -> str:
    """Return the letters of column ``n`` (0: A)."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _reference(data: CategoryChartData) -> tuple:
    """Return (members, category cell style, value cell styles) of a one-row workbook XlsxWriter writes with
    ``data``'s number formats: everything but the sheet and its strings is the same for every chart."""
    sample = CategoryChartData(number_format=data.categories.number_format)
    sample.categories = ["a"]
    for i, s in enumerate(data):
        sample.add_series(f"s{i}", [1.0], s.number_format)
    with zipfile.ZipFile(io.BytesIO(sample.xlsx_blob)) as z:
        members = {name: z.read(name) for name in z.namelist()}
    sheet = members[SHEET].decode()
    cat_style = re.search(r'<c r="A2" s="(\d+)"', sheet).group(1)
    value_styles = [re.search(rf'<c r="{_column(i + 1)}2" s="(\d+)"', sheet).group(1) for i in range(len(data))]
    return members, cat_style, value_styles
