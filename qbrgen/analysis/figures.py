"""Every figure of an account, computed once, in Decimal, as of a given date.

Pure: no I/O, no clock, no formatting. The builder formats these numbers; renderers never
compute. Rules follow the account-management playbook: renewal timeline, 3x3 coverage,
contact cadence, churn signals, upsell at 80% of capacity, roadmap selection, and the CURE test
for who should own the renewal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext

from qbrgen.account.model import Account, Workspace
from qbrgen.analysis.coverage import CADENCE_DAYS, FUNCTIONS, SENIORITY, SENIORITY_OF, Contact, Coverage, present  # noqa: F401
from qbrgen.analysis.coverage import coverage as _coverage
from qbrgen.analysis.pricing import Renewal, renewal_figures
from qbrgen.analysis.retention import Retention, Trailing, retention, trailing
from qbrgen.analysis.said import Said
from qbrgen.analysis.staleness import Stale, stale_data
from qbrgen.analysis.timeline import Timeline
from qbrgen.analysis.timeline import timeline as _timeline
from qbrgen.i18n import _, ngettext

ZERO = Decimal(0)
ONE = Decimal(1)
UPSELL_AT = Decimal("0.80")
# Open signals that put the value case in doubt: the renewal is not priced on value while one is open.
VALUE_GAP_SIGNALS = ("sponsor-left", "competitor-evaluation", "vendor-rationalization")
LIKELIHOOD_SCORE = {"low": 1, "medium": 2, "high": 3}
IMPACT_SCORE = {"low": 1, "medium": 2, "high": 3, "critical": 4}
SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
SIGNAL_SEVERITY = {
    "sponsor-left": "critical",
    "competitor-evaluation": "critical",
    "vendor-rationalization": "high",
    "usage-decline": "high",
    "data-export-request": "high",
    "economic-buyer-silent": "high",
    "api-docs-request": "medium",
    "meeting-cancelled": "medium",
    "ticket-sentiment": "medium",
    "health-falling": "medium",
    "no-executive-at-qbr": "medium",
}


@dataclass(frozen=True)
class Growth:
    """ARR trajectory from the account's history."""

    points: tuple[tuple[dt.date, Decimal], ...]
    yoy: tuple[tuple[dt.date, Decimal | None], ...]  # growth into each point from the one before
    cagr: Decimal | None
    nrr: Decimal | None  # latest ARR over the ARR one renewal earlier


@dataclass(frozen=True)
class OutcomeFigure:
    outcome: str
    baseline: Decimal
    current: Decimal
    unit: str
    better: str
    change: Decimal  # current - baseline
    improvement: Decimal | None  # fraction, positive when moving the right way
    annual_value: Decimal | None
    evidence: str | None


@dataclass(frozen=True)
class SignalFigure:
    date: dt.date | None
    kind: str
    severity: str
    note: str | None  # the account's own note, or (derived) the finding in English, for the plan
    derived: bool
    said: Said | None = None  # a derived signal's finding, written in the document's language when shown


@dataclass(frozen=True)
class Trigger:
    product: str
    unit: str
    contracted: Decimal
    used: Decimal
    utilisation: Decimal
    overage: bool


@dataclass(frozen=True)
class Whitespace:
    products: tuple[str, ...]
    rows: tuple[tuple[str, tuple[tuple[str, Decimal | None], ...]], ...]  # unit, (state, amount) per product
    total: Decimal

    @property
    def unquantified(self) -> tuple[tuple[str, str], ...]:
        """Return the (unit, product) cells marked not sold with no amount: every cell should be quantified."""
        return tuple((unit, product) for unit, cells in self.rows
                     for product, (state, _amount) in zip(self.products, cells, strict=True) if state == "not-sold")


@dataclass(frozen=True)
class RiskFigure:
    risk: str
    likelihood: str
    impact: str
    score: int
    severity: str
    mitigation: str | None
    owner: str | None


