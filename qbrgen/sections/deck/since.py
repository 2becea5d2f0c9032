"""Since our last review: what happened to each goal agreed last time, the outcomes added or grown since,
and the usage over the period. It opens the value block; without the account's history it is left out.
"""

from qbrgen.sections import since as words
from qbrgen.sections.base import counted
from qbrgen.sections.document import Metric, Metrics, Part, Table

BLOCK = "value"
WEIGHT = 2
MAX_GOALS = 6  # rows on the slide; the shared plan holds the rest
MAX_OUTCOMES = 3


def build(ctx):
    s = ctx.since
    if s is None or not (s.reviewed or s.outcomes or words.usage_shown(s)):
        return ()  # nothing a customer may see changed (a falling usage series alone is not shown)
    reviewed = s.reviewed
    metrics = []
    if reviewed:
        metrics.append(Metric("Goals met", f"{ctx.fmt.count(len(s.of('met')))} of {ctx.fmt.count(len(reviewed))}",
                              f"agreed on {ctx.date(s.date)}"))
    if s.documented_now != s.documented_before and s.documented_now:
        before = ctx.compact(s.documented_before) if s.documented_before else "none documented"
        metrics.append(Metric("Documented value per year", ctx.compact(s.documented_now), f"from {before}"))
    u = words.usage_shown(s)
    if u is not None and u.change is not None:
        metrics.append(Metric(u.metric, f"+{ctx.fmt.percent(u.change, 0)}" if u.change else "steady",
                              f"{ctx.fmt.month(u.start_month)} to {ctx.fmt.month(u.end_month)}"))
    blocks = [Metrics(tuple(metrics))] if metrics else []
    rows = tuple((g.goal, words.goal_happened(ctx, g), f"{g.customer_owner} · {g.vendor_owner}")
                 for g in reviewed[:MAX_GOALS])
    if len(reviewed) > MAX_GOALS:
        rows += ((f"{counted(ctx, len(reviewed) - MAX_GOALS, 'more goal')} in the shared plan", "", ""),)
    rows += tuple((f"New outcome: {o.outcome}" if o.state == "added" else o.outcome, words.outcome_change(ctx, o), "")
                  for o in s.outcomes[:MAX_OUTCOMES])
    if len(s.outcomes) > MAX_OUTCOMES:
        rows += ((f"{counted(ctx, len(s.outcomes) - MAX_OUTCOMES, 'more outcome')} on the next slides", "", ""),)
    if rows:
        blocks.append(Table(("Agreed last time, and since", "What happened", "Owners"), rows, widths=(6, 5, 4)))
    notes = (f"Open with what we agreed on {ctx.date(s.date)} and what happened to it, goal by goal: the ones met "
             "first, then what moved and why.")
    coaching = ""
    if s.usage is not None and words.usage_shown(s) is None:
        coaching += f"{s.usage.metric} fell over the period: know why before the meeting. "
    if s.stakeholders_gone:
        coaching += f"No longer in the account file since the last review: {', '.join(s.stakeholders_gone)}."
    return (Part("since", words.headline(ctx), blocks=tuple(blocks), notes=notes, coaching=coaching.strip(),
                 overline="Since our last review"),)
