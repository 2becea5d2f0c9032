"""The analysed account handed to every later stage: the account, its workspace, its figures and its formatter.

Lint rules, the section builders and the summaries all read one :class:`Context`, made once per build by
:func:`context`, so every figure is computed once and every stage sees the same judgment.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from qbrgen.account.model import Account, Workspace
from qbrgen.analysis.figures import Figures, compute
from qbrgen.analysis.since import Since
from qbrgen.fmt import Formatter

Audience = Literal["customer", "internal"]


@dataclass(frozen=True)
class Context:
    """One account, its workspace, its figures and its formatter, for one build."""

    account: Account
    workspace: Workspace
    figures: Figures
    fmt: Formatter
    as_of: dt.date
    audience: Audience = "customer"
    blocks: tuple[tuple[str, str, int, str], ...] = ()  # the meeting's blocks, once the deck's sections are known
    since: Since | None = None  # what changed since the last review, when the account's history was read

    @property
    def customer(self) -> str:
        return self.account.account.name

    @property
    def vendor_name(self) -> str:
        """Return the vendor's name as documents print it: "" when the workspace does not set one."""
        return self.workspace.vendor.name if "vendor" in self.workspace.model_fields_set else ""

    @property
    def short_review(self) -> bool:
        """Return True for a 30-minute business review instead of the 60-minute executive QBR."""
        qbr = self.account.qbr
        if qbr is not None and qbr.length is not None:
            return qbr.length != 60  # 30 minutes, or a tech-touch account's deck when one is asked for
        small = self.figures.arr < self.workspace.renewal_policy.enterprise_arr
        return small or self.account.account.segment == "smb"

    @property
    def internal(self) -> bool:
        return self.audience == "internal"

    def money(self, amount: Decimal) -> str:
        """Return an exact amount for a sentence: cents only when the amount has them."""
        return self.fmt.table_money([amount])[0]

    def compact(self, amount: Decimal) -> str:
        return self.fmt.compact_money(amount)

    def date(self, value: dt.date) -> str:
        return self.fmt.date(value)

    def measure(self, value: Decimal, unit: str) -> str:
        """Return a value with its unit: '2.1 days', '3.4% of spend'."""
        # a unit in percent is spaced as the locale spaces a percent: 12.5% of spend, 12,5 % der Fälle
        sep = self.fmt.percent_gap if unit.startswith("%") else " "
        return f"{self.fmt.number(value, 2)}{sep}{unit}"


def context(account: Account, workspace: Workspace, as_of: dt.date, audience: Audience = "customer",
            since: Since | None = None) -> Context:
    """Return the build context: figures computed once, and the account's formatter."""
    figures = compute(account, workspace, as_of)
    fmt = Formatter(account.account.locale, account.account.currency, cents=has_cents(account, figures))
    return Context(account, workspace, figures, fmt, as_of, audience, since=since)


def has_cents(account: Account, figures: Figures) -> bool:
    """Return True when any amount the documents price has cents: then every exact amount shows them, so one
    figure is never written 49,920.00 on one page and 49,920 on the next."""
    r = figures.renewal
    amounts = [p.arr for p in account.contract.products] + [o.annual_value for o in account.value
                                                           if o.annual_value is not None]
    amounts += [e.arr for e in r.expansion_lines] + [t.arr for t in r.true_ups] + [r.renewed_arr, r.increase]
    amounts += [y for o in r.options for y in (*o.yearly, o.total, o.saving)]
    return any(a != a.to_integral_value() for a in amounts)
