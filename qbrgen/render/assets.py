"""What a renderer may use besides the document: theme, templates, logos, allowed folders and dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from qbrgen.account.model import DEFAULT_WORKSPACE, Theme
from qbrgen.render.folders import PACKAGE_DIR, templates_dir  # noqa: F401 - where callers have found them
from qbrgen.render.stamp import LAST_EPOCH, build_date, source_date  # noqa: F401 - where callers have found them


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
    cover: str = "drop"  # keep: the Word template's designed cover (its drawings, without their text) | drop
    # Files a renderer read besides the above (the HTML template's partials, stylesheets and images),
    # added as it renders; outside comparison and hashing, like a log.
    used: list[Path] = field(default_factory=list, compare=False, hash=False)

    @property
    def local_files(self) -> tuple[Path, ...]:
        """Return the workspace files the outputs depend on (templates, logos and what the renderers read)."""
        named = (self.deck_template, self.docx_template, self.html_template, self.vendor_logo, self.customer_logo)
        return tuple(dict.fromkeys(p for p in (*named, *self.used) if p is not None))


def chosen_colours(theme: Theme) -> set[str]:
    """Return the theme colours a team chose (``primary``, ``accent``): set in the file and different from the
    built-in default. A template's own colours win over the rest: a workspace that spells out the default
    (as the example and ``qbrgen init`` do) keeps the template's brand."""
    default = Theme()
    return {name for name in ("primary", "accent") if name in theme.model_fields_set
            and getattr(theme, name).lstrip("#").upper() != getattr(default, name).lstrip("#").upper()}
