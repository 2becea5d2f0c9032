"""Mutual success plan: goals with an owner on each side, a date and a status.

Up to four goals read as a timeline of cards; more become a compact table with status chips.
"""

from qbrgen.document import Card, Cards, Part, Table
from qbrgen.sections.base import status_text
from qbrgen.sections.deck import titles

BLOCK = "plan"
WEIGHT = 3
MAX_CARDS = 4


def build(ctx):
    goals = sorted(ctx.account.success_plan, key=lambda g: (g.due, g.goal))
    if not goals:  # a slide without data is left out; the agenda follows
        return ()
    if len(goals) <= MAX_CARDS:
        ours = ctx.vendor_name or "Our owner"
        block = Cards(tuple(Card(g.goal, ctx.date(g.due), (f"{ctx.customer}: {g.customer_owner}",
                                                           f"{ours}: {g.vendor_owner}"), status_text(ctx, g.status))
                            for g in goals))
    else:
        block = Table(("Goal", "Owners", "Due", "Status"),
                      tuple((g.goal, f"{g.customer_owner} · {g.vendor_owner}", ctx.date(g.due),
                             status_text(ctx, g.status)) for g in goals),
                      widths=(6, 4, 2, 2), chips=(3,))
    notes = ("Agree on each goal, its owners and its date out loud. Send the plan in writing within a day, and "
             "open the next QBR with its status.")
    return (Part("success-plan", titles.success_plan(ctx), blocks=(block,), notes=notes,
                 overline=titles.TOPIC["success-plan"]),)
