"""Business volume over time (the account's one business-relevant usage series).

A rising or steady series supports the value story in the customer's value section. A falling one
is a churn signal: it goes to the internal appendix, described as falling, never to the customer.
"""

from decimal import Decimal

from qbrgen.i18n import _
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
    note = ""
    if min(values) > 0 and min(values) > max(values) * AUTO_ZERO:
        # TRANSLATORS: said under a line chart whose value axis starts above zero.
        note = _("the axis does not start at zero")
        # TRANSLATORS: a chart's title; {metric} is the account's usage measure, like "Shipments processed".
        title = _("{metric} per month ({note})", metric=usage.metric, note=note)
    else:
        title = _("{metric} per month", metric=usage.metric)
    chart = Chart("line", title, tuple(months), (Series(usage.metric, tuple(values)),), axis_note=note)
    values_in = {"metric": usage.metric, "start": months[0], "end": months[-1]}
    change = ctx.fmt.percent(abs(values[-1] - values[0]) / values[0]) if values[0] else None
    if direction == "rising":
        if change is None:
            notes = _("{metric} is rising, in step with the outcomes on the previous slide.", **values_in)
        else:
            # TRANSLATORS: speaker notes; {percent} is the change from the month {start} to the month {end}.
            notes = _("{metric} is rising: up {percent} from {start} to {end}, in step with the outcomes on the "
                      "previous slide.", percent=change, **values_in)
    elif direction == "falling":
        # only the internal deck shows a falling series (see the module docstring)
        if change is None:
            notes = _("{metric} is falling: down. Find the cause with the champion before the meeting; do not "
                      "present this as growth.", **values_in)
        else:
            notes = _("{metric} is falling: down {percent} from {start} to {end}. Find the cause with the champion "
                      "before the meeting; do not present this as growth.", percent=change, **values_in)
    else:
        notes = _("{metric} is steady from {start} to {end}.", **values_in)
    return Part("usage", titles.usage(ctx, usage.metric, months, values), blocks=(chart,), notes=notes)


def build(ctx):
    part = usage_part(ctx)
    if part is None or trend([v for _month, v in ctx.figures.usage]) == "falling":
        return ()
    return (part,)
