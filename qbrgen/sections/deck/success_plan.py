"""Mutual success plan: goals with an owner on each side, a date and a status."""

from qbrgen.document import Part, Table
from qbrgen.sections.base import STATUS

BLOCK = "plan"
WEIGHT = 3


def build(ctx):
    goals = ctx.account.success_plan
    if not goals:  # a slide without data is left out; the agenda follows
        return ()
    block = Table(("Goal", f"{ctx.customer} owner", f"{ctx.vendor} owner" if ctx.vendor else "Our owner", "Due",
                       "Status"),
                      tuple((g.goal, g.customer_owner, g.vendor_owner, ctx.date(g.due), STATUS[g.status])
                            for g in sorted(goals, key=lambda g: (g.due, g.goal))),
                      widths=(6, 3, 3, 2, 2))
    notes = ("Agree on each goal, its owners and its date out loud. Send the plan in writing within a day, and "
             "open the next QBR with its status.")
    return (Part("success-plan", "Mutual success plan", blocks=(block,), notes=notes),)
