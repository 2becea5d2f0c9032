"""The renewal proposal (customer-facing): value first, then price, options, terms, signature and evidence.

``SECTIONS`` lists the section builders in order; each takes the context and returns parts.
"""

from __future__ import annotations

from qbrgen.i18n import N_, _, ngettext, pgettext, sentences
from qbrgen.sections.base import (
    LISTED_OUTCOMES,
    capacity_added,
    escalation,
    framing_sentence,
    options_table,
    outcomes_table,
    recovery_sentences,
    saving_basis,
    value_plan_sentence,
)
from qbrgen.sections.bridge import bridge_rows
from qbrgen.sections.commercial import acceptance, commercial, contact_line, evidence, terms
from qbrgen.sections.document import Bullets, Metric, Metrics, Paragraph, Part, Table
from qbrgen.sections.since import facts as since_facts
from qbrgen.sections.steps import timeline_rows


def cover(ctx) -> tuple[Part, ...]:
    tl = ctx.figures.timeline
    today = ctx.date(ctx.as_of)
    if ctx.vendor_name:
        # TRANSLATORS: the proposal's cover; {customer} and {vendor} are company names, {date} today's date.
        sub = _("Prepared for {customer} by {vendor} · {date}", customer=ctx.customer, vendor=ctx.vendor_name,
                date=today)
    else:
        sub = _("Prepared for {customer} · {date}", customer=ctx.customer, date=today)
    valid = ctx.date(commercial(ctx).valid_until)
    renewal = ctx.date(tl.renewal_date)
    if tl.backdated:
        line = _("Your subscription is past its renewal date of {date}; the new term starts on that date and covers "
                 "the days already used. This offer is valid until {valid}.", date=renewal, valid=valid)
    elif tl.overdue:
        line = _("Your subscription is past its renewal date of {date}; this proposal starts the new term on {start}. "
                 "This offer is valid until {valid}.", date=renewal, start=ctx.date(tl.term_start), valid=valid)
    elif tl.renewed_on:
        line = _("Your contract renewed automatically on {renewed}; this proposal is for its next renewal, on "
                 "{date}. This offer is valid until {valid}.", renewed=ctx.date(tl.renewed_on), date=renewal,
                 valid=valid)
    else:
        line = _("For the contract renewing on {date}. This offer is valid until {valid}.", date=renewal, valid=valid)
    # TRANSLATORS: the proposal's title; {customer} is the customer's company name.
    return (Part("cover", _("Renewal proposal for {customer}", customer=ctx.customer), subtitle=sub,
                 layout="title", blocks=(
        Paragraph(line, "muted"),
        # TRANSLATORS: {contact} is the account manager's name, e-mail and phone.
        Paragraph(_("Your contact: {contact}", contact=contact_line(ctx)), "muted"),
    )),)


SUMMARY_ROWS = 10  # outcomes in the summary's table; the appendix lists more


def summary(ctx) -> tuple[Part, ...]:
    f = ctx.figures
    r = f.renewal
    since = ctx.date(ctx.account.contract.start_date)
    if f.documented_value and f.value_proven:
        # TRANSLATORS: {date} is the contract's start, {value} and {arr} money, {multiple} like "3.2x".
        lead = _("Since {date}, together we documented {value} of value a year, {multiple} the annual subscription "
                 "of {arr}.", date=since, value=ctx.money(f.documented_value),
                 multiple=ctx.fmt.multiple(f.value_multiple), arr=ctx.money(f.arr))
    elif f.documented_value:
        lead = _("Since {date}, together we documented {value} of value a year. This proposal renews your "
                 "subscription of {arr} a year, and sets out how we will measure the value still to come.",
                 date=since, value=ctx.money(f.documented_value), arr=ctx.money(f.arr))
    else:
        lead = _("This proposal renews {customer}'s subscription of {arr} a year.", customer=ctx.customer,
                 arr=ctx.money(f.arr))
    pct = ctx.fmt.pct(abs(r.increase_pct))
    # TRANSLATORS: a caption under the renewed price on the summary's figure card; {percent} is like "5%".
    if capacity_added(r):
        renewed = (_("today's price, plus the capacity you use above your contract") if r.flat else
                   _("a {percent} increase, plus the capacity you use above your contract", percent=pct)
                   if r.increase_pct > 0 else
                   _("a {percent} reduction, plus the capacity you use above your contract", percent=pct))
    else:
        renewed = (_("a flat renewal: no increase") if r.flat else
                   pgettext("price change", "a {percent} increase", percent=pct) if r.increase_pct > 0 else
                   pgettext("price change", "a {percent} reduction", percent=pct) if r.increase_pct < 0 else
                   pgettext("price change", "no change in price"))
    # TRANSLATORS: labels of the summary's figure cards, short (about 30 characters).
    items = [Metric(_("Annual subscription today"), ctx.compact(r.arr))]
    if f.documented_value:
        items.append(Metric(_("Documented value per year"), ctx.compact(r.documented_value)))
    items.append(Metric(_("Renewed annual subscription"), ctx.compact(r.renewed_arr), renewed))
    blocks = [Paragraph(lead, "lead"), Metrics(tuple(items))]
    if r.recovery:
        blocks.append(Paragraph(sentences(recovery_sentences(ctx))))
    elif not f.value_proven:
        blocks.append(Paragraph(value_plan_sentence(ctx)))
    if f.outcomes:
        listed = len(f.ranked) <= LISTED_OUTCOMES
        # TRANSLATORS: where the outcomes not in the summary's table are listed; "How we measured" is the title of
        # the proposal's appendix.
        blocks.append(outcomes_table(ctx, limit=SUMMARY_ROWS, rest=N_("each listed under How we measured") if listed
                                     else N_("the largest listed under How we measured")))
    return (Part("summary", _("Executive summary"), blocks=tuple(blocks)),)


