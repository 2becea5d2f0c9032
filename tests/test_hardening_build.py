"""Hardening of the build's bookkeeping: outputs are verified, and the manifest and journal are inputs.

Each output is recorded with its size and hash; an output edited, truncated, replaced or turned into
a link is stale for ``--check`` and rebuilt by the next build. A manifest or journal that is a link,
a FIFO, a device or nested absurdly deep is ignored with a warning: never read, never followed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qbrgen.build.manifest import JOURNAL, MANIFEST
from qbrgen.cli import main

AS_OF = ["--as-of", "2026-11-23"]
PLAN = "account-plan-INTERNAL.md"


def build(runner, spec_dir, out, *extra):
    return runner.invoke(main, ["build", str(spec_dir), "-o", str(out), "-j", "1", "--format", "md", *AS_OF, *extra])


@pytest.fixture
def built(runner, spec_dir, tmp_path):
    out = tmp_path / "out"
    result = build(runner, spec_dir, out)
    assert result.exit_code == 0, result.output
    (plan,) = out.rglob(PLAN)
    assert build(runner, spec_dir, out, "--check").exit_code == 0
    return spec_dir, out, plan


def test_manifest_records_size_and_hash_of_each_output(built):
    import hashlib

    _, out, plan = built
    (entry,) = json.loads((out / MANIFEST).read_text())["accounts"].values()
    size, digest, _, _ = entry["sums"][plan.relative_to(out).as_posix()]
    assert size == plan.stat().st_size and digest == hashlib.sha256(plan.read_bytes()).hexdigest()


def same_size_edit(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[10] = ord("X") if data[10] != ord("X") else ord("Y")
    path.write_bytes(bytes(data))


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def replace_by_copy_elsewhere_linked(path: Path) -> None:
    target = path.parent.parent.parent / "planted.md"
    target.write_bytes(path.read_bytes())  # the same bytes: only the kind of file differs
    path.unlink()
    path.symlink_to(target)


def replace_with_other(path: Path) -> None:
    path.unlink()
    path.write_text("someone else's file\n")


CHANGES = {"edited, same size": same_size_edit, "truncated": truncate, "replaced": replace_with_other,
           "symlinked": replace_by_copy_elsewhere_linked}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_changed_output_is_stale_for_check_and_rebuilt(built, runner, change):
    spec_dir, out, plan = built
    good = plan.read_bytes()
    CHANGES[change](plan)
    check = build(runner, spec_dir, out, "--check")
    assert check.exit_code == 1 and "outputs are missing or out of date" in check.output
    result = build(runner, spec_dir, out)
    assert result.exit_code == 0, result.output
    assert not plan.is_symlink() and plan.read_bytes() == good
    if change == "symlinked":
        assert (out.parent / "planted.md").read_bytes() == good  # the link's target was never written
    assert build(runner, spec_dir, out, "--check").exit_code == 0


def fifo(path: Path) -> None:
    os.mkfifo(path)


def link_to_device(path: Path) -> None:
    path.symlink_to("/dev/zero")


def link_to_file(path: Path) -> None:
    path.with_name("elsewhere.json").write_text('{"qbrgen": "x", "accounts": {}}')
    path.symlink_to(path.with_name("elsewhere.json"))


def deeply_nested(path: Path) -> None:
    path.write_text("[" * 200_000 + "]" * 200_000)


PLANTED = {"fifo": fifo, "link to a device": link_to_device, "link to a file": link_to_file,
           "nested": deeply_nested}


@pytest.mark.parametrize("name", [MANIFEST, JOURNAL])
@pytest.mark.parametrize("kind", sorted(PLANTED))
def test_planted_manifest_or_journal_is_ignored_with_a_warning(built, kind, name):
    spec_dir, out, plan = built
    target = out / name
    if target.exists():
        target.unlink()
    PLANTED[kind](target)
    elsewhere = out / "elsewhere.json"
    before = elsewhere.read_bytes() if elsewhere.exists() else None
    done = subprocess.run([sys.executable, "-m", "qbrgen", "build", str(spec_dir), "-o", str(out), "-j", "1",
                           "--format", "md", *AS_OF], capture_output=True, text=True, timeout=240)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Traceback" not in output and "internal error" not in output
    assert f"warning: {target}:" in output
    if name == MANIFEST:  # replaced by a real one; a journal is replaced when a build next writes
        assert not target.is_symlink() and target.is_file()
    if before is not None:
        assert elsewhere.read_bytes() == before  # never written through
    json.loads((out / MANIFEST).read_text())  # a real manifest again


# --- account text is text -------------------------------------------------------------------------

FAKE_DOCUSIGN = "\\s1\\"
FAKE_ADOBE = "{{Sig1_es_:signer1:signature}}"


def _all_text(path: Path) -> str:
    import zipfile

    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    if path.suffix == ".md":
        return path.read_text()
    package = zipfile.ZipFile(path)
    from lxml import etree

    texts = []
    for name in package.namelist():
        if name.endswith(".xml"):
            root = etree.fromstring(package.read(name))
            texts.append("".join(t for t in root.itertext()))
    return "\n".join(texts)


@pytest.mark.parametrize("platform", ["docusign", "adobe-sign"])
def test_signature_anchors_in_account_text_are_neutralised_in_every_format(spec_dir, runner, tmp_path, platform):
    account = spec_dir / "northwind.yaml"
    text = account.read_text()
    name = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("name:"))
    account.write_text(text.replace(f"name: {name}", f"name: '{name} {FAKE_DOCUSIGN}{FAKE_ADOBE}'", 1))
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(spec_dir), "-o", str(out), "-j", "1", "--format", "pptx,docx,pdf,md",
                                  "--esign", platform, "--audience", "internal", *AS_OF])
    assert result.exit_code == 0, result.output
    files = [p for p in out.rglob("*") if p.suffix in {".pptx", ".docx", ".pdf", ".md"}]
    assert len(files) == 4
    from qbrgen.render.esign import anchor

    own = {anchor(platform, s, r) for s in (1, 2) for r in ("signature", "name", "title", "date")}
    for path in files:
        body = _all_text(path)
        assert name in body, path
        for fake in (FAKE_DOCUSIGN, FAKE_ADOBE):  # only qbrgen's own anchor, once, where it signs
            expected = 1 if fake in own and path.suffix in {".docx", ".pdf"} else 0
            assert body.count(fake) == expected, (path, fake)
        if path.suffix == ".docx":
            assert all(body.count(a) == 1 for a in own), path
    plan = next(p for p in files if p.suffix == ".md").read_text()
    assert "/s1/" in plan and "{ {Sig1_es_:signer1:signature} }" in plan  # inert, and still legible


@pytest.mark.parametrize("fmt", ["md", "pptx", "csv", "table"])
def test_signature_anchors_in_account_text_are_neutralised_in_the_portfolio(spec_dir, runner, tmp_path, fmt):
    account = spec_dir / "northwind.yaml"
    text = account.read_text()
    name = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("name:"))
    account.write_text(text.replace(f"name: {name}", f"name: '{name} {FAKE_DOCUSIGN}{FAKE_ADOBE}'", 1))
    out = tmp_path / "book.pptx"
    result = runner.invoke(main, ["portfolio", str(spec_dir), "--format", fmt, *AS_OF,
                                  *(["-o", str(out)] if fmt == "pptx" else [])])
    assert result.exit_code == 0, result.output
    body = _all_text(out) if fmt == "pptx" else result.output
    assert name.split()[0] in body
    assert FAKE_DOCUSIGN not in body and FAKE_ADOBE not in body
    if fmt != "table":  # the terminal table wraps a long name
        assert "/s1/" in body and "{ {Sig1_es_:signer1:signature} }" in body  # inert, and still legible


def test_markdown_plan_escapes_html(spec_dir, runner, tmp_path):
    account = spec_dir / "northwind.yaml"
    text = account.read_text()
    name = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("name:"))
    account.write_text(text.replace(f"name: {name}", f"name: \"{name} <img src=x onerror=alert(1)> & Co\"", 1))
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", str(spec_dir), "-o", str(out), "-j", "1", "--format", "md",
                                *AS_OF]).exit_code == 0
    (plan,) = out.rglob(PLAN)
    body = plan.read_text()
    assert "<img" not in body and "&lt;img src=x onerror=alert(1)&gt; & Co" in body  # a lone & reads as written


def test_a_logo_pillow_cannot_decode_is_one_clear_error_and_reports_are_written(spec_dir, runner, tmp_path):
    (spec_dir / "logo.jpg").write_bytes(b"\xff\xd8\xff\xc0\x00\x11\x08\x00\x10\x00\x10\x03\x01\x22\x00garbage")
    workspace = spec_dir / "qbrgen.yaml"
    text = workspace.read_text()
    assert "\nvendor:\n" in text and "logo:" not in text.replace("# logo", "")
    workspace.write_text(text.replace("\nvendor:\n", "\nvendor:\n  logo: logo.jpg\n", 1))
    validate = runner.invoke(main, ["validate", str(spec_dir)])
    assert validate.exit_code == 1 and "vendor.logo: 'logo.jpg' cannot be decoded as an image" in validate.output
    report, junit = tmp_path / "report.json", tmp_path / "junit.xml"
    result = runner.invoke(main, ["build", str(spec_dir), "-o", str(tmp_path / "out"), "-j", "1", "--format",
                                  "pptx,docx", "--report", str(report), "--junit", str(junit), *AS_OF])
    assert result.exit_code == 1 and "'logo.jpg' cannot be decoded as an image" in result.output
    assert "internal error" not in result.output
    assert "logo.jpg" in report.read_text() and "logo.jpg" in junit.read_text()


def test_a_worker_past_its_memory_ceiling_fails_that_account_with_a_clear_message(spec_dir, tmp_path):
    report = tmp_path / "report.json"
    env = {**os.environ, "QBRGEN_WORKER_MEMORY_MB": "1"}
    done = subprocess.run([sys.executable, "-m", "qbrgen", "build", str(spec_dir), "-o", str(tmp_path / "out"),
                           "-j", "1", "--format", "md,docx", "--report", str(report), *AS_OF],
                          capture_output=True, text=True, timeout=240, env=env)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "not built: it ran out of memory" in output and "QBRGEN_WORKER_MEMORY_MB" in output
    assert "internal error" not in output and "Traceback" not in output
    assert "ran out of memory" in report.read_text()


@pytest.mark.parametrize("expression", ['"x" * 100000000', "[1] * 100000000", "3 * 'ab' * 10000000"])
def test_an_html_template_cannot_build_a_huge_string(spec_dir, expression):
    from qbrgen.errors import TemplateError
    from tests.test_hardening_input import _html, _with_html

    info = _with_html(spec_dir, "<html><body>{{ (" + expression + ") | length }}</body></html>")
    with pytest.raises(TemplateError, match="repeats a value into more than 1,000,000 items"):
        _html(info)


# --- memory: a template's own pictures ----------------------------------------------------------------


def _png(width: int, height: int, colour) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("P", (width, height), 0).save(buffer, "PNG") if colour is None else \
        Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_template_picture_is_measured_before_it_is_decoded(monkeypatch):
    from PIL import Image

    from qbrgen.render.ooxml_color import picture_colour

    huge = _png(6000, 5000, None)  # 30 million pixels in a few kilobytes: 120 MB once decoded as RGBA
    assert len(huge) < 200_000
    decoded = []
    real = Image.Image.load
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self.size) or real(self))
    assert picture_colour(huge) == "000000"  # judged by its top rows: the colour without decoding 120 MB
    assert not [size for size in decoded if size[0] * size[1] > 1_000_000]  # a bounded decode, never the whole picture
    assert picture_colour(_png(400, 300, (0, 51, 102))) == "003366"  # an ordinary background still counts


def test_a_large_jpeg_background_is_decoded_reduced_for_its_colour(monkeypatch):
    import io

    from PIL import Image

    from qbrgen.render.ooxml_color import picture_colour

    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), (200, 30, 30)).save(buffer, "JPEG", quality=90)
    decoded = []
    real = Image.Image.load
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self.size) or real(self))
    colour = picture_colour(buffer.getvalue())
    assert colour is not None and int(colour[:2], 16) > 180 and int(colour[2:4], 16) < 60
    assert decoded and max(w * h for w, h in decoded) <= 4000 * 3000 // 64  # an eighth a side, at most
