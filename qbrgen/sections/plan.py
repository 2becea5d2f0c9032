"""The internal account plan: everything the account team needs, nothing filtered.

``SECTIONS`` lists the section builders in order; each takes the context and returns parts.
"""

from __future__ import annotations

from decimal import Decimal

from qbrgen.i18n import N_, _, ngettext, pgettext
from qbrgen.sections import deal_desk
from qbrgen.sections.base import (
    FUNCTION,
    LEVEL,
    SENIORITY,
    escalation,
    framing_sentence,
    options_table,
    outcomes_table,
)
from qbrgen.sections.document import Bullets, Metric, Metrics, Paragraph, Part, Table
from qbrgen.sections.intel import retention_rows, stale_lines, timeline_table, verdict_blocks

ZERO = Decimal(0)
# TRANSLATORS: internal slides of the deal review (the team's own register): coverage gaps, roles, signals.
GAP_TEXT = {
    "no-executive": N_("No working VP or C-level relationship: the account is run from below."),
    "no-c-level": N_("No working C-level relationship: a critical gap."),
    "no-champion": N_("No champion: nobody argues for us inside the customer."),
    "single-champion": N_("One champion only ({champion}): keep a second senior relationship warm."),
    "no-backup": N_("Single-threaded: nobody at director level or above (strength 4 or more, in contact) could "
                 "carry the account if {champion} left."),
    "one-relationship": N_("Single-threaded: {relationships} in the whole account."),
    "no-economic-buyer": N_("No economic buyer: the one we knew has left; find who signs now."),
}
# TRANSLATORS: a team inside a sentence: "At risk: Director in the buying team, ..."
IN_FUNCTION = {"buying": N_("buying team"), "using": N_("using team"), "adjacent": N_("adjacent team")}
SENTIMENT = {"advocate": N_("advocate"), "neutral": N_("neutral"), "detractor": N_("detractor")}
SEVERITY = {"critical": N_("critical"), "high": N_("high"), "medium": N_("medium"), "low": N_("low")}
ROLE_NAME = {"champion": N_("champion"), "economic-buyer": N_("economic buyer"),
             "technical": N_("technical owner"), "user": N_("user"), "blocker": N_("blocker")}
SIGNAL_TEXT = {
    "sponsor-left": (N_("Executive sponsor left or moved"),
                     N_("Meet the successor within two weeks; re-sell the value.")),
    "usage-decline": (N_("Usage fell two months running"),
                      N_("Find the cause with the champion; run an adoption plan.")),
    "meeting-cancelled": (N_("Meetings or QBRs skipped"),
                          N_("Reset the cadence with the sponsor; shorten the agenda.")),
    "vendor-rationalization": (N_("Vendor consolidation review"),
                               N_("Show the documented value to the decision makers.")),
    "data-export-request": (N_("Unusual data export request"),
                            N_("Ask why, openly; involve the sponsor the same week.")),
    "api-docs-request": (N_("Unusual request for API documentation"), N_("Ask what they are building; offer help.")),
    "ticket-sentiment": (N_("Support tone turning adversarial"),
                         N_("Review open tickets with support; call the sponsor.")),
    "competitor-evaluation": (N_("Evaluating a competitor"), N_("Executive-to-executive meeting; map the decision.")),
    "health-falling": (N_("Health score falling"), N_("Review the drivers of the score; agree actions with the CSM.")),
    "no-executive-at-qbr": (N_("No VP or C-level invited to the QBR"),
                            N_("Ask the champion to bring their leadership.")),
    "economic-buyer-silent": (N_("Economic buyer out of contact"), N_("Book time with the economic buyer this month.")),
}
GAP_REASON = {
    "below-price": "documented value per year is below the subscription",
    "sponsor-left": "the executive sponsor left",
    "competitor-evaluation": "a competitor is being evaluated",
    "vendor-rationalization": "a vendor consolidation review is open",
}
# TRANSLATORS: the CURE recommendation of who should own the renewal, and why (internal slide).
OWNER_TEXT = {
    "renewal-manager": N_("A renewal manager: a transactional renewal, handled as a process."),
    "account-manager": N_("A dedicated account manager who owns renewal and growth."),
    "new-business-sales": N_("Bring the new-business sales team back in alongside the account owner."),
}
REASON_TEXT = {
    "contract-large": N_("Contract size: a mid-market or enterprise contract (or ARR at the workspace's enterprise "
                      "threshold) needs deal and negotiation skills."),
    "contract-small": N_("Contract size: a small contract below the enterprise threshold can renew as a process."),
    "cross-sell": N_("Upsell and cross-sell: there are products or units left to sell."),
    "cross-sell-programmatic": N_("Upsell and cross-sell: there is more to sell, through a programmatic motion at "
                      "this contract size."),
    "no-cross-sell": N_("Upsell and cross-sell: nothing left to sell; the renewal is mostly paperwork."),
    "stage-early": N_("Resources: an early-stage company; the new-business team can carry renewals and expansion."),
    "stage-growth": N_("Resources: a growth-stage company; expansion distracts new-business sellers."),
    "stage-scale": N_("Resources: a company at scale; renewal and growth need their own owner."),
    "enterprise-complex": N_("Enterprise: many stakeholders or business units to multi-thread."),
    "not-complex": N_("Enterprise: a simple organization with few stakeholders."),
    "material-churn-risk": N_("Material churn risk: a critical signal or risk makes this look like a new sale."),
    "new-economic-buyer": N_("New economic buyer: the value must be sold again from the start."),
    "vendor-rationalization": N_("Vendor rationalisation: the customer is choosing which vendors stay; sell the "
                      "account again as a new deal."),
}


