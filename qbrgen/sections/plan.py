"""The internal account plan: everything the account team needs, nothing filtered.

``SECTIONS`` lists the section builders in order; each takes the context and returns parts.
"""

from __future__ import annotations

from decimal import Decimal

from qbrgen.sections import deal_desk
from qbrgen.sections.base import (
    FUNCTION,
    LEVEL,
    SENIORITY,
    framing_sentence,
    options_table,
    outcomes_table,
)
from qbrgen.sections.document import Bullets, Metric, Metrics, Paragraph, Part, Table
from qbrgen.sections.intel import retention_rows, stale_lines, timeline_table, verdict_blocks

ZERO = Decimal(0)
GAP_TEXT = {
    "no-executive": "No working VP or C-level relationship: the account is run from below.",
    "no-c-level": "No working C-level relationship: a critical gap.",
    "no-champion": "No champion: nobody argues for us inside the customer.",
    "single-champion": "One champion only ({champion}): keep a second senior relationship warm.",
    "no-backup": "Single-threaded: nobody at director level or above (strength 4 or more, in contact) could "
                 "carry the account if {champion} left.",
    "one-relationship": "Single-threaded: {relationships} in the whole account.",
    "no-economic-buyer": "No economic buyer: the one we knew has left; find who signs now.",
}
ROLE_NAME = {"champion": "champion", "economic-buyer": "economic buyer", "technical": "technical owner",
             "user": "user", "blocker": "blocker"}
SIGNAL_TEXT = {
    "sponsor-left": ("Executive sponsor left or moved", "Meet the successor within two weeks; re-sell the value."),
    "usage-decline": ("Usage fell two months running", "Find the cause with the champion; run an adoption plan."),
    "meeting-cancelled": ("Meetings or QBRs skipped", "Reset the cadence with the sponsor; shorten the agenda."),
    "vendor-rationalization": ("Vendor consolidation review", "Show the documented value to the decision makers."),
    "data-export-request": ("Unusual data export request", "Ask why, openly; involve the sponsor the same week."),
    "api-docs-request": ("Unusual request for API documentation", "Ask what they are building; offer help."),
    "ticket-sentiment": ("Support tone turning adversarial", "Review open tickets with support; call the sponsor."),
    "competitor-evaluation": ("Evaluating a competitor", "Executive-to-executive meeting; map the decision."),
    "health-falling": ("Health score falling", "Review the drivers of the score; agree actions with the CSM."),
    "no-executive-at-qbr": ("No VP or C-level invited to the QBR", "Ask the champion to bring their leadership."),
    "economic-buyer-silent": ("Economic buyer out of contact", "Book time with the economic buyer this month."),
}
GAP_REASON = {
    "below-price": "documented value per year is below the subscription",
    "sponsor-left": "the executive sponsor left",
    "competitor-evaluation": "a competitor is being evaluated",
    "vendor-rationalization": "a vendor consolidation review is open",
}
OWNER_TEXT = {
    "renewal-manager": "A renewal manager: a transactional renewal, handled as a process.",
    "account-manager": "A dedicated account manager who owns renewal and growth.",
    "new-business-sales": "Bring the new-business sales team back in alongside the account owner.",
}
REASON_TEXT = {
    "contract-large": "Contract size: a mid-market or enterprise contract (or ARR at the workspace's enterprise "
                      "threshold) needs deal and negotiation skills.",
    "contract-small": "Contract size: a small contract below the enterprise threshold can renew as a process.",
    "cross-sell": "Upsell and cross-sell: there are products or units left to sell.",
    "cross-sell-programmatic": "Upsell and cross-sell: there is more to sell, through a programmatic motion at "
                               "this contract size.",
    "no-cross-sell": "Upsell and cross-sell: nothing left to sell; the renewal is mostly paperwork.",
    "stage-early": "Resources: an early-stage company; the new-business team can carry renewals and expansion.",
    "stage-growth": "Resources: a growth-stage company; expansion distracts new-business sellers.",
    "stage-scale": "Resources: a company at scale; renewal and growth need their own owner.",
    "enterprise-complex": "Enterprise: many stakeholders or business units to multi-thread.",
    "not-complex": "Enterprise: a simple organization with few stakeholders.",
    "material-churn-risk": "Material churn risk: a critical signal or risk makes this look like a new sale.",
    "new-economic-buyer": "New economic buyer: the value must be sold again from the start.",
    "vendor-rationalization": "Vendor rationalisation: the customer is choosing which vendors stay; sell the "
                              "account again as a new deal.",
}


