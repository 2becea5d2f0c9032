"""--select and --changed-since on build, lint and validate; --format github; lint findings on stdout."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES

AS_OF = ["--as-of", "2026-11-23"]


def qbrgen(*args, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qbrgen.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.fixture
def book(tmp_path) -> Path:
    """A workspace of three example accounts (two owners, two segments) in a git repository."""
    repo = tmp_path / "book"
    (repo / "accounts").mkdir(parents=True)
    shutil.copy(EXAMPLES / "qbrgen.yaml", repo / "qbrgen.yaml")
    for name in ("northwind-logistics", "corner-bakery", "meridian-health"):
        shutil.copy(EXAMPLES / "accounts" / f"{name}.yaml", repo / "accounts" / f"{name}.yaml")
    (repo / "mkdocs.yml").write_text("site_name: Our book\nnav:\n  - index.md\n")  # not an account
    return repo


def _names(output: str) -> set[str]:
    return {n for n in ("northwind-logistics", "corner-bakery", "meridian-health") if n in output}


def test_select_by_segment_owner_and_file_on_validate_and_lint(book):
    import yaml

    segment = yaml.safe_load((book / "accounts" / "corner-bakery.yaml").read_text())["account"]["segment"]
    owner = yaml.safe_load((book / "accounts" / "northwind-logistics.yaml").read_text())["account"]["owner"]
    only = qbrgen("validate", book, "--select", f"segment={segment}")
    assert only.returncode == 0, only.stderr
    assert "2 file(s) checked" in only.stderr  # qbrgen.yaml and the one selected account; mkdocs.yml is no account
    assert "1 other YAML file(s) left alone, not account files: mkdocs.yml" in only.stderr
    linted = qbrgen("lint", book / "accounts", "--select", f"owner={owner}", *AS_OF)
    assert _names(linted.stdout) <= {"northwind-logistics"} and "1 account(s) linted" in linted.stderr
    globbed = qbrgen("lint", book, "--select", "file=*/corner-*.yaml,*/meridian-*", *AS_OF)
    assert "2 account(s) linted" in globbed.stderr
    both = qbrgen("lint", book, "--select", "file=*/corner-*.yaml,*/meridian-*", "--select", f"segment={segment}",
                  *AS_OF)
    assert "1 account(s) linted" in both.stderr
    bad = qbrgen("lint", book, "--select", "colour=red")
    assert bad.returncode == 2 and "owner, segment, tier, file" in bad.stderr


def test_select_by_tier(tmp_path, spec_dir):
    """Tiers rank the book by ARR: of three accounts in one currency (segmented at 3), the largest is white-glove."""
    text = (spec_dir / "northwind.yaml").read_text()
    for n, arr in enumerate((300000, 900000, 30000)):
        (spec_dir / f"copy-{n}.yaml").write_text(
            text.replace("arr: 300000", f"arr: {arr}", 1).replace("name: Northwind Logistics", f"name: Copy {n}", 1))
    (spec_dir / "northwind.yaml").unlink()
    with (spec_dir / "qbrgen.yaml").open("a") as fh:  # three accounts: segmented only when the team says so
        fh.write("\nsegmentation:\n  min_accounts: 3\n")
    result = qbrgen("lint", spec_dir, "--select", "tier=white-glove", *AS_OF)
    assert "1 account(s) linted" in result.stderr and "copy-1.yaml" in result.stdout, result.stderr
    assert "copy-0.yaml" not in result.stdout and "copy-2.yaml" not in result.stdout


def test_a_non_account_yaml_in_the_repository_never_breaks_a_build(book):
    result = qbrgen("build", book, "-o", book.parent / "out", "--format", "md", *AS_OF)
    assert result.returncode == 0, result.stderr
    assert "3 account(s): 3 built" in result.stderr and "mkdocs" not in result.stderr


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=repo, check=True,
                   capture_output=True)


def test_changed_since_takes_the_changed_accounts_and_a_changed_workspace_takes_all(book):
    _git(book, "init", "-q")
    _git(book, "add", ".")
    _git(book, "commit", "-qm", "book")
    none = qbrgen("lint", book, "--changed-since", "HEAD", *AS_OF)
    assert "0 account(s) linted" in none.stderr
    bakery = book / "accounts" / "corner-bakery.yaml"
    bakery.write_text(bakery.read_text() + "\n# edited\n")
    one = qbrgen("build", book, "-o", book.parent / "out", "--format", "md", "--changed-since", "HEAD", *AS_OF)
    assert one.returncode == 0 and "1 account(s): 1 built" in one.stderr, one.stderr
    assert [p.name for p in (book.parent / "out").iterdir() if p.is_dir()] == ["corner-bakery-ltd"]
    _git(book, "commit", "-qam", "bakery")
    assert "1 account(s) linted" in qbrgen("lint", book, "--changed-since", "HEAD~1", *AS_OF).stderr
    (book / "qbrgen.yaml").write_text((book / "qbrgen.yaml").read_text() + "\n# edited\n")
    assert "4 file(s) checked" in qbrgen("validate", book, "--changed-since", "HEAD").stderr  # and qbrgen.yaml
    missing = qbrgen("lint", book, "--changed-since", "no-such-rev", *AS_OF)
    assert missing.returncode == 2 and "no-such-rev" in missing.stderr and "Traceback" not in missing.stderr


def test_lint_findings_go_to_stdout_and_the_summary_to_stderr(spec_dir):
    result = qbrgen("lint", spec_dir / "northwind.yaml", *AS_OF)
    assert "[QBR" in result.stdout and "[QBR" not in result.stderr
    assert "account(s) linted" in result.stderr and "linted" not in result.stdout


def test_format_github_prints_workflow_annotations(tmp_path, spec_dir):
    account = spec_dir / "northwind.yaml"
    text = account.read_text()
    account.write_text(text.replace("  segment:", "  segmnt:", 1))
    line = text[: text.index("  segment:")].count("\n") + 1
    result = qbrgen("validate", spec_dir, "--format", "github")
    assert result.returncode == 1
    assert f"::error file={account},line={line}::account.segmnt: unknown field" in result.stdout, result.stdout
    account.write_text(text)
    linted = qbrgen("lint", account, "--format", "github", *AS_OF)
    annotations = [x for x in linted.stdout.splitlines() if x]
    assert annotations and all(x.startswith(("::error file=", "::warning file=")) for x in annotations)
    assert any(x.startswith(f"::warning file={account},line=") and "[QBR" in x for x in annotations)
