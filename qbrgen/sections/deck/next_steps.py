"""Next steps: always at least one step toward expansion."""

from qbrgen.document import Bullets, Part
from qbrgen.sections.deck import titles

BLOCK = "plan"
WEIGHT = 1


def build(ctx):
    f = ctx.figures
    steps = [f"{ctx.vendor} sends the written summary and the success plan within one business day."]
    expansion = []
    for e in ctx.account.renewal.expansion:
        where = f" for {e.unit}" if e.unit else ""
        expansion.append(f"Scope {e.product}{where}: a short pilot with agreed success criteria.")
    for t in f.triggers:
        level = "above" if t.overage else "at"
        expansion.append(f"Plan capacity for {t.product}: usage is {level} {ctx.fmt.percent(t.utilisation)} of the "
                         f"contracted {t.unit}.")
    if not expansion:
        expansion.append(f"Introduce {ctx.vendor} to one more team that could benefit, for a short discovery call.")
    steps.extend(expansion[:3])
    if f.timeline.in_window:
        steps.append(f"Agree the renewal path before {ctx.date(f.timeline.renewal_date)}.")
    goals = [g for g in ctx.account.success_plan if g.status != "done"]
    if goals:
        nxt = min(goals, key=lambda g: g.due)
        steps.append(f"Next milestone: {nxt.goal} ({nxt.customer_owner}, {ctx.date(nxt.due)}).")
    notes = ("Close by reading the steps, confirming an owner for each, and agreeing the date of the next review. "
             "Do not leave without the expansion step agreed.")
    return (Part("next-steps", titles.next_steps(steps), blocks=(Bullets(tuple(steps), numbered=True),), notes=notes),)
