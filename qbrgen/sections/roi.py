"""The one-screen ROI summary of ``qbrgen roi``: documented value, price, value multiple and ROI, each named."""

from __future__ import annotations

from qbrgen.analysis.lint import when
from qbrgen.sections.base import framing_sentence
from qbrgen.sections.document import Document, Metric, Metrics, Paragraph, Part, Table


def roi_document(ctx) -> Document:
    """Return the ROI summary of one account (a build context) as a small document."""
    f = ctx.figures
    rows = [(o.outcome, ctx.money(o.annual_value) if o.annual_value is not None else "not quantified")
            for o in f.outcomes]
    rows.append(("Documented value per year", ctx.money(f.documented_value)))
    table = Table(("Outcome", "Value per year"), tuple(rows), align=("left", "right"), emphasis_last_row=True)
    metrics = [Metric("Price per year (ARR)", ctx.money(f.arr))]
    if f.value_multiple is not None:
        metrics.append(Metric("Value multiple (documented value ÷ ARR)", ctx.fmt.multiple(f.value_multiple)))
        metrics.append(Metric("Return on investment ((documented value − ARR) ÷ ARR)",
                              ctx.fmt.percent(f.value_multiple - 1)))
    blocks: list = [table, Metrics(tuple(metrics))]
    if f.documented_value < f.arr:
        blocks.append(Paragraph(
            f"Documented value is below the price: the customer pays {ctx.money(f.arr)} a year for "
            f"{ctx.money(f.documented_value)} of documented value. Document more outcomes, or the renewal is "
            "argued on price alone.", "lead"))
    blocks.append(Paragraph(framing_sentence(ctx)))
    if f.renewal.over_cap:
        blocks.append(Paragraph(f"Warning: the increase is above the contractual cap of "
                                f"{ctx.fmt.pct(f.renewal.cap_pct)}.", "lead"))
    tl = f.timeline
    blocks.append(Paragraph(f"Renewal on {ctx.date(tl.renewal_date)}: {when(tl.days_left)}."))
    return Document("roi", "internal", f"{ctx.customer}: return on investment",
                    f"as of {ctx.date(ctx.as_of)}", (Part("roi", "Documented value", blocks=tuple(blocks)),), ())
