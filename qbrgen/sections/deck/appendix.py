"""Appendix: supporting detail (activity, capacity, ARR trajectory); never the lead."""

from qbrgen.document import Chart, Part, Series, Table
from qbrgen.sections.base import TABLE_ROWS, outcomes_table

BLOCK = None
WEIGHT = 0


def build(ctx):
    f = ctx.figures
    parts = []
    if len(f.ranked) > TABLE_ROWS:  # the value slide shows the top rows; the full list lives here
        parts.append(Part("appendix-outcomes", "Appendix: every documented outcome",
                          blocks=(outcomes_table(ctx, limit=None),), notes="Reference only."))
    rows = [(a.metric, ctx.fmt.number(a.value, 2)) for a in ctx.account.activity]
    products = [p for p in ctx.account.contract.products if p.capacity]
    if products:
        cap = Table(("Product", "Measured in", "Contracted", "In use", "Used"),
                    tuple((p.name, p.capacity.unit, ctx.fmt.number(p.capacity.contracted),
                           ctx.fmt.number(p.capacity.used),
                           ctx.fmt.percent(p.capacity.used / p.capacity.contracted) if p.capacity.contracted else "—")
                          for p in products),
                    align=("left", "left", "right", "right", "right"), widths=(4, 4, 3, 3, 2))
        parts.append(Part("appendix-capacity", "Appendix: capacity in use", blocks=(cap,),
                          notes="Reference only. Refer to it if capacity or plan size comes up."))
    if rows:
        parts.append(Part("appendix-activity", "Appendix: activity", blocks=(
            Table(("Measure", "Value"), tuple(rows), align=("left", "right"), widths=(6, 3)),),
            notes="Reference only: activity supports the outcomes, it does not replace them."))
    if len(f.growth.points) >= 2:
        chart = Chart("column", "Annual subscription at each renewal",
                      tuple(ctx.date(d) for d, _ in f.growth.points),
                      (Series("ARR", tuple(v for _, v in f.growth.points)),),
                      labels=tuple(ctx.compact(v) for _, v in f.growth.points))
        parts.append(Part("appendix-arr", "Appendix: our partnership over time", blocks=(chart,),
                          notes="Reference only."))
    return tuple(parts)
