"""The renewal proposal (customer-facing): value first, then price, options, terms, signature and evidence.

``SECTIONS`` lists the section builders in order; each takes the context and returns parts.
"""

from __future__ import annotations

from qbrgen.sections.base import (
    LISTED_OUTCOMES,
    bridge_rows,
    change_words,
    framing_sentence,
    options_table,
    outcomes_table,
    recovery_sentences,
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
    if tl.backdated:
        line = (f"Your subscription is past its renewal date of {ctx.date(tl.renewal_date)}; the new term starts "
                "on that date and covers the days already used.")
    elif tl.overdue:
        line = (f"Your subscription is past its renewal date of {ctx.date(tl.renewal_date)}; this proposal "
                f"starts the new term on {ctx.date(tl.term_start)}.")
    elif tl.renewed_on:
        line = (f"Your contract renewed automatically on {ctx.date(tl.renewed_on)}; this proposal is for its next "
                f"renewal, on {ctx.date(tl.renewal_date)}.")
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
    renewed = "a flat renewal: no increase" if r.flat else change_words(ctx, r.increase_pct)
    if r.true_ups:
        renewed = ("today's price" if r.flat else renewed) + ", plus the capacity you use above your contract"
    items = [Metric("Annual subscription today", ctx.compact(r.arr))]
    if f.documented_value:
        items.append(Metric("Documented value per year", ctx.compact(r.documented_value)))
    items.append(Metric("Renewed annual subscription", ctx.compact(r.renewed_arr), renewed))
    blocks = [Paragraph(lead, "lead"), Metrics(tuple(items))]
    if r.recovery:
        blocks.append(Paragraph(" ".join(recovery_sentences(ctx))))
    elif not f.value_proven:
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
    title = "What is new since your last contract" if caps else "What is coming next"
    return (Part("new", title, blocks=tuple(blocks)),)


def pricing(ctx) -> tuple[Part, ...]:
    f = ctx.figures
    r = f.renewal
    table = Table(("", "Per year"), bridge_rows(ctx), align=("left", "right"), widths=(6, 3), emphasis_last_row=True)
    blocks = [Paragraph(framing_sentence(ctx)), table]
    if r.recovery:
        blocks.append(Paragraph("We propose to renew at today's price while we show the value together: "
                                + " ".join(recovery_sentences(ctx))))
    if r.true_ups:
        blocks.append(Paragraph(_true_up_sentence(ctx)))
    if r.expansion:
        blocks.append(Paragraph("The expansion is optional: the renewal stands on its own, and each expansion line "
                                "can be accepted separately.", "muted"))
    blocks += [Paragraph("What the renewal covers:"), products_table(ctx)]
    if f.value_proven and not r.recovery:
        from qbrgen.sections.document import Chart, Series

        cats, values = ["Documented value", "Renewed subscription"], [r.documented_value, r.renewed_arr]
        if r.increase > 0:
            cats.append("Increase")
            values.append(r.increase)
        blocks.append(Chart("bar", "Documented value per year against the renewal price", tuple(cats),
                            (Series("Per year", tuple(values)),), labels=tuple(ctx.compact(v) for v in values)))
    return (Part("pricing", "Pricing", blocks=tuple(blocks)),)


def _true_up_sentence(ctx) -> str:
    r = ctx.figures.renewal
    parts = [f"{ctx.fmt.number(t.excess, 2)} {t.unit} of {t.product} at today's {ctx.money(t.unit_price)} per "
             f"{_singular(t.unit)} a year" for t in r.true_ups]
    return (f"You use more than your contract covers: we add capacity to cover what you use ({', '.join(parts)}), "
            "on a line of its own so you can see it apart from the renewal.")


def _singular(unit: str) -> str:
    """Return a unit for one item: 'depots' reads 'depot'; a unit that is not a plain plural stays as written."""
    word = unit.strip()
    return word[:-1] if word.endswith("s") and " " not in word and not word.endswith("ss") else word


def products_table(ctx) -> Table:
    """Return what is renewed, product by product: what each includes, its price per year today and renewed;
    capacity used above the contract on its own line (a true-up) or in the quantity renewed."""
    r = ctx.figures.renewal
    lines = r.products
    money = ctx.fmt.table_money([*(x.arr for x in lines), *(x.renewed for x in lines),
                                 *(t.arr for t in r.true_ups), r.arr, r.renewed_arr])
    n, k = len(lines), len(r.true_ups)

    def included(x) -> str:
        if x.quantity is None:
            return "—"
        if x.renewed_quantity is not None:
            return f"{ctx.fmt.number(x.renewed_quantity, 2)} {x.unit} (today {ctx.fmt.number(x.quantity, 2)})"
        return f"{ctx.fmt.number(x.quantity, 2)} {x.unit}"

    rows = tuple((x.product, included(x), money[i], money[n + i]) for i, x in enumerate(lines))
    rows += tuple((f"{t.product}: capacity in use above the contract", f"{ctx.fmt.number(t.excess, 2)} {t.unit}",
                   "—", money[2 * n + j]) for j, t in enumerate(r.true_ups))
    if n + k > 1:
        rows += (("Total", "", money[-2], money[-1]),)
    return Table(("Product", "Included", "Per year today", "Per year renewed"), rows,
                 align=("left", "left", "right", "right"), widths=(5, 4, 3, 3), emphasis_last_row=n + k > 1)


def options(ctx) -> tuple[Part, ...]:
    if not ctx.figures.renewal.options:
        return ()
    notes = [saving_basis(ctx)] if any(o.term_months > 12 for o in ctx.figures.renewal.options) else []
    if any(o.price_protection for o in ctx.account.renewal.options):
        notes.append("Options with price protection hold the price for the whole term.")
    if any(o.varies for o in ctx.figures.renewal.options):
        notes.append("Options without price protection are priced year by year; the total is the sum of those "
                     "years.")
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
    if tl.backdated:
        blocks.append(Paragraph(f"The subscription passed its renewal date on {ctx.date(tl.renewal_date)}. The new "
                                "term starts on that date and covers the days used since; the steps below start "
                                "today.", "muted"))
    elif tl.overdue:
        blocks.append(Paragraph(f"The subscription passed its renewal date on {ctx.date(tl.renewal_date)}. The steps "
                                "below start today and lead to the new term, which starts the business day after "
                                "signature." if ctx.account.renewal.term_start is None else
                                f"The subscription passed its renewal date on {ctx.date(tl.renewal_date)}. The steps "
                                "below start today and lead to the new term.", "muted"))
    blocks.append(Paragraph(f"We have planned {tl.review_days} business days for your legal and procurement review.",
                            "muted"))
    blocks.append(Table(("Date", "Step"), rows, widths=(2, 7)))
    return (Part("timeline", "Steps to signature", blocks=tuple(blocks)),)


SECTIONS = (cover, summary, new_since, pricing, options, expansion, terms, timeline, acceptance, evidence)
