"""The book of accounts: totals, retention, renewals calendar, risk, upsell, tiers and owners.

Pure functions of validated accounts and an as-of date. Money in different currencies is never
summed blindly: totals are per currency, or converted into the workspace's ``reporting_currency``
with its ``fx_rates`` (and the rates are shown).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import statistics
from dataclasses import dataclass
from decimal import Decimal

from qbrgen.document import Document, Metric, Metrics, Paragraph, Part, Table
from qbrgen.figures import Figures, compute
from qbrgen.fmt import Formatter

ZERO = Decimal(0)
TIERS = (
    ("white-glove", "Top 20%", "Named account manager, executive QBR every quarter, monthly VP contact."),
    ("programmatic", "Middle 60%", "Structured cadence: business review twice a year, playbook outreach, pooled CSM."),
    ("tech-touch", "Bottom 20%", "Automated onboarding and nudges, webinars, renewal run as a process."),
)
OWNER_SHORT = {"renewal-manager": "Renewal manager", "account-manager": "Account manager",
               "new-business-sales": "Bring in new-business sales"}


@dataclass(frozen=True)
class Entry:
    """One account in the book."""

    name: str
    file: str
    currency: str
    locale: str
    arr: Decimal
    arr_reporting: Decimal | None
    products: int
    figures: Figures
    owner: str
    tier: str = ""


@dataclass(frozen=True)
class Retention:
    nrr: Decimal | None
    grr: Decimal | None
    expansion_share: Decimal | None
    first_expansion_days: float | None


@dataclass(frozen=True)
class Book:
    as_of: dt.date
    entries: tuple[Entry, ...]
    totals: tuple[tuple[str, Decimal], ...]  # per currency
    reporting: tuple[str, Decimal] | None  # (currency, converted total)
    rates: tuple[tuple[str, Decimal], ...]
    fx_date: dt.date | None
    missing_rates: tuple[str, ...]
    retention: tuple[tuple[str, Retention], ...]  # per currency (or the reporting currency)
    multi_product: Decimal | None


def build_book(infos, as_of: dt.date, workspace) -> Book:
    """Return the book's figures for validated accounts (AccountInfo), using ``workspace`` for conversion."""
    reporting = workspace.reporting_currency
    rates = dict(workspace.fx_rates)
    if reporting:
        rates.setdefault(reporting, Decimal(1))
    entries = []
    for info in infos:
        a = info.model
        f = compute(a, info.workspace.model, as_of)
        converted = f.arr * rates[a.account.currency] if reporting and a.account.currency in rates else None
        entries.append(Entry(a.account.name, info.display, a.account.currency, a.account.locale, f.arr, converted,
                             len(a.contract.products), f, a.account.owner))
    entries = _tiers(entries, bool(reporting))
    totals: dict[str, Decimal] = {}
    for e in entries:
        totals[e.currency] = totals.get(e.currency, ZERO) + e.arr
    missing = tuple(sorted({e.currency for e in entries if reporting and e.arr_reporting is None}))
    converted_total = (reporting, sum((e.arr_reporting for e in entries if e.arr_reporting is not None), ZERO)) \
        if reporting else None
    groups: dict[str, list[tuple[Entry, Decimal]]] = {}
    for e in entries:
        if reporting and e.arr_reporting is not None:
            groups.setdefault(reporting, []).append((e, rates[e.currency]))
        elif not reporting:
            groups.setdefault(e.currency, []).append((e, Decimal(1)))
    retention = tuple((cur, _retention(members, as_of)) for cur, members in sorted(groups.items()))
    multi = Decimal(sum(1 for e in entries if e.products >= 2)) / len(entries) if entries else None
    return Book(as_of, tuple(entries), tuple(sorted(totals.items())), converted_total,
                tuple(sorted(rates.items())) if reporting else (), workspace.fx_date, missing, retention, multi)


def _tiers(entries: list[Entry], converted: bool) -> list[Entry]:
    """Return entries with their tier: top 20%, middle 60%, bottom 20% by ARR (per currency unless converted)."""
    from dataclasses import replace

    groups: dict[str, list[Entry]] = {}
    for e in entries:
        key = "all" if converted and e.arr_reporting is not None else e.currency
        groups.setdefault(key, []).append(e)
    tiered = {}
    for key, members in groups.items():
        ranked = sorted(members, key=lambda e: (-(e.arr_reporting if key == "all" else e.arr), e.name))
        n = len(ranked)
        top = max(1, math.ceil(n * 0.2)) if n else 0
        bottom = math.floor(n * 0.2)
        for i, e in enumerate(ranked):
            if n < 3:  # too few to rank: a lone account is not "the top 20%" of anything
                tier = ""
            else:
                tier = "white-glove" if i < top else ("tech-touch" if i >= n - bottom else "programmatic")
            tiered[id(e)] = replace(e, tier=tier)
    return [tiered[id(e)] for e in entries]


