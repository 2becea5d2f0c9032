"""The book view as a document: totals, retention, renewals, risk, tiers and owners."""

from __future__ import annotations

from decimal import Decimal

from qbrgen.analysis.portfolio import TIERS, Book, at_risk, owner_mismatch, ranking_note
from qbrgen.analysis.retention import NRR_TARGET
from qbrgen.analysis.risk import VERDICT_TEXT
from qbrgen.fmt import Formatter
from qbrgen.sections.document import Document, Metric, Metrics, Paragraph, Part, Table

OWNER_SHORT = {"renewal-manager": "Renewal manager", "account-manager": "Account manager",
               "new-business-sales": "Bring in new-business sales"}


def book_document(book: Book, locale: str = "en_US") -> Document:
    """Return the book as a document (Markdown and PPTX renderers take it as it is)."""
    fmt = Formatter(locale, book.reporting[0] if book.reporting else (book.totals[0][0] if book.totals else "USD"))

    def money(amount: Decimal, currency: str) -> str:
        return Formatter(locale, currency).money(amount)

    def pct(x):
        return fmt.percent(x) if x is not None else "—"

    def target(x):
        if x is None:
            return "—"
        gap = (x - NRR_TARGET) * 100
        return "met" if gap >= 0 else f"{fmt.number(-gap, 1)} points short"

    parts = [Part("title", "Portfolio review", subtitle=f"As of {fmt.date(book.as_of)}", layout="title",
                  notes="Where to spend the next weeks: renewals, risk and growth across the book.")]
    metrics = [Metric("Accounts", str(len(book.entries)))]
    every = " · ".join(money(total, cur) for cur, total in book.totals)
    if book.reporting and not book.missing_rates:
        metrics.append(Metric(f"ARR in {book.reporting[0]}", money(book.reporting[1], book.reporting[0]),
                              f"rates of {book.fx_date.isoformat()}" if book.fx_date else "converted"))
    elif len(book.totals) <= 2:
        metrics += [Metric(f"ARR in {cur}", money(total, cur)) for cur, total in book.totals]
    else:
        metrics.append(Metric("ARR", f"{len(book.totals)} currencies", "each total is listed below"))
    if len(book.retention) == 1:
        nrr = book.retention[0][1].nrr
        metrics.append(Metric("Net retention (12 months)", pct(nrr),
                              f"target {fmt.percent(NRR_TARGET, 0)}: {target(nrr)}"))
    metrics.append(Metric("Multi-product accounts", pct(book.multi_product), "with two or more products"))
    blocks = [Metrics(tuple(metrics[:4]))]
    if len(book.totals) > 1:
        blocks.append(Paragraph(f"ARR in every currency: {every}.", "lead"))
    blocks.append(Table(("Currency", "ARR", "Accounts"), tuple(
        (cur, money(total, cur), str(sum(1 for e in book.entries if e.currency == cur))) for cur, total in book.totals),
        align=("left", "right", "right")))
    if book.rates:
        blocks.append(Paragraph("Converted with: " + ", ".join(f"1 {c} = {r} {book.reporting[0]}"
                                                               for c, r in book.rates if c != book.reporting[0])
                                + (f" (rates of {book.fx_date.isoformat()})" if book.fx_date else ""), "muted"))
    if book.missing_rates:
        blocks.append(Paragraph("No rate for " + ", ".join(book.missing_rates) + ": those accounts are left out of "
                                "the converted total and their retention is shown in their own currency.", "lead"))
    ret_rows = []
    for cur, r in book.retention:
        rate = f" ({fmt.percent(r.expansion_rate)})" if r.expansion_rate is not None else ""
        expansion = f"{money(r.expansion, cur)} on {money(r.renewed, cur)}{rate}" if r.renewed else "—"
        ret_rows.append((cur, pct(r.nrr), target(r.nrr), pct(r.grr), expansion,
                         f"{r.first_expansion_days:.0f} days" if r.first_expansion_days is not None else "—"))
    blocks.append(Table(("Currency", "Net retention (12 months)", f"Against the {fmt.percent(NRR_TARGET, 0)} target",
                         "Gross retention (12 months)", "Expansion ARR on ARR a year ago", "Time to first expansion"),
                        tuple(ret_rows), align=("left", "right", "right", "right", "left", "right"),
                        widths=(2, 2, 3, 2, 5, 2)))
    parts.append(Part("totals", "The book at a glance", blocks=tuple(blocks),
                      notes="Totals per currency; net and gross retention over the trailing 12 months: today's ARR "
                            "against the last ARR recorded at or before a year ago."))

    upcoming = sorted((e for e in book.entries if e.figures.timeline.days_left <= 180),
                      key=lambda e: (e.figures.timeline.renewal_date, e.name))
    rows = []
    for e in upcoming:
        tl = e.figures.timeline
        current = next((m.step for m in tl.milestones if m.status == "current"), "")
        state = f"overdue by {-tl.days_left} days" if tl.overdue else f"{tl.days_left} days"
        rows.append((e.name, fmt.date(tl.renewal_date), state, current or "—", money(e.arr, e.currency)))
    parts.append(Part("renewals", "Renewals in the next 180 days", blocks=(
        Table(("Account", "Renewal", "In", "Step now", "ARR"), tuple(rows), align=("left", "left", "right", "left",
                                                                                    "right"), widths=(4, 2, 2, 5, 3))
        if rows else Paragraph("No renewal in the next 180 days."),), notes="Work the list from the top."))

    risk_rows = []
    for verdict, e, _ in at_risk(book):
        tl = e.figures.timeline
        days = f"{-tl.days_left} past" if tl.overdue else str(tl.days_left)
        why = "; ".join(p.label for p in e.figures.risk.patterns)
        risk_rows.append((VERDICT_TEXT[verdict], e.name, fmt.number(e.figures.risk.score, 1), days, why,
                          money(e.arr, e.currency)))
    parts.append(Part("at-risk", "Accounts at risk, most urgent first", blocks=(
        Table(("Verdict", "Account", "Score", "Days", "Open patterns", "ARR"), tuple(risk_rows),
              align=("left", "left", "right", "right", "left", "right"), widths=(2, 3, 1, 1, 8, 3))
        if risk_rows else Paragraph("No account shows an account-losing pattern."),
        Paragraph("Urgency score: the open patterns' severity (critical 40, high 20, medium 8) times the time "
                  "left (180 / days to renewal, between 0.5 and 6) times the size (1 + log10(ARR / 10,000) / 2"
                  + (f", ARR converted into {book.reporting[0]}" if book.converted else "") + ").", "muted")),
        notes="Internal: never share this list with customers. Most urgent first."))
    parts.append(_forecast_part(book, fmt, money, pct, target))

    trig = [(e.name, t.product, fmt.percent(t.utilisation), "overage" if t.overage else "80% or more")
            for e in book.entries for t in e.figures.triggers]
    parts.append(Part("upsell", "Upsell triggers", blocks=(
        Table(("Account", "Product", "Used", "Trigger"), tuple(trig), align=("left", "left", "right", "left"))
        if trig else Paragraph("No product is at 80% of its contracted capacity."),),
        notes="Start the capacity conversation before the customer hits the limit."))

    tier_rows = []
    for key, label, engagement in TIERS:
        members = [e.name for e in book.entries if e.tier == key]
        tier_rows.append((f"{label} ({key})", str(len(members)), engagement, ", ".join(members[:6]) +
                          (f" and {len(members) - 6} more" if len(members) > 6 else "")))
    unranked = [e.name for e in book.entries if not e.tier]
    if unranked:
        tier_rows.append(("Not segmented", str(len(unranked)),
                          "Fewer accounts (per currency) than segmentation.min_accounts in qbrgen.yaml "
                          "(default 10), or segmentation is off: no tier unless the file sets one.",
                          ", ".join(unranked[:6]) + (f" and {len(unranked) - 6} more" if len(unranked) > 6 else "")))
    tier_blocks = [Table(("Tier", "Accounts", "Engagement", "Who"), tuple(tier_rows), widths=(3, 1, 6, 5))]
    tier_blocks.append(Paragraph(ranking_note(book), "muted" if book.ranked_together else "lead"))
    parts.append(Part("tiers", "Segments and engagement", blocks=tuple(tier_blocks),
        notes="Treat accounts differently on purpose: the top fifth gets white-glove attention."))

    owner_rows = tuple((e.name, e.owner, OWNER_SHORT[e.figures.owner.owner], owner_mismatch(e) or "—")
                       for e in sorted(book.entries, key=lambda e: e.name))
    parts.append(Part("owners", "Who should own each renewal (CURE)", blocks=(
        Table(("Account", "Current owner", "Recommended", "Check"), owner_rows, widths=(4, 3, 3, 5)),),
        notes="Mismatches are worth a conversation in the team review."))
    return Document("portfolio", "internal", "Portfolio review", f"As of {fmt.date(book.as_of)}", tuple(parts),
                    (("customer", "Portfolio"), ("vendor", ""), ("as_of", book.as_of.isoformat()),
                     ("locale", locale), ("currency", fmt.currency)))


