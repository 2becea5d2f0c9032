"""Business volume over time (the account's one business-relevant usage series).

A rising or steady series supports the value story in the customer's value section. A falling one
is a churn signal: it goes to the internal appendix, described as falling, never to the customer.
"""

from decimal import Decimal

from qbrgen.sections.deck import titles
from qbrgen.sections.document import Chart, Part, Series

BLOCK = "value"
WEIGHT = 2
AUTO_ZERO = Decimal(5) / 6  # PowerPoint starts a line chart's axis above zero when the lowest point is this high


def trend(values) -> str:
    """Return 'rising', 'falling' or 'steady' from the first to the last value."""
    first, last = values[0], values[-1]
    return "rising" if last > first else "falling" if last < first else "steady"


def usage_part(ctx) -> Part | None:
    """Return the usage slide, or None without at least two months of data."""
    usage = ctx.account.usage
    if usage is None or len(ctx.figures.usage) < 2:
        return None
    months, values = zip(*ctx.figures.usage, strict=True)
    months = tuple(ctx.fmt.month(m) for m in months)  # Jan 2026, as people write it
    direction = trend(values)
    title = f"{usage.metric} per month"
    note = ""
    if min(values) > 0 and min(values) > max(values) * AUTO_ZERO:
        note = "the axis does not start at zero"
        title += f" ({note})"
    chart = Chart("line", title, tuple(months), (Series(usage.metric, tuple(values)),), axis_note=note)
    change = ""
    if values[0]:
        change = f"{ctx.fmt.percent(abs(values[-1] - values[0]) / values[0])} from {months[0]} to {months[-1]}"
    if direction == "rising":
        notes = f"{usage.metric} is rising: up {change}, in step with the outcomes on the previous slide."
    elif direction == "falling":
        # only the internal deck shows a falling series (see the module docstring)
        notes = (f"{usage.metric} is falling: down {change}. Find the cause with the champion before the "
                 "meeting; do not present this as growth.")
    else:
        notes = f"{usage.metric} is steady from {months[0]} to {months[-1]}."
    return Part("usage", titles.usage(ctx, usage.metric, months, values), blocks=(chart,), notes=notes)


def build(ctx):
    part = usage_part(ctx)
    if part is None or trend([v for _, v in ctx.figures.usage]) == "falling":
        return ()
    return (part,)
