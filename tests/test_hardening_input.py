"""Hardening of what users name: symlinks, files the HTML template reads, sizes, bounds, reproducibility."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import pytest

from qbrgen.account.validate import load_account
from qbrgen.build.assets import assets_for
from qbrgen.cli import main
from qbrgen.errors import TemplateError
from qbrgen.sections.assemble import build_proposal
from tests.conftest import AS_OF, EXAMPLES


def png(path: Path, size: tuple[int, int] = (8, 8)) -> Path:
    """Write a small real PNG at ``path``."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    path.write_bytes(buf.getvalue())
    return path


def _with_html(spec_dir, html: str, name: str = "t.html"):
    (spec_dir / name).write_text(html)
    (spec_dir / "qbrgen.yaml").write_text(f"version: 1\ntemplates:\n  proposal_html: {name}\n")
    return load_account(spec_dir / "northwind.yaml")


def _html(info) -> str:
    from qbrgen.render.pdf import render_html

    return render_html(build_proposal(info, AS_OF), assets_for(info, AS_OF))


# -- 1. symlinks ------------------------------------------------------------------------------------


def test_template_include_through_a_symlink_out_of_the_workspace_is_refused(spec_dir):
    (spec_dir / "etc").symlink_to("/etc")
    info = _with_html(spec_dir, '<html><body>{% include "etc/passwd" %}</body></html>')
    with pytest.raises(TemplateError, match=r"t\.html:1: refused to load 'etc/passwd'.*outside the workspace"):
        _html(info)


