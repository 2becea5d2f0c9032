"""Hardening of ``qbrgen import``: a mapping's SQL only reads the named exports, and writes nothing.

A mapping file lives in a team's repository and runs in its CI, so its query must not be a way to
write files, attach databases or read secrets, whatever the spelling; every refusal is one clear
message and leaves the disk as it was, dry run or not.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qbrgen.cli import main
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "crm"
AS_OF = ["--as-of", "2026-11-23"]
USAGE_SQL = """    SELECT account_id AS account,
           strftime(strptime(day, '%d/%m/%Y'), '%Y-%m') AS month,
           sum(CAST(invoices AS INTEGER)) AS value
    FROM usage
    GROUP BY ALL
    ORDER BY account, month
"""


def run(runner, *args):
    return runner.invoke(main, ["import", *map(str, args), *AS_OF])


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def messy(tmp_path) -> Path:
    folder = tmp_path / "exports"
    shutil.copytree(FIXTURES / "messy", folder)
    (folder / ".env").write_text("API_TOKEN=hunter2\n")
    (folder / ".ci").mkdir()
    (folder / ".ci" / "run").write_text("echo ok\n")
    return folder


def with_usage_sql(folder: Path, sql: str) -> Path:
    mapping = folder / "mapping.yaml"
    text = mapping.read_text()
    assert USAGE_SQL in text
    body = "".join(f"    {line}\n" for line in sql.splitlines())
    mapping.write_text(text.replace(USAGE_SQL, body))
    return mapping


SELECT = "SELECT account_id AS account, '2025-01' AS month, 1 AS value FROM usage"
WRITERS = {
    "copy after closing the wrapper": SELECT + ") t; COPY (SELECT 'pwned') TO '{folder}/.ci/run' (HEADER false); "
                                      "SELECT * FROM (" + SELECT,
    "copy": "COPY (SELECT 'pwned') TO '{folder}/pwned.csv'",
    "attach": "ATTACH '{folder}/pwned.duckdb' AS pwned",
    "export database": "EXPORT DATABASE '{folder}/dump'",
    "second statement": SELECT + "; COPY (SELECT 1) TO '{folder}/pwned.csv'",
    "second statement after a comment": SELECT + " /* ; */ ; CREATE TABLE t AS SELECT 1",
    "install": "INSTALL httpfs",
    "set": "SET enable_external_access = true",
}


@pytest.mark.parametrize("dry", [False, True], ids=["write", "dry-run"])
@pytest.mark.parametrize("case", sorted(WRITERS))
def test_mapping_sql_that_writes_is_refused_before_it_runs(runner, messy, tmp_path, case, dry):
    sql = WRITERS[case].format(folder=messy)
    with_usage_sql(messy, sql)
    before = tree(tmp_path)
    out = tmp_path / "accounts"
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out, *(["--dry-run"] if dry else []))
    assert result.exit_code == 1, result.output
    assert "mapping.yaml:" in result.output and "usage.sql:" in result.output
    assert "one SELECT" in result.output or "the query fails" in result.output
    assert "internal error" not in result.output.lower() and "Traceback" not in result.output
    assert tree(tmp_path) == before  # nothing created, nothing overwritten, anywhere under the test folder
    assert not out.exists()


@pytest.mark.parametrize("case", ["copy", "attach", "export database", "second statement"])
def test_refusal_names_what_is_wrong(runner, messy, tmp_path, case):
    with_usage_sql(messy, WRITERS[case].format(folder=messy))
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", tmp_path / "accounts")
    expected = {"copy": "is a COPY statement", "attach": "is a ATTACH statement",
                "export database": "is a EXPORT statement", "second statement": "exactly one SELECT statement"}
    assert expected[case] in result.output


@pytest.mark.parametrize("reader", ["read_text('{folder}/.env')", "read_text('.env')", "read_csv('{folder}/.env')",
                                    "read_blob('{folder}/.ci/run')", "glob('{folder}/*')",
                                    "read_csv('{folder}/accounts.csv', header=false)"])
def test_mapping_sql_reads_only_the_named_export_files(runner, messy, tmp_path, reader, monkeypatch):
    monkeypatch.chdir(messy)
    src = reader.format(folder=messy)
    with_usage_sql(messy, f"SELECT u.account_id AS account, '2025-01' AS month, 1 AS value, s.* FROM usage u, {src} s")
    out = tmp_path / "accounts"
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    if "accounts.csv" in reader:  # a named export may be read again; its columns are then unknown to qbrgen
        assert "usage.sql: the query returns column(s) qbrgen does not know" in result.output
    else:
        assert "usage.sql: the query fails" in result.output
    assert result.exit_code == 1 and "hunter2" not in result.output
    assert not out.exists()


def test_secret_never_reaches_an_account_field(runner, messy, tmp_path, monkeypatch):
    monkeypatch.chdir(messy)
    mapping = messy / "mapping.yaml"
    text = mapping.read_text()
    start, end = text.index("accounts:\n  from: accounts"), text.index("products:")
    mapping.write_text(text[:start] + "accounts:\n  sql: |\n"
                       "    SELECT a.\"Account ID\" AS id, s.content AS name, 'EUR' AS currency\n"
                       "    FROM accounts a, read_text('.env') s\n" + text[end:])
    result = run(runner, "--mapping", mapping, "-o", tmp_path / "accounts")
    assert result.exit_code == 1 and "accounts.sql: the query fails" in result.output
    assert "hunter2" not in result.output and not (tmp_path / "accounts").exists()


def test_a_plain_select_with_a_trailing_semicolon_and_comment_still_imports(runner, messy, tmp_path):
    with_usage_sql(messy, USAGE_SQL.strip() + ";  -- monthly totals")
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", tmp_path / "accounts")
    assert result.exit_code == 0, result.output
    assert "invoices processed" in (tmp_path / "accounts" / "kontor-nord-gmbh.yaml").read_text().lower()


# --- reserved names, prune, file rules ---------------------------------------------------------------


def rename_account(folder: Path, old: str, new: str) -> None:
    csv = folder / "accounts.csv"
    assert old in csv.read_text()
    csv.write_text(csv.read_text().replace(old, new))


@pytest.mark.parametrize(("crm_name", "reserved"), [("Qbrgen", "qbrgen.yaml"), ("QBRGEN Import", "qbrgen-import.yaml")])
def test_account_never_written_under_a_name_qbrgen_reads_for_itself(runner, messy, tmp_path, crm_name, reserved):
    rename_account(messy, "Kontor Nord GmbH", crm_name)
    out = tmp_path / "accounts"
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert not (out / reserved).exists()
    written = out / reserved.replace(".yaml", "-account.yaml")
    assert f"name: {crm_name}" in written.read_text()
    assert f"'{crm_name}' would be named like a file qbrgen reads for itself; written as {written.name}" \
        in result.output
    again = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)  # matched by id: no second file
    assert again.exit_code == 0 and "0 new" in again.output


@pytest.fixture
def book(runner, messy, tmp_path) -> Path:
    out = tmp_path / "accounts"
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", out).exit_code == 0
    return out


def test_prune_refuses_an_export_without_accounts(runner, messy, book):
    csv = messy / "accounts.csv"
    csv.write_text(csv.read_text().splitlines(keepends=True)[0])
    before = tree(book)
    for dry in ([], ["--dry-run"]):
        result = run(runner, "--mapping", messy / "mapping.yaml", "-o", book, "--prune", *dry)
        assert result.exit_code == 1 and "--prune refused: the export has no accounts" in result.output
        assert tree(book) == before
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", book, "--prune", "--force")
    assert result.exit_code == 0 and not list(book.glob("*.yaml"))


def test_prune_refuses_to_remove_more_than_its_share_of_the_book(runner, messy, book):
    lines = (messy / "accounts.csv").read_text().splitlines(keepends=True)
    (messy / "accounts.csv").write_text("".join(line for line in lines if not line.startswith(("A-003", "A-002"))))
    before = tree(book)
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", book, "--prune")
    assert result.exit_code == 1 and "would remove 2 of 3 account files (67%, more than --prune-max 20%)" \
        in result.output
    assert tree(book) == before
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", book, "--prune", "--prune-max", "50").exit_code == 1
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", book, "--prune", "--prune-max", "70")
    assert result.exit_code == 0 and len(list(book.glob("*.yaml"))) == 1
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", book, "--prune-max", "101").exit_code == 2


def test_symlinked_account_file_is_refused_and_never_written_through(runner, messy, book, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes((book / "kontor-nord-gmbh.yaml").read_bytes())
    (book / "kontor-nord-gmbh.yaml").unlink()
    (book / "kontor-nord-gmbh.yaml").symlink_to(outside)
    rename_account(messy, "Jonas Weber", "Jo Weber")
    original = outside.read_bytes()
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", book)
    assert result.exit_code == 1
    assert "kontor-nord-gmbh.yaml: is a symbolic link, not a regular file" in result.output
    assert outside.read_bytes() == original and (book / "kontor-nord-gmbh.yaml").is_symlink()
    assert sorted(p.name for p in book.iterdir()) == ["brasserie-lumiere.yaml", "kontor-nord-gmbh.yaml",
                                                      "pacific-freight-co.yaml"]  # no second copy


def test_link_to_a_device_is_refused(runner, messy, book):
    (book / "devnull.yaml").symlink_to("/dev/null")
    (book / "brasserie-lumiere.yaml").unlink()
    (book / "brasserie-lumiere.yaml").symlink_to("/dev/null")
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", book)
    assert result.exit_code == 1 and "brasserie-lumiere.yaml: is a symbolic link" in result.output
    assert (book / "brasserie-lumiere.yaml").is_symlink() and (book / "devnull.yaml").is_symlink()


def test_fifo_named_yaml_is_refused_without_hanging(messy, book):
    import os
    import subprocess
    import sys

    os.mkfifo(book / "pipe.yaml")
    proc = subprocess.run([sys.executable, "-m", "qbrgen", "import", "--mapping", str(messy / "mapping.yaml"),
                           "-o", str(book), *AS_OF], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "pipe.yaml: is a FIFO, not a regular file" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_stale_temp_files_and_folders_of_a_killed_import_are_removed(runner, messy, book):
    import tempfile

    from qbrgen.build.writer import TEMP_SUFFIX

    stale = book / f".kontor-nord-gmbh.yaml.abc123{TEMP_SUFFIX}"
    stale.write_text("half")
    dead = Path(tempfile.mkdtemp(prefix="qbrgen-import-999999999-"))
    (dead / "0-accounts.csv").write_text("x")
    rename_account(messy, "Jonas Weber", "Jo Weber")
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", book)
    assert result.exit_code == 0, result.output
    assert not stale.exists() and not dead.exists()
    assert not [p for p in book.iterdir() if p.name.startswith(".")]


# --- bounded import, errors a user can act on ---------------------------------------------------------


def test_a_query_past_the_time_limit_is_stopped_with_a_clear_error(runner, messy, tmp_path, monkeypatch):
    monkeypatch.setenv("QBRGEN_IMPORT_TIME_LIMIT", "1")
    with_usage_sql(messy, "SELECT u.account_id AS account, '2025-01' AS month, count(*) AS value\n"
                          "FROM usage u, range(1000000000) a, range(1000000000) b GROUP BY ALL")
    out = tmp_path / "accounts"
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 1
    assert "usage.sql: the query ran longer than the import's limit of 1 seconds and was stopped" in result.output
    assert not out.exists()


def _xlsx(folder: Path, edit) -> Path:
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Account ID", "Account Name", "Currency"])
    sheet.append(["A-1", "Acme", "EUR"])
    plain = folder / "plain.xlsx"
    book.save(plain)
    parts = {n: zipfile.ZipFile(plain).read(n) for n in zipfile.ZipFile(plain).namelist()}
    edit(parts)
    path = folder / "export.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    (folder / "mapping.yaml").write_text("version: 1\nsources:\n  a: export.xlsx\naccounts:\n  from: a\n"
                                         "  columns: {id: Account ID, name: Account Name, currency: Currency}\n")
    return path


def _with_dtd(parts):
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
                    + parts[sheet].split(b"?>", 1)[-1])


def _bomb(parts):
    parts["xl/media/pad.bin"] = bytes(64 << 20)


@pytest.mark.parametrize(("edit", "message"), [(_with_dtd, "declares a DTD or XML entities"),
                                                (_bomb, "compressed more than 200 to 1")])
def test_unsafe_xlsx_export_is_a_clear_error(runner, tmp_path, edit, message):
    folder = tmp_path / "exports"
    folder.mkdir()
    _xlsx(folder, edit)
    out = tmp_path / "accounts"
    result = run(runner, "--mapping", folder / "mapping.yaml", "-o", out)
    assert result.exit_code == 1, result.output
    assert "export.xlsx" in result.output and message in result.output
    assert "internal error" not in result.output.lower() and not out.exists()


def test_a_crm_id_given_to_two_accounts_is_reported_not_dropped(runner, messy, tmp_path):
    csv = messy / "accounts.csv"
    lines = csv.read_text().splitlines(keepends=True)
    first = lines[1]
    account_id, name = first.split(";")[0], first.split(";")[1]
    csv.write_text("".join(lines) + first.replace(name, "Someone Else Entirely", 1))
    out = tmp_path / "accounts"
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 1
    assert f"accounts.csv:{len(lines) + 1}: account.id: '{account_id}' is given again to an account with another name" \
        in result.output
    texts = "".join(p.read_text() for p in out.glob("*.yaml"))
    assert "Someone Else Entirely" not in texts and f"id: {account_id}" not in texts


def test_control_characters_are_written_the_same_way_by_every_import(runner, messy, tmp_path):
    updated, fresh = tmp_path / "updated", tmp_path / "fresh"
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", updated).exit_code == 0
    rename_account(messy, "Jonas Weber", "Jonas\x01We\u0085ber\x7f\u2028")
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", updated).exit_code == 0  # an existing file
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", fresh).exit_code == 0  # a new file
    lines = [next(line for line in (folder / "kontor-nord-gmbh.yaml").read_text().splitlines()
                  if line.strip().startswith("owner:")) for folder in (updated, fresh)]
    assert lines[0] == lines[1] == "  owner: JonasWe ber"
    again = run(runner, "--mapping", messy / "mapping.yaml", "-o", updated)
    assert again.exit_code == 0 and "0 changed" in again.output


STUCK_IMPORT_WORKER = """
import os, sys, time
import qbrgen.crm.importer as importer

