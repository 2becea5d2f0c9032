"""The price bridge: a waterfall drawn as shapes, today's price to the renewal, step by step.

Each bar stands where the running total puts it on one scale from zero (no axis to read: every bar
carries its amount above it), a hairline connects each bar's end to the next bar, the totals (today,
the renewal, with the optional expansion) stand on the baseline in the primary colour, the steps in the
accent, and optional scope as an outline only. Every label sits on white above or below its bar, so it
reads at 4.5:1 whatever the bar's colour. Drawn as one group of editable shapes.
"""

from __future__ import annotations

from qbrgen.render.pptx import shapes
from qbrgen.render.pptx.fit import CLIP, Box
from qbrgen.render.pptx.shapes import INK, MUTED, RULE, WHITE, Look
from qbrgen.render.textfit import clip, text_height, wrap
from qbrgen.sections.document import Chart

CAPTION, VALUE, LABEL = 13.0, 13.0, 12.0  # the caption, each bar's amount, and the bar's name (the annotation)
BAR_SHARE = 0.56  # of each bar's slot
MIN_BAR = 3.0  # points: a small step stays visible


def bars(block: Chart) -> list[tuple[float, float, bool]]:
    """Return (bottom, top, stands on the baseline) of each bar in ``block``'s values."""
    values = [float(v) for v in block.series[0].values]
    totals = set(block.totals or (0, len(values) - 1))
    out, running = [], 0.0
    for i, v in enumerate(values):
        if i in totals:
            out.append((0.0, v, True))
            running = v
        else:
            out.append((running, running + v, False))
            running += v
    return out


def amount_label(block: Chart, i: int, bottom: float, top: float, total: bool) -> str:
    """Return the amount written above bar ``i``: a step says its direction (+$20K), a total its amount."""
    label = block.labels[i] if block.labels else f"{top - bottom:,.0f}"
    if total or label[:1] in "+-−":
        return label
    return ("+" if top >= bottom else "−") + label


def draw(slide, look: Look, block: Chart, area: Box) -> None:
    """Draw ``block`` (a waterfall) in ``area`` as a group named ``qbrgen:bridge``."""
    n = len(block.categories)
    grp = shapes.group(slide, "qbrgen:bridge", area)
    if look.custom:  # the template's background may be dark or a photo: the bridge sits on white
        shapes.rect(grp, area, WHITE, "qbrgen:bridge-card")
    caption = clip(block.title, CLIP["metric"])
    cap_h = text_height(caption, area.w, CAPTION, True) + 4
    shapes.text(grp, look, Box(area.x, area.y, area.w, cap_h), caption, CAPTION, bold=True,
                color=INK if look.custom else MUTED, name="qbrgen:bridge-caption")
    slot = area.w / n
    bar_w = min(slot * BAR_SHARE, 140.0)
    label_w = slot - 8
    names = [clip(c, CLIP["metric"]) for c in block.categories]
    label_h = max(len(wrap(t, label_w, LABEL, True)) for t in names) * LABEL * 1.2  # totals are bold
    value_h = VALUE * 1.2 + 4
    base_y = area.y + area.h - label_h - 6
    plot_top = area.y + cap_h + value_h + 4
    spans = bars(block)
    high = max(max(b, t) for b, t, _ in spans) or 1.0
    height = max(20.0, base_y - plot_top)

    def y_of(v: float) -> float:
        return base_y - height * max(0.0, v) / high

    shapes.rect(grp, Box(area.x, base_y, area.w, 1), RULE, "qbrgen:bridge-baseline")
    for i, (bottom, top, total) in enumerate(spans):
        cx = area.x + slot * i + slot / 2
        y0, y1 = y_of(max(bottom, top)), y_of(min(bottom, top))
        if y1 - y0 < MIN_BAR:
            y0 = y1 - MIN_BAR
        optional = i in block.optional
        colour = look.primary if total else look.accent
        shapes.rect(grp, Box(cx - bar_w / 2, y0, bar_w, y1 - y0), None if optional else colour,
                    "qbrgen:bridge-bar", outline=look.accent if optional else None)
        shapes.text(grp, look, Box(cx - label_w / 2, y0 - value_h, label_w, value_h - 2),
                    amount_label(block, i, bottom, top, total), VALUE, bold=True, color=INK,
                    align=shapes.PP_ALIGN.CENTER, anchor=shapes.MSO_ANCHOR.BOTTOM, name="qbrgen:bridge-amount")
        shapes.text(grp, look, Box(cx - label_w / 2, base_y + 6, label_w, label_h), names[i], LABEL,
                    color=INK if total else MUTED, bold=total, align=shapes.PP_ALIGN.CENTER,
                    name="qbrgen:bridge-label")
        if i + 1 < n:  # a hairline from this bar's end to where the next one starts
            level = top
            nx = area.x + slot * (i + 1) + slot / 2 - bar_w / 2
            shapes.rect(grp, Box(cx + bar_w / 2, y_of(level) - 0.5, nx - cx - bar_w / 2, 1), RULE,
                        "qbrgen:bridge-connector")
