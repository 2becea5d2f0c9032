"""Action titles: each content slide's title states its takeaway, computed from the figures.

Every function returns the title of one slide; the topic it replaces goes above it as a small
overline (the ``TOPIC`` of each slide). Numbers are short headline figures ($1.2M, 3×).
Each title is one whole sentence per case (never glued from pieces), so a translation can order it freely.
"""

from __future__ import annotations

from decimal import Decimal

from qbrgen.i18n import N_, _, ngettext, pgettext


class Labels(dict):
    """Labels marked with ``N_`` at import, translated each time one is read (so inside the build's language)."""

    def __getitem__(self, key):
        return _(super().__getitem__(key))

    def get(self, key, default=None):
        return self[key] if key in self else default


TOPIC = Labels({
    # TRANSLATORS: small overline above a slide's title naming its topic; keep it short (~30 characters).
    "summary": N_("Executive summary"), "value": N_("Value delivered"),
    "value-chart": N_("Where the value comes from"), "usage": N_("Usage"), "alignment": N_("Your priorities"),
    "roadmap": N_("Roadmap"), "success-plan": N_("Mutual success plan"), "renewal": N_("Your renewal"),
    "renewal-options": N_("Renewal options"), "next-steps": N_("Next steps"), "agenda": N_("Agenda"),
    "appendix": N_("Appendix"),
})


def count(n: int, fmt=None) -> str:
    """Return a small count as a capitalised word (Two), a larger one in digits grouped as the locale groups
    them (1,200 or 1.200)."""
    # TRANSLATORS: a small count written as a word at the start of a slide title ("Two shared goals, ...").
    # If your language inflects it by the noun that follows, you may write the digit instead.
    words = {1: pgettext("number word, start of a title", "One"), 2: pgettext("number word, start of a title", "Two"),
             3: pgettext("number word, start of a title", "Three"),
             4: pgettext("number word, start of a title", "Four"),
             5: pgettext("number word, start of a title", "Five"), 6: pgettext("number word, start of a title", "Six")}
    if n in words:
        return words[n]
    return fmt.count(n) if fmt is not None else str(n)


def count_inside(n: int, fmt=None) -> str:
    """Return a small count as a word inside a sentence (two), a larger one in digits."""
    # TRANSLATORS: a small count written as a word inside a slide title ("Since 1 May: two goals met").
    words = {1: pgettext("number word, inside a title", "one"), 2: pgettext("number word, inside a title", "two"),
             3: pgettext("number word, inside a title", "three"),
             4: pgettext("number word, inside a title", "four"),
             5: pgettext("number word, inside a title", "five"), 6: pgettext("number word, inside a title", "six")}
    if n in words:
        return words[n]
    return fmt.count(n) if fmt is not None else str(n)


def listing(items, last: str = "and") -> str:
    """Return items as a list in a sentence: 'a, b and c' (``last="then"``: 'a, b, then c')."""
    items = list(items)
    if not items:
        return ""
    text = items[0]
    for item in items[1:-1]:
        # TRANSLATORS: joins two items of a list inside a title ("value, your priorities").
        text = _("{items}, {item}", items=text, item=item)
    if len(items) > 1:
        if last == "then":
            # TRANSLATORS: joins the last item of the agenda's list ("value, roadmap, then next steps").
            text = _("{items}, then {last}", items=text, last=items[-1])
        else:
            # TRANSLATORS: joins the last item of a list inside a title ("two goals met, one moved and one dropped").
            text = _("{items} and {last}", items=text, last=items[-1])
    return text


def value(ctx) -> str:
    f = ctx.figures
    if not f.documented_value:
        return _("Let us agree which results we measure together")
    amount = ctx.fmt.money_headline(f.documented_value)
    if f.value_multiple is not None and f.value_proven:
        # TRANSLATORS: slide title; {multiple} is like "3.2×" (value against the subscription price).
        return _("{amount} a year in documented value, {multiple} your subscription", amount=amount,
                 multiple=ctx.fmt.multiple(f.value_multiple))
    return _("{amount} a year in documented value", amount=amount)


def value_chart(ctx) -> str:
    valued = [o for o in ctx.figures.outcomes if o.annual_value]
    top = max(valued, key=lambda o: o.annual_value)
    amount = ctx.fmt.money_headline(top.annual_value)
    if len(valued) == 1:
        # TRANSLATORS: slide title; {outcome} is the customer's name for a result, like "Claim denial rate".
        return _("{outcome}: {amount} a year", outcome=top.outcome, amount=amount)
    # TRANSLATORS: slide title; the largest result's yearly value out of the documented total.
    return _("{outcome}: {amount} of the {total} a year", outcome=top.outcome, amount=amount,
             total=ctx.fmt.money_headline(ctx.figures.documented_value))


