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