def verdict(ctx) -> tuple[Part, ...]:
    """Return the verdict block, first in the plan: verdict, open patterns, steps missed, pricing decision."""
    return (Part("verdict", "Verdict", blocks=tuple(verdict_blocks(ctx))),)


def overview(ctx) -> tuple[Part, ...]:
    a, f = ctx.account, ctx.figures
    g = f.growth
    rows = [
        ("Customer", a.account.name + (f" ({a.account.id})" if a.account.id else "")),
        ("Segment", a.account.segment),
        ("Account manager", a.account.owner),
        ("Customer success", a.account.csm or "—"),
        ("ARR", ctx.money(f.arr)),
        ("Products", ", ".join(p.name for p in a.contract.products) or "—"),
        ("Contract", f"{ctx.date(a.contract.start_date)} to {ctx.date(a.contract.renewal_date)}, "
                     f"{a.contract.term_months} months, auto-renew {'yes' if a.contract.auto_renew else 'no'}"),
    ]
    rows += retention_rows(ctx)
    if g.cagr is not None:
        rows.append(("ARR growth per year (CAGR)", ctx.fmt.percent(g.cagr)))
    if f.health:
        trend = " → ".join(ctx.fmt.number(s, 0) for _, s in f.health[-4:])
        rows.append(("Health score", trend))
    tl = f.timeline
    metrics = Metrics((
        Metric("ARR", ctx.money(f.arr)),
        Metric("Documented value", ctx.money(f.documented_value)),
        Metric("Days past renewal", str(-tl.days_left)) if tl.overdue else Metric("Days to renewal", str(tl.days_left)),
    ))
    blocks = [metrics, Table(("", ""), tuple(rows), widths=(3, 7))]
    stale = stale_lines(ctx)
    if stale:
        blocks.append(Paragraph("Stale data:", "lead"))
        blocks.append(Bullets(stale))
    return (Part("overview", "Account overview", blocks=tuple(blocks)),)


ROLE_ORDER = {"economic-buyer": 0, "champion": 1, "blocker": 2, "technical": 3, "user": 4}
LEVEL_ORDER = {"c-level": 0, "vp": 1, "director": 2, "manager": 3, "ic": 4}


def stakeholders(ctx, most: int | None = None) -> tuple[Part, ...]:
    """Return the stakeholder map: everyone, or with ``most``, the people who decide the renewal first (buyer,
    champions, blockers, technical owners, by seniority) and one row counting the others."""
    people = ctx.account.stakeholders
    if not people:
        return (Part("stakeholders", "Stakeholder map", blocks=(Paragraph("No stakeholders mapped yet."),)),)
    contacts = {c.name: c for c in ctx.figures.coverage.contacts}
    gone = {name: day for name, _, day in ctx.figures.coverage.departed}
    rows = []
    others = ()
    if most is not None and len(people) > most:
        ranked = sorted(people, key=lambda p: (ROLE_ORDER.get(p.role, 5), LEVEL_ORDER.get(p.level, 5)))
        people, rest = ranked[: most - 1], ranked[most - 1:]
        label = f"{ctx.fmt.count(len(rest))} more people, listed in the account plan"
        others = ((label, "", "", "", "", "", ""),)
    for p in people:
        last = ctx.date(p.last_contact) if p.last_contact else "never recorded"
        if p.name in gone:
            flag = f" (left on {ctx.date(gone[p.name])})"
        else:
            flag = " (overdue)" if contacts[p.name].overdue else ""
        rows.append((p.name, p.title, LEVEL[p.level], p.role, str(p.strength), p.sentiment, last + flag))
    table = Table(("Name", "Title", "Level", "Role", "Strength", "Sentiment", "Last contact"), tuple(rows) + others,
                  widths=(3, 4, 2, 2, 1, 2, 3))
    return (Part("stakeholders", "Stakeholder map", blocks=(table,)),)


