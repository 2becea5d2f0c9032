"""What a build is asked to do: the formats, the date, the audience and how to go about it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Options:
    """How to build: what, where, for which date and audience, and how."""

    output: Path
    formats: tuple[str, ...]
    as_of: dt.date
    audience: str = "customer"
    jobs: int = 0  # 0: the machine's cores
    force: bool = False
    check: bool = False
    fail_fast: bool = False
    timeout: float = 600.0
    shard: tuple[int, int] = (1, 1)
    esign: str | None = None  # None: the workspace's proposal.esign
    pdf_variant: str | None = None  # None: the workspace's proposal.pdf_variant
    strict_lint: bool = False  # lint errors fail the account (for CI)
    since: str | None = None  # the last review (a date or git revision); None: each account's qbr.previous
    trace: bool = False  # write where each figure comes from beside the documents
    allow_placeholders: bool = False  # write customer documents even for an account with stand-in values
    deck_asked: bool = False  # --format named pptx: a tech-touch account gets its deck too
    selection: object = None  # qbrgen.build.selection.Selection: only these accounts (--select, --changed-since)
    language: str | None = None  # --language: every account's documents in this language; None: each account's

    @property
    def customer_documents(self) -> bool:
        """Whether this build writes anything a customer may receive."""
        return any(f in ("docx", "pdf") or (f == "pptx" and self.audience == "customer") for f in self.formats)
