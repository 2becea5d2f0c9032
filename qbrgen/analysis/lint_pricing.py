"""Deal-desk lint rules: discounts, and the account's pricing decision against lint's errors on the increase.

Registered from :mod:`qbrgen.analysis.lint`; each rule has the same shape as the others there:
``(ctx) -> list[(path, message[, severity])]``.
"""

from __future__ import annotations

HOLD_NOTE = "; the documents propose a flat renewal at today's price with a recovery plan instead"


def against_increase(ctx, loc: tuple, message: str) -> list[tuple]:
    """Return lint's finding against the increase, saying what the documents do about it.

    Held flat (the default), the error stands and says so; kept by ``renewal.pricing_decision``, it
    becomes a warning that records the decision and its reason.
    """
    r = ctx.figures.renewal
    decision = ctx.account.renewal.pricing_decision
    if r.kept and decision is not None:
        by = f" by {decision.decided_by}" if decision.decided_by else ""
        return [(loc, f"{message}; kept{by} (renewal.pricing_decision): {decision.reason}", "warning")]
    if r.recovery:
        return [(loc, message + HOLD_NOTE)]
    return [(loc, message)]


def _discounts(ctx):
    r = ctx.account.renewal
    found = [(("renewal", "increase_pct"), "the renewal", r.increase_pct)] if r.increase_pct < 0 else []
    return found + [(("renewal", "options", i, "increase_pct"), f"option '{o.name}'", o.increase_pct)
                    for i, o in enumerate(r.options) if o.increase_pct < 0]


def discount(ctx):
    """Flag a discount: a warning, an error above the workspace's threshold unless someone approved it."""
    limit = ctx.workspace.renewal_policy.discount_approval_pct
    approved = ctx.account.renewal.discount_approved_by
    out = []
    for loc, what, pct in _discounts(ctx):
        text = (f"{what} lowers the price by {ctx.fmt.pct(-pct)}: a discount at renewal usually answers "
                "undelivered value, not price")
        if -pct > limit and not approved:
            out.append((loc, f"{text}; above the {ctx.fmt.pct(limit)} the workspace allows without approval "
                             "(renewal_policy.discount_approval_pct), and renewal.discount_approved_by is not set"))
        elif approved:
            out.append((loc, f"{text}; approved by {approved}", "warning"))
        else:
            out.append((loc, text, "warning"))
    return out


def shelfware_upsell(ctx):
    """Flag an expansion offered for a product the customer owns and barely uses: it is left out."""
    owned = ctx.figures.renewal.shelfware
    limit = ctx.workspace.renewal_policy.shelfware_pct
    return [(("renewal", "expansion", i, "product"),
             f"'{e.product}' is offered as expansion, but the customer uses {ctx.fmt.percent(owned[e.product], 0)} "
             f"of what they own (below {ctx.fmt.pct(limit)}): the documents leave it out and set an adoption goal "
             "instead")
            for i, e in enumerate(ctx.account.renewal.expansion) if e.product in owned]
