"""The renewal proposal (customer-facing): value first, then price, options, terms, signature and evidence.

``SECTIONS`` lists the section builders in order; each takes the context and returns parts.
"""

from __future__ import annotations

from qbrgen.sections.base import (
    LISTED_OUTCOMES,
    bridge_rows,
    framing_sentence,
    options_table,
    outcomes_table,
    saving_basis,
    timeline_rows,
    value_plan_sentence,
)
from qbrgen.sections.commercial import acceptance, commercial, contact_line, evidence, terms
from qbrgen.sections.document import Bullets, Metric, Metrics, Paragraph, Part, Table
from qbrgen.sections.since import facts as since_facts


def cover(ctx) -> tuple[Part, ...]:
    tl = ctx.figures.timeline
    by = f" by {ctx.vendor_name}" if ctx.vendor_name else ""
    sub = f"Prepared for {ctx.customer}{by} · {ctx.date(ctx.as_of)}"
    valid = ctx.date(commercial(ctx).valid_until)
    if tl.overdue:
        line = (f"Your subscription is past its renewal date of {ctx.date(tl.renewal_date)}; this proposal "
                f"starts the new term on {ctx.date(tl.term_start)}.")
    else:
        line = f"For the contract renewing on {ctx.date(tl.renewal_date)}."
    return (Part("cover", f"Renewal proposal for {ctx.customer}", subtitle=sub, layout="title", blocks=(
        Paragraph(f"{line} This offer is valid until {valid}.", "muted"),
        Paragraph(f"Your contact: {contact_line(ctx)}", "muted"),
    )),)


SUMMARY_ROWS = 10  # outcomes in the summary's table; the appendix lists more


def summary(ctx) -> tuple[Part, ...]:
    f = ctx.figures
    r = f.renewal
    since = ctx.date(ctx.account.contract.start_date)
    if f.documented_value and f.value_proven:
        lead = (f"Since {since}, together we documented {ctx.money(f.documented_value)} of value a year, "
                f"{ctx.fmt.multiple(f.value_multiple)} the annual subscription of {ctx.money(f.arr)}.")
    elif f.documented_value:
        lead = (f"Since {since}, together we documented {ctx.money(f.documented_value)} of value a year. "
                f"This proposal renews your subscription of {ctx.money(f.arr)} a year, and sets out how we will "
                "measure the value still to come.")
    else:
        lead = f"This proposal renews {ctx.customer}'s subscription of {ctx.money(f.arr)} a year."
    renewed = "a flat renewal: no increase" if r.flat else f"{ctx.fmt.pct(r.increase_pct)} increase"
    items = [Metric("Annual subscription today", ctx.compact(r.arr))]
    if f.documented_value:
        items.append(Metric("Documented value per year", ctx.compact(r.documented_value)))
    items.append(Metric("Renewed annual subscription", ctx.compact(r.renewed_arr), renewed))
    blocks = [Paragraph(lead, "lead"), Metrics(tuple(items))]
    if not f.value_proven:
        blocks.append(Paragraph(value_plan_sentence(ctx)))
    if f.outcomes:
        listed = len(f.ranked) <= LISTED_OUTCOMES
        blocks.append(outcomes_table(ctx, limit=SUMMARY_ROWS, rest="each listed under How we measured" if listed
                                     else "the largest listed under How we measured"))
    return (Part("summary", "Executive summary", blocks=tuple(blocks)),)


def new_since(ctx) -> tuple[Part, ...]:
    caps = ctx.account.renewal.new_capabilities
    items = [ctx.account.roadmap[i] for i in ctx.figures.roadmap]
    blocks = []
    if ctx.since is not None and since_facts(ctx):  # the same facts as the deck's "since our last review"
        blocks += [Paragraph(f"Since our last review on {ctx.date(ctx.since.date)}:"), Bullets(since_facts(ctx))]
    if caps:
        blocks += [Paragraph("Delivered since the last contract, included in the renewal:"), Bullets(caps)]
    if items:
        blocks += [Paragraph("Coming next, in line with your priorities:"),
                   Bullets(tuple(f"{i.title} ({ctx.fmt.quarter(i.available)})" if i.available else i.title
                                 for i in items)),
                   Paragraph("Roadmap items show our current plans and timing; they are not part of what this "
                             "proposal commits to.", "muted")]
    if not blocks:
        return ()
    return (Part("new", "What is new since your last contract", blocks=tuple(blocks)),)


