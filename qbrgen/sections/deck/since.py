"""Since our last review: what happened to each goal agreed last time, the outcomes added or grown since,
and the usage over the period. It opens the value block; without the account's history it is left out.
"""

from qbrgen.i18n import _, ngettext, sentences
from qbrgen.sections import since as words
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
        # TRANSLATORS: key figure: how many of the goals agreed last time were met.
        metrics.append(Metric(_("Goals met"), _("{met} of {total}", met=ctx.fmt.count(len(s.of('met'))),
                                                total=ctx.fmt.count(len(reviewed))),
                              _("agreed on {date}", date=ctx.date(s.date))))
    if s.documented_now != s.documented_before and s.documented_now:
        detail = (_("from {amount}", amount=ctx.compact(s.documented_before)) if s.documented_before
                  else _("from none documented"))
        metrics.append(Metric(_("Documented value per year"), ctx.compact(s.documented_now), detail))
    u = words.usage_shown(s)
    if u is not None and u.change is not None:
        # TRANSLATORS: a key figure's detail: the months the usage change is measured over, like "Jan 2026 to Nov 2026".
        span = _("{start} to {end}", start=ctx.fmt.month(u.start_month), end=ctx.fmt.month(u.end_month))
        metrics.append(Metric(u.metric, f"+{ctx.fmt.percent(u.change, 0)}" if u.change else _("steady"), span))
    blocks = [Metrics(tuple(metrics))] if metrics else []
    rows = tuple((g.goal, words.goal_happened(ctx, g), f"{g.customer_owner} · {g.vendor_owner}")
                 for g in reviewed[:MAX_GOALS])
    if len(reviewed) > MAX_GOALS:
        more = len(reviewed) - MAX_GOALS
        rows += ((ngettext("{count} more goal in the shared plan", "{count} more goals in the shared plan", more,
                           count=ctx.fmt.count(more)), "", ""),)
    rows += tuple((_("New outcome: {outcome}", outcome=o.outcome) if o.state == "added" else o.outcome,
                   words.outcome_change(ctx, o), "")
                  for o in s.outcomes[:MAX_OUTCOMES])
    if len(s.outcomes) > MAX_OUTCOMES:
        more = len(s.outcomes) - MAX_OUTCOMES
        rows += ((ngettext("{count} more outcome on the next slides", "{count} more outcomes on the next slides",
                           more, count=ctx.fmt.count(more)), "", ""),)
    if rows:
        blocks.append(Table((_("Agreed last time, and since"), _("What happened"), _("Owners")), rows,
                            widths=(6, 5, 4)))
    notes = _("Open with what we agreed on {date} and what happened to it, goal by goal: the ones met first, then "
              "what moved and why.", date=ctx.date(s.date))
    coaching = []
    if s.usage is not None and words.usage_shown(s) is None:
        coaching.append(_("{metric} fell over the period: know why before the meeting.", metric=s.usage.metric))
    if s.stakeholders_gone:
        # TRANSLATORS: {names} is a comma-separated list of people's names.
        coaching.append(_("No longer in the account file since the last review: {names}.",
                          names=", ".join(s.stakeholders_gone)))
    return (Part("since", words.headline(ctx), blocks=tuple(blocks), notes=notes, coaching=sentences(coaching),
                 overline=_("Since our last review")),)
