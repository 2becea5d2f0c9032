"""Mutual success plan: goals with an owner on each side, a date and a status."""

from qbrgen.document import Part, Table
from qbrgen.sections.base import STATUS

BLOCK = "plan"
WEIGHT = 3


def _status(ctx, goal) -> str:
    """Return a goal's status; one past its date and not done says so, never that it is still to come."""
    if goal.status != "done" and goal.due < ctx.as_of:
        return "Past due: to re-plan"
    return STATUS[goal.status]


def build(ctx):
    goals = ctx.account.success_plan
    if not goals:  # a slide without data is left out; the agenda follows
        return ()
    ours = f"{ctx.vendor_name} owner" if ctx.vendor_name else "Our owner"
    block = Table(("Goal", f"{ctx.customer} owner", ours, "Due", "Status"),
                  tuple((g.goal, g.customer_owner, g.vendor_owner, ctx.date(g.due), _status(ctx, g))
                        for g in sorted(goals, key=lambda g: (g.due, g.goal))),
                  widths=(6, 3, 3, 2, 2))
    notes = ("Agree on each goal, its owners and its date out loud. Send the plan in writing within a day, and "
             "open the next QBR with its status.")
    return (Part("success-plan", "Mutual success plan", blocks=(block,), notes=notes),)
