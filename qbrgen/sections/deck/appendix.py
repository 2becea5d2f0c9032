"""Appendix: supporting detail (capacity, activity, ARR trajectory) on one slide where it fits; never the lead."""

from qbrgen.i18n import _, ngettext, pgettext
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
        # TRANSLATORS: a chart's series name: annual recurring revenue (keep the abbreviation if it is used).
        blocks.append(Chart("column", _("Annual subscription over time"),
                            tuple(ctx.date(d) for d, _value in f.growth.points),
                            (Series(_("ARR"), tuple(v for _day, v in f.growth.points)),),
                            labels=tuple(ctx.fmt.money_headline(v) for _day, v in f.growth.points)))
    shelf = ctx.figures.renewal.shelfware or {}  # a customer sees adoption as a goal, never a list to cut
    products = [p for p in ctx.account.contract.products if p.capacity and (ctx.internal or p.name not in shelf)]
    if 0 < len(products) <= MAX_CARDS:  # a few products read better as cards than as a two-row table
        blocks.append(Cards(tuple(
            # TRANSLATORS: a capacity card: used and contracted amounts, {unit} what they count, like "seats".
            Card(p.name, _("Capacity in use"),
                 (_("{used} of {contracted} {unit}", used=ctx.fmt.number(p.capacity.used),
                    contracted=ctx.fmt.number(p.capacity.contracted), unit=p.capacity.unit),),
                 _("{percent} used", percent=ctx.fmt.percent(p.capacity.used / p.capacity.contracted))
                 if p.capacity.contracted else "")
            for p in products)))
    elif products:
        # TRANSLATORS: table columns: the product, its capacity unit, the amount contracted, the amount in use and
        # the share used.
        blocks.append(Table((_("Product"), _("Measured in"), _("Contracted"), _("In use"),
                             pgettext("table heading: share of capacity used", "Used")),
                            tuple((p.name, p.capacity.unit, ctx.fmt.number(p.capacity.contracted),
                                   ctx.fmt.number(p.capacity.used),
                                   ctx.fmt.percent(p.capacity.used / p.capacity.contracted)
                                   if p.capacity.contracted else "—")
                                  for p in products),
                            align=("left", "left", "right", "right", "right"), widths=(4, 4, 3, 3, 2)))
    rows = [(a.metric, ctx.fmt.number(a.value, 2)) for a in ctx.account.activity]
    if rows:
        # TRANSLATORS: table columns: an activity metric from the account file, and its value.
        blocks.append(Table((_("Activity"), pgettext("table heading: a number", "Value")), tuple(rows),
                            align=("left", "right"), widths=(6, 3)))
    outcomes = ()
    if len(f.ranked) > TABLE_ROWS:  # the value slide shows the top rows; the others (up to a register's worth) here
        everything = len(f.ranked) <= LISTED
        title = (_("Every documented outcome") if everything
                 else ngettext("The {count} largest documented outcome",
                                 "The {count} largest documented outcomes", LISTED - 1,
                                 count=ctx.fmt.count(LISTED - 1)))
        # TRANSLATORS: in brackets after "N more outcomes" in the appendix's outcomes table.
        table = outcomes_table(ctx, limit=LISTED, rest=_("measured the same way"))
        notes = (_("Reference only.") if everything
                 else _("Reference only. The full register is available on request."))
        outcomes = (Part("appendix-outcomes", title, blocks=(table,), notes=notes,
                         overline=titles.TOPIC["appendix"]),)
    said = {t.product for t in f.triggers}
    if not blocks or (len(blocks) == 1 and isinstance(blocks[0], Cards) and len(products) == 1
                      and products[0].name in said):
        # one capacity card alone on a slide is not an appendix: the capacity trigger it shows is already on
        # the summary, renewal and next-steps slides
        return outcomes
    arrange = "columns" if len(blocks) > 1 and isinstance(blocks[0], Chart) else "stack"
    notes = _("Reference only. Refer to it if capacity, plan size or the history of the partnership comes up; "
              "activity supports the outcomes, it does not replace them.")
    return (*outcomes, Part("appendix", titles.appendix(), blocks=tuple(blocks), notes=notes,
                            overline=titles.TOPIC["appendix"], arrange=arrange))
