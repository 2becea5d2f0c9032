"""What every section builder receives, and the words shared between sections."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from qbrgen.analysis.context import Context
from qbrgen.analysis.coverage import present
from qbrgen.i18n import N_, _, in_sentence, ngettext, pgettext
from qbrgen.sections.document import Table

# TRANSLATORS: a shared goal's status, in a table cell of the deck and the recap e-mail.
STATUS = {"not-started": N_("Not started"), "on-track": N_("On track"), "at-risk": N_("At risk"), "done": N_("Done")}
# TRANSLATORS: a stakeholder's seniority and the rows and columns of the 3x3 coverage grid (internal slides).
LEVEL = {"ic": N_("Individual contributor"), "manager": N_("Manager"), "director": N_("Director"), "vp": N_("VP"),
         "c-level": N_("C-level")}
SENIORITY = {"ic-manager": N_("IC / manager"), "director": N_("Director"), "executive": N_("VP / C-level")}
FUNCTION = {"buying": N_("Buying team"), "using": N_("Using team"), "adjacent": N_("Adjacent team")}
TABLE_ROWS = 6  # outcomes shown in a customer table; the rest go to the appendix
# A customer document lists at most this many outcomes (the proposal's "How we measured"; the deck's appendix
# takes two slides' worth): a register of hundreds is the account team's record, not something to bring to a
# meeting. The internal plan lists them all.
LISTED_OUTCOMES = 30
REST_APPENDIX = N_("listed in the appendix")


def is_percent(unit: str) -> bool:
    """Return True for a unit measured in percent ('%', '% of spend', 'percent')."""
    return unit.strip().startswith("%") or unit.strip().lower().startswith("percent")


def improvement_text(ctx: Context, o) -> str:
    """Return how far an outcome moved: points for a percentage, else a relative change, like '67.7% better'."""
    if is_percent(o.unit):
        gain = -o.change if o.better == "lower" else o.change
        points = ctx.fmt.points(o.change)
        # TRANSLATORS: a table cell: how far a rate measured in percent moved; {points} is like "+4.2 points".
        if gain > 0:
            return _("{points} (better)", points=points)
        if gain < 0:
            return _("{points} (worse)", points=points)
        return _("{points} (unchanged)", points=points)
    if o.improvement is None:
        # TRANSLATORS: a table cell: an outcome measured for the first time, with no starting point.
        return pgettext("outcome change", "new")
    if o.improvement < 0:
        # TRANSLATORS: a table cell; {percent} is like "12.5%".
        return _("{percent} worse", percent=ctx.fmt.percent(-o.improvement))
    return _("{percent} better", percent=ctx.fmt.percent(o.improvement))


def counted(ctx: Context, count: int, singular: str, plural_form: str | None = None) -> str:
    """Return a count with its noun, the count grouped as the locale does: '1 goal', '1,971 more outcomes'."""
    noun = singular if count == 1 else plural_form or singular + "s"
    return f"{ctx.fmt.count(count)} {noun}"


def outcomes_table(ctx: Context, limit: int | None = TABLE_ROWS, rest: str = REST_APPENDIX) -> Table:
    """Return the outcomes table, largest value first: before, now, change and documented yearly value.

    With more than ``limit`` outcomes, the table shows the top ones and one row for the others (how many,
    ``rest`` in brackets when given, and their value together), so the column still adds up to the total,
    which always counts them all. ``rest`` is marked with ``N_`` by the caller and translated here.
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
         money[o.annual_value] if o.annual_value is not None else _("not yet quantified"))
        for o in shown
    ]
    if others:
        count = ctx.fmt.count(len(others))
        if rest:
            # TRANSLATORS: the last row of the outcomes table; {where} says where the others are listed, like
            # "listed in the appendix".
            label = ngettext("{count} more outcome ({where})", "{count} more outcomes ({where})", len(others),
                             count=count, where=_(rest))
        else:
            label = ngettext("{count} more outcome", "{count} more outcomes", len(others), count=count)
        rows.append((label, "", "", "", texts[-2] if any(o.annual_value is not None for o in others) else ""))
    emphasis = False
    if valued:
        rows.append((_("Total documented value per year"), "", "", "", texts[-1]))
        emphasis = True
    return Table((pgettext("table heading", "Outcome"), pgettext("table heading", "Before"),
                  pgettext("table heading", "Now"), pgettext("table heading", "Change"),
                  pgettext("table heading", "Value per year")), tuple(rows),
                 align=("left", "right", "right", "right", "right"), widths=(5, 3, 3, 3, 3),
                 emphasis_last_row=emphasis)


