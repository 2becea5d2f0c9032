"""The renewal's calendar: the internal milestones before the renewal date and the customer's steps to
signature, re-planned from the as-of date so no step is ever dated in the past.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from qbrgen.account.model import Account, Workspace
from qbrgen.account.policy import milestone_days

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

LAPSED_STEP_DAYS = 7  # after a passed renewal date, a week between the remaining steps


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
    offer_until: dt.date | None = None  # the last day of the proposal's offer


def timeline(account: Account, workspace: Workspace, as_of: dt.date) -> Timeline:
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
    steps, term_start = steps_to_signature(renewal, as_of, account.renewal.term_start, account.renewal.valid_until,
                                           days_off(account, as_of))
    signature = next(st.date for st in steps if st.key == "signature")
    return Timeline(renewal, days_left, days_left <= start, days_left < 0, tuple(milestones), steps, signature,
                    term_start, _offer_until(account, workspace, as_of, signature, term_start))


def steps_to_signature(renewal: dt.date, as_of: dt.date, term_start: dt.date | None,
                       offer_until: dt.date | None = None,
                       off: frozenset[dt.date] = frozenset()) -> tuple[tuple[Step, ...], dt.date]:
    """Return the customer's steps to signature, none dated before ``as_of``, and the renewed term's start.

    Far enough ahead, each step keeps its usual distance from the renewal date. Later, what is left is
    compressed between the as-of date and a signature target before the renewal date. After the renewal
    date, the new term starts on ``term_start`` (else the as-of date) and the steps spread over the
    business days up to it, or follow a week apart when it starts at once. An offer valid until an earlier
    day (``offer_until``, not yet passed) brings the steps forward so that signature falls within it. Every
    step before the term starts falls on a business day (no weekend, no public holiday in ``off``), in order.
    """
    keys = [key for _, key in CUSTOMER_STEPS]
    days_left = (renewal - as_of).days
    if days_left < 0:
        start = max(term_start or as_of, as_of)
        if start > as_of:  # signed before the new term starts, the steps spread over the days up to it
            days = _business_days(as_of, start - dt.timedelta(days=1), off) or [as_of]
            dates = [days[(len(days) - 1) * i // 3] for i in range(4)]
        else:
            dates = [as_of + dt.timedelta(days=LAPSED_STEP_DAYS * i) for i in range(4)]
        dates = _within_offer(dates, as_of, offer_until)
        return tuple(Step(d, k) for d, k in zip([*_workdays(dates, as_of, off), start], keys, strict=True)), start
    usual = [renewal - dt.timedelta(days=d) for d, _ in CUSTOMER_STEPS]
    if as_of <= usual[0]:
        dates = usual[:4]
    else:
        sign_by = renewal - dt.timedelta(days=min(30, days_left // 4))
        span = (sign_by - as_of).days
        dates = [max(usual[i], as_of + dt.timedelta(days=span * i // 3)) for i in range(3)] + [sign_by]
    dates = _within_offer(dates, as_of, offer_until)
    return tuple(Step(d, k) for d, k in zip([*_workdays(dates, as_of, off), renewal], keys, strict=True)), renewal


def _within_offer(dates: list[dt.date], as_of: dt.date, offer_until: dt.date | None) -> list[dt.date]:
    """Return the steps brought forward to end by the offer's last day (a lapsed offer is lint's to report)."""
    if offer_until is None or offer_until < as_of or dates[-1] <= offer_until:
        return dates
    span = (offer_until - as_of).days
    return [min(d, as_of + dt.timedelta(days=span * i // (len(dates) - 1))) for i, d in enumerate(dates)]


def business_day(day: dt.date, floor: dt.date, off: frozenset[dt.date] = frozenset()) -> dt.date:
    """Return ``day``, or the business day before it when it falls on a weekend or a day in ``off``; never
    before ``floor`` (then the next business day)."""
    back = day
    while back.weekday() >= 5 or back in off:
        back -= dt.timedelta(days=1)
    if back >= floor:
        return back
    ahead = day
    while ahead.weekday() >= 5 or ahead in off:
        ahead += dt.timedelta(days=1)
    return ahead


def _workdays(dates: list[dt.date], floor: dt.date, off: frozenset[dt.date]) -> list[dt.date]:
    """Return ``dates`` moved to business days, none before ``floor`` and each on or after the one before."""
    out: list[dt.date] = []
    for d in dates:
        d = business_day(d, floor, off)
        out.append(max(d, out[-1]) if out else d)
    return out


def _business_days(first: dt.date, last: dt.date, off: frozenset[dt.date]) -> list[dt.date]:
    span = (last - first).days
    return [d for d in (first + dt.timedelta(days=i) for i in range(span + 1)) if d.weekday() < 5 and d not in off]


def days_off(account: Account, as_of: dt.date) -> frozenset[dt.date]:
    """Return the public holidays of the account's country (the territory of its locale) from the as-of date's
    year to the year after the renewal: steps to signature never fall on them. None for a locale without a
    territory, or a country the holiday calendar does not know."""
    from babel import Locale

    territory = Locale.parse(account.account.locale.replace("-", "_")).territory or ""
    last = max(account.contract.renewal_date, account.renewal.term_start or account.contract.renewal_date)
    return _holidays(territory.upper(), as_of.year, max(as_of.year, last.year) + 1)


@lru_cache(maxsize=64)
def _holidays(country: str, first: int, last: int) -> frozenset[dt.date]:
    if not country.isalpha() or len(country) != 2:
        return frozenset()
    import holidays  # only for a build that plans dates; start-up and validate never pay for it

    try:
        return frozenset(holidays.country_holidays(country, years=range(first, last + 1)))
    except (NotImplementedError, KeyError, AttributeError):
        return frozenset()


def _offer_until(account: Account, workspace: Workspace, as_of: dt.date, signature: dt.date,
                 start: dt.date) -> dt.date:
    """Return the last day of the offer: the account's date, else the later of as-of plus the workspace's
    days and the signature target, so the offer stands through the steps to signature.

    The default never runs past the renewal date, unless that date has already passed; then it never
    runs past a renewed term's later start.
    """
    if account.renewal.valid_until is not None:
        return account.renewal.valid_until
    renewal = account.contract.renewal_date
    until = max(as_of + dt.timedelta(days=workspace.proposal.valid_days), signature)
    if renewal > as_of:
        return min(until, renewal)
    return min(until, start) if start > as_of else until
