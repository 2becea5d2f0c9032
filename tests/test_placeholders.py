"""Stand-ins written by init and import ("Your Company", "Unassigned", made-up dates, no ARR) never reach a customer."""

from __future__ import annotations

import re

from qbrgen.cli import main

AS_OF = ["--as-of", "2026-11-23"]


def test_init_stand_ins_are_lint_errors_with_their_lines(runner, tmp_path):
    assert runner.invoke(main, ["init", str(tmp_path / "ws")]).exit_code == 0
    result = runner.invoke(main, ["lint", str(tmp_path / "ws" / "accounts"), *AS_OF])
    assert result.exit_code == 1
    found = re.findall(r"^(\S+?):(\d+): (\S+): \[QBR024 placeholder\]", result.output, re.M)
    fields = {(f.rsplit("/", 1)[-1], path) for f, _line, path in found}
    assert fields == {("example-customer.yaml", "account.name"), ("example-customer.yaml", "account.owner"),
                      ("example-customer.yaml", "account.owner_email"),
                      ("example-customer.yaml", "contract.start_date"),
                      ("example-customer.yaml", "contract.renewal_date"),
                      ("qbrgen.yaml", "vendor.name"), ("qbrgen.yaml", "proposal.signatory.name")}
    workspace = (tmp_path / "ws" / "qbrgen.yaml").read_text().splitlines()
    line = next(int(n) for f, n, p in found if p == "vendor.name")
    assert "Your Company" in workspace[line - 1]
    assert len(found) == len(set(found))  # the workspace's stand-ins once, not once per account


def test_build_refuses_customer_documents_for_stand_ins_and_writes_nothing(runner, tmp_path):
    runner.invoke(main, ["init", str(tmp_path / "ws")])
    accounts, out = tmp_path / "ws" / "accounts", tmp_path / "out"
    first = (accounts / "example-customer.yaml").read_text()
    (accounts / "second.yaml").write_text(first.replace("Example Customer Inc", "Second Customer Ltd"))
    refused = runner.invoke(main, ["build", str(accounts), "-o", str(out), "--format", "docx", *AS_OF])
    assert refused.exit_code == 1
    assert len(re.findall(r"qbrgen\.yaml:\d+: vendor\.name: \[QBR024", refused.output)) == 1  # said once
    assert len(re.findall(r"\.yaml:\d+: account\.owner: \[QBR024", refused.output)) == 2  # once per account
    assert re.search(r"example-customer\.yaml:\d+: account\.owner: \[QBR024", refused.output)
    assert "--allow-placeholders" in refused.output
    assert not out.exists()
    # the internal account plan is not a customer document: it may be written
    internal = runner.invoke(main, ["build", str(accounts), "-o", str(out), "--format", "md", *AS_OF])
    assert internal.exit_code == 0, internal.output
    draft = runner.invoke(main, ["build", str(accounts), "-o", str(out), "--format", "docx",
                                 "--allow-placeholders", *AS_OF])
    assert draft.exit_code == 0, draft.output
    assert (out / "example-customer-inc" / "renewal-proposal.docx").is_file()
    # a draft built with stand-ins is not "current" for a build that refuses them
    again = runner.invoke(main, ["build", str(accounts), "-o", str(out), "--format", "docx", *AS_OF])
    assert again.exit_code == 1 and "0 unchanged" in again.output
    (accounts / "second.yaml").unlink()


def test_a_zero_arr_contract_is_a_stand_in(runner, spec_dir):
    account = spec_dir / "northwind.yaml"
    text = account.read_text()
    text = re.sub(r"(\n      arr: )\d+", r"\g<1>0", text)
    account.write_text(text)
    result = runner.invoke(main, ["lint", str(account), *AS_OF])
    assert re.search(r"northwind\.yaml:\d+: contract\.products: \[QBR024 placeholder\] the contract's ARR is 0",
                     result.output), result.output


def test_a_real_account_has_no_stand_in(runner, spec_dir):
    result = runner.invoke(main, ["lint", str(spec_dir / "northwind.yaml"), *AS_OF])
    assert "QBR024" not in result.output
