"""Executive summary: the three numbers that matter for this account, and what we ask today."""

from qbrgen.i18n import _, ngettext
from qbrgen.sections.base import capacity_added, review_date
from qbrgen.sections.deck.titles import TOPIC, count
from qbrgen.sections.deck.value import source_line
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
        # TRANSLATORS: a key figure's label: the product offered, then the customer's team it is for.
        label = (_("{product}: {unit}", product=expansion.product, unit=expansion.unit) if expansion.unit
                 else expansion.product)
        return Metric(label, _per_year(ctx.fmt.money_headline(expansion.arr)), _("offered with the renewal"))
    trigger = max(f.triggers, key=lambda t: t.utilisation, default=None)
    if trigger is not None:
        # TRANSLATORS: a key figure's detail; {product} is a product name from the contract.
        advice = (_("{product}: add capacity to cover what you use", product=trigger.product) if trigger.overage
                  else _("{product}: plan capacity before it limits you", product=trigger.product))
        # TRANSLATORS: a key figure's label under a percentage; {unit} is what capacity is counted in, like "seats".
        return Metric(_("of {unit} in use", unit=trigger.unit), ctx.fmt.percent(trigger.utilisation, 0), advice)
    return None


def _per_year(amount: str) -> str:
    # TRANSLATORS: a key figure: an amount of money per year, like "$1.2M a year".
    return _("{amount} a year", amount=amount)


def ask(ctx) -> str:
    """Return what we ask the customer today, in one line."""
    f = ctx.figures
    expansion = max(f.renewal.expansion_lines, key=lambda e: e.arr, default=None)
    product = expansion.product if expansion is not None else None
    sign = ctx.date(f.timeline.signature_target)
    owned = product in {p.name for p in ctx.account.contract.products} and expansion.unit
    tl = f.timeline  # a new term that starts on the signature is asked once, by its date
    overdue = tl.overdue and tl.term_start != tl.signature_target
    window = tl.in_window or tl.overdue
    if owned:  # a product the customer runs already: no pilot, its rollout to another team
        # TRANSLATORS: the summary slide's closing line; {product} is a product the customer already uses, {unit}
        # a team at the customer, like "Southern network".
        if overdue:
            return _("What we ask today: agree the new term from {start} (signature by {date}) and scope the "
                     "{product} rollout to the {unit} team.", start=ctx.date(f.timeline.term_start), date=sign,
                     product=product, unit=expansion.unit)
        if window:
            return _("What we ask today: agree the renewal path to signature by {date} and scope the {product} "
                     "rollout to the {unit} team.", date=sign, product=product, unit=expansion.unit)
        return _("What we ask today: scope the {product} rollout to the {unit} team.", product=product,
                 unit=expansion.unit)
    if overdue:  # a passed renewal date is never a deadline ahead
        start = ctx.date(f.timeline.term_start)
        if product:
            # TRANSLATORS: the summary slide's closing line; {product} is a product offered as a pilot.
            return _("What we ask today: agree the new term from {start} (signature by {date}) and scope a "
                     "{product} pilot.", start=start, date=sign, product=product)
        return _("What we ask today: agree the new term from {start} (signature by {date}).", start=start, date=sign)
    if window:
        if product:
            return _("What we ask today: agree the renewal path to signature by {date} and scope a {product} "
                     "pilot.", date=sign, product=product)
        return _("What we ask today: agree the renewal path to signature by {date}.", date=sign)
    if product:
        return _("What we ask today: scope a {product} pilot.", product=product)
    return _("What we ask today: confirm two or three shared goals, each with an owner on both sides.")


def _title(ctx, review) -> str:
    """Return the summary's action title: the value (or, below the price, the value plan) and the term ahead."""
    f = ctx.figures
    tl = f.timeline
    if f.documented_value and not f.value_proven:
        n = len(f.outcomes)
        if review:
            # TRANSLATORS: slide title; {count} is a small number written as a word ("Three").
            return ngettext("{count} outcome we measure together, with results reviewed by {date}, before the "
                            "renewal", "{count} outcomes we measure together, with results reviewed by {date}, "
                            "before the renewal", n, count=count(n, ctx.fmt), date=ctx.date(review))
        return ngettext("{count} outcome we measure together, before the renewal",
                        "{count} outcomes we measure together, before the renewal", n, count=count(n, ctx.fmt))
    if f.documented_value:
        amount = ctx.fmt.money_headline(f.documented_value)
        if tl.overdue:
            return _("{amount} a year in documented value, ahead of the new term from {date}", amount=amount,
                     date=ctx.date(tl.term_start))
        return _("{amount} a year in documented value, ahead of the {date} renewal", amount=amount,
                 date=ctx.date(tl.renewal_date))
    if tl.overdue:
        return _("Your new term from {date}, and the value we will document together", date=ctx.date(tl.term_start))
    return _("Your renewal on {date}, and the value we will document together", date=ctx.date(tl.renewal_date))


