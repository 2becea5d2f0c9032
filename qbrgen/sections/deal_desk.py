"""The deal desk's words shared by several documents: adoption goals for what the customer owns and barely
uses (never an upsell), and the pricing decisions the internal plan records.

The adoption goals are customer-facing and translated; the plan's notes stay English, like the whole plan."""

from __future__ import annotations

import datetime as dt

from qbrgen.account.model import Goal
from qbrgen.analysis.coverage import present
from qbrgen.i18n import _
from qbrgen.sections.document import Paragraph

REASON = {"below-price": "documented value is below the price (QBR013)",
          "critical-signal": "a critical churn signal is open (QBR014)",
          "decision": "renewal.pricing_decision holds the price"}


def adoption_goals(ctx) -> tuple[Goal, ...]:
    """Return one adoption goal per product used below the workspace's shelfware threshold, due by the
    signature target (or, outside the renewal window, in 90 days)."""
    shelf = ctx.figures.renewal.shelfware or {}
    if not shelf:
        return ()
    people = present(ctx.account, ctx.as_of)  # someone who has left owns nothing
    # TRANSLATORS: in the owner column of a goal when nobody at the customer owns it yet.
    champion = next((p.name for p in people if p.role == "champion"), people[0].name if people else _("To agree"))
    ours = ctx.account.account.csm or ctx.account.account.owner
    tl = ctx.figures.timeline
    due = tl.signature_target if tl.in_window and tl.signature_target else ctx.as_of + dt.timedelta(days=90)
    goals = []
    for p in ctx.account.contract.products:
        if p.name in shelf:
            c = p.capacity
            # TRANSLATORS: an adoption goal in the success plan; {product} and {unit} come from the account file
            # (like "Analytics", "seats"), {used} and {contracted} are numbers.
            goals.append(Goal(goal=_("Put {product} to work: {used} of {contracted} {unit} in use today",
                                     product=p.name, used=ctx.fmt.number(c.used, 2),
                                     contracted=ctx.fmt.number(c.contracted, 2), unit=c.unit),
                              customer_owner=champion, vendor_owner=ours, due=due, status="not-started"))
    return tuple(goals)


def plan_notes(ctx) -> tuple[Paragraph, ...]:
    """Return what the internal plan records about the price: held flat and why, kept by a decision and its
    reason, a discount and who approved it."""
    r = ctx.figures.renewal
    decision = ctx.account.renewal.pricing_decision
    out = []
    if r.recovery:
        why = "; ".join(REASON[h] for h in r.held)
        out.append(Paragraph(f"Pricing: the file asks for {ctx.fmt.pct(r.asked_pct)}, but {why}. The customer "
                             "documents propose a flat renewal at today's price with a recovery plan.", "lead"))
    if r.kept and decision is not None:
        by = f" by {decision.decided_by}" if decision.decided_by else ""
        out.append(Paragraph(f"Pricing decision{by}: keep the {ctx.fmt.pct(r.asked_pct)} increase although lint errs "
                             f"({'; '.join(REASON[h] for h in r.kept)}). Reason: {decision.reason}", "lead"))
    elif decision is not None and decision.decision == "hold-flat":
        out.append(Paragraph(f"Pricing decision: hold the price flat. Reason: {decision.reason}", "muted"))
    if r.discount:
        approved = ctx.account.renewal.discount_approved_by
        out.append(Paragraph(f"Discount: {ctx.fmt.pct(-r.increase_pct)} off today's price"
                             + (f", approved by {approved}." if approved else ", not approved (lint QBR041).")
                             + " A discount at renewal usually answers undelivered value: fix the value first.",
                             "lead"))
    if r.shelfware:
        out.append(Paragraph("Shelfware: " + ", ".join(f"{k} ({ctx.fmt.percent(v, 0)} in use)"
                                                       for k, v in r.shelfware.items())
                             + ". No cross-sell or pilot of these; an adoption goal is in the success plan.", "muted"))
    return tuple(out)
