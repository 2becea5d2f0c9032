"""Renewal: shown only inside the renewal window; value first, then the price and the options."""

from qbrgen.document import Bullets, Metric, Metrics, Paragraph, Part
from qbrgen.sections.base import bridge_chart, framing_sentence, options_table
from qbrgen.sections.deck import titles

BLOCK = "plan"
WEIGHT = 2


def build(ctx):
    f = ctx.figures
    if not f.timeline.in_window:
        return ()
    r = f.renewal
    metrics = [Metric("Annual subscription today", ctx.money(r.arr)),
               Metric("Proposed increase", ctx.money(r.increase), f"{ctx.fmt.pct(r.increase_pct)} a year")]
    if r.documented_value:
        metrics.append(Metric("Documented value per year", ctx.money(r.documented_value),
                              f"{ctx.fmt.multiple(r.value_to_increase)} the increase" if r.value_to_increase else ""))
    notes = ("Start from the value on the earlier slides, then state the increase plainly and without apology. "
             "Link it to what was delivered since the last contract. "
             f"Renewal date: {ctx.date(f.timeline.renewal_date)}.")
    parts = [Part("renewal", titles.renewal(ctx), blocks=(Metrics(tuple(metrics)), Paragraph(framing_sentence(ctx)),
                                                     bridge_chart(ctx)), notes=notes)]
    blocks = []
    if r.options:
        blocks.append(options_table(ctx))
    caps = ctx.account.renewal.new_capabilities
    if caps:
        blocks.append(Paragraph("Delivered since your last contract:", "muted"))
        blocks.append(Bullets(caps))
    if blocks:
        parts.append(Part("renewal-options", titles.renewal_options(ctx), blocks=tuple(blocks),
                          notes="Offer the multi-year option with price protection as the concession; "
                                "do not discount the one-year price."))
    return tuple(parts)
