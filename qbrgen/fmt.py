"""Numbers, money, percentages and dates written in the account's locale (Babel).

Money is rounded half-up to the currency's own precision (0 places for JPY, 2 for USD, 3 for
BHD) only here, when it is written; figures stay exact until then.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, localcontext

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import (
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
    parse_pattern,
)

# Rounding needs room for every digit of a large ratio (a growth from 0.01 to 10^13 is 10^17 %), which
# the default 28 digits lack; the model keeps inputs finite and bounded, so 80 digits always suffice.
_WIDE = Context(prec=80)
COMPACT_FROM = 10_000  # below this, an amount is written exactly: £4,944 (or £4,943.80), not £4.9K
NBSP = "\u00a0"


class Formatter:
    """Write figures for one locale and one currency."""

    def __init__(self, locale: str, currency: str, cents: bool | None = None):
        """``cents``: write every exact amount with cents (True) or in whole units (False), so one amount
        reads the same on every page; None decides table by table."""
        self.cents = cents
        self.locale = Locale.parse(locale)
        self.currency = currency
        self.places = get_currency_precision(currency)
        self._quantum = Decimal(1).scaleb(-self.places)

    def round_money(self, amount: Decimal) -> Decimal:
        """Return ``amount`` rounded half-up to the currency's precision (never a negative zero)."""
        return _unsigned_zero(amount.quantize(self._quantum, rounding=ROUND_HALF_UP, context=_WIDE))

    def money(self, amount: Decimal) -> str:
        """Return an amount with its currency, like $400,000.00 or 400.000,00 €."""
        with localcontext(_WIDE):
            return format_currency(self.round_money(amount), self.currency, locale=self.locale,
                                   currency_digits=True, decimal_quantization=True)

    def whole_money(self, amount: Decimal) -> str:
        """Return an amount rounded to whole units, like $400,000 or 12.000 €."""
        pattern = parse_pattern(self.locale.currency_formats["standard"].pattern)
        pattern.frac_prec = (0, 0)
        return pattern.apply(_half_up(amount, 0), self.locale, currency=self.currency, currency_digits=False)

    def table_money(self, amounts) -> tuple[str, ...]:
        """Return exact amounts for one table: with cents only when some amount in it has cents."""
        rounded = [self.round_money(a) for a in amounts]
        cents = self.cents if self.cents is not None else any(a != a.to_integral_value() for a in rounded)
        if cents and self.places:
            return tuple(self.money(a) for a in rounded)
        return tuple(self.whole_money(a) for a in rounded)

    def compact_money(self, amount: Decimal) -> str:
        """Return a short amount for headline cards and chart labels, like $1.2M, $400K or 1,2 Mio. €.

        Where the locale has no short form for an amount's size (German thousands), it is written
        in whole units instead.
        """
        if abs(amount) < COMPACT_FROM:  # £4,944 reads better than £4.9K; £4,943.80 as the table writes it
            return self.table_money([amount])[0]
        pattern = self._compact_pattern(amount)
        if pattern is not None:  # round as the short form will, so $999,999 reads $1M, not $1000K
            shift = _digits(amount) - pattern.pattern.count("0")
            amount = _half_up(amount.scaleb(-shift), 1).scaleb(shift)
            pattern = self._compact_pattern(amount)
        if pattern is None:  # no short form: the exact amount, written as every table writes it
            return self.table_money([amount])[0] if self.cents else self.whole_money(amount)
        return format_compact_currency(amount, self.currency, locale=self.locale, fraction_digits=1)

    def _compact_pattern(self, amount: Decimal):
        digits = _digits(amount)
        formats = self.locale.compact_currency_formats.get("short", {}).get("other", {})
        pattern = formats.get("1" + "0" * (min(digits, 15) - 1)) if digits >= 4 else None
        return pattern if pattern is not None and pattern.pattern.strip("0¤\u00a0 ") else None

    def points(self, change: Decimal) -> str:
        """Return a change between two percentages in percentage points, like +2.2 points."""
        sign = "+" if change > 0 else ("−" if change < 0 else "")
        unit = "point" if abs(_half_up(change, 1)) == 1 else "points"
        return f"{sign}{self.number(abs(change), 1)} {unit}"
    def money_headline(self, amount: Decimal) -> str:
        """Return an amount for a headline, short and whole: $1.2M, $420K, 1,2 Mio. €, or 420.000 € where
        the locale has no short form for it. An amount too small to shorten is written exactly (cents only
        when it has them), as the table beside the headline writes it: never 2.957 € over a 2.956,80 €."""
        if abs(amount) < COMPACT_FROM:
            return self.table_money([amount])[0]
        amount = amount.to_integral_value(rounding=ROUND_HALF_UP)
        text = format_compact_currency(amount, self.currency, locale=self.locale, fraction_digits=1)
        whole = str(abs(int(amount)))
        if len(whole) > 3 and "".join(ch for ch in text if ch.isdigit()) != whole:
            return text
        pattern = self.locale.currency_formats["standard"].pattern.split(";")[0]
        pattern = pattern.replace(".00", "").replace(".##", "")
        return format_currency(amount, self.currency, format=pattern, locale=self.locale, currency_digits=False)

    def number(self, value: Decimal, places: int = 1) -> str:
        """Return a plain number with up to ``places`` decimals, like 8,900,000 or 2.1."""
        pattern = "#,##0" + ("." + "#" * places if places else "")
        with localcontext(_WIDE):
            return format_decimal(_half_up(value, places), format=pattern, locale=self.locale)

    def count(self, n: int) -> str:
        """Return a count of things grouped as the locale groups digits: 1,971 (1.971 in German)."""
        return self.number(Decimal(n), 0)

    def percent(self, fraction: Decimal, places: int = 1) -> str:
        """Return a fraction as a percentage, like 92.4%."""
        pattern = "#,##0" + ("." + "#" * places if places else "") + "%"
        with localcontext(_WIDE):
            return format_percent(_half_up(fraction * 100, places) / 100, format=pattern, locale=self.locale)

    def pct(self, percent: Decimal, places: int = 1) -> str:
        """Return a value already in percent (5 means 5%), like 5%."""
        return self.percent(percent / 100, places)

    def multiple(self, value: Decimal) -> str:
        """Return a multiple like 3×, 3.4× or 0.75×.

        Below 1 it keeps two decimals rounded down, so 0.75 reads 0.75× (never 0.8×) and 0.999 never
        reads 1×; from 1 up, one decimal rounded half-up as a finance team rounds (3.25 reads 3.3×, 3.365 3.4×).
        """
        if abs(value) < 1:
            down = value.quantize(Decimal("0.01"), rounding=ROUND_DOWN, context=_WIDE)
            return self.number(down, 2) + "×"
        up = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP, context=_WIDE)
        return self.number(up, 1) + "×"

    def month(self, month: str) -> str:
        """Return a month given as 2026-01 the way people write it: Jan 2026 (Jan. 2026 in German)."""
        year, number = (int(p) for p in month.split("-"))
        return unbroken(format_date(dt.date(year, number, 1), "MMM y", locale=self.locale))

    def quarter(self, quarter: str) -> str:
        """Return a quarter given as 2027-Q1 the way people write it: Q1 2027, never broken across lines."""
        year, number = quarter.split("-Q")
        return unbroken(format_date(dt.date(int(year), 3 * int(number) - 2, 1), "QQQ y", locale=self.locale))

    def date(self, value: dt.date, style: str = "medium") -> str:
        """Return a date like Jan 15, 2027 (in the locale's own order)."""
        return format_date(value, format=style, locale=self.locale)

    def time(self, value: dt.datetime | dt.time) -> str:
        """Return a clock time like 2:00 PM or 14:00."""
        return format_time(value, format="short", locale=self.locale)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return a count with its noun, like '1 outcome' or '3 outcomes'."""
    return f"{count} {singular if count == 1 else plural_form or singular + 's'}"


def unbroken(text: str) -> str:
    """Return ``text`` with no-break spaces, so a line never ends inside it (a date, a phone number)."""
    return text.replace(" ", NBSP)


def _digits(amount: Decimal) -> int:
    return len(str(abs(int(_half_up(amount, 0))))) if amount else 1


def _unsigned_zero(value: Decimal) -> Decimal:
    """Return ``value``, with -0 (from rounding -0.001, or a file's '-0') as 0: '$0.00', never '-$0.00'."""
    return value.copy_abs() if value.is_zero() else value


def _half_up(value: Decimal, places: int) -> Decimal:
    return _unsigned_zero(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=_WIDE))
