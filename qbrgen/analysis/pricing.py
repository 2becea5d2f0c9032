"""The renewal's price: the increase, each option's yearly prices and total, the optional expansion.

Pure Decimal arithmetic on the account file; no dates, no formatting.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from qbrgen.account.model import Account

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


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
class ProductLine:
    """One product of the current contract: what it includes, its price today and renewed."""

    product: str
    quantity: Decimal | None  # contracted capacity, when the file gives one
    unit: str | None
    arr: Decimal
    renewed: Decimal  # at the proposed increase


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
    products: tuple[ProductLine, ...] = ()  # what the renewal covers, line by line

    @property
    def flat(self) -> bool:
        """Return True when the renewal keeps today's price."""
        return self.increase == 0


def grow(amount: Decimal, pct: Decimal) -> Decimal:
    return amount * (ONE + pct / HUNDRED)


def renewal_figures(account: Account, arr: Decimal, documented: Decimal) -> Renewal:
    r = account.renewal
    cap = account.contract.uplift_cap_pct
    increase = arr * r.increase_pct / HUNDRED
    expansion = sum((e.arr for e in r.expansion), ZERO)
    options = []
    for opt in r.options:
        yearly = yearly_prices(arr, opt.increase_pct, opt.term_months, opt.price_protection)
        baseline = yearly_prices(arr, r.increase_pct, opt.term_months, protected=False)  # one-year renewals
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
        term_total=sum(yearly_prices(arr, r.increase_pct, account.contract.term_months, False), ZERO),
        products=tuple(ProductLine(p.name, p.capacity.contracted if p.capacity else None,
                                   p.capacity.unit if p.capacity else None, p.arr, grow(p.arr, r.increase_pct))
                       for p in account.contract.products),
    )


def yearly_prices(arr: Decimal, pct: Decimal, term_months: int, protected: bool) -> list[Decimal]:
    """Return the price of each contract year: raised every year, or once and then held when protected.

    A final part year is billed pro rata.
    """
    years = max(1, -(-term_months // 12))
    prices, price = [], arr
    for year in range(years):
        if year == 0 or not protected:
            price = grow(price, pct)
        prices.append(price)
    if term_months % 12:
        prices[-1] = prices[-1] * Decimal(term_months % 12) / 12
    return prices


def as_proposed(account: Account) -> OptionFigure:
    """Return the renewal as proposed (the current term at ``renewal.increase_pct``) priced like an option."""
    arr = sum((p.arr for p in account.contract.products), ZERO)
    r, term = account.renewal, account.contract.term_months
    yearly = yearly_prices(arr, r.increase_pct, term, protected=False)
    total = sum(yearly, ZERO)
    cap = account.contract.uplift_cap_pct
    return OptionFigure("Renewal as proposed", term, r.increase_pct, False, tuple(yearly), total, total, ZERO,
                        cap is not None and r.increase_pct > cap)
