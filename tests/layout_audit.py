"""Layout audit of a rendered deck: read each slide's shape geometry and run sizes, report what a designer would.

``audit(path_or_bytes) -> list[str]`` returns one line per problem (an empty list: the deck passes):

- a content slide's content shapes cover less than 40% of its content area;
- two content shapes overlap;
- a shape lies (partly) outside the slide;
- body text is smaller than 12 pt (footers, the section tracker and chart axis labels excepted);
- a text (titles and table cells included) does not reach 4.5:1 (3:1 for a title or large text) against what
  lies under it: its own fill (a cell's fill), a filled shape drawn before it, a picture under it (by its
  average colour), else the slide's background (slide, layout and master, pictures by average colour);
- a text is cut with an ellipsis ("…"), or a title ends in one;
- a text box's text, measured, needs more height than the box has (its own box, not the slide).

Content shapes are every shape except the slide's chrome: its title (a title placeholder or a shape
named ``qbrgen:title``) and the shapes qbrgen names as chrome (:data:`CHROME`). A slide whose
shapes are all chrome, or that carries a ``qbrgen:cover*`` shape, is a cover and has no content area.
The content area lies between the lowest header chrome (title, overline, tracker) and the highest
footer chrome (or 8% above the slide's bottom edge), and between the title's left edge and the
same margin on the right.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn

PT = 12700
MIN_COVER = 0.40
MIN_BODY_PT = 12.0
TOLERANCE = 0.5  # points: rounding to EMU and table rows PowerPoint grows by a hair
HEADER = {"qbrgen:title", "qbrgen:overline", "qbrgen:tracker", "qbrgen:rule"}
FOOTER = {"qbrgen:footer", "qbrgen:page", "qbrgen:internal", "qbrgen:source"}
CHROME = HEADER | FOOTER
SMALL_ALLOWED = {"qbrgen:footer", "qbrgen:page", "qbrgen:tracker", "qbrgen:internal", "qbrgen:source"}
_TITLES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE}


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def area(self) -> float:
        return max(0.0, self.x1 - self.x0) * max(0.0, self.y1 - self.y0)

    def clip(self, other: Rect) -> Rect:
        return Rect(max(self.x0, other.x0), max(self.y0, other.y0), min(self.x1, other.x1), min(self.y1, other.y1))

    def overlaps(self, other: Rect) -> bool:
        inter = self.clip(other)
        return inter.x1 - inter.x0 > TOLERANCE and inter.y1 - inter.y0 > TOLERANCE


def _rect(shape) -> Rect | None:
    if shape.left is None or shape.top is None or shape.width is None or shape.height is None:
        return None
    x, y = shape.left / PT, shape.top / PT
    return Rect(x, y, x + shape.width / PT, y + shape.height / PT)


def _is_title(shape) -> bool:
    if shape.name == "qbrgen:title":
        return True
    if shape.is_placeholder:
        try:
            return shape.placeholder_format.type in _TITLES
        except ValueError:
            return False
    return False


def union_area(rects: list[Rect]) -> float:
    """Return the area covered by ``rects`` (overlaps counted once), by coordinate compression."""
    xs = sorted({v for r in rects for v in (r.x0, r.x1)})
    total = 0.0
    for left, right in zip(xs, xs[1:], strict=False):
        spans = sorted((r.y0, r.y1) for r in rects if r.x0 <= left and r.x1 >= right)
        covered, top, bottom = 0.0, None, None
        for y0, y1 in spans:
            if bottom is None or y0 > bottom:
                if bottom is not None:
                    covered += bottom - top
                top, bottom = y0, y1
            else:
                bottom = max(bottom, y1)
        if bottom is not None:
            covered += bottom - top
        total += covered * (right - left)
    return total


def _run_sizes(element):
    """Yield (size in points, where) of every run and default run property with an explicit size."""
    for tag in ("a:rPr", "a:defRPr"):
        for rpr in element.iter(qn(tag)):
            sz = rpr.get("sz")
            if sz is not None:
                yield int(sz) / 100, rpr


def _chart_small_text(chart_part) -> list[float]:
    """Return the text sizes below the minimum in a chart, except its axes' tick labels."""
    space = chart_part._element  # noqa: SLF001 - the chart XML
    # the set holds the elements themselves: an lxml proxy's id() is reused once the proxy is freed
    axes = {el for tag in ("c:catAx", "c:valAx", "c:dateAx", "c:serAx") for ax in space.iter(qn(tag))
            for el in ax.iter()}
    sizes = [size for size, el in _run_sizes(space) if el not in axes]
    return [s for s in sizes if s < MIN_BODY_PT]