def _holder_text(h) -> str:
    """Return a holder with what weakens the relationship: 'Tom Okafor (no contact for 96 days)'."""
    why = []
    if "weak" in h.weaknesses:
        why.append(f"strength {h.strength} of 5")
    if "hostile" in h.weaknesses:
        why.append("detractor")
    if "lapsed" in h.weaknesses:
        why.append(f"no contact for {h.days_since} days, cadence {h.cadence_days}" if h.days_since is not None
                   else "no contact recorded")
    return h.name + (f" ({', '.join(why)})" if why else "")


def _cell_text(cell, fmt) -> str:
    if cell.status == "empty":
        return "— empty —"
    working = [h.name for h in cell.holders if h.working]
    if working:
        return _names(working, fmt)
    return "AT RISK: " + _names([h.name for h in cell.holders], fmt)


def _names(names: list[str], fmt, most: int = 4) -> str:
    """Return names for one grid cell: all of a few, or the first ones and how many more."""
    if len(names) <= most:
        return ", ".join(names)
    return f"{', '.join(names[:most - 1])} and {fmt.count(len(names) - most + 1)} more"


def coverage_blocks(ctx, detail: bool = True) -> list:
    """Return the 3x3 grid, how many cells hold a working relationship, and the gaps and cells at risk.

    With ``detail`` the empty cells and overdue contacts are listed too (the deck leaves them to the grid
    and the stakeholder map).
    """
    cov = ctx.figures.coverage
    cells = {(c.seniority, c.function): c for c in cov.cells}
    rows = tuple(
        (SENIORITY[s], *(_cell_text(cells[(s, fn)], ctx.fmt) for fn in FUNCTION))
        for s in reversed(tuple(SENIORITY))
    )
    grid = Table(("", *FUNCTION.values()), rows, widths=(2, 3, 3, 3))
    covered = sum(1 for c in cov.cells if c.status == "covered")
    summary = Paragraph(f"{covered} of 9 cells are held by a working relationship (strength 3 or more, not a "
                        f"detractor, in contact within the cadence of their level); {len(cov.working)} of "
                        f"{ctx.fmt.count(len(ctx.account.stakeholders))} people count as one.")
    relationships = (f"only one working relationship ({cov.working[0]})" if cov.working
                     else "not one working relationship")
    implied = {"no-c-level"} if "no-executive" in cov.gaps else set()  # said once, by the wider gap
    implied |= {"single-champion"} if "no-backup" in cov.gaps else set()
    implied |= {"no-backup"} if "one-relationship" in cov.gaps else set()  # the wider gap says it
    gaps = [GAP_TEXT[g].format(champion=cov.champion or "the champion", relationships=relationships)
            for g in cov.gaps if g not in implied]
    for s, fn in cov.at_risk:
        held = cells[(s, fn)].holders
        holders = "; ".join(_holder_text(h) for h in held[:3])
        if len(held) > 3:  # a crowd of weak contacts: the first few, and how many more
            holders += f"; and {ctx.fmt.count(len(held) - 3)} more"
        gaps.append(f"At risk: {SENIORITY[s]} in the {FUNCTION[fn].lower()}, held only by {holders}.")
    if detail:
        gaps += [f"Empty cell: {SENIORITY[s]} in the {FUNCTION[fn].lower()}." for s, fn in cov.empty]
    gaps += [f"{name} ({ROLE_NAME[role]}) left on {ctx.date(day)}: no longer counted; the role is a gap to fill."
             for name, role, day in cov.departed]
    blocks = [grid, summary, Bullets(tuple(gaps) or ("All nine cells covered by working relationships.",))]
    overdue = [c for c in cov.contacts if c.overdue]
    if detail and overdue:
        blocks.append(Paragraph("Overdue contact:", "muted"))
        blocks.append(Bullets(tuple(
            f"{c.name} ({LEVEL[c.level]}): " + (f"{c.days_since} days since contact, cadence {c.cadence_days} days"
                                                if c.days_since is not None else "no contact recorded")
            for c in overdue)))
    return blocks


def coverage(ctx) -> tuple[Part, ...]:
    return (Part("coverage", "Coverage: the 3x3 rule", blocks=tuple(coverage_blocks(ctx))),)