def change_words(ctx: Context, pct: Decimal) -> str:
    """Return a price change as a customer reads it: 'a 5% increase', 'a 12% reduction', 'no change'."""
    # TRANSLATORS: a price change on its own (a caption under a figure); {percent} is like "5%".
    if pct > 0:
        return pgettext("price change", "a {percent} increase", percent=ctx.fmt.pct(pct))
    if pct < 0:
        return pgettext("price change", "a {percent} reduction", percent=ctx.fmt.pct(-pct))
    return pgettext("price change", "no change in price")


def change_cell(ctx: Context, pct: Decimal, capacity: bool = False) -> str:
    """Return a price change for a table cell: '+5%', '12% reduction', 'flat'; never '-12%'. With ``capacity``
    (a true-up line raises the total), no change reads 'unit prices held', never 'flat' beside a higher total."""
    if pct > 0:
        return ctx.fmt.pct(pct)
    if pct < 0:
        # TRANSLATORS: a table cell; {percent} is like "12%".
        return _("{percent} reduction", percent=ctx.fmt.pct(-pct))
    if capacity:
        # TRANSLATORS: a table cell: the price per unit does not change (the total rises with capacity added).
        return pgettext("price change", "unit prices held")
    # TRANSLATORS: a table cell: the price does not change.
    return pgettext("price change", "flat")


def escalation(ctx: Context, options) -> tuple[str, ...]:
    """Return, for each option priced differently year by year, how each year follows from the one before, in
    a sentence a reader can check by hand beside the yearly prices."""
    from qbrgen.analysis.pricing import priced_today

    r = ctx.figures.renewal
    out = []
    for o in options:
        if not o.varies or o.increase_pct == 0:
            continue
        base, pct = ctx.money(priced_today(ctx.account, r.overage)), ctx.fmt.pct(abs(o.increase_pct))
        # TRANSLATORS: how a multi-year option's yearly prices follow; {option} its name, {base} today's price a
        # year, {percent} like "3%", {true_up} the price a year of the capacity used above the contract.
        if o.increase_pct > 0 and r.true_ups:
            text = _("{option}: the subscription is today's {base} plus {percent} in year 1, and the year before plus "
                     "{percent} in each later year; the {true_up} a year for the capacity added to cover what you "
                     "use stays the same.", option=o.name, base=base, percent=pct, true_up=ctx.money(r.true_up))
        elif o.increase_pct > 0:
            text = _("{option}: year 1 is today's {base} plus {percent}; each later year is the year before plus "
                     "{percent}.", option=o.name, base=base, percent=pct)
        elif r.true_ups:
            text = _("{option}: the subscription is today's {base} less {percent} in year 1, and the year before "
                     "less {percent} in each later year; the {true_up} a year for the capacity added to cover what "
                     "you use stays the same.", option=o.name, base=base, percent=pct, true_up=ctx.money(r.true_up))
        else:
            text = _("{option}: year 1 is today's {base} less {percent}; each later year is the year before less "
                     "{percent}.", option=o.name, base=base, percent=pct)
        out.append(text)
    return tuple(out)