def content_area(shapes, slide_w: float, slide_h: float) -> Rect:
    """Return the content area of a slide from its chrome (see the module docstring)."""
    header = [r for s in shapes if (s.name in HEADER or _is_title(s)) and (r := _rect(s)) is not None]
    footer = [r for s in shapes if s.name in FOOTER and (r := _rect(s)) is not None]
    titles = [r for s in shapes if _is_title(s) and (r := _rect(s)) is not None]
    left = min((r.x0 for r in titles), default=0.045 * slide_w)
    top = max((r.y1 for r in header), default=0.15 * slide_h)
    bottom = min((r.y0 for r in footer), default=0.92 * slide_h)
    return Rect(left, top, slide_w - left, bottom)


BODY_RATIO, LARGE_RATIO = 4.5, 3.0
OVERFLOW = 2.0  # points a text may need beyond its box (rounding)


def _fill(shape, palette) -> str | None:
    """Return the solid colour a shape fills itself with (RRGGBB), or None."""
    sp_pr = shape._element.find(qn("p:spPr"))  # noqa: SLF001
    fill = sp_pr.find(qn("a:solidFill")) if sp_pr is not None else None
    return palette.fill_colour(fill) if fill is not None else None


def _picture_colour(shape) -> str | None:
    from qbrgen.render.ooxml_color import picture_colour

    try:
        return picture_colour(shape.image.blob)
    except (AttributeError, ValueError, KeyError):
        return None


def _text_colours(shape, palette, default: str):
    """Yield (colour, size, bold) of every run of ``shape`` (its explicit colour, else ``default``)."""
    for para in shape.text_frame.paragraphs:
        for run in para.runs:
            if not run.text.strip():
                continue
            rpr = run._r.find(qn("a:rPr"))  # noqa: SLF001
            fill = rpr.find(qn("a:solidFill")) if rpr is not None else None
            colour = (palette.fill_colour(fill) if fill is not None else None) or default
            size = run.font.size.pt if run.font.size is not None else 18.0
            yield colour, size, bool(run.font.bold)


def text_problems(prs, slide, where: str, brand) -> list[str]:
    """Return the contrast, ellipsis and overflow problems of the texts on ``slide``."""
    from qbrgen.render.ooxml_color import contrast
    from qbrgen.render.textfit import wrap

    layout = slide.slide_layout
    palette = brand.palette(layout)
    background = brand.background(layout)
    title_default = brand.title_colour(layout) or _own_title(brand, layout) or "000000"
    body_default = brand.body_colour(layout)
    problems = []
    shapes = list(_flat(slide.shapes))
    def below(i: int, r: Rect | None) -> str:
        """Return the colour under shape ``i``: the last filled shape or picture drawn before it that covers
        half of it, else the slide's background."""
        under = background
        for other in shapes[:i] if r is not None else ():
            ro = _rect(other)
            if ro is None or not ro.overlaps(r) or ro.clip(r).area < 0.5 * r.area:
                continue
            colour = _picture_colour(other) if other.shape_type == MSO_SHAPE_TYPE.PICTURE else _fill(other, palette)
            under = colour or under
        return under

    for i, shape in enumerate(shapes):
        if shape.has_table:
            problems.extend(_cell_problems(shape, palette, below(i, _rect(shape)), body_default, where))
    for i, shape in enumerate(shapes):
        if not shape.has_text_frame or not shape.text_frame.text.strip():
            continue
        r = _rect(shape)
        title = _is_title(shape)
        text = shape.text_frame.text
        if "…" in text:
            problems.append(f"{where}: {shape.name} is cut with an ellipsis ({text[-30:]!r})")
        under = _fill(shape, palette)
        if under is None and r is not None:
            under = below(i, r)
        for colour, size, bold in _text_colours(shape, palette, title_default if title else body_default):
            need = LARGE_RATIO if title or size >= 18 or (bold and size >= 14) else BODY_RATIO
            if under and contrast(colour, under) < need - 0.01:
                problems.append(f"{where}: {shape.name} text {colour} on {under} is "
                                f"{contrast(colour, under):.2f}:1 (at least {need:g}:1)")
                break
        if shape.is_placeholder and not title:
            continue  # a template's own body placeholder may autofit
        tf = shape.text_frame
        width = (shape.width - (tf.margin_left or 0) - (tf.margin_right or 0)) / PT
        height = (shape.height - (tf.margin_top or 0) - (tf.margin_bottom or 0)) / PT
        need = 0.0
        for para in tf.paragraphs:
            size = next((run.font.size.pt for run in para.runs if run.font.size is not None), 18.0)
            bold = any(run.font.bold for run in para.runs)
            need += len(wrap(para.text, width, size, bold)) * size * 1.2
        if need > height + OVERFLOW and shape.name not in SMALL_ALLOWED:
            problems.append(f"{where}: {shape.name} needs {need:.0f} pt of text height, its box has {height:.0f}")
    return problems


