"""Write YAML text for values the importer creates: scalars quoted only when they must be.

New account files are written as text directly (fast, and laid out like the spec example); files
that already exist are edited with ruamel.yaml instead, so that what people wrote is kept.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from functools import lru_cache

_PLAIN = re.compile(r"[^\W\d_][\w .,'()&/+@-]*", re.UNICODE)
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf"}


def scalar(value: object) -> str:
    """Return ``value`` as a YAML scalar that every YAML reader reads back as the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")
    if isinstance(value, int | float):
        return scalar(Decimal(repr(value)))
    if isinstance(value, dt.date):
        return value.isoformat()
    return _text(str(value))


@lru_cache(maxsize=8192)
def _text(text: str) -> str:
    if _PLAIN.fullmatch(text) and text == text.strip() and text.lower() not in _RESERVED and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(item: dict[str, object]) -> str:
    """Return ``{key: value, ...}`` on one line."""
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in item.items()) + "}"


def block(item: dict[str, object], indent: int, comment: str | None = None) -> list[str]:
    """Return the lines of one list item as a block mapping (``- key: value`` then ``  key: value``)."""
    pad = " " * indent
    lines = []
    for n, (key, value) in enumerate(item.items()):
        text = flow(value) if isinstance(value, dict) else scalar(value)
        lines.append(f"{pad}{'- ' if n == 0 else '  '}{key}: {text}")
    if comment and lines:
        lines[0] += f"  # {comment}"
    return lines
