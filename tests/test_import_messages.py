"""What an import says: each bad cell once, counts of accounts and rows, warnings, inferred date order,
and the where:/aggregate: column mapping of an opportunity export."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal

from qbrgen.cli import main

from .conftest import EXAMPLES

AS_OF = ["--as-of", "2026-11-23"]


def _workspace(tmp_path):
    shutil.copy(EXAMPLES / "qbrgen.yaml", tmp_path / "qbrgen.yaml")  # catalog: Core Platform, Analytics, ...
    return tmp_path


def _load(path):
    from qbrgen.account.validate import load_account

    return load_account(path).model


ACCOUNTS = """\
Id;Name;Owner;Start;End
A1;Alpha Ltd;Dana Reyes;15/01/2026;15/01/2027
A2;Beta GmbH;Dana Reyes;01/02/2026;01/02/2027
A3;Gamma SA;Dana Reyes;03/04/2026;not a date
A4;Delta BV;Dana Reyes;28/02/2026;28/02/2027
"""
PRODUCTS = """\
Id;Product;ARR;Seats;Used
A1;Core Platform;1000;10;8
A2;Core Platform;2000;20;
A2;Analytics;500;;
A4;Core Platform;3000;30;12
A4;Core Platform;oops;30;12
"""
MAPPING = """\
version: 1
sources:
  accounts: {file: accounts.csv, delimiter: ";"}
  products: {file: products.csv, delimiter: ";"}
accounts:
  from: accounts
  columns: {id: Id, name: Name, owner: Owner, start_date: Start, renewal_date: End}
products:
  from: products
  columns: {account: Id, name: Product, arr: ARR, contracted: Seats, used: Used}
"""


def test_a_messy_export_says_each_problem_once_with_true_counts(runner, tmp_path):
    folder = _workspace(tmp_path)
    (folder / "accounts.csv").write_text(ACCOUNTS)
    (folder / "products.csv").write_text(PRODUCTS)
    (folder / "qbrgen-import.yaml").write_text(MAPPING)
    result = runner.invoke(main, ["import", "--mapping", str(folder / "qbrgen-import.yaml"), "-o",
                                  str(folder / "accounts"), *AS_OF])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # the bad date and the bad amount: one message each, at the export's file, line and column
    assert [x for x in lines if x.startswith("accounts.csv:")] == [x for x in lines if "accounts.csv:4: End:" in x]
    assert len([x for x in lines if "accounts.csv:4: End:" in x]) == 1
    assert len([x for x in lines if "products.csv:6: ARR:" in x]) == 1
    # contracted without used: a warning, once, and the product still imported
    assert len([x for x in lines if "products.csv:3: Used:" in x and x.endswith("(warning)")]) == 1
    summary = lines[-1]
    assert "2 account(s) with problems" in summary and "2 row(s) of the exports with a bad cell" in summary
    # day-first dates inferred from 15/01/2026 and 28/02/2026, so 01/02/2026 is the first of February
    beta = _load(folder / "accounts" / "beta-gmbh.yaml")
    assert beta.contract.start_date.isoformat() == "2026-02-01"
    assert sorted(p.name for p in (folder / "accounts").glob("*.yaml")) == ["alpha-ltd.yaml", "beta-gmbh.yaml"]


OPPORTUNITIES = """\
AccountId,Account,Owner,Start,End,Stage,Product,Amount,Seats,Used
1,Acme Corp,Dana Reyes,2026-01-01,2027-01-01,Closed Won,Core Platform,60000,100,80
1,Acme Corp,Dana Reyes,2026-01-01,2027-01-01,Closed Won,Core Platform,15000,20,20
1,Acme Corp,Dana Reyes,2026-01-01,2027-01-01,Closed Lost,Analytics,99999,,
1,Acme Corp,Dana Reyes,2026-01-01,2027-01-01,closed won ,GTXPro,5000,,
"""


def test_where_and_aggregate_turn_an_opportunity_export_into_products(runner, tmp_path):
    folder = _workspace(tmp_path)
    (folder / "opps.csv").write_text(OPPORTUNITIES)
    (folder / "qbrgen-import.yaml").write_text("""\
version: 1
sources:
  opps: opps.csv
accounts:
  from: opps
  columns: {id: AccountId, name: Account, owner: Owner, start_date: Start, renewal_date: End}
products:
  from: opps
  where: {Stage: Closed Won}
  aggregate: sum
  columns: {account: AccountId, name: Product, arr: Amount, contracted: Seats, used: Used}
""")
    result = runner.invoke(main, ["import", "--mapping", str(folder / "qbrgen-import.yaml"), "-o",
                                  str(folder / "accounts"), *AS_OF])
    assert result.exit_code == 0, result.output
    products = {p.name: p for p in _load(folder / "accounts" / "acme-corp.yaml").contract.products}
    assert set(products) == {"Core Platform", "GTXPro"}  # the lost deal is filtered out
    assert products["Core Platform"].arr == Decimal(75000)
    assert (products["Core Platform"].capacity.contracted, products["Core Platform"].capacity.used) == (120, 100)
    (warning,) = [x for x in result.output.splitlines() if "GTXPro" in x]
    assert re.match(r"opps\.csv:5: Product: 'GTXPro' is not in the workspace catalog.*\(warning\)$", warning)


def test_where_names_a_column_the_export_lacks(runner, tmp_path):
    folder = _workspace(tmp_path)
    (folder / "opps.csv").write_text(OPPORTUNITIES)
    (folder / "m.yaml").write_text("""\
version: 1
sources:
  opps: opps.csv
accounts:
  from: opps
  where: {Phase: Closed Won}
  columns: {id: AccountId, name: Account}
""")
    result = runner.invoke(main, ["import", "--mapping", str(folder / "m.yaml"), "-o", str(folder / "a"), *AS_OF])
    assert result.exit_code == 1 and "accounts.where" in result.output and "'Phase'" in result.output
