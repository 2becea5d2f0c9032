"""The suite and the build on a fresh machine: optional system libraries missing, newer dependency versions."""

from __future__ import annotations

import subprocess
import sys

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
main(sys.argv[1:])
"""


def test_pdf_builds_without_the_harfbuzz_subsetter(tmp_path):
    account = EXAMPLES / "accounts" / "corner-bakery.yaml"
    cmd = [sys.executable, "-c", WITHOUT_SUBSETTER, "build", str(account), "-o", str(tmp_path), "-j", "1",
           "--format", "pdf", "--as-of", "2026-11-23"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "internal error" not in output and "Traceback" not in output and "Warning" not in output
    assert output.count("libharfbuzz-subset0") == 1  # one hint, not one per account or font
    pdfs = list(tmp_path.rglob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")


def test_a_build_prints_only_its_summary(tmp_path):
    """Nothing a library logs while reading the bundled fonts reaches the user's terminal."""
    import subprocess
    import sys

    from .conftest import EXAMPLES

    account = EXAMPLES / "accounts" / "northwind-logistics.yaml"
    done = subprocess.run([sys.executable, "-m", "qbrgen", "build", str(account),
                           "-o", str(tmp_path / "out"), "--format", "pptx,docx,pdf", "--as-of", "2026-11-23"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = [line for line in (done.stdout + done.stderr).splitlines()
             if line.strip() and "harfbuzz" not in line.lower()]  # the one hint a machine without its subsetter gets
    assert len(lines) == 1 and "1 built (3 files)" in lines[0], lines
