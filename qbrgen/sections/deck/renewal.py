"""Renewal: shown only inside the renewal window; value first, then the price and the options.

The price is set against documented value only once that value covers it and no open signal puts it
in doubt; until then the renewal is framed around the value plan: what we will measure, and by when.
"""

from qbrgen.sections.base import bridge_chart, framing_sentence, options_table, saving_basis, value_plan_sentence
from qbrgen.sections.deck import titles
from qbrgen.sections.document import Bullets, Metric, Metrics, Paragraph, Part

BLOCK = "plan"
WEIGHT = 2


def build(ctx):
    f = ctx.figures
    if not f.timeline.in_window:
        return ()
    r = f.renewal
    if r.flat:  # one price, shown once
        metrics = [Metric("Annual subscription, today and renewed", ctx.compact(r.arr), "a flat renewal: no increase")]
    else:
        metrics = [Metric("Annual subscription today", ctx.compact(r.arr)),
                   Metric("Proposed increase", ctx.compact(r.increase), f"{ctx.fmt.pct(r.increase_pct)} at renewal")]
    if f.value_proven:
        metrics.append(Metric("Documented value per year", ctx.compact(r.documented_value),
                              f"{ctx.fmt.multiple(r.value_to_increase)} the increase" if r.value_to_increase else ""))
    blocks = [Metrics(tuple(metrics))]
    if f.timeline.overdue:  # said on the slide, not only in the notes
        blocks.append(Paragraph(f"Your subscription passed its renewal date on {ctx.date(f.timeline.renewal_date)}; "
                                f"we propose the new term starts on {ctx.date(f.timeline.term_start)}."))
    blocks.append(Paragraph(framing_sentence(ctx)))
    if not f.value_proven:
        blocks.append(Paragraph(value_plan_sentence(ctx)))
    blocks.append(bridge_chart(ctx))
    when = ctx.date(f.timeline.signature_target)
    if f.timeline.overdue:
        notes = (f"The subscription is past its renewal date of {ctx.date(f.timeline.renewal_date)}. We propose "
                 f"the new term starts on {ctx.date(f.timeline.term_start)}, with signature by {when}.")
    else:
        notes = f"Walk through the price, then agree the steps to signature by {when}."
    if r.expansion:
        notes += " The expansion is optional and priced on its own, on top of the renewal."
    coaching = ("Start from the value on the earlier slides, then state the price plainly and without apology; "
                "link any increase to what was delivered since the last contract." if f.value_proven else
                "Value is not yet proven: do not justify the increase with value. Agree the value plan first.")
    if f.timeline.overdue:
        coaching = "Say plainly that the renewal date has passed. " + coaching
    parts = [Part("renewal", titles.renewal(ctx), blocks=tuple(blocks), notes=notes, coaching=coaching)]
    blocks = []
    if r.options:
        blocks.append(options_table(ctx))
        if any(o.saving for o in f.renewal.options):  # a saving the customer can check: say against what
            blocks.append(Paragraph(saving_basis(ctx), "muted"))
    caps = ctx.account.renewal.new_capabilities
    if caps:
        blocks.append(Paragraph("Delivered since your last contract:", "muted"))
        blocks.append(Bullets(caps))
    if blocks:
        parts.append(Part("renewal-options", titles.renewal_options(ctx), blocks=tuple(blocks),
                          notes="Compare the options by term and total; longer terms hold the price.",
                          coaching="Offer the multi-year option with price protection as the concession; "
                                   "do not discount the one-year price."))
    return tuple(parts)
