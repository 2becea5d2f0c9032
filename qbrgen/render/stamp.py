"""The date stamped into files: SOURCE_DATE_EPOCH when set (reproducible builds), else the as-of date.

Light (no model): the CLI checks SOURCE_DATE_EPOCH before a no-op rebuild, which loads nothing else.
"""

from __future__ import annotations

import datetime as dt

LAST_EPOCH = 7258118399  # 2199-12-31 23:59:59 UTC, the last day qbrgen handles


def source_date() -> dt.date | None:
    """Return the day of SOURCE_DATE_EPOCH when it is set; raise QbrgenError when it is set but unusable."""
    import os
    import re

    from qbrgen.errors import QbrgenError

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not re.fullmatch(r"[0-9]{1,12}", epoch) or int(epoch) > LAST_EPOCH:
        shown = epoch if len(epoch) <= 30 else epoch[:27] + "..."
        raise QbrgenError(f"SOURCE_DATE_EPOCH={shown!r} is not usable: it must be whole seconds since "
                          "1970-01-01 UTC, up to the end of 2199 (unset it, or set it like 1767225600)")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()


def build_date(as_of: dt.date) -> dt.date:
    """Return the date stamped into files: SOURCE_DATE_EPOCH when set (reproducible builds), else as-of."""
    return source_date() or as_of
