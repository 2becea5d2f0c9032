"""Where content may go on a template's layout: its region less everything the layout and master draw.

A layout's pictures, logos, decorative shapes and free text (and its master's, unless the layout
hides them) are obstacles; the usable content area is the largest rectangle of the region that
touches none of them, with a small margin. Works on the raw XML of the layout and master, in points.
"""

from __future__ import annotations

from dataclasses import dataclass

from qbrgen.render.ooxml_color import A, P

PT = 12700  # EMU per point
MARGIN = 6.0  # points kept clear around every obstacle


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def area(self) -> float:
        return max(0.0, self.w) * max(0.0, self.h)

    def grow(self, d: float) -> Rect:
        return Rect(self.x - d, self.y - d, self.w + 2 * d, self.h + 2 * d)

    def overlaps(self, other: Rect) -> bool:
        return (self.x < other.x + other.w and other.x < self.x + self.w
                and self.y < other.y + other.h and other.y < self.y + self.h)


def _rect(xfrm) -> Rect | None:
    if xfrm is None:
        return None
    off, ext = xfrm.find(f"{{{A}}}off"), xfrm.find(f"{{{A}}}ext")
    if off is None or ext is None:
        return None
    try:
        return Rect(int(off.get("x", 0)) / PT, int(off.get("y", 0)) / PT,
                    int(ext.get("cx", 0)) / PT, int(ext.get("cy", 0)) / PT)
    except ValueError:
        return None


def _is_placeholder(shape) -> bool:
    return any(True for _ in shape.iterfind(f"./*/{{{P}}}nvPr/{{{P}}}ph"))


def _visible_sp(sp) -> bool:
    """Return whether a ``p:sp`` draws anything: text, a fill or an outline (its own or from its style)."""
    if "".join(t.text or "" for t in sp.iter(f"{{{A}}}t")).strip():
        return True
    sp_pr = sp.find(f"{{{P}}}spPr")
    style = sp.find(f"{{{P}}}style")
    has_fill = sp_pr is not None and any(sp_pr.find(f"{{{A}}}{k}") is not None
                                         for k in ("solidFill", "gradFill", "blipFill", "pattFill"))
    no_fill = sp_pr is not None and sp_pr.find(f"{{{A}}}noFill") is not None
    ln = sp_pr.find(f"{{{A}}}ln") if sp_pr is not None else None
    has_line = ln is not None and ln.find(f"{{{A}}}noFill") is None and len(ln)
    styled = style is not None and not no_fill
    return bool(has_fill or has_line or styled)


def drawn_shapes(container, slide_w: float, slide_h: float) -> list[tuple[str, Rect]]:
    """Return (kind, rectangle) of every non-placeholder shape a layout or master draws on top level.

    Kinds: ``picture`` (pictures, and graphic frames), ``background`` (a shape without text covering
    most of the slide: a coloured backdrop, not an obstacle), ``shape`` (everything else).
    """
    tree = container.find(f"{{{P}}}cSld/{{{P}}}spTree")
    out: list[tuple[str, Rect]] = []
    if tree is None:
        return out
    slide = slide_w * slide_h
    for shape in tree:
        tag = shape.tag.split("}")[-1]
        if tag not in ("sp", "pic", "grpSp", "graphicFrame", "cxnSp") or _is_placeholder(shape):
            continue
        if tag == "grpSp":
            rect = _rect(shape.find(f"{{{P}}}grpSpPr/{{{A}}}xfrm"))
        elif tag == "graphicFrame":
            rect = _rect(shape.find(f"{{{P}}}xfrm"))
        else:
            rect = _rect(shape.find(f"{{{P}}}spPr/{{{A}}}xfrm"))
        if rect is None or rect.w <= 0 and rect.h <= 0:
            continue
        if tag == "sp" and not _visible_sp(shape):
            continue
        kind = "picture" if tag in ("pic", "graphicFrame") else "shape"
        has_text = any((t.text or "").strip() for t in shape.iter(f"{{{A}}}t"))
        if kind == "shape" and not has_text and rect.area >= 0.85 * slide:
            kind = "background"
        out.append((kind, rect))
    return out


def obstacles(layout, master, slide_w: float, slide_h: float, skip_full: bool = False) -> list[Rect]:
    """Return the rectangles content must avoid on ``layout``: its drawn shapes and, unless it hides them,
    its master's. ``skip_full`` leaves out pictures covering most of the slide (drawn over with a panel)."""
    containers = [layout]
    if master is not None and layout.get("showMasterSp") != "0":
        containers.append(master)
    slide = slide_w * slide_h
    found = []
    for container in containers:
        for kind, rect in drawn_shapes(container, slide_w, slide_h):
            if kind == "background" or (skip_full and kind == "picture" and rect.area >= 0.6 * slide):
                continue
            found.append(rect)
    return found


def free_box(region: Rect, blocked: list[Rect], margin: float = MARGIN) -> Rect:
    """Return the largest rectangle inside ``region`` that overlaps none of ``blocked`` (grown by ``margin``)."""
    grown = [b.grow(margin) for b in blocked if b.grow(margin).overlaps(region)]
    if not grown:
        return region
    ys = sorted({region.y, region.y + region.h,
                 *(min(max(v, region.y), region.y + region.h) for b in grown for v in (b.y, b.y + b.h))})
    best = Rect(region.x, region.y, 0.0, 0.0)
    for i, y0 in enumerate(ys):
        for y1 in ys[i + 1:]:
            band = Rect(region.x, y0, region.w, y1 - y0)
            cuts = sorted((max(b.x, region.x), min(b.x + b.w, region.x + region.w))
                          for b in grown if b.overlaps(band))
            x = region.x
            for x0, x1 in [*cuts, (region.x + region.w, region.x + region.w)]:
                if x0 - x > 0 and (x0 - x) * (y1 - y0) > best.area:
                    best = Rect(x, y0, x0 - x, y1 - y0)
                x = max(x, x1)
    return best
