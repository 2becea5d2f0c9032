"""The renewal's calendar: the internal milestones before the renewal date and the customer's steps to
signature, re-planned from the as-of date so no step is ever dated in the past.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from qbrgen.account.model import Account, Workspace
from qbrgen.account.policy import milestone_days
from qbrgen.i18n import N_, _

# The internal renewal timeline's milestones (the deal-review deck, the proposal's timeline table, calendar
# invitations), by days before the renewal date: marked here, translated where a document prints them.
MILESTONE_STEPS = {
    180: N_("Internal deal review: health, risks and expansion"),
    150: N_("Executive alignment: confirm value, surface concerns"),
    120: N_("Share the renewal proposal with pricing and options"),
    90: N_("Work through questions and agree terms"),
    60: N_("Legal and procurement review"),
    30: N_("Target date for signature"),
    0: N_("Contract signed and in force"),
}

# The steps the customer takes part in, from sharing the proposal to the renewed term.
CUSTOMER_STEPS = ((120, "proposal"), (90, "terms"), (60, "legal"), (30, "signature"), (0, "start"))

QUESTIONS_DAYS = 5  # business days to work through the customer's questions and agree the terms
# Business days of the customer's legal and procurement review, by contract size (ARR from which it applies):
# a small order clears in a week, a mid-sized one in two, an enterprise contract in three. A workspace sets
# its own with renewal_policy.review_days; the enterprise tier starts at renewal_policy.enterprise_arr.
REVIEW_DAYS = ((0, 5), (25000, 10), (None, 15))


@dataclass(frozen=True)
class Milestone:
    days_before: int
    date: dt.date
    step_id: str  # the English step (a value of MILESTONE_STEPS)
    status: str  # passed | current | upcoming | overdue

    @property
    def step(self) -> str:
        """Return the step in the language of the document being written."""
        return _(self.step_id)


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
    term_start: dt.date | None = None  # when the renewed term starts
    offer_until: dt.date | None = None  # the last day of the proposal's offer
    renewed_on: dt.date | None = None  # an auto-renewing contract renewed itself on this date (the file's date)
    backdated: bool = False  # a lapsed renewal whose new term starts on the old renewal date
    review_days: int = 10  # business days of the customer's legal and procurement review
    signature_by_review: bool = False  # the signature target is as early as the review allows, not the usual date


def review_days(workspace: Workspace, arr) -> int:
    """Return the business days of legal and procurement review for a contract of ``arr`` a year."""
    tiers = [(t.from_arr, t.days) for t in workspace.renewal_policy.review_days] or [
        (workspace.renewal_policy.enterprise_arr if f is None else f, d) for f, d in REVIEW_DAYS]
    return max((t for t in tiers if arr >= t[0]), key=lambda t: t[0], default=tiers[0])[1]


def add_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` ``months`` later, on the last day of a shorter month."""
    import calendar

    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def current_renewal(account: Account, as_of: dt.date) -> tuple[dt.date, dt.date | None]:
    """Return the renewal ahead and, for an auto-renewing contract whose renewal date has passed, the date it
    renewed itself on: such a contract is in a new term, and its next renewal is one term later."""
    renewal = account.contract.renewal_date
    if not account.contract.auto_renew or renewal >= as_of or account.renewal.term_start is not None:
        return renewal, None
    last = renewal
    while renewal < as_of:
        last, renewal = renewal, add_months(renewal, account.contract.term_months)
    return renewal, last


def timeline(account: Account, workspace: Workspace, as_of: dt.date) -> Timeline:
    renewal, renewed_on = current_renewal(account, as_of)
    start = workspace.renewal_policy.start_days_before
    days = milestone_days(workspace)
    days_left = (renewal - as_of).days
    review = review_days(workspace, sum((p.arr for p in account.contract.products), 0))
    steps, term_start = steps_to_signature(renewal, as_of, account.renewal.term_start, account.renewal.valid_until,
                                           days_off(account, as_of, workspace), review)
    planned = {st.key: st.date for st in steps}
    milestones = []
    for i, d in enumerate(days):
        date = renewal - dt.timedelta(days=d)
        step = MILESTONE_STEPS.get(d, MILESTONE_STEPS[180])
        if d == 0:
            status = "overdue" if days_left < 0 else ("current" if days_left == 0 else "upcoming")
        else:
            next_date = renewal - dt.timedelta(days=days[i + 1])
            status = "upcoming" if as_of < date else ("current" if as_of < next_date else "passed")
        key = {60: "legal", 30: "signature"}.get(d)
        if key and status != "passed" and days_left >= 0:  # one date for each step, in every document
            date = planned[key]
        milestones.append(Milestone(d, date, step, status))
    signature = planned["signature"]
    backdated = term_start < as_of
    usual = business_day(renewal - dt.timedelta(days=30), as_of, days_off(account, as_of, workspace))
    return Timeline(renewal, days_left, days_left <= start, days_left < 0, tuple(milestones), steps, signature,
                    term_start, _offer_until(account, workspace, as_of, signature, term_start, renewal), renewed_on,
                    backdated, review, signature != usual)


