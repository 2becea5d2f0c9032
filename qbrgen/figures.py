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

from qbrgen.coverage import CADENCE_DAYS, FUNCTIONS, SENIORITY, SENIORITY_OF, Contact, Coverage  # noqa: F401
from qbrgen.coverage import coverage as _coverage
from qbrgen.model import Account, Workspace
from qbrgen.retention import Retention, retention
from qbrgen.staleness import Stale, stale_data

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
UPSELL_AT = Decimal("0.80")
MILESTONE_DAYS = (180, 150, 120, 90, 60, 30, 0)
MILESTONE_STEPS = {
    180: "Internal deal review: health, risks and expansion",
    150: "Executive alignment: confirm value, surface concerns",
    120: "Share the renewal proposal with pricing and options",
    90: "Work through questions and agree terms",
    60: "Legal and procurement review",
    30: "Target date for signature",
    0: "Contract signed and in force",
}
# The steps the customer takes part in, from sharing the proposal to the renewed term.
CUSTOMER_STEPS = ((120, "proposal"), (90, "terms"), (60, "legal"), (30, "signature"), (0, "start"))
# Open signals that put the value case in doubt: the renewal is not priced on value while one is open.
VALUE_GAP_SIGNALS = ("sponsor-left", "competitor-evaluation", "vendor-rationalization")
LAPSED_STEP_DAYS = 7  # after a passed renewal date, a week between the remaining steps
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
class OptionFigure:
    name: str
    term_months: int
    increase_pct: Decimal
    price_protection: bool
    yearly: tuple[Decimal, ...]  # price in each year of the term
    total: Decimal  # total contract value
    baseline_total: Decimal  # the same term on one-year renewals at the default increase
    saving: Decimal  # baseline_total - total (positive: the customer saves)
    over_cap: bool


@dataclass(frozen=True)
class ExpansionLine:
    product: str
    unit: str | None
    arr: Decimal  # price per year of the new scope, offered on top of the renewal


@dataclass(frozen=True)
class Renewal:
    arr: Decimal
    increase_pct: Decimal
    increase: Decimal
    renewed_arr: Decimal
    expansion: Decimal
    new_arr: Decimal
    documented_value: Decimal
    value_to_increase: Decimal | None
    over_cap: bool
    cap_pct: Decimal | None
    options: tuple[OptionFigure, ...]
    expansion_lines: tuple[ExpansionLine, ...] = ()
    term_months: int = 12  # the renewal as proposed: the current term again
    term_total: Decimal = ZERO  # its price over that term, raised each year at the proposed increase

    @property
    def flat(self) -> bool:
        """Return True when the renewal keeps today's price."""
        return self.increase == 0


@dataclass(frozen=True)
class Milestone:
    days_before: int
    date: dt.date
    step: str
    status: str  # passed | current | upcoming | overdue


@dataclass(frozen=True)
class Step:
    """A step the customer takes part in, dated on or after the as-of date."""

    date: dt.date
    key: str  # proposal | terms | legal | signature | start


@dataclass(frozen=True)
class Timeline:
    renewal_date: dt.date
    days_left: int
    in_window: bool
    overdue: bool
    milestones: tuple[Milestone, ...]
    steps: tuple[Step, ...] = ()  # customer-facing, re-planned from the as-of date
    signature_target: dt.date | None = None
    term_start: dt.date | None = None  # when the renewed term starts; never before the as-of date


@dataclass(frozen=True)
class SignalFigure:
    date: dt.date | None
    kind: str
    severity: str
    note: str | None
    derived: bool


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
                     for product, (state, _) in zip(self.products, cells, strict=True) if state == "not-sold")


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

    @property
    def value_proven(self) -> bool:
        """Return True when documented value covers the price and no signal puts it in doubt."""
        return not self.value_gap


