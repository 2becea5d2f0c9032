"""QBR and account-management anti-patterns, as rules with ids, severities and a one-line fix.

Each rule is a function ``(ctx) -> list[(path, message)]``; registering it in :data:`RULES` with
its id, severity and fix is all a new rule needs. Rules read the computed figures, never the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qbrgen.errors import Problem
from qbrgen.loader import format_path, line_of
from qbrgen.sections.base import Context


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: str  # error | warning
    fix: str
    check: Callable[[Context], list[tuple[tuple, str]]]


def _value_missing(ctx):
    a = ctx.account
    if not a.value:
        detail = " (only activity metrics are listed)" if a.activity else ""
        return [(("value",), f"no documented outcomes{detail}: the QBR has nothing to lead with")]
    return []


def _no_executive(ctx):
    qbr = ctx.account.qbr
    if not qbr or not qbr.attendees:
        return []
    senior = {p.name for p in ctx.account.stakeholders if p.level in ("vp", "c-level")}
    if senior & set(qbr.attendees):
        return []
    return [(("qbr", "attendees"), "no VP or C-level stakeholder is among the QBR attendees")]


def _no_expansion_step(ctx):
    f = ctx.figures
    if ctx.account.renewal.expansion or f.triggers or f.whitespace.total > 0:
        return []
    return [(("renewal", "expansion"), "nothing to propose toward expansion: no expansion offer, upsell trigger "
                                       "or whitespace opportunity")]


def _renewal_without_options(ctx):
    if ctx.figures.timeline.in_window and not ctx.account.renewal.options:
        return [(("renewal", "options"), f"the renewal is {ctx.figures.timeline.days_left} days away and no "
                                         "renewal options are defined")]
    return []


def _renewal_without_value(ctx):
    f = ctx.figures
    if f.timeline.days_left <= 180 and f.documented_value <= 0:
        return [(("value",), f"the renewal is {f.timeline.days_left} days away and no outcome has a documented "
                             "annual value")]
    return []


def _single_threaded(ctx):
    cov = ctx.figures.coverage
    if "one-relationship" in cov.gaps:
        names = ", ".join(cov.working) or "none"
        return [(("stakeholders",), f"single-threaded: {len(cov.working)} working relationship(s) ({names}); "
                                    "a name at strength 1-2, a detractor or a lapsed contact does not count")]
    if "no-backup" in cov.gaps:
        return [(("stakeholders",), f"single-threaded: nobody senior could carry the account if the champion "
                                    f"{cov.champion} left")]
    return []


def _risk_without_mitigation(ctx):
    return [(("risks", i, "mitigation"), f"risk '{r.risk}' has no mitigation")
            for i, r in enumerate(ctx.account.risks) if not r.mitigation]


def _goal_without_customer_owner(ctx):
    people = {p.name for p in ctx.account.stakeholders}
    vendor_side = {ctx.account.account.owner, ctx.account.account.csm}
    out = []
    for i, g in enumerate(ctx.account.success_plan):
        if g.customer_owner in vendor_side or g.customer_owner == g.vendor_owner:
            out.append((("success_plan", i, "customer_owner"), f"goal '{g.goal}' is owned by the vendor side only"))
        elif g.customer_owner not in people:
            out.append((("success_plan", i, "customer_owner"),
                        f"goal '{g.goal}': '{g.customer_owner}' is not a mapped customer stakeholder"))
    return out


def _roadmap_serves_nothing(ctx):
    ids = {p.id for p in ctx.account.priorities}
    return [(("roadmap", i), f"'{item.title}' serves no stated priority, so the deck leaves it out")
            for i, item in enumerate(ctx.account.roadmap) if not set(item.supports) & ids]


def _increase_over_cap(ctx):
    r = ctx.figures.renewal
    found = []
    if r.over_cap:
        found.append((("renewal", "increase_pct"), f"the proposed increase is above the contractual cap of "
                                                   f"{ctx.fmt.pct(r.cap_pct)}"))
    found += [(("renewal", "options", i, "increase_pct"), f"option '{o.name}' is above the contractual cap")
              for i, o in enumerate(r.options) if o.over_cap]
    return found


def _economic_buyer_silent(ctx):
    return [(("stakeholders",), s.note or "the economic buyer is out of contact")
            for s in ctx.figures.signals if s.kind == "economic-buyer-silent"]


RULES = (
    Rule("QBR001", "value-missing", "error", "Document at least one business outcome with its baseline.",
         _value_missing),
    Rule("QBR002", "no-executive-attendee", "warning", "Ask your champion to bring their VP or C-level leader.",
         _no_executive),
    Rule("QBR003", "no-expansion-step", "warning", "Propose one expansion step: a pilot, a new team, more capacity.",
         _no_expansion_step),
    Rule("QBR004", "renewal-without-options", "warning", "Add a one-year option and a multi-year option with "
         "price protection.", _renewal_without_options),
    Rule("QBR005", "renewal-without-value", "error", "Put an annual value on the outcomes before pricing the "
         "renewal.", _renewal_without_value),
    Rule("QBR006", "single-threaded", "warning", "Build a second working relationship at director level or "
         "above, and meet people at three levels in three teams.",
         _single_threaded),
    Rule("QBR007", "risk-without-mitigation", "warning", "Write down who does what to reduce each risk.",
         _risk_without_mitigation),
    Rule("QBR008", "goal-without-customer-owner", "warning", "Name a customer stakeholder who owns each goal.",
         _goal_without_customer_owner),
    Rule("QBR009", "roadmap-serves-no-priority", "warning", "Link the item to a priority with 'supports', or "
         "drop it.", _roadmap_serves_nothing),
    Rule("QBR010", "increase-over-cap", "error", "Keep the increase within the contractual cap.",
         _increase_over_cap),
    Rule("QBR011", "economic-buyer-out-of-contact", "warning", "Meet the economic buyer this quarter.",
         _economic_buyer_silent),
)
BY_ID = {r.id: r for r in RULES}


def lint(info, ctx: Context, loaded_data=None) -> list[Problem]:
    """Return the lint findings of one account, skipping rules the workspace disables."""
    disabled = set(ctx.workspace.lint.disable)
    out = []
    for rule in RULES:
        if rule.id in disabled:
            continue
        for loc, message in rule.check(ctx):
            line = line_of(loaded_data, loc) if loaded_data is not None else None
            text = f"[{rule.id} {rule.name}] {message}. Fix: {rule.fix}"
            out.append(Problem(info.display, line, format_path(loc), text, rule.severity))
    return out
