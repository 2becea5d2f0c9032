"""The book of accounts: totals, retention, renewals calendar, risk, upsell, tiers and owners.

Pure functions of validated accounts and an as-of date. Money in different currencies is never
summed blindly: totals are per currency, or converted into the workspace's ``reporting_currency``
with its ``fx_rates`` (and the rates are shown).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import statistics
from dataclasses import dataclass
from decimal import Decimal

from qbrgen.account.segments import source as tier_source
from qbrgen.analysis.figures import SEVERITY_ORDER, Figures, compute
from qbrgen.analysis.risk import VERDICTS

ZERO = Decimal(0)
ONE = Decimal(1)
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
    """Retention over the trailing twelve months (see :func:`qbrgen.analysis.retention.trailing`), summed over the
    accounts with an ARR recorded a year ago: today's ARR over the ARR then (net), what was kept of it (gross)."""

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
    forecast: tuple[tuple[str, Forecast], ...] = ()  # per currency, and the reporting currency when converted

    @property
    def converted(self) -> bool:
        return bool(self.reporting and not self.missing_rates)


@dataclass(frozen=True)
class Forecast:
    """What the next renewals put at stake, in one currency.

    ``renewing_90``/``renewing_180``: ARR whose renewal date falls within 90/180 days of the as-of date (a
    lapsed renewal counts, it is still to sign). ``at_risk``: ARR by verdict. The three net-retention
    scenarios run over the next twelve months on today's ARR: every account renewing in that time renews
    as proposed (its increase and its expansion offers), flat, or is lost when its verdict is critical or
    at risk (the rest renew as proposed); accounts renewing later count flat.
    """

    accounts: int
    arr: Decimal
    renewing_90: Decimal
    renewing_180: Decimal
    at_risk: tuple[tuple[str, Decimal], ...]  # (verdict, ARR) in VERDICTS order
    as_proposed: Decimal | None
    flat: Decimal | None
    churns: Decimal | None


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
                             len(a.contract.products), f, a.account.owner, tier_source(a)[0]))
    missing = tuple(sorted({e.currency for e in entries if reporting and e.arr_reporting is None}))
    together = len({e.currency for e in entries}) <= 1 or bool(reporting and not missing)
    # each account's tier is the one its documents use: set in its file, or the book's ranking over every
    # account of the workspace (qbrgen.account.segments.rank, applied when the account was loaded)
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
    infos_by_file = {info.display: info for info in infos}
    forecast = [(cur, _forecast([(e, ONE) for e in entries if e.currency == cur], infos_by_file))
                for cur in sorted(totals)]
    if reporting and not missing and len(totals) > 1:
        forecast.append((f"{reporting} (converted)",
                         _forecast([(e, rates[e.currency]) for e in entries], infos_by_file)))
    return Book(as_of, tuple(entries), tuple(sorted(totals.items())), converted_total,
                tuple(sorted(rates.items())) if reporting else (), workspace.fx_date, missing, retention, multi,
                together, tuple(forecast))


def proposed_arr(account, arr: Decimal) -> Decimal:
    """Return the ARR of the renewal as proposed: today's ARR with the proposed increase, plus expansion offers."""
    r = account.renewal
    return arr * (1 + r.increase_pct / 100) + sum((x.arr for x in r.expansion), ZERO)


def _forecast(members: list[tuple[Entry, Decimal]], infos) -> Forecast:
    arr = r90 = r180 = ZERO
    by_verdict = dict.fromkeys(VERDICTS, ZERO)
    proposed = flat = churns = ZERO
    for e, rate in members:
        f = e.figures
        value = e.arr * rate
        arr += value
        days = f.timeline.days_left
        r90 += value if days <= 90 else ZERO
        r180 += value if days <= 180 else ZERO
        by_verdict[f.risk.verdict] += value
        renews = days <= 365
        offer = proposed_arr(infos[e.file].model, e.arr) * rate if renews else value
        proposed += offer
        flat += value
        churns += ZERO if renews and f.risk.verdict in ("critical", "at-risk") else offer
    return Forecast(len(members), arr, r90, r180, tuple(by_verdict.items()),
                    proposed / arr if arr else None, flat / arr if arr else None, churns / arr if arr else None)


def _retention(members: list[tuple[Entry, Decimal]]) -> Retention:
    start = end = kept = expansion = ZERO
    first_expansion = []
    for e, rate in members:
        r = e.figures.trailing
        if r is not None:
            start += r.start * rate
            end += r.end * rate
            kept += r.kept * rate
            expansion += max(ZERO, r.end - r.start) * rate
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
    """Return (verdict, entry, every open pattern) for each account with one, most urgent first.

    Ordered by the radar's urgency score (:mod:`qbrgen.analysis.risk`: days to renewal, ARR at stake and the
    open patterns' severity), then by name.
    """
    found = [(e.figures.risk, e) for e in book.entries if e.figures.risk.patterns]
    found.sort(key=lambda x: (-x[0].score, VERDICTS.index(x[0].verdict), x[1].name))
    return [(r.verdict, e, "; ".join(p.text for p in r.patterns)) for r, e in found]


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


