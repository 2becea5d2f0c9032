"""Chart number formats written for the account's locale, whatever the viewer's.

An Office number format's "," and "." are placeholders for the viewer's own group and decimal
symbols, so "#,##0" reads "100,000" in an English Office and "100.000" in a German one, whatever
the deck's language. :func:`locale_format` rewrites such a code with the locale's symbols (from
Babel) as escaped literals, in conditional sections since a literal group symbol prints whether or
not the digits reach it: ``[>=1000000]#\\.###\\.##0;[>=1000]#\\.##0;0`` for German. :func:`render`
draws a value through a format code as Office does, so tests can read what a viewer shows.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

_NUMBER = re.compile(r"(?P<int>[#0,]*0)(?:\.(?P<frac>0+))?(?P<pct>%)?")


@lru_cache(maxsize=256)
def _symbols(locale: str) -> tuple[str, str, str]:
    """Return the (group, decimal, text between a number and its percent sign) of ``locale``."""
    from babel import Locale, UnknownLocaleError, numbers

    try:
        loc = Locale.parse(locale or "en_US")
    except (ValueError, UnknownLocaleError):
        loc = Locale.parse("en_US")
    pattern = loc.percent_formats[None].pattern.split(";")[0]
    gap = pattern[pattern.rfind("0") + 1:pattern.find("%")] if pattern.find("%") > pattern.rfind("0") else ""
    return numbers.get_group_symbol(loc), numbers.get_decimal_symbol(loc), gap


def _escape(text: str) -> str:
    return "".join("\\" + ch for ch in text)


def locale_format(code: str, locale: str, largest: float = 0.0) -> str:
    """Return the number format ``code`` (like "#,##0", "0%", "0.0%") with ``locale``'s group symbol written as
    a literal and its spacing before a percent sign; ``largest`` (the biggest value shown) picks the group
    sections needed. A code of another shape is returned as it is."""
    m = _NUMBER.fullmatch(code)
    if m is None:
        return code
    group, _decimal, gap = _symbols(locale)
    # a literal decimal symbol would make the digits after it an integer's (Office has no other way to say
    # "decimal point"), so a fraction keeps the viewer's own decimal symbol
    frac = "." + m["frac"] if m["frac"] else ""
    if m["pct"]:
        return f"0{frac}{_escape(gap)}%"
    if "," not in m["int"]:
        return f"0{frac}"
    if frac:  # a literal group symbol with the viewer's decimal one could read 1.234.5: left to the viewer
        return code
    g = _escape(group)
    tiers = [f"[>=1000]#{g}##0", "0"]
    if abs(largest) >= 1e6:
        tiers.insert(0, f"[>=1000000]#{g}###{g}##0")
    if abs(largest) >= 1e9:  # only two conditions fit: the thousands then go ungrouped
        tiers = [f"[>=1000000000]#{g}###{g}###{g}##0", tiers[0], "0"]
    return ";".join(tiers)


# -- what a viewer shows (for tests and checks)

_TOKEN = re.compile(r'\\(.)|"([^"]*)"|(\[[^\]]*\])|([#0])|(\.)|(%)|(,)|(.)', re.S)
_CONDITION = re.compile(r"\[(>=|<=|<>|>|<|=)(-?\d+(?:\.\d+)?)\]")


def _sections(code: str) -> list[str]:
    out, current, i = [], "", 0
    while i < len(code):
        ch = code[i]
        if ch == "\\" and i + 1 < len(code):
            current += code[i:i + 2]
            i += 2
            continue
        if ch == '"':
            end = code.find('"', i + 1)
            end = len(code) - 1 if end < 0 else end
            current += code[i:end + 1]
            i = end + 1
            continue
        if ch == ";":
            out.append(current)
            current = ""
        else:
            current += ch
        i += 1
    out.append(current)
    return out


def _holds(condition: tuple[str, str], value: Decimal) -> bool:
    op, limit = condition[0], Decimal(condition[1])
    return {">=": value >= limit, "<=": value <= limit, "<>": value != limit, ">": value > limit,
            "<": value < limit, "=": value == limit}[op]


def render(code: str, value, group: str = ",", decimal: str = ".") -> str:
    """Return ``value`` drawn through the Office number format ``code`` by a viewer whose own symbols are
    ``group`` and ``decimal`` (what an unescaped "," and "." become)."""
    value = Decimal(str(value))
    sections = _sections(code)
    chosen, signed = sections[-1], True
    conditional = [(s, _CONDITION.match(s)) for s in sections]
    if any(c for _s, c in conditional):
        for s, c in conditional:
            if c is None or _holds(c.groups(), value):
                chosen, signed = s, c is None
                break
    else:
        chosen = sections[1] if value < 0 and len(sections) > 1 else sections[0]
        signed = not (value < 0 and len(sections) > 1)
    tokens = []  # ("digit", "#"/"0") / ("lit", text) / ("dot",) / ("pct",) / ("comma",)
    for esc, quoted, bracket, digit, dot, pct, comma, other in _TOKEN.findall(chosen):
        if bracket:
            continue
        if digit:
            tokens.append(("digit", digit))
        elif dot:
            tokens.append(("dot", ""))
        elif pct:
            tokens.append(("pct", ""))
        elif comma:
            tokens.append(("comma", ""))
        else:
            tokens.append(("lit", esc or quoted or other))
    number = abs(value) * (100 if any(t[0] == "pct" for t in tokens) else 1)
    cut = next((i for i, t in enumerate(tokens) if t[0] == "dot"), len(tokens))
    int_tokens, frac_tokens = tokens[:cut], tokens[cut + 1:]
    places = sum(1 for t in frac_tokens if t[0] == "digit")
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    whole, _dot, fraction = f"{number:f}".partition(".")
    whole = whole.lstrip("0")
    if any(t[0] == "comma" for t in int_tokens) and whole:  # the viewer's own grouping
        whole = f"{int(whole):,}".replace(",", group)
    out: list[str] = []
    digits = list(whole)
    holders = [i for i, t in enumerate(int_tokens) if t[0] == "digit"]
    for i in reversed(range(len(int_tokens))):
        kind, text = int_tokens[i]
        if kind == "digit":
            if holders and i == holders[0]:  # the leftmost placeholder takes every digit left
                out.append("".join(digits) or ("0" if text == "0" else ""))
                digits = []
            else:
                out.append(digits.pop() if digits else ("0" if text == "0" else ""))
        elif kind == "lit":
            out.append(text)
        elif kind == "pct":
            out.append("%")
    text = "".join(reversed(out))
    if frac_tokens:
        text += decimal
        fraction = fraction.ljust(places, "0")
        k = 0
        for kind, lit in frac_tokens:
            if kind == "digit":
                text += fraction[k]
                k += 1
            elif kind == "lit":
                text += lit
            elif kind == "pct":
                text += "%"
    sign = "-" if value < 0 and signed and number != 0 else ""
    return sign + text
