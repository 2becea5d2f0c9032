"""Data too old to be news: a usage series, health scores or contact records that stopped.

A series whose last point is more than two months before the as-of date is stale: a fall in it
is history, not a current churn signal. Pure: no I/O, no clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

STALE_MONTHS = 2


@dataclass(frozen=True)
class Stale:
    """One kind of data (usage, health, contacts) and the day it was last brought up to date."""

    kind: str  # usage | health | contacts
    last: dt.date


def add_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` moved by ``months`` calendar months, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def month_end(month: str) -> dt.date:
    """Return the last day of a month written like 2026-08."""
    year, number = (int(x) for x in month.split("-"))
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def is_stale(last: dt.date, as_of: dt.date) -> bool:
    """Return whether data last updated on ``last`` is more than two months old on ``as_of``."""
    return add_months(last, STALE_MONTHS) < as_of


def stale_data(usage, health, contacts, as_of: dt.date) -> tuple[Stale, ...]:
    """Return the kinds of data that stopped more than two months before ``as_of``, with their last date.

    ``usage`` is ((month, value), ...), ``health`` ((date, score), ...), ``contacts`` the dates of last
    contact; contact records are stale when even the most recent one is old.
    """
    found = []
    if usage and is_stale(month_end(usage[-1][0]), as_of):
        found.append(Stale("usage", month_end(usage[-1][0])))
    if health and is_stale(health[-1][0], as_of):
        found.append(Stale("health", health[-1][0]))
    dates = [d for d in contacts if d is not None]
    if dates and is_stale(max(dates), as_of):
        found.append(Stale("contacts", max(dates)))
    return tuple(found)
