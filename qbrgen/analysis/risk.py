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

from qbrgen.analysis.said import Said, text
from qbrgen.fmt import Formatter
from qbrgen.i18n import N_, _, ngettext

SEVERITY_POINTS = {"critical": 40, "high": 20, "medium": 8, "low": 2}
SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}
VERDICTS = ("critical", "at-risk", "watch", "on-track")
# Shown in the internal deal-review deck (translated there) and in the book (English): mark, translate at use.
VERDICT_TEXT = {"critical": N_("Critical"), "at-risk": N_("At risk"), "watch": N_("Watch"),
                "on-track": N_("On track")}
# The steps that should have happened by now; the English text is also the book's CSV value (steps_missed).
STEP_DAYS = ((120, N_("proposal not shared")), (60, N_("legal and procurement review not started")))
SIZE_FLOOR = Decimal(10000)
TIME_MIN, TIME_MAX = Decimal("0.5"), Decimal(6)

SIGNAL_KINDS = ("sponsor-left", "competitor-evaluation", "vendor-rationalization", "usage-decline",
                "data-export-request", "economic-buyer-silent", "api-docs-request", "meeting-cancelled",
                "ticket-sentiment", "health-falling", "no-executive-at-qbr")
KINDS = ("renewal-lapsed", *SIGNAL_KINDS, "value-below-price", "steps-missed", "contraction", "stale-data",
         "single-threaded", "no-c-level", "discount", "champion-departed", "economic-buyer-departed",
         "wrong-owner", "critical-risk")
LABEL = {
    "renewal-lapsed": N_("Renewal date passed, contract not renewed"),
    "sponsor-left": N_("Executive sponsor left"),
    "competitor-evaluation": N_("Competitor under evaluation"),
    "vendor-rationalization": N_("Vendor consolidation review"),
    "usage-decline": N_("Usage falling"),
    "data-export-request": N_("Unusual data export request"),
    "economic-buyer-silent": N_("Economic buyer out of contact"),
    "api-docs-request": N_("Unusual API documentation request"),
    "meeting-cancelled": N_("Meetings or QBRs cancelled"),
    "ticket-sentiment": N_("Hostile support tickets"),
    "health-falling": N_("Health score falling"),
    "no-executive-at-qbr": N_("No executive invited to the QBR"),
    "value-below-price": N_("Increase proposed on value below the price"),
    "steps-missed": N_("Renewal steps missed"),
    "contraction": N_("ARR contracted"),
    "stale-data": N_("Stale data"),
    "single-threaded": N_("Single-threaded"),
    "no-c-level": N_("No C-level relationship (enterprise)"),
    "discount": N_("Discount proposed"),
    "champion-departed": N_("Champion left, nobody in the role"),
    "economic-buyer-departed": N_("Economic buyer left, nobody in the role"),
    "wrong-owner": N_("Renewal owned by the CSM (CURE)"),
    "critical-risk": N_("Critical risk in the register"),
}
ACTION = {
    "renewal-lapsed": N_("escalate today and get the paper signed"),
    "sponsor-left": N_("meet the successor within two weeks and sell the value again"),
    "competitor-evaluation": N_("set up an executive-to-executive meeting and map who decides"),
    "vendor-rationalization": N_("put the documented value in front of whoever runs the review"),
    "usage-decline": N_("find the cause with the champion and run an adoption plan"),
    "data-export-request": N_("ask why, openly, and bring the sponsor in the same week"),
    "economic-buyer-silent": N_("book time with the economic buyer this month"),
    "api-docs-request": N_("ask what they are building and offer help"),
    "meeting-cancelled": N_("reset the meeting cadence with the sponsor"),
    "ticket-sentiment": N_("review the open tickets with support, then call the sponsor"),
    "health-falling": N_("review what drives the score with the CSM"),
    "no-executive-at-qbr": N_("ask the champion to bring their leadership to the QBR"),
    "value-below-price": N_("hold the price and agree what to measure before the next renewal"),
    "steps-missed": N_("share the proposal this week and book the legal review"),
    "contraction": N_("find what was dropped and why before pricing the renewal"),
    "stale-data": N_("refresh the data from its source before the review"),
    "single-threaded": N_("build a second working relationship at director level or above"),
    "no-c-level": N_("get an executive sponsor at C-level through the champion"),
    "discount": N_("have the discount approved and trade it for term or commitment"),
    "champion-departed": N_("find and win a new champion"),
    "economic-buyer-departed": N_("find who signs now and meet them"),
    "wrong-owner": N_("hand the renewal to an account manager; keep the CSM on adoption"),
    "critical-risk": N_("work the mitigation with its owner this week"),
}
PRICING_TEXT = {
    "renew-flat-win-back": N_("Renew flat: win the account back before asking for more; no increase while the "
                           "account is critical."),
    "hold-price": N_("Hold the price: documented value is below what the customer pays, so renew flat and agree "
                  "what to measure before the next renewal."),
    "discount": N_("A discount is on the table: have it approved, and trade it for a longer term or a commitment."),
    "increase": N_("Propose the increase, framed on the documented value."),
    "flat": N_("Renew at today's price."),
}


