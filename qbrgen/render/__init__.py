"""Renderers, one module per format, picked by name; each is the only importer of its library.

A renderer module has ``render(document, assets) -> bytes``. A new format is one module plus one
entry in :data:`RENDERERS`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field
from pathlib import Path

from qbrgen.document import Document
from qbrgen.model import DEFAULT_WORKSPACE, Theme

# format -> (module, the document it renders, output file name)
RENDERERS = {
    "pptx": ("qbrgen.render.pptx", "deck", "qbr-deck.pptx"),
    "docx": ("qbrgen.render.docx", "proposal", "renewal-proposal.docx"),
    "pdf": ("qbrgen.render.pdf", "proposal", "renewal-proposal.pdf"),
    "md": ("qbrgen.render.markdown", "plan", "account-plan-INTERNAL.md"),
}

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def templates_dir() -> Path:
    """Return the folder of built-in templates: inside the installed package, or the source tree's."""
    inside = PACKAGE_DIR / "templates"
    return inside if inside.is_dir() else PACKAGE_DIR.parent / "templates"


@dataclass(frozen=True)
class Assets:
    """What a renderer may use besides the document: theme, templates, logos, allowed folders, dates."""

    theme: Theme = DEFAULT_WORKSPACE.theme
    deck_template: Path | None = None
    docx_template: Path | None = None
    html_template: Path | None = None
    vendor_logo: Path | None = None
    customer_logo: Path | None = None
    roots: tuple[Path, ...] = field(default_factory=tuple)  # folders local files may come from
    build_date: dt.date = dt.date(2000, 1, 1)  # stamped into file metadata, for reproducible bytes
    esign: str = "none"  # docusign | adobe-sign | none: anchors at the signature lines
    pdf_variant: str = "plain"  # plain | pdf/a-3b | pdf/ua-1
    page_size: str = "auto"  # auto (from the locale) | a4 | letter
    # Files a renderer read besides the above (the HTML template's partials, stylesheets and images),
    # added as it renders; outside comparison and hashing, like a log.
    used: list[Path] = field(default_factory=list, compare=False, hash=False)

    @property
    def local_files(self) -> tuple[Path, ...]:
        """Return the workspace files the outputs depend on (templates, logos and what the renderers read)."""
        named = (self.deck_template, self.docx_template, self.html_template, self.vendor_logo, self.customer_logo)
        return tuple(dict.fromkeys(p for p in (*named, *self.used) if p is not None))


def assets_for(info, as_of: dt.date, esign: str | None = None, pdf_variant: str | None = None) -> Assets:
    """Return the assets of an account (an AccountInfo): theme, templates and logos resolved to paths.

    ``esign`` and ``pdf_variant`` (from the command line) override the workspace's ``proposal`` settings.
    """
    from qbrgen.checks import local_file

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
    )


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


def render(fmt: str, document: Document, assets: Assets) -> bytes:
    """Return the bytes of ``document`` rendered as ``fmt``."""
    try:
        module_name = RENDERERS[fmt][0]
    except KeyError:
        raise ValueError(f"no renderer for format '{fmt}'; known: {', '.join(RENDERERS)}") from None
    return importlib.import_module(module_name).render(document, assets)
