"""Next steps: ranked by the money at stake, at most six, always one step toward expansion."""

from decimal import Decimal

from qbrgen.i18n import _
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
        sign = ctx.date(f.timeline.signature_target)
        steps.append((0, f.arr, _("Agree the renewal path for the new term from {start} and sign by {date}.",
                                  start=ctx.date(f.timeline.term_start), date=sign)
                      if f.timeline.overdue and f.timeline.term_start != f.timeline.signature_target
                      else _("Agree the renewal path and sign by {date}.", date=sign)))  # (a start on signature)
    for t in f.triggers:
        amount = arr_of.get(t.product, Decimal(0)) * t.utilisation
        if t.overage:
            # TRANSLATORS: a next step; {unit} is what capacity is counted in, like "seats" or "API calls".
            steps.append((1, amount, _("Add capacity to cover what you use of {product}: usage is at {percent} of "
                                       "the contracted {unit}.", product=t.product,
                                       percent=ctx.fmt.percent(t.utilisation), unit=t.unit)))
        elif not f.renewal.recovery:  # no capacity pitch while the renewal is held flat
            steps.append((3, amount, _("Plan capacity for {product}: usage is at {percent} of the contracted "
                                       "{unit}.", product=t.product, percent=ctx.fmt.percent(t.utilisation),
                                       unit=t.unit)))
    owned = {p.name for p in ctx.account.contract.products}
    for e in f.renewal.expansion_lines:
        if e.unit and e.product in owned:  # already in use: a rollout to another team, never a pilot
            # TRANSLATORS: a next step; {product} is a product the customer uses already, {unit} a team at the customer.
            steps.append((2, e.arr, _("Scope the {product} rollout to the {unit} team: its users, start date and "
                                      "success criteria.", product=e.product, unit=e.unit)))
            continue
        # TRANSLATORS: a next step; {unit} is the name of a team at the customer, like "Southern network".
        steps.append((2, e.arr, _("Scope {product} for the {unit} team: a short pilot with agreed success "
                                  "criteria.", product=e.product, unit=e.unit) if e.unit
                      else _("Scope {product}: a short pilot with agreed success criteria.", product=e.product)))
    return sorted(steps, key=lambda s: (s[0], -s[1]))


def build(ctx):
    ranked = [text for _tier, _amount, text in _money_steps(ctx)]
    recovery = ctx.figures.renewal.recovery
    if recovery:
        ranked.append(_("Agree the results we measure together over the new term, and the date we review them."))
    elif not any(t for tier, _amount, t in _money_steps(ctx) if tier > 0):
        ranked.append(_("Introduce us to one more team that could benefit, for a short discovery call."))
    goals = [g for g in ctx.account.success_plan if g.status != "done" and g.due >= ctx.as_of]
    if goals:
        nxt = min(goals, key=lambda g: g.due)
        # TRANSLATORS: a next step: a shared goal, its owner at the customer and its due date.
        ranked.append(_("Next milestone: {goal} ({owner}, {date}).", goal=nxt.goal, owner=nxt.customer_owner,
                        date=ctx.date(nxt.due)))
    steps = ranked[: MAX_STEPS - 1]
    vendor = ctx.vendor_name
    if ctx.account.success_plan:
        # TRANSLATORS: the last next step; {vendor} is our company's name.
        steps.append(_("{vendor} sends the written summary and the success plan within one business day.",
                       vendor=vendor) if vendor
                     else _("We send the written summary and the success plan within one business day."))
    else:  # no plan yet: the summary carries a first draft of one, to agree at the next meeting
        steps.append(_("{vendor} sends the written summary within one business day, with a first draft of the goals "
                       "we will own together.", vendor=vendor) if vendor
                     else _("We send the written summary within one business day, with a first draft of the goals "
                            "we will own together."))
    notes = _("Close by reading the steps, confirming an owner for each, and agreeing the date of the next review.")
    coaching = (_("Do not pitch expansion or capacity: the renewal is held flat. Leave with the recovery plan "
                  "agreed.") if recovery else _("Do not leave without the expansion step agreed."))
    return (Part("next-steps", titles.next_steps(steps, ctx.fmt), blocks=(Bullets(tuple(steps), numbered=True),),
                 notes=notes, coaching=coaching),)
