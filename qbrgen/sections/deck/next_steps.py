"""Next steps: ranked by the money at stake, at most six, always one step toward expansion."""

from decimal import Decimal

from qbrgen.sections.base import unit_phrase
from qbrgen.sections.deck import titles
from qbrgen.sections.document import Bullets, Part

BLOCK = "plan"
WEIGHT = 1
MAX_STEPS = 6


def _money_steps(ctx) -> list[tuple[int, Decimal, str]]:
    """Return (tier, amount, step) for every step with money at stake; lower tier first, then larger amount.

    The renewal carries the whole subscription; usage already above contract comes next (it is owed
    today); then new scope by its price, and capacity close to its limit.
    """
    f = ctx.figures
    arr_of = {p.name: p.arr for p in ctx.account.contract.products}
    steps = []
    if f.timeline.in_window:
        start = f" for the new term from {ctx.date(f.timeline.term_start)}" if f.timeline.overdue else ""
        steps.append((0, f.arr, f"Agree the renewal path{start} and sign by {ctx.date(f.timeline.signature_target)}."))
    for t in f.triggers:
        amount = arr_of.get(t.product, Decimal(0)) * t.utilisation
        if t.overage:
            steps.append((1, amount, f"Add capacity to cover what you use of {t.product}: usage is at "
                                     f"{ctx.fmt.percent(t.utilisation)} of the contracted {t.unit}."))
        elif not f.renewal.recovery:  # no capacity pitch while the renewal is held flat
            steps.append((3, amount, f"Plan capacity for {t.product}: usage is at {ctx.fmt.percent(t.utilisation)} "
                                     f"of the contracted {t.unit}."))
    for e in f.renewal.expansion_lines:
        where = f" for {unit_phrase(e.unit)}" if e.unit else ""
        steps.append((2, e.arr, f"Scope {e.product}{where}: a short pilot with agreed success criteria."))
    return sorted(steps, key=lambda s: (s[0], -s[1]))


def build(ctx):
    ranked = [text for _, _, text in _money_steps(ctx)]
    recovery = ctx.figures.renewal.recovery
    if recovery:
        ranked.append("Agree the results we measure together over the new term, and the date we review them.")
    elif not any(t for tier, _, t in _money_steps(ctx) if tier > 0):
        ranked.append("Introduce us to one more team that could benefit, for a short discovery call.")
    goals = [g for g in ctx.account.success_plan if g.status != "done" and g.due >= ctx.as_of]
    if goals:
        nxt = min(goals, key=lambda g: g.due)
        ranked.append(f"Next milestone: {nxt.goal} ({nxt.customer_owner}, {ctx.date(nxt.due)}).")
    steps = ranked[: MAX_STEPS - 1]
    sender = f"{ctx.vendor_name} sends" if ctx.vendor_name else "We send"
    if ctx.account.success_plan:
        steps.append(f"{sender} the written summary and the success plan within one business day.")
    else:  # no plan yet: the summary carries a first draft of one, to agree at the next meeting
        steps.append(f"{sender} the written summary within one business day, with a first draft of the goals we "
                     "will own together.")
    notes = "Close by reading the steps, confirming an owner for each, and agreeing the date of the next review."
    coaching = ("Do not pitch expansion or capacity: the renewal is held flat. Leave with the recovery plan agreed."
                if recovery else "Do not leave without the expansion step agreed.")
    return (Part("next-steps", titles.next_steps(steps), blocks=(Bullets(tuple(steps), numbered=True),), notes=notes,
                 coaching=coaching),)
