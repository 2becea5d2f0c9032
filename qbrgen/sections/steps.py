"""The steps to signature as the customer reads them (re-planned from the as-of date, none in the past), worded
from the account; shared by the proposal and the recap (its e-mail and calendar)."""

from __future__ import annotations

from qbrgen.analysis.context import Context
from qbrgen.i18n import N_, _

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


def step_text(ctx: Context, key: str) -> str:
    """Return one customer step, worded from the account: options are named only when there are some."""
    if key == "start" and ctx.figures.timeline.backdated:
        return _(BACKDATED_START)
    if key == "start" and ctx.figures.timeline.overdue:
        return _(LAPSED_START)
    if key == "proposal" and not ctx.figures.renewal.options:
        return _(PROPOSAL_STEP)
    return _(STEP_TEXT[key])


def timeline_rows(ctx: Context) -> tuple[tuple[str, ...], ...]:
    """Return the steps the customer takes part in as (date, step) rows, re-planned from the as-of date, so none
    is in the past. (The account team's milestones are the internal plan's: :mod:`qbrgen.sections.intel`.)"""
    return tuple((ctx.date(st.date), step_text(ctx, st.key)) for st in ctx.figures.timeline.steps)
