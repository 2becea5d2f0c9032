"""Page size of the proposal: US Letter where the account's country uses it, A4 everywhere else.

The countries are CLDR's ``paperSize`` territories for US-Letter (Babel does not ship that table):
the United States and Canada, Mexico, the Philippines and some of Central and South America. A
locale without a country (``en``, ``de``) takes the country its language most likely means, from
Babel's likely-subtags data. A workspace can force one size with ``proposal.page_size``.
"""

from __future__ import annotations

from typing import Literal

PageSize = Literal["a4", "letter"]

LETTER_TERRITORIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "PR", "GT", "SV", "NI", "CR", "PA", "BZ"})
SIZES_MM = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}  # width, height


def territory(locale: str) -> str | None:
    """Return the country of ``locale`` (like 'US' for en_US), or the one its language most likely means."""
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    try:
        parsed = Locale.parse(locale)
    except (ValueError, UnknownLocaleError):
        return None
    if parsed.territory:
        return parsed.territory
    likely = get_global("likely_subtags").get(parsed.language, "")
    return likely.split("_")[-1] if "_" in likely else None


def page_size(locale: str, forced: str = "auto") -> PageSize:
    """Return 'letter' or 'a4' for an account's locale, unless the workspace forces one."""
    if forced in ("a4", "letter"):
        return forced  # type: ignore[return-value]
    return "letter" if territory(locale) in LETTER_TERRITORIES else "a4"