def whitespace(ctx, most: int | None = None) -> tuple[Part, ...]:
    """Return the whitespace grid: every unit and product, or with ``most``, the units and products with the
    largest opportunity (at most ``most`` of each) and a line counting the rest, which the plan lists."""
    ws = ctx.figures.whitespace
    if not ws.rows:
        return (Part("whitespace", "Whitespace", blocks=(Paragraph("No business units mapped yet."),)),)
    label = {"deployed": "Deployed", "not-sold": "Not sold, no amount"}
    per_product = [sum((cells[i][1] for _, cells in ws.rows if cells[i][0] == "opportunity"), ZERO)
                   for i in range(len(ws.products))]
    keep = list(range(len(ws.products)))
    units = list(ws.rows)
    if most is not None and len(keep) > most:
        keep = sorted(sorted(keep, key=lambda i: -per_product[i])[:most])
    if most is not None and len(units) > most:
        def unit_total(row):
            return sum((a for state, a in row[1] if state == "opportunity"), ZERO)
        units = sorted(units, key=lambda r: -unit_total(r))[:most]
    rows = []
    for unit, cells in units:
        unit_total = sum((amount for state, amount in cells if state == "opportunity"), ZERO)
        rows.append((unit, *(ctx.money(cells[i][1]) if cells[i][0] == "opportunity" else label[cells[i][0]]
                             for i in keep), ctx.money(unit_total)))
    rows.append(("Total" if len(units) == len(ws.rows) else "Total, every unit",
                 *(ctx.money(per_product[i]) for i in keep), ctx.money(ws.total)))
    products = [ws.products[i] for i in keep]
    table = Table(("Business unit", *products, "Unit total"), tuple(rows),
                  align=("left", *(["right"] * (len(products) + 1))),
                  widths=(3, *([2] * (len(products) + 1))), emphasis_last_row=True)
    blocks = [table, Paragraph(f"Total quantified opportunity: {ctx.money(ws.total)} of ARR.")]
    hidden_products, hidden_units = len(ws.products) - len(keep), len(ws.rows) - len(units)
    if hidden_products or hidden_units:
        more = [f"{ctx.fmt.count(n)} more {what}" for n, what in ((hidden_units, "units"),
                                                                  (hidden_products, "products")) if n]
        blocks.append(Paragraph("The largest opportunities only; " + " and ".join(more) + " in the account plan.",
                                "muted"))
    elif ws.unquantified:
        blocks.append(Paragraph(f"Quantify every cell: {len(ws.unquantified)} marked not sold carry no amount, so "
                                "the total understates the expansion in reach.", "lead"))
        blocks.append(Bullets(tuple(f"{unit}: {product}" for unit, product in ws.unquantified)))
    return (Part("whitespace", "Whitespace", blocks=tuple(blocks)),)


def value(ctx) -> tuple[Part, ...]:
    f = ctx.figures
    if not f.outcomes:
        return (Part("value", "Value tracker", blocks=(
            Paragraph("No outcomes documented: the renewal has no value story yet. Fix this first."),)),)
    blocks = [outcomes_table(ctx, limit=None)]
    if f.value_multiple is not None and f.documented_value:
        blocks.append(Paragraph(f"Value multiple: documented value is {ctx.fmt.multiple(f.value_multiple)} the ARR."))
    if "below-price" in f.value_gap:
        why = [GAP_REASON[g] for g in f.value_gap]
        blocks.append(Paragraph("Value is not yet proven: " + "; ".join(why) + ". Fix the value gap before pricing: "
                                "agree what to measure and by when, and do not justify an increase with value.",
                                "lead"))
    elif f.value_gap:
        why = [GAP_REASON[g] for g in f.value_gap]
        blocks.append(Paragraph(f"Value is documented at {ctx.fmt.multiple(f.value_multiple)} the ARR, but "
                                + "; ".join(why) + ". Defend the value with the people deciding now, and resolve "
                                "the signal before asking for an increase.", "lead"))
    return (Part("value", "Value tracker", blocks=tuple(blocks)),)


