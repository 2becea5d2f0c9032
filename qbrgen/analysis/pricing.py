"""The renewal's price: the increase, each option's yearly prices and total, the optional expansion.

Pure Decimal arithmetic on the account file; no dates, no formatting. Every price a customer sees is a
whole amount of the currency (a deal desk quotes 90,393, not 90,393.02), computed product by product, so a
total is always the sum of the prices shown.

Two judgments live here because they change the price itself: a renewal that lint errs against (value
below the price, a critical churn signal) is held at today's price unless the account file records a
decision to keep the increase; and a product used above its contracted quantity is renewed at the
quantity in use, or carries a separate true-up line.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from qbrgen.account.model import Account, Workspace
from qbrgen.i18n import _

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class OptionFigure:
    name: str
    term_months: int
    increase_pct: Decimal
    price_protection: bool
    yearly: tuple[Decimal, ...]  # price in each year of the term (a final part year pro rata)
    total: Decimal  # total contract value: the sum of ``yearly``
    baseline_total: Decimal  # the same term renewed each year at the one-year price, held
    saving: Decimal  # baseline_total - total (positive: the customer saves)
    over_cap: bool

    @property
    def varies(self) -> bool:
        """Return True when the price is not the same every year, so each year must be shown."""
        return len(set(self.yearly)) > 1


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
    renewed: Decimal  # at the proposed increase, for the quantity renewed
    renewed_quantity: Decimal | None = None  # the quantity in use, when the renewal covers the overage


@dataclass(frozen=True)
class TrueUp:
    """Capacity used above the contract, priced at today's unit price on a line of its own."""

    product: str
    unit: str
    contracted: Decimal
    used: Decimal
    excess: Decimal
    unit_price: Decimal  # today's price per unit per year
    arr: Decimal  # the excess at that price, per year


@dataclass(frozen=True)
class Renewal:
    arr: Decimal
    increase_pct: Decimal  # as proposed to the customer: 0 when held flat
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
    asked_pct: Decimal = ZERO  # renewal.increase_pct as the file sets it
    held: tuple[str, ...] = ()  # why the increase is held flat: below-price, critical-signal, decision
    kept: tuple[str, ...] = ()  # lint's reasons against the increase, overridden by renewal.pricing_decision
    true_ups: tuple[TrueUp, ...] = ()  # overage priced on its own lines
    overage: str = "true-up"  # how overage is renewed: quantity | true-up
    baseline_name: str = ""  # the one-year price a multi-year saving is measured against
    baseline_price: Decimal = ZERO
    shelfware: dict[str, Decimal] | None = None  # owned products used below the workspace's threshold: their use

    @property
    def flat(self) -> bool:
        """Return True when the renewal keeps today's price."""
        return self.increase_pct == 0

    @property
    def discount(self) -> bool:
        """Return True when the renewal lowers the price."""
        return self.increase_pct < 0

    @property
    def recovery(self) -> bool:
        """Return True when the renewal is held flat with a recovery plan instead of the increase asked."""
        return bool(self.held)

    @property
    def true_up(self) -> Decimal:
        return sum((t.arr for t in self.true_ups), ZERO)


def whole(amount: Decimal) -> Decimal:
    """Return ``amount`` rounded half-up to a whole unit of the currency."""
    return amount.quantize(ONE, rounding=ROUND_HALF_UP)


def grow(amount: Decimal, pct: Decimal) -> Decimal:
    """Return ``amount`` raised by ``pct`` percent, as a whole price (unchanged at 0%)."""
    return amount if pct == 0 else whole(amount * (ONE + pct / HUNDRED))


