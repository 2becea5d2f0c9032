"""Action titles: each content slide's title states its takeaway, computed from the figures.

Every function returns the title of one slide; the topic it replaces goes above it as a small
overline (the ``TOPIC`` of each slide). Numbers are short headline figures ($1.2M, 3×).
"""

from __future__ import annotations

from decimal import Decimal

TOPIC = {
    "summary": "Executive summary", "value": "Value delivered", "value-chart": "Where the value comes from",
    "usage": "Usage", "alignment": "Your priorities", "roadmap": "Roadmap", "success-plan": "Mutual success plan",
    "renewal": "Your renewal", "renewal-options": "Renewal options", "next-steps": "Next steps",
    "agenda": "Agenda", "appendix": "Appendix",
}
_WORDS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six"}


def count(n: int, fmt=None) -> str:
    """Return a small count as a capitalised word (Two), a larger one in digits grouped as the locale groups
    them (1,200 or 1.200)."""
    if n in _WORDS:
        return _WORDS[n]
    return fmt.count(n) if fmt is not None else str(n)


def value(ctx) -> str:
    f = ctx.figures
    if not f.documented_value:
        return "Let us agree which results we measure together"
    title = f"{ctx.fmt.money_headline(f.documented_value)} a year in documented value"
    if f.value_multiple is not None and f.value_proven:
        title += f", {ctx.fmt.multiple(f.value_multiple)} your subscription"
    return title


def value_chart(ctx) -> str:
    valued = [o for o in ctx.figures.outcomes if o.annual_value]
    top = max(valued, key=lambda o: o.annual_value)
    amount = ctx.fmt.money_headline(top.annual_value)
    if len(valued) == 1:
        return f"{top.outcome}: {amount} a year"
    return f"{top.outcome}: {amount} of the {ctx.fmt.money_headline(ctx.figures.documented_value)} a year"


def usage(ctx, metric: str, months, values) -> str:
    first, last = values[0], values[-1]
    if not first:
        return f"{metric}, month by month"
    change = (last - first) / first
    direction = "up" if change >= 0 else "down"
    return f"{metric} {direction} {ctx.fmt.percent(abs(change), 0)} since {months[0]}"


def _years(horizons) -> str:
    years = sorted({h[:4] for h in horizons if h})
    if not years:
        return "the coming quarters"
    return years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"


def alignment(ctx) -> str:
    priorities = ctx.account.priorities
    if not priorities:
        return "What matters most to you in the coming quarters?"
    n = len(priorities)
    noun, them = ("priority", "it") if n == 1 else ("priorities", "them")
    years = _years(p.horizon for p in priorities)
    return f"{count(n, ctx.fmt)} {noun} for {years}, and what would make {them} a success"


def roadmap(ctx, items) -> str:
    if not items:
        return "The roadmap we bring next will follow your priorities"
    dates = sorted(i.available for i in items if i.available)
    noun = "item serves" if len(items) == 1 else "items serve"
    title = f"{count(len(items), ctx.fmt)} roadmap {noun} your priorities"
    return title + (f", the first in {ctx.fmt.quarter(dates[0])}" if dates else "")


def success_plan(ctx) -> str:
    goals = ctx.account.success_plan
    if not goals:
        return "Two or three goals we own together"
    open_goals = [g for g in goals if g.status != "done"]
    noun = "goal" if len(goals) == 1 else "goals"
    if not open_goals:
        return f"{count(len(goals), ctx.fmt)} shared {noun}, all done"
    nxt = min(open_goals, key=lambda g: g.due)
    if len(goals) == 1:
        return f"One shared goal, due {ctx.date(nxt.due)}"
    return f"{count(len(goals), ctx.fmt)} shared {noun}, the next due {ctx.date(nxt.due)}"


def renewal(ctx) -> str:
    f = ctx.figures
    r = f.renewal
    when = ctx.date(f.timeline.renewal_date)
    if f.timeline.overdue:
        return f"Renewal date passed on {when}: the new term starts {ctx.date(f.timeline.term_start)}"
    if f.value_proven and r.increase > 0 and not r.true_ups:
        return (f"Renewal on {when}: {ctx.fmt.money_headline(r.increase)} more a year, set against "
                f"{ctx.fmt.money_headline(r.documented_value)} of documented value")
    return f"Renewal on {when}: {ctx.fmt.money_headline(r.renewed_arr)} a year"


def renewal_options(ctx) -> str:
    best = max(ctx.figures.renewal.options, key=lambda o: o.saving, default=None)
    if best is None or best.saving <= Decimal(0):
        return "Your renewal options side by side"
    return f"{best.name} saves you {ctx.fmt.money_headline(best.saving)}"


def next_steps(steps) -> str:
    noun = "step" if len(steps) == 1 else "steps"
    return f"{count(len(steps))} {noun} to agree today"


def appendix() -> str:
    return "Capacity, activity and growth in detail"
