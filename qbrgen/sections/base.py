"""What every section builder receives, and the words shared between sections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from qbrgen.analysis.context import Context
from qbrgen.analysis.coverage import present
from qbrgen.fmt import plural
from qbrgen.sections.document import Table

STATUS = {"not-started": "Not started", "on-track": "On track", "at-risk": "At risk", "done": "Done"}
LEVEL = {"ic": "Individual contributor", "manager": "Manager", "director": "Director", "vp": "VP",
         "c-level": "C-level"}
SENIORITY = {"ic-manager": "IC / manager", "director": "Director", "executive": "VP / C-level"}
FUNCTION = {"buying": "Buying team", "using": "Using team", "adjacent": "Adjacent team"}
STEP_TEXT = {
    "proposal": "We share the renewal proposal with its price and options",
    "terms": "We answer your questions and agree on the terms",
    "legal": "Your legal and procurement review",
    "signature": "Target date for signature",
    "start": "The renewed subscription starts",
}
LAPSED_START = "The new term starts (the renewal date has passed)"
BACKDATED_START = "The new term starts on the old renewal date, covering the days already used"
TABLE_ROWS = 6  # outcomes shown in a customer table; the rest go to the appendix
# A customer document lists at most this many outcomes (the proposal's "How we measured"; the deck's appendix
# takes two slides' worth): a register of hundreds is the account team's record, not something to bring to a
# meeting. The internal plan lists them all.
LISTED_OUTCOMES = 30
MILESTONE_STATUS = {"passed": "Window passed", "current": "Now", "upcoming": "Upcoming", "overdue": "Overdue"}


def is_percent(unit: str) -> bool:
    """Return True for a unit measured in percent ('%', '% of spend', 'percent')."""
    return unit.strip().startswith("%") or unit.strip().lower().startswith("percent")


def improvement_text(ctx: Context, o) -> str:
    """Return how far an outcome moved: points for a percentage, else a relative change, like '67.7% better'."""
    if is_percent(o.unit):
        gain = -o.change if o.better == "lower" else o.change
        return f"{ctx.fmt.points(o.change)} ({'better' if gain > 0 else 'worse' if gain < 0 else 'unchanged'})"
    if o.improvement is None:
        return "new"
    if o.improvement < 0:
        return f"{ctx.fmt.percent(-o.improvement)} worse"
    return f"{ctx.fmt.percent(o.improvement)} better"


def counted(ctx: Context, count: int, singular: str, plural_form: str | None = None) -> str:
    """Return a count with its noun, the count grouped as the locale does: '1 goal', '1,971 more outcomes'."""
    noun = singular if count == 1 else plural_form or singular + "s"
    return f"{ctx.fmt.count(count)} {noun}"


def outcomes_table(ctx: Context, limit: int | None = TABLE_ROWS, rest: str = "listed in the appendix") -> Table:
    """Return the outcomes table, largest value first: before, now, change and documented yearly value.

    With more than ``limit`` outcomes, the table shows the top ones and one row for the others (how many,
    ``rest`` in brackets when given, and their value together), so the column still adds up to the total,
    which always counts them all.
    """
    f = ctx.figures
    shown = f.ranked if limit is None or len(f.ranked) <= limit else f.ranked[: limit - 1]
    others = f.ranked[len(shown):]
    others_value = sum((o.annual_value for o in others if o.annual_value is not None), Decimal(0))
    valued = any(o.annual_value is not None for o in f.ranked)
    amounts = [o.annual_value for o in shown if o.annual_value is not None]
    texts = ctx.fmt.table_money([*amounts, others_value, f.documented_value])  # only what the table prints
    money = dict(zip(amounts, texts, strict=False))
    rows = [
        (o.outcome, ctx.measure(o.baseline, o.unit), ctx.measure(o.current, o.unit), improvement_text(ctx, o),
         money[o.annual_value] if o.annual_value is not None else "not yet quantified")
        for o in shown
    ]
    if others:
        label = counted(ctx, len(others), "more outcome") + (f" ({rest})" if rest else "")
        rows.append((label, "", "", "", texts[-2] if any(o.annual_value is not None for o in others) else ""))
    emphasis = False
    if valued:
        rows.append(("Total documented value per year", "", "", "", texts[-1]))
        emphasis = True
    return Table(("Outcome", "Before", "Now", "Change", "Value per year"), tuple(rows),
                 align=("left", "right", "right", "right", "right"), widths=(5, 3, 3, 3, 3),
                 emphasis_last_row=emphasis)


def change_words(ctx: Context, pct: Decimal) -> str:
    """Return a price change as a customer reads it: 'a 5% increase', 'a 12% reduction', 'no change'."""
    if pct > 0:
        return f"a {ctx.fmt.pct(pct)} increase"
    if pct < 0:
        return f"a {ctx.fmt.pct(-pct)} reduction"
    return "no change in price"


def change_cell(ctx: Context, pct: Decimal) -> str:
    """Return a price change for a table cell: '+5%', '12% reduction', 'flat'; never '-12%'."""
    if pct > 0:
        return ctx.fmt.pct(pct)
    if pct < 0:
        return f"{ctx.fmt.pct(-pct)} reduction"
    return "flat"


def year_prices(ctx: Context, option, texts: dict | None = None) -> str:
    """Return an option's price per year as written wherever it is priced: one price when it never changes,
    else each year named, like 'Year 1: $420,000 · Year 2: $441,000', so the total is the sum of what is shown."""
    text = (lambda a: texts[a]) if texts is not None else ctx.money
    if not option.varies:
        return text(option.yearly[0])
    return " · ".join(f"Year {i}: {text(y)}" for i, y in enumerate(option.yearly, start=1))


def options_table(ctx: Context) -> Table:
    """Return the renewal options: term, price per year, total contract value and saving."""
    r = ctx.figures.renewal
    rows = []
    amounts = [a for opt in r.options for a in (*opt.yearly, opt.total, abs(opt.saving))]
    text = dict(zip(amounts, ctx.fmt.table_money(amounts), strict=True))
    for opt in r.options:
        if opt.saving > 0:
            saving = text[opt.saving]
        elif opt.saving < 0 and opt.varies:  # no price held: nothing saved, and no made-up "cost" either
            saving = "none: price not held"
        elif opt.saving < 0:  # costs more than renewing a year at a time: say so, never hide it
            saving = f"costs {text[-opt.saving]} more"
        else:
            saving = "—"
        rows.append((opt.name, plural(opt.term_months, "month"), change_cell(ctx, opt.increase_pct),
                     year_prices(ctx, opt, text), text[opt.total], saving))
    return Table(("Option", "Term", "Change", "Price per year", "Total contract value", "Saving"),
                 tuple(rows), align=("left", "left", "right", "right", "right", "right"),
                 widths=(5, 3, 2, 4, 4, 3))


def saving_basis(ctx: Context) -> str:
    """Return what an option's saving is measured against: the one-year price, held for the same term.

    Never a discount repeated each year, never an increase the customer never agreed to: the baseline is
    what renewing one year at a time would cost if each renewal kept the one-year price.
    """
    r = ctx.figures.renewal
    which = f"the price of the {r.baseline_name} option" if r.baseline_name else "this renewal's price"
    return (f"Saving is measured against renewing one year at a time at {which} ({ctx.money(r.baseline_price)} "
            "a year), held for the same term.")


def framing_sentence(ctx: Context) -> str:
    """Return the renewal price in one sentence; set against documented value only once value covers the price."""
    f = ctx.figures
    r = f.renewal
    extra = (f", plus {ctx.money(r.true_up)} a year for the capacity you use above your contract"
             if r.true_ups else "")
    if r.flat:
        text = f"The renewal keeps today's price of {ctx.money(r.arr)} a year: a flat renewal, with no increase{extra}"
    elif r.discount:
        text = (f"The renewal lowers today's price of {ctx.money(r.arr)} a year by {ctx.money(-r.increase)}: "
                f"{change_words(ctx, r.increase_pct)}{extra}")
    else:
        text = (f"A {ctx.fmt.pct(r.increase_pct)} increase on {ctx.money(r.arr)} comes to {ctx.money(r.increase)} "
                f"a year{extra}")
    if f.value_proven and not r.recovery:
        text += f", set against {ctx.money(r.documented_value)} of value we documented together each year"
        if r.value_to_increase is not None:
            text += f" ({ctx.fmt.multiple(r.value_to_increase)} the increase)"
    return text + "."


def recovery_sentences(ctx: Context) -> tuple[str, ...]:
    """Return the recovery plan of a renewal held at today's price: what we measure, the executive sponsor
    meeting, and the date we revisit the price together; () when the renewal is not held."""
    f = ctx.figures
    if not f.renewal.recovery:
        return ()
    tl = f.timeline
    names = [_in_sentence(o.outcome) for o in f.ranked[:3]]
    if names:
        listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        measure = f"Over the renewed term we will measure with you {listed}, against the baseline we agree now."
    else:
        measure = ("Before the new term starts, we will agree with you which business results to measure, and "
                   "their baseline.")
    sponsor = next((p.name for p in present(ctx.account, ctx.as_of) if p.role == "economic-buyer"), None)
    meet = business_after(tl.term_start + dt.timedelta(days=90))
    who = f"{sponsor}, your executive sponsor," if sponsor else "your executive sponsor"
    revisit = business_after(add_months(tl.term_start, ctx.account.contract.term_months) - dt.timedelta(days=120))
    return (measure,
            f"We will review the results with {who} by {ctx.date(meet)}.",
            f"We will revisit the price together on {ctx.date(revisit)}, with the results in hand, ahead of the "
            "next renewal.")


def add_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` ``months`` later, on the last day of a shorter month."""
    import calendar

    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def business_after(day: dt.date) -> dt.date:
    """Return ``day``, or the Monday after when it falls on a weekend."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def value_plan_sentence(ctx: Context) -> str:
    """Return the renewal framed on the value plan: what will be measured, and by when."""
    f = ctx.figures
    names = [_in_sentence(o.outcome) for o in f.ranked[:3]]
    if not names:  # nothing measured yet: nothing to review, only to agree
        return ("Before the renewal, we will agree with you which business results to measure over the new term, "
                "and their baseline.")
    else:
        listed = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]
        review = review_date(ctx)
        start = ctx.figures.timeline.term_start
        # a review before the new term measures the current one: never dated before the term it measures
        when = "Until the renewal" if review is not None and start and review < start else "Over the renewed term"
        text = f"{when}, we will keep measuring with you: {listed}"
        open_ = [o.outcome for o in f.ranked if o.annual_value is None]
        if open_:
            text += f". We will put a yearly value on {_in_sentence(open_[0])}"
            text += " and the others" if len(open_) > 1 else ""
    review = review_date(ctx)
    if review is not None:  # before signature: the customer signs knowing the results
        text += f", and review the results with you by {ctx.date(review)}"
    return text + "."


def review_date(ctx: Context) -> dt.date | None:
    """Return when we review the measured results with the customer: the next open goal, before signature."""
    f = ctx.figures
    goals = sorted((g for g in ctx.account.success_plan if g.status != "done" and g.due >= ctx.as_of),
                   key=lambda g: g.due)
    if f.timeline.in_window:
        return min([g.due for g in goals[:1]] + [f.timeline.signature_target])
    return goals[0].due if goals else None


def status_text(ctx: Context, status: str) -> str:
    """Return a goal's status as the audience reads it: a customer sees 'Needs attention', never 'At risk'."""
    if status == "at-risk" and not ctx.internal:
        return "Needs attention"
    return STATUS[status]


