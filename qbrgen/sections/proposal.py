"""The renewal proposal (customer-facing): value first, then price, options, terms, signature and evidence.

``SECTIONS`` lists the section builders in order; each takes the context and returns parts.
"""

from __future__ import annotations

from qbrgen.document import Bullets, Metric, Metrics, Paragraph, Part, Table
from qbrgen.sections.base import framing_sentence, options_table, outcomes_table, timeline_rows
from qbrgen.sections.commercial import acceptance, commercial, contact_line, evidence, terms


def cover(ctx) -> tuple[Part, ...]:
    tl = ctx.figures.timeline
    sub = f"Prepared for {ctx.customer} by {ctx.vendor} · {ctx.date(ctx.as_of)}"
    valid = ctx.date(commercial(ctx).valid_until)
    return (Part("cover", f"Renewal proposal for {ctx.customer}", subtitle=sub, layout="title", blocks=(
        Paragraph(f"For the contract renewing on {ctx.date(tl.renewal_date)}. This offer is valid until {valid}.",
                  "muted"),
        Paragraph(f"Your contact: {contact_line(ctx)}", "muted"),
    )),)


def summary(ctx) -> tuple[Part, ...]:
    f = ctx.figures
    r = f.renewal
    lead = (f"Since {ctx.date(ctx.account.contract.start_date)}, {ctx.customer} has documented "
            f"{ctx.money(f.documented_value)} of value a year with {ctx.vendor}"
            + (f", {ctx.fmt.multiple(f.value_multiple)} the annual subscription of {ctx.money(f.arr)}."
               if f.value_multiple and f.documented_value else ".")) if f.documented_value else (
        f"This proposal renews {ctx.customer}'s subscription of {ctx.money(f.arr)} a year.")
    metrics = Metrics((
        Metric("Annual subscription today", ctx.money(r.arr)),
        Metric("Documented value per year", ctx.money(r.documented_value)),
        Metric("Renewed annual subscription", ctx.money(r.renewed_arr), f"{ctx.fmt.pct(r.increase_pct)} increase"),
    ))
    blocks = [Paragraph(lead, "lead"), metrics]
    if f.outcomes:
        blocks.append(outcomes_table(ctx))
    return (Part("summary", "Executive summary", blocks=tuple(blocks)),)


def new_since(ctx) -> tuple[Part, ...]:
    caps = ctx.account.renewal.new_capabilities
    items = [ctx.account.roadmap[i] for i in ctx.figures.roadmap]
    blocks = []
    if caps:
        blocks += [Paragraph("Delivered since the last contract, included in the renewal:"), Bullets(caps)]
    if items:
        blocks += [Paragraph("Coming next, in line with your priorities:"),
                   Bullets(tuple(f"{i.title} ({i.available})" if i.available else i.title for i in items))]
    if not blocks:
        return ()
    return (Part("new", "What is new since your last contract", blocks=tuple(blocks)),)


def pricing(ctx) -> tuple[Part, ...]:
    r = ctx.figures.renewal
    rows = [("Annual subscription today", ctx.money(r.arr)),
            (f"Increase ({ctx.fmt.pct(r.increase_pct)})", ctx.money(r.increase)),
            ("Renewed annual subscription", ctx.money(r.renewed_arr))]
    if r.expansion:
        rows += [("Expansion", ctx.money(r.expansion)), ("New annual subscription", ctx.money(r.new_arr))]
    table = Table(("", "Per year"), tuple(rows), align=("left", "right"), widths=(6, 3), emphasis_last_row=True)
    blocks = [Paragraph(framing_sentence(ctx)), table]
    if r.documented_value:
        from qbrgen.document import Chart, Series

        blocks.append(Chart("bar", "Documented value per year against the renewal price",
                            ("Documented value", "Renewed subscription", "Increase"),
                            (Series("Per year", (r.documented_value, r.renewed_arr, r.increase)),),
                            labels=(ctx.money(r.documented_value), ctx.money(r.renewed_arr), ctx.money(r.increase))))
    return (Part("pricing", "Pricing", blocks=tuple(blocks)),)


def options(ctx) -> tuple[Part, ...]:
    if not ctx.figures.renewal.options:
        return ()
    default = ctx.fmt.pct(ctx.figures.renewal.increase_pct)
    notes = [f"Saving is measured against renewing for one year at a time at {default} a year over the same term."]
    if any(o.price_protection for o in ctx.account.renewal.options):
        notes.append("Options with price protection hold the price for the whole term.")
    return (Part("options", "Renewal options", blocks=(options_table(ctx), Paragraph(" ".join(notes), "muted"))),)


def expansion(ctx) -> tuple[Part, ...]:
    lines = ctx.account.renewal.expansion
    if not lines:
        return ()
    rows = tuple((e.product, e.unit or "—", ctx.money(e.arr)) for e in lines)
    total = ctx.figures.renewal.expansion
    rows += (("Total expansion", "", ctx.money(total)),)
    table = Table(("Product", "For", "Per year"), rows, align=("left", "left", "right"), widths=(4, 4, 3),
                  emphasis_last_row=True)
    return (Part("expansion", "Expansion offered with the renewal", blocks=(
        table,
        Paragraph(f"With the expansion, the new annual subscription is {ctx.money(ctx.figures.renewal.new_arr)}."),
    )),)


def timeline(ctx) -> tuple[Part, ...]:
    rows = timeline_rows(ctx, customer_facing=True)
    return (Part("timeline", "Steps to signature", blocks=(
        Table(("Date", "When", "Step"), rows, widths=(2, 2, 6)),)),)


SECTIONS = (cover, summary, new_since, pricing, options, expansion, terms, timeline, acceptance, evidence)