def _retention(members: list[tuple[Entry, Decimal]], as_of: dt.date) -> Retention:
    start = end = kept = expansion = new = ZERO
    first_expansion = []
    for e, rate in members:
        points = e.figures.growth.points
        if len(points) >= 2:
            prev, last = points[-2][1] * rate, points[-1][1] * rate
            start += prev
            end += last
            kept += min(prev, last)
            expansion += max(ZERO, last - prev)
        elif points and (as_of - points[0][0]).days <= 365:
            new += points[-1][1] * rate
        for (_, v0), (d1, v1) in zip(points, points[1:], strict=False):
            if v1 > v0:
                first_expansion.append((d1 - points[0][0]).days)
                break
    return Retention(
        nrr=end / start if start else None,
        grr=kept / start if start else None,
        expansion_share=expansion / (expansion + new) if expansion + new else None,
        first_expansion_days=statistics.median(first_expansion) if first_expansion else None,
    )


def _mismatch(e: Entry) -> str:
    rec = e.figures.owner.owner
    if rec == "new-business-sales":
        return "material churn risk or new buyer: bring sales in"
    if e.tier == "white-glove" and rec == "renewal-manager":
        return "top-tier account handled as a transactional renewal"
    if e.tier == "tech-touch" and rec == "account-manager":
        return "small account that still needs an account manager"
    return ""


def book_document(book: Book, locale: str = "en_US") -> Document:
    """Return the book as a document (Markdown and PPTX renderers take it as it is)."""
    fmt = Formatter(locale, book.reporting[0] if book.reporting else (book.totals[0][0] if book.totals else "USD"))

    def money(amount: Decimal, currency: str) -> str:
        return Formatter(locale, currency).money(amount)

    def pct(x):
        return fmt.percent(x) if x is not None else "—"

    metrics = [Metric("Accounts", str(len(book.entries)))]
    if book.reporting:
        metrics.append(Metric(f"ARR in {book.reporting[0]}", money(book.reporting[1], book.reporting[0]),
                              f"rates of {book.fx_date.isoformat()}" if book.fx_date else "converted"))
    else:
        metrics += [Metric(f"ARR in {cur}", money(total, cur)) for cur, total in book.totals[:2]]
    metrics.append(Metric("Multi-product accounts", pct(book.multi_product), "with two or more products"))
    parts = [Part("title", "Portfolio review", subtitle=f"As of {fmt.date(book.as_of)}", layout="title",
                  notes="Where to spend the next weeks: renewals, risk and growth across the book.")]
    totals = Table(("Currency", "ARR", "Accounts"), tuple(
        (cur, money(total, cur), str(sum(1 for e in book.entries if e.currency == cur))) for cur, total in book.totals),
        align=("left", "right", "right"))
    blocks = [Metrics(tuple(metrics[:4])), totals]
    if book.rates:
        blocks.append(Paragraph("Converted with: " + ", ".join(f"1 {c} = {r} {book.reporting[0]}"
                                                               for c, r in book.rates if c != book.reporting[0])
                                + (f" (rates of {book.fx_date.isoformat()})" if book.fx_date else ""), "muted"))
    if book.missing_rates:
        blocks.append(Paragraph("No rate for " + ", ".join(book.missing_rates) + ": those accounts are left out of "
                                "the converted total.", "lead"))
    ret_rows = tuple((cur, pct(r.nrr), pct(r.grr), pct(r.expansion_share),
                      f"{r.first_expansion_days:.0f} days" if r.first_expansion_days is not None else "—")
                     for cur, r in book.retention)
    blocks.append(Table(("Currency", "Net retention", "Gross retention", "Expansion share of bookings",
                         "Time to first expansion"), ret_rows, align=("left", "right", "right", "right", "right")))
    parts.append(Part("totals", "The book at a glance", blocks=tuple(blocks),
                      notes="Totals per currency; net and gross retention over each account's last renewal."))

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
    for e in book.entries:
        reasons = [s.kind.replace("-", " ") for s in e.figures.signals if s.severity in ("critical", "high")]
        reasons += [f"risk: {r.risk}" for r in e.figures.risks if r.severity == "critical"]
        if any(s.kind == "health-falling" for s in e.figures.signals):
            reasons.append("health falling")
        if reasons:
            risk_rows.append((e.name, "; ".join(dict.fromkeys(reasons)), money(e.arr, e.currency)))
    parts.append(Part("at-risk", "Accounts at risk", blocks=(
        Table(("Account", "Why", "ARR"), tuple(risk_rows), align=("left", "left", "right"), widths=(3, 7, 2))
        if risk_rows else Paragraph("No account shows a high or critical churn signal."),),
        notes="Internal: never share this list with customers."))

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
        tier_rows.append(("Not ranked", str(len(unranked)), "Fewer than three accounts to compare with.",
                          ", ".join(unranked[:6]) + (f" and {len(unranked) - 6} more" if len(unranked) > 6 else "")))
    tier_blocks = [Table(("Tier", "Accounts", "Engagement", "Who"), tuple(tier_rows), widths=(3, 1, 6, 5))]
    if len(book.totals) > 1 and not book.reporting:
        tier_blocks.append(Paragraph("Tiers are ranked within each currency. Set reporting_currency and fx_rates "
                                     "in qbrgen.yaml to rank the whole book together.", "muted"))
    parts.append(Part("tiers", "Segments and engagement", blocks=tuple(tier_blocks),
        notes="Treat accounts differently on purpose: the top fifth gets white-glove attention."))

    owner_rows = tuple((e.name, e.owner, OWNER_SHORT[e.figures.owner.owner], _mismatch(e) or "—")
                       for e in sorted(book.entries, key=lambda e: e.name))
    parts.append(Part("owners", "Who should own each renewal (CURE)", blocks=(
        Table(("Account", "Current owner", "Recommended", "Check"), owner_rows, widths=(4, 3, 3, 5)),),
        notes="Mismatches are worth a conversation in the team review."))
    return Document("portfolio", "internal", "Portfolio review", f"As of {fmt.date(book.as_of)}", tuple(parts),
                    (("customer", "Portfolio"), ("vendor", ""), ("as_of", book.as_of.isoformat()),
                     ("locale", locale), ("currency", fmt.currency)))