@dataclass(frozen=True)
class OwnerRecommendation:
    owner: str  # renewal-manager | account-manager | new-business-sales
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Figures:
    """Everything the documents say in numbers, for one account on one date."""

    as_of: dt.date
    arr: Decimal
    growth: Growth
    outcomes: tuple[OutcomeFigure, ...]
    documented_value: Decimal
    value_multiple: Decimal | None
    ranked: tuple[OutcomeFigure, ...]  # largest documented value per year first; unvalued ones last
    headline: OutcomeFigure | None  # the outcome to lead with
    value_gap: tuple[str, ...]  # why the price cannot be framed on value: below-price, or signal kinds
    renewal: Renewal
    timeline: Timeline
    coverage: Coverage
    signals: tuple[SignalFigure, ...]
    triggers: tuple[Trigger, ...]
    whitespace: Whitespace
    roadmap: tuple[int, ...]  # indexes into account.roadmap, in presentation order
    risks: tuple[RiskFigure, ...]
    usage: tuple[tuple[str, Decimal], ...]
    health: tuple[tuple[dt.date, Decimal], ...]
    owner: OwnerRecommendation
    retention: Retention | None = None  # over the last renewal, or since it when ARR contracted
    stale: tuple[Stale, ...] = ()  # data that stopped more than two months before the as-of date
    past_signals: tuple[SignalFigure, ...] = ()  # recorded before the current term started: history, not live
    trailing: Trailing | None = None  # net and gross retention over the 12 months to the as-of date
    risk: object = None  # the risk radar (qbrgen.analysis.risk.Radar): patterns, urgency score and verdict

    @property
    def value_proven(self) -> bool:
        """Return True when documented value covers the price and no signal puts it in doubt."""
        return not self.value_gap


USAGE_MONTHS = 24  # the recent months a chart shows and the figures read: a CRM export may hold decades


def compute(account: Account, workspace: Workspace, as_of: dt.date) -> Figures:
    """Return every figure of ``account`` as of ``as_of``."""
    arr = sum((p.arr for p in account.contract.products), ZERO)
    outcomes = tuple(_outcome(o) for o in account.value)
    documented = sum((o.annual_value or ZERO for o in outcomes), ZERO)
    usage = tuple(sorted(account.usage.monthly.items()))[-USAGE_MONTHS:] if account.usage else ()
    health = tuple(sorted((h.date, h.score) for h in account.health))
    timeline = _timeline(account, workspace, as_of)
    coverage = _coverage(account, as_of)
    growth = _growth(account)
    people = present(account, as_of)
    stale = stale_data(usage, health, [p.last_contact for p in people], as_of)
    every = _signals(account, people, coverage, usage, health, {s.kind for s in stale})
    start = account.contract.start_date
    # a signal recorded before this term started is history; a derived one (silence, a falling score) is now
    past = tuple(s for s in every if not s.derived and s.date < start)
    signals = tuple(s for s in every if s not in past)
    whitespace = _whitespace(account, workspace)
    risks = tuple(sorted((_risk(r) for r in account.risks), key=lambda r: (-r.score, r.risk)))
    multiple = documented / arr if arr else None
    ranked = tuple(sorted(outcomes, key=lambda o: -(o.annual_value or ZERO)))
    gap = (("below-price",) if multiple is None or multiple < ONE else ()) + tuple(
        dict.fromkeys(s.kind for s in signals if s.kind in VALUE_GAP_SIGNALS))
    figures = Figures(
        as_of=as_of,
        arr=arr,
        growth=growth,
        outcomes=outcomes,
        documented_value=documented,
        value_multiple=multiple,
        ranked=ranked,
        headline=_headline(ranked),
        value_gap=gap,
        renewal=renewal_figures(account, arr, documented, workspace, critical_kinds(account, signals)),
        timeline=timeline,
        coverage=coverage,
        signals=signals,
        triggers=_triggers(account),
        whitespace=whitespace,
        roadmap=select_roadmap(account),
        risks=risks,
        usage=usage,
        health=health,
        owner=_owner(account, workspace, arr, whitespace, signals, risks, people),
        retention=retention(growth.points, arr, as_of),
        stale=stale,
        past_signals=past,
        trailing=trailing(growth.points, arr, as_of),
    )
    from dataclasses import replace

    from qbrgen.analysis.risk import assess

    return replace(figures, risk=assess(account, workspace, figures))


def critical_kinds(account: Account, signals) -> tuple[str, ...]:
    """Return the kinds of the open critical churn signals recorded since the contract's start (lint QBR014)."""
    start = account.contract.start_date
    return tuple(dict.fromkeys(s.kind for s in signals
                               if s.severity == "critical" and not s.derived and (s.date is None or s.date >= start)))