def steps_to_signature(renewal: dt.date, as_of: dt.date, term_start: dt.date | None,
                       offer_until: dt.date | None = None,
                       off: frozenset[dt.date] = frozenset(), review: int = 10) -> tuple[tuple[Step, ...], dt.date]:
    """Return the customer's steps to signature in date order, none before ``as_of`` (but a back-dated start),
    and the renewed term's start.

    The proposal is shared on the as-of date: a proposal never announces itself for later. The questions
    take a week, and the legal and procurement review ``review`` business days before signature. Far enough
    ahead, agreeing the terms, the review and the signature keep their usual distance from the renewal date
    (90, 60 and 30 days before); later, they follow each other as fast as that allows, signature after the
    renewal date if it must. After the renewal date, the new term starts on ``term_start`` (back-dated when it
    is the old renewal date, covering the days already used; never before signature otherwise), else on
    the business day after signature. An offer valid until an earlier day (``offer_until``, not yet passed)
    brings the steps forward so that signature falls within it. Every step before the term starts falls on
    a business day (no weekend, no day in ``off``), but for the proposal, dated as the document is.
    """
    keys = [key for _days, key in CUSTOMER_STEPS]
    first = business_day(as_of, as_of, off)
    terms_e = add_business_days(first, QUESTIONS_DAYS, off)
    legal_e = add_business_days(terms_e, 1, off)
    sign_e = add_business_days(legal_e, review, off)
    if renewal >= as_of:
        usual = [business_day(renewal - dt.timedelta(days=d), as_of, off) for d, _key in CUSTOMER_STEPS[:4]]
        signature = max(sign_e, usual[3])
        legal = max(legal_e, min(usual[2], add_business_days(signature, -review, off)))
        terms = max(terms_e, min(usual[1], add_business_days(legal, -1, off)))
        dates = _within_offer([first, terms, legal, signature], as_of, offer_until)
        dates = [as_of, *_workdays(dates, as_of, off)[1:]]  # the proposal is shared on its own date
        steps = [Step(d, k) for d, k in zip([*dates, renewal], keys, strict=True)]
        return tuple(sorted(steps, key=lambda st: st.date)), renewal  # late, signature may follow the renewal
    dates = _workdays(_within_offer([first, terms_e, legal_e, sign_e], as_of, offer_until), as_of, off)
    dates = [as_of, *dates[1:]]  # the proposal is shared on its own date, even a weekend's
    if term_start is not None and term_start <= renewal:  # back-dated to the old renewal date: said plainly
        start = term_start
    elif term_start is not None:
        start = max(term_start, dates[-1])
    else:
        start = add_business_days(dates[-1], 1, off)
    steps = [Step(d, k) for d, k in zip([*dates, start], keys, strict=True)]
    return tuple(sorted(steps, key=lambda st: st.date)), start


def add_business_days(day: dt.date, n: int, off: frozenset[dt.date] = frozenset()) -> dt.date:
    """Return the date ``n`` business days after ``day`` (before it, for a negative ``n``)."""
    step = dt.timedelta(days=1 if n >= 0 else -1)
    left = abs(n)
    while left:
        day += step
        if day.weekday() < 5 and day not in off:
            left -= 1
    return day


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


def days_off(account: Account, as_of: dt.date, workspace: Workspace | None = None) -> frozenset[dt.date]:
    """Return the public holidays of the account's country (the territory of its locale) and the workspace's
    own closed days (``working_calendar.closed``) from the as-of date's year to the year after the renewal:
    steps to signature never fall on them. No holidays for a locale without a territory, or a country the
    holiday calendar does not know."""
    from babel import Locale

    territory = Locale.parse(account.account.locale.replace("-", "_")).territory or ""
    renewal, _renewed = current_renewal(account, as_of)
    last = max(renewal, account.renewal.term_start or renewal)
    years = (as_of.year, max(as_of.year, last.year) + 1)
    closed = closed_days(workspace.working_calendar.closed, *years) if workspace is not None else frozenset()
    return _holidays(territory.upper(), *years) | closed


def closed_days(entries, first: int, last: int) -> frozenset[dt.date]:
    """Return the days ``working_calendar.closed`` names between the years ``first`` and ``last``: a date, a
    range of dates, or a month-day range that recurs every year (12-24..12-31)."""
    out: set[dt.date] = set()
    for entry in entries:
        lo, _sep, hi = entry.partition("..")
        hi = hi or lo
        years = [None] if len(lo) == 10 else range(first, last + 1)
        for year in years:
            try:
                a = dt.date.fromisoformat(lo if year is None else f"{year}-{lo}")
                b = dt.date.fromisoformat(hi if len(hi) == 10 else f"{a.year}-{hi}")
            except ValueError:
                continue
            if b < a:  # 12-28..01-03 runs over the new year
                b = dt.date(b.year + 1, b.month, b.day)
            out.update(a + dt.timedelta(days=i) for i in range((b - a).days + 1))
    return frozenset(out)


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
                 start: dt.date, renewal: dt.date) -> dt.date:
    """Return the last day of the offer: the account's date, else the later of as-of plus the workspace's
    days and the signature target, so the offer stands through the steps to signature.

    The default never runs past the renewal date (unless signature itself falls after it), unless that date
    has already passed; then it never runs past a renewed term's later start.
    """
    if account.renewal.valid_until is not None:
        return account.renewal.valid_until
    until = max(as_of + dt.timedelta(days=workspace.proposal.valid_days), signature)
    if renewal > as_of:
        return max(min(until, renewal), signature)
    return max(min(until, start), signature) if start > as_of else until
