"""Renewal: shown only inside the renewal window; value first, then the price and the options.

The price is set against documented value only once that value covers it and no open signal puts it
in doubt; until then the renewal is framed around the value plan: what we will measure, and by when.
"""

from qbrgen.i18n import N_, _, ngettext, pgettext, sentences
from qbrgen.sections.base import (
    capacity_added,
    change_words,
    escalation,
    framing_sentence,
    options_table,
    recovery_sentences,
    saving_basis,
    value_plan_sentence,
)
from qbrgen.sections.bridge import bridge_chart
from qbrgen.sections.deck import titles
from qbrgen.sections.deck.value import source_line
from qbrgen.sections.document import Metric, Metrics, Paragraph, Part

BLOCK = "plan"
WEIGHT = 2
# The open signals that put a renewal in doubt although documented value covers the price (figures.VALUE_GAP_SIGNALS)
DOUBT = {
    # TRANSLATORS: an open signal named in the account team's coaching ("..., but sponsor left puts the renewal
    # in doubt").
    "sponsor-left": N_("sponsor left"), "competitor-evaluation": N_("competitor evaluation"),
    "vendor-rationalization": N_("vendor rationalization"),
}


def build(ctx):
    f = ctx.figures
    if not f.timeline.in_window:
        return ()
    r = f.renewal
    if r.flat and not capacity_added(r):  # one price, shown once
        metrics = [Metric(_("Annual subscription, today and renewed"), ctx.compact(r.arr),
                          _("a flat renewal: no increase"))]
    elif r.flat or r.discount:
        metrics = [Metric(_("Annual subscription today"), ctx.compact(r.arr)),
                   Metric(_("Renewed annual subscription"), ctx.compact(r.renewed_arr),
                          _("with the capacity you use above your contract") if capacity_added(r)
                          else change_words(ctx, r.increase_pct))]
    else:
        metrics = [Metric(_("Annual subscription today"), ctx.compact(r.arr)),
                   Metric(_("Proposed increase"), ctx.compact(r.increase),
                          _("{percent} at renewal", percent=ctx.fmt.pct(r.increase_pct)))]
    if f.value_proven and not r.recovery:
        # TRANSLATORS: a key figure's detail; {multiple} is like "4.5×" (documented value against the increase).
        metrics.append(Metric(_("Documented value per year"), ctx.compact(r.documented_value),
                              _("{multiple} the increase", multiple=ctx.fmt.multiple(r.value_to_increase))
                              if r.value_to_increase else ""))
    blocks = [Metrics(tuple(metrics))]
    if f.timeline.overdue:  # said on the slide, not only in the notes
        blocks.append(Paragraph(_("Your subscription passed its renewal date on {date}; we propose the new term "
                                  "starts on {start}.", date=ctx.date(f.timeline.renewal_date),
                                  start=ctx.date(f.timeline.term_start))))
    blocks.append(Paragraph(framing_sentence(ctx)))
    if r.recovery:
        blocks.append(Paragraph(sentences(recovery_sentences(ctx))))
    elif not f.value_proven:
        blocks.append(Paragraph(value_plan_sentence(ctx)))
    caps = ctx.account.renewal.new_capabilities
    if caps:  # what the price pays for, beside the price (not a stray list on the options slide)
        named = pgettext("list separator", "; ").join(caps[:3])
        if len(caps) > 3:
            # TRANSLATORS: {capabilities} lists up to three capabilities from the account file, separated by "; ".
            text = ngettext("Delivered since your last contract, included in the renewal: {capabilities}; and "
                            "{count} more, listed in the proposal.",
                            "Delivered since your last contract, included in the renewal: {capabilities}; and "
                            "{count} more, listed in the proposal.", len(caps) - 3, capabilities=named,
                            count=ctx.fmt.count(len(caps) - 3))
        else:
            text = _("Delivered since your last contract, included in the renewal: {capabilities}.",
                     capabilities=named)
        blocks.append(Paragraph(text, "muted"))
    if not (r.flat and not r.true_ups and not r.expansion):  # two equal bars say nothing the sentence did not
        blocks.append(bridge_chart(ctx))
    when = ctx.date(f.timeline.signature_target)
    if f.timeline.overdue:
        notes = _("The subscription is past its renewal date of {date}. We propose the new term starts on {start}, "
                  "with signature by {signature}.", date=ctx.date(f.timeline.renewal_date),
                  start=ctx.date(f.timeline.term_start), signature=when)
    else:
        notes = _("Walk through the price, then agree the steps to signature by {date}.", date=when)
    if r.expansion:  # a second sentence of the notes
        notes = sentences((notes, _("The expansion is optional and priced on its own, on top of the renewal.")))
    coaching = renewal_coaching(ctx)
    if f.timeline.overdue:  # a sentence before the coaching's own
        coaching = sentences((_("Say plainly that the renewal date has passed."), coaching))
    shows_value = f.value_proven and not r.recovery  # the documented value is one of its figures
    parts = [Part("renewal", titles.renewal(ctx), blocks=tuple(blocks), notes=notes, coaching=coaching,
                  source_line=source_line(f.ranked) if shows_value else "")]
    blocks = []
    if r.options:
        blocks.append(options_table(ctx))
        if any(o.saving for o in f.renewal.options):  # a saving the customer can check: say against what
            blocks.append(Paragraph(saving_basis(ctx), "muted"))
    if any(o.varies for o in r.options):
        blocks.append(Paragraph(sentences((*escalation(ctx, r.options), _(
            "Without price protection, each year is priced on its own; the total is their sum."))), "muted"))
    if blocks:
        parts.append(Part("renewal-options", titles.renewal_options(ctx), blocks=tuple(blocks),
                          notes=_("Compare the options by term and total; longer terms hold the price."),
                          coaching=_("Offer the multi-year option with price protection as the concession; "
                                     "do not discount the one-year price.")))
    return tuple(parts)


