"""The price bridge: from today's price to the renewal, step by step, as a chart (the deck) and as the price
table's rows (the proposal)."""

from __future__ import annotations

from qbrgen.analysis.context import Context
from qbrgen.i18n import _, pgettext


def bridge_chart(ctx: Context):
    """Return the price bridge: today's price, the increase, the renewal; expansion on top, marked optional.

    A flat renewal has no increase bar.
    """
    from qbrgen.sections.document import Chart, Series

    r = ctx.figures.renewal
    # TRANSLATORS: the bars of the price bridge chart: short labels under each bar.
    cats, values = [pgettext("chart bar", "Today")], [r.arr]
    if r.increase_pct > 0:
        cats.append(pgettext("chart bar", "Increase"))
        values.append(r.increase)
    if r.true_ups:
        cats.append(pgettext("chart bar", "Capacity above contract"))
        values.append(r.true_up)
    if r.discount:  # a reduction is no step up: the renewal bar names it
        # TRANSLATORS: a chart bar; {percent} is like "12%".
        cats.append(pgettext("chart bar", "Renewal ({percent} reduction)", percent=ctx.fmt.pct(-r.increase_pct)))
    else:
        cats.append(pgettext("chart bar", "Renewal (flat)") if r.flat and not r.true_ups
                    else pgettext("chart bar", "Renewal"))
    values.append(r.renewed_arr)
    totals, optional = (0, len(values) - 1), ()
    if r.expansion:
        cats += [pgettext("chart bar", "Optional expansion"), pgettext("chart bar", "With the optional expansion")]
        values += [r.expansion, r.new_arr]
        totals, optional = (*totals, len(values) - 1), (len(values) - 2, len(values) - 1)
    return Chart("waterfall", _("From today's price to the renewal"), tuple(cats),
                 (Series(pgettext("chart series", "Per year"), tuple(values)),),
                 labels=tuple(ctx.compact(v) for v in values),
                 totals=totals, optional=optional)


def bridge_rows(ctx: Context) -> tuple[tuple[str, str], ...]:
    """Return the price table's rows: the renewal's price first, the optional expansion after it."""
    r = ctx.figures.renewal
    amounts = [r.arr, abs(r.increase), r.true_up, r.renewed_arr] + ([r.expansion, r.new_arr] if r.expansion else [])
    text = ctx.fmt.table_money(amounts)
    rows = [(_("Annual subscription today"), text[0])]
    if r.increase_pct > 0:
        # TRANSLATORS: a row of the price table; {percent} is like "5%".
        rows.append((_("Increase ({percent})", percent=ctx.fmt.pct(r.increase_pct)), text[1]))
    elif r.discount:
        rows.append((_("Reduction ({percent})", percent=ctx.fmt.pct(-r.increase_pct)), f"−{text[1]}"))
    for t in r.true_ups:
        # TRANSLATORS: a row of the price table; {product} and {unit} come from the account file (like "Seats",
        # "seats"), {quantity} is a number.
        rows.append((_("{product}: {quantity} {unit} in use above the contract, at today's price",
                       product=t.product, quantity=ctx.fmt.number(t.excess, 2), unit=t.unit),
                     ctx.fmt.table_money([t.arr, *amounts])[0]))
    if r.flat and not r.true_ups:
        rows.append((_("Annual subscription, renewed at today's price"), text[3]))
    else:
        rows.append((_("Renewed annual subscription"), text[3]))
    if r.expansion:
        rows += [(_("Optional expansion"), text[4]), (_("Total with the optional expansion"), text[5])]
    return tuple(rows)
