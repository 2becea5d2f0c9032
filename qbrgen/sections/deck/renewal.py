"""Renewal: shown only inside the renewal window; value first, then the price and the options.

The price is set against documented value only once that value covers it and no open signal puts it
in doubt; until then the renewal is framed around the value plan: what we will measure, and by when.
"""

from qbrgen.sections.base import (
    bridge_chart,
    change_words,
    framing_sentence,
    options_table,
    recovery_sentences,
    saving_basis,
    value_plan_sentence,
)
from qbrgen.sections.deck import titles
from qbrgen.sections.document import Metric, Metrics, Paragraph, Part

BLOCK = "plan"
WEIGHT = 2


def build(ctx):
    f = ctx.figures
    if not f.timeline.in_window:
        return ()
    r = f.renewal
    if r.flat and not r.true_ups:  # one price, shown once
        metrics = [Metric("Annual subscription, today and renewed", ctx.compact(r.arr), "a flat renewal: no increase")]
    elif r.flat or r.discount:
        metrics = [Metric("Annual subscription today", ctx.compact(r.arr)),
                   Metric("Renewed annual subscription", ctx.compact(r.renewed_arr),
                          "with the capacity you use above your contract" if r.true_ups
                          else change_words(ctx, r.increase_pct))]
    else:
        metrics = [Metric("Annual subscription today", ctx.compact(r.arr)),
                   Metric("Proposed increase", ctx.compact(r.increase), f"{ctx.fmt.pct(r.increase_pct)} at renewal")]
    if f.value_proven and not r.recovery:
        metrics.append(Metric("Documented value per year", ctx.compact(r.documented_value),
                              f"{ctx.fmt.multiple(r.value_to_increase)} the increase" if r.value_to_increase else ""))
    blocks = [Metrics(tuple(metrics))]
    if f.timeline.overdue:  # said on the slide, not only in the notes
        blocks.append(Paragraph(f"Your subscription passed its renewal date on {ctx.date(f.timeline.renewal_date)}; "
                                f"we propose the new term starts on {ctx.date(f.timeline.term_start)}."))
    blocks.append(Paragraph(framing_sentence(ctx)))
    if r.recovery:
        blocks.append(Paragraph(" ".join(recovery_sentences(ctx))))
    elif not f.value_proven:
        blocks.append(Paragraph(value_plan_sentence(ctx)))
    caps = ctx.account.renewal.new_capabilities
    if caps:  # what the price pays for, beside the price (not a stray list on the options slide)
        named = "; ".join(caps[:3]) + (f"; and {len(caps) - 3} more, listed in the proposal" if len(caps) > 3 else "")
        blocks.append(Paragraph(f"Delivered since your last contract, included in the renewal: {named}.", "muted"))
    blocks.append(bridge_chart(ctx))
    when = ctx.date(f.timeline.signature_target)
    if f.timeline.overdue:
        notes = (f"The subscription is past its renewal date of {ctx.date(f.timeline.renewal_date)}. We propose "
                 f"the new term starts on {ctx.date(f.timeline.term_start)}, with signature by {when}.")
    else:
        notes = f"Walk through the price, then agree the steps to signature by {when}."
    if r.expansion:
        notes += " The expansion is optional and priced on its own, on top of the renewal."
    coaching = renewal_coaching(ctx)
    if f.timeline.overdue:
        coaching = "Say plainly that the renewal date has passed. " + coaching
    parts = [Part("renewal", titles.renewal(ctx), blocks=tuple(blocks), notes=notes, coaching=coaching)]
    blocks = []
    if r.options:
        blocks.append(options_table(ctx))
        if any(o.saving for o in f.renewal.options):  # a saving the customer can check: say against what
            blocks.append(Paragraph(saving_basis(ctx), "muted"))
    if any(o.varies for o in r.options):
        blocks.append(Paragraph("Without price protection, each year is priced on its own; the total is their sum.",
                                "muted"))
    if blocks:
        parts.append(Part("renewal-options", titles.renewal_options(ctx), blocks=tuple(blocks),
                          notes="Compare the options by term and total; longer terms hold the price.",
                          coaching="Offer the multi-year option with price protection as the concession; "
                                   "do not discount the one-year price."))
    return tuple(parts)


def renewal_coaching(ctx) -> str:
    """Return the renewal slide's coaching, in line with lint: never 'value is not proven' where documented
    value covers the price, never an increase that lint errs against."""
    f = ctx.figures
    r = f.renewal
    below = "below-price" in f.value_gap
    doubt = [k.replace("-", " ") for k in f.value_gap if k != "below-price"]
    if r.recovery:
        why = ("documented value is below the price" if "below-price" in r.held else
               "a critical churn signal is open" if "critical-signal" in r.held else
               "the account file decided so (renewal.pricing_decision)")
        return (f"The renewal is held at today's price because {why}; lint errs against the "
                f"{ctx.fmt.pct(r.asked_pct)} increase. Do not raise price or pitch expansion: walk through the "
                "recovery plan and agree the date to revisit the price.")
    if r.kept:
        return ("Lint errs against this increase; renewal.pricing_decision keeps it. Be ready to say why the "
                "increase stands, with the evidence behind it.")
    if f.value_proven:
        return ("Start from the value on the earlier slides, then state the price plainly and without apology; "
                "link any increase to what was delivered since the last contract.")
    if below:
        return "Value is not yet proven: do not justify the increase with value. Agree the value plan first."
    return (f"Documented value covers the price, but {', '.join(doubt)} puts the renewal in doubt: lead with the "
            "value plan and the people who will carry it, not with the price.")
