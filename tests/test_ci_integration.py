"""The repository as CI users reference it: the pre-commit hooks and the composite GitHub Action."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT

BIN = Path(sys.executable).parent


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text())


def test_action_declares_the_inputs_users_set():
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert {"paths", "formats", "shard", "as-of", "output", "internal-output", "internal-formats", "strict-lint",
            "junit", "esign", "pdf-variant", "force", "select", "changed-since"} <= set(action["inputs"])
    assert {"built", "unchanged", "failed", "report"} <= set(action["outputs"])
    assert action["inputs"]["paths"]["default"] == "accounts"
    assert set(action["inputs"]["formats"]["default"].split(",")) <= {"pptx", "docx", "pdf"}
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            # inputs reach the script through env, never pasted into it (no shell injection)
            assert "${{" not in step["run"], step["name"]
            assert subprocess.run(["bash", "-n", "-c", step["run"]], capture_output=True).returncode == 0


def _expand(value: str, inputs: dict[str, str]) -> str:
    return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m.group(1)], str(value))


def _run_build_step(workdir: Path, outputs: Path | None = None, **given: str) -> subprocess.CompletedProcess:
    action = _action()
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()} | given
    (step,) = [s for s in action["runs"]["steps"] if s.get("id") == "build"]
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    env |= {key: _expand(value, inputs) for key, value in step["env"].items()}
    if outputs is not None:
        env["GITHUB_OUTPUT"] = str(outputs)
    return subprocess.run(["bash", "-c", step["run"]], cwd=workdir, env=env, capture_output=True, text=True,
                          timeout=600)


def _step_outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def _artifact(folder: Path, patterns: str, root: Path) -> list[Path]:
    """Return the files upload-artifact takes for ``patterns`` (folders, then ``!glob`` exclusions)."""
    import fnmatch

    lines = [line.strip() for line in patterns.splitlines() if line.strip()]
    taken = [p for line in lines if not line.startswith("!") for p in (root / line).rglob("*") if p.is_file()]
    excluded = [line[1:] for line in lines if line.startswith("!")]
    return [p for p in taken if not any(fnmatch.fnmatch(p.relative_to(root).as_posix(), x) for x in excluded)]


def test_the_workflow_keeps_customer_artifacts_clean_and_rebuilds_only_changed_accounts(tmp_path):
    """The Action's build step, run as a script twice around a simulated cache, as the example workflow runs it."""
    repo, cache = tmp_path / "repo", tmp_path / "cache"
    shutil.copytree(EXAMPLES / "accounts", repo / "accounts")
    shutil.copy(EXAMPLES / "qbrgen.yaml", repo / "qbrgen.yaml")
    (repo / "mkdocs.yml").write_text("site_name: Our accounts\n")  # other YAML in the repository
    action = _action()
    restore = next(s for s in action["runs"]["steps"] if s.get("uses", "").startswith("actions/cache/restore"))
    save = next(s for s in action["runs"]["steps"] if s.get("uses", "").startswith("actions/cache/save"))
    assert restore["with"]["path"] == save["with"]["path"] and restore["with"]["key"] == save["with"]["key"]
    assert restore["with"]["restore-keys"] and restore["with"]["key"].startswith(restore["with"]["restore-keys"])
    inputs = {"formats": "docx", "internal-formats": "md", "as-of": "2026-11-23"}
    cached = [_expand(line, {k: str(v.get("default", "")) for k, v in action["inputs"].items()}).strip()
              for line in restore["with"]["path"].splitlines() if line.strip()]
    assert cached == ["build/customer", "build/internal"]

    first = _run_build_step(repo, tmp_path / "out1", **inputs)
    assert first.returncode == 0, first.stderr
    assert _step_outputs(tmp_path / "out1") == {"built": "7", "unchanged": "0", "failed": "0",
                                                "report": "build/internal/qbrgen-report.json"}
    workflow = yaml.safe_load((EXAMPLES / "ci" / "github-actions.yml.example").read_text())
    uploads = [s["with"] for s in workflow["jobs"]["build"]["steps"] if "upload-artifact" in str(s.get("uses"))]
    customer = next(u for u in uploads if u["name"].startswith("customer"))
    shipped = _artifact(repo / "build" / "customer", customer["path"], repo)
    assert len(shipped) == 10 and {p.name for p in shipped} == {"renewal-proposal.docx", "renewal-notice.md",
                                                                "renewal-notice.pdf", "renewal-notice.html"}
    assert all("INTERNAL" in u["name"] for u in uploads if u is not customer)
    assert len(list((repo / "build" / "internal").rglob("account-plan-INTERNAL.md"))) == 7

    shutil.copytree(repo / "build", cache)  # the save step; the next run starts on a fresh runner
    shutil.rmtree(repo / "build")
    bakery = repo / "accounts" / "corner-bakery.yaml"
    bakery.write_text(bakery.read_text() + "\n# edited\n")
    shutil.copytree(cache, repo / "build")  # the restore step, from the previous run's key prefix
    second = _run_build_step(repo, tmp_path / "out2", **inputs)
    assert second.returncode == 0, second.stderr
    assert _step_outputs(tmp_path / "out2").items() >= {"built": "1", "unchanged": "6", "failed": "0"}.items()
    assert "corner-bakery" in second.stderr

    bad = _run_build_step(repo, None, formats="md")
    assert bad.returncode == 2 and "not a customer format" in bad.stdout
    bad = _run_build_step(repo, None, formats="docx", shard="3/2")
    assert bad.returncode == 2 and "--shard" in bad.stderr


