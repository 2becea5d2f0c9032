"""Where the headline figures come from: each one as a calculation over account-file fields. Pure.

Covered: ARR, each product's price, documented value per year and each outcome's value, the value multiple,
the increase (amount and percent), the renewal price, the increase against documented value, the optional
expansion and the price with it, the renewal's price over its term, and each option's yearly prices, total
and saving. The other figures (usage, health, capacity, outcomes, dates, quarters, steps, lines) are in
:mod:`qbrgen.analysis.provenance_more`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from qbrgen.account.model import Account
from qbrgen.analysis.figures import Figures

Kind = Literal["money", "multiple", "percent", "number", "date", "quarter", "month", "year"]


@dataclass(frozen=True)
class Term:
    """One account-file field a figure is computed from."""

    path: tuple[str | int, ...]  # ("value", 2, "annual_value")
    value: Decimal | int | bool | None
    kind: str = "money"  # how the value is written: money, percent, months, flag

    @property
    def field(self) -> str:
        out = ""
        if self.path[:1] == ("qbrgen.yaml",):  # the workspace's policy, not the account file
            return "qbrgen.yaml: " + Term(self.path[1:], self.value, self.kind).field
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + part
        return out


@dataclass(frozen=True)
class Traced:
    """A figure, its value, how it is computed (``op``) and the fields it is computed from."""

    id: str
    label: str
    value: Decimal
    kind: Kind
    op: str  # sum | ratio | percent-of | plus | as-written | option
    terms: tuple[Term, ...]
    note: str = ""  # how an option's prices are reached, in words


def _products(account: Account) -> tuple[Term, ...]:
    return tuple(Term(("contract", "products", i, "arr"), p.arr) for i, p in enumerate(account.contract.products))


def traced(account: Account, f: Figures) -> dict[str, Traced]:
    """Return the traced headline figures of ``account`` by id, in a stable order."""
    r = f.renewal
    products = _products(account)
    valued = tuple(Term(("value", i, "annual_value"), o.annual_value) for i, o in enumerate(account.value)
                   if o.annual_value is not None)
    pct = Term(("renewal", "increase_pct"), account.renewal.increase_pct, "percent")
    expansion = tuple(Term(("renewal", "expansion", i, "arr"), e.arr) for i, e in enumerate(account.renewal.expansion))
    out = [
        Traced("arr", "Annual subscription today (ARR)", f.arr, "money", "sum", products),
        Traced("documented-value", "Documented value per year", f.documented_value, "money", "sum", valued),
    ]
    for i, p in enumerate(account.contract.products):
        out.append(Traced(f"product[{i}]", f"{p.name}, per year today", p.arr, "money", "as-written", (products[i],)))
    for i, o in enumerate(account.value):
        if o.annual_value is not None:
            out.append(Traced(f"outcome[{i}]", f"{o.outcome}, value per year", o.annual_value, "money", "as-written",
                              (Term(("value", i, "annual_value"), o.annual_value),)))
    if f.value_multiple is not None:
        out.append(Traced("value-multiple", "Value multiple (documented value over ARR)", f.value_multiple,
                          "multiple", "ratio", valued + products))
    out += [
        Traced("increase-pct", "Increase at renewal, in percent", r.increase_pct, "percent", "as-written", (pct,)),
        Traced("increase", "Increase at renewal, per year", r.increase, "money", "percent-of", (pct, *products)),
        Traced("renewal-price", "Renewed annual subscription", r.renewed_arr, "money", "plus", (pct, *products)),
    ]
    if r.value_to_increase is not None:
        out.append(Traced("value-to-increase", "Documented value against the increase", r.value_to_increase,
                          "multiple", "ratio", valued + (pct, *products)))
    if expansion:
        out += [Traced("expansion", "Optional expansion, per year", r.expansion, "money", "sum", expansion),
                Traced("with-expansion", "Renewal with the optional expansion, per year", r.new_arr, "money", "plus",
                       (pct, *products, *expansion))]
    term = Term(("contract", "term_months"), account.contract.term_months, "months")
    if account.contract.term_months > 12:
        out.append(Traced("renewal-term-total", "Renewal as proposed, over its term", r.term_total, "money", "option",
                          (pct, term, *products), "raised by the increase each contract year"))
    for i, (o, fig) in enumerate(zip(account.renewal.options, r.options, strict=True)):
        base = ("renewal", "options", i)
        terms = (Term((*base, "increase_pct"), o.increase_pct, "percent"),
                 Term((*base, "term_months"), o.term_months, "months"),
                 Term((*base, "price_protection"), o.price_protection, "flag"), *products)
        how = "raised once, then held for the term" if o.price_protection else "raised each contract year"
        for y, price in enumerate(fig.yearly):
            out.append(Traced(f"option[{i}].year[{y + 1}]", f"{o.name}: price in year {y + 1}", price, "money",
                              "option", terms, how))
        out.append(Traced(f"option[{i}].total", f"{o.name}: total contract value", fig.total, "money", "option",
                          terms, how))
        if fig.saving:
            out.append(Traced(f"option[{i}].saving", f"{o.name}: saving against one-year renewals", fig.saving,
                              "money", "option", (*terms, pct),
                              "one-year renewals at renewal.increase_pct over the same term, less the option's total"))
    return {t.id: t for t in out}
