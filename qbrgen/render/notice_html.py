"""The renewal notice as an email-ready HTML page (inline styles, as mail clients need).

It reuses the recap's email HTML: the notice has the same blocks (paragraphs, bullets, one table).
"""

from __future__ import annotations

from qbrgen.render.recap import html_text


def render(document, assets=None) -> bytes:
    """Return the notice as UTF-8 HTML; every string is escaped, never markup."""
    from qbrgen.render.assets import Assets

    return html_text(document, (assets or Assets()).theme.primary).encode("utf-8")