def risks(ctx, most: int | None = None) -> tuple[Part, ...]:
    rs = ctx.figures.risks
    if not rs:
        return (Part("risks", "Risk register", blocks=(Paragraph("No risks recorded."),)),)
    shown = rs if most is None else rs[:most]  # highest score first
    rows = tuple((r.severity, r.risk, r.likelihood, r.impact, r.mitigation or "NO MITIGATION", r.owner or "—")
                 for r in shown)
    more = ((Paragraph(f"{ctx.fmt.count(len(rs) - len(shown))} more risks, lower scored, in the account plan.",
                       "muted"),) if len(shown) < len(rs) else ())
    return (Part("risks", "Risk register", blocks=(
        Table(("Severity", "Risk", "Likelihood", "Impact", "Mitigation", "Owner"), rows, widths=(2, 5, 2, 2, 5, 2)),
        *more)),)


def signals(ctx) -> tuple[Part, ...]:
    f = ctx.figures
    sig = f.signals
    history = ()
    if f.past_signals:
        history = (Paragraph(f"History: {ctx.fmt.count(len(f.past_signals))} signal(s) recorded before this term "
                             f"started on {ctx.date(ctx.account.contract.start_date)}, not live: "
                             + "; ".join(f"{SIGNAL_TEXT[s.kind][0].lower()} ({ctx.date(s.date)}"
                                         + (f": {s.note})" if s.note else ")") for s in f.past_signals) + ".",
                             "muted"),)
    if not sig:
        others = f.risk is not None and f.risk.patterns
        text = ("No churn signal in this term; the other open patterns are in the verdict." if others
                else "No churn signals observed or derived.")
        return (Part("signals", "Churn signals", blocks=(Paragraph(text), *history)),)
    rows = tuple(
        (s.severity, SIGNAL_TEXT[s.kind][0], ctx.date(s.date) if s.date else "—",
         (s.note or "") + (" (derived)" if s.derived else ""), SIGNAL_TEXT[s.kind][1])
        for s in sig
    )
    return (Part("signals", "Churn signals", blocks=(
        Table(("Severity", "Signal", "Date", "Detail", "Action"), rows, widths=(2, 4, 2, 4, 5)), *history)),)


def upsell(ctx) -> tuple[Part, ...]:
    t = ctx.figures.triggers
    if not t:
        return ()
    rows = tuple((x.product, x.unit, ctx.fmt.percent(x.utilisation), "overage" if x.overage else "at 80% or more")
                 for x in t)
    return (Part("upsell", "Upsell triggers", blocks=(
        Table(("Product", "Measured in", "Used", "Trigger"), rows, widths=(4, 4, 2, 3)),)),)


def renewal(ctx) -> tuple[Part, ...]:
    f = ctx.figures
    tl = f.timeline
    state = (f"overdue by {-tl.days_left} days" if tl.overdue else f"{tl.days_left} days away")
    blocks = [Paragraph(f"Renewal on {ctx.date(tl.renewal_date)}, {state}."),
              timeline_table(ctx),
              Paragraph(framing_sentence(ctx))]
    if f.renewal.over_cap:
        blocks.append(Paragraph(f"The proposed increase of {ctx.fmt.pct(f.renewal.increase_pct)} is above the "
                                f"contractual cap of {ctx.fmt.pct(f.renewal.cap_pct)}.", "lead"))
    over = [o.name for o in f.renewal.options if o.over_cap]
    if over:
        blocks.append(Paragraph("Options above the contractual cap: " + ", ".join(over) + ".", "lead"))
    blocks += deal_desk.plan_notes(ctx)
    if f.renewal.options:
        blocks.append(options_table(ctx))
    return (Part("renewal", "Renewal timeline and pricing", blocks=tuple(blocks)),)


def owner(ctx) -> tuple[Part, ...]:
    rec = ctx.figures.owner
    blocks = (Paragraph("Recommended owner: " + OWNER_TEXT[rec.owner], "lead"),
              Bullets(tuple(REASON_TEXT[r] for r in rec.reasons)),
              Paragraph(f"Current owner: {ctx.account.account.owner}.", "muted"))
    if ctx.figures.risk is not None and "wrong-owner" in ctx.figures.risk.kinds:
        blocks += (Paragraph(f"{ctx.account.account.owner} is the account's CSM and owns the renewal: past the "
                             "early stage, a CSM should not own renewal and growth outright. Hand the commercial "
                             "conversation to an account manager and keep the CSM on adoption.", "lead"),)
    return (Part("owner", "Who should own this renewal (CURE)", blocks=blocks),)


SECTIONS = (verdict, overview, stakeholders, coverage, whitespace, value, risks, signals, upsell, renewal, owner)