def hold_reasons(account: Account, workspace: Workspace, documented: Decimal, arr: Decimal,
                 critical: tuple[str, ...]) -> tuple[str, ...]:
    """Return why lint errs against the proposed increase: 'below-price', 'critical-signal'; () for none.

    ``critical`` lists the kinds of the open critical churn signals recorded since the contract's start.
    A rule the workspace disables is no reason.
    """
    r = account.renewal
    asks = r.increase_pct > 0 or any(o.increase_pct > 0 for o in r.options)
    if not asks:
        return ()
    off = set(workspace.lint.disable)
    found = []
    if documented < arr and "QBR013" not in off:
        found.append("below-price")
    if critical and "QBR014" not in off:
        found.append("critical-signal")
    return tuple(found)


def overage_choice(account: Account, workspace: Workspace) -> str:
    return account.renewal.overage or workspace.renewal_policy.overage


def renewal_figures(account: Account, arr: Decimal, documented: Decimal, workspace: Workspace | None = None,
                    critical: tuple[str, ...] = ()) -> Renewal:
    from qbrgen.account.model import DEFAULT_WORKSPACE

    workspace = workspace or DEFAULT_WORKSPACE
    r = account.renewal
    cap = account.contract.uplift_cap_pct
    reasons = hold_reasons(account, workspace, documented, arr, critical)
    decision = r.pricing_decision.decision if r.pricing_decision else None
    if decision == "keep-increase":
        held, kept = (), reasons
    elif decision == "hold-flat" and (r.increase_pct > 0 or any(o.increase_pct > 0 for o in r.options)):
        held, kept = reasons or ("decision",), ()
    else:
        held, kept = reasons, ()
    pct = ZERO if held and r.increase_pct > 0 else r.increase_pct
    choice = overage_choice(account, workspace)
    lines, true_ups = _lines(account, pct, choice)
    renewed = sum((x.renewed for x in lines), ZERO)
    today = [_at_quantity(p, choice) for p in account.contract.products]
    extra = sum((t.arr for t in true_ups), ZERO)
    shelf = shelfware(account, workspace)
    offered = () if held else tuple(e for e in r.expansion if e.product not in shelf)
    expansion = sum((e.arr for e in offered), ZERO)
    one_year = next((o for o in r.options if o.term_months == 12), None)
    base_pct = (ZERO if held and one_year.increase_pct > 0 else one_year.increase_pct) if one_year else pct
    base_price = sum((grow(a, base_pct) for a in today), ZERO) + extra
    options = []
    for opt in r.options:
        opt_pct = ZERO if held and opt.increase_pct > 0 else opt.increase_pct
        yearly = tuple(y + _part(extra, opt.term_months, i)
                       for i, y in enumerate(yearly_prices(today, opt_pct, opt.term_months, opt.price_protection)))
        baseline = yearly_prices([base_price], ZERO, opt.term_months, True)
        total, base_total = sum(yearly, ZERO), sum(baseline, ZERO)
        options.append(OptionFigure(opt.name, opt.term_months, opt_pct, opt.price_protection, yearly, total,
                                    base_total, base_total - total, cap is not None and opt_pct > cap))
    increase = renewed - sum((x.arr for x in lines), ZERO) if pct else ZERO
    term = account.contract.term_months
    return Renewal(
        arr=arr,
        increase_pct=pct,
        increase=increase,
        renewed_arr=renewed + extra,
        expansion=expansion,
        new_arr=renewed + extra + expansion,
        documented_value=documented,
        value_to_increase=documented / increase if increase > 0 else None,
        over_cap=cap is not None and pct > cap,
        cap_pct=cap,
        options=tuple(options),
        expansion_lines=tuple(ExpansionLine(e.product, e.unit, e.arr) for e in offered),
        term_months=term,
        term_total=sum(yearly_prices(today, pct, term, False), ZERO)
        + sum((_part(extra, term, i) for i in range(_years(term))), ZERO),
        products=tuple(lines),
        asked_pct=r.increase_pct,
        held=held,
        kept=kept,
        true_ups=tuple(true_ups),
        overage=choice,
        baseline_name=one_year.name if one_year else "",
        baseline_price=base_price,
        shelfware=shelf,
    )