def year_prices(ctx: Context, option, texts: dict | None = None) -> str:
    """Return an option's price per year as written wherever it is priced: one price when it never changes,
    else each year named, like 'Year 1: $420,000 · Year 2: $441,000', so the total is the sum of what is shown."""
    text = (lambda a: texts[a]) if texts is not None else ctx.money
    if not option.varies:
        return text(option.yearly[0])
    # TRANSLATORS: one year's price of a multi-year option, like "Year 2: $441,000".
    return " · ".join(_("Year {number}: {amount}", number=ctx.fmt.count(i), amount=text(y))
                      for i, y in enumerate(option.yearly, start=1))


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
            # TRANSLATORS: a table cell in the "Saving" column.
            saving = _("none: price not held")
        elif opt.saving < 0:  # costs more than renewing a year at a time: say so, never hide it
            # TRANSLATORS: a table cell in the "Saving" column; {amount} is money.
            saving = _("costs {amount} more", amount=text[-opt.saving])
        else:
            saving = "—"
        term = ngettext("{count} month", "{count} months", opt.term_months, count=ctx.fmt.count(opt.term_months))
        rows.append((opt.name, term, change_cell(ctx, opt.increase_pct, bool(capacity_added(r))),
                     year_prices(ctx, opt, text), text[opt.total], saving))
    return Table((pgettext("table heading", "Option"), pgettext("table heading", "Term"),
                  pgettext("table heading", "Change"), pgettext("table heading", "Price per year"),
                  pgettext("table heading", "Total contract value"), pgettext("table heading", "Saving")),
                 tuple(rows), align=("left", "left", "right", "right", "right", "right"),
                 widths=(5, 3, 2, 4, 4, 3))


def saving_basis(ctx: Context) -> str:
    """Return what an option's saving is measured against: the one-year price, held for the same term.

    Never a discount repeated each year, never an increase the customer never agreed to: the baseline is
    what renewing one year at a time would cost if each renewal kept the one-year price.
    """
    r = ctx.figures.renewal
    if r.baseline_name:
        # TRANSLATORS: {option} is the name of a renewal option, like "1-year"; {amount} is money.
        return _("Saving is measured against renewing one year at a time at the price of the {option} option "
                 "({amount} a year), held for the same term.", option=r.baseline_name,
                 amount=ctx.money(r.baseline_price))
    return _("Saving is measured against renewing one year at a time at this renewal's price ({amount} a year), "
             "held for the same term.", amount=ctx.money(r.baseline_price))


FRAMING = {  # (price, capacity above the contract, value set against it): one whole sentence each
    ("flat", False, ""): N_(
        "The renewal keeps today's price of {arr} a year: a flat renewal, with no increase."),
    ("flat", False, "value"): N_(
        "The renewal keeps today's price of {arr} a year: a flat renewal, with no increase, set "
        "against {value} of value we documented together each year."),
    ("flat", False, "multiple"): N_(
        "The renewal keeps today's price of {arr} a year: a flat renewal, with no increase, set "
        "against {value} of value we documented together each year ({multiple} the increase)."),
    ("flat", True, ""): N_(
        "The renewal holds today's unit prices, with no increase: the total moves from {arr} to {renewed} a year "
        "only by the {true_up} for the capacity added to cover what you already use."),
    ("flat", True, "value"): N_(
        "The renewal holds today's unit prices, with no increase: the total moves from {arr} to {renewed} a year "
        "only by the {true_up} for the capacity added to cover what you already use, set against {value} of value "
        "we documented together each year."),
    ("flat", True, "multiple"): N_(
        "The renewal holds today's unit prices, with no increase: the total moves from {arr} to {renewed} a year "
        "only by the {true_up} for the capacity added to cover what you already use, set against {value} of value "
        "we documented together each year ({multiple} the increase)."),
    ("discount", False, ""): N_(
        "The renewal lowers today's price of {arr} a year by {reduction}: a {percent} reduction."),
    ("discount", False, "value"): N_(
        "The renewal lowers today's price of {arr} a year by {reduction}: a {percent} reduction, "
        "set against {value} of value we documented together each year."),
    ("discount", False, "multiple"): N_(
        "The renewal lowers today's price of {arr} a year by {reduction}: a {percent} reduction, "
        "set against {value} of value we documented together each year ({multiple} the increase)."),
    ("discount", True, ""): N_(
        "The renewal lowers today's price of {arr} a year by {reduction}: a {percent} reduction, "
        "plus {true_up} a year for the capacity you use above your contract."),
    ("discount", True, "value"): N_(
        "The renewal lowers today's price of {arr} a year by {reduction}: a {percent} reduction, "
        "plus {true_up} a year for the capacity you use above your contract, set against {value} "
        "of value we documented together each year."),
    ("discount", True, "multiple"): N_(
        "The renewal lowers today's price of {arr} a year by {reduction}: a {percent} reduction, "
        "plus {true_up} a year for the capacity you use above your contract, set against {value} "
        "of value we documented together each year ({multiple} the increase)."),
    ("increase", False, ""): N_(
        "A {percent} increase on {arr} comes to {increase} a year."),
    ("increase", False, "value"): N_(
        "A {percent} increase on {arr} comes to {increase} a year, set against {value} of value "
        "we documented together each year."),
    ("increase", False, "multiple"): N_(
        "A {percent} increase on {arr} comes to {increase} a year, set against {value} of value "
        "we documented together each year ({multiple} the increase)."),
    ("increase", True, ""): N_(
        "A {percent} increase on {arr} comes to {increase} a year, plus {true_up} a year for the "
        "capacity you use above your contract."),
    ("increase", True, "value"): N_(
        "A {percent} increase on {arr} comes to {increase} a year, plus {true_up} a year for the "
        "capacity you use above your contract, set against {value} of value we documented "
        "together each year."),
    ("increase", True, "multiple"): N_(
        "A {percent} increase on {arr} comes to {increase} a year, plus {true_up} a year for the "
        "capacity you use above your contract, set against {value} of value we documented "
        "together each year ({multiple} the increase)."),
}