def _growth(account: Account) -> Growth:
    points = tuple(sorted((p.date, p.arr) for p in account.arr_history))
    yoy: list[tuple[dt.date, Decimal | None]] = []
    for i, (date, value) in enumerate(points):
        prev = points[i - 1][1] if i else None
        yoy.append((date, (value - prev) / prev if prev else None))
    cagr = None
    if len(points) >= 2 and points[0][1] > 0 and points[-1][1] > 0:
        years = Decimal((points[-1][0] - points[0][0]).days) / Decimal("365.25")
        if years >= Decimal("0.5"):
            with localcontext() as ctx:
                ctx.prec = 28
                cagr = (points[-1][1] / points[0][1]) ** (ONE / years) - ONE
    nrr = points[-1][1] / points[-2][1] if len(points) >= 2 and points[-2][1] else None
    return Growth(points, tuple(yoy), cagr, nrr)


def _outcome(o) -> OutcomeFigure:
    change = o.current - o.baseline
    gain = -change if o.better == "lower" else change
    improvement = gain / abs(o.baseline) if o.baseline else None
    return OutcomeFigure(o.outcome, o.baseline, o.current, o.unit, o.better, change, improvement,
                         o.annual_value, o.evidence)


def _headline(ranked: tuple[OutcomeFigure, ...]) -> OutcomeFigure | None:
    """Return the outcome worth most a year; without values, the one that moved furthest the right way."""
    if ranked and ranked[0].annual_value:
        return ranked[0]
    moved = [o for o in ranked if o.improvement is not None and o.improvement > 0]
    return max(moved, key=lambda o: o.improvement) if moved else None


def _signals(account, people, coverage: Coverage, usage, health, stale=frozenset()) -> tuple[SignalFigure, ...]:
    found = [SignalFigure(s.date, s.kind, SIGNAL_SEVERITY[s.kind], s.note, False) for s in account.signals]
    if "usage" not in stale and len(usage) >= 3 and usage[-3][1] > usage[-2][1] > usage[-1][1]:
        first, last = usage[-3][0], usage[-1][0]
        said = Said(lambda: _(
            # TRANSLATORS: a usage series fell; {first} and {last} are months written like 2026-09.
            "{first} to {last}: down two months running", first=first, last=last))
        found.append(SignalFigure(None, "usage-decline", "high", said.english, True, said))
    if "health" not in stale and len(health) >= 2 and health[-1][1] < health[-2][1]:
        before, now = health[-2][1], health[-1][1]
        said = Said(lambda: _(
            # TRANSLATORS: a customer health score fell from {before} to {now} (numbers as recorded).
            "score {before} to {now}", before=before, now=now))
        found.append(SignalFigure(health[-1][0], "health-falling", "medium", said.english, True, said))
    qbr = account.qbr
    if qbr and qbr.attendees:
        senior = {p.name for p in people if p.level in ("vp", "c-level")}
        if not senior & set(qbr.attendees):
            found.append(SignalFigure(None, "no-executive-at-qbr", "medium", None, True))
    by_name = {c.name: c for c in coverage.contacts}
    for p in people:
        if p.role == "economic-buyer":
            c = by_name[p.name]
            if c.days_since is None or c.days_since > CADENCE_DAYS["c-level"]:
                said = _silent(p.name, c.days_since)
                found.append(SignalFigure(p.last_contact, "economic-buyer-silent", "high", said.english, True, said))
    return tuple(sorted(found, key=lambda s: (SEVERITY_ORDER[s.severity], s.derived, s.date or dt.date.min, s.kind)))


def _silent(name: str, days: int | None) -> Said:
    if days is None:
        return Said(lambda: _("{name}: no contact recorded", name=name))
    return Said(lambda: ngettext("{name}: {count} day since last contact", "{name}: {count} days since last contact",
                                 days, name=name, count=days))


def _triggers(account: Account) -> tuple[Trigger, ...]:
    out = []
    for p in account.contract.products:
        cap = p.capacity
        if cap is None or cap.contracted <= 0:
            continue
        ratio = cap.used / cap.contracted
        if ratio >= UPSELL_AT:
            out.append(Trigger(p.name, cap.unit, cap.contracted, cap.used, ratio, ratio > ONE))
    return tuple(sorted(out, key=lambda t: (-t.utilisation, t.product)))