def compute(account: Account, workspace: Workspace, as_of: dt.date) -> Figures:
    """Return every figure of ``account`` as of ``as_of``."""
    arr = sum((p.arr for p in account.contract.products), ZERO)
    outcomes = tuple(_outcome(o) for o in account.value)
    documented = sum((o.annual_value or ZERO for o in outcomes), ZERO)
    usage = tuple(sorted(account.usage.monthly.items())) if account.usage else ()
    health = tuple(sorted((h.date, h.score) for h in account.health))
    timeline = _timeline(account, workspace, as_of)
    coverage = _coverage(account, as_of)
    growth = _growth(account)
    stale = stale_data(usage, health, [p.last_contact for p in account.stakeholders], as_of)
    signals = _signals(account, coverage, usage, health, {s.kind for s in stale})
    whitespace = _whitespace(account, workspace)
    risks = tuple(sorted((_risk(r) for r in account.risks), key=lambda r: (-r.score, r.risk)))
    multiple = documented / arr if arr else None
    ranked = tuple(sorted(outcomes, key=lambda o: -(o.annual_value or ZERO)))
    gap = (("below-price",) if multiple is None or multiple < ONE else ()) + tuple(
        dict.fromkeys(s.kind for s in signals if s.kind in VALUE_GAP_SIGNALS))
    return Figures(
        as_of=as_of,
        arr=arr,
        growth=growth,
        outcomes=outcomes,
        documented_value=documented,
        value_multiple=multiple,
        ranked=ranked,
        headline=_headline(ranked),
        value_gap=gap,
        renewal=_renewal(account, arr, documented),
        timeline=timeline,
        coverage=coverage,
        signals=signals,
        triggers=_triggers(account),
        whitespace=whitespace,
        roadmap=select_roadmap(account),
        risks=risks,
        usage=usage,
        health=health,
        owner=_owner(account, workspace, arr, whitespace, signals, risks),
        retention=retention(growth.points, arr, as_of),
        stale=stale,
    )


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


def _grow(amount: Decimal, pct: Decimal) -> Decimal:
    return amount * (ONE + pct / HUNDRED)


def _renewal(account: Account, arr: Decimal, documented: Decimal) -> Renewal:
    r = account.renewal
    cap = account.contract.uplift_cap_pct
    increase = arr * r.increase_pct / HUNDRED
    expansion = sum((e.arr for e in r.expansion), ZERO)
    options = []
    for opt in r.options:
        yearly = _yearly(arr, opt.increase_pct, opt.term_months, opt.price_protection)
        baseline = _yearly(arr, r.increase_pct, opt.term_months, protected=False)  # one-year renewals
        total, base_total = sum(yearly, ZERO), sum(baseline, ZERO)
        options.append(
            OptionFigure(opt.name, opt.term_months, opt.increase_pct, opt.price_protection, tuple(yearly), total,
                         base_total, base_total - total, cap is not None and opt.increase_pct > cap)
        )
    return Renewal(
        arr=arr,
        increase_pct=r.increase_pct,
        increase=increase,
        renewed_arr=arr + increase,
        expansion=expansion,
        new_arr=arr + increase + expansion,
        documented_value=documented,
        value_to_increase=documented / increase if increase > 0 else None,
        over_cap=cap is not None and r.increase_pct > cap,
        cap_pct=cap,
        options=tuple(options),
        expansion_lines=tuple(ExpansionLine(e.product, e.unit, e.arr) for e in r.expansion),
        term_months=account.contract.term_months,
        term_total=sum(_yearly(arr, r.increase_pct, account.contract.term_months, False), ZERO),
    )