def _forecast_part(book: Book, fmt, money, pct, target) -> Part:
    """Return the forecast: ARR renewing soon, ARR by verdict, and net retention in three scenarios."""
    rows, scenarios = [], []
    for cur, fc in book.forecast:
        code = cur.split(" ")[0]
        by = dict(fc.at_risk)
        rows.append((cur, money(fc.renewing_90, code), money(fc.renewing_180, code), money(by["critical"], code),
                     money(by["at-risk"], code), money(by["watch"], code), money(by["on-track"], code)))
        scenarios.append((cur, f"{pct(fc.as_proposed)} ({target(fc.as_proposed)})",
                          f"{pct(fc.flat)} ({target(fc.flat)})", f"{pct(fc.churns)} ({target(fc.churns)})"))
    blocks = (
        Table(("Currency", "Renewing in 90 days", "In 180 days", "Critical", "At risk", "Watch", "On track"),
              tuple(rows), align=("left", *(["right"] * 6)), widths=(2, 3, 3, 3, 3, 3, 3)),
        Paragraph(f"Net retention over the next 12 months against the {fmt.percent(NRR_TARGET, 0)} target, on "
                  "today's ARR: every renewal as proposed (increase and expansion offers), flat, or with each "
                  "critical and at-risk account renewing in that time lost.", "lead"),
        Table(("Currency", "As proposed", "Flat", "Critical and at-risk lost"), tuple(scenarios),
              widths=(2, 4, 4, 4)),
    )
    return Part("forecast", "Forecast: renewals, ARR at risk and net retention", blocks=blocks,
                notes="Internal. Lapsed renewals count among those renewing in 90 days: they are still to sign.")
