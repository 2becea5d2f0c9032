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


# --- build: a full disk or a read-only output folder --------------------------------------------------


def _build(runner, spec_dir: Path, out: Path, *extra):
    return runner.invoke(main, ["build", str(spec_dir), "-o", str(out), "-j", "1", "--format", "md,docx", *AS_OF,
                                *extra])


@pytest.fixture
def built_once(runner, spec_dir, tmp_path):
    out = tmp_path / "out"
    result = _build(runner, spec_dir, out)
    assert result.exit_code == 0, result.output
    (plan,) = out.rglob("account-plan-INTERNAL.md")
    account = spec_dir / "northwind.yaml"
    account.write_text(account.read_text() + "\n# edited: the next build rebuilds this account\n")
    return spec_dir, out, plan.parent


def _in(folder: Path, fd: int) -> bool:
    import os

    return Path(os.readlink(f"/proc/self/fd/{fd}")).parent == folder


def _enospc_half_written(folder: Path):
    from qbrgen.build import writer

    real, calls = writer._fill, []

    def fill(fd, data):
        if not _in(folder, fd):  # the manifest and the report are written elsewhere, as usual
            return real(fd, data)
        calls.append(len(data))
        if len(calls) == 2:  # the first file is staged whole; the second fills the disk half way
            with open(fd, "wb") as fh:
                fh.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")
        return real(fd, data)

    return "_fill", fill


def _enospc_first(folder: Path):
    from qbrgen.build import writer

    real = writer._fill

    def fill(fd, data):
        if not _in(folder, fd):
            return real(fd, data)
        import os

        os.close(fd)
        raise OSError(28, "No space left on device")

    return "_fill", fill


def _erofs_create(folder: Path):
    from qbrgen.build import writer

    real = writer._create

    def create(path):
        if path.parent != folder:
            return real(path)
        raise OSError(30, "Read-only file system")

    return "_create", create


def _erofs_rename(folder: Path):
    from qbrgen.build import writer

    real = writer._rename

    def rename(tmp, path):
        if path.parent != folder:
            return real(tmp, path)
        raise OSError(30, "Read-only file system")

    return "_rename", rename


@pytest.mark.parametrize(("fault", "cause"), [
    (_enospc_half_written, "is full"), (_enospc_first, "is full"),
    (_erofs_create, "is on a read-only file system"), (_erofs_rename, "is on a read-only file system")],
    ids=["disk-full-on-the-second-file", "disk-full-on-the-first-file", "read-only-folder", "read-only-rename"])
def test_a_full_disk_or_read_only_folder_is_one_clear_error_and_nothing_half_written(runner, built_once, tmp_path,
                                                                                     monkeypatch, fault, cause):
    import json

    from qbrgen.build import writer
    from qbrgen.build.manifest import MANIFEST

    spec_dir, out, folder = built_once
    before = {name: data for name, data in tree(out).items() if not name.startswith(".qbrgen")}
    name, replacement = fault(folder)
    monkeypatch.setattr(writer, name, replacement)
    report, junit = tmp_path / "report.json", tmp_path / "junit.xml"
    result = _build(runner, spec_dir, out, "--report", str(report), "--junit", str(junit))
    assert result.exit_code == 1, result.output
    said = [line for line in result.output.splitlines() if cause in line]
    assert len(said) == 1, result.output
    assert str(folder) in said[0] and "northwind.yaml: cannot " in said[0]
    assert "Traceback" not in result.output and "internal error" not in result.output.lower()
    after = tree(out)
    assert not [n for n in after if n.endswith(writer.TEMP_SUFFIX)], after.keys()
    assert {n: d for n, d in after.items() if not n.startswith(".qbrgen")} == before  # every earlier output intact
    entries = json.loads((out / MANIFEST).read_text())["accounts"]
    assert all(entry.get("key") is None for entry in entries.values())  # not claimed built
    assert cause in report.read_text() and cause in junit.read_text()
    monkeypatch.undo()
    assert _build(runner, spec_dir, out, "--check").exit_code == 1  # still out of date, not current
    assert _build(runner, spec_dir, out).exit_code == 0
    assert tree(out) != after and _build(runner, spec_dir, out, "--check").exit_code == 0


# --- memory: the colour of a huge picture -------------------------------------------------------------


def huge_png(width: int = 20_000, height: int = 20_000, rgb=(0, 51, 102)) -> bytes:
    """Return a PNG of one colour, ``width`` x ``height`` pixels, of a few tens of kilobytes (1-bit palette)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    pack = zlib.compressobj(9)
    row = b"\x00" + bytes((width + 7) // 8)
    body = b"".join(pack.compress(row) for _ in range(height)) + pack.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 3, 0, 0, 0))
            + chunk(b"PLTE", bytes(rgb)) + chunk(b"IDAT", body) + chunk(b"IEND", b""))


def test_a_huge_png_gives_its_colour_from_a_bounded_decode(monkeypatch):
    import tracemalloc

    from PIL import Image

    from qbrgen.brandkit.picture import SAMPLE_PIXELS, average_colour

    data = huge_png()
    assert len(data) < 200_000  # 400 million pixels in a small file
    decoded = []
    real = Image.Image.load
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self.size) or real(self))
    tracemalloc.start()
    try:
        colour = average_colour(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert colour == "003366"
    assert peak < 16 << 20, peak  # a full decode's rows would be 50 MB packed, 400 MB as a palette picture
    assert decoded and max(w * h for w, h in decoded) <= SAMPLE_PIXELS


def test_a_huge_png_colour_stays_within_a_memory_bound_in_a_fresh_process():
    """Pillow's pixel memory is not Python's (tracemalloc does not see it): the process's peak does."""
    import subprocess
    import sys

    code = ("import resource, sys; from tests.test_hardening_resources import huge_png; "
            "from qbrgen.brandkit.picture import average_colour; import PIL.Image; data = huge_png(); "
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; colour = average_colour(data); "
            "print(colour, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)")
    from tests.conftest import ROOT

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    colour, grown_mb = done.stdout.split()
    assert colour == "003366" and int(grown_mb) < 64, done.stdout  # a full decode grows by 400 MB or more


def test_a_large_png_is_judged_by_its_top_band_and_a_small_one_whole():
    import io

    from PIL import Image

    from qbrgen.brandkit.picture import average_colour

    def png(size, fill, band=None):
        img = Image.new("RGBA", size, fill)
        if band:
            img.paste(band, (0, 0, size[0], size[1] // 5))
        buffer = io.BytesIO()
        img.save(buffer, "PNG")
        return buffer.getvalue()

    # 3,000 x 3,000: only the top band is decoded, and a transparent one does not count
    assert average_colour(png((3000, 3000), (0, 0, 255, 255), (200, 30, 30, 255))) == "C81E1E"
    assert average_colour(png((3000, 3000), (0, 0, 255, 255), (200, 30, 30, 0))) is None
    assert average_colour(png((400, 300), (0, 51, 102, 255))) == "003366"
    assert average_colour(b"\x89PNG\r\n\x1a\nnot a picture") is None