def pricing(ctx) -> tuple[Part, ...]:
    f = ctx.figures
    r = f.renewal
    table = Table(("", "Per year"), bridge_rows(ctx), align=("left", "right"), widths=(6, 3), emphasis_last_row=True)
    blocks = [Paragraph(framing_sentence(ctx)), table]
    if r.expansion:
        blocks.append(Paragraph("The expansion is optional: the renewal stands on its own, and each expansion line "
                                "can be accepted separately.", "muted"))
    blocks += [Paragraph("What the renewal covers:"), products_table(ctx)]
    if f.value_proven:
        from qbrgen.sections.document import Chart, Series

        cats, values = ["Documented value", "Renewed subscription"], [r.documented_value, r.renewed_arr]
        if not r.flat:
            cats.append("Increase")
            values.append(r.increase)
        blocks.append(Chart("bar", "Documented value per year against the renewal price", tuple(cats),
                            (Series("Per year", tuple(values)),), labels=tuple(ctx.compact(v) for v in values)))
    return (Part("pricing", "Pricing", blocks=tuple(blocks)),)


def products_table(ctx) -> Table:
    """Return what is renewed, product by product: what each includes, its price per year today and renewed."""
    r = ctx.figures.renewal
    lines = r.products
    money = ctx.fmt.table_money([*(x.arr for x in lines), *(x.renewed for x in lines), r.arr, r.renewed_arr])
    n = len(lines)
    rows = tuple((x.product, f"{ctx.fmt.number(x.quantity, 2)} {x.unit}" if x.quantity is not None else "—",
                  money[i], money[n + i]) for i, x in enumerate(lines))
    if n > 1:
        rows += (("Total", "", money[-2], money[-1]),)
    return Table(("Product", "Included", "Per year today", "Per year renewed"), rows,
                 align=("left", "left", "right", "right"), widths=(5, 4, 3, 3), emphasis_last_row=n > 1)


def options(ctx) -> tuple[Part, ...]:
    if not ctx.figures.renewal.options:
        return ()
    notes = [saving_basis(ctx)]
    if any(o.price_protection for o in ctx.account.renewal.options):
        notes.append("Options with price protection hold the price for the whole term.")
    return (Part("options", "Renewal options", blocks=(options_table(ctx), Paragraph(" ".join(notes), "muted"))),)


def expansion(ctx) -> tuple[Part, ...]:
    r = ctx.figures.renewal
    if not r.expansion_lines:
        return ()
    amounts = [e.arr for e in r.expansion_lines] + [r.expansion]
    text = ctx.fmt.table_money(amounts)
    rows = tuple((e.product, e.unit or "—", text[i]) for i, e in enumerate(r.expansion_lines))
    rows += (("Total optional expansion", "", text[-1]),)
    table = Table(("Product", "For", "Per year"), rows, align=("left", "left", "right"), widths=(4, 4, 3),
                  emphasis_last_row=True)
    return (Part("expansion", "Optional expansion", blocks=(
        Paragraph("New scope we propose alongside the renewal. It is optional and priced on its own."),
        table,
        Paragraph(f"With the optional expansion, the renewal as proposed comes to {ctx.money(r.new_arr)} a year."),
    )),)


def timeline(ctx) -> tuple[Part, ...]:
    rows = timeline_rows(ctx, customer_facing=True)
    blocks = []
    tl = ctx.figures.timeline
    if tl.overdue:
        blocks.append(Paragraph(f"The subscription passed its renewal date on {ctx.date(tl.renewal_date)}. The steps "
                                "below start today and lead to the new term.", "muted"))
    blocks.append(Table(("Date", "Step"), rows, widths=(2, 7)))
    return (Part("timeline", "Steps to signature", blocks=tuple(blocks)),)


SECTIONS = (cover, summary, new_since, pricing, options, expansion, terms, timeline, acceptance, evidence)
