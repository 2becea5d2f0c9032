"""End-to-end runs over tests/corpus: valid files build every format; invalid ones fail cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from qbrgen.cli import main

CORPUS = Path(__file__).parent / "corpus"
EXPECT = {"binary.yaml": "binary file", "empty.yaml": "the file is empty"}


def expected(path: Path) -> str:
    """Return what qbrgen must print for ``path``: its own words, or ``file:line:`` where a dependency's
    parser words the problem (PyYAML 6.0.4 refuses deep nesting itself, before qbrgen's check)."""
    if path.name in EXPECT:
        return EXPECT[path.name]
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii", "replace")
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", sorted((CORPUS / "valid").glob("*.yaml")), ids=lambda p: p.name)
def test_valid_corpus_builds(path, tmp_path, runner):
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path), "-j", "1", "--as-of", "2026-11-23",
                                  "--format", "pptx,docx,pdf,md"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert len([p for p in tmp_path.rglob("*") if p.is_file() and not p.name.startswith(".")]) == 4


@pytest.mark.parametrize("path", sorted((CORPUS / "invalid").glob("*.yaml")), ids=lambda p: p.name)
def test_invalid_corpus_fails_cleanly(path, tmp_path, runner):
    result = runner.invoke(main, ["build", str(path), "-o", str(tmp_path / "out"), "-j", "1", "--as-of", "2026-11-23"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert f"{path.name}" in result.output and expected(path) in result.output, result.output
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file() and not p.name.startswith(".")]


def test_unexpected_error_is_reported_not_raised(monkeypatch, runner, tmp_path):
    import qbrgen.account.validate

    def boom(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(qbrgen.account.validate.checks, "check_account", boom)
    target = CORPUS / "valid" / "jpy.yaml"
    result = runner.invoke(main, ["validate", str(target)])
    assert result.exit_code == 1
    assert "jpy.yaml: internal error: RuntimeError: kaboom" in result.output and "Traceback" not in result.output
    built = runner.invoke(main, ["build", str(target), "-o", str(tmp_path), "-j", "1"])
    assert built.exit_code == 1 and "jpy.yaml: internal error: RuntimeError: kaboom" in built.output
    plan = runner.invoke(main, ["plan", str(target)])
    assert plan.exit_code == 1 and "internal error while processing" in plan.output and "jpy.yaml" in plan.output
    debug = runner.invoke(main, ["--debug", "plan", str(target)])
    assert debug.exit_code == 1 and "Traceback" in debug.output