def _yearly(arr: Decimal, pct: Decimal, term_months: int, protected: bool) -> list[Decimal]:
    """Return the price of each contract year: raised every year, or once and then held when protected.

    A final part year is billed pro rata.
    """
    years = max(1, -(-term_months // 12))
    prices, price = [], arr
    for year in range(years):
        if year == 0 or not protected:
            price = _grow(price, pct)
        prices.append(price)
    if term_months % 12:
        prices[-1] = prices[-1] * Decimal(term_months % 12) / 12
    return prices


def milestone_days(workspace: Workspace) -> tuple[int, ...]:
    """Return the renewal timeline's steps, in days before the renewal date, first step first."""
    start = workspace.renewal_policy.start_days_before
    return tuple(sorted({d for d in MILESTONE_DAYS if d <= start} | {start}, reverse=True))


def _timeline(account: Account, workspace: Workspace, as_of: dt.date) -> Timeline:
    renewal = account.contract.renewal_date
    start = workspace.renewal_policy.start_days_before
    days = milestone_days(workspace)
    days_left = (renewal - as_of).days
    milestones = []
    for i, d in enumerate(days):
        date = renewal - dt.timedelta(days=d)
        step = MILESTONE_STEPS.get(d, MILESTONE_STEPS[180])
        if d == 0:
            status = "overdue" if days_left < 0 else ("current" if days_left == 0 else "upcoming")
        else:
            next_date = renewal - dt.timedelta(days=days[i + 1])
            status = "upcoming" if as_of < date else ("current" if as_of < next_date else "passed")
        milestones.append(Milestone(d, date, step, status))
    steps, term_start = _steps(renewal, as_of, account.renewal.term_start)
    signature = next(st.date for st in steps if st.key == "signature")
    return Timeline(renewal, days_left, days_left <= start, days_left < 0, tuple(milestones), steps, signature,
                    term_start)


def _steps(renewal: dt.date, as_of: dt.date, term_start: dt.date | None) -> tuple[tuple[Step, ...], dt.date]:
    """Return the customer's steps to signature, none dated before ``as_of``, and the renewed term's start.

    Far enough ahead, each step keeps its usual distance from the renewal date. Later, what is left is
    compressed between the as-of date and a signature target before the renewal date. After the renewal
    date, the new term starts on ``term_start`` (else the as-of date) and the steps spread over the
    business days up to it, or follow a week apart when it starts at once. Every step before the term
    starts falls on a business day, in order.
    """
    keys = [key for _, key in CUSTOMER_STEPS]
    days_left = (renewal - as_of).days
    if days_left < 0:
        start = max(term_start or as_of, as_of)
        if start > as_of:  # signed before the new term starts, the steps spread over the days up to it
            days = _business_days(as_of, start - dt.timedelta(days=1)) or [as_of]
            dates = [days[(len(days) - 1) * i // 3] for i in range(4)]
        else:
            dates = [as_of + dt.timedelta(days=LAPSED_STEP_DAYS * i) for i in range(4)]
        return tuple(Step(d, k) for d, k in zip([*_workdays(dates, as_of), start], keys, strict=True)), start
    usual = [renewal - dt.timedelta(days=d) for d, _ in CUSTOMER_STEPS]
    if as_of <= usual[0]:
        dates = usual[:4]
    else:
        sign_by = renewal - dt.timedelta(days=min(30, days_left // 4))
        span = (sign_by - as_of).days
        dates = [max(usual[i], as_of + dt.timedelta(days=span * i // 3)) for i in range(3)] + [sign_by]
    return tuple(Step(d, k) for d, k in zip([*_workdays(dates, as_of), renewal], keys, strict=True)), renewal


def business_day(day: dt.date, floor: dt.date) -> dt.date:
    """Return ``day``, or the Friday before it when it falls on a weekend; never before ``floor``
    (then the next Monday)."""
    if day.weekday() < 5:
        return day
    friday = day - dt.timedelta(days=day.weekday() - 4)
    return friday if friday >= floor else friday + dt.timedelta(days=3)


def _workdays(dates: list[dt.date], floor: dt.date) -> list[dt.date]:
    """Return ``dates`` moved to business days, none before ``floor`` and each on or after the one before."""
    out: list[dt.date] = []
    for d in dates:
        d = business_day(d, floor)
        out.append(max(d, out[-1]) if out else d)
    return out


def _business_days(first: dt.date, last: dt.date) -> list[dt.date]:
    span = (last - first).days
    return [d for d in (first + dt.timedelta(days=i) for i in range(span + 1)) if d.weekday() < 5]


def _signals(account, coverage: Coverage, usage, health, stale=frozenset()) -> tuple[SignalFigure, ...]:
    found = [SignalFigure(s.date, s.kind, SIGNAL_SEVERITY[s.kind], s.note, False) for s in account.signals]
    if "usage" not in stale and len(usage) >= 3 and usage[-3][1] > usage[-2][1] > usage[-1][1]:
        found.append(SignalFigure(None, "usage-decline", "high",
                                  f"{usage[-3][0]} to {usage[-1][0]}: down two months running", True))
    if "health" not in stale and len(health) >= 2 and health[-1][1] < health[-2][1]:
        found.append(SignalFigure(health[-1][0], "health-falling", "medium",
                                  f"score {health[-2][1]} to {health[-1][1]}", True))
    qbr = account.qbr
    if qbr and qbr.attendees:
        senior = {p.name for p in account.stakeholders if p.level in ("vp", "c-level")}
        if not senior & set(qbr.attendees):
            found.append(SignalFigure(None, "no-executive-at-qbr", "medium", None, True))
    by_name = {c.name: c for c in coverage.contacts}
    for p in account.stakeholders:
        if p.role == "economic-buyer":
            c = by_name[p.name]
            if c.days_since is None or c.days_since > CADENCE_DAYS["c-level"]:
                note = f"{p.name}: " + (f"{c.days_since} days since last contact" if c.days_since is not None
                                        else "no contact recorded")
                found.append(SignalFigure(p.last_contact, "economic-buyer-silent", "high", note, True))
    return tuple(sorted(found, key=lambda s: (SEVERITY_ORDER[s.severity], s.derived, s.date or dt.date.min, s.kind)))


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

    Ties go to the item available soonest, then to the one listed first. An item that serves
    no stated priority is never shown, nor is one already listed as delivered.
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
    return tuple(i for _, _, i in sorted(scored)[:limit])


def _risk(r) -> RiskFigure:
    score = LIKELIHOOD_SCORE[r.likelihood] * IMPACT_SCORE[r.impact]
    severity = "critical" if score >= 8 else "high" if score >= 6 else "medium" if score >= 3 else "low"
    return RiskFigure(r.risk, r.likelihood, r.impact, score, severity, r.mitigation, r.owner)


def _owner(account: Account, workspace: Workspace, arr: Decimal, whitespace: Whitespace, signals, risks
           ) -> OwnerRecommendation:
    """Return who should own the renewal and growth, by the CURE test, with the reasons."""
    policy = workspace.renewal_policy
    reasons: list[str] = []
    large = arr >= policy.enterprise_arr or account.account.segment != "smb"
    deployed = {p.name for p in account.contract.products}
    cross_sell = whitespace.total > 0 or any(p not in deployed for p in workspace.catalog)
    complex_ = (account.account.segment == "enterprise" or len(account.stakeholders) >= 6
                or len(account.whitespace) >= 3)
    material_risk = [s for s in signals if s.severity == "critical"] + [r for r in risks if r.severity == "critical"]
    new_buyer = any(s.kind == "sponsor-left" for s in signals) or any(
        p.role == "economic-buyer" and p.strength <= 1 for p in account.stakeholders)

    reasons.append("contract-large" if large else "contract-small")
    if cross_sell:
        reasons.append("cross-sell" if large or complex_ else "cross-sell-programmatic")
    else:
        reasons.append("no-cross-sell")
    reasons.append(f"stage-{workspace.company_stage}")
    reasons.append("enterprise-complex" if complex_ else "not-complex")
    if material_risk:
        reasons.append("material-churn-risk")
    if new_buyer:
        reasons.append("new-economic-buyer")

    if material_risk or new_buyer:
        owner = "new-business-sales"
    elif workspace.company_stage == "early":
        owner = "new-business-sales"
    elif large or complex_:
        owner = "account-manager"
    else:  # small and simple: a process-led renewal; any cross-sell runs as a programmatic motion
        owner = "renewal-manager"
    return OwnerRecommendation(owner, tuple(reasons))


def as_proposed(account: Account) -> OptionFigure:
    """Return the renewal as proposed (the current term at ``renewal.increase_pct``) priced like an option."""
    arr = sum((p.arr for p in account.contract.products), ZERO)
    r, term = account.renewal, account.contract.term_months
    yearly = _yearly(arr, r.increase_pct, term, protected=False)
    total = sum(yearly, ZERO)
    cap = account.contract.uplift_cap_pct
    return OptionFigure("Renewal as proposed", term, r.increase_pct, False, tuple(yearly), total, total, ZERO,
                        cap is not None and r.increase_pct > cap)


def offer_valid_until(account: Account, workspace: Workspace, as_of: dt.date) -> dt.date:
    """Return the last day of the offer: the account's date, else the later of as-of plus the workspace's
    days and the signature target, so the offer stands through the steps to signature.

    The default never runs past the renewal date, unless that date has already passed; then it never
    runs past a renewed term's later start.
    """
    if account.renewal.valid_until is not None:
        return account.renewal.valid_until
    renewal = account.contract.renewal_date
    steps, start = _steps(renewal, as_of, account.renewal.term_start)
    signature = next(st.date for st in steps if st.key == "signature")
    until = max(as_of + dt.timedelta(days=workspace.proposal.valid_days), signature)
    if renewal > as_of:
        return min(until, renewal)
    return min(until, start) if start > as_of else until


def signature_target(account: Account, as_of: dt.date) -> dt.date:
    """Return the date the steps to signature aim to sign by."""
    steps, _ = _steps(account.contract.renewal_date, as_of, account.renewal.term_start)
    return next(st.date for st in steps if st.key == "signature")