def capacity_added(r) -> Decimal:
    """Return what a renewal adds a year for capacity in use above the contract: the true-up lines, or (renewed
    at the quantity in use, with no price change) the renewed total above today's; 0 for none."""
    if r.true_ups:
        return r.true_up
    return r.renewed_arr - r.arr if r.flat and r.renewed_arr > r.arr else Decimal(0)


def framing_sentence(ctx: Context) -> str:
    """Return the renewal price in one sentence; set against documented value only once value covers the price."""
    f = ctx.figures
    r = f.renewal
    kind = "flat" if r.flat else "discount" if r.discount else "increase"
    value = ""
    if f.value_proven and not r.recovery:
        value = "multiple" if r.value_to_increase is not None else "value"
    # TRANSLATORS: the renewal's price in one sentence: {arr} today's price a year, {percent} the change,
    # {increase}/{reduction} the change in money, {true_up} capacity used above the contract a year, {renewed} the
    # renewed total a year, {value} the
    # value documented a year, {multiple} like "3.2x".
    added = capacity_added(r) if r.flat else r.true_up
    return _(FRAMING[(kind, bool(added), value)], arr=ctx.money(r.arr), percent=ctx.fmt.pct(abs(r.increase_pct)),
             increase=ctx.money(r.increase), reduction=ctx.money(-r.increase), true_up=ctx.money(added),
             renewed=ctx.money(r.renewed_arr),
             value=ctx.money(r.documented_value),
             multiple=ctx.fmt.multiple(r.value_to_increase) if r.value_to_increase is not None else "")


def listed(names: list[str]) -> str:
    """Return names as a list inside a sentence: 'a', 'a and b', 'a, b and c'."""
    if len(names) < 2:
        return names[0] if names else ""
    # TRANSLATORS: the end of a list inside a sentence; {items} are the first names separated by commas.
    return _("{items} and {last}", items=_(", ").join(names[:-1]), last=names[-1])


