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