def _pre_commit() -> str:
    found = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")
    if found is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit) so the hooks cannot be tried")
    return found


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_pre_commit_hooks_validate_and_lint_account_files(tmp_path):
    pre_commit = _pre_commit()
    repo = tmp_path / "accounts-repo"
    repo.mkdir()
    shutil.copy(EXAMPLES / "accounts" / "corner-bakery.yaml", repo / "bakery.yaml")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}

    def try_repo() -> subprocess.CompletedProcess:
        return subprocess.run([pre_commit, "try-repo", str(ROOT), "--all-files"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=900)

    # one run (each run installs qbrgen into a fresh hook environment, the slow part): a good file and a bad one
    (repo / "broken.yaml").write_text("version: 1\naccount:\n  name: x\n  segmnt: smb\n")
    _git(repo, "add", ".")
    run = try_repo()
    if "An error has occurred" in run.stdout and "CalledProcessError" in run.stdout and "pip" in run.stdout:
        pytest.skip("pre-commit could not install qbrgen into its hook environment (offline, no package index?)")
    assert run.returncode == 1 and re.search(r"qbrgen validate\.+Failed", run.stdout), run.stdout + run.stderr
    assert re.search(r"broken\.yaml:4: account\.segmnt: unknown field", run.stdout), run.stdout
    assert "bakery.yaml:" not in run.stdout.split("qbrgen lint")[0]  # the good file: no validation problem
    # lint's findings depend on today's date (the hook cannot pass --as-of), so only its running is checked
    assert re.search(r"qbrgen lint\.+(Passed|Failed)", run.stdout) and "account(s) linted" in run.stdout


def test_the_ci_examples_use_hooks_and_inputs_that_exist():
    hooks = {h["id"] for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert hooks == {"qbrgen-validate", "qbrgen-lint"}
    config = yaml.safe_load((EXAMPLES / "ci" / "pre-commit-config.yaml.example").read_text())
    assert {h["id"] for r in config["repos"] for h in r["hooks"]} <= hooks
    workflow = yaml.safe_load((EXAMPLES / "ci" / "github-actions.yml.example").read_text())
    uses = [s for job in workflow["jobs"].values() for s in job["steps"] if "qbrgen" in str(s.get("uses", ""))]
    assert uses and set(uses[0]["with"]) <= set(_action()["inputs"])