COLUMNS = ("account", "file", "currency", "arr", "arr_reporting", "tier", "renewal_date", "days_to_renewal",
           "nrr", "upsell_triggers", "churn_signals", "owner", "recommended_owner", "check", "grr", "verdict",
           "urgency_score", "patterns", "pattern_details", "steps_missed", "pricing_decision", "arr_12m_ago",
           "arr_12m_ago_recorded", "documented_value", "value_multiple", "proposed_arr", "csm")


def book_rows(book: Book, infos=None) -> list[dict[str, str]]:
    """Return one row per account, every column as text (plain numbers in the currency's decimals, ISO dates).

    ``nrr`` and ``grr`` are over the trailing twelve months; ``arr_12m_ago`` is the ARR they start from, read
    from the history point of ``arr_12m_ago_recorded`` (the last one at or before a year before the as-of date).
    """
    rows = []
    for e in sorted(book.entries, key=lambda e: e.name):
        f, r, t = e.figures, e.figures.risk, e.figures.trailing
        model = infos[e.file].model if infos else None
        rows.append({
            "account": _csv_safe(e.name), "file": e.file, "currency": e.currency, "arr": _money(e.arr, e.currency),
            "arr_reporting": "" if e.arr_reporting is None else _money(e.arr_reporting, book.reporting[0]),
            "tier": e.tier, "renewal_date": f.timeline.renewal_date.isoformat(),
            "days_to_renewal": str(f.timeline.days_left), "nrr": _ratio(t.nrr if t else None),
            "upsell_triggers": "; ".join(x.product for x in f.triggers),
            "churn_signals": "; ".join(s.kind for s in f.signals), "owner": _csv_safe(e.owner),
            "recommended_owner": f.owner.owner, "check": owner_mismatch(e), "grr": _ratio(t.grr if t else None),
            "verdict": r.verdict, "urgency_score": str(r.score), "patterns": "; ".join(r.kinds),
            "pattern_details": _csv_safe("; ".join(p.text for p in r.patterns)),
            "steps_missed": "; ".join(r.steps_missed), "pricing_decision": r.pricing,
            "arr_12m_ago": _money(t.start, e.currency) if t else "",
            "arr_12m_ago_recorded": t.point.isoformat() if t else "",
            "documented_value": _money(f.documented_value, e.currency),
            "value_multiple": "" if f.value_multiple is None else str(_half_up(f.value_multiple, 2)),
            "proposed_arr": _money(proposed_arr(model, e.arr), e.currency) if model is not None else "",
            "csm": _csv_safe(model.account.csm or "") if model is not None else "",
        })
    return rows


def book_csv(book: Book, infos=None) -> str:
    """Return one CSV row per account with every column of :func:`book_rows`."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for row in book_rows(book, infos):
        w.writerow([row[c] for c in COLUMNS])
    return out.getvalue()


def book_json(book: Book, infos=None) -> str:
    """Return the book as JSON for a BI tool: the accounts (every CSV column) and the forecast per currency."""
    import json

    def amount(x, cur):
        return _money(x, cur.split(" ")[0])

    forecast = [{"currency": cur, "accounts": fc.accounts, "arr": amount(fc.arr, cur),
                 "renewing_90_days": amount(fc.renewing_90, cur), "renewing_180_days": amount(fc.renewing_180, cur),
                 "arr_by_verdict": {v: amount(x, cur) for v, x in fc.at_risk},
                 "nrr_if_renewed_as_proposed": _ratio(fc.as_proposed), "nrr_if_renewed_flat": _ratio(fc.flat),
                 "nrr_if_at_risk_churn": _ratio(fc.churns)} for cur, fc in book.forecast]
    retention = [{"currency": cur, "nrr_12m": _ratio(r.nrr), "grr_12m": _ratio(r.grr)} for cur, r in book.retention]
    data = {"as_of": book.as_of.isoformat(), "accounts": book_rows(book, infos), "forecast": forecast,
            "retention": retention, "reporting_currency": book.reporting[0] if book.reporting else None}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _money(amount: Decimal, currency: str) -> str:
    """Return an amount with the currency's own decimals (2 for EUR, 0 for JPY), rounded half-up."""
    from babel.numbers import get_currency_precision

    try:
        places = get_currency_precision(currency)
    except Exception:  # noqa: BLE001 - an unknown code keeps two decimals
        places = 2
    return str(_half_up(amount, places))


def _half_up(x: Decimal, places: int) -> Decimal:
    from decimal import ROUND_HALF_UP

    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _ratio(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _csv_safe(text: str) -> str:
    """Return text that a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
