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
from qbrgen.figures import SEVERITY_ORDER, Figures, compute
from qbrgen.fmt import Formatter
from qbrgen.retention import NRR_TARGET

ZERO = Decimal(0)
TIERS = (
    ("white-glove", "Top 20%", "Named account manager, executive QBR every quarter, monthly VP contact."),
    ("programmatic", "Middle 60%", "Structured cadence: business review twice a year, playbook outreach, pooled CSM."),
    ("tech-touch", "Bottom 20%", "Automated onboarding and nudges, webinars, renewal run as a process."),
)
SEVERITY_NAME = {rank: name for name, rank in SEVERITY_ORDER.items()}
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
    """Retention over each account's last period (see :mod:`qbrgen.retention`), summed over the book."""

    nrr: Decimal | None
    grr: Decimal | None
    expansion: Decimal  # ARR added on top of what renewed
    renewed: Decimal  # ARR that came up for renewal over the period
    first_expansion_days: float | None

    @property
    def expansion_rate(self) -> Decimal | None:
        return self.expansion / self.renewed if self.renewed else None


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
    ranked_together: bool = True  # tiers ranked across the whole book (one currency, or every rate given)


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
    missing = tuple(sorted({e.currency for e in entries if reporting and e.arr_reporting is None}))
    together = len({e.currency for e in entries}) <= 1 or bool(reporting and not missing)
    entries = _tiers(entries, together and len({e.currency for e in entries}) > 1)
    totals: dict[str, Decimal] = {}
    for e in entries:
        totals[e.currency] = totals.get(e.currency, ZERO) + e.arr
    converted_total = (reporting, sum((e.arr_reporting for e in entries if e.arr_reporting is not None), ZERO)) \
        if reporting else None
    groups: dict[str, list[tuple[Entry, Decimal]]] = {}
    for e in entries:
        if reporting and e.arr_reporting is not None:
            groups.setdefault(reporting, []).append((e, rates[e.currency]))
        else:  # no conversion asked for, or no rate for this currency
            groups.setdefault(e.currency, []).append((e, Decimal(1)))
    retention = tuple((cur, _retention(members)) for cur, members in sorted(groups.items()))
    multi = Decimal(sum(1 for e in entries if e.products >= 2)) / len(entries) if entries else None
    return Book(as_of, tuple(entries), tuple(sorted(totals.items())), converted_total,
                tuple(sorted(rates.items())) if reporting else (), workspace.fx_date, missing, retention, multi,
                together)


def _tiers(entries: list[Entry], converted: bool) -> list[Entry]:
    """Return entries with their tier: top 20%, middle 60%, bottom 20% by ARR (per currency unless converted)."""
    from dataclasses import replace

    groups: dict[str, list[Entry]] = {}
    for e in entries:
        key = "all" if converted else e.currency
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


