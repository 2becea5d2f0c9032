"""SOURCE_DATE_EPOCH is honoured the same way by all three formats: the day it names is stamped in each."""

from __future__ import annotations

import zipfile

from pypdf import PdfReader

from qbrgen.cli import main

from .conftest import EXAMPLES


def test_every_format_stamps_the_day_of_source_date_epoch(tmp_path, runner, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748736000")  # 2025-06-01, not the as-of date
    result = runner.invoke(main, ["build", str(EXAMPLES / "accounts" / "corner-bakery.yaml"), "-o", str(tmp_path),
                                  "-j", "1", "--format", "pptx,docx,pdf", "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    for name in ("qbr-deck.pptx", "renewal-proposal.docx"):
        core = zipfile.ZipFile(next(tmp_path.rglob(name))).read("docProps/core.xml")
        assert b"2025-06-01T00:00:00Z" in core and b"2026-11-23" not in core, name
        assert {i.date_time[:3] for i in zipfile.ZipFile(next(tmp_path.rglob(name))).infolist()} == {(2025, 6, 1)}
    pdf = PdfReader(next(tmp_path.rglob("renewal-proposal.pdf")))
    assert str(pdf.metadata["/CreationDate"]).startswith("D:20250601")
