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

from qbrgen.analysis.figures import SEVERITY_ORDER, Figures, compute

ZERO = Decimal(0)
TIERS = (
    ("white-glove", "Top 20%", "Named account manager, executive QBR every quarter, monthly VP contact."),
    ("programmatic", "Middle 60%", "Structured cadence: business review twice a year, playbook outreach, pooled CSM."),
    ("tech-touch", "Bottom 20%", "Automated onboarding and nudges, webinars, renewal run as a process."),
)
SEVERITY_NAME = {rank: name for name, rank in SEVERITY_ORDER.items()}


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
    """Retention over each account's last period (see :mod:`qbrgen.analysis.retention`), summed over the book."""

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


def owner_mismatch(e: Entry) -> str:
    rec = e.figures.owner.owner
    if rec == "new-business-sales":
        return "material churn risk or new buyer: bring sales in"
    if e.tier == "white-glove" and rec == "renewal-manager":
        return "top-tier account handled as a transactional renewal"
    if e.tier == "tech-touch" and rec == "account-manager":
        return "small account that still needs an account manager"
    return ""


def at_risk(book: Book) -> list[tuple[str, Entry, str]]:
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


def ranking_note(book: Book) -> str:
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
                    "; ".join(s.kind for s in f.signals), _csv_safe(e.owner), f.owner.owner, owner_mismatch(e),
                    _ratio(f.retention.grr if f.retention else None)])
    return out.getvalue()


def _ratio(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _csv_safe(text: str) -> str:
    """Return text that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