def _cell_problems(shape, palette, background: str, default: str, where: str) -> list[str]:
    """Return the contrast problems of a table's cells: each run against its cell's fill, else the slide's."""
    from qbrgen.render.ooxml_color import contrast

    problems = []
    for r, row in enumerate(shape.table.rows):
        for c, cell in enumerate(row.cells):
            tc_pr = cell._tc.find(qn("a:tcPr"))  # noqa: SLF001
            fill = tc_pr.find(qn("a:solidFill")) if tc_pr is not None else None
            under = (palette.fill_colour(fill) if fill is not None else None) or background
            for colour, size, bold in _text_colours(cell, palette, default):
                need = LARGE_RATIO if size >= 18 or (bold and size >= 14) else BODY_RATIO
                if under and contrast(colour, under) < need - 0.01:
                    problems.append(f"{where}: {shape.name} cell ({r}, {c}) text {colour} on {under} is "
                                    f"{contrast(colour, under):.2f}:1 (at least {need:g}:1)")
                    break
    return problems


def _flat(shapes):
    """Yield every shape, those inside groups too (in drawing order; a group's children have slide positions
    in the decks qbrgen draws, whose groups are not scaled)."""
    for shape in shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _flat(shape.shapes)
        else:
            yield shape


def _own_title(brand, layout) -> str | None:
    from qbrgen.render.ooxml_color import placeholder_rpr, style_rpr, text_colour

    master = layout.slide_master.element
    return text_colour(brand.palette(layout), placeholder_rpr(layout.element, ("title", "ctrTitle")),
                       placeholder_rpr(master, ("title", "ctrTitle")), style_rpr(master, "titleStyle"))


def audit(source: str | Path | bytes) -> list[str]:
    """Return the layout problems of the deck at ``source`` (a path or the file's bytes), one line each."""
    from qbrgen.brandkit import fonts
    from qbrgen.render.pptx.brand import Brand
    from qbrgen.render.textfit import measuring

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    prs = Presentation(io.BytesIO(data))
    slide_w, slide_h = prs.slide_width / PT, prs.slide_height / PT
    page = Rect(0, 0, slide_w, slide_h)
    problems = []
    brand = Brand(prs)
    typefaces = brand.typefaces()
    face = fonts.measure_face(typefaces) if typefaces else fonts.face("Calibri")
    for n, slide in enumerate(prs.slides, 1):
        shapes = list(slide.shapes)
        where = f"slide {n}"
        with measuring(face):
            problems.extend(text_problems(prs, slide, where, brand))
        for shape in shapes:
            r = _rect(shape)
            if r is not None and page.clip(r).area < r.area - TOLERANCE * max(r.x1 - r.x0, r.y1 - r.y0):
                problems.append(f"{where}: {shape.name} lies outside the slide")
            if shape.name in SMALL_ALLOWED:
                continue
            if shape.has_chart:
                small = _chart_small_text(shape.chart.part)
                if small:
                    problems.append(f"{where}: {shape.name} has chart text at {min(small):g} pt")
                continue
            element = shape._element  # noqa: SLF001 - text boxes, tables and groups alike
            small = [size for size, _ in _run_sizes(element) if size < MIN_BODY_PT]
            if small:
                problems.append(f"{where}: {shape.name} has text at {min(small):g} pt")
        cover = any(s.name.startswith("qbrgen:cover") for s in shapes)
        content = [(s, r) for s in shapes if s.name not in CHROME and not _is_title(s)
                   and (r := _rect(s)) is not None]
        if cover or not content:
            continue
        area = content_area(shapes, slide_w, slide_h)
        for i, (a, ra) in enumerate(content):
            for b, rb in content[i + 1:]:
                if ra.overlaps(rb):
                    problems.append(f"{where}: {a.name} overlaps {b.name}")
        covered = union_area([area.clip(r) for _, r in content if area.clip(r).area > 0])
        share = covered / area.area if area.area else 0.0
        if share < MIN_COVER:
            problems.append(f"{where}: content covers {share:.0%} of the content area (at least {MIN_COVER:.0%})")
    return problems