def _retention(members: list[tuple[Entry, Decimal]]) -> Retention:
    start = end = kept = expansion = ZERO
    first_expansion = []
    for e, rate in members:
        r = e.figures.retention
        if r is not None:
            start += r.start * rate
            end += r.end * rate
            kept += r.kept * rate
            expansion += r.expansion * rate
        points = e.figures.growth.points
        for (_, v0), (d1, v1) in zip(points, points[1:], strict=False):
            if v1 > v0:
                first_expansion.append((d1 - points[0][0]).days)
                break
    return Retention(
        nrr=end / start if start else None,
        grr=kept / start if start else None,
        expansion=expansion,
        renewed=start,
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
        metrics.append(Metric("Net retention", pct(nrr), f"target {fmt.percent(NRR_TARGET, 0)}: {target(nrr)}"))
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
    blocks.append(Table(("Currency", "Net retention", f"Against the {fmt.percent(NRR_TARGET, 0)} target",
                         "Gross retention", "Expansion ARR on renewed ARR", "Time to first expansion"),
                        tuple(ret_rows), align=("left", "right", "right", "right", "left", "right"),
                        widths=(2, 2, 3, 2, 5, 2)))
    parts.append(Part("totals", "The book at a glance", blocks=tuple(blocks),
                      notes="Totals per currency; net and gross retention over each account's last renewal, or "
                            "since it when ARR has contracted."))

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

    risk_rows = [(severity, e.name, why, money(e.arr, e.currency)) for severity, e, why in _at_risk(book)]
    parts.append(Part("at-risk", "Accounts at risk", blocks=(
        Table(("Severity", "Account", "Why", "ARR"), tuple(risk_rows), align=("left", "left", "left", "right"),
              widths=(2, 3, 7, 3))
        if risk_rows else Paragraph("No account shows a lapsed renewal or a high or critical churn signal."),),
        notes="Internal: never share this list with customers. Most severe first."))

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
    tier_blocks.append(Paragraph(_ranking_note(book), "muted" if book.ranked_together else "lead"))
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


def _at_risk(book: Book) -> list[tuple[str, Entry, str]]:
    """Return (severity, entry, why) for each account at risk, most severe first, lapsed renewals included."""
    found = []
    for e in book.entries:
        f = e.figures
        reasons: list[tuple[str, str]] = []
        if f.timeline.overdue:
            reasons.append(("critical", f"renewal lapsed {-f.timeline.days_left} days ago"))
        reasons += [(s.severity, s.kind.replace("-", " ")) for s in f.signals if s.severity in ("critical", "high")]
        reasons += [("critical", f"risk: {r.risk}") for r in f.risks if r.severity == "critical"]
        reasons += [("medium", "health falling") for s in f.signals if s.kind == "health-falling"]
        if reasons:
            worst = min((SEVERITY_ORDER[sev] for sev, _ in reasons))
            why = "; ".join(dict.fromkeys(text for _, text in sorted(reasons, key=lambda r: SEVERITY_ORDER[r[0]])))
            found.append((worst, e, why))
    size = (lambda e: -(e.arr_reporting or ZERO)) if book.reporting and not book.missing_rates else (lambda e: 0)
    found.sort(key=lambda x: (x[0], size(x[1]), x[1].name))
    return [(SEVERITY_NAME[worst], e, why) for worst, e, why in found]


def _ranking_note(book: Book) -> str:
    """Return how the tiers were ranked, and why not across the whole book when they could not be."""
    currencies = [cur for cur, _ in book.totals]
    if len(currencies) <= 1:
        return "Ranked by ARR across the whole book."
    if book.ranked_together:
        return f"Ranked by ARR across the whole book, converted into {book.reporting[0]} at the rates above."
    if book.reporting:
        return (f"Not ranked across the whole book: no rate for {', '.join(book.missing_rates)} in fx_rates, so "
                "tiers are ranked within each currency.")
    return (f"Not ranked across the whole book: it holds {', '.join(currencies)} and qbrgen.yaml sets no "
            "reporting_currency and fx_rates, so tiers are ranked within each currency.")


def book_csv(book: Book) -> str:
    """Return one CSV row per account (plain numbers, ISO dates)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["account", "file", "currency", "arr", "arr_reporting", "tier", "renewal_date", "days_to_renewal",
                "nrr", "upsell_triggers", "churn_signals", "owner", "recommended_owner", "check", "grr"])
    for e in sorted(book.entries, key=lambda e: e.name):
        f = e.figures
        w.writerow([_csv_safe(e.name), e.file, e.currency, str(e.arr),
                    "" if e.arr_reporting is None else str(e.arr_reporting), e.tier,
                    f.timeline.renewal_date.isoformat(), f.timeline.days_left,
                    _ratio(f.retention.nrr if f.retention else None),
                    "; ".join(t.product for t in f.triggers),
                    "; ".join(s.kind for s in f.signals), _csv_safe(e.owner), f.owner.owner, _mismatch(e),
                    _ratio(f.retention.grr if f.retention else None)])
    return out.getvalue()


def _ratio(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _csv_safe(text: str) -> str:
    """Return text that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def book_table(document: Document, width: int | None = None, color: bool = False) -> str:
    """Return the book as terminal text (rich tables; figures are never cut), ``width`` cells wide."""
    from qbrgen.render.terminal import render_text

    return render_text(document, width, color)
