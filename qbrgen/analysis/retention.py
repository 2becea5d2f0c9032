"""Gross and net revenue retention of one account, seeing contraction since the last renewal.

The period is normally the last renewal against the one before it. When today's ARR is below the
ARR of the last renewal, the account has contracted since, and that is the period that counts:
the last renewal against today. Pure: no I/O, no clock.

:func:`trailing` measures the trailing twelve months instead, the figure a finance team reports: ARR
today against ARR twelve months before the as-of date. ARR moves in steps (at a renewal, an upsell, a
downgrade), so the ARR twelve months ago is the last history point at or before that day, never a line
drawn between points: a history recorded every two or three years still gives a twelve-month figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

NRR_TARGET = Decimal("1.20")  # the playbook's target: 120% net revenue retention or more


class _Ratios:
    """Net and gross retention from ``start`` and ``end`` ARR (fields of the dataclasses below)."""

    start: Decimal
    end: Decimal

    @property
    def kept(self) -> Decimal:
        return min(self.start, self.end)

    @property
    def nrr(self) -> Decimal | None:
        return self.end / self.start if self.start else None

    @property
    def grr(self) -> Decimal | None:
        return self.kept / self.start if self.start else None


@dataclass(frozen=True)
class Retention(_Ratios):
    """ARR at the start and end of the period, and what was kept and added."""

    start_date: dt.date
    end_date: dt.date  # the as-of date when the period runs to today
    start: Decimal
    end: Decimal
    contracted: bool  # today's ARR is below the last renewal's

    @property
    def expansion(self) -> Decimal:
        return max(Decimal(0), self.end - self.start)

    @property
    def below_target(self) -> bool:
        return self.nrr is not None and self.nrr < NRR_TARGET


def retention(points: tuple[tuple[dt.date, Decimal], ...], arr: Decimal, as_of: dt.date) -> Retention | None:
    """Return the account's retention over its last period, or None without a period to measure."""
    if points and arr < points[-1][1]:
        return Retention(points[-1][0], as_of, points[-1][1], arr, True)
    if len(points) >= 2:
        return Retention(points[-2][0], points[-1][0], points[-2][1], points[-1][1], False)
    return None


@dataclass(frozen=True)
class Trailing(_Ratios):
    """Net and gross retention over the twelve months to the as-of date."""

    since: dt.date  # twelve months before the as-of date
    point: dt.date  # the history point read as the ARR on ``since`` (the last one at or before it)
    start: Decimal
    end: Decimal  # today's ARR




def year_before(day: dt.date) -> dt.date:
    """Return the same day a year earlier (28 February for 29 February)."""
    return day.replace(year=day.year - 1, day=min(day.day, 28 if day.month == 2 else day.day))


def trailing(points: tuple[tuple[dt.date, Decimal], ...], arr: Decimal, as_of: dt.date) -> Trailing | None:
    """Return retention over the trailing twelve months, or None when no history point is that old."""
    since = year_before(as_of)
    before = [p for p in points if p[0] <= since]
    if not before or before[-1][1] <= 0:
        return None
    point, start = before[-1]
    return Trailing(since, point, start, arr)