def shelfware(account: Account, workspace: Workspace) -> dict[str, Decimal]:
    """Return the products the customer owns and uses below ``renewal_policy.shelfware_pct``, with their use
    (a fraction): never cross-sold or piloted, an adoption goal instead."""
    limit = workspace.renewal_policy.shelfware_pct / HUNDRED
    return {p.name: p.capacity.used / p.capacity.contracted for p in account.contract.products
            if p.capacity is not None and p.capacity.contracted > 0 and p.capacity.used / p.capacity.contracted < limit}


def _at_quantity(p, choice: str) -> Decimal:
    """Return a product's price today for the quantity the renewal covers (the quantity in use when over)."""
    c = p.capacity
    if choice == "quantity" and c is not None and c.contracted > 0 and c.used > c.contracted:
        return whole(p.arr * c.used / c.contracted)
    return p.arr


def _lines(account: Account, pct: Decimal, choice: str) -> tuple[list[ProductLine], list[TrueUp]]:
    lines, true_ups = [], []
    for p in account.contract.products:
        c = p.capacity
        over = c is not None and c.contracted > 0 and c.used > c.contracted
        if over and choice == "quantity":
            lines.append(ProductLine(p.name, c.contracted, c.unit, p.arr, grow(_at_quantity(p, choice), pct), c.used))
            continue
        lines.append(ProductLine(p.name, c.contracted if c else None, c.unit if c else None, p.arr, grow(p.arr, pct)))
        if over:
            unit_price = p.arr / c.contracted
            true_ups.append(TrueUp(p.name, c.unit, c.contracted, c.used, c.used - c.contracted, unit_price,
                                   whole(unit_price * (c.used - c.contracted))))
    return lines, true_ups


def _years(term_months: int) -> int:
    return max(1, -(-term_months // 12))


def _part(amount: Decimal, term_months: int, year: int) -> Decimal:
    """Return a yearly ``amount`` for contract year ``year`` (from 0): pro rata in a final part year."""
    if term_months % 12 and year == _years(term_months) - 1:
        return whole(amount * Decimal(term_months % 12) / 12)
    return amount


def yearly_prices(arrs, pct: Decimal, term_months: int, protected: bool) -> list[Decimal]:
    """Return the price of each contract year for products priced ``arrs`` today: raised every year, or
    once and then held when protected. Year 1 is each product's renewed price (a whole amount, as the product
    table shows it), summed; each later year is the year before raised by ``pct`` and rounded to a whole
    amount, so a reader can check every year by hand from the one before.

    ``arrs`` may be one amount. A final part year is billed pro rata.
    """
    if isinstance(arrs, Decimal | int):
        arrs = [Decimal(arrs)]
    prices = []
    total = ZERO
    for year in range(_years(term_months)):
        if year == 0:
            total = sum((grow(a, pct) for a in arrs), ZERO)
        elif not protected:
            total = grow(total, pct)
        prices.append(_part(total, term_months, year))
    return prices


def priced_today(account: Account, choice: str) -> Decimal:
    """Return today's annual price of what the renewal covers (at the quantity in use with 'quantity'), the
    amount an option's first year raises."""
    return sum((_at_quantity(p, choice) for p in account.contract.products), ZERO)


def as_proposed(account: Account, renewal: Renewal | None = None) -> OptionFigure:
    """Return the renewal as proposed (the current term at the increase proposed) priced like an option."""
    if renewal is None:
        renewal = renewal_figures(account, sum((p.arr for p in account.contract.products), ZERO), ZERO)
    today = [_at_quantity(p, renewal.overage) for p in account.contract.products]
    term = account.contract.term_months
    yearly = tuple(y + _part(renewal.true_up, term, i)
                   for i, y in enumerate(yearly_prices(today, renewal.increase_pct, term, protected=False)))
    total = sum(yearly, ZERO)
    # TRANSLATORS: the name of the renewal as proposed, shown beside the options of the proposal.
    return OptionFigure(_("Renewal as proposed"), term, renewal.increase_pct, False, yearly, total, total, ZERO,
                        renewal.over_cap)
