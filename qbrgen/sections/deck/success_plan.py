"""Mutual success plan: goals with an owner on each side, a date and a status."""

from qbrgen.document import Paragraph, Part, Table
from qbrgen.sections.base import STATUS

BLOCK = "plan"
WEIGHT = 3


def build(ctx):
    goals = ctx.account.success_plan
    if not goals:
        block = Paragraph("Let us write down two or three goals for next quarter, each with an owner on both sides.",
                          "lead")
    else:
        block = Table(("Goal", f"{ctx.customer} owner", f"{ctx.vendor} owner", "Due", "Status"),
                      tuple((g.goal, g.customer_owner, g.vendor_owner, ctx.date(g.due), STATUS[g.status])
                            for g in sorted(goals, key=lambda g: (g.due, g.goal))),
                      widths=(6, 3, 3, 2, 2))
    notes = ("Agree on each goal, its owners and its date out loud. Send the plan in writing within a day, and "
             "open the next QBR with its status.")
    return (Part("success-plan", "Mutual success plan", blocks=(block,), notes=notes),)