def recovery_sentences(ctx: Context) -> tuple[str, ...]:
    """Return the recovery plan of a renewal held at today's price: what we measure, the executive sponsor
    meeting, and the date we revisit the price together; () when the renewal is not held."""
    f = ctx.figures
    if not f.renewal.recovery:
        return ()
    tl = f.timeline
    names = [_in_sentence(o.outcome) for o in f.ranked[:3]]
    if names:
        # TRANSLATORS: {outcomes} lists up to three business results, like "claim denial rate and NPS".
        measure = _("Over the renewed term we will measure with you {outcomes}, against the baseline we agree now.",
                    outcomes=listed(names))
    else:
        measure = _("Before the new term starts, we will agree with you which business results to measure, and "
                    "their baseline.")
    sponsor = next((p.name for p in present(ctx.account, ctx.as_of) if p.role == "economic-buyer"), None)
    meet = business_after(tl.term_start + dt.timedelta(days=90))
    revisit = business_after(add_months(tl.term_start, ctx.account.contract.term_months) - dt.timedelta(days=120))
    if sponsor:
        # TRANSLATORS: {name} is a person at the customer.
        review = _("We will review the results with {name}, your executive sponsor, by {date}.", name=sponsor,
                   date=ctx.date(meet))
    elif ctx.account.account.segment == "smb" and not ctx.account.stakeholders:  # the owner of a small business
        review = _("We will review the results with you by {date}.", date=ctx.date(meet))
    else:
        review = _("We will review the results with your executive sponsor by {date}.", date=ctx.date(meet))
    return (measure, review,
            _("We will revisit the price together on {date}, with the results in hand, ahead of the next renewal.",
              date=ctx.date(revisit)))


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
        return _("Before the renewal, we will agree with you which business results to measure over the new term, "
                 "and their baseline.")
    review = review_date(ctx)
    start = ctx.figures.timeline.term_start
    # a review before the new term measures the current one: never dated before the term it measures
    until = review is not None and start and review < start
    open_ = [o.outcome for o in f.ranked if o.annual_value is None]
    values = {"outcomes": listed(names), "outcome": _in_sentence(open_[0]) if open_ else "",
              "date": ctx.date(review) if review is not None else ""}
    key = ("until" if until else "over", "none" if not open_ else "one" if len(open_) == 1 else "more",
           review is not None)
    # TRANSLATORS: {outcomes} lists up to three business results being measured; {outcome} is one result with
    # no yearly value yet; {date} is the date of the review.
    return _(VALUE_PLAN[key], **values)


VALUE_PLAN = {  # (until the renewal or over the new term, outcomes without a value yet, a review date)
    ("until", "none", False): N_("Until the renewal, we will keep measuring with you: {outcomes}."),
    ("until", "none", True): N_("Until the renewal, we will keep measuring with you: {outcomes}, and review the "
                                "results with you by {date}."),
    ("until", "one", False): N_("Until the renewal, we will keep measuring with you: {outcomes}. We will put a "
                                "yearly value on {outcome}."),
    ("until", "one", True): N_("Until the renewal, we will keep measuring with you: {outcomes}. We will put a "
                               "yearly value on {outcome}, and review the results with you by {date}."),
    ("until", "more", False): N_("Until the renewal, we will keep measuring with you: {outcomes}. We will put a "
                                 "yearly value on {outcome} and the others."),
    ("until", "more", True): N_("Until the renewal, we will keep measuring with you: {outcomes}. We will put a "
                                "yearly value on {outcome} and the others, and review the results with you by "
                                "{date}."),
    ("over", "none", False): N_("Over the renewed term, we will keep measuring with you: {outcomes}."),
    ("over", "none", True): N_("Over the renewed term, we will keep measuring with you: {outcomes}, and review "
                               "the results with you by {date}."),
    ("over", "one", False): N_("Over the renewed term, we will keep measuring with you: {outcomes}. We will put a "
                               "yearly value on {outcome}."),
    ("over", "one", True): N_("Over the renewed term, we will keep measuring with you: {outcomes}. We will put a "
                              "yearly value on {outcome}, and review the results with you by {date}."),
    ("over", "more", False): N_("Over the renewed term, we will keep measuring with you: {outcomes}. We will put "
                                "a yearly value on {outcome} and the others."),
    ("over", "more", True): N_("Over the renewed term, we will keep measuring with you: {outcomes}. We will put "
                               "a yearly value on {outcome} and the others, and review the results with you by "
                               "{date}."),
}


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
        return _("Needs attention")
    return _(STATUS[status])


def unit_phrase(unit: str) -> str:
    """Return a business unit inside a sentence, its name kept as written: 'the Southern network team'."""
    # TRANSLATORS: a business unit inside a sentence; {unit} is its name from the account file.
    return _("the {unit} team", unit=unit)


def _in_sentence(name: str) -> str:
    """Return a name as it reads inside a sentence: 'Claim denial rate' becomes 'claim denial rate', 'NPS' stays."""
    return in_sentence(name)
