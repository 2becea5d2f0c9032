"""Numbers, money, percentages and dates written in the account's locale (Babel).

Money is rounded half-up to the currency's own precision (0 places for JPY, 2 for USD, 3 for
BHD) only here, when it is written; figures stay exact until then.

The contract between locale and language: the account's *locale* decides how numbers, money and dates are
written (separators, order, the percent sign's spacing, month names), the document's *language*
(:func:`qbrgen.i18n.current`) decides the words around them (the quarter pattern a translator sets, "points",
the "and" of a list). Two exceptions: a right-to-left locale's documents are in English, so their dates take
the English words and every direction mark is removed; and yen in a Japanese document, or for a Japanese
locale, is written as Japanese readers write it (1,638万円, 1億2,000万円).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, localcontext
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton, format_time
from babel.lists import format_list
from babel.numbers import (
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_precision,
    get_currency_symbol,
    get_minus_sign_symbol,
    parse_pattern,
)

from qbrgen import i18n
from qbrgen.i18n import ngettext, pgettext

# Rounding needs room for every digit of a large ratio (a growth from 0.01 to 10^13 is 10^17 %), which
# the default 28 digits lack; the model keeps inputs finite and bounded, so 80 digits always suffice.
_WIDE = Context(prec=80)
COMPACT_FROM = 10_000  # below this, an amount is written exactly: £4,944 (or £4,943.80), not £4.9K
NBSP = "\u00a0"
MAN, OKU = 10_000, 100_000_000  # 万 and 億: Japanese counts large amounts in ten-thousands


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
        """Return an amount with its currency, like $400,000.00 or 400.000,00 € (16,381,000円 in Japanese)."""
        if self._yen():
            return self._yen_exact(self.round_money(amount))
        with localcontext(_WIDE):
            return _plain(format_currency(self.round_money(amount), self.currency, locale=self.locale,
                                          currency_digits=True, decimal_quantization=True))

    def whole_money(self, amount: Decimal) -> str:
        """Return an amount rounded to whole units, like $400,000 or 12.000 €."""
        if self._yen():
            return self._yen_exact(_half_up(amount, 0))
        pattern = parse_pattern(self.locale.currency_formats["standard"].pattern)
        pattern.frac_prec = (0, 0)
        return _plain(pattern.apply(_half_up(amount, 0), self.locale, currency=self.currency,
                                    currency_digits=False))

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
        if self._yen():
            return self._yen_short(amount)
        pattern = self._compact_pattern(amount)
        if pattern is not None:  # round as the short form will, so $999,999 reads $1M, not $1000K
            shift = _digits(amount) - pattern.pattern.count("0")
            amount = _half_up(amount.scaleb(-shift), 1).scaleb(shift)
            pattern = self._compact_pattern(amount)
        if pattern is None:  # no short form: the exact amount, written as every table writes it
            return self.table_money([amount])[0] if self.cents else self.whole_money(amount)
        return _plain(format_compact_currency(amount, self.currency, locale=self.locale, fraction_digits=1))

    def _compact_pattern(self, amount: Decimal):
        digits = _digits(amount)
        formats = self.locale.compact_currency_formats.get("short", {}).get("other", {})
        pattern = formats.get("1" + "0" * (min(digits, 15) - 1)) if digits >= 4 else None
        return pattern if pattern is not None and pattern.pattern.strip("0¤\u00a0 ") else None

    def points(self, change: Decimal) -> str:
        """Return a change between two percentages in percentage points, like +2.2 points."""
        sign = "+" if change > 0 else ("−" if change < 0 else "")
        shown = abs(_half_up(change, 1))
        # A whole number picks its own plural form; a decimal one (2.2) the plural of every language.
        n = int(shown) if shown == shown.to_integral_value() else 2 + int(shown)
        # TRANSLATORS: a change between two percentages, in percentage points; {change} is the signed
        # number, like "+2.2" or "−1" (German: "{change} Prozentpunkte"). Shown beside a percentage.
        return ngettext("{change} point", "{change} points", n, change=sign + self.number(shown, 1))

    def money_headline(self, amount: Decimal) -> str:
        """Return an amount for a headline, short and whole: $1.2M, $420K, 1,2 Mio. €, or 420.000 € where
        the locale has no short form for it. An amount too small to shorten is written exactly (cents only
        when it has them), as the table beside the headline writes it: never 2.957 € over a 2.956,80 €."""
        if abs(amount) < COMPACT_FROM:
            return self.table_money([amount])[0]
        if self._yen():
            return self._yen_short(amount)
        amount = amount.to_integral_value(rounding=ROUND_HALF_UP)
        text = _plain(format_compact_currency(amount, self.currency, locale=self.locale, fraction_digits=1))
        whole = str(abs(int(amount)))
        if len(whole) > 3 and "".join(ch for ch in text if ch.isdigit()) != whole:
            return text
        pattern = self.locale.currency_formats["standard"].pattern.split(";")[0]
        pattern = pattern.replace(".00", "").replace(".##", "")
        return _plain(format_currency(amount, self.currency, format=pattern, locale=self.locale,
                                      currency_digits=False))

    # -- yen as Japanese readers write it --

    def _yen(self) -> str | None:
        """Return how yen is written in the current document: 'suffix' (16,381,000円, a Japanese-language
        document), 'prefix' (￥16,381,000, a document in another language for a Japanese locale), or None
        (not yen, or neither a Japanese document nor a Japanese locale: Babel's own format)."""
        if self.currency != "JPY":
            return None
        if i18n.current().split("_")[0] == "ja":
            return "suffix"
        return "prefix" if self.locale.language == "ja" else None

    def _yen_exact(self, amount: Decimal) -> str:
        """Return whole yen, grouped: 16,381,000円 or ￥16,381,000."""
        value = int(_half_up(amount, 0))
        return self._yen_wrap(value < 0, self.count(abs(value)))

    def _yen_short(self, amount: Decimal) -> str:
        """Return yen in 万 and 億 with grouped digits: 1,638万円, 1億2,000万円, 900万円, 4万5,000円.

        From a million yen on, rounded half-up to the nearest 万 (99,999,999 reads 1億円); below that the
        amount stays exact, split at 万."""
        value = int(_half_up(amount, 0))
        n = abs(value)
        if n < MAN:
            return self._yen_exact(Decimal(value))
        if n >= 100 * MAN:
            n = (n + MAN // 2) // MAN * MAN
        oku, rest = divmod(n, OKU)
        man, yen = divmod(rest, MAN)
        body = "".join(self.count(v) + unit for v, unit in ((oku, "億"), (man, "万"), (yen, "")) if v)
        return self._yen_wrap(value < 0, body)

    def _yen_wrap(self, negative: bool, body: str) -> str:
        sign = _plain(get_minus_sign_symbol(self.locale)) if negative else ""
        if self._yen() == "suffix":
            return f"{sign}{body}円"
        return f"{sign}{get_currency_symbol('JPY', self.locale)}{body}"

    def number(self, value: Decimal, places: int = 1) -> str:
        """Return a plain number with up to ``places`` decimals, like 8,900,000 or 2.1."""
        pattern = "#,##0" + ("." + "#" * places if places else "")
        with localcontext(_WIDE):
            return _plain(format_decimal(_half_up(value, places), format=pattern, locale=self.locale))

    def count(self, n: int) -> str:
        """Return a count of things grouped as the locale groups digits: 1,971 (1.971 in German)."""
        return self.number(Decimal(n), 0)

    def percent(self, fraction: Decimal, places: int = 1) -> str:
        """Return a fraction as a percentage in the locale's own pattern, like 92.4% or 92,4 % (German,
        with a no-break space)."""
        digits = "#,##0" + ("." + "#" * places if places else "")
        own = self.locale.percent_formats[None].pattern.split(";")[0]
        pattern = re.sub(r"[#0,.]+", digits, own, count=1) if "%" in own else digits + "%"
        with localcontext(_WIDE):
            return _plain(format_percent(_half_up(fraction * 100, places) / 100, format=pattern,
                                         locale=self.locale))

    @property
    def percent_gap(self) -> str:
        """Return what the locale writes between a number and its percent sign: "" in English, a no-break
        space in German and French (so a unit in percent reads 12,5 % der Fälle)."""
        return _percent_gap(str(self.locale))

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
            return _times(self.number(down, 2))
        up = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP, context=_WIDE)
        return _times(self.number(up, 1))

    def month(self, month: str) -> str:
        """Return a month given as 2026-01 the way people write it: Jan 2026 (Jan. 2026 in German, 2026年1月)."""
        year, number = (int(p) for p in month.split("-"))
        return unbroken(_plain(format_skeleton("yMMM", dt.date(year, number, 1), locale=self._dates)))

    def quarter(self, quarter: str) -> str:
        """Return a quarter given as 2027-Q1 the way people write it: Q1 2027 (1. Quartal 2027, T1 2027,
        2027年第1四半期 with their catalogs' patterns), never broken across lines."""
        year, number = quarter.split("-Q")
        day = dt.date(int(year), 3 * int(number) - 2, 1)
        pattern = "QQQ y"
        if self._dates.language == i18n.current().split("_")[0]:  # the translator's pattern fits its locale
            # TRANSLATORS: a Babel (CLDR) date pattern for a quarter, not words: QQQ is the short quarter
            # ("Q1" in English and German, "T1" in French, Spanish and Portuguese), QQQQ the long one
            # ("1. Quartal", "1er trimestre", "第1四半期"), y the year; text in single quotes is kept as
            # written. Targets: English "QQQ y" (Q1 2027), German "QQQQ y" (1. Quartal 2027), French
            # "QQQ y" (T1 2027), Japanese "y年QQQQ" (2027年第1四半期).
            pattern = pgettext("quarter pattern", "QQQ y")
        try:
            text = format_date(day, pattern, locale=self._dates)
        except (ValueError, KeyError, AttributeError):  # a broken pattern in a team's catalog
            text = ""
        if year not in text:  # a pattern that lost the year (an unclosed quote) is no quarter
            text = format_date(day, "QQQ y", locale=self._dates)
        return unbroken(_plain(text))

    def date(self, value: dt.date, style: str = "medium") -> str:
        """Return a date like Jan 15, 2027 (in the locale's own order). Outside English, whose short dates
        wrap harmlessly and are matched as written by teams' tools, a date is kept on one line: "7 de jan. de
        2027" never breaks after "jan."."""
        text = _plain(format_date(value, format=style, locale=self._dates))
        return text if i18n.current().split("_")[0] in (i18n.SOURCE, i18n.PSEUDO) else unbroken(text)

    def time(self, value: dt.datetime | dt.time) -> str:
        """Return a clock time like 2:00 PM or 14:00."""
        return _plain(format_time(value, format="short", locale=self._dates))

    def date_range(self, start: dt.date, end: dt.date, skeleton: str = "yMMMd") -> str:
        """Return two dates as one range the locale's way: Jan 1 – Mar 5, 2027, 1. Jan. – 5. März 2027."""
        return _plain(format_interval(start, end, skeleton, locale=self._dates))

    def join(self, items, style: str = "standard") -> str:
        """Return items as one list in the document's language: "a, b, and c", "a, b und c", "a、b、c".
        ``style``: "standard" (and), "or", or "unit" (no conjunction), as Babel names them."""
        try:
            return _plain(format_list(list(items), style=style, locale=self._words))
        except KeyError:  # a locale whose CLDR data lacks this style's patterns (Spanish "unit": only "end")
            return _plain(format_list(list(items), style="standard", locale=self._words))

    @property
    def _dates(self) -> Locale:
        """Return the locale dates are written in: the account's when the document is in its language; else
        the document's language in the account's territory where one exists (a French document for a Swiss
        account: fr_CH; an English one for a German account: en_DE, "1 Mar 2027"), so a month's name is
        never a word of another language (a right-to-left locale's documents, in English, likewise)."""
        lang = i18n.current()
        if lang == i18n.PSEUDO or lang.split("_")[0] == self.locale.language:
            return self.locale
        return self._words

    @property
    def _words(self) -> Locale:
        """Return the locale of the document's language, in the account's territory where one exists."""
        lang = i18n.current()
        if lang == i18n.PSEUDO:
            lang = i18n.SOURCE
        if lang.split("_")[0] == self.locale.language:
            return self.locale
        return _language_locale(lang, self.locale.territory)


@lru_cache(maxsize=64)
def _language_locale(lang: str, territory: str | None) -> Locale:
    for code in ((f"{lang}_{territory}",) if territory and "_" not in lang else ()) + (lang,):
        try:
            return Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def _times(number: str) -> str:
    # TRANSLATORS: a multiple, like 3.4× (the value documented is 3.4 times the price); Japanese: {number}倍
    return pgettext("multiple", "{number}×", number=number)


@lru_cache(maxsize=64)
def _percent_gap(locale: str) -> str:
    own = Locale.parse(locale).percent_formats[None].pattern.split(";")[0]
    match = re.search(r"[#0,.]+([^#0,.%]*)%", own)
    return i18n.strip_marks(match.group(1)) if match else ""


def _plain(text: str) -> str:
    """Return formatted text without direction marks while documents are written left to right (all of
    qbrgen's catalog languages): an Arabic locale's date never carries a stray U+200F into an English run."""
    if i18n.current().split("_")[0] in i18n.RTL_LANGUAGES:
        return text
    return i18n.strip_marks(text)


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
