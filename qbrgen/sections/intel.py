"""Words for the account-intelligence figures, shared by the plan and the internal deck."""

from __future__ import annotations

from qbrgen.analysis.retention import NRR_TARGET
from qbrgen.sections.document import Metric, Table

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
    """Return the plan's retention rows: net against target, gross, and the period measured."""
    r = ctx.figures.retention
    if r is None or r.nrr is None:
        return [("Net revenue retention", "not measurable yet: no earlier renewal recorded")]
    period = f"{ctx.date(r.start_date)} ({ctx.money(r.start)}) to "
    period += (f"today ({ctx.money(r.end)}): ARR contracted since the last renewal" if r.contracted
               else f"{ctx.date(r.end_date)} ({ctx.money(r.end)})")
    return [("Net revenue retention", target_gap(ctx, r.nrr)),
            ("Gross revenue retention", ctx.fmt.percent(r.grr)),
            ("Retention measured over", period)]


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
    r = ctx.figures.retention
    target = ctx.fmt.percent(NRR_TARGET, 0)
    if r is None or r.nrr is None:
        return Metric("Net revenue retention", "—", f"target {target}; no earlier renewal recorded")
    gap = (r.nrr - NRR_TARGET) * 100
    detail = (f"target {target}: met" if gap >= 0 else
              f"target {target}: {ctx.fmt.number(-gap, 1)} points short")
    return Metric("Net revenue retention", ctx.fmt.percent(r.nrr), detail)
