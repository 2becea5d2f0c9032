"""Appendix: supporting detail (capacity, activity, ARR trajectory) on one slide where it fits; never the lead."""

from qbrgen.sections.base import TABLE_ROWS, outcomes_table
from qbrgen.sections.deck import titles
from qbrgen.sections.document import Card, Cards, Chart, Part, Series, Table

BLOCK = None
WEIGHT = 0
MAX_CARDS = 3
LISTED = 13  # outcome rows in the appendix: with the total, two slides of seven rows


def build(ctx):
    f = ctx.figures
    blocks = []
    if len(f.growth.points) >= 2:
        blocks.append(Chart("column", "Annual subscription over time",
                            tuple(ctx.date(d) for d, _ in f.growth.points),
                            (Series("ARR", tuple(v for _, v in f.growth.points)),),
                            labels=tuple(ctx.fmt.money_headline(v) for _, v in f.growth.points)))
    shelf = ctx.figures.renewal.shelfware or {}  # a customer sees adoption as a goal, never a list to cut
    products = [p for p in ctx.account.contract.products if p.capacity and (ctx.internal or p.name not in shelf)]
    if 0 < len(products) <= MAX_CARDS:  # a few products read better as cards than as a two-row table
        blocks.append(Cards(tuple(
            Card(p.name, "Capacity in use",
                 (f"{ctx.fmt.number(p.capacity.used)} of {ctx.fmt.number(p.capacity.contracted)} {p.capacity.unit}",),
                 f"{ctx.fmt.percent(p.capacity.used / p.capacity.contracted)} used" if p.capacity.contracted else "")
            for p in products)))
    elif products:
        blocks.append(Table(("Product", "Measured in", "Contracted", "In use", "Used"),
                            tuple((p.name, p.capacity.unit, ctx.fmt.number(p.capacity.contracted),
                                   ctx.fmt.number(p.capacity.used),
                                   ctx.fmt.percent(p.capacity.used / p.capacity.contracted)
                                   if p.capacity.contracted else "—")
                                  for p in products),
                            align=("left", "left", "right", "right", "right"), widths=(4, 4, 3, 3, 2)))
    rows = [(a.metric, ctx.fmt.number(a.value, 2)) for a in ctx.account.activity]
    if rows:
        blocks.append(Table(("Activity", "Value"), tuple(rows), align=("left", "right"), widths=(6, 3)))
    outcomes = ()
    if len(f.ranked) > TABLE_ROWS:  # the value slide shows the top rows; the others (up to a register's worth) here
        everything = len(f.ranked) <= LISTED
        title = "Every documented outcome" if everything else f"The {LISTED - 1} largest documented outcomes"
        table = outcomes_table(ctx, limit=LISTED, rest="measured the same way")
        notes = "Reference only." if everything else "Reference only. The full register is available on request."
        outcomes = (Part("appendix-outcomes", title, blocks=(table,), notes=notes,
                         overline=titles.TOPIC["appendix"]),)
    said = {t.product for t in f.triggers}
    if not blocks or (len(blocks) == 1 and isinstance(blocks[0], Cards) and len(products) == 1
                      and products[0].name in said):
        # one capacity card alone on a slide is not an appendix: the capacity trigger it shows is already on
        # the summary, renewal and next-steps slides
        return outcomes
    arrange = "columns" if len(blocks) > 1 and isinstance(blocks[0], Chart) else "stack"
    notes = ("Reference only. Refer to it if capacity, plan size or the history of the partnership comes up; "
             "activity supports the outcomes, it does not replace them.")
    return (*outcomes, Part("appendix", titles.appendix(), blocks=tuple(blocks), notes=notes,
                            overline=titles.TOPIC["appendix"], arrange=arrange))