importer.PARALLEL_FROM, importer.CHUNK = 1, 1  # three accounts: enough to start the import's workers
parent, real = os.getpid(), importer._prepare

def _prepare(*args):
    if os.getpid() != parent:  # in a worker: say who it is, then hang
        with open(os.environ["PID_FILE"], "a") as fh:
            fh.write(str(os.getpid()) + " ")
        time.sleep(300)
    return real(*args)

importer._prepare = _prepare
from qbrgen.cli import main
main(sys.argv[1:])
"""


@pytest.mark.skipif((__import__("os").cpu_count() or 1) < 2, reason="the import starts workers on 2+ cores only")
def test_import_workers_die_with_a_killed_import(messy, tmp_path):
    import os
    import subprocess
    import sys
    import time

    pid_file = tmp_path / "worker.pid"
    proc = subprocess.Popen([sys.executable, "-c", STUCK_IMPORT_WORKER, "import", "--mapping",
                             str(messy / "mapping.yaml"), "-o", str(tmp_path / "accounts"), *AS_OF],
                            env={**os.environ, "PID_FILE": str(pid_file)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):  # wait (up to a minute) for a worker to reach an account
            if pid_file.exists() and pid_file.read_text():
                break
            time.sleep(0.1)
        time.sleep(0.5)  # let the second worker reach its account too
        proc.kill()  # the import only, as the OOM killer or a CI timeout would
        proc.wait()
        workers = {int(pid) for pid in pid_file.read_text().split()}
        alive = set(workers)
        for _ in range(300):
            alive = {pid for pid in alive if _alive(pid)}
            if not alive:
                break
            time.sleep(0.1)
        for pid in alive:  # leave nothing behind when the test fails
            os.kill(pid, 9)
        assert not alive, "an import worker outlived the killed import"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_query_past_the_memory_limit_is_stopped_with_a_clear_error(runner, messy, tmp_path, monkeypatch):
    monkeypatch.setenv("QBRGEN_IMPORT_MEMORY_LIMIT", "16MB")
    with_usage_sql(messy, "SELECT u.account_id AS account, '2025-01' AS month,\n"
                          "       (SELECT len(list(r)) FROM range(20000000) t(r)) AS value\nFROM usage u")
    out = tmp_path / "accounts"
    before = tree(tmp_path)
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 1, result.output
    assert "usage.sql: the query needs more than the import's 16MB of memory and was stopped; nothing was written" \
        in result.output and "QBRGEN_IMPORT_MEMORY_LIMIT" in result.output
    assert "internal error" not in result.output.lower() and "Traceback" not in result.output
    assert tree(tmp_path) == before and not out.exists()


@pytest.mark.parametrize("value", ["lots", "16", "-1GB", ""])
def test_an_unusable_memory_limit_falls_back_to_the_default(value, monkeypatch):
    from qbrgen.crm import sources

    monkeypatch.setenv("QBRGEN_IMPORT_MEMORY_LIMIT", value)
    assert sources._memory_limit() == sources.MEMORY_LIMIT