def usage(ctx, metric: str, months, values) -> str:
    first, last = values[0], values[-1]
    if not first:
        # TRANSLATORS: slide title; {metric} is the account's usage measure, like "Shipments processed".
        return _("{metric}, month by month", metric=metric)
    change = (last - first) / first
    percent = ctx.fmt.percent(abs(change), 0)
    if change >= 0:
        # TRANSLATORS: slide title; {month} is the first month of the series, like "Jan 2026".
        return _("{metric} up {percent} since {month}", metric=metric, percent=percent, month=months[0])
    return _("{metric} down {percent} since {month}", metric=metric, percent=percent, month=months[0])


def _years(horizons) -> str | None:
    years = sorted({h[:4] for h in horizons if h})
    if not years:
        return None
    return years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"


def alignment(ctx) -> str:
    priorities = ctx.account.priorities
    if not priorities:
        return _("What matters most to you in the coming quarters?")
    n = len(priorities)
    years = _years(p.horizon for p in priorities)
    if years is None:
        return ngettext("{count} priority for the coming quarters, and what would make it a success",
                        "{count} priorities for the coming quarters, and what would make them a success",
                        n, count=count(n, ctx.fmt))
    # TRANSLATORS: slide title; {years} is a year or a range of years, like "2027" or "2027–2028".
    return ngettext("{count} priority for {years}, and what would make it a success",
                    "{count} priorities for {years}, and what would make them a success",
                    n, count=count(n, ctx.fmt), years=years)


def roadmap(ctx, items) -> str:
    if not items:
        return _("The roadmap we bring next will follow your priorities")
    dates = sorted(i.available for i in items if i.available)
    n = len(items)
    if dates:
        # TRANSLATORS: slide title; {quarter} is when the first item is available, like "Q1 2027".
        return ngettext("{count} roadmap item serves your priorities, the first in {quarter}",
                        "{count} roadmap items serve your priorities, the first in {quarter}",
                        n, count=count(n, ctx.fmt), quarter=ctx.fmt.quarter(dates[0]))
    return ngettext("{count} roadmap item serves your priorities", "{count} roadmap items serve your priorities",
                    n, count=count(n, ctx.fmt))


def success_plan(ctx, goals=None) -> str:
    """Return the success plan's title, counting ``goals`` (the slide's: the account's and the adoption goals
    the deck adds; by default the account's)."""
    goals = ctx.account.success_plan if goals is None else goals
    if not goals:
        return _("Two or three goals we own together")
    open_goals = [g for g in goals if g.status != "done"]
    n = len(goals)
    if not open_goals:
        return ngettext("{count} shared goal, all done", "{count} shared goals, all done", n,
                        count=count(n, ctx.fmt))
    nxt = min(open_goals, key=lambda g: g.due)
    if n == 1:
        return _("One shared goal, due {date}", date=ctx.date(nxt.due))
    return ngettext("{count} shared goal, the next due {date}", "{count} shared goals, the next due {date}", n,
                    count=count(n, ctx.fmt), date=ctx.date(nxt.due))


def renewal(ctx) -> str:
    f = ctx.figures
    r = f.renewal
    when = ctx.date(f.timeline.renewal_date)
    if f.timeline.overdue:
        return _("Renewal date passed on {date}: the new term starts {start}", date=when,
                 start=ctx.date(f.timeline.term_start))
    if f.value_proven and r.increase > 0 and not r.true_ups:
        # TRANSLATORS: slide title; {increase} is the yearly price increase, {value} the documented value a year.
        return _("Renewal on {date}: {increase} more a year, set against {value} of documented value", date=when,
                 increase=ctx.fmt.money_headline(r.increase), value=ctx.fmt.money_headline(r.documented_value))
    return _("Renewal on {date}: {amount} a year", date=when, amount=ctx.fmt.money_headline(r.renewed_arr))


def renewal_options(ctx) -> str:
    best = max(ctx.figures.renewal.options, key=lambda o: o.saving, default=None)
    if best is None or best.saving <= Decimal(0):
        return _("Your renewal options side by side")
    # TRANSLATORS: slide title; {option} is the option's name from the account file, like "3-year term".
    return _("{option} saves you {amount}", option=best.name, amount=ctx.fmt.money_headline(best.saving))


def next_steps(steps, fmt=None) -> str:
    n = len(steps)
    return ngettext("{count} step to agree today", "{count} steps to agree today", n, count=count(n, fmt))


def appendix() -> str:
    return _("Capacity, activity and growth in detail")
