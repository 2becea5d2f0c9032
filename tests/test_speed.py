"""Work done once and written once: the one-pass package writer, the frozen warm objects (no timings here)."""

from __future__ import annotations

import gc

import pytest

from tests.conftest import AS_OF, EXAMPLES


@pytest.fixture(scope="module")
def northwind():
    from qbrgen.account.validate import Workspaces, load_account

    path = EXAMPLES / "accounts" / "northwind-logistics.yaml"
    return load_account(path, Workspaces().for_account(path))


@pytest.mark.parametrize("fmt", ["pptx", "docx"])
def test_the_one_pass_package_is_the_saved_and_rezipped_package(fmt, northwind, tmp_path, monkeypatch):
    """The deck and the DOCX zipped once are byte for byte what saving and re-zipping them made."""
    from qbrgen.build.outputs import render_outputs
    from qbrgen.render import zipnorm

    once = render_outputs(northwind, tmp_path, [fmt], AS_OF)
    calls = []

    def unavailable(self, uri, blob):
        calls.append(uri)
        raise AttributeError("simulated: a library whose package writer changed")

    monkeypatch.setattr(zipnorm.PartCollector, "write", unavailable)
    twice = render_outputs(northwind, tmp_path, [fmt], AS_OF)
    assert calls  # the fallback (save, then re-zip) really ran
    assert once == twice


def test_warm_objects_are_frozen_for_the_workers_and_thawed_after(tmp_path, runner):
    """A build freezes what the parent preloaded before forking workers, and thaws it when they are done."""
    from qbrgen.build import batch, pool
    from qbrgen.cli import main

    seen = []
    real = pool.freeze

    def freeze():
        real()
        seen.append(gc.get_freeze_count())

    gc.unfreeze()
    try:
        pool.freeze, batch.pool.freeze = freeze, freeze
        account = EXAMPLES / "accounts" / "corner-bakery.yaml"
        result = runner.invoke(main, ["build", str(account), "-o", str(tmp_path), "-j", "1", "--format", "docx",
                                      "--as-of", AS_OF.isoformat()])
    finally:
        pool.freeze = batch.pool.freeze = real
    assert result.exit_code == 0, result.output
    assert seen and seen[0] > 10_000  # the renderers, templates and calendars loaded before forking
    assert gc.get_freeze_count() == 0


def test_a_noop_rebuild_imports_only_what_it_uses(tmp_path):
    """An unchanged book is skipped without loading what only other commands need: the JUnit report's XML
    escaping (which pulls in urllib, http and ssl), git for --changed-since (subprocess) and the message
    catalogs (qbrgen.i18n); the input keys stay those of a full build."""
    import json
    import subprocess
    import sys

    account = EXAMPLES / "accounts" / "corner-bakery.yaml"
    cmd = ["build", str(account), "-o", str(tmp_path), "-j", "1", "--format", "md", "--as-of", AS_OF.isoformat()]
    subprocess.run([sys.executable, "-m", "qbrgen", *cmd], check=True, capture_output=True)
    keys = json.loads((tmp_path / ".qbrgen-manifest.json").read_text())
    probe = ("import sys\nfrom qbrgen.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print('LOADED', sorted(m for m in ('urllib.request', 'http.client', 'ssl', 'subprocess', 'qbrgen.i18n')"
             " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe, *cmd], check=True, capture_output=True, text=True)
    assert "1 unchanged" in done.stderr and "LOADED []" in done.stdout
    assert json.loads((tmp_path / ".qbrgen-manifest.json").read_text()) == keys