def _whitespace(account: Account, workspace: Workspace) -> Whitespace:
    products = list(workspace.catalog)
    for name in [p.name for p in account.contract.products] + [
        x for row in account.whitespace for x in (*row.deployed, *(o.product for o in row.opportunities))
    ]:
        if name not in products:
            products.append(name)
    rows, total = [], ZERO
    for row in account.whitespace:
        cells = []
        amounts = {}
        for o in row.opportunities:
            amounts[o.product] = amounts.get(o.product, ZERO) + o.arr
        for product in products:
            if product in row.deployed:
                cells.append(("deployed", None))
            elif product in amounts:
                cells.append(("opportunity", amounts[product]))
                total += amounts[product]
            else:
                cells.append(("not-sold", None))
        rows.append((row.unit, tuple(cells)))
    return Whitespace(tuple(products), tuple(rows), total)


def _quarter_key(q: str | None) -> str:
    return q or "9999-Q9"


def select_roadmap(account: Account, limit: int = 3) -> tuple[int, ...]:
    """Return the indexes of the roadmap items to show: those serving the most priorities, at most 3.

    Ties go to the item available soonest, then to the one listed first; the chosen ones come in the
    order they become available. An item that serves no stated priority is never shown, nor is one
    already listed as delivered.
    """
    ids = {p.id for p in account.priorities}
    delivered = {c.casefold().strip() for c in account.renewal.new_capabilities}
    scored = []
    for i, item in enumerate(account.roadmap):
        if item.title.casefold().strip() in delivered:
            continue  # delivered already: shown once, among what was delivered
        served = len(set(item.supports) & ids)
        if served:
            scored.append((-served, _quarter_key(item.available), i))
    chosen = sorted(scored)[:limit]  # the most relevant; then shown in the order they arrive
    return tuple(i for _n, _first, i in sorted(chosen, key=lambda t: (t[1], t[2])))


def _risk(r) -> RiskFigure:
    score = LIKELIHOOD_SCORE[r.likelihood] * IMPACT_SCORE[r.impact]
    severity = "critical" if score >= 8 else "high" if score >= 6 else "medium" if score >= 3 else "low"
    return RiskFigure(r.risk, r.likelihood, r.impact, score, severity, r.mitigation, r.owner)


def new_buyer(account: Account, signals, people) -> bool:
    """Return whether the economic buyer changed: a sponsor-left signal of this term that no one named since
    replaces (an economic buyer, or a C-level champion, strength 3 or more, met on or after the day the sponsor
    left). A champion lower down argues for us; they do not sign in the sponsor's place."""
    left = [s.date for s in signals if s.kind == "sponsor-left" and not s.derived]
    if not left:
        return False
    since = max(left)
    return not any((p.role == "economic-buyer" or (p.role == "champion" and p.level == "c-level"))
                   and p.strength >= 3 and p.last_contact is not None and p.last_contact >= since for p in people)


def _owner(account: Account, workspace: Workspace, arr: Decimal, whitespace: Whitespace, signals, risks,
           people=None) -> OwnerRecommendation:
    """Return who should own the renewal and growth, by the CURE test, with the reasons."""
    policy = workspace.renewal_policy
    reasons: list[str] = []
    large = arr >= policy.enterprise_arr or account.account.segment != "smb"
    deployed = {p.name for p in account.contract.products}
    cross_sell = whitespace.total > 0 or any(p not in deployed for p in workspace.catalog)
    complex_ = (account.account.segment == "enterprise" or len(account.stakeholders) >= 6
                or len(account.whitespace) >= 3)
    # a sponsor who left counts through ``changed``: replaced by a named champion, it is no new sale
    material_risk = [s for s in signals if s.severity == "critical" and s.kind != "sponsor-left"] + [
        r for r in risks if r.severity == "critical"]
    changed = new_buyer(account, signals, account.stakeholders if people is None else people)
    rationalising = any(s.kind == "vendor-rationalization" for s in signals)

    reasons.append("contract-large" if large else "contract-small")
    if cross_sell:
        reasons.append("cross-sell" if large or complex_ else "cross-sell-programmatic")
    else:
        reasons.append("no-cross-sell")
    reasons.append(f"stage-{workspace.company_stage}")
    reasons.append("enterprise-complex" if complex_ else "not-complex")
    if material_risk:
        reasons.append("material-churn-risk")
    if changed:
        reasons.append("new-economic-buyer")
    if rationalising:
        reasons.append("vendor-rationalization")

    if material_risk or changed or rationalising:
        owner = "new-business-sales"
    elif workspace.company_stage == "early":
        owner = "new-business-sales"
    elif large or complex_:
        owner = "account-manager"
    else:  # small and simple: a process-led renewal; any cross-sell runs as a programmatic motion
        owner = "renewal-manager"
    return OwnerRecommendation(owner, tuple(reasons))


