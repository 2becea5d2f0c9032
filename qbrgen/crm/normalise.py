"""Turn the cells of a CRM export into qbrgen values: dates, booleans, amounts, enums and text.

Exports write the same thing many ways (``31/01/2026``, ``TRUE``, ``Yes``, ``1.234,56``, ``$ 12,000``);
each function accepts what a spreadsheet or a CRM writes and raises :class:`CellError` with a short
message a RevOps person can act on. Values that already have a type (DuckDB dates, numbers) pass through.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation


class CellError(ValueError):
    """A cell that cannot be read as the value its column needs."""


_TRUE = {"true", "yes", "y", "1", "x", "on", "ja", "oui", "si", "sí", "vrai", "wahr", "はい", "真"}
_FALSE = {"false", "no", "n", "0", "off", "nein", "non", "faux", "falsch", "いいえ", "偽", ""}
_CURRENCY = re.compile(r"^(?:[A-Z]{3}|[$€£¥₹₩₽¢]|US\$|CHF|Fr\.?|kr)\s*|\s*(?:[A-Z]{3}|[$€£¥₹₩₽¢]|CHF|kr)$")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?")
_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_DMY = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T][\d:.]+)?")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def text(value: object) -> str | None:
    """Return the cell as stripped text, or None when it is empty."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    result = _CONTROL.sub("", str(value).replace("\r\n", "\n").translate(_BREAKS)).strip()
    return result or None


# Control characters other than tab and newline are an export's debris that documents cannot hold: removed
# from every text cell, so a new file and an updated one get the same text, on every import.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")
_BREAKS = {0x85: " ", 0x2028: " ", 0x2029: " ", 0x0D: "\n"}


def boolean(value: object) -> bool:
    """Return True or False for TRUE/FALSE, Yes/No, 1/0 and their usual spellings."""
    if isinstance(value, bool):
        return value
    word = (text(value) or "").lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError(f"'{value}' is not a yes/no value (use TRUE/FALSE, Yes/No or 1/0)")


def amount(value: object, decimal: str | None = None) -> Decimal:
    """Return a number from ``1234.5``, ``1,234.50``, ``1.234,56``, ``$ 12,000`` or ``(500)``.

    ``decimal`` is the export's decimal separator when known; without it a lone separator followed by
    exactly three digits is read as a thousands separator (``1,234`` and ``1.234`` are 1234).
    """
    if isinstance(value, bool):
        raise CellError(f"'{value}' is not a number")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raw = text(value)
    if raw is None:
        raise CellError("is empty; a number is needed")
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    negative = s.startswith("(") and s.endswith(")")
    s = s.strip("()").strip()
    s = _CURRENCY.sub("", s).strip()
    if s.startswith("-"):
        negative, s = True, s[1:].strip()
    s = s.replace(" ", "").replace("'", "").replace("’", "")
    if not re.fullmatch(r"[\d.,]+", s) or not re.search(r"\d", s):
        raise CellError(f"'{raw}' is not a number")
    s = _plain_number(s, decimal, raw)
    try:
        result = Decimal(s)
    except InvalidOperation:
        raise CellError(f"'{raw}' is not a number") from None
    return -result if negative else result


def _plain_number(s: str, decimal: str | None, raw: str) -> str:
    """Return ``s`` with thousands separators removed and a '.' as the decimal point."""
    if decimal in {",", "."}:
        thousands = "." if decimal == "," else ","
        if s.count(decimal) > 1:
            raise CellError(f"'{raw}' has more than one decimal separator '{decimal}'")
        return s.replace(thousands, "").replace(decimal, ".")
    if "," in s and "." in s:
        point = "," if s.rfind(",") > s.rfind(".") else "."
        other = "." if point == "," else ","
        whole = s[: s.rfind(point)]
        if s.count(point) > 1 or not re.fullmatch(rf"\d{{1,3}}(\{other}\d{{3}})+", whole):
            raise CellError(f"'{raw}' mixes separators in a way that is not a number")
        return s.replace(other, "").replace(point, ".")
    for sep in ",.":
        if sep in s:
            head, _, tail = s.rpartition(sep)
            if s.count(sep) > 1 or (len(tail) == 3 and head and head != "0"):
                if not re.fullmatch(rf"\d{{1,3}}(\{sep}\d{{3}})+", s):
                    raise CellError(f"'{raw}' has misplaced thousands separators")
                return s.replace(sep, "")
            return s.replace(sep, ".")
    return s


def integer(value: object) -> int:
    """Return a whole number; ``12``, ``12.0`` and ``1,200`` are fine, ``12.5`` is not."""
    number = amount(value)
    if number != number.to_integral_value():
        raise CellError(f"'{value}' is not a whole number")
    return int(number)


def date(value: object, order: str | None = None) -> dt.date:
    """Return a date from a date value, ``2026-01-31``, ``2026/01/31``, ``31/01/2026`` or ``31.01.2026``.

    ``order`` (``dmy`` or ``mdy``) says how the export writes ``01/02/2026``; without it such a date is
    read only when one of its first two numbers is above 12, and dotted dates are always day first.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if raw is None:
        raise CellError("is empty; a date is needed")
    if m := _ISO.fullmatch(raw) or _YMD.fullmatch(raw):
        parts = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _DMY.fullmatch(raw):
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        day_first = _day_first(first, second, m.group(2), order, raw)
        parts = (year, second, first) if day_first else (year, first, second)
    else:
        raise CellError(f"'{raw}' is not a date (write 2026-01-31, 31/01/2026 or 31.01.2026)")
    try:
        return dt.date(*parts)
    except ValueError:
        raise CellError(f"'{raw}' is not a real date") from None


def _day_first(first: int, second: int, sep: str, order: str | None, raw: str) -> bool:
    if order in {"dmy", "mdy"}:
        return order == "dmy"
    if sep == "." or first > 12:
        return True
    if second > 12:
        return False
    if first == second:
        return True
    raise CellError(f"'{raw}' could be day/month or month/day; set 'date_order: dmy' or 'mdy' on its source")


def month(value: object, order: str | None = None) -> str:
    """Return a month like ``2026-01`` from a month, a date, or a date-like cell."""
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    raw = text(value)
    if raw and (m := _MONTH.fullmatch(raw)):
        number = int(m.group(2))
        if not 1 <= number <= 12:
            raise CellError(f"'{raw}' is not a month like 2026-01")
        return f"{int(m.group(1)):04d}-{number:02d}"
    day = date(value, order)
    return f"{day.year:04d}-{day.month:02d}"


def choice(value: object, allowed: tuple[str, ...], values: dict[str, str] | None = None) -> str:
    """Return one of ``allowed`` for the cell, through the mapping's value map (case-insensitive) first."""
    raw = text(value)
    if raw is None:
        raise CellError(f"is empty; use one of: {', '.join(allowed)}")
    for key, mapped in (values or {}).items():
        if key.strip().casefold() == raw.casefold():
            raw = mapped
            break
    word = re.sub(r"[\s_]+", "-", raw.strip().lower())
    if word in allowed:
        return word
    hint = " (or map it under 'values')" if values is not None else ""
    raise CellError(f"'{raw}' is not allowed; use one of: {', '.join(allowed)}{hint}")
