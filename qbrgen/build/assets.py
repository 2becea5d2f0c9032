"""The assets of one account: its workspace's theme, templates and logos resolved to files inside the workspace."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qbrgen.account.checks import local_file
from qbrgen.render.assets import Assets, build_date, templates_dir


def assets_for(info, as_of: dt.date, esign: str | None = None, pdf_variant: str | None = None) -> Assets:
    """Return the assets of an account (an AccountInfo): theme, templates and logos resolved to paths.

    ``esign`` and ``pdf_variant`` (from the command line) override the workspace's ``proposal`` settings.
    """
    ws = info.workspace
    root = ws.root or info.folder
    roots = tuple(dict.fromkeys([root.resolve(), info.folder.resolve(), templates_dir().resolve()]))

    def resolve(base: Path | None, value: str | None) -> Path | None:
        if not value or base is None:
            return None
        path, _ = local_file(base, value, root)
        return path

    t = ws.model.templates
    return Assets(
        theme=ws.model.theme,
        deck_template=resolve(ws.root, t.deck),
        docx_template=resolve(ws.root, t.proposal_docx),
        html_template=resolve(ws.root, t.proposal_html),
        vendor_logo=resolve(ws.root, ws.model.vendor.logo),
        customer_logo=resolve(info.folder, info.model.account.logo),
        roots=roots,
        build_date=build_date(as_of),
        esign=esign or ws.model.proposal.esign,
        pdf_variant=pdf_variant or ws.model.proposal.pdf_variant,
        page_size=ws.model.proposal.page_size,
        cover=t.cover,
    )
