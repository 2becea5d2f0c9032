"""Business volume over time (the account's one business-relevant usage series)."""

from qbrgen.document import Chart, Part, Series
from qbrgen.sections.deck import titles

BLOCK = "value"
WEIGHT = 2


def build(ctx):
    usage = ctx.account.usage
    if usage is None or len(ctx.figures.usage) < 2:
        return ()
    months, values = zip(*ctx.figures.usage, strict=True)
    first, last = values[0], values[-1]
    change = ""
    if first:
        change = f" {ctx.fmt.percent((last - first) / first)} change from {months[0]} to {months[-1]}."
    chart = Chart("line", f"{usage.metric} per month", tuple(months), (Series(usage.metric, tuple(values)),))
    notes = f"Connect the trend to the outcomes: more volume handled with the same team.{change}"
    return (Part("usage", titles.usage(ctx, usage.metric, months, values), blocks=(chart,), notes=notes),)
