"""A fresh clone has no ``../shared``: no test may read beside the checkout, and the guard that says so works."""

from __future__ import annotations

import re

import pytest

from .conftest import OUTSIDE_READS, ROOT, outside_repository


@pytest.mark.reads_outside
def test_the_guard_notices_a_read_beside_the_checkout():
    before = len(OUTSIDE_READS)
    target = ROOT.parent / "shared" / "spec" / "account.example.yaml"
    try:
        target.read_text()
    except OSError:
        pass  # absent on a user's machine: the attempt is what counts
    assert str(target) in OUTSIDE_READS[before:]
    del OUTSIDE_READS[before:]


def test_what_counts_as_outside():
    assert outside_repository(ROOT.parent / "shared" / "spec")
    assert outside_repository("/work/shared/real-templates/x.pptx")
    assert not outside_repository(ROOT / "tests" / "fixtures" / "spec" / "account.example.yaml")
    assert not outside_repository(ROOT / "examples" / "qbrgen.yaml")


def test_no_test_names_a_path_beside_the_checkout():
    """Subprocesses escape the audit hook, so the sources are checked too."""
    pattern = re.compile(r"""["'/](\.\./shared|/work/shared)|parent\s*/\s*["']shared""")
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        if path.name in ("conftest.py", "test_repository_hygiene.py"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_ci_runs_the_readme_test_command_exactly_and_fails_with_it():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.*?)\n```", readme, re.S)
    test_command = next(c for c in commands if "pytest" in c)
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in script.splitlines()
    assert "set -euo pipefail" in script  # a failing suite fails CI
    assert "--resolution lowest-direct" in script or ".ci/lowest.py" in script  # the lower bounds are tested too