def test_symlinked_partial_that_escapes_is_refused_but_one_inside_is_used(spec_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.html").write_text("TOP-SECRET")
    (spec_dir / "part.html").symlink_to(outside / "secret.html")
    info = _with_html(spec_dir, '<html><body>{% include "part.html" %}</body></html>')
    with pytest.raises(TemplateError, match="outside the workspace"):
        _html(info)
    (spec_dir / "inner").mkdir()
    (spec_dir / "inner" / "real.html").write_text("FROM-INSIDE")
    (spec_dir / "part.html").unlink()
    (spec_dir / "part.html").symlink_to(spec_dir / "inner" / "real.html")
    assert "FROM-INSIDE" in _html(info)


def test_symlinked_account_file_outside_the_workspace_is_refused(tmp_path, runner):
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "qbrgen.yaml").write_text("version: 1\nvendor:\n  name: Inside Co\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(EXAMPLES / "accounts" / "corner-bakery.yaml", elsewhere / "bakery.yaml")
    (elsewhere / "qbrgen.yaml").write_text("version: 1\nvendor:\n  name: Elsewhere Co\n")
    (ws / "bakery.yaml").symlink_to(elsewhere / "bakery.yaml")
    result = runner.invoke(main, ["validate", str(ws / "bakery.yaml")])
    assert result.exit_code == 1, result.output
    assert "bakery.yaml: the file is a symbolic link to" in result.output and "outside the" in result.output
    assert "Traceback" not in result.output


def test_symlinked_account_inside_the_workspace_takes_the_links_workspace(tmp_path):
    ws = tmp_path / "ws"
    (ws / "store").mkdir(parents=True)
    (ws / "qbrgen.yaml").write_text("version: 1\nvendor:\n  name: Link Co\n")
    (ws / "store" / "qbrgen.yaml").write_text("version: 1\nvendor:\n  name: Store Co\n")
    shutil.copy(EXAMPLES / "accounts" / "corner-bakery.yaml", ws / "store" / "bakery.yaml")
    (ws / "bakery.yaml").symlink_to(ws / "store" / "bakery.yaml")
    from qbrgen.account.validate import Workspaces

    info = load_account(ws / "bakery.yaml", Workspaces().for_account(ws / "bakery.yaml"))
    assert info.workspace.model.vendor.name == "Link Co"
    assert info.folder == ws.resolve()


def test_symlinked_logo_out_of_the_workspace_is_refused(spec_dir, tmp_path, runner):
    outside = tmp_path / "outside.png"
    png(outside)
    (spec_dir / "logo.png").symlink_to(outside)
    text = (spec_dir / "qbrgen.yaml").read_text().replace("vendor:\n", "vendor:\n  logo: logo.png\n", 1)
    (spec_dir / "qbrgen.yaml").write_text(text)
    result = runner.invoke(main, ["validate", str(spec_dir)])
    assert result.exit_code == 1 and "vendor.logo" in result.output and "outside the workspace" in result.output


# -- 6. files the HTML template reads are dependencies ---------------------------------------------


def test_partial_stylesheet_and_image_of_the_html_template_are_tracked(spec_dir, tmp_path, runner):
    (spec_dir / "part.html").write_text("<p>{{ document.title }}</p>")
    (spec_dir / "style.css").write_text("p { color: #123456; }")
    png(spec_dir / "pic.png")
    _with_html(spec_dir, '<html><head><link rel="stylesheet" href="style.css"></head>'
                         '<body>{% include "part.html" %}<img src="pic.png"></body></html>')
    out = tmp_path / "out"
    args = ["build", str(spec_dir), "-o", str(out), "-j", "1", "--format", "pdf", "--as-of", "2026-11-23"]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    manifest = (out / ".qbrgen-manifest.json").read_text()
    for name in ("part.html", "style.css", "t.html", "pic.png"):
        assert str((spec_dir / name).resolve()) in manifest
    check = [*args, "--check"]
    assert runner.invoke(main, check).exit_code == 0
    for name, text in (("part.html", b"<p>changed {{ document.title }}</p>"), ("style.css", b"p { color: red; }"),
                       ("pic.png", png(tmp_path / "other.png", (9, 9)).read_bytes())):
        before = (spec_dir / name).read_bytes()
        (spec_dir / name).write_bytes(text)
        stale = runner.invoke(main, check)
        assert stale.exit_code == 1 and "out of date" in stale.output, (name, stale.output)
        (spec_dir / name).write_bytes(before)


def test_a_template_runtime_error_names_the_template_line(spec_dir):
    info = _with_html(spec_dir, "<html>\n<body>\n{{ 1 / 0 }}\n</body></html>")
    with pytest.raises(TemplateError, match=r"t\.html:3: ZeroDivisionError"):
        _html(info)




# -- 9. big account files ---------------------------------------------------------------------------

# A process guard, not a timing assertion: the quadratic scan took hours on this file; linear takes seconds.
SCAN = "import sys\nfrom qbrgen.cli import main\nmain(sys.argv[1:])\n"


def test_control_characters_on_every_line_of_a_big_file_are_scanned_linearly(tmp_path):
    import subprocess
    import sys

    account = (EXAMPLES / "accounts" / "corner-bakery.yaml").read_text()
    body = account + "".join(f"# note {i}\x01\n" for i in range(300_000))
    path = tmp_path / "big.yaml"
    path.write_text(body)
    assert 4_000_000 < path.stat().st_size < 5 * 1024 * 1024
    done = subprocess.run([sys.executable, "-c", SCAN, "validate", str(path)], capture_output=True, text=True,
                          timeout=240)
    output = done.stdout + done.stderr
    assert done.returncode == 0 and "Traceback" not in output, output[-2000:]
    first = account.count("\n") + 1
    assert f"big.yaml:{first}: removed invisible control character(s) U+0001" in output
    assert "from 299980 more line(s)" in output and output.count("U+0001") == 20


def test_an_account_file_over_5_mb_is_refused_with_a_clear_message(tmp_path, runner):
    path = tmp_path / "huge.yaml"
    path.write_text("version: 1\n" + "# padding\n" * 600_000)
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1 and "huge.yaml: the file is larger than 5 MB" in result.output


# -- 10, 14, 15. team templates and logos -----------------------------------------------------------


def _office(kind: str) -> bytes:
    buf = io.BytesIO()
    if kind == "pptx":
        from pptx import Presentation

        Presentation().save(buf)
    else:
        from docx import Document

        Document().save(buf)
    return buf.getvalue()


def _edit(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """Return the zip ``data`` with parts replaced, added, or (None) removed; a callable edits a part."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            change = changes.get(name, src.read(name))
            if callable(change):
                change = change(src.read(name))
            if change is not None:
                dst.writestr(name, change)
        for name, blob in changes.items():
            if name not in src.namelist() and blob is not None:
                dst.writestr(name, blob)
    return out.getvalue()


def _workspace(spec_dir, key: str, name: str, data: bytes):
    (spec_dir / name).write_bytes(data)
    (spec_dir / "qbrgen.yaml").write_text(f"version: 1\ntemplates:\n  {key}: {name}\n")
    return spec_dir


def _validate(runner, folder):
    result = runner.invoke(main, ["validate", str(folder)])
    assert "Traceback" not in result.output and "internal error" not in result.output, result.output
    return result


BAD_TEMPLATES = {
    "not-a-zip": ("deck", "brand.pptx", lambda: b"this is text, not a presentation", "not a valid Office file"),
    "zip-bomb-ratio": ("deck", "brand.pptx", lambda: _edit(_office("pptx"), {"ppt/media/pad.bin": bytes(8 << 20)}),
                       "compressed more than 100 to 1"),
    "xxe": ("proposal_docx", "brand.docx", lambda: _edit(_office("docx"), {"word/document.xml": lambda b: b.replace(
        b"?>", b'?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)}), "declares a DTD"),
    "undefined-entity": ("proposal_docx", "brand.docx", lambda: _edit(_office("docx"), {
        "word/document.xml": lambda b: b.replace(b"<w:body>", b"<w:body>&undefined;", 1)}), "not well-formed XML"),
    "slide-size-0": ("deck", "brand.pptx", lambda: _edit(_office("pptx"), {
        "ppt/presentation.xml": lambda b: re.sub(rb'<p:sldSz cx="\d+" cy="\d+"', b'<p:sldSz cx="0" cy="0"', b)}),
        "outside what Office allows"),
    "slide-size-huge": ("deck", "brand.pptx", lambda: _edit(_office("pptx"), {
        "ppt/presentation.xml": lambda b: re.sub(rb'<p:sldSz cx="\d+"', b'<p:sldSz cx="99999999999"', b)}),
        "outside what Office allows"),
    "no-content-types": ("deck", "brand.pptx", lambda: _edit(_office("pptx"), {"[Content_Types].xml": None}),
                         "not an Office file"),
}


@pytest.mark.parametrize("case", sorted(BAD_TEMPLATES), ids=str)
def test_unusable_template_is_a_clear_error_in_validate_and_build(case, spec_dir, runner, tmp_path):
    key, name, make, message = BAD_TEMPLATES[case]
    _workspace(spec_dir, key, name, make())
    result = _validate(runner, spec_dir)
    assert result.exit_code == 1 and f"templates.{key}: {name}: " in result.output and message in result.output
    fmt = "pptx" if key == "deck" else "docx"
    built = runner.invoke(main, ["build", str(spec_dir), "-o", str(tmp_path / "out"), "-j", "1", "--format", fmt])
    assert built.exit_code == 1 and message in built.output and "internal error" not in built.output
    assert not list((tmp_path / "out").rglob("*.pptx")) + list((tmp_path / "out").rglob("*.docx"))


EXTERNAL = (b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'image" Target="https://tracker.example.invalid/pixel.png" TargetMode="External"/></Relationships>')


def test_external_links_and_macros_are_removed_from_a_deck_template(spec_dir, runner, tmp_path):
    import zipfile

    base = _office("pptx")
    layout_rels = "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
    data = _edit(base, {
        layout_rels: lambda b: b.replace(b"</Relationships>", EXTERNAL),
        "ppt/vbaProject.bin": b"macro bytes",
        "[Content_Types].xml": lambda b: b.replace(b"</Types>", b'<Default Extension="bin" ContentType='
                                                   b'"application/vnd.ms-office.vbaProject"/></Types>'),
    })
    _workspace(spec_dir, "deck", "brand.pptx", data)
    result = _validate(runner, spec_dir)
    assert result.exit_code == 0, result.output
    assert "templates.deck: brand.pptx: removed links to outside files" in result.output
    assert "brand.pptx: removed its macro project" in result.output
    built = runner.invoke(main, ["build", str(spec_dir), "-o", str(tmp_path / "out"), "-j", "1", "--format", "pptx",
                                 "--as-of", "2026-11-23"])
    assert built.exit_code == 0, built.output
    (deck,) = (tmp_path / "out").rglob("*.pptx")
    package = zipfile.ZipFile(deck)
    assert not [n for n in package.namelist() if "vba" in n.lower()]
    for part in package.namelist():
        blob = package.read(part)
        assert b'TargetMode="External"' not in blob and b"tracker.example.invalid" not in blob, part
        assert b"vbaProject" not in blob and b"macroEnabled" not in blob, part


def test_remote_attached_template_is_removed_from_a_docx_template(spec_dir, runner, tmp_path):
    import zipfile

    rels = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            b'openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="http://evil.example.'
            b'invalid/t.dotm" TargetMode="External"/></Relationships>')
    data = _edit(_office("docx"), {
        "word/_rels/settings.xml.rels": rels,
        "word/settings.xml": lambda b: b.replace(b"<w:defaultTabStop", b'<w:attachedTemplate r:id="rId1"/>'
                                                 b"<w:defaultTabStop", 1),
    })
    assert b"attachedTemplate" in zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml")
    _workspace(spec_dir, "proposal_docx", "brand.docx", data)
    result = _validate(runner, spec_dir)
    assert result.exit_code == 0 and "removed the link to an attached template" in result.output, result.output
    built = runner.invoke(main, ["build", str(spec_dir), "-o", str(tmp_path / "out"), "-j", "1", "--format", "docx",
                                 "--as-of", "2026-11-23"])
    assert built.exit_code == 0, built.output
    (doc,) = (tmp_path / "out").rglob("*.docx")
    package = zipfile.ZipFile(doc)
    for part in package.namelist():
        blob = package.read(part)
        assert b"attachedTemplate" not in blob and b"evil.example.invalid" not in blob, part


def _png_header(w: int, h: int) -> bytes:
    import struct
    import zlib

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + chunk + struct.pack(">I", zlib.crc32(chunk))
            + b"\x00\x00\x00\x00IEND\xaeB`\x82")


BAD_LOGOS = {
    "svg": ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "SVG"),
    "text": ("logo.png", b"just some text\n", "not an image qbrgen can use"),
    "empty": ("logo.png", b"", "is empty"),
    "huge-header": ("logo.png", _png_header(100000, 100000), "100000 x 100000 pixels"),
}


@pytest.mark.parametrize("case", sorted(BAD_LOGOS), ids=str)
def test_unusable_vendor_logo_is_reported_by_validate_and_build(case, spec_dir, runner, tmp_path):
    name, data, message = BAD_LOGOS[case]
    (spec_dir / name).write_bytes(data)
    (spec_dir / "qbrgen.yaml").write_text(f"version: 1\nvendor:\n  name: Acme\n  logo: {name}\n")
    result = _validate(runner, spec_dir)
    assert result.exit_code == 1 and "vendor.logo: " in result.output and message in result.output, result.output
    built = runner.invoke(main, ["build", str(spec_dir), "-o", str(tmp_path / "out"), "-j", "1", "--format", "pdf"])
    assert built.exit_code == 1 and message in built.output and "internal error" not in built.output


# -- 11. what validates always builds ---------------------------------------------------------------

NORTHWIND = EXAMPLES / "accounts" / "northwind-logistics.yaml"
EXTREMES = {
    "tiny-arr": ("  - {date: 2024-01-15, arr: 250000}", "  - {date: 2024-01-15, arr: 1e-999999}"),
    "tiny-baseline": (re.compile(r"baseline: [0-9.]+"), "baseline: 1e-100000000000"),
    "tiny-fraction": ("  - {date: 2024-01-15, arr: 250000}", "  - {date: 2024-01-15, arr: 0.000000000000000000001}"),
    "negative-zero": ("  increase_pct: 5 ", "  increase_pct: -0 "),
}


def _variant(tmp_path, old, new) -> Path:
    text = NORTHWIND.read_text()
    changed = old.sub(new, text, count=1) if isinstance(old, re.Pattern) else text.replace(old, new, 1)
    assert changed != text
    path = tmp_path / "acct.yaml"
    path.write_text(changed)
    return path


@pytest.mark.parametrize("case", sorted(EXTREMES), ids=str)
def test_extreme_but_valid_numbers_build(case, tmp_path, runner):
    path = _variant(tmp_path, *EXTREMES[case])
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 0
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out"), "-j", "1", "--as-of",
                                  "2026-11-23", "--format", "pptx,docx,md"])
    assert result.exit_code == 0, result.output
    plan = next((tmp_path / "out").rglob("*.md")).read_text()
    assert "-$0.00" not in plan and "-0%" not in plan and "-$0" not in plan


def test_a_meeting_at_the_end_of_time_is_refused_by_validate(tmp_path, runner):
    path = _variant(tmp_path, "  date: 2026-12-10\n", "  date: 9999-12-31 23:30\n")
    result = runner.invoke(main, ["validate", str(path)])
    line = path.read_text().splitlines().index("  date: 9999-12-31 23:30") + 1
    assert result.exit_code == 1
    assert f"acct.yaml:{line}: qbr.date: '9999-12-31 23:30' is outside the dates" in result.output, result.output
    last = _variant(tmp_path, "  date: 2026-12-10\n", "  date: 2199-12-31 23:30\n")
    built = runner.invoke(main, ["build", str(last), "-o", str(tmp_path / "out"), "-j", "1", "--as-of", "2026-11-23",
                                 "--format", "pptx,docx,pdf,md"])
    assert built.exit_code == 0, built.output


def test_portfolio_and_lint_leave_out_a_failing_account_and_go_on(tmp_path, runner, monkeypatch):
    import qbrgen.analysis.figures

    for source in (EXAMPLES / "accounts").glob("*.yaml"):
        shutil.copy(source, tmp_path / source.name)
    shutil.copy(EXAMPLES / "qbrgen.yaml", tmp_path / "qbrgen.yaml")
    real = qbrgen.analysis.figures.compute

    def failing(account, *args, **kwargs):
        if account.account.name.startswith("Corner"):
            raise ArithmeticError("simulated")
        return real(account, *args, **kwargs)

    monkeypatch.setattr(qbrgen.analysis.figures, "compute", failing)
    monkeypatch.setattr("qbrgen.analysis.portfolio.compute", failing)
    result = runner.invoke(main, ["portfolio", str(tmp_path), "--as-of", "2026-11-23", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "corner-bakery.yaml: left out of the portfolio" in result.output and "Northwind" in result.output
    monkeypatch.setattr("qbrgen.analysis.context.compute", failing)
    linted = runner.invoke(main, ["lint", str(tmp_path), "--as-of", "2026-11-23"])
    assert "Traceback" not in linted.output and "7 account(s) linted:" in linted.output
    assert "northwind-logistics.yaml:" in linted.output  # the accounts after the failing one are linted
    assert "corner-bakery.yaml: internal error: ArithmeticError: simulated" in linted.output


# -- 14. more user errors that were reported as internal errors -------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["--timeout", "nan"], "--timeout"),
    (["--as-of", "9999-12-31"], "outside the dates qbrgen handles"),
    (["--as-of", "1066-10-14"], "outside the dates qbrgen handles"),
], ids=["timeout-nan", "as-of-far-future", "as-of-far-past"])
def test_odd_build_options_are_usage_errors(args, message, tmp_path, runner):
    result = runner.invoke(main, ["build", str(NORTHWIND), "-o", str(tmp_path), "--format", "md", *args])
    assert result.exit_code == 2 and message in result.output and "internal error" not in result.output


def test_timeout_inf_means_no_limit(tmp_path, runner):
    result = runner.invoke(main, ["build", str(NORTHWIND), "-o", str(tmp_path), "-j", "1", "--format", "md",
                                  "--as-of", "2026-11-23", "--timeout", "inf"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", ["abc", "-5", "1.5", "1e9", "99999999999999999999", "7258118400", " 12 34"])
def test_an_unusable_source_date_epoch_is_reported(value, tmp_path, runner, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = runner.invoke(main, ["build", str(NORTHWIND), "-o", str(tmp_path), "-j", "1", "--format", "md",
                                  "--as-of", "2026-11-23"])
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH=" in result.output and "internal error" not in result.output
    assert not list(tmp_path.rglob("*.md"))


def test_a_usable_source_date_epoch_stamps_the_files(tmp_path, runner, monkeypatch):
    import zipfile

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    result = runner.invoke(main, ["build", str(NORTHWIND), "-o", str(tmp_path), "-j", "1", "--format", "docx",
                                  "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    core = zipfile.ZipFile(next(tmp_path.rglob("*.docx"))).read("docProps/core.xml")
    assert b"1970-01-01T00:00:00Z" in core


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_validate_a_device_or_fifo_is_a_clear_error(target, tmp_path, runner):
    if target == "fifo":
        target = str(tmp_path / "pipe.yaml")
        os.mkfifo(target)
    result = runner.invoke(main, ["validate", target])
    assert result.exit_code == 1 and "not a regular file" in result.output and "internal error" not in result.output


# -- 16. reproducible and unambiguous values ---------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "1767225600", "Jan 5 2026", "2026/01/05", "20260105"])
def test_dates_accept_iso_only(value, tmp_path, runner):
    path = _variant(tmp_path, "last_contact: 2026-11-02", f"last_contact: {value}")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1 and "last_contact: must be a date like 2027-01-15" in result.output, result.output


def test_negative_zero_prints_as_zero():
    from decimal import Decimal

    from qbrgen.fmt import Formatter

    f = Formatter("en_US", "USD")
    assert f.money(Decimal("-0")) == "$0.00" and f.money(Decimal("-0.001")) == "$0.00"
    assert f.pct(Decimal("-0")) == "0%" and f.percent(Decimal("-0.00001")) == "0%"
    assert f.number(Decimal("-0.01")) == "0"
    assert Formatter("de_DE", "EUR").money(Decimal("-0.004")) == "0,00\xa0€"


def test_pdf_bytes_do_not_depend_on_the_workspace_path(tmp_path, runner):
    pdfs = []
    for name in ("one", "two/deeper/still"):
        ws = tmp_path / name
        ws.mkdir(parents=True)
        shutil.copy(EXAMPLES / "accounts" / "corner-bakery.yaml", ws / "bakery.yaml")
        png(ws / "logo.png", (40, 20))
        (ws / "qbrgen.yaml").write_text("version: 1\nvendor:\n  name: Acme\n  logo: logo.png\n")
        result = runner.invoke(main, ["build", str(ws), "-o", str(ws / "out"), "-j", "1", "--format", "pdf",
                                      "--as-of", "2026-11-23"])
        assert result.exit_code == 0, result.output
        pdfs.append(next((ws / "out").rglob("*.pdf")).read_bytes())
    assert pdfs[0] == pdfs[1]
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdfs[0])).pages[0]
    assert page.images, "the logo is in the PDF"


def test_validate_reports_a_syntax_error_in_the_html_template(spec_dir, runner):
    (spec_dir / "t.html").write_text("<html>\n<body>\n{% if document.title %}\n</body></html>")
    (spec_dir / "qbrgen.yaml").write_text("version: 1\ntemplates:\n  proposal_html: t.html\n")
    result = _validate(runner, spec_dir)
    assert result.exit_code == 1 and re.search(r"qbrgen\.yaml:3: templates\.proposal_html: t\.html:\d+: ",
                                               result.output), result.output


def test_symlinked_deck_template_out_of_the_workspace_is_refused(spec_dir, tmp_path, runner):
    (tmp_path / "brand.pptx").write_bytes(_office("pptx"))
    (spec_dir / "brand.pptx").symlink_to(tmp_path / "brand.pptx")
    (spec_dir / "qbrgen.yaml").write_text("version: 1\ntemplates:\n  deck: brand.pptx\n")
    result = _validate(runner, spec_dir)
    assert result.exit_code == 1 and "templates.deck: 'brand.pptx' is outside the workspace" in result.output