def verdict(ctx) -> tuple[Part, ...]:
    """Return the verdict block, first in the plan: verdict, open patterns, steps missed, pricing decision."""
    return (Part("verdict", "Verdict", blocks=tuple(verdict_blocks(ctx))),)


def _tier_text(account) -> str:
    """Return the account's coverage tier and where it came from: its file, or the book's ranking by ARR."""
    from qbrgen.account.segments import source

    tier, why = source(account)
    if not tier:
        return "none: the book is not segmented (fewer accounts than segmentation.min_accounts, or turned off)"
    extra = "; a renewal notice instead of a meeting deck" if tier == "tech-touch" else ""
    return f"{tier} ({why}{extra})"


def overview(ctx) -> tuple[Part, ...]:
    a, f = ctx.account, ctx.figures
    g = f.growth
    rows = [
        ("Customer", a.account.name + (f" ({a.account.id})" if a.account.id else "")),
        ("Segment", a.account.segment),
        ("Coverage tier", _tier_text(a)),
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
        return (Part("stakeholders", _("Stakeholder map"), blocks=(Paragraph(_("No stakeholders mapped yet.")),)),)
    contacts = {c.name: c for c in ctx.figures.coverage.contacts}
    gone = {name: day for name, _role, day in ctx.figures.coverage.departed}
    rows = []
    others = ()
    if most is not None and len(people) > most:
        ranked = sorted(people, key=lambda p: (ROLE_ORDER.get(p.role, 5), LEVEL_ORDER.get(p.level, 5)))
        people, rest = ranked[: most - 1], ranked[most - 1:]
        label = ngettext("{count} more person, listed in the account plan",
                         "{count} more people, listed in the account plan", len(rest),
                         count=ctx.fmt.count(len(rest)))
        others = ((label, "", "", "", "", "", ""),)
    for p in people:
        last = ctx.date(p.last_contact) if p.last_contact else _("never recorded")
        if p.name in gone:
            last = _("{date} (left on {left})", date=last, left=ctx.date(gone[p.name]))
        elif contacts[p.name].overdue:
            last = _("{date} (overdue)", date=last)
        rows.append((p.name, p.title, _(LEVEL[p.level]), _(ROLE_NAME[p.role]), str(p.strength),
                     _(SENTIMENT.get(p.sentiment, p.sentiment)), last))
    table = Table((_("Name"), pgettext("job title", "Title"), _("Level"), _("Role"), _("Strength"), _("Sentiment"),
                   _("Last contact")), tuple(rows) + others, widths=(3, 4, 2, 2, 1, 2, 3))
    return (Part("stakeholders", _("Stakeholder map"), blocks=(table,)),)


def _holder_text(h, fmt) -> str:
    """Return a holder with what weakens the relationship: 'Tom Okafor (no contact for 96 days)'."""
    why = []
    if "weak" in h.weaknesses:
        why.append(_("strength {strength} of 5", strength=h.strength))
    if "hostile" in h.weaknesses:
        why.append(_("detractor"))
    if "lapsed" in h.weaknesses:
        why.append(ngettext("no contact for {count} day, cadence {cadence}",
                            "no contact for {count} days, cadence {cadence}", h.days_since,
                            count=fmt.count(h.days_since), cadence=fmt.count(h.cadence_days))
                   if h.days_since is not None else _("no contact recorded"))
    if not why:
        return h.name
    return _("{name} ({reasons})", name=h.name, reasons=fmt.join(why, "unit"))


def _cell_text(cell, fmt) -> str:
    if cell.status == "empty":
        return _("— empty —")
    working = [h.name for h in cell.holders if h.working]
    if working:
        return _names(working, fmt)
    return _("AT RISK: {names}", names=_names([h.name for h in cell.holders], fmt))


def _names(names: list[str], fmt, most: int = 4) -> str:
    """Return names for one grid cell: all of a few, or the first ones and how many more."""
    if len(names) <= most:
        return fmt.join(names, "unit")
    more = len(names) - most + 1
    return ngettext("{names} and {count} more", "{names} and {count} more", more,
                    names=fmt.join(names[:most - 1], "unit"), count=fmt.count(more))


def coverage_blocks(ctx, detail: bool = True) -> list:
    """Return the 3x3 grid, how many cells hold a working relationship, and the gaps and cells at risk.

    With ``detail`` the empty cells and overdue contacts are listed too (the deck leaves them to the grid
    and the stakeholder map).
    """
    cov = ctx.figures.coverage
    cells = {(c.seniority, c.function): c for c in cov.cells}
    rows = tuple(
        (_(SENIORITY[s]), *(_cell_text(cells[(s, fn)], ctx.fmt) for fn in FUNCTION))
        for s in reversed(tuple(SENIORITY))
    )
    grid = Table(("", *(_(name) for name in FUNCTION.values())), rows, widths=(2, 3, 3, 3))
    covered = sum(1 for c in cov.cells if c.status == "covered")
    people = len(ctx.account.stakeholders)
    summary = Paragraph(ngettext(
        "{covered} of 9 cells are held by a working relationship (strength 3 or more, not a detractor, in contact "
        "within the cadence of their level); {working} of {count} person counts as one.",
        "{covered} of 9 cells are held by a working relationship (strength 3 or more, not a detractor, in contact "
        "within the cadence of their level); {working} of {count} people count as one.", people,
        covered=covered, working=len(cov.working), count=ctx.fmt.count(people)))
    relationships = (_("only one working relationship ({name})", name=cov.working[0]) if cov.working
                     else _("not one working relationship"))
    implied = {"no-c-level"} if "no-executive" in cov.gaps else set()  # said once, by the wider gap
    implied |= {"single-champion"} if "no-backup" in cov.gaps else set()
    implied |= {"no-backup"} if "one-relationship" in cov.gaps else set()  # the wider gap says it
    champion = cov.champion or _("the champion")
    gaps = [_(GAP_TEXT[g], champion=champion, relationships=relationships) for g in cov.gaps if g not in implied]
    for s, fn in cov.at_risk:
        held = cells[(s, fn)].holders
        # TRANSLATORS: separates the weak holders of one grid cell, each with reasons in brackets
        holders = pgettext("list separator", "; ").join(_holder_text(h, ctx.fmt) for h in held[:3])
        if len(held) > 3:  # a crowd of weak contacts: the first few, and how many more
            holders = ngettext("{holders}; and {count} more", "{holders}; and {count} more", len(held) - 3,
                               holders=holders, count=ctx.fmt.count(len(held) - 3))
        # TRANSLATORS: a cell of the 3x3 grid held only by weak relationships; {seniority} like "Director",
        # {function} like "Buying team", {holders} the people and why each is weak.
        gaps.append(_("At risk: {seniority} in the {function}, held only by {holders}.", seniority=_(SENIORITY[s]),
                      function=_(IN_FUNCTION[fn]), holders=holders))
    if detail:
        gaps += [_("Empty cell: {seniority} in the {function}.", seniority=_(SENIORITY[s]),
                   function=_(IN_FUNCTION[fn]))
                 for s, fn in cov.empty]
    gaps += [_("{name} ({role}) left on {date}: no longer counted; the role is a gap to fill.", name=name,
               role=_(ROLE_NAME[role]), date=ctx.date(day))
             for name, role, day in cov.departed]
    blocks = [grid, summary, Bullets(tuple(gaps) or (_("All nine cells covered by working relationships."),))]
    overdue = [c for c in cov.contacts if c.overdue]
    if detail and overdue:
        blocks.append(Paragraph(_("Overdue contact:"), "muted"))
        blocks.append(Bullets(tuple(
            ngettext("{name} ({level}): {count} day since contact, cadence {cadence} days",
                     "{name} ({level}): {count} days since contact, cadence {cadence} days", c.days_since,
                     name=c.name, level=_(LEVEL[c.level]), count=ctx.fmt.count(c.days_since),
                     cadence=ctx.fmt.count(c.cadence_days))
            if c.days_since is not None else
            _("{name} ({level}): no contact recorded", name=c.name, level=_(LEVEL[c.level]))
            for c in overdue)))
    return blocks


def coverage(ctx) -> tuple[Part, ...]:
    return (Part("coverage", _("Coverage: the 3x3 rule"), blocks=tuple(coverage_blocks(ctx))),)


def whitespace(ctx, most: int | None = None) -> tuple[Part, ...]:
    """Return the whitespace grid: every unit and product, or with ``most``, the units and products with the
    largest opportunity (at most ``most`` of each) and a line counting the rest, which the plan lists."""
    ws = ctx.figures.whitespace
    if not ws.rows:
        return (Part("whitespace", _("Whitespace"), blocks=(Paragraph(_("No business units mapped yet.")),)),)
    label = {"deployed": _("Deployed"), "not-sold": _("Not sold, no amount")}
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
    rows.append((pgettext("table row", "Total") if len(units) == len(ws.rows) else _("Total, every unit"),
                 *(ctx.money(per_product[i]) for i in keep), ctx.money(ws.total)))
    products = [ws.products[i] for i in keep]
    table = Table((_("Business unit"), *products, _("Unit total")), tuple(rows),
                  align=("left", *(["right"] * (len(products) + 1))),
                  widths=(3, *([2] * (len(products) + 1))), emphasis_last_row=True)
    blocks = [table, Paragraph(_("Total quantified opportunity: {amount} of ARR.", amount=ctx.money(ws.total)))]
    hidden_products, hidden_units = len(ws.products) - len(keep), len(ws.rows) - len(units)
    if hidden_products or hidden_units:
        more = []
        if hidden_units:
            more.append(ngettext("{count} more unit", "{count} more units", hidden_units,
                                 count=ctx.fmt.count(hidden_units)))
        if hidden_products:
            more.append(ngettext("{count} more product", "{count} more products", hidden_products,
                                 count=ctx.fmt.count(hidden_products)))
        blocks.append(Paragraph(_("The largest opportunities only; {more} in the account plan.",
                                  more=ctx.fmt.join(more)), "muted"))
    elif ws.unquantified:
        blocks.append(Paragraph(ngettext(
            "Quantify every cell: {count} marked not sold carries no amount, so the total understates the "
            "expansion in reach.",
            "Quantify every cell: {count} marked not sold carry no amount, so the total understates the "
            "expansion in reach.", len(ws.unquantified), count=ctx.fmt.count(len(ws.unquantified))), "lead"))
        blocks.append(Bullets(tuple(_("{unit}: {product}", unit=unit, product=product)
                                    for unit, product in ws.unquantified)))
    return (Part("whitespace", _("Whitespace"), blocks=tuple(blocks)),)


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
        return (Part("risks", _("Risk register"), blocks=(Paragraph(_("No risks recorded.")),)),)
    shown = rs if most is None else rs[:most]  # highest score first
    rows = tuple((_(SEVERITY.get(r.severity, r.severity)), r.risk, _(SEVERITY.get(r.likelihood, r.likelihood)),
                  _(SEVERITY.get(r.impact, r.impact)), r.mitigation or _("NO MITIGATION"), r.owner or "—")
                 for r in shown)
    hidden = len(rs) - len(shown)
    more = ((Paragraph(ngettext("{count} more risk, lower scored, in the account plan.",
                                "{count} more risks, lower scored, in the account plan.", hidden,
                                count=ctx.fmt.count(hidden)), "muted"),) if hidden else ())
    return (Part("risks", _("Risk register"), blocks=(
        Table((_("Severity"), _("Risk"), _("Likelihood"), _("Impact"), _("Mitigation"), _("Owner")), rows,
              widths=(2, 5, 2, 2, 5, 2)),
        *more)),)


def signals(ctx) -> tuple[Part, ...]:
    f = ctx.figures
    sig = f.signals
    history = ()
    if f.past_signals:
        past = pgettext("list separator", "; ").join(
            _("{signal} ({date}: {note})", signal=_(SIGNAL_TEXT[s.kind][0]), date=ctx.date(s.date), note=s.note)
            if s.note else _("{signal} ({date})", signal=_(SIGNAL_TEXT[s.kind][0]), date=ctx.date(s.date))
            for s in f.past_signals)
        n = len(f.past_signals)
        history = (Paragraph(ngettext(
            "History: {count} signal recorded before this term started on {date}, not live: {signals}.",
            "History: {count} signals recorded before this term started on {date}, not live: {signals}.", n,
            count=ctx.fmt.count(n), date=ctx.date(ctx.account.contract.start_date), signals=past), "muted"),)
    if not sig:
        others = f.risk is not None and f.risk.patterns
        text = (_("No churn signal in this term; the other open patterns are in the verdict.") if others
                else _("No churn signals observed or derived."))
        return (Part("signals", _("Churn signals"), blocks=(Paragraph(text), *history)),)
    rows = tuple(
        (_(SEVERITY.get(s.severity, s.severity)), _(SIGNAL_TEXT[s.kind][0]), ctx.date(s.date) if s.date else "—",
         (_("{note} (derived)", note=str(s.said) if s.said else s.note or "").strip() if s.derived
          else (s.note or "")),
         _(SIGNAL_TEXT[s.kind][1]))
        for s in sig
    )
    return (Part("signals", _("Churn signals"), blocks=(
        Table((_("Severity"), _("Signal"), pgettext("table heading", "Date"), _("Detail"), _("Action")), rows,
              widths=(2, 4, 2, 4, 5)), *history)),)


def upsell(ctx) -> tuple[Part, ...]:
    t = ctx.figures.triggers
    if not t:
        return ()
    rows = tuple((x.product, x.unit, ctx.fmt.percent(x.utilisation),
                  _("overage") if x.overage else _("at {percent} or more", percent=ctx.fmt.pct(Decimal(80), 0)))
                 for x in t)
    return (Part("upsell", _("Upsell triggers"), blocks=(
        Table((pgettext("table heading", "Product"), _("Measured in"), _("Used"), _("Trigger")), rows,
              widths=(4, 4, 2, 3)),)),)


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
        steps = escalation(ctx, f.renewal.options)
        if steps:
            blocks.append(Paragraph(" ".join(steps), "muted"))
    return (Part("renewal", "Renewal timeline and pricing", blocks=tuple(blocks)),)


def owner(ctx) -> tuple[Part, ...]:
    rec = ctx.figures.owner
    blocks = (Paragraph(_("Recommended owner: {owner}", owner=_(OWNER_TEXT[rec.owner])), "lead"),
              Bullets(tuple(_(REASON_TEXT[r]) for r in rec.reasons)),
              Paragraph(_("Current owner: {name}.", name=ctx.account.account.owner), "muted"))
    if ctx.figures.risk is not None and "wrong-owner" in ctx.figures.risk.kinds:
        blocks += (Paragraph(_("{name} is the account's CSM and owns the renewal: past the early stage, a CSM should "
                               "not own renewal and growth outright. Hand the commercial conversation to an account "
                               "manager and keep the CSM on adoption.", name=ctx.account.account.owner), "lead"),)
    return (Part("owner", _("Who should own this renewal (CURE)"), blocks=blocks),)


SECTIONS = (verdict, overview, stakeholders, coverage, whitespace, value, risks, signals, upsell, renewal, owner)
