"""The words of "since our last review", shared by the deck's slide and the proposal's "What is new" section.

Every sentence comes from :class:`qbrgen.analysis.since.Since`, so the slide and the proposal state the same
facts. A falling usage series is a churn signal: it is never told to the customer (see the usage slide).
"""

from __future__ import annotations

from qbrgen.sections.deck.titles import count


def goal_happened(ctx, g) -> str:
    """Return what happened to one goal agreed at the last review, in a few words."""
    if g.state == "met":
        return "Met"
    if g.state == "moved":
        return f"Moved from {ctx.date(g.previous_due)} to {ctx.date(g.due)}"
    if g.state == "dropped":
        return "Dropped from the plan"
    if g.state == "added":
        return f"Added, due {ctx.date(g.due)}"
    return f"On its date, {ctx.date(g.due)}"


def outcome_change(ctx, o) -> str:
    """Return how an outcome added or grown since the last review stands, for a table cell."""
    if o.state == "added":
        return f"{ctx.measure(o.current, o.unit)}" + (f", {ctx.money(o.value)} a year" if o.value else "")
    if o.value and o.value != (o.value_before or 0):
        before = ctx.money(o.value_before) if o.value_before else "not yet valued"
        return f"From {before} to {ctx.money(o.value)} a year"
    return f"From {ctx.measure(o.before, o.unit)} to {ctx.measure(o.current, o.unit)}"


def outcome_sentence(ctx, o) -> str:
    """Return one outcome added or grown since the last review."""
    if o.state == "added":
        text = f"New outcome: {o.outcome}, now {ctx.measure(o.current, o.unit)}"
        return text + (f", worth {ctx.money(o.value)} a year" if o.value else "")
    if o.value and o.value != (o.value_before or 0):
        before = ctx.money(o.value_before) if o.value_before else "not yet quantified"
        return f"{o.outcome}: from {before} to {ctx.money(o.value)} a year"
    return f"{o.outcome}: from {ctx.measure(o.before, o.unit)} to {ctx.measure(o.current, o.unit)}"


def usage_shown(since):
    """Return the usage change a customer document may show: rising or steady, never falling."""
    u = since.usage
    return u if u is not None and u.end >= u.start else None


def usage_sentence(ctx, u) -> str:
    change = u.change
    moved = "steady" if not change else f"up {ctx.fmt.percent(change, 0)}"
    return (f"{u.metric}: {moved}, from {ctx.fmt.number(u.start, 0)} in {ctx.fmt.month(u.start_month)} to "
            f"{ctx.fmt.number(u.end, 0)} in {ctx.fmt.month(u.end_month)}")


def goal_sentence(ctx, g) -> str:
    return f"{g.goal}: {goal_happened(ctx, g)[0].lower()}{goal_happened(ctx, g)[1:]}"


def facts(ctx) -> tuple[str, ...]:
    """Return every fact since the last review as one sentence each: goals, outcomes, usage."""
    s = ctx.since
    lines = [goal_sentence(ctx, g) for g in s.reviewed if g.state != "open"]
    lines += [outcome_sentence(ctx, o) for o in s.outcomes]
    u = usage_shown(s)
    if u is not None:
        lines.append(usage_sentence(ctx, u))
    return tuple(lines)


def headline(ctx) -> str:
    """Return the slide's action title: the goals met, moved and dropped, and the outcomes added."""
    s = ctx.since
    bits = []

    def number(n: int) -> str:  # one goal met, two moved
        return count(n, ctx.fmt).lower()

    for state in ("met", "moved", "dropped"):
        n = len(s.of(state))
        if n:
            bits.append(f"{number(n)} {'goal ' if not bits else ''}{state}" if n == 1 or bits
                        else f"{number(n)} goals {state}")
    added = sum(1 for o in s.outcomes if o.state == "added")
    if added:
        bits.append(f"{number(added)} new outcome{'s' if added > 1 else ''}")
    when = ctx.date(s.date)
    if not bits:
        return f"Since {when}: every goal on its date"
    text = ", ".join(bits[:-1]) + (" and " if len(bits) > 1 else "") + bits[-1]
    return f"Since {when}: {text}"