def book_csv(book: Book) -> str:
    """Return one CSV row per account (plain numbers, ISO dates)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["account", "file", "currency", "arr", "arr_reporting", "tier", "renewal_date", "days_to_renewal",
                "nrr", "upsell_triggers", "churn_signals", "owner", "recommended_owner", "check"])
    for e in sorted(book.entries, key=lambda e: e.name):
        f = e.figures
        w.writerow([_csv_safe(e.name), e.file, e.currency, str(e.arr),
                    "" if e.arr_reporting is None else str(e.arr_reporting), e.tier,
                    f.timeline.renewal_date.isoformat(), f.timeline.days_left,
                    "" if f.growth.nrr is None else f"{f.growth.nrr:.4f}",
                    "; ".join(t.product for t in f.triggers),
                    "; ".join(s.kind for s in f.signals), _csv_safe(e.owner), f.owner.owner, _mismatch(e)])
    return out.getvalue()


def _csv_safe(text: str) -> str:
    """Return text that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def book_table(document: Document, width: int = 120) -> str:
    """Return the book as plain text tables for a terminal."""
    import click

    lines = [click.style(f"{document.title} · {document.subtitle}", bold=True), ""]
    for part in document.parts[1:]:
        lines.append(click.style(part.title, bold=True, underline=True))
        for block in part.blocks:
            if isinstance(block, Table):
                cols = list(zip(*([block.columns] + [list(r) for r in block.rows]), strict=True))
                widths = [min(40, max(len(str(c)) for c in col)) for col in cols]
                lines.append(click.style(_text_row(block.columns, widths), fg="cyan"))
                lines += [_text_row(r, widths) for r in block.rows]
            elif isinstance(block, Metrics):
                lines.append("   ".join(f"{m.label}: {m.value}" for m in block.items))
            elif isinstance(block, Paragraph):
                lines.append(block.text)
        lines.append("")
    return "\n".join(line[:width] if not line.startswith("\x1b") else line for line in lines)


def _text_row(row, widths) -> str:
    return "  ".join(str(c)[:w].ljust(w) for c, w in zip(row, widths, strict=True))