def renewal_coaching(ctx) -> str:
    """Return the renewal slide's coaching, in line with lint: never 'value is not proven' where documented
    value covers the price, never an increase that lint errs against."""
    f = ctx.figures
    r = f.renewal
    below = "below-price" in f.value_gap
    doubt = [_(DOUBT[k]) if k in DOUBT else k.replace("-", " ") for k in f.value_gap if k != "below-price"]
    if r.recovery:
        percent = ctx.fmt.pct(r.asked_pct)
        # TRANSLATORS: coaching for the account team (internal deck); "lint" is qbrgen's check of the account.
        if "below-price" in r.held:
            return _("The renewal is held at today's price because documented value is below the price; lint errs "
                     "against the {percent} increase. Do not raise price or pitch expansion: walk through the "
                     "recovery plan and agree the date to revisit the price.", percent=percent)
        if "critical-signal" in r.held:
            return _("The renewal is held at today's price because a critical churn signal is open; lint errs "
                     "against the {percent} increase. Do not raise price or pitch expansion: walk through the "
                     "recovery plan and agree the date to revisit the price.", percent=percent)
        # TRANSLATORS: renewal.pricing_decision is a field name of the account file: keep it as it is.
        return _("The renewal is held at today's price because the account file decided so "
                 "(renewal.pricing_decision); lint errs against the {percent} increase. Do not raise price or pitch "
                 "expansion: walk through the recovery plan and agree the date to revisit the price.",
                 percent=percent)
    if r.kept:
        return _("Lint errs against this increase; renewal.pricing_decision keeps it. Be ready to say why the "
                 "increase stands, with the evidence behind it.")
    if f.value_proven:
        return _("Start from the value on the earlier slides, then state the price plainly and without apology; "
                 "link any increase to what was delivered since the last contract.")
    if below:
        return _("Value is not yet proven: do not justify the increase with value. Agree the value plan first.")
    # TRANSLATORS: {doubts} names the open doubts, like "open signal, champion left" (words from qbrgen's checks).
    return _("Documented value covers the price, but {doubts} puts the renewal in doubt: lead with the value plan "
             "and the people who will carry it, not with the price.", doubts=", ".join(doubt))
