"""Portfolio builds: incremental, deterministic, atomic, sharded, bounded, reported."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qbrgen.build.plan import in_shard
from qbrgen.cli import main

from .conftest import EXAMPLES

ARGS = ["--as-of", "2026-11-23"]


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name not in (".qbrgen-manifest.json", ".qbrgen-lock")}


@pytest.fixture
def book(tmp_path) -> Path:
    folder = tmp_path / "book"
    # the first three examples: these tests count accounts and files, not content
    skip = ("ci", "crm", "languages", "lakeside-*", "meridian-*", "harbour-*", "tidewater-*")
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns(*skip))
    return folder


def test_two_builds_give_identical_bytes(book, tmp_path, runner):
    a = runner.invoke(main, ["build", str(book), "-o", str(tmp_path / "a"), "-j", "2", *ARGS])
    b = runner.invoke(main, ["build", str(book), "-o", str(tmp_path / "b"), "-j", "1", *ARGS])
    assert a.exit_code == 0 and b.exit_code == 0, a.output + b.output
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert len(first) == 9 and first == second


def test_incremental_and_check(book, tmp_path, runner):
    out = str(tmp_path / "out")
    assert runner.invoke(main, ["build", str(book), "-o", out, "-j", "1", *ARGS]).exit_code == 0
    again = runner.invoke(main, ["build", str(book), "-o", out, "-j", "1", *ARGS])
    assert "0 built (0 files), 3 unchanged" in again.output
    assert runner.invoke(main, ["build", str(book), "-o", out, "--check", *ARGS]).exit_code == 0
    account = book / "accounts" / "corner-bakery.yaml"
    account.write_text(account.read_text().replace("increase_pct: 3", "increase_pct: 4"))
    before = tree(tmp_path / "out")
    check = runner.invoke(main, ["build", str(book), "-o", out, "--check", *ARGS])
    assert check.exit_code == 1 and "corner-bakery.yaml: outputs are missing or out of date" in check.output
    assert tree(tmp_path / "out") == before  # --check writes nothing
    rebuilt = runner.invoke(main, ["build", str(book), "-o", out, "-j", "1", *ARGS])
    assert "1 built (3 files), 2 unchanged" in rebuilt.output
    assert runner.invoke(main, ["build", str(book), "-o", out, "--check", *ARGS]).exit_code == 0
    forced = runner.invoke(main, ["build", str(book), "-o", out, "-j", "1", "--force", *ARGS])
    assert "3 built" in forced.output
    (tmp_path / "out" / "corner-bakery-ltd" / "qbr-deck.pptx").unlink()
    assert runner.invoke(main, ["build", str(book), "-o", out, "--check", *ARGS]).exit_code == 1


def test_one_bad_account_does_not_stop_the_others(book, tmp_path, runner):
    (book / "accounts" / "broken.yaml").write_text("version: 1\naccount: {name: X}\n")
    result = runner.invoke(main, ["build", str(book), "-o", str(tmp_path / "out"), "-j", "2", *ARGS,
                                  "--report", str(tmp_path / "r.json"), "--junit", str(tmp_path / "j.xml")])
    assert result.exit_code == 1
    assert "broken.yaml:2: account.segment: required field is missing" in result.output
    assert "3 built (9 files)" in result.output and "1 failed" in result.output
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["summary"] == {"accounts": 4, "built": 3, "skipped": 0, "failed": 1}
    broken = next(a for a in report["accounts"] if a["file"].endswith("broken.yaml"))
    assert broken["errors"] and broken["outputs"] == []
    junit = (tmp_path / "j.xml").read_text()
    assert 'tests="4" failures="1"' in junit and "<failure message=" in junit
    assert not (tmp_path / "out" / "x").exists()


def test_fail_fast_stops_at_the_first_failure(book, tmp_path, runner):
    (book / "accounts" / "aaa-broken.yaml").write_text("version: 1\n")
    result = runner.invoke(main, ["build", str(book), "-o", str(tmp_path / "out"), "-j", "1", "--fail-fast", *ARGS])
    assert result.exit_code == 1
    assert "not built (--fail-fast)" in result.output


def test_shards_are_disjoint_and_cover_everything():
    keys = [f"accounts/a{i}.yaml" for i in range(200)]
    for n in (1, 2, 3, 7):
        shards = [{k for k in keys if in_shard(k, (i, n))} for i in range(1, n + 1)]
        assert set().union(*shards) == set(keys)
        assert sum(len(s) for s in shards) == len(keys)
    assert in_shard("accounts/a1.yaml", (1, 2)) == in_shard("accounts/a1.yaml", (1, 2))


def test_shard_option(book, tmp_path, runner):
    built = []
    for k in (1, 2):
        out = tmp_path / f"s{k}"
        result = runner.invoke(main, ["build", str(book), "-o", str(out), "--shard", f"{k}/2", "-j", "1", *ARGS])
        assert result.exit_code == 0, result.output
        built += [p.name for p in out.iterdir() if p.is_dir()] if out.exists() else []  # a shard may be empty
    assert sorted(built) == ["brauhaus-keller-gmbh", "corner-bakery-ltd", "northwind-logistics"]
    assert runner.invoke(main, ["build", str(book), "--shard", "3/2"]).exit_code == 2


def test_names_that_slug_alike_and_hostile_names(book, tmp_path, runner):
    src = (book / "accounts" / "corner-bakery.yaml").read_text()
    (book / "accounts" / "twin.yaml").write_text(src.replace("name: Corner Bakery Ltd", "name: corner  bakery LTD!"))
    (book / "accounts" / "evil.yaml").write_text(src.replace("name: Corner Bakery Ltd", "name: ../../x"))
    (book / "accounts" / "con.yaml").write_text(src.replace("name: Corner Bakery Ltd", "name: CON"))
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(book), "-o", str(out), "-j", "1", *ARGS])
    assert result.exit_code == 0, result.output
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == ["brauhaus-keller-gmbh", "con-account", "corner-bakery-ltd", "corner-bakery-ltd-twin", "x",
                       "northwind-logistics"] or set(folders) >= {"con-account", "x", "corner-bakery-ltd"}
    assert len(folders) == 6
    assert not (tmp_path / "x").exists()


def test_unwritable_target_keeps_the_old_file(book, tmp_path, runner):
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions")
    out = tmp_path / "out"
    runner.invoke(main, ["build", str(book), "-o", str(out), "-j", "1", *ARGS])
    folder = out / "corner-bakery-ltd"
    old = (folder / "qbr-deck.pptx").read_bytes()
    folder.chmod(0o500)
    try:
        result = runner.invoke(main, ["build", str(book), "-o", str(out), "-j", "1", "--force", *ARGS])
    finally:
        folder.chmod(0o700)
    assert result.exit_code == 1 and "previous file is unchanged" in result.output
    assert (folder / "qbr-deck.pptx").read_bytes() == old


def test_atomic_write_failure_leaves_old_file(tmp_path, monkeypatch):
    from qbrgen.build.writer import write_atomic
    from qbrgen.errors import WriteError

    target = tmp_path / "f.bin"
    target.write_bytes(b"old")

    def broken_replace(src, dst):
        raise PermissionError(13, "denied")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(WriteError, match="previous file is unchanged"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]


def test_runaway_account_times_out_and_others_finish(book, tmp_path, monkeypatch, runner):
    import qbrgen.sections.assemble as build_module

    original = build_module.build_deck

    def slow(ctx, *args, **kwargs):
        if ctx.customer.startswith("Corner"):
            time.sleep(30)
        return original(ctx, *args, **kwargs)

    monkeypatch.setattr(build_module, "build_deck", slow)
    monkeypatch.setattr("qbrgen.build.outputs.build_deck", slow)
    result = runner.invoke(main, ["build", str(book), "-o", str(tmp_path / "out"), "-j", "1", "--timeout", "8",
                                  "--format", "pptx", *ARGS])
    assert result.exit_code == 1
    assert "corner-bakery.yaml: gave up after 8 s" in result.output
    assert "2 built (2 files)" in result.output


def test_killed_build_leaves_earlier_outputs_intact(book, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "qbrgen", "build", str(book), "-o", str(out), *ARGS]
    subprocess.run([*cmd, "-j", "1"], check=True, capture_output=True)
    before = tree(out)
    for accounts in range(3):  # more accounts, so the kill lands mid-build
        src = (book / "accounts" / "northwind-logistics.yaml").read_text()
        (book / "accounts" / f"copy{accounts}.yaml").write_text(src.replace("Northwind", f"Copy{accounts}"))
    for delay in (0.6, 1.2, 2.0):
        proc = subprocess.Popen([*cmd, "-j", "2", "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        after = tree(out)
        for name, data in before.items():  # every earlier output is the old file or a complete new one
            assert name in after
            if after[name] != data:
                assert after[name][:4] in (b"PK\x03\x04", b"%PDF") and (
                    after[name].endswith(b"%%EOF\n") or after[name][-22:-18] == b"PK\x05\x06")
    subprocess.run([*cmd, "-j", "1"], check=True, capture_output=True)  # the next build cleans up
    assert not list(out.rglob("*.qbrgen-tmp"))
    assert {k: v for k, v in tree(out).items() if k in before} == before


def test_noop_rebuild_imports_no_rendering_library(book, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "qbrgen", "build", str(book), "-o", str(out), "-j", "1", *ARGS]
    subprocess.run(cmd, check=True, capture_output=True)
    probe = ("import sys\nfrom qbrgen.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
             "print('LOADED', [m for m in ('pptx', 'docx', 'weasyprint', 'duckdb', 'ruamel') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", probe, *cmd[3:]], check=True, capture_output=True, text=True)
    assert "3 unchanged" in done.stderr and "LOADED []" in done.stdout


def test_a_changed_logo_makes_the_account_stale(book, tmp_path, runner):
    from PIL import Image

    Image.new("RGB", (60, 20), (0, 0, 0)).save(book / "acme.png")
    ws = (book / "qbrgen.yaml").read_text().replace("  # logo: assets/acme.png", "  logo: acme.png")
    (book / "qbrgen.yaml").write_text(ws)
    out = str(tmp_path / "out")
    assert runner.invoke(main, ["build", str(book), "-o", out, "-j", "1", *ARGS]).exit_code == 0
    assert runner.invoke(main, ["build", str(book), "-o", out, "--check", *ARGS]).exit_code == 0
    Image.new("RGB", (60, 20), (255, 0, 0)).save(book / "acme.png")
    stale = runner.invoke(main, ["build", str(book), "-o", out, "--check", *ARGS])
    assert stale.exit_code == 1 and "3 stale or missing" in stale.output


def test_outputs_get_ordinary_permissions(tmp_path):
    """Not mkstemp's private 0600: a team's build folder is read by others (umask 027 here)."""
    import os
    import stat

    from qbrgen.build.writer import file_mode, write_all

    file_mode.cache_clear()
    mask = os.umask(0o027)
    try:
        write_all({tmp_path / "a" / "deck.pptx": b"x"})
    finally:
        os.umask(mask)
        file_mode.cache_clear()
    assert stat.S_IMODE((tmp_path / "a" / "deck.pptx").stat().st_mode) == 0o640


def test_a_build_of_only_bad_accounts_writes_nothing(tmp_path, runner):
    account = tmp_path / "bad.yaml"
    account.write_text("version: 1\naccount:\n  name:\n")
    result = runner.invoke(main, ["build", str(account), "-o", str(tmp_path / "out"), *ARGS])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert re.search(r"bad\.yaml:3: account\.name: ", result.output), result.output
    assert not (tmp_path / "out").exists()
