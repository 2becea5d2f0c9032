"""The words of "since our last review", shared by the deck's slide and the proposal's "What is new" section.

Every sentence comes from :class:`qbrgen.analysis.since.Since`, so the slide and the proposal state the same
facts. A falling usage series is a churn signal: it is never told to the customer (see the usage slide).
"""

from __future__ import annotations

from qbrgen.i18n import _, ngettext
from qbrgen.sections.deck.titles import count_inside, listing


def goal_happened(ctx, g) -> str:
    """Return what happened to one goal agreed at the last review, in a few words (a table cell)."""
    if g.state == "met":
        return _("Met")
    if g.state == "moved":
        return _("Moved from {before} to {date}", before=ctx.date(g.previous_due), date=ctx.date(g.due))
    if g.state == "dropped":
        return _("Dropped from the plan")
    if g.state == "added":
        return _("Added, due {date}", date=ctx.date(g.due))
    return _("On its date, {date}", date=ctx.date(g.due))


def outcome_change(ctx, o) -> str:
    """Return how an outcome added or grown since the last review stands, for a table cell."""
    if o.state == "added":
        now = ctx.measure(o.current, o.unit)
        if o.value:
            # TRANSLATORS: table cell; {measure} is the outcome's current level with its unit, like "4.2 days".
            return _("{measure}, {amount} a year", measure=now, amount=ctx.money(o.value))
        return now
    if o.value and o.value != (o.value_before or 0):
        if o.value_before:
            return _("From {before} to {amount} a year", before=ctx.money(o.value_before), amount=ctx.money(o.value))
        return _("From not yet valued to {amount} a year", amount=ctx.money(o.value))
    return _("From {before} to {now}", before=ctx.measure(o.before, o.unit), now=ctx.measure(o.current, o.unit))


def outcome_sentence(ctx, o) -> str:
    """Return one outcome added or grown since the last review."""
    if o.state == "added":
        now = ctx.measure(o.current, o.unit)
        if o.value:
            return _("New outcome: {outcome}, now {measure}, worth {amount} a year", outcome=o.outcome, measure=now,
                     amount=ctx.money(o.value))
        return _("New outcome: {outcome}, now {measure}", outcome=o.outcome, measure=now)
    if o.value and o.value != (o.value_before or 0):
        if o.value_before:
            return _("{outcome}: from {before} to {amount} a year", outcome=o.outcome,
                     before=ctx.money(o.value_before), amount=ctx.money(o.value))
        return _("{outcome}: from not yet quantified to {amount} a year", outcome=o.outcome,
                 amount=ctx.money(o.value))
    return _("{outcome}: from {before} to {now}", outcome=o.outcome, before=ctx.measure(o.before, o.unit),
             now=ctx.measure(o.current, o.unit))


def usage_shown(since):
    """Return the usage change a customer document may show: rising or steady, never falling."""
    u = since.usage
    return u if u is not None and u.end >= u.start else None


def usage_sentence(ctx, u) -> str:
    values = dict(metric=u.metric, start=ctx.fmt.number(u.start, 0), start_month=ctx.fmt.month(u.start_month),
                  end=ctx.fmt.number(u.end, 0), end_month=ctx.fmt.month(u.end_month))
    if not u.change:
        # TRANSLATORS: {metric} is the account's usage measure; {start}/{end} its values in the months named.
        return _("{metric}: steady, from {start} in {start_month} to {end} in {end_month}", **values)
    return _("{metric}: up {percent}, from {start} in {start_month} to {end} in {end_month}",
             percent=ctx.fmt.percent(u.change, 0), **values)


def goal_sentence(ctx, g) -> str:
    """Return what happened to one goal, as a line of the proposal's "What is new" list."""
    if g.state == "met":
        return _("{goal}: met", goal=g.goal)
    if g.state == "moved":
        return _("{goal}: moved from {before} to {date}", goal=g.goal, before=ctx.date(g.previous_due),
                 date=ctx.date(g.due))
    if g.state == "dropped":
        return _("{goal}: dropped from the plan", goal=g.goal)
    if g.state == "added":
        return _("{goal}: added, due {date}", goal=g.goal, date=ctx.date(g.due))
    return _("{goal}: on its date, {date}", goal=g.goal, date=ctx.date(g.due))


def facts(ctx) -> tuple[str, ...]:
    """Return every fact since the last review as one sentence each: goals, outcomes, usage."""
    s = ctx.since
    lines = [goal_sentence(ctx, g) for g in s.reviewed if g.state != "open"]
    lines += [outcome_sentence(ctx, o) for o in s.outcomes]
    u = usage_shown(s)
    if u is not None:
        lines.append(usage_sentence(ctx, u))
    return tuple(lines)


def _first_goals(state: str, n: int, number: str) -> str:
    """Return the first item of the headline's list: the goals in one state, noun included ("two goals met")."""
    if state == "met":
        return ngettext("{count} goal met", "{count} goals met", n, count=number)
    if state == "moved":
        return ngettext("{count} goal moved", "{count} goals moved", n, count=number)
    return ngettext("{count} goal dropped", "{count} goals dropped", n, count=number)


def _more_goals(state: str, n: int, number: str) -> str:
    """Return a later item of the headline's list, the noun "goals" said by the first ("one moved")."""
    # TRANSLATORS: a later item in a list of goals, after "two goals met, ..."; the word "goals" is understood.
    if state == "moved":
        return ngettext("{count} moved", "{count} moved", n, count=number)
    return ngettext("{count} dropped", "{count} dropped", n, count=number)


def headline(ctx) -> str:
    """Return the slide's action title: the goals met, moved and dropped, and the outcomes added."""
    s = ctx.since
    bits = []
    for state in ("met", "moved", "dropped"):
        n = len(s.of(state))
        if n:
            number = count_inside(n, ctx.fmt)
            bits.append(_more_goals(state, n, number) if bits else _first_goals(state, n, number))
    added = sum(1 for o in s.outcomes if o.state == "added")
    if added:
        bits.append(ngettext("{count} new outcome", "{count} new outcomes", added,
                             count=count_inside(added, ctx.fmt)))
    when = ctx.date(s.date)
    if not bits:
        return _("Since {date}: every goal on its date", date=when)
    # TRANSLATORS: slide title; {facts} is a list like "two goals met, one moved and one new outcome".
    return _("Since {date}: {facts}", date=when, facts=listing(bits))