def unit_phrase(unit: str) -> str:
    """Return a business unit inside a sentence, its name kept as written: 'the Southern network team'."""
    return f"the {unit} team"


def _in_sentence(name: str) -> str:
    """Return a name as it reads inside a sentence: 'Claim denial rate' becomes 'claim denial rate', 'NPS' stays."""
    return name[0].lower() + name[1:] if name[1:2].islower() and not name[:1].islower() else name


def bridge_chart(ctx: Context):
    """Return the price bridge: today's price, the increase, the renewal; expansion on top, marked optional.

    A flat renewal has no increase bar.
    """
    from qbrgen.sections.document import Chart, Series

    r = ctx.figures.renewal
    cats, values = ["Today"], [r.arr]
    if r.increase_pct > 0:
        cats.append("Increase")
        values.append(r.increase)
    if r.true_ups:
        cats.append("Capacity above contract")
        values.append(r.true_up)
    if r.discount:  # a reduction is no step up: the renewal bar names it
        cats.append(f"Renewal ({change_cell(ctx, r.increase_pct)})")
    else:
        cats.append("Renewal (flat)" if r.flat and not r.true_ups else "Renewal")
    values.append(r.renewed_arr)
    totals, optional = (0, len(values) - 1), ()
    if r.expansion:
        cats += ["Optional expansion", "With the optional expansion"]
        values += [r.expansion, r.new_arr]
        totals, optional = (*totals, len(values) - 1), (len(values) - 2, len(values) - 1)
    return Chart("waterfall", "From today's price to the renewal", tuple(cats),
                 (Series("Per year", tuple(values)),), labels=tuple(ctx.compact(v) for v in values),
                 totals=totals, optional=optional)


