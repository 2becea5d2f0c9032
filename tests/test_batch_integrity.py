"""Build integrity: what a build guarantees after an interruption, a crash, a timeout or a concurrent build,
and how it treats stale outputs, special files, odd folders and a damaged manifest."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import qbrgen
from qbrgen.account.discover import discover
from qbrgen.build import manifest
from qbrgen.cli import main

from .conftest import EXAMPLES

ARGS = ["--as-of", "2026-11-23"]
MD = ["--format", "md", *ARGS]  # the cheapest format: these tests are about the build, not the documents
CORNER = "corner-bakery-ltd"


@pytest.fixture
def book(tmp_path) -> Path:
    folder = tmp_path / "book"
    skip = ("ci", "crm", "languages", "lakeside-*", "meridian-*", "harbour-*", "tidewater-*")
    shutil.copytree(EXAMPLES, folder, ignore=shutil.ignore_patterns(*skip))
    return folder


def _build(runner, book, out, *extra):
    return runner.invoke(main, ["build", str(book), "-o", str(out), "-j", "2", *MD, *extra])


def _entries(out: Path) -> dict:
    return json.loads((out / manifest.MANIFEST).read_text())["accounts"]


# -- 2. an interrupted build is recorded per account ------------------------------------------------

KILL_AFTER_WRITE = textwrap.dedent("""
    import os, signal, sys
    import qbrgen.build.writer as writer
    from qbrgen.cli import main

    real = writer.write_all

    def write_all(files):
        real(files)
        if any("corner" in str(p) for p in files):  # this account's files have landed: kill the build now
            os.killpg(os.getpgrp(), signal.SIGKILL)

    writer.write_all = write_all
    main(sys.argv[1:])
""")


def test_a_build_killed_after_files_land_is_rebuilt_when_inputs_go_back(book, tmp_path):
    out = tmp_path / "out"
    cmd = ["build", str(book), "-o", str(out), "-j", "1", *MD]
    subprocess.run([sys.executable, "-m", "qbrgen", *cmd], check=True, capture_output=True)
    plan = out / CORNER / "account-plan-INTERNAL.md"
    original = plan.read_text()
    account = book / "accounts" / "corner-bakery.yaml"
    text_a = account.read_text()
    account.write_text(text_a.replace("increase_pct: 3", "increase_pct: 4"))
    killed = subprocess.run([sys.executable, "-c", KILL_AFTER_WRITE, *cmd], capture_output=True,
                            start_new_session=True)
    assert killed.returncode == -signal.SIGKILL
    assert plan.read_text() != original  # the new inputs' file landed, then the build died
    account.write_text(text_a)  # back to the inputs the manifest last saw complete
    check = subprocess.run([sys.executable, "-m", "qbrgen", *cmd, "--check"], capture_output=True, text=True)
    assert check.returncode == 1 and "corner-bakery.yaml: outputs are missing or out of date" in check.stderr
    again = subprocess.run([sys.executable, "-m", "qbrgen", *cmd], capture_output=True, text=True)
    assert again.returncode == 0 and "1 built (1 files), 2 unchanged" in again.stderr
    assert plan.read_text() == original
    assert not (out / manifest.JOURNAL).exists()


# -- 3. a dead worker: reported, the others built, exit 1 ------------------------------------------


def _patch_plan(monkeypatch, action):
    import qbrgen.sections.assemble as build_module

    original = build_module.build_plan

    def patched(ctx, *args, **kwargs):
        if ctx.customer.startswith("Corner"):
            action()
        return original(ctx, *args, **kwargs)

    monkeypatch.setattr("qbrgen.build.outputs.build_plan", patched)


def test_a_worker_killed_mid_build_fails_its_account_only(book, tmp_path, monkeypatch, runner):
    _patch_plan(monkeypatch, lambda: os.kill(os.getpid(), signal.SIGKILL))
    more = book / "accounts" / "zz-extra.yaml"  # one more account after the crash, for the restarted worker
    more.write_text((book / "accounts" / "northwind-logistics.yaml").read_text().replace("Northwind", "Extra"))
    result = _build(runner, book, tmp_path / "out", "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 1, result.output
    assert "corner-bakery.yaml: its worker process was killed by SIGKILL" in result.output
    assert "3 built (3 files), 0 unchanged, 1 failed" in result.output
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["summary"]["failed"] == 1


STUCK_WORKER = textwrap.dedent("""
    import os, sys, time
    import qbrgen.build.outputs as outputs
    from qbrgen.cli import main

    real = outputs.build_plan

    def build_plan(ctx, *args, **kwargs):
        if ctx.customer.startswith("Corner"):
            with open(os.environ["PID_FILE"], "w") as fh:
                fh.write(str(os.getpid()))
            time.sleep(300)
        return real(ctx, *args, **kwargs)

    outputs.build_plan = build_plan
    main(sys.argv[1:])
