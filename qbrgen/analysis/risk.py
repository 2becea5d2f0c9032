"""The risk radar: every account-losing pattern of one account, an urgency score and a verdict.

One model read by the account plan, the internal deck, lint and the portfolio, so none of them can
disagree. Pure: no I/O, no clock.

Patterns (``KINDS``), each with a severity: every churn signal of the current term (its own severity;
signals from an earlier term are history), a lapsed renewal, value below the price while an increase
is proposed, renewal steps missed inside the window (no proposal shared by 120 days before the renewal,
no legal review by 60), contraction, stale data, single-threading, no C-level relationship in an
enterprise account, a discount, a champion or economic buyer who left with nobody in their role, a
renewal owned by the account's CSM past the early stage (CURE), and a critical entry of the risk register.

The urgency score (higher is more urgent) is ``points x time x size``:

- ``points``: the sum of the open patterns' severities (critical 40, high 20, medium 8, low 2);
- ``time``: ``180 / days to renewal`` (days counted as at least 30), kept between 0.5 and 6; a lapsed
  renewal counts 6. So a renewal 38 days out weighs four times one 148 days out;
- ``size``: ``1 + log10(ARR / 10,000) / 2`` (ARR counted as at least 10,000), ARR converted into the
  workspace's reporting currency when its rate is given. A hundred times the ARR weighs twice, not a
  hundred times: size orders accounts in equal trouble, it never buries a small one about to be lost.

The verdict: ``critical`` with any critical pattern, or a high one within 90 days of the renewal;
``at-risk`` with any high pattern or three medium ones; ``watch`` with any other pattern; else ``on-track``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SEVERITY_POINTS = {"critical": 40, "high": 20, "medium": 8, "low": 2}
SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}
VERDICTS = ("critical", "at-risk", "watch", "on-track")
VERDICT_TEXT = {"critical": "Critical", "at-risk": "At risk", "watch": "Watch", "on-track": "On track"}
STEP_DAYS = ((120, "proposal not shared"), (60, "legal and procurement review not started"))
SIZE_FLOOR = Decimal(10000)
TIME_MIN, TIME_MAX = Decimal("0.5"), Decimal(6)

SIGNAL_KINDS = ("sponsor-left", "competitor-evaluation", "vendor-rationalization", "usage-decline",
                "data-export-request", "economic-buyer-silent", "api-docs-request", "meeting-cancelled",
                "ticket-sentiment", "health-falling", "no-executive-at-qbr")
KINDS = ("renewal-lapsed", *SIGNAL_KINDS, "value-below-price", "steps-missed", "contraction", "stale-data",
         "single-threaded", "no-c-level", "discount", "champion-departed", "economic-buyer-departed",
         "wrong-owner", "critical-risk")
LABEL = {
    "renewal-lapsed": "Renewal date passed, contract not renewed",
    "sponsor-left": "Executive sponsor left",
    "competitor-evaluation": "Competitor under evaluation",
    "vendor-rationalization": "Vendor consolidation review",
    "usage-decline": "Usage falling",
    "data-export-request": "Unusual data export request",
    "economic-buyer-silent": "Economic buyer out of contact",
    "api-docs-request": "Unusual API documentation request",
    "meeting-cancelled": "Meetings or QBRs cancelled",
    "ticket-sentiment": "Hostile support tickets",
    "health-falling": "Health score falling",
    "no-executive-at-qbr": "No executive invited to the QBR",
    "value-below-price": "Increase proposed on value below the price",
    "steps-missed": "Renewal steps missed",
    "contraction": "ARR contracted",
    "stale-data": "Stale data",
    "single-threaded": "Single-threaded",
    "no-c-level": "No C-level relationship (enterprise)",
    "discount": "Discount proposed",
    "champion-departed": "Champion left, nobody in the role",
    "economic-buyer-departed": "Economic buyer left, nobody in the role",
    "wrong-owner": "Renewal owned by the CSM (CURE)",
    "critical-risk": "Critical risk in the register",
}
ACTION = {
    "renewal-lapsed": "escalate today and get the paper signed",
    "sponsor-left": "meet the successor within two weeks and sell the value again",
    "competitor-evaluation": "set up an executive-to-executive meeting and map who decides",
    "vendor-rationalization": "put the documented value in front of whoever runs the review",
    "usage-decline": "find the cause with the champion and run an adoption plan",
    "data-export-request": "ask why, openly, and bring the sponsor in the same week",
    "economic-buyer-silent": "book time with the economic buyer this month",
    "api-docs-request": "ask what they are building and offer help",
    "meeting-cancelled": "reset the meeting cadence with the sponsor",
    "ticket-sentiment": "review the open tickets with support, then call the sponsor",
    "health-falling": "review what drives the score with the CSM",
    "no-executive-at-qbr": "ask the champion to bring their leadership to the QBR",
    "value-below-price": "hold the price and agree what to measure before the next renewal",
    "steps-missed": "share the proposal this week and book the legal review",
    "contraction": "find what was dropped and why before pricing the renewal",
    "stale-data": "refresh the data from its source before the review",
    "single-threaded": "build a second working relationship at director level or above",
    "no-c-level": "get an executive sponsor at C-level through the champion",
    "discount": "have the discount approved and trade it for term or commitment",
    "champion-departed": "find and win a new champion",
    "economic-buyer-departed": "find who signs now and meet them",
    "wrong-owner": "hand the renewal to an account manager; keep the CSM on adoption",
    "critical-risk": "work the mitigation with its owner this week",
}
PRICING_TEXT = {
    "renew-flat-win-back": "Renew flat: win the account back before asking for more; no increase while the "
                           "account is critical.",
    "hold-price": "Hold the price: documented value is below what the customer pays, so renew flat and agree "
                  "what to measure before the next renewal.",
    "discount": "A discount is on the table: have it approved, and trade it for a longer term or a commitment.",
    "increase": "Propose the increase, framed on the documented value.",
    "flat": "Renew at today's price.",
}


@dataclass(frozen=True)
class Pattern:
    kind: str
    severity: str
    detail: str  # plain words, no amounts: names, days, counts

    @property
    def label(self) -> str:
        return LABEL[self.kind]

    @property
    def text(self) -> str:
        return f"{self.label}: {self.detail}" if self.detail else self.label

    @property
    def action(self) -> str:
        return ACTION[self.kind]


@dataclass(frozen=True)
class Radar:
    patterns: tuple[Pattern, ...]  # most severe first
    days_left: int
    arr: Decimal  # in the reporting currency when converted
    converted: bool
    points: int
    time: Decimal
    size: Decimal
    verdict: str
    steps_missed: tuple[str, ...]
    pricing: str  # a key of PRICING_TEXT

    @property
    def score(self) -> Decimal:
        from decimal import ROUND_HALF_UP

        raw = self.points * self.time * self.size
        return raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if self.points else Decimal(0)

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(p.kind for p in self.patterns)

    @property
    def verdict_text(self) -> str:
        return VERDICT_TEXT[self.verdict]


def assess(account, workspace, f) -> Radar:
    """Return the radar of ``account`` from its figures ``f`` (see the module's docstring)."""
    found: list[Pattern] = []
    tl = f.timeline
    if tl.overdue:
        found.append(Pattern("renewal-lapsed", "critical", f"{-tl.days_left} days past the renewal date"))
    by_kind: dict[str, list] = {}
    for s in f.signals:
        by_kind.setdefault(s.kind, []).append(s)
    for kind, signals in by_kind.items():
        notes = "; ".join(dict.fromkeys(s.note for s in signals if s.note))
        found.append(Pattern(kind, signals[0].severity, notes))
    increases = [x for x in (account.renewal.increase_pct, *(o.increase_pct for o in account.renewal.options))]
    if any(x > 0 for x in increases) and f.documented_value < f.arr:
        multiple = f.value_multiple if f.value_multiple is not None else Decimal(0)
        found.append(Pattern("value-below-price", "high",
                             f"documented value is {_plain(multiple)}x the ARR and an increase is proposed"))
    done = set(account.renewal.milestones_done)
    missed = tuple(what for days, what in STEP_DAYS if tl.days_left <= days and days not in done)
    if missed:
        severe = "critical" if tl.days_left <= 60 and STEP_DAYS[0][1] in missed else "high"
        found.append(Pattern("steps-missed", severe, "; ".join(missed) + f" ({_days(tl.days_left)})"))
    contraction = _contraction(f)
    if contraction:
        found.append(Pattern("contraction", "high", contraction))
    if f.stale:
        found.append(Pattern("stale-data", "medium", ", ".join(s.kind for s in f.stale) + " not updated for more "
                                                     "than two months"))
    cov = f.coverage
    if not account.stakeholders or cov.single_threaded:
        count = {0: "no working relationship", 1: f"one working relationship only ({', '.join(cov.working)})"}
        who = (count.get(len(cov.working), "") if "one-relationship" in cov.gaps
               else f"nobody senior could carry the account if {cov.champion} left")
        found.append(Pattern("single-threaded", "high", who))
    if account.account.segment == "enterprise" and "no-c-level" in cov.gaps:
        found.append(Pattern("no-c-level", "high", "no working C-level relationship"))
    discounts = [x for x in increases if x < 0]
    if discounts:
        found.append(Pattern("discount", "medium", f"{_plain(-min(discounts))}% off today's price"))
    present_roles = {p.role for p in account.stakeholders if p.name not in {d[0] for d in cov.departed}}
    for role, kind in (("champion", "champion-departed"), ("economic-buyer", "economic-buyer-departed")):
        gone = [(name, day) for name, r, day in cov.departed if r == role]
        if gone and role not in present_roles:
            severity = "critical" if role == "champion" else "high"
            found.append(Pattern(kind, severity, ", ".join(name for name, _ in gone) + " left; nobody is named in "
                                                 "the role"))
    a = account.account
    if (workspace.company_stage != "early" and a.csm
            and " ".join(a.owner.casefold().split()) == " ".join(a.csm.casefold().split())):
        found.append(Pattern("wrong-owner", "high", f"{a.owner} is both the CSM and the renewal owner"))
    critical_risks = [r.risk for r in f.risks if r.severity == "critical"]
    if critical_risks:
        found.append(Pattern("critical-risk", "critical", "; ".join(critical_risks)))

    patterns = tuple(sorted(found, key=lambda p: (SEVERITY_RANK[p.severity], KINDS.index(p.kind))))
    arr, converted = _arr(account, workspace, f.arr)
    points = sum(SEVERITY_POINTS[p.severity] for p in patterns)
    return Radar(patterns, tl.days_left, arr, converted, points, _time(tl.days_left, tl.overdue), _size(arr),
                 _verdict(patterns, tl.days_left), missed, _pricing(patterns, increases, f))


def _contraction(f) -> str:
    r, t = f.retention, f.trailing
    if r is not None and r.contracted:
        return "ARR today is below the ARR of the last renewal"
    if t is not None and t.end < t.start:
        return "ARR today is below the ARR twelve months ago"
    return ""


def _arr(account, workspace, arr: Decimal) -> tuple[Decimal, bool]:
    reporting = workspace.reporting_currency
    if not reporting:
        return arr, False
    if account.account.currency == reporting:
        return arr, True
    rate = workspace.fx_rates.get(account.account.currency)
    return (arr * rate, True) if rate is not None else (arr, False)


def _time(days_left: int, overdue: bool) -> Decimal:
    if overdue:
        return TIME_MAX
    return min(TIME_MAX, max(TIME_MIN, Decimal(180) / max(days_left, 30))).quantize(Decimal("0.01"))


def _size(arr: Decimal) -> Decimal:
    return (1 + (max(arr, SIZE_FLOOR) / SIZE_FLOOR).log10() / 2).quantize(Decimal("0.01"))


def _verdict(patterns: tuple[Pattern, ...], days_left: int) -> str:
    severities = [p.severity for p in patterns]
    if "critical" in severities or ("high" in severities and days_left <= 90):
        return "critical"
    if "high" in severities or severities.count("medium") >= 3:
        return "at-risk"
    return "watch" if patterns else "on-track"


def _pricing(patterns: tuple[Pattern, ...], increases, f) -> str:
    """Return the pricing decision: no increase while the customer side is critical (a missed step is ours to
    fix, not a reason to give the price away), none on value below the price, a discount traded for something."""
    kinds = {p.kind for p in patterns}
    critical = any(p.severity == "critical" and p.kind != "steps-missed" for p in patterns)
    increase = any(x > 0 for x in increases)
    if critical and increase:
        return "renew-flat-win-back"
    if f.documented_value < f.arr and increase:
        return "hold-price"
    if "discount" in kinds:
        return "discount"
    return "increase" if increase else "flat"


def _plain(x: Decimal) -> str:
    """Return a figure with at most one decimal, rounded half-up, for a plain sentence."""
    from decimal import ROUND_HALF_UP

    q = x.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(q.quantize(Decimal(1))) if q == q.to_integral_value() else str(q)


def _days(days_left: int) -> str:
    return f"{-days_left} days past the renewal" if days_left < 0 else f"{days_left} days to renewal"