@dataclass(frozen=True)
class Pattern:
    kind: str
    severity: str
    parts: tuple[Said | str, ...] = ()  # plain words, no amounts: names, days, counts; str: the account's own

    @property
    def detail(self) -> str:
        """Return what was found, in the document's language (the account's own notes as written)."""
        return text(self.parts)

    @property
    def label(self) -> str:
        return _(LABEL[self.kind])

    @property
    def text(self) -> str:
        # TRANSLATORS: a risk pattern in the internal deal-review deck: its name, then what was found.
        return _("{pattern}: {detail}", pattern=self.label, detail=self.detail) if self.detail else self.label

    @property
    def action(self) -> str:
        return _(ACTION[self.kind])


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
        return _(VERDICT_TEXT[self.verdict])

    @property
    def pricing_text(self) -> str:
        """Return the pricing decision as a sentence in the document's language."""
        return _(PRICING_TEXT[self.pricing])


def assess(account, workspace, f) -> Radar:
    """Return the radar of ``account`` from its figures ``f`` (see the module's docstring)."""
    found: list[Pattern] = []
    tl = f.timeline
    fmt = Formatter(account.account.locale, account.account.currency)
    if tl.overdue:
        late = -tl.days_left
        found.append(Pattern("renewal-lapsed", "critical", (Said(lambda: ngettext(
            "{count} day past the renewal date", "{count} days past the renewal date", late,
            count=fmt.count(late))),)))
    by_kind: dict[str, list] = {}
    for s in f.signals:
        by_kind.setdefault(s.kind, []).append(s)
    for kind, signals in by_kind.items():
        notes = tuple(dict.fromkeys(s.said or s.note for s in signals if s.note))
        found.append(Pattern(kind, signals[0].severity, notes))
    increases = [x for x in (account.renewal.increase_pct, *(o.increase_pct for o in account.renewal.options))]
    if any(x > 0 for x in increases) and f.documented_value < f.arr:
        multiple = f.value_multiple if f.value_multiple is not None else Decimal(0)
        found.append(Pattern("value-below-price", "high", (Said(lambda: _(
            # TRANSLATORS: {multiple} is a plain number like 0.8: documented value divided by the ARR.
            "documented value is {multiple}x the ARR and an increase is proposed",
            multiple=fmt.number(multiple, 1))),)))
    done = set(account.renewal.milestones_done)
    missed = tuple(what for days, what in STEP_DAYS if tl.days_left <= days and days not in done)
    if missed:
        severe = "critical" if tl.days_left <= 60 and STEP_DAYS[0][1] in missed else "high"
        found.append(Pattern("steps-missed", severe, (Said(lambda: _(
            # TRANSLATORS: {steps} lists the missed steps ("proposal not shared; legal and procurement review
            # not started"), {days} says how close the renewal is ("45 days to renewal").
            "{steps} ({days})", steps="; ".join(_(m) for m in missed), days=_days(tl.days_left, fmt))),)))
    contraction = _contraction(f)
    if contraction:
        found.append(Pattern("contraction", "high", (contraction,)))
    if f.stale:
        found.append(Pattern("stale-data", "medium", tuple(STALE[s.kind] for s in f.stale if s.kind in STALE)))
    cov = f.coverage
    if not account.stakeholders or cov.single_threaded:
        working, champion = ", ".join(cov.working), cov.champion
        if "one-relationship" not in cov.gaps:
            who = Said(lambda: _("nobody senior could carry the account if {champion} left", champion=champion))
        elif not cov.working:
            who = Said(lambda: _("no working relationship"))
        elif len(cov.working) == 1:
            who = Said(lambda: _("one working relationship only ({names})", names=working))
        else:
            who = ""
        found.append(Pattern("single-threaded", "high", (who,)))
    if account.account.segment == "enterprise" and "no-c-level" in cov.gaps:
        found.append(Pattern("no-c-level", "high", (Said(lambda: _("no working C-level relationship")),)))
    discounts = [x for x in increases if x < 0]
    if discounts:
        off = -min(discounts)
        found.append(Pattern("discount", "medium", (Said(lambda: _(
            # TRANSLATORS: {percent} is a percentage like 5%.
            "{percent} off today's price", percent=fmt.pct(off))),)))
    present_roles = {p.role for p in account.stakeholders if p.name not in {d[0] for d in cov.departed}}
    for role, kind in (("champion", "champion-departed"), ("economic-buyer", "economic-buyer-departed")):
        gone = ", ".join(name for name, r, _day in cov.departed if r == role)
        if gone and role not in present_roles:
            severity = "critical" if role == "champion" else "high"
            found.append(Pattern(kind, severity, (Said(lambda gone=gone: _(
                # TRANSLATORS: {names} are the people who left, separated by commas.
                "{names} left; nobody is named in the role", names=gone)),)))
    a = account.account
    if (workspace.company_stage != "early" and a.csm
            and " ".join(a.owner.casefold().split()) == " ".join(a.csm.casefold().split())):
        owner = a.owner
        found.append(Pattern("wrong-owner", "high", (Said(lambda: _(
            "{owner} is both the CSM and the renewal owner", owner=owner)),)))
    critical_risks = tuple(r.risk for r in f.risks if r.severity == "critical")  # the account's own words
    if critical_risks:
        found.append(Pattern("critical-risk", "critical", critical_risks))

    patterns = tuple(sorted(found, key=lambda p: (SEVERITY_RANK[p.severity], KINDS.index(p.kind))))
    arr, converted = _arr(account, workspace, f.arr)
    points = sum(SEVERITY_POINTS[p.severity] for p in patterns)
    return Radar(patterns, tl.days_left, arr, converted, points, _time(tl.days_left, tl.overdue), _size(arr),
                 _verdict(patterns, tl.days_left), missed, _pricing(patterns, increases, f))


STALE = {"usage": Said(lambda: _("usage not updated for more than two months")),
         "health": Said(lambda: _("health not updated for more than two months")),
         "contacts": Said(lambda: _("contacts not updated for more than two months"))}


def _contraction(f) -> Said | str:
    r, t = f.retention, f.trailing
    if r is not None and r.contracted:
        return Said(lambda: _("ARR today is below the ARR of the last renewal"))
    if t is not None and t.end < t.start:
        return Said(lambda: _("ARR today is below the ARR twelve months ago"))
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


def _days(days_left: int, fmt: Formatter) -> str:
    if days_left < 0:
        return ngettext("{count} day past the renewal", "{count} days past the renewal", -days_left,
                        count=fmt.count(-days_left))
    return ngettext("{count} day to renewal", "{count} days to renewal", days_left, count=fmt.count(days_left))
