"""The suite and the build on a fresh machine: optional system libraries missing, newer dependency versions."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES

# Run qbrgen as if libharfbuzz-subset were not installed: WeasyPrint's dlopen of it fails, and every
# warning is an error (as in this suite), so a warning escaping from WeasyPrint fails the build.
WITHOUT_SUBSETTER = """
import sys, warnings
warnings.simplefilter("error")
import cffi
_real = cffi.FFI.dlopen
def _dlopen(self, name, *args, **kwargs):
    if "harfbuzz-subset" in str(name):
        raise OSError("simulated: " + str(name) + " is not installed")
    return _real(self, name, *args, **kwargs)
cffi.FFI.dlopen = _dlopen
from qbrgen.cli import main
try:
    main(sys.argv[1:])
finally:
    from weasyprint.text import ffi
    print("SYSTEM SUBSETTER", ffi.harfbuzz_subset is not None)
"""

ACCOUNTS = ("corner-bakery.yaml", "northwind-logistics.yaml", "brauhaus-keller.yaml")


def _build(tmp_path, name: str, jobs: str, simulate_missing: bool) -> tuple[dict[str, bytes], str]:
    """Build three example accounts in all three formats; return {relative path: bytes} and the output."""
    src = tmp_path / f"{name}-in"
    src.mkdir()
    for account in ACCOUNTS:
        shutil.copy(EXAMPLES / "accounts" / account, src / account)
    out = tmp_path / f"{name}-out"
    args = ["build", str(src), "-o", str(out), "-j", jobs, "--format", "pptx,docx,pdf", "--as-of", "2026-11-23"]
    cmd = [sys.executable, "-c", WITHOUT_SUBSETTER, *args] if simulate_missing else \
        [sys.executable, "-m", "qbrgen", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
             if p.suffix in (".pptx", ".docx", ".pdf")}
    return files, output


@pytest.fixture(scope="module")
def two_machines(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("machines")
    return _build(tmp, "with", "1", False), _build(tmp, "without", "2", True)


def test_pdf_builds_without_the_harfbuzz_subsetter(two_machines):
    _, (files, output) = two_machines
    assert "SYSTEM SUBSETTER False" in output  # the simulation took hold
    assert "internal error" not in output and "Traceback" not in output and "Warning" not in output
    assert "harfbuzz" not in output.lower()  # nothing to install: qbrgen subsets fonts itself
    pdfs = [name for name in files if name.endswith(".pdf")]
    assert len(pdfs) == len(ACCOUNTS) and all(files[p].startswith(b"%PDF") for p in pdfs)


def test_outputs_are_identical_with_or_without_the_system_subsetter_and_at_any_jobs(two_machines):
    """One build at -j1 on a machine with libharfbuzz-subset, one at -j2 without it: the same bytes."""
    (with_lib, _), (without_lib, _) = two_machines
    assert len(with_lib) == 3 * len(ACCOUNTS) and sorted(with_lib) == sorted(without_lib)
    differ = [name for name in with_lib if with_lib[name] != without_lib[name]]
    assert not differ, differ


def test_cached_font_subsets_are_the_bytes_of_fresh_ones(tmp_path):
    """A PDF whose fonts come from the worker's subset cache is byte for byte the PDF of a cold worker."""
    from qbrgen.account.validate import Workspaces, load_account
    from qbrgen.build.outputs import render_outputs
    from qbrgen.render import pdf_fonts
    from tests.conftest import AS_OF

    path = EXAMPLES / "accounts" / "northwind-logistics.yaml"
    info = load_account(path, Workspaces().for_account(path))
    pdf_fonts.clear()
    before = dict(pdf_fonts.stats)
    cold = render_outputs(info, tmp_path, ["pdf"], AS_OF)
    assert pdf_fonts.stats["subsets"] > before["subsets"]
    hits = pdf_fonts.stats["hits"]
    warm = render_outputs(info, tmp_path, ["pdf"], AS_OF)
    assert pdf_fonts.stats["hits"] > hits  # the second PDF's fonts came from the cache
    assert warm == cold


def test_a_cached_subset_is_a_fresh_subset():
    from qbrgen.render import pdf_fonts

    data = (EXAMPLES.parent / "templates" / "fonts" / "Carlito-Regular.ttf").read_bytes()
    fresh = pdf_fonts.subset(data, 0, [3, 40, 41, 68], hinting=False, notdef_outline=False, cache=False)
    first = pdf_fonts.subset(data, 0, [68, 41, 40, 3], hinting=False, notdef_outline=False)
    again = pdf_fonts.subset(data, 0, {3, 40, 41, 68}, hinting=False, notdef_outline=False)
    assert fresh == first == again and fresh is not None and len(fresh) < len(data) / 4
    other = pdf_fonts.subset(data, 0, [3, 40, 41, 69], hinting=False, notdef_outline=False)
    assert other != fresh  # a different glyph set is a different subset, not a stale cache entry


def test_a_build_prints_only_its_summary(tmp_path):
    """Nothing a library logs while reading the bundled fonts reaches the user's terminal."""
    account = EXAMPLES / "accounts" / "northwind-logistics.yaml"
    done = subprocess.run([sys.executable, "-m", "qbrgen", "build", str(account),
                           "-o", str(tmp_path / "out"), "--format", "pptx,docx,pdf", "--as-of", "2026-11-23"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1 and "1 built (3 files)" in lines[0], lines