""")


def test_workers_die_with_a_killed_build(book, tmp_path):
    pid_file = tmp_path / "worker.pid"
    proc = subprocess.Popen([sys.executable, "-c", STUCK_WORKER, "build", str(book), "-o", str(tmp_path / "out"),
                             "-j", "2", *MD], env={**os.environ, "PID_FILE": str(pid_file)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        worker = _wait_for_pid(pid_file)
        proc.kill()  # the build only, as the OOM killer would
        proc.wait()
        for _ in range(600):
            try:
                os.kill(worker, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        with pytest.raises(ProcessLookupError):
            os.kill(worker, 0)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _wait_for_pid(pid_file: Path) -> int:
    for _ in range(600):  # wait (up to a minute) for the worker to reach the stuck account
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.1)
    return int(pid_file.read_text())


def test_ctrl_c_stops_the_workers_and_records_what_landed(book, tmp_path):
    out = tmp_path / "out"
    pid_file = tmp_path / "worker.pid"
    # A shell runs a background job (a CI step, often) with Ctrl-C ignored, and the build would inherit that:
    # the build is started as from a terminal, where Ctrl-C reaches it.
    proc = subprocess.Popen([sys.executable, "-c", STUCK_WORKER, "build", str(book), "-o", str(out), "-j", "1", *MD],
                            env={**os.environ, "PID_FILE": str(pid_file)}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    worker = _wait_for_pid(pid_file)  # brauhaus-keller has landed; corner-bakery is stuck
    proc.send_signal(signal.SIGINT)
    try:
        stderr = proc.communicate(timeout=120)[1]
    except subprocess.TimeoutExpired:
        proc.kill()
        os.kill(worker, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the build did not stop within 120 s of Ctrl-C")
    assert proc.returncode == 130 and "Interrupted" in stderr and "Traceback" not in stderr
    with pytest.raises(ProcessLookupError):
        os.kill(worker, 0)
    assert sorted(_entries(out)) == ["book/accounts/brauhaus-keller.yaml"]
    check = subprocess.run([sys.executable, "-m", "qbrgen", "build", str(book), "-o", str(out), "--check", *MD],
                           capture_output=True, text=True)
    assert check.returncode == 1 and "2 stale or missing" in check.stderr


# -- 4 and 17. --timeout ends the worker, even one stuck where no signal reaches it ----------------


def _stuck():
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGTERM, signal.SIGINT})
    time.sleep(120)  # with every catchable signal blocked: only ending the process stops this


def test_timeout_ends_a_worker_stuck_beyond_signals(book, tmp_path, monkeypatch, runner):
    _patch_plan(monkeypatch, _stuck)
    result = _build(runner, book, tmp_path / "out", "--timeout", "4")
    assert result.exit_code == 1, result.output
    assert "corner-bakery.yaml: gave up after 4 s (--timeout)" in result.output
    assert "2 built (2 files), 0 unchanged, 1 failed" in result.output


def test_a_very_short_timeout_fails_accounts_not_the_build(book, tmp_path, runner):
    result = _build(runner, book, tmp_path / "out", "--timeout", "0.000001")
    assert result.exit_code == 1
    assert "internal error" not in result.output and "_Timeout" not in result.output
    assert result.output.count("gave up after 1e-06 s") == 3
    assert "3 account(s): 0 built (0 files), 0 unchanged, 3 failed" in result.output


# -- 5. stale outputs ----------------------------------------------------------------------------


def test_internal_files_left_in_a_customer_folder_are_removed_and_reported(book, tmp_path, runner):
    out = tmp_path / "out"
    internal = ["--format", "md,pptx", "--audience", "internal", *ARGS]
    assert runner.invoke(main, ["build", str(book / "accounts" / "corner-bakery.yaml"), "-o", str(out),
                                *internal]).exit_code == 0
    assert (out / CORNER / "qbr-deck-INTERNAL.pptx").is_file()
    (out / CORNER / "notes.txt").write_text("mine")
    customer = runner.invoke(main, ["build", str(book / "accounts" / "corner-bakery.yaml"), "-o", str(out),
                                    "--format", "pptx", *ARGS])
    assert customer.exit_code == 0, customer.output
    assert "removed stale output" in customer.output and "qbr-deck-INTERNAL.pptx" in customer.output
    assert sorted(p.name for p in (out / CORNER).iterdir()) == ["notes.txt", "qbr-deck.pptx"]


def test_a_leftover_internal_file_fails_check_and_the_next_build_removes_it(book, tmp_path, runner):
    out = tmp_path / "out"
    assert _build(runner, book, out).exit_code == 0
    stray = out / CORNER / "qbr-deck-INTERNAL.pptx"  # not written by this build: e.g. copied in by hand
    stray.write_bytes(b"internal")
    check = _build(runner, book, out, "--check")
    assert check.exit_code == 1 and "leftover outputs" in check.output and "1 with leftover outputs" in check.output
    assert stray.exists()  # --check writes nothing
    assert _build(runner, book, out).exit_code == 0 and not stray.exists()
    assert _build(runner, book, out, "--check").exit_code == 0


def test_outputs_of_deleted_and_renamed_accounts_are_removed(book, tmp_path, runner):
    out = tmp_path / "out"
    (out / "keep").mkdir(parents=True)
    (out / "keep" / "mine.txt").write_text("not qbrgen's")
    assert _build(runner, book, out).exit_code == 0
    assert (out / CORNER / "account-plan-INTERNAL.md").is_file()
    (book / "accounts" / "corner-bakery.yaml").unlink()
    northwind = book / "accounts" / "northwind-logistics.yaml"
    northwind.write_text(northwind.read_text().replace("Northwind Logistics", "Southwind Logistics"))
    check = _build(runner, book, out, "--check")
    assert check.exit_code == 1 and "corner-bakery.yaml: leftover outputs" in check.output
    result = _build(runner, book, out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == \
        ["brauhaus-keller-gmbh", "keep", "southwind-logistics"]
    assert (out / "keep" / "mine.txt").exists()
    assert len(_entries(out)) == 2
    assert _build(runner, book, out, "--check").exit_code == 0


# -- 7. a lock on the output folder ----------------------------------------------------------------


def test_a_second_build_waits_for_the_first_and_keeps_its_entries(book, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    held = manifest.Lock(out)
    held.acquire(print)  # stands for a first build still running
    try:
        proc = subprocess.Popen([sys.executable, "-m", "qbrgen", "build", str(book / "accounts" / "corner-bakery.yaml"),
                                 "-o", str(out), *MD], stderr=subprocess.PIPE, text=True)
        line = proc.stderr.readline()
        assert "another qbrgen build is writing into" in line and "waiting" in line
        assert proc.poll() is None and not (out / CORNER).exists()
        check = subprocess.run([sys.executable, "-m", "qbrgen", "build", str(book), "-o", str(out), "--check", *MD],
                               capture_output=True, text=True, timeout=120)
        assert check.returncode == 1 and "3 stale or missing" in check.stderr  # --check does not wait
        first = {"book/accounts/brauhaus-keller.yaml": {"key": "k", "deps": {}, "outputs": [], "folder": "b"}}
        (out / manifest.MANIFEST).write_text(json.dumps({"qbrgen": qbrgen.__version__, "accounts": first}))
    finally:
        held.release()  # the first build ends, having saved its manifest
    rest = proc.communicate(timeout=120)[1]
    assert proc.returncode == 0, rest
    assert set(_entries(out)) == {"book/accounts/brauhaus-keller.yaml", "book/accounts/corner-bakery.yaml"}


def test_two_concurrent_builds_into_one_folder_keep_both_entries(book, tmp_path):
    out = tmp_path / "out"
    cmds = [[sys.executable, "-m", "qbrgen", "build", str(book / "accounts" / name), "-o", str(out), *MD]
            for name in ("corner-bakery.yaml", "brauhaus-keller.yaml")]
    procs = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for c in cmds]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    assert len(_entries(out)) == 2
    check = subprocess.run([sys.executable, "-m", "qbrgen", "build", str(book / "accounts" / "corner-bakery.yaml"),
                            str(book / "accounts" / "brauhaus-keller.yaml"), "-o", str(out), "--check", *MD])
    assert check.returncode == 0


# -- 8. special files are written into, never renamed over ------------------------------------------


def test_a_report_through_a_link_keeps_the_link(book, tmp_path, runner):
    target = tmp_path / "real-report.json"
    link = tmp_path / "report.json"
    link.symlink_to(target)
    null_link = tmp_path / "null.json"
    null_link.symlink_to("/dev/null")
    result = _build(runner, book, tmp_path / "out", "--report", str(link), "--junit", str(null_link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and json.loads(target.read_text())["summary"]["built"] == 3
    assert null_link.is_symlink() and Path("/dev/null").is_char_device()


def test_portfolio_to_dev_null_leaves_it_a_device(book, runner):
    result = runner.invoke(main, ["portfolio", str(book), "--format", "pptx", "-o", "/dev/null", *ARGS])
    assert result.exit_code == 0, result.output
    assert Path("/dev/null").is_char_device()


def test_portfolio_into_a_device_of_our_own_writes_into_it(book, tmp_path, runner):
    """The same as /dev/null, on a private copy of the device (safe to try against older code as root)."""
    import stat

    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("creating a device node needs root")
    result = runner.invoke(main, ["portfolio", str(book), "--format", "pptx", "-o", str(device), *ARGS])
    assert result.exit_code == 0, result.output
    assert device.is_char_device()


def test_report_to_dev_stdout_is_written_to_the_stream(book, tmp_path):
    done = subprocess.run([sys.executable, "-m", "qbrgen", "build", str(book), "-o", str(tmp_path / "out"), *MD,
                           "--report", "/dev/stdout"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["built"] == 3
    assert Path("/dev/stdout").is_symlink()


def test_a_link_planted_in_the_output_folder_is_refused(book, tmp_path, runner):
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (out / CORNER).mkdir(parents=True)
    (out / CORNER / "account-plan-INTERNAL.md").symlink_to(victim)
    result = _build(runner, book, out)
    assert result.exit_code == 1
    assert "not a regular file" in result.output and "2 built" in result.output
    assert victim.read_text() == "precious" and (out / CORNER / "account-plan-INTERNAL.md").is_symlink()


# -- 12. discovery --------------------------------------------------------------------------------


def test_discovery_visits_each_folder_once_and_reads_only_regular_files(book, tmp_path):
    accounts = book / "accounts"
    (accounts / "loop").symlink_to(".")
    (accounts / "proc").symlink_to("/proc")
    os.mkfifo(accounts / "fifo.yaml")
    found = discover([book, accounts, accounts / "corner-bakery.yaml"])
    assert sorted(p.name for p in found.accounts) == ["brauhaus-keller.yaml", "corner-bakery.yaml",
                                                      "northwind-logistics.yaml"]
    reasons = {p.name: why for p, why in found.skipped}
    assert "FIFO" in reasons["fifo.yaml"] and "outside" in reasons["proc"]
    done = subprocess.run([sys.executable, "-m", "qbrgen", "validate", str(book)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "fifo.yaml: skipped: a FIFO, not a regular file" in done.stderr
    build = subprocess.run([sys.executable, "-m", "qbrgen", "build", str(book), str(accounts), "-o",
                            str(tmp_path / "out"), *MD], capture_output=True, text=True, timeout=120)
    assert "3 account(s): 3 built" in build.stderr and build.returncode == 1


def test_a_dangling_link_is_reported_under_its_own_name(tmp_path, runner):
    (tmp_path / "ghost.yaml").symlink_to(tmp_path / "nowhere-target.yaml")
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "ghost.yaml: skipped: a broken link" in result.output
    assert not any(line.startswith(str(tmp_path / "nowhere")) for line in result.output.splitlines())


# -- 13. a damaged manifest -------------------------------------------------------------------------


@pytest.mark.parametrize("accounts", [[], {"x": 5}, {"x": {"key": 1}}, {"x": {"key": "k", "deps": []}}],
                         ids=["list", "number", "key-type", "deps-type"])
def test_a_wrong_shaped_manifest_is_ignored_with_a_warning(book, tmp_path, runner, accounts):
    out = tmp_path / "out"
    out.mkdir()
    (out / manifest.MANIFEST).write_text(json.dumps({"qbrgen": qbrgen.__version__,
                                                     "accounts": accounts}))
    result = _build(runner, book, out)
    assert result.exit_code == 0, result.output
    assert "not shaped like a qbrgen manifest" in result.output and "3 built" in result.output


def test_a_dependency_outside_the_workspace_or_special_is_never_read(book, tmp_path, runner):
    out = tmp_path / "out"
    assert _build(runner, book, out).exit_code == 0
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    data = json.loads((out / manifest.MANIFEST).read_text())
    name = next(iter(data["accounts"]))
    data["accounts"][name]["deps"] = {str(outside): manifest.hash_file(outside), "/dev/zero": "x"}
    (out / manifest.MANIFEST).write_text(json.dumps(data))
    check = _build(runner, book, out, "--check")
    assert check.exit_code == 1 and "1 stale or missing" in check.output


# -- 17. messages -----------------------------------------------------------------------------------


def test_check_calls_an_invalid_account_invalid(book, tmp_path, runner):
    out = tmp_path / "out"
    assert _build(runner, book, out).exit_code == 0
    account = book / "accounts" / "corner-bakery.yaml"
    account.write_text(account.read_text().replace("version: 1", "version: 1\nbogus_field: 1", 1))
    check = _build(runner, book, out, "--check")
    assert check.exit_code == 1
    assert "corner-bakery.yaml: invalid" in check.output
    assert "corner-bakery.yaml: outputs are missing or out of date" not in check.output
    assert "0 stale or missing, 1 invalid" in check.output


def test_a_failed_manifest_write_keeps_the_summary_and_the_report(book, tmp_path, runner):
    out = tmp_path / "out"
    (out / manifest.MANIFEST).mkdir(parents=True)  # cannot be replaced by a file
    result = _build(runner, book, out, "--report", str(tmp_path / "r.json"))
    assert result.exit_code == 1
    assert "the manifest was not saved" in result.output and "Traceback" not in result.output
    assert "3 account(s): 3 built (3 files)" in result.output
    assert json.loads((tmp_path / "r.json").read_text())["summary"]["built"] == 3


def test_messages_escape_invisible_characters_and_hide_object_addresses(tmp_path, runner):
    from qbrgen.errors import printable

    assert printable("a\u202eb\u200bc <_io.BytesIO object at 0x7f00deadbeef>") == \
        "a\\u202eb\\u200bc the file's data"
    account = tmp_path / "acct.yaml"
    account.write_text("version: 1\naccount:\n  na\u202eme: x\n")
    result = runner.invoke(main, ["validate", str(account)])
    assert result.exit_code == 1 and "\u202e" not in result.output and "na\\u202eme" in result.output


def test_a_logo_that_is_no_image_names_no_object_address(book, tmp_path, runner):
    (book / "logo.png").write_text("not an image")
    ws = book / "qbrgen.yaml"
    ws.write_text(ws.read_text().replace("  # logo: assets/acme.png", "  logo: logo.png"))
    result = runner.invoke(main, ["build", str(book / "accounts" / "corner-bakery.yaml"), "-o",
                                  str(tmp_path / "out"), "--format", "pptx", *ARGS])
    assert result.exit_code == 1, result.output
    assert "qbrgen.yaml:" in result.output and "vendor.logo: 'logo.png'" in result.output  # found in validation
    assert "object at 0x" not in result.output and "internal error" not in result.output


# -- 19. the manifest does not depend on the folder a build starts from ---------------------------


def test_a_build_from_another_folder_skips_everything(book, tmp_path, monkeypatch, runner):
    out = tmp_path / "out"
    assert _build(runner, book, out).exit_code == 0
    monkeypatch.chdir(book / "accounts")
    again = runner.invoke(main, ["build", ".", "-o", str(out), "-j", "2", *MD])
    assert "0 built (0 files), 3 unchanged" in again.output, again.output
    monkeypatch.chdir(tmp_path)
    third = runner.invoke(main, ["build", "book", "-o", "out", "-j", "2", *MD])
    assert "0 built (0 files), 3 unchanged" in third.output, third.output
    assert sorted(_entries(out)) == ["book/accounts/brauhaus-keller.yaml", "book/accounts/corner-bakery.yaml",
                                     "book/accounts/northwind-logistics.yaml"]


def test_a_folders_import_mapping_is_not_taken_for_an_account(tmp_path, runner):
    book = tmp_path / "book"
    shutil.copytree(EXAMPLES, book, ignore=shutil.ignore_patterns("ci"))
    result = runner.invoke(main, ["validate", str(book)])
    assert result.exit_code == 0, result.output
    assert "qbrgen-import.yaml" not in result.output
    shutil.copy(book / "crm" / "qbrgen-import.yaml", book / "crm" / "mapping.yaml")  # any other name is read
    assert runner.invoke(main, ["validate", str(book)]).exit_code == 1
