"""Executive summary: the three numbers that matter for this account, and what we ask today."""

from qbrgen.fmt import plural
from qbrgen.sections.base import change_words, review_date
from qbrgen.sections.deck.titles import TOPIC, count
from qbrgen.sections.document import Metric, Metrics, Paragraph, Part

BLOCK = "value"
WEIGHT = 1


def _opportunity(ctx) -> Metric | None:
    """Return the biggest opportunity for the customer: expansion offered, else capacity running out."""
    f = ctx.figures
    if f.renewal.recovery:  # no pitch to a customer whose renewal is held flat: the recovery plan comes first
        return None
    expansion = max(f.renewal.expansion_lines, key=lambda e: e.arr, default=None)
    if expansion is not None:
        where = f": {expansion.unit}" if expansion.unit else ""
        return Metric(f"{expansion.product}{where}", ctx.fmt.money_headline(expansion.arr) + " a year",
                      "offered with the renewal")
    trigger = max(f.triggers, key=lambda t: t.utilisation, default=None)
    if trigger is not None:
        advice = "add capacity to cover what you use" if trigger.overage else "plan capacity before it limits you"
        return Metric(f"of {trigger.unit} in use", ctx.fmt.percent(trigger.utilisation, 0),
                      f"{trigger.product}: {advice}")
    return None


def ask(ctx) -> str:
    """Return what we ask the customer today, in one line."""
    f = ctx.figures
    expansion = max(f.renewal.expansion_lines, key=lambda e: e.arr, default=None)
    steps = []
    if f.timeline.overdue:  # a passed renewal date is never a deadline ahead
        steps.append(f"agree the new term from {ctx.date(f.timeline.term_start)} (signature by "
                     f"{ctx.date(f.timeline.signature_target)})")
    elif f.timeline.in_window:
        steps.append(f"agree the renewal path to signature by {ctx.date(f.timeline.signature_target)}")
    if expansion is not None:
        steps.append(f"scope a {expansion.product} pilot")
    if not steps:
        steps.append("confirm two or three shared goals, each with an owner on both sides")
    text = " and ".join(steps)
    return f"What we ask today: {text}."


def _title(ctx, review) -> str:
    """Return the summary's action title: the value (or, below the price, the value plan) and the term ahead."""
    f = ctx.figures
    tl = f.timeline
    if f.documented_value and not f.value_proven:
        n = len(f.outcomes)
        by = f", with results reviewed by {ctx.date(review)}" if review else ""
        return f"{count(n, ctx.fmt)} {'outcome' if n == 1 else 'outcomes'} we measure together{by}, before the renewal"
    ahead = f"the new term from {ctx.date(tl.term_start)}" if tl.overdue else f"the {ctx.date(tl.renewal_date)} renewal"
    if f.documented_value:
        return f"{ctx.fmt.money_headline(f.documented_value)} a year in documented value, ahead of {ahead}"
    if tl.overdue:
        return f"Your new term from {ctx.date(tl.term_start)}, and the value we will document together"
    return f"Your renewal on {ctx.date(tl.renewal_date)}, and the value we will document together"

def build(ctx):
    f = ctx.figures
    r = f.renewal
    items = []
    review = review_date(ctx)
    if f.documented_value and not f.value_proven:  # never the smaller value head to head with the price
        detail = f"results reviewed with you by {ctx.date(review)}" if review else "results reviewed at each QBR"
        items.append(Metric("Outcomes we measure together", str(len(f.outcomes)), detail))
    elif f.documented_value:
        detail = (f"{ctx.fmt.multiple(f.value_multiple)} your subscription" if f.value_multiple is not None
                  else f"across {plural(sum(1 for o in f.outcomes if o.annual_value), 'outcome')}")
        items.append(Metric("Documented value", ctx.fmt.money_headline(f.documented_value) + " a year", detail))
    else:
        items.append(Metric("Your subscription today", ctx.fmt.money_headline(r.arr) + " a year",
                            "value to be documented together"))
    tl = f.timeline  # a passed renewal date is never shown as the renewal ahead
    when = f"New term from {ctx.date(tl.term_start)}" if tl.overdue else f"Renewal on {ctx.date(tl.renewal_date)}"
    items.append(Metric(when,
                        ctx.fmt.money_headline(r.renewed_arr) + " a year",
                        ("a flat renewal: no increase" if r.flat else
                         f"{change_words(ctx, r.increase_pct)} on today's {ctx.fmt.money_headline(r.arr)}")))
    opportunity = _opportunity(ctx)
    if opportunity is not None:
        items.append(opportunity)
    title = _title(ctx, review)
    notes = ("The headline: the value documented, the renewal ahead, the opportunity, and the one thing we ask for "
             "today. The rest of the meeting backs these up.")
    return (Part("summary", title, blocks=(Metrics(tuple(items)), Paragraph(ask(ctx), "lead")), notes=notes,
                 overline=TOPIC["summary"], coaching="Give the headline in under two minutes."),)
