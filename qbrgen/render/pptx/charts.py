"""Native charts: a document Chart becomes python-pptx chart data, then an editable chart in the deck.

The data (:func:`chart_data`) is kept apart from drawing it on a slide (:func:`add_chart`), so the
same data and chart XML can serve a Word document too.
"""

from __future__ import annotations

import re
from copy import deepcopy

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Pt

from qbrgen.i18n import _, has_cjk, text_tag
from qbrgen.render.pptx.fit import CLIP, Box
from qbrgen.render.pptx.numfmt import locale_format
from qbrgen.render.pptx.shapes import INK, MUTED, Look, e, east_asian_font, text
from qbrgen.render.pptx.workbook import WorkbookChartData
from qbrgen.render.textfit import clip, has_wide, text_height
from qbrgen.sections.document import Chart

KINDS = {"line": XL_CHART_TYPE.LINE_MARKERS, "bar": XL_CHART_TYPE.BAR_CLUSTERED,
         "column": XL_CHART_TYPE.COLUMN_CLUSTERED, "waterfall": XL_CHART_TYPE.COLUMN_STACKED}


def number_format(block: Chart, locale: str) -> str:
    """Return ``block``'s number format with ``locale``'s own separators written into it, so the axis and the
    labels read the same (100.000 in a German deck) in any viewer, whatever its own language."""
    values = [abs(float(v)) for s in block.series for v in s.values if v is not None]
    if block.chart == "waterfall":
        values.append(sum(values))  # the stacked bars reach the running total
    return locale_format(block.number_format, locale, 2 * max(values, default=0.0))  # the axis runs past the top


def _category(category: str, label: str) -> str:
    if has_wide(category + label):  # East Asian viewers break a label anywhere: the amount on its own line
        return f"{category}\n{label}"
    # TRANSLATORS: a waterfall chart's bar label: what the step is, then its amount (like "Increase: $2,000")
    return _("{category}: {amount}", category=category, amount=label)


def chart_data(block: Chart, locale: str = "en_US", kind: type = CategoryChartData) -> CategoryChartData:
    """Return the chart data of ``block`` (as ``kind``): a waterfall is a stacked column over an invisible base
    series."""
    data = kind(number_format=number_format(block, locale))
    if block.chart == "waterfall" and block.labels:  # small steps cannot hold a label: name the amount below
        data.categories = [_category(c, lab) for c, lab in zip(block.categories, block.labels, strict=True)]
    else:
        data.categories = list(block.categories)
    _index_once(data.categories)
    if block.chart == "waterfall":
        values = [float(v) for v in block.series[0].values]
        bases, running = [], 0.0
        totals = set(block.totals or (0, len(values) - 1))
        for i, v in enumerate(values):
            bases.append(0.0 if i in totals else running)
            running = v if i in totals else running + v
        # TRANSLATORS: the name of a waterfall chart's invisible helper series (seen only in the chart's data)
        data.add_series(_("Base"), bases)
        data.add_series(block.series[0].name, values)
    else:
        for s in block.series:
            data.add_series(s.name, [None if v is None else float(v) for v in s.values])
    return data


def chart_part_xml(block: Chart, look: Look, workbook_rid: str | None = None) -> tuple[bytes, bytes]:
    """Return (chart XML, embedded workbook) of ``block`` for any Office package (the DOCX uses it).

    The same chart data, XML writer and styling as the deck's charts; ``workbook_rid`` is the
    relationship id under which the chart part will reach its workbook.
    """
    from lxml import etree
    from pptx.chart.chart import Chart as PptxChart
    from pptx.oxml import parse_xml

    data = chart_data(block, look.account_locale)
    space = parse_xml(data.xml_bytes(KINDS[block.chart]))
    style_chart(PptxChart(space, None), look, block)
    if workbook_rid is not None:
        external = space.makeelement(qn("c:externalData"), {qn("r:id"): workbook_rid})
        external.append(space.makeelement(qn("c:autoUpdate"), {"val": "0"}))
        space.append(external)
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True), data.xlsx_blob


