"""Words for the account-intelligence figures, shared by the plan and the internal deck."""

from __future__ import annotations

from qbrgen.analysis.retention import NRR_TARGET
from qbrgen.i18n import N_, _, ngettext
from qbrgen.sections.document import Bullets, Metric, Metrics, Paragraph, Table

# TRANSLATORS: the severity of a risk pattern, at the start of a line of the internal deal review.
SEVERITY_WORD = {"critical": N_("Critical"), "high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}
# TRANSLATORS: what the account's verdict means, under it on the internal deal review's first slide.
VERDICT_MEANING = {
    "critical": N_("This account can be lost at this renewal. Act this week, from the top of the list."),
    "at-risk": N_("Patterns that lose accounts are open. Work them before the renewal window closes."),
    "watch": N_("Minor patterns are open. Keep them from growing."),
    "on-track": N_("No account-losing pattern is open."),
}


def verdict_metrics(ctx) -> Metrics:
    """Return the verdict, the urgency score, the days to renewal and the ARR at stake as key figures."""
    r, tl = ctx.figures.risk, ctx.figures.timeline
    days = (Metric(_("Days past renewal"), ctx.fmt.count(-tl.days_left), _("the renewal date has passed"))
            if tl.overdue else Metric(_("Days to renewal"), ctx.fmt.count(tl.days_left), ctx.date(tl.renewal_date)))
    n = len(r.patterns)
    # TRANSLATORS: key figures of the internal deal review; the urgency score is computed from "days, ARR and
    # patterns".
    return Metrics((Metric(_("Verdict"), r.verdict_text,
                           ngettext("{count} open pattern", "{count} open patterns", n, count=ctx.fmt.count(n))),
                    Metric(_("Urgency score"), ctx.fmt.number(r.score, 1), _("days, ARR and patterns")),
                    days, Metric(_("ARR at stake"), ctx.money(ctx.figures.arr))))


def verdict_blocks(ctx, most: int | None = None) -> list:
    """Return the verdict block: verdict, the open patterns most severe first, steps missed and the pricing
    decision. With ``most``, at most that many patterns are listed and the rest counted."""
    r = ctx.figures.risk
    blocks = [verdict_metrics(ctx),
              Paragraph(_(VERDICT_MEANING[r.verdict]), "lead")]
    if r.patterns:
        shown = r.patterns if most is None else r.patterns[:most]
        # TRANSLATORS: one open risk pattern: {severity} like "High", {pattern} what is wrong, {action} what to do.
        items = [_("{severity}: {pattern}. Next: {action}.", severity=_(SEVERITY_WORD[p.severity]), pattern=p.text,
                   action=p.action) for p in shown]
        if len(shown) < len(r.patterns):
            more = len(r.patterns) - len(shown)
            items.append(ngettext("and {count} more, listed in the account plan",
                                  "and {count} more, listed in the account plan", more, count=ctx.fmt.count(more)))
        blocks.append(Bullets(tuple(items)))
    # TRANSLATORS: {decision} is a sentence saying how the renewal is priced.
    blocks.append(Paragraph(_("Pricing decision: {decision}", decision=r.pricing_text)))
    return blocks

# TRANSLATORS: a warning on the internal deal review that account data is old; {date} is when it stops.
STALE_TEXT = {
    "usage": N_("Usage data is stale: the last month recorded ends on {date}. A fall in it is history, not a "
                "current signal; ask for a fresh export before the review."),
    "health": N_("Health scores are stale: the last one is from {date}. A falling score is not treated as a "
                 "current signal until the score is refreshed."),
    "contacts": N_("Contact records are stale: the most recent last contact is from {date}. Update them from the "
                   "CRM before judging coverage."),
}


TRAILING_MONTHS = 12  # retention is measured over the trailing twelve months


def _net_label(ctx) -> str:
    return ngettext("Net revenue retention ({count} month)", "Net revenue retention ({count} months)",
                    TRAILING_MONTHS, count=ctx.fmt.count(TRAILING_MONTHS))


def _gross_label(ctx) -> str:
    return ngettext("Gross revenue retention ({count} month)", "Gross revenue retention ({count} months)",
                    TRAILING_MONTHS, count=ctx.fmt.count(TRAILING_MONTHS))


def target_gap(ctx, nrr) -> str:
    """Return NRR against the 120% target, like '117.6%, 2.4 points below the 120% target'."""
    points = (nrr - NRR_TARGET) * 100
    target = ctx.fmt.percent(NRR_TARGET, 0)
    if points >= 0:
        # TRANSLATORS: net revenue retention ({percent}) against its target ({target}), like "120%".
        return _("{percent}, at or above the {target} target", percent=ctx.fmt.percent(nrr), target=target)
    return _("{percent}, {points} points below the {target} target", percent=ctx.fmt.percent(nrr),
             points=ctx.fmt.number(-points, 1), target=target)


def retention_rows(ctx) -> list[tuple[str, str]]:
    """Return the plan's retention rows over the trailing twelve months: net against target, gross, and the
    ARR twelve months ago with the history point it is read from."""
    t = ctx.figures.trailing
    if t is None or t.nrr is None:
        return [(_net_label(ctx),
                 _("not measurable yet: no ARR recorded twelve months before {date}", date=ctx.date(ctx.as_of)))]
    values = dict(since=ctx.date(t.since), start=ctx.money(t.start), date=ctx.date(ctx.as_of), end=ctx.money(t.end))
    if t.point == t.since:
        # TRANSLATORS: the period retention is measured over, with the ARR at each end.
        period = _("{since} ({start}, recorded that day) to {date} ({end})", **values)
    else:
        # TRANSLATORS: {point} is the day of the last ARR recorded before the start of the period.
        period = _("{since} ({start}, the last ARR recorded before it, on {point}) to {date} ({end})",
                   point=ctx.date(t.point), **values)
    rows = [(_net_label(ctx), target_gap(ctx, t.nrr)),
            (_gross_label(ctx), ctx.fmt.percent(t.grr)),
            (_("Retention measured over"), period)]
    r = ctx.figures.retention
    if r is not None and r.contracted:
        rows.append((_("Since the last renewal"), _("ARR contracted: {before} on {date}, {now} today",
                                                    before=ctx.money(r.start), date=ctx.date(r.start_date),
                                                    now=ctx.money(r.end))))
    return rows


def stale_lines(ctx) -> tuple[str, ...]:
    """Return one sentence per kind of stale data, with the day it stopped."""
    return tuple(_(STALE_TEXT[s.kind], date=ctx.date(s.last)) for s in ctx.figures.stale)


# TRANSLATORS: the state of a renewal step in the internal timeline table (a short chip).
MILESTONE_STATE = {"done": N_("Done"), "missed": N_("Missed"), "now": N_("Now"), "upcoming": N_("Upcoming")}


def milestone_state(ctx, m) -> str:
    """Return done, missed, now or upcoming: a window that passed without the step recorded as done is missed."""
    if m.days_before in ctx.account.renewal.milestones_done:
        return "done"
    if m.status in ("passed", "overdue"):
        return "missed"
    return "now" if m.status == "current" else "upcoming"


def timeline_table(ctx) -> Table:
    """Return the renewal milestones with their state, for the account team."""
    rows = tuple(
        (ctx.date(m.date), ngettext("{count} day before", "{count} days before", m.days_before,
                                    count=ctx.fmt.count(m.days_before)) if m.days_before else _("Renewal date"),
         m.step, _(MILESTONE_STATE[milestone_state(ctx, m)]))
        for m in ctx.figures.timeline.milestones
    )
    return Table((_("Date"), _("When"), _("Step"), _("Status")), rows, widths=(2, 2, 6, 2))


def nrr_metric(ctx) -> Metric:
    """Return net revenue retention as a key figure, with the target beside it."""
    r = ctx.figures.trailing
    target = ctx.fmt.percent(NRR_TARGET, 0)
    if r is None or r.nrr is None:
        return Metric(_("Net revenue retention"), "—", _("target {target}; no ARR recorded a year ago",
                                                          target=target))
    gap = (r.nrr - NRR_TARGET) * 100
    detail = (_("target {target}: met", target=target) if gap >= 0 else
              _("target {target}: {points} points short", target=target, points=ctx.fmt.number(-gap, 1)))
    return Metric(_net_label(ctx), ctx.fmt.percent(r.nrr), detail)
