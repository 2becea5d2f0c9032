"""Words for the account-intelligence figures, shared by the plan and the internal deck."""

from __future__ import annotations

from qbrgen.analysis.retention import NRR_TARGET
from qbrgen.analysis.risk import PRICING_TEXT
from qbrgen.sections.document import Bullets, Metric, Metrics, Paragraph, Table

SEVERITY_WORD = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low"}
VERDICT_MEANING = {
    "critical": "This account can be lost at this renewal. Act this week, from the top of the list.",
    "at-risk": "Patterns that lose accounts are open. Work them before the renewal window closes.",
    "watch": "Minor patterns are open. Keep them from growing.",
    "on-track": "No account-losing pattern is open.",
}


def verdict_metrics(ctx) -> Metrics:
    """Return the verdict, the urgency score, the days to renewal and the ARR at stake as key figures."""
    r, tl = ctx.figures.risk, ctx.figures.timeline
    days = (Metric("Days past renewal", str(-tl.days_left), "the renewal date has passed") if tl.overdue
            else Metric("Days to renewal", str(tl.days_left), ctx.date(tl.renewal_date)))
    n = len(r.patterns)
    return Metrics((Metric("Verdict", r.verdict_text, f"{ctx.fmt.count(n)} open pattern{'s' if n != 1 else ''}"),
                    Metric("Urgency score", ctx.fmt.number(r.score, 1), "days, ARR and patterns"),
                    days, Metric("ARR at stake", ctx.money(ctx.figures.arr))))


def verdict_blocks(ctx, most: int | None = None) -> list:
    """Return the verdict block: verdict, the open patterns most severe first, steps missed and the pricing
    decision. With ``most``, at most that many patterns are listed and the rest counted."""
    r = ctx.figures.risk
    blocks = [verdict_metrics(ctx),
              Paragraph(VERDICT_MEANING[r.verdict], "lead")]
    if r.patterns:
        shown = r.patterns if most is None else r.patterns[:most]
        items = [f"{SEVERITY_WORD[p.severity]}: {p.text}. Next: {p.action}." for p in shown]
        if len(shown) < len(r.patterns):
            items.append(f"and {ctx.fmt.count(len(r.patterns) - len(shown))} more, listed in the account plan")
        blocks.append(Bullets(tuple(items)))
    blocks.append(Paragraph("Pricing decision: " + PRICING_TEXT[r.pricing]))
    return blocks

STALE_TEXT = {
    "usage": "Usage data is stale: the last month recorded ends on {date}. A fall in it is history, not a "
             "current signal; ask for a fresh export before the review.",
    "health": "Health scores are stale: the last one is from {date}. A falling score is not treated as a "
              "current signal until the score is refreshed.",
    "contacts": "Contact records are stale: the most recent last contact is from {date}. Update them from the "
                "CRM before judging coverage.",
}


def target_gap(ctx, nrr) -> str:
    """Return NRR against the 120% target, like '117.6%, 2.4 points below the 120% target'."""
    points = (nrr - NRR_TARGET) * 100
    target = ctx.fmt.percent(NRR_TARGET, 0)
    if points >= 0:
        return f"{ctx.fmt.percent(nrr)}, at or above the {target} target"
    return f"{ctx.fmt.percent(nrr)}, {ctx.fmt.number(-points, 1)} points below the {target} target"


def retention_rows(ctx) -> list[tuple[str, str]]:
    """Return the plan's retention rows over the trailing twelve months: net against target, gross, and the
    ARR twelve months ago with the history point it is read from."""
    t = ctx.figures.trailing
    if t is None or t.nrr is None:
        return [("Net revenue retention (12 months)", "not measurable yet: no ARR recorded twelve months before "
                                                      f"{ctx.date(ctx.as_of)}")]
    source = ("recorded that day" if t.point == t.since
              else f"the last ARR recorded before it, on {ctx.date(t.point)}")
    period = (f"{ctx.date(t.since)} ({ctx.money(t.start)}, {source}) to {ctx.date(ctx.as_of)} "
              f"({ctx.money(t.end)})")
    rows = [("Net revenue retention (12 months)", target_gap(ctx, t.nrr)),
            ("Gross revenue retention (12 months)", ctx.fmt.percent(t.grr)),
            ("Retention measured over", period)]
    r = ctx.figures.retention
    if r is not None and r.contracted:
        rows.append(("Since the last renewal", f"ARR contracted: {ctx.money(r.start)} on {ctx.date(r.start_date)}, "
                                               f"{ctx.money(r.end)} today"))
    return rows


def stale_lines(ctx) -> tuple[str, ...]:
    """Return one sentence per kind of stale data, with the day it stopped."""
    return tuple(STALE_TEXT[s.kind].format(date=ctx.date(s.last)) for s in ctx.figures.stale)


MILESTONE_STATE = {"done": "Done", "missed": "Missed", "now": "Now", "upcoming": "Upcoming"}


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
        (ctx.date(m.date), f"{m.days_before} days before" if m.days_before else "Renewal date", m.step,
         MILESTONE_STATE[milestone_state(ctx, m)])
        for m in ctx.figures.timeline.milestones
    )
    return Table(("Date", "When", "Step", "Status"), rows, widths=(2, 2, 6, 2))


def nrr_metric(ctx) -> Metric:
    """Return net revenue retention as a key figure, with the target beside it."""
    r = ctx.figures.trailing
    target = ctx.fmt.percent(NRR_TARGET, 0)
    if r is None or r.nrr is None:
        return Metric("Net revenue retention", "—", f"target {target}; no ARR recorded a year ago")
    gap = (r.nrr - NRR_TARGET) * 100
    detail = (f"target {target}: met" if gap >= 0 else
              f"target {target}: {ctx.fmt.number(-gap, 1)} points short")
    return Metric("Net revenue retention (12 months)", ctx.fmt.percent(r.nrr), detail)
