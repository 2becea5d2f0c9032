"""Hardening against the machine's limits: memory while an export is read, a full disk, a read-only folder.

Each is one clear message that names what to change (the setting, the folder and the cause), exit 1,
no traceback, and nothing half-written: no partial or temporary file, earlier outputs intact.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from qbrgen.cli import main

AS_OF = ["--as-of", "2026-11-23"]


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- import: memory while an export is registered ----------------------------------------------------


def _xlsx_export(folder: Path, rows: int) -> Path:
    import openpyxl

    folder.mkdir()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Accounts")
    sheet.append(["Account ID", "Account Name", "Currency", "Notes"])
    for i in range(rows):
        sheet.append([f"A-{i}", f"Account number {i}", "EUR", "x" * 120 + str(i)])
    book.save(folder / "export.xlsx")
    (folder / "mapping.yaml").write_text("version: 1\nsources:\n  a: export.xlsx\naccounts:\n  from: a\n"
                                         "  columns: {id: Account ID, name: Account Name, currency: Currency}\n")
    return folder / "mapping.yaml"


def _import(runner, mapping: Path, out: Path):
    return runner.invoke(main, ["import", "--mapping", str(mapping), "-o", str(out), *AS_OF])


def _assert_one_clear_oom(result, setting_named=True):
    assert result.exit_code == 1, result.output
    lines = [line for line in result.output.splitlines() if "memory" in line]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("export.xlsx: reading this export ")
    if setting_named:
        assert "QBRGEN_IMPORT_MEMORY_LIMIT" in lines[0]
    assert "internal error" not in result.output.lower() and "Traceback" not in result.output
    assert "cannot be read" not in result.output and "not a readable .xlsx" not in result.output


def test_an_export_too_big_for_the_import_memory_limit_names_the_setting(runner, tmp_path, monkeypatch):
    mapping = _xlsx_export(tmp_path / "exports", 6000)
    monkeypatch.setenv("QBRGEN_IMPORT_MEMORY_LIMIT", "1MB")
    before = tree(tmp_path)
    result = _import(runner, mapping, tmp_path / "accounts")
    _assert_one_clear_oom(result)
    assert "needs more than the import's 1MB of memory" in result.output
    assert tree(tmp_path) == before and not (tmp_path / "accounts").exists()


@pytest.mark.parametrize("error", [duckdb.OutOfMemoryException("Out of Memory Error: failed to allocate"),
                                   MemoryError()], ids=["duckdb", "python"])
def test_running_out_of_memory_while_registering_an_export_is_one_file_level_message(runner, tmp_path, monkeypatch,
                                                                                       error):
    from qbrgen.crm.sources import Exports

    mapping = _xlsx_export(tmp_path / "exports", 3)

    def register(self, source):
        raise error

    monkeypatch.setattr(Exports, "_register", register)
    before = tree(tmp_path)
    result = _import(runner, mapping, tmp_path / "accounts")
    _assert_one_clear_oom(result)
    assert tree(tmp_path) == before


def test_python_running_out_of_memory_while_reading_xlsx_rows_is_not_a_damaged_workbook(runner, tmp_path,
                                                                                        monkeypatch):
    from qbrgen.crm import sources

    mapping = _xlsx_export(tmp_path / "exports", 3)

    def cell(value):
        raise MemoryError

    monkeypatch.setattr(sources, "_cell", cell)
    result = _import(runner, mapping, tmp_path / "accounts")
    _assert_one_clear_oom(result)
