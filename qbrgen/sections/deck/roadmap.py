"""Roadmap: only the items that serve a stated priority (at most three), one card each."""

from qbrgen.i18n import _
from qbrgen.sections.deck import titles
from qbrgen.sections.document import Card, Cards, Paragraph, Part

BLOCK = "roadmap"
WEIGHT = 1


def build(ctx):
    items = [ctx.account.roadmap[i] for i in ctx.figures.roadmap]
    names = {p.id: p.title for p in ctx.account.priorities}
    title = titles.roadmap(ctx, items)
    if not items:
        block = Paragraph(_("We will come back with the roadmap items that serve the priorities you shared today."),
                          "lead")
        return (Part("roadmap", title, blocks=(block,), overline=titles.TOPIC["roadmap"],
                     notes=_("We take the priorities you shared back to our product team."),
                     coaching=_("No roadmap item serves a stated priority yet: take the priorities back to product.")),)
    # TRANSLATORS: a roadmap card's line naming the customer's priority the item serves.
    cards = tuple(Card(item.title, ctx.fmt.quarter(item.available) if item.available else _("Date to follow"),
                       tuple(_("Serves: {priority}", priority=names[s]) for s in item.supports if s in names))
                  for item in items)
    notes = _("Each item is tied to a priority you named. Does the timing work for you?")
    return (Part("roadmap", title, blocks=(Cards(cards),), notes=notes, overline=titles.TOPIC["roadmap"],
                 coaching=_("Show only these items; offer early access where it helps.")),)