def _index_once(categories) -> None:
    """Give python-pptx's flat category list a position map: its own lookup scans every category for each
    one it writes, which costs n^2 for n bars."""
    if any(c.depth != 1 for c in categories):
        return
    positions = {id(c): i for i, c in enumerate(categories)}
    categories.index = lambda category: positions[id(category)]


def add_chart(slide, look: Look, block: Chart, area: Box, scale: float) -> None:
    """Add ``block`` to ``slide`` in ``area``: its caption, then a native chart in the deck's colours."""
    data = chart_data(block, look.account_locale, WorkbookChartData)
    size = 13.0
    title = clip(block.title, CLIP["metric"])
    title_h = text_height(title, area.w, size, True) + 4  # the caption's box is measured like any other
    text(slide, look, Box(area.x, area.y, area.w, title_h), title, size, bold=True,
         color=look.ink if look.custom else MUTED)
    frame = slide.shapes.add_chart(KINDS[block.chart], e(area.x), e(area.y + title_h), e(area.w),
                                   e(max(40.0, area.h - title_h)), data)
    frame.name = "qbrgen:chart"
    style_chart(frame.chart, look, block)


def key_point(block: Chart) -> int | None:
    """Return the index of the bar the chart is about: the largest (bars) or the latest (columns)."""
    values = list(block.series[0].values) if len(block.series) == 1 else []
    if len(values) < 2:  # a lone bar has nothing to stand out from
        return None
    if block.chart == "bar" and values and all(v is not None for v in values):
        return max(range(len(values)), key=lambda i: values[i])
    if block.chart == "column" and values:
        return len(values) - 1
    return None