def _change(ctx, pct, today: str, true_up=None) -> str:
    """Return the renewed price's change against today's, as a key figure's detail; with ``true_up`` (the capacity
    added to cover what the customer uses), the change of the unit prices plus that capacity, so the card never
    reads as a bare percent that the renewed total does not match."""
    if true_up and pct > 0:
        # TRANSLATORS: a key figure's detail; {true_up} is the yearly price of capacity added to cover use.
        return _("a {percent} increase on today's {amount}, plus {true_up} for added capacity",
                 percent=ctx.fmt.pct(pct), amount=today, true_up=ctx.fmt.money_headline(true_up))
    if true_up and pct < 0:
        return _("a {percent} reduction on today's {amount}, plus {true_up} for added capacity",
                 percent=ctx.fmt.pct(-pct), amount=today, true_up=ctx.fmt.money_headline(true_up))
    if pct > 0:
        # TRANSLATORS: a key figure's detail; {percent} is the price change, {amount} today's yearly price.
        return _("a {percent} increase on today's {amount}", percent=ctx.fmt.pct(pct), amount=today)
    if pct < 0:
        return _("a {percent} reduction on today's {amount}", percent=ctx.fmt.pct(-pct), amount=today)
    return _("no change in price on today's {amount}", amount=today)


def build(ctx):
    f = ctx.figures
    r = f.renewal
    items = []
    review = review_date(ctx)
    if f.documented_value and not f.value_proven:  # never the smaller value head to head with the price
        detail = (_("results reviewed with you by {date}", date=ctx.date(review)) if review
                  else _("results reviewed at each QBR"))
        items.append(Metric(_("Outcomes we measure together"), ctx.fmt.count(len(f.outcomes)), detail))
    elif f.documented_value:
        valued = sum(1 for o in f.outcomes if o.annual_value)
        # TRANSLATORS: a key figure's detail; {multiple} is like "3.2×" (value against the subscription price).
        detail = (_("{multiple} your subscription", multiple=ctx.fmt.multiple(f.value_multiple))
                  if f.value_multiple is not None
                  else ngettext("across {count} outcome", "across {count} outcomes", valued,
                                     count=ctx.fmt.count(valued)))
        items.append(Metric(_("Documented value"), _per_year(ctx.fmt.money_headline(f.documented_value)), detail))
    else:
        items.append(Metric(_("Your subscription today"), _per_year(ctx.fmt.money_headline(r.arr)),
                            _("value to be documented together")))
    tl = f.timeline  # a passed renewal date is never shown as the renewal ahead
    when = (_("New term from {date}", date=ctx.date(tl.term_start)) if tl.overdue
            else _("Renewal on {date}", date=ctx.date(tl.renewal_date)))
    items.append(Metric(when, _per_year(ctx.fmt.money_headline(r.renewed_arr)),
                        (_("today's price, plus the capacity you use above your contract")
                         if r.flat and capacity_added(r) else _("a flat renewal: no increase") if r.flat else
                         _change(ctx, r.increase_pct, ctx.fmt.money_headline(r.arr), r.true_up))))
    opportunity = _opportunity(ctx)
    if opportunity is not None:
        items.append(opportunity)
    title = _title(ctx, review)
    notes = _("The headline: the value documented, the renewal ahead, the opportunity, and the one thing we ask for "
              "today. The rest of the meeting backs these up.")
    return (Part("summary", title, blocks=(Metrics(tuple(items)), Paragraph(ask(ctx), "lead")), notes=notes,
                 overline=TOPIC["summary"], coaching=_("Give the headline in under two minutes."),
                 source_line=source_line(f.ranked) if f.documented_value else ""),)
