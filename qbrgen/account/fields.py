"""The building blocks of the file formats: named choices, value ranges and the validators of single values
(money, dates, quarters, currencies, e-mail addresses), shared by the account and workspace models.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, PlainValidator, WithJsonSchema

SUPPORTED_VERSIONS = (1,)
MONEY_MAX = Decimal(10) ** 13

Segment = Literal["smb", "mid-market", "enterprise"]
Level = Literal["ic", "manager", "director", "vp", "c-level"]
Function = Literal["buying", "using", "adjacent"]
Role = Literal["champion", "economic-buyer", "technical", "user", "blocker"]
Sentiment = Literal["advocate", "neutral", "detractor"]
Better = Literal["lower", "higher"]
GoalStatus = Literal["not-started", "on-track", "at-risk", "done"]
Likelihood = Literal["low", "medium", "high"]
Impact = Literal["low", "medium", "high", "critical"]
SignalKind = Literal[
    "sponsor-left",
    "usage-decline",
    "meeting-cancelled",
    "vendor-rationalization",
    "data-export-request",
    "api-docs-request",
    "ticket-sentiment",
    "competitor-evaluation",
]
CompanyStage = Literal["early", "growth", "scale"]
Taxes = Literal["excluded", "included"]
Esign = Literal["docusign", "adobe-sign", "none"]
PriceCall = Literal["keep-increase", "hold-flat"]
Overage = Literal["true-up", "quantity"]
PdfVariant = Literal["plain", "pdf/a-3b", "pdf/ua-1"]
PageSize = Literal["auto", "a4", "letter"]


PLACES = 10  # decimals kept from a number in a file; no document shows more than four
_KEEP = Decimal(1).scaleb(-PLACES)
DATE_MIN, DATE_MAX = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def finite(value: Decimal) -> Decimal:
    """Return a finite number with at most PLACES decimals and no negative zero.

    ``1e-999999`` validates as a number in range, but would underflow the figures' arithmetic; kept to
    PLACES decimals it is 0, and every later step works with ordinary values.
    """
    if not value.is_finite():
        raise ValueError("must be a finite number")
    if value.as_tuple().exponent < -PLACES:
        value = value.quantize(_KEEP, rounding=ROUND_HALF_UP, context=Context(prec=60))
    return value.copy_abs() if value.is_zero() else value


def _rate(value: Decimal) -> Decimal:
    value = finite(value)
    if value.is_zero():
        raise ValueError("must be more than 0")
    return value


def _in_range(value: dt.date, text: str) -> dt.date:
    day = value.date() if isinstance(value, dt.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        raise ValueError(f"'{text}' is outside the dates qbrgen handles ({DATE_MIN.year} to {DATE_MAX.year})")
    return value


def _iso_date(value: object) -> dt.date:
    """Return the date written as 2027-01-15; anything else (a number, 'Jan 15') is an error."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return _in_range(value, value.isoformat())
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"must be a date like 2027-01-15 (got '{text[:40]}')")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None
    return _in_range(day, text)


def _quarter(value: str) -> str:
    if not re.fullmatch(r"\d{4}-Q[1-4]", value):
        raise ValueError("must be a quarter like 2027-Q2")
    return value


def _month(value: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"'{value}' is not a month like 2026-01")
    return value


def currency_code(value: str) -> str:
    from babel.numbers import list_currencies

    if value not in list_currencies():
        raise ValueError(f"'{value}' is not an ISO 4217 currency code (like USD, EUR, JPY)")
    return value


def locale_code(value: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(value)
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"'{value}' is not a known locale (like en_US, de_DE, ja_JP)") from None
    return value


def language_code(value: str) -> str:
    """Accept a language like de, pt_BR, pt-BR or ja (any language Babel knows; one without a catalog is
    written in English, with a warning at build time)."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(value.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        if value != "qps":  # the pseudo-language the test suite uses to find untranslated text
            raise ValueError(f"'{value}' is not a known language (like en, de, fr, es, pt_BR, ja)") from None
    return value.replace("-", "_")


def _email(value: str) -> str:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError(f"'{value}' is not an email address like dana.reyes@example.com")
    return value


def _qbr_when(value: object) -> dt.date:
    """Return a date for '2026-12-10', and a datetime for '2026-12-10 14:00' or '2026-12-10T14:00'."""
    if isinstance(value, dt.date):
        return _in_range(value, value.isoformat())
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return _in_range(dt.date.fromisoformat(text), text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", text):
            return _in_range(dt.datetime.fromisoformat(text.replace(" ", "T")), text)
    except ValueError as exc:
        if "outside the dates" in str(exc):
            raise
        raise ValueError(f"'{text}' is not a real date") from None
    raise ValueError(f"must be a date like 2026-12-10, or a date and time like 2026-12-10 14:00 (got '{text}')")


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


Text = Annotated[str, Field(max_length=20000), AfterValidator(_text)]

Money = Annotated[Decimal, Field(ge=0, le=MONEY_MAX), AfterValidator(finite)]
Amount = Annotated[Decimal, Field(ge=0, le=Decimal(10) ** 18), AfterValidator(finite)]
Measure = Annotated[Decimal, Field(ge=-(Decimal(10) ** 15), le=Decimal(10) ** 15), AfterValidator(finite)]
Percent = Annotated[Decimal, Field(ge=-100, le=1000), AfterValidator(finite)]
Date = Annotated[dt.date, PlainValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})]
Rate = Annotated[Decimal, Field(gt=0, le=Decimal(10) ** 9), AfterValidator(_rate)]
Quarter = Annotated[str, AfterValidator(_quarter)]
Month = Annotated[str, AfterValidator(_month)]
Color = Annotated[str, Field(pattern=r"^#[0-9A-Fa-f]{6}$")]
Email = Annotated[str, Field(max_length=320), AfterValidator(_email)]
Days = Annotated[int, Field(ge=0, le=730)]
QbrWhen = Annotated[
    dt.date,
    PlainValidator(_qbr_when),
    WithJsonSchema({"type": "string", "description": "2026-12-10 or 2026-12-10 14:00"}),
]