def new_since(ctx) -> tuple[Part, ...]:
    caps = ctx.account.renewal.new_capabilities
    items = [ctx.account.roadmap[i] for i in ctx.figures.roadmap]
    blocks = []
    if ctx.since is not None and since_facts(ctx):  # the same facts as the deck's "since our last review"
        # TRANSLATORS: introduces a list; {date} is the date of the last business review.
        blocks += [Paragraph(_("Since our last review on {date}:", date=ctx.date(ctx.since.date))),
                   Bullets(since_facts(ctx))]
    if caps:
        blocks += [Paragraph(_("Delivered since the last contract, included in the renewal:")), Bullets(caps)]
    if items:
        # TRANSLATORS: a roadmap item; {title} comes from the account file, {quarter} is like "Q1 2027".
        blocks += [Paragraph(_("Coming next, in line with your priorities:")),
                   Bullets(tuple(_("{title} ({quarter})", title=i.title, quarter=ctx.fmt.quarter(i.available))
                                 if i.available else i.title for i in items)),
                   Paragraph(_("Roadmap items show our current plans and timing; they are not part of what this "
                               "proposal commits to."), "muted")]
    if not blocks:
        return ()
    title = _("What is new since your last contract") if caps else _("What is coming next")
    return (Part("new", title, blocks=tuple(blocks)),)


def pricing(ctx) -> tuple[Part, ...]:
    f = ctx.figures
    r = f.renewal
    table = Table(("", pgettext("table heading", "Per year")), bridge_rows(ctx), align=("left", "right"),
                  widths=(6, 3), emphasis_last_row=True)
    blocks = [Paragraph(framing_sentence(ctx)), table]
    if r.recovery:  # the plan itself is in the executive summary, just before: said once
        # TRANSLATORS: the pricing section; the plan (what we measure, when we review, when we revisit the price)
        # is set out in the executive summary.
        blocks.append(Paragraph(_("We propose to renew at today's price while we show the value together, on the "
                                  "plan set out in the executive summary.")))
    if r.true_ups:
        blocks.append(Paragraph(_true_up_sentence(ctx)))
    if r.expansion:
        blocks.append(Paragraph(_("The expansion is optional: the renewal stands on its own, and each expansion line "
                                  "can be accepted separately."), "muted"))
    blocks += [Paragraph(_("What the renewal covers:")), products_table(ctx)]
    if f.value_proven and not r.recovery:
        from qbrgen.sections.document import Chart, Series

        cats = [pgettext("chart bar", "Documented value"), pgettext("chart bar", "Renewed subscription")]
        values = [r.documented_value, r.renewed_arr]
        if r.increase > 0:
            cats.append(pgettext("chart bar", "Increase"))
            values.append(r.increase)
        blocks.append(Chart("bar", _("Documented value per year against the renewal price"), tuple(cats),
                            (Series(pgettext("chart series", "Per year"), tuple(values)),),
                            labels=tuple(ctx.compact(v) for v in values)))
    return (Part("pricing", _("Pricing"), blocks=tuple(blocks)),)


def _true_up_sentence(ctx) -> str:
    r = ctx.figures.renewal
    # TRANSLATORS: one product's capacity above the contract; {unit} is as the account file writes it ("seats"),
    # {one} the same unit for one item ("seat"), {price} money.
    parts = [_("{quantity} {unit} of {product} at today's {price} per {one} a year",
               quantity=ctx.fmt.number(t.excess, 2), unit=t.unit, product=t.product, price=ctx.money(t.unit_price),
               one=_singular(t.unit)) for t in r.true_ups]
    # TRANSLATORS: {lines} lists the capacity lines, separated by commas.
    return _("You use more than your contract covers: we add capacity to cover what you use ({lines}), on a line of "
             "its own so you can see it apart from the renewal.", lines=_(", ").join(parts))


