"""Roadmap: only the items that serve a stated priority (at most three)."""

from qbrgen.document import Part, Table

BLOCK = "roadmap"
WEIGHT = 1


def build(ctx):
    items = [ctx.account.roadmap[i] for i in ctx.figures.roadmap]
    titles = {p.id: p.title for p in ctx.account.priorities}
    if not items:  # a slide without data is left out; the agenda follows
        return ()
    rows = tuple(
        (item.title, item.available or "—", "; ".join(titles[s] for s in item.supports if s in titles))
        for item in items
    )
    table = Table(("What is coming", "Available", "Serves your priority"), rows, widths=(4, 2, 6))
    notes = ("Show only these items, each tied to a priority the customer named. Ask whether the timing works "
             "for them, and offer early access where it helps.")
    return (Part("roadmap", "What is coming for your priorities", blocks=(table,), notes=notes),)