def style_chart(chart, look: Look, block: Chart) -> None:
    """Style ``chart`` (drawn from ``block``): data labels instead of gridlines, the key bar in the accent colour,
    the rest in the primary, value axes from zero for bars, on a white card."""
    _white_card(chart)
    chart.has_title = False
    chart.font.size = Pt(12)
    chart.font.color.rgb = INK  # on the white card, whatever the template's text colour
    if look.font:
        chart.font.name = look.font
    words = " ".join((*block.categories, *block.labels, *(s.name for s in block.series)))
    default = chart._chartSpace.txPr.find(qn("a:p")).find(qn("a:pPr")).find(qn("a:defRPr"))  # noqa: SLF001
    default.set("lang", text_tag(words, look.account_locale) if look.locale or has_cjk(words) else look.lang)
    if has_cjk(words) or look.east_asian:  # the chart's East Asian text in the deck's East Asian font
        latin = default.find(qn("a:latin"))
        ea = default.makeelement(qn("a:ea"), {"typeface": look.east_asian or east_asian_font(look.font, "ja")})
        if latin is not None:
            latin.addnext(ea)
        else:
            default.append(ea)
    code = number_format(block, look.account_locale)
    chart.has_legend = len(block.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    if block.chart in ("bar", "column", "waterfall"):
        plot.gap_width = 60
    if block.chart == "waterfall":
        plot.overlap = 100
        base = plot.series[0]
        base.format.fill.background()
        base.format.line.fill.background()
        shown = plot.series[1]
        shown.format.fill.solid()
        shown.format.fill.fore_color.rgb = look.primary
        totals = set(block.totals or (0, len(block.series[0].values) - 1))
        for i in range(len(block.series[0].values)):
            point = shown.points[i]
            if i in block.optional:  # optional scope: an outline only, never read as part of the price
                point.format.fill.background()
                point.format.line.color.rgb = look.accent
                point.format.line.width = Pt(1.5)
            elif i not in totals:
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = look.accent
    else:
        for s in plot.series:
            if block.chart == "line":
                s.format.line.color.rgb = look.primary
                s.format.line.width = Pt(2.5)
                s.smooth = False
            else:
                s.format.fill.solid()
                s.format.fill.fore_color.rgb = look.primary
        key = key_point(block)
        if key is not None:
            point = plot.series[0].points[key]
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = look.accent
        if len(plot.series) == 1:
            _labels(plot.series[0], block, code)
    va = chart.value_axis
    va.has_major_gridlines = False
    va.tick_labels.font.size = Pt(11)
    va.tick_labels.number_format = code
    va.tick_labels.number_format_is_linked = False
    va.format.line.fill.background()
    if block.chart != "line":
        va.minimum_scale = 0  # bars start at zero, or a small difference looks large
        va.visible = False  # every bar carries its own label
    chart.category_axis.tick_labels.font.size = Pt(11)
    chart.category_axis.format.line.color.rgb = RGBColor(0xC8, 0xCD, 0xD3)
    if block.chart == "bar":
        chart.category_axis.reverse_order = True


_LABELS: dict[tuple, object] = {}  # (chart kind, labelled, number format) -> a one-line label python-pptx wrote
_CONTROL = re.compile(r"[\x00-\x1F]")  # line breaks and characters python-pptx escapes: its own path writes them


def _labels(series, block: Chart, code: str) -> None:
    """Label the bars (every one) or the line (its first and last points) in 12 pt.

    Labels differ only in their point and text, so the first one-line label of each kind a worker writes is
    made by python-pptx (its setters cost about a millisecond a label, and its lookup of a point's label among
    all existing ones n^2 for n bars) and kept; every later one is a copy of it, added in order.
    """
    values = block.series[0].values
    if block.chart == "line":
        shown = [i for i in (0, len(values) - 1) if values[i] is not None]
    else:
        shown = [i for i, v in enumerate(values) if v is not None]
    key = (block.chart, bool(block.labels), code)
    previous = None
    for i in shown:
        label = block.labels[i] if block.labels else ""
        plain = not block.labels or (label and not _CONTROL.search(label))
        if plain and key in _LABELS:
            copy = deepcopy(_LABELS[key])
            copy.find(qn("c:idx")).set("val", str(i))
            if block.labels:
                copy.find(".//" + qn("a:t")).text = label
            if previous is None:  # a series' first label: python-pptx's own (empty) group of labels, then it
                series._element.get_or_add_dLbls().insert(0, copy)  # noqa: SLF001 - no public access to it
            else:
                previous.addnext(copy)
            previous = copy
            continue
        _label(series, block, i, label, code)
        element = series.points[i].data_label._get_or_add_dLbl()  # noqa: SLF001 - no public access to it
        if plain and key not in _LABELS and (not block.labels or len(element.findall(".//" + qn("a:t"))) == 1):
            _LABELS[key] = deepcopy(element)
        previous = element


def _label(series, block: Chart, i: int, label: str, code: str) -> None:
    dl = series.points[i].data_label
    dl.has_text_frame = True
    dl.text_frame.text = label
    dl.text_frame.word_wrap = False  # an amount is one unit: "1,638万円", "280.000 €", never split over two lines
    if not block.labels:
        dl.has_text_frame = False
        dl.show_value = True
        dl.number_format = code
        dl.number_format_is_linked = False
    dl.position = {"bar": XL_LABEL_POSITION.OUTSIDE_END, "line": XL_LABEL_POSITION.ABOVE}.get(
        block.chart, XL_LABEL_POSITION.OUTSIDE_END)
    dl.font.size = Pt(12)
    dl.font.bold = True
    dl.font.color.rgb = INK
    for p in dl.text_frame.paragraphs if block.labels else ():
        for r in p.runs:
            r.font.size = Pt(12)
            r.font.bold = True
            r.font.color.rgb = INK


def _white_card(chart) -> None:
    """Give the chart a white background, so its dark series read on any template's background."""
    space = chart._chartSpace  # noqa: SLF001 - python-pptx exposes no chart-area fill
    sp_pr = space.find(qn("c:spPr"))
    if sp_pr is None:
        sp_pr = space.makeelement(qn("c:spPr"), {})
        space.find(qn("c:chart")).addnext(sp_pr)
    fill = sp_pr.makeelement(qn("a:solidFill"), {})
    fill.append(fill.makeelement(qn("a:srgbClr"), {"val": "FFFFFF"}))
    sp_pr.insert(0, fill)