def _singular(unit: str) -> str:
    """Return a unit for one item: 'depots' reads 'depot', 'lab seats' 'lab seat'; a unit that is not a plain
    plural ('API calls per month', 'access') stays as written."""
    words = unit.strip().split(" ")
    last = words[-1]
    if " per " in f" {unit} " or not last.endswith("s") or last.endswith("ss") or len(last) < 3:
        return unit.strip()
    return " ".join([*words[:-1], last[:-1]])


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
            # TRANSLATORS: a table cell: the quantity renewed, {unit} from the account file, and today's quantity.
            return _("{quantity} {unit} (today {today})", quantity=ctx.fmt.number(x.renewed_quantity, 2), unit=x.unit,
                     today=ctx.fmt.number(x.quantity, 2))
        return f"{ctx.fmt.number(x.quantity, 2)} {x.unit}"

    rows = tuple((x.product, included(x), money[i], money[n + i]) for i, x in enumerate(lines))
    rows += tuple((_("{product}: capacity in use above the contract", product=t.product),
                   f"{ctx.fmt.number(t.excess, 2)} {t.unit}", "—", money[2 * n + j]) for j, t in enumerate(r.true_ups))
    if n + k > 1:
        rows += ((pgettext("table row", "Total"), "", money[-2], money[-1]),)
    return Table((pgettext("table heading", "Product"), pgettext("table heading", "Included"),
                  pgettext("table heading", "Per year today"), pgettext("table heading", "Per year renewed")), rows,
                 align=("left", "left", "right", "right"), widths=(5, 4, 3, 3), emphasis_last_row=n + k > 1)


def options(ctx) -> tuple[Part, ...]:
    if not ctx.figures.renewal.options:
        return ()
    notes = [saving_basis(ctx)] if any(o.term_months > 12 for o in ctx.figures.renewal.options) else []
    if any(o.price_protection for o in ctx.account.renewal.options):
        notes.append(_("Options with price protection hold the price for the whole term."))
    if any(o.varies for o in ctx.figures.renewal.options):
        notes.append(_("Options without price protection are priced year by year; the total is the sum of those "
                       "years."))
        notes.extend(escalation(ctx, ctx.figures.renewal.options))
    return (Part("options", _("Renewal options"), blocks=(options_table(ctx), Paragraph(sentences(notes), "muted"))),)


def expansion(ctx) -> tuple[Part, ...]:
    r = ctx.figures.renewal
    if not r.expansion_lines:
        return ()
    amounts = [e.arr for e in r.expansion_lines] + [r.expansion]
    text = ctx.fmt.table_money(amounts)
    rows = tuple((e.product, e.unit or "—", text[i]) for i, e in enumerate(r.expansion_lines))
    rows += ((_("Total optional expansion"), "", text[-1]),)
    # TRANSLATORS: "For" heads the column naming who or what an expansion line is for (a team, a site).
    table = Table((pgettext("table heading", "Product"), pgettext("table heading", "For"),
                   pgettext("table heading", "Per year")), rows, align=("left", "left", "right"), widths=(4, 4, 3),
                  emphasis_last_row=True)
    return (Part("expansion", _("Optional expansion"), blocks=(
        Paragraph(_("New scope we propose alongside the renewal. It is optional and priced on its own.")),
        table,
        Paragraph(_("With the optional expansion, the renewal as proposed comes to {amount} a year.",
                    amount=ctx.money(r.new_arr))),
    )),)


def timeline(ctx) -> tuple[Part, ...]:
    rows = timeline_rows(ctx)
    blocks = []
    tl = ctx.figures.timeline
    renewal = ctx.date(tl.renewal_date)
    if tl.backdated:
        blocks.append(Paragraph(_("The subscription passed its renewal date on {date}. The new term starts on that "
                                  "date and covers the days used since; the steps below start today.", date=renewal),
                                "muted"))
    elif tl.overdue:
        blocks.append(Paragraph(_("The subscription passed its renewal date on {date}. The steps below start today "
                                  "and lead to the new term, which starts the business day after signature.",
                                  date=renewal) if ctx.account.renewal.term_start is None else
                                _("The subscription passed its renewal date on {date}. The steps below start today "
                                  "and lead to the new term.", date=renewal), "muted"))
    blocks.append(Paragraph(ngettext("We have planned {count} business day for your legal and procurement review.",
                                     "We have planned {count} business days for your legal and procurement review.",
                                     tl.review_days, count=ctx.fmt.count(tl.review_days)), "muted"))
    blocks.append(Table((pgettext("table heading", "Date"), pgettext("table heading", "Step")), rows, widths=(2, 7)))
    return (Part("timeline", _("Steps to signature"), blocks=tuple(blocks)),)


SECTIONS = (cover, summary, new_since, pricing, options, expansion, terms, timeline, acceptance, evidence)
