"""The steps to signature as the customer reads them (re-planned from the as-of date, none in the past), and the
playbook's renewal milestones as the account team tracks them; shared by the proposal, the deck, the recap and
the internal plan."""

from __future__ import annotations

from qbrgen.analysis.context import Context
from qbrgen.i18n import N_, _, ngettext

# TRANSLATORS: the customer's steps to signature, one per row of a table next to its date ("we" is the vendor).
STEP_TEXT = {
    "proposal": N_("We share the renewal proposal with its price and options"),
    "terms": N_("We answer your questions and agree on the terms"),
    "legal": N_("Your legal and procurement review"),
    "signature": N_("Target date for signature"),
    "start": N_("The renewed subscription starts"),
}
PROPOSAL_STEP = N_("We share the renewal proposal with its price")
LAPSED_START = N_("The new term starts (the renewal date has passed)")
BACKDATED_START = N_("The new term starts on the old renewal date, covering the days already used")
# TRANSLATORS: the status of one step of the internal renewal timeline, in a table cell.
MILESTONE_STATUS = {"passed": N_("Window passed"), "current": N_("Now"),
                    "upcoming": N_("Upcoming"), "overdue": N_("Overdue")}


def step_text(ctx: Context, key: str) -> str:
    """Return one customer step, worded from the account: options are named only when there are some."""
    if key == "start" and ctx.figures.timeline.backdated:
        return _(BACKDATED_START)
    if key == "start" and ctx.figures.timeline.overdue:
        return _(LAPSED_START)
    if key == "proposal" and not ctx.figures.renewal.options:
        return _(PROPOSAL_STEP)
    return _(STEP_TEXT[key])


def timeline_rows(ctx: Context, customer_facing: bool) -> tuple[tuple[str, ...], ...]:
    """Return the renewal steps as rows.

    The customer sees the steps they take part in, re-planned from the as-of date, so none is in the past.
    The internal plan sees the playbook's milestones with their status.
    """
    tl = ctx.figures.timeline
    if customer_facing:
        return tuple((ctx.date(st.date), step_text(ctx, st.key)) for st in tl.steps)
    rows = []
    for m in tl.milestones:
        before = (ngettext("{count} day before", "{count} days before", m.days_before, count=m.days_before)
                  if m.days_before else _("Renewal date"))
        rows.append((ctx.date(m.date), before, m.step, _(MILESTONE_STATUS[m.status])))
    return tuple(rows)
