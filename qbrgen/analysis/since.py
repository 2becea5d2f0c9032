"""What changed since the last review: two versions of one account, compared. Pure: no I/O, no clock.

The playbook opens each QBR with what was delivered against what was agreed last time. Goals are matched
by their wording (a goal reworded reads as one dropped and one added), outcomes by their name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from qbrgen.account.model import Account

ZERO = Decimal(0)
GoalState = Literal["met", "moved", "dropped", "open", "added"]


@dataclass(frozen=True)
class GoalChange:
    goal: str
    state: GoalState
    customer_owner: str
    vendor_owner: str
    due: dt.date  # today's date for the goal (the old one when dropped)
    previous_due: dt.date | None  # the date agreed at the last review (None: added since)
    status: str  # today's status (the old one when dropped)


@dataclass(frozen=True)
class OutcomeChange:
    outcome: str
    state: Literal["added", "grown"]
    unit: str
    before: Decimal | None  # the measure at the last review (None: added since)
    current: Decimal
    value_before: Decimal | None  # documented yearly value at the last review
    value: Decimal | None  # documented yearly value today


@dataclass(frozen=True)
class UsageChange:
    metric: str
    start_month: str
    start: Decimal
    end_month: str
    end: Decimal

    @property
    def change(self) -> Decimal | None:
        return (self.end - self.start) / self.start if self.start else None


@dataclass(frozen=True)
class Since:
    """The account at the last review against the account today."""

    date: dt.date  # the last review
    commit: str
    goals: tuple[GoalChange, ...]
    outcomes: tuple[OutcomeChange, ...]
    usage: UsageChange | None
    documented_before: Decimal
    documented_now: Decimal
    stakeholders_gone: tuple[str, ...] = ()  # internal: never printed in a customer document
    stakeholders_new: tuple[str, ...] = ()

    def of(self, state: str) -> tuple[GoalChange, ...]:
        return tuple(g for g in self.goals if g.state == state)

    @property
    def reviewed(self) -> tuple[GoalChange, ...]:
        """The goals agreed at the last review and open then: what this review reports on."""
        return tuple(g for g in self.goals if g.state != "added")


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _better(before: Decimal, now: Decimal, better: str) -> bool:
    return now < before if better == "lower" else now > before


def compare(before: Account, now: Account, date: dt.date, commit: str, as_of: dt.date) -> Since:
    """Return what changed between ``before`` (the account at the last review, on ``date``) and ``now``."""
    current = {_key(g.goal): g for g in now.success_plan}
    earlier = {_key(g.goal): g for g in before.success_plan}
    goals: list[GoalChange] = []
    for key, old in earlier.items():
        if old.status == "done":
            continue  # met before the last review: reported then
        new = current.get(key)
        if new is None:
            goals.append(GoalChange(old.goal, "dropped", old.customer_owner, old.vendor_owner, old.due, old.due,
                                    old.status))
            continue
        state: GoalState = "met" if new.status == "done" else "moved" if new.due != old.due else "open"
        goals.append(GoalChange(new.goal, state, new.customer_owner, new.vendor_owner, new.due, old.due, new.status))
    for key, new in current.items():
        if key not in earlier and new.status != "done":
            goals.append(GoalChange(new.goal, "added", new.customer_owner, new.vendor_owner, new.due, None,
                                    new.status))
    order = {"met": 0, "moved": 1, "dropped": 2, "open": 3, "added": 4}
    goals.sort(key=lambda g: (order[g.state], g.due, g.goal))

    old_outcomes = {_key(o.outcome): o for o in before.value}
    outcomes: list[OutcomeChange] = []
    for o in now.value:
        old = old_outcomes.get(_key(o.outcome))
        if old is None:
            outcomes.append(OutcomeChange(o.outcome, "added", o.unit, None, o.current, None, o.annual_value))
        elif (o.annual_value or ZERO) > (old.annual_value or ZERO) or (
                o.unit == old.unit and _better(old.current, o.current, o.better)):
            outcomes.append(OutcomeChange(o.outcome, "grown", o.unit, old.current, o.current, old.annual_value,
                                          o.annual_value))
    outcomes.sort(key=lambda c: (c.state != "added", -(c.value or ZERO), c.outcome))

    people_before = {p.name for p in before.stakeholders}
    people_now = {p.name for p in now.stakeholders}
    return Since(
        date=date, commit=commit, goals=tuple(goals), outcomes=tuple(outcomes),
        usage=_usage(before, now, date, as_of),
        documented_before=sum((o.annual_value or ZERO for o in before.value), ZERO),
        documented_now=sum((o.annual_value or ZERO for o in now.value), ZERO),
        stakeholders_gone=tuple(sorted(people_before - people_now)),
        stakeholders_new=tuple(sorted(people_now - people_before)),
    )


def _usage(before: Account, now: Account, date: dt.date, as_of: dt.date) -> UsageChange | None:
    """Return the usage metric from the last month known at the last review to the latest month known today."""
    if now.usage is None:
        return None
    series = {m: v for m, v in now.usage.monthly.items() if m <= f"{as_of:%Y-%m}"}
    if not series:
        return None
    known = sorted(before.usage.monthly) if before.usage and before.usage.metric == now.usage.metric else []
    start = next((m for m in reversed(known) if m in series), None)
    if start is None:  # the metric was not tracked then: the month of the review in today's series
        start = max((m for m in series if m <= f"{date:%Y-%m}"), default=None)
    end = max(series)
    if start is None or start >= end:
        return None
    return UsageChange(now.usage.metric, start, series[start], end, series[end])