def bridge_rows(ctx: Context) -> tuple[tuple[str, str], ...]:
    """Return the price table's rows: the renewal's price first, the optional expansion after it."""
    r = ctx.figures.renewal
    amounts = [r.arr, abs(r.increase), r.true_up, r.renewed_arr] + ([r.expansion, r.new_arr] if r.expansion else [])
    text = ctx.fmt.table_money(amounts)
    rows = [("Annual subscription today", text[0])]
    if r.increase_pct > 0:
        rows.append((f"Increase ({ctx.fmt.pct(r.increase_pct)})", text[1]))
    elif r.discount:
        rows.append((f"Reduction ({ctx.fmt.pct(-r.increase_pct)})", f"−{text[1]}"))
    for t in r.true_ups:
        rows.append((f"{t.product}: {ctx.fmt.number(t.excess, 2)} {t.unit} in use above the contract, at today's "
                     "price", ctx.fmt.table_money([t.arr, *amounts])[0]))
    if r.flat and not r.true_ups:
        rows.append(("Annual subscription, renewed at today's price", text[3]))
    else:
        rows.append(("Renewed annual subscription", text[3]))
    if r.expansion:
        rows += [("Optional expansion", text[4]), ("Total with the optional expansion", text[5])]
    return tuple(rows)


def _step_text(ctx: Context, key: str) -> str:
    """Return one customer step, worded from the account: options are named only when there are some."""
    if key == "start" and ctx.figures.timeline.backdated:
        return BACKDATED_START
    if key == "start" and ctx.figures.timeline.overdue:
        return LAPSED_START
    if key == "proposal" and not ctx.figures.renewal.options:
        return "We share the renewal proposal with its price"
    return STEP_TEXT[key]


def timeline_rows(ctx: Context, customer_facing: bool) -> tuple[tuple[str, ...], ...]:
    """Return the renewal steps as rows.

    The customer sees the steps they take part in, re-planned from the as-of date, so none is in the past.
    The internal plan sees the playbook's milestones with their status.
    """
    tl = ctx.figures.timeline
    if customer_facing:
        return tuple((ctx.date(st.date), _step_text(ctx, st.key)) for st in tl.steps)
    rows = []
    for m in tl.milestones:
        row = (ctx.date(m.date), f"{m.days_before} days before" if m.days_before else "Renewal date", m.step)
        rows.append((*row, MILESTONE_STATUS[m.status]))
    return tuple(rows)
