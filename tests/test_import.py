"""qbrgen import: CRM exports in, account files updated, hand-written parts untouched."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from qbrgen.cli import main
from tests.conftest import FIXTURES as TEST_FIXTURES
from tests.conftest import ROOT, SPEC

FIXTURES = ROOT / "tests" / "fixtures" / "crm"
SALESFORCE = TEST_FIXTURES / "crm" / "salesforce-sample"  # CC0, copied from the spec's CRM samples
AS_OF = ["--as-of", "2026-11-23"]


def run(runner, *args):
    return runner.invoke(main, ["import", *map(str, args), *AS_OF])


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*"))}


def load(path: Path):
    from qbrgen.account.validate import load_account

    return load_account(path).model


@pytest.fixture
def messy(tmp_path) -> Path:
    """Return a copy of the messy exports and their mapping file."""
    folder = tmp_path / "exports"
    shutil.copytree(FIXTURES / "messy", folder)
    return folder


def test_salesforce_report_preset_imports_accounts_that_validate_and_build(runner, tmp_path):
    out = tmp_path / "accounts"
    result = run(runner, "--preset", "salesforce-report", SALESFORCE / "Accounts-Contacts.csv", "-o", out)
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.yaml"))) == 10
    alpha = load(out / "alpha-dynamics.yaml")
    people = {p.name: p for p in alpha.stakeholders}
    assert set(people) == {"Amy Taylor", "Jennifer Wu", "Caroline Kingsley"}
    assert people["Jennifer Wu"].level == "c-level" and people["Amy Taylor"].level == "vp"
    assert load(out / "genepoint.yaml").stakeholders == ()
    args = ["build", str(out / "alpha-dynamics.yaml"), "-o", str(tmp_path / "build"), "--format", "pptx,docx,pdf",
            *AS_OF]
    # the export has no owner, product or contract dates: the stand-ins never reach a customer document...
    refused = runner.invoke(main, args)
    assert refused.exit_code == 1 and not (tmp_path / "build").exists()
    assert re.search(r"alpha-dynamics\.yaml:\d+: account\.owner: \[QBR024 placeholder\] 'Unassigned'", refused.output)
    assert re.search(r"alpha-dynamics\.yaml:\d+: contract\.renewal_date: \[QBR024 placeholder\] a made-up date",
                     refused.output)
    # ...unless an internal draft is asked for
    build = runner.invoke(main, [*args, "--allow-placeholders"])
    assert build.exit_code == 0, build.output
    from docx import Document
    from pptx import Presentation
    from pypdf import PdfReader

    folder = tmp_path / "build" / "alpha-dynamics"
    deck = " ".join(s.text_frame.text for slide in Presentation(folder / "qbr-deck.pptx").slides
                    for s in slide.shapes if s.has_text_frame)
    assert "Alpha Dynamics" in deck
    assert "Alpha Dynamics" in "\n".join(p.text for p in Document(folder / "renewal-proposal.docx").paragraphs)
    assert "Alpha Dynamics" in "".join(page.extract_text() for page in PdfReader(folder / "renewal-proposal.pdf").pages)


def test_salesforce_tree_preset_joins_references_and_takes_won_opportunities(runner, tmp_path):
    out = tmp_path / "accounts"
    files = [SALESFORCE / n for n in ("Accounts.json", "Contacts.json", "Opportunities.json")]
    result = run(runner, "--preset", "salesforce-tree", *files, "-o", out)
    assert result.exit_code == 0, result.output
    import json

    opps = json.loads((SALESFORCE / "Opportunities.json").read_text())["records"]
    won = [o for o in opps if o["StageName"] == "Closed Won" and o["AccountId"] == "@AccountRef4"]
    genepoint = load(out / "genepoint.yaml")
    assert sorted(p.name for p in genepoint.contract.products) == sorted(o["Name"] for o in won)
    assert str(genepoint.contract.start_date) == max(o["CloseDate"] for o in won)
    alpha = load(out / "alpha-dynamics.yaml")
    assert "Amy Taylor" in {p.name for p in alpha.stakeholders}


def test_hubspot_preset(runner, tmp_path):
    out = tmp_path / "accounts"
    result = run(runner, "--preset", "hubspot", *sorted((FIXTURES / "hubspot").glob("*.csv")), "-o", out)
    assert result.exit_code == 0, result.output
    fjord = load(out / "fjord-analytics.yaml")
    assert fjord.account.id == "5012345001" and fjord.account.owner == "Ingrid Solberg"
    assert fjord.account.industry == "Computer Software"
    products = {p.name: p.arr for p in fjord.contract.products}
    assert products == {"Fjord Platform": 120000, "Fjord Analytics add-on": 30000}
    assert str(fjord.contract.start_date) == "2026-02-01" and str(fjord.contract.renewal_date) == "2027-02-01"
    levels = {p.name: p.level for p in fjord.stakeholders}
    assert levels == {"Sara Nilsen": "c-level", "Tobias Berg": "director", "Lena Aas": "ic"}
    cascade = load(out / "cascade-health-partners.yaml")
    assert {p.name: p.level for p in cascade.stakeholders} == {"Paul Okoye": "vp", "Keiko Tanaka": "director"}
    orchid = load(out / "orchid-foods.yaml")
    assert orchid.contract.products == ()  # a lost deal is not a product
    assert [p.name for p in orchid.stakeholders] == ["Ana Ruiz"]


def test_mapping_sql_aggregates_daily_usage_into_months(runner, messy, tmp_path):
    out = tmp_path / "accounts"
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    expected: dict[str, int] = {}
    for line in (messy / "usage_daily.csv").read_text().splitlines()[1:]:
        account, day, value = line.split(",")
        d, m, y = day.split("/")
        if account == "A-002":
            key = f"{y}-{int(m):02d}"
            expected[key] = expected.get(key, 0) + int(value)
    usage = load(out / "kontor-nord-gmbh.yaml").usage
    assert usage.metric == "Invoices processed"
    assert {k: int(v) for k, v in usage.monthly.items()} == expected
    assert list(usage.monthly) == sorted(expected)


def test_messy_dates_booleans_and_amounts(runner, messy, tmp_path):
    out = tmp_path / "accounts"
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", out).exit_code == 0
    lumiere = load(out / "brasserie-lumiere.yaml")
    assert str(lumiere.contract.start_date) == "2025-02-01"  # 1/2/2025 read day first
    assert lumiere.contract.auto_renew is True
    assert {p.name: str(p.arr) for p in lumiere.contract.products} == {"Core Platform": "1234.56",
                                                                      "Analytics": "12000"}
    assert lumiere.account.segment == "enterprise"
    roles = {p.name: p.role for p in lumiere.stakeholders}
    assert roles == {"Élodie Martin": "economic-buyer", "Hugo Bernard": "champion"}
    kontor = load(out / "kontor-nord-gmbh.yaml")
    assert kontor.contract.auto_renew is False and str(kontor.contract.renewal_date) == "2026-03-15"
    assert kontor.contract.uplift_cap_pct is None
    pacific = load(out / "pacific-freight-co.yaml")
    assert pacific.account.currency == "USD" and str(pacific.contract.uplift_cap_pct) == "3.5"
    assert pacific.contract.products[0].arr == Decimal("9600.50")
    assert {p.name: p.level for p in pacific.stakeholders} == {"Kenji Sato": "c-level", "Maria López": "manager"}


def test_xlsx_export(runner, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Account: Account Name", "Account: Industry", "Contact: First Name", "Contact: Last Name",
                  "Contact: Title"])
    sheet.append(["Kite Robotics", "Manufacturing", "Ola", "Berg", "Vice President Operations"])
    sheet.append(["Kite Robotics", "Manufacturing", "Jo", "Lind", "Einkaufsleiter"])
    book.save(tmp_path / "report.xlsx")
    out = tmp_path / "accounts"
    result = run(runner, "--preset", "salesforce-report", tmp_path / "report.xlsx", "-o", out)
    assert result.exit_code == 0, result.output
    kite = load(out / "kite-robotics.yaml")
    assert kite.account.industry == "Manufacturing"
    assert {p.name: p.level for p in kite.stakeholders} == {"Ola Berg": "vp", "Jo Lind": "director"}


HAND_SECTIONS = ("value:", "activity:", "priorities:", "roadmap:", "success_plan:", "whitespace:", "risks:",
                 "signals:", "renewal:", "qbr:")


def blocks(text: str) -> dict[str, str]:
    """Return each top-level block of an account file's text (its key line, comments and body)."""
    out: dict[str, str] = {}
    current = None
    for line in text.splitlines(keepends=True):
        if line[:1].isalpha():
            current = line.split(":")[0] + ":"
            out[current] = ""
        if current:
            out[current] += line
    return out


def test_hand_edited_file_keeps_its_hand_written_parts_byte_for_byte(runner, messy, tmp_path):
    out = tmp_path / "accounts"
    out.mkdir()
    source = SPEC / "account.example.yaml"
    text = source.read_text(encoding="utf-8").replace("id: 0015g00000AbCdE", "id: A-003")
    text = text.replace("risks:\n", "risks:   # reviewed with Dana on Monday\n")
    (out / "pacific.yaml").write_text(text, encoding="utf-8")
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    after = (out / "pacific.yaml").read_text(encoding="utf-8")
    before_blocks, after_blocks = blocks(text), blocks(after)
    for key in HAND_SECTIONS:
        assert after_blocks[key] == before_blocks[key], key
    assert list(after_blocks) == list(before_blocks)  # key order kept, nothing added at the top level
    model = load(out / "pacific.yaml")
    assert model.account.name == "Pacific Freight Co" and model.account.owner == "Dana Reyes"
    assert model.account.csm == "Priya Shah" and model.account.industry == "Logistics"  # not owned: kept
    assert "  csm: Priya Shah                # (optional) customer success manager\n" in after
    names = [p.name for p in model.stakeholders]
    assert names[:5] == ["Maria Chen", "Tom Okafor", "Lena Fischer", "Raj Patel", "Sofia Alvarez"]
    assert names[5:] == ["Kenji Sato", "Maria López"]
    assert "- name: Maria Chen  # added by hand: not in the CRM" in after
    assert "- name: Kenji Sato  # from the CRM" in after
    maria = model.stakeholders[0]
    assert (maria.strength, maria.sentiment, maria.role) == (5, "advocate", "champion")


@pytest.mark.parametrize("workers", [False, True], ids=["one-process", "two-processes"])
def test_second_import_changes_nothing(runner, messy, tmp_path, monkeypatch, workers):
    if workers:
        monkeypatch.setattr("qbrgen.crm.importer.PARALLEL_FROM", 2)
        monkeypatch.setattr("qbrgen.crm.importer.CHUNK", 1)
    out = tmp_path / "accounts"
    out.mkdir()
    shutil.copy(ROOT / "examples/accounts/northwind-logistics.yaml", out / "hand.yaml")
    (out / "hand.yaml").write_text((out / "hand.yaml").read_text().replace("id: 0015g00000AbCdE", "id: A-001"))
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", out).exit_code == 0
    first = snapshot(out)
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 0
    assert snapshot(out) == first
    assert "0 new, 0 changed, 3 unchanged" in result.output


def test_bad_row_is_reported_and_its_account_untouched(runner, messy, tmp_path):
    out = tmp_path / "accounts"
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", out).exit_code == 0
    before = snapshot(out)
    accounts = (messy / "accounts.csv").read_text()
    accounts = accounts.replace("15/03/2025;15/03/2026;No", "15/13/2025;15/03/2026;No")
    accounts = accounts.replace("Camille Durand", "Camille Martin")
    (messy / "accounts.csv").write_text(accounts)
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 1
    assert "accounts.csv:3: Start: '15/13/2025' is not a real date" in result.output
    assert (out / "kontor-nord-gmbh.yaml").read_bytes() == before["kontor-nord-gmbh.yaml"]
    assert load(out / "brasserie-lumiere.yaml").account.owner == "Camille Martin"  # the rest is imported


def test_left_the_crm_is_kept_without_prune_and_removed_with_it(runner, messy, tmp_path):
    out = tmp_path / "accounts"
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", out).exit_code == 0
    lines = (messy / "accounts.csv").read_text().splitlines(keepends=True)
    (messy / "accounts.csv").write_text("".join(line for line in lines if not line.startswith("A-003")))
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 0
    assert "1 left the CRM (kept; --prune removes them)" in result.output
    assert (out / "pacific-freight-co.yaml").exists()
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out, "--prune")
    assert result.exit_code == 1 and "1 of 3 account files" in result.output  # a third of a small book
    assert (out / "pacific-freight-co.yaml").exists()
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out, "--prune", "--prune-max", "40")
    assert result.exit_code == 0 and "1 left the CRM (removed)" in result.output
    assert not (out / "pacific-freight-co.yaml").exists()
    assert (out / "kontor-nord-gmbh.yaml").exists()


def test_dry_run_prints_diffs_and_writes_nothing(runner, messy, tmp_path):
    out = tmp_path / "accounts"
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out, "--dry-run")
    assert result.exit_code == 0
    assert not out.exists()
    assert f"+++ {out / 'kontor-nord-gmbh.yaml'}" in result.output and "+  name: Kontor Nord GmbH" in result.output
    assert "dry run, nothing written: 3 new, 0 changed" in result.output
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", out).exit_code == 0
    before = snapshot(out)
    (messy / "accounts.csv").write_text((messy / "accounts.csv").read_text().replace("Jonas Weber", "Jo Weber"))
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out, "--dry-run", "--prune")
    assert "-  owner: Jonas Weber" in result.output and "+  owner: Jo Weber" in result.output
    assert snapshot(out) == before


def test_mapping_error_writes_nothing(runner, messy, tmp_path):
    out = tmp_path / "accounts"
    mapping = (messy / "mapping.yaml").read_text().replace("name: Product,", "name: Product name,")
    (messy / "mapping.yaml").write_text(mapping)
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 1
    line = next(i for i, text in enumerate(mapping.splitlines(), 1) if text.startswith("products:"))
    assert f"mapping.yaml:{line}: products.columns: subscriptions.csv has no column 'Product name'" in result.output
    assert not out.exists()
    (messy / "mapping.yaml").write_text(mapping.replace("name: Product name,", "name: Product,").replace(
        "FROM usage", "FROM usage_typo"))
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 1 and "usage.sql: the query fails" in result.output
    assert not out.exists()


def test_sql_cannot_read_files_outside_the_exports(runner, messy, tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n1\n")
    mapping = (messy / "mapping.yaml").read_text().replace("FROM usage\n", f"FROM usage, read_csv('{secret}')\n")
    (messy / "mapping.yaml").write_text(mapping)
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", tmp_path / "accounts")
    assert result.exit_code == 1 and "usage.sql" in result.output
    assert not (tmp_path / "accounts").exists()


def test_usage_errors(runner, messy, tmp_path):
    assert run(runner, "-o", tmp_path).exit_code == 2
    assert run(runner, "--mapping", messy / "mapping.yaml", "--preset", "hubspot").exit_code == 2
    result = run(runner, "--preset", "hubspot", messy / "accounts.csv", "-o", tmp_path / "x")
    assert result.exit_code == 2 and "not a HubSpot" in result.output


@pytest.mark.parametrize(("title", "level"), [
    ("Chief Executive Officer", "c-level"), ("CFO", "c-level"), ("Vice President, Sales", "vp"),
    ("VP Finance", "vp"), ("Director of IT", "director"), ("Head of Procurement", "director"),
    ("Finance Manager", "manager"), ("Team Lead Support", "manager"), ("Analyst", "ic"),
    ("Executive Assistant to the CEO", "ic"),
    ("Geschäftsführer", "c-level"), ("Vizepräsidentin Vertrieb", "vp"), ("Einkaufsleiter", "director"),
    ("Teamleiter Buchhaltung", "manager"), ("Sachbearbeiterin", "ic"),
    ("Directeur général", "c-level"), ("Vice-président marketing", "vp"), ("Directrice des achats", "director"),
    ("Chef de projet", "manager"), ("Comptable", "ic"),
    ("Director General", "c-level"), ("Vicepresidenta de Operaciones", "vp"), ("Directora de Compras", "director"),
    ("Gerente de TI", "manager"), ("Contador", "ic"),
    ("代表取締役社長", "c-level"), ("執行役員", "vp"), ("営業部長", "director"), ("経理課長", "manager"),
    ("エンジニア", "ic"),
    ("Amministratore delegato", "c-level"), ("Verkställande direktör", "c-level"), ("Försäljningsdirektör", "director"),
], ids=lambda v: str(v))
def test_level_from_title(title, level):
    from qbrgen.crm.levels import level_of

    assert level_of(title) == level


def test_example_crm_export_imports_into_accounts_that_build(runner, tmp_path):
    out = tmp_path / "accounts"
    result = run(runner, "--mapping", ROOT / "examples/crm/qbrgen-import.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    harbor = load(out / "harbor-health-clinics.yaml")
    assert harbor.account.id == "0015g00000QbrA1" and sum(p.arr for p in harbor.contract.products) == 300000
    assert len(harbor.usage.monthly) == 6 and [h.score for h in harbor.health] == [72, 78]
    build = runner.invoke(main, ["build", str(out), "-o", str(tmp_path / "build"), "--format", "pptx,docx", *AS_OF])
    assert build.exit_code == 0, build.output
    assert len(list((tmp_path / "build").glob("*/qbr-deck.pptx"))) == 2


@pytest.mark.parametrize(("encoding", "delimiter", "option"), [
    ("utf-16", "\t", ""), ("utf-8-sig", ";", ""), ("cp1252", "|", "encoding: cp1252"), ("utf-8", ",", ""),
], ids=["utf16-bom-tab", "utf8-bom-semicolon", "cp1252-pipe", "utf8-comma"])
def test_csv_encodings_and_delimiters(runner, tmp_path, encoding, delimiter, option):
    rows = [["Id", "Name", "Owner"], ["X1", "Café Müller", "Zoë Løvås"]]
    text = "\n".join(delimiter.join(r) for r in rows) + "\n"
    (tmp_path / "accounts.csv").write_bytes(text.encode(encoding))
    source = f"{{file: accounts.csv, {option}}}" if option else "accounts.csv"
    (tmp_path / "mapping.yaml").write_text(
        f"version: 1\nsources:\n  accounts: {source}\naccounts:\n  columns: {{id: Id, name: Name, owner: Owner}}\n")
    result = run(runner, "--mapping", tmp_path / "mapping.yaml", "-o", tmp_path / "accounts")
    assert result.exit_code == 0, result.output
    account = load(tmp_path / "accounts" / "cafe-muller.yaml").account
    assert (account.id, account.name, account.owner) == ("X1", "Café Müller", "Zoë Løvås")


def test_csv_in_an_unknown_encoding_is_a_clear_error(runner, tmp_path):
    (tmp_path / "accounts.csv").write_bytes("Id,Name\nX1,Caf\u00e9 M\u00fcller\n".encode("cp1252"))
    (tmp_path / "mapping.yaml").write_text(
        "version: 1\nsources:\n  accounts: accounts.csv\naccounts:\n  columns: {id: Id, name: Name}\n")
    result = run(runner, "--mapping", tmp_path / "mapping.yaml", "-o", tmp_path / "accounts")
    assert result.exit_code == 1 and "accounts.csv:2: is not UTF-8 text" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "accounts").exists()


@pytest.mark.parametrize(("cell", "expected"), [
    ("1.234,56", "1234.56"), ("1,234.56", "1234.56"), ("$ 12,000", "12000"), ("12.000,00 €", "12000.00"),
    ("EUR 3 400,50", "3400.50"), ("1234.5", "1234.5"), ("0,5", "0.5"), ("1'250.75", "1250.75"),
])
def test_amounts(cell, expected):
    from qbrgen.crm.normalise import amount

    assert amount(cell) == Decimal(expected)


def test_cells_that_are_not_values():
    from qbrgen.crm.normalise import CellError, amount, boolean, date

    assert [boolean(v) for v in ("TRUE", "FALSE", "Yes", "No", "1", "0", "y")] == [True, False, True, False,
                                                                                   True, False, True]
    assert str(date("31.01.2026")) == str(date("31/01/2026")) == str(date("2026-01-31T09:30:00Z")) == "2026-01-31"
    for bad, fn in (("maybe", boolean), ("13/13/2026", date), ("01/02/2026", date), ("1.2.3,4", amount),
                    ("twelve", amount), ("2026-02-30", date)):
        with pytest.raises(CellError):
            fn(bad)


def test_account_file_ruamel_cannot_edit_is_reported_not_a_crash(runner, messy, tmp_path):
    out = tmp_path / "accounts"
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", out).exit_code == 0
    path = out / "kontor-nord-gmbh.yaml"
    path.write_text(path.read_text().replace("version: 1\n", "version: 1\nversion: 1\n"))
    before = path.read_bytes()
    (messy / "accounts.csv").write_text((messy / "accounts.csv").read_text().replace("Jonas Weber", "Jo Weber"))
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 1 and "kontor-nord-gmbh.yaml" in result.output and "internal error" not in result.output
    assert path.read_bytes() == before


def test_files_are_matched_by_crm_id_whatever_their_name_or_layout(runner, messy, tmp_path):
    out = tmp_path / "accounts"
    assert run(runner, "--mapping", messy / "mapping.yaml", "-o", out).exit_code == 0
    kontor = (out / "kontor-nord-gmbh.yaml").read_text()
    block = kontor[kontor.index("account:\n"):kontor.index("\ncontract:")]
    assert "  owner: Jonas Weber" in block
    kontor = kontor.replace(block, "account: {name: Kontor Nord GmbH, id: A-002, segment: mid-market, currency: EUR,"
                                   " owner: Jonas Weber}\n")
    (out / "kontor-nord-gmbh.yaml").unlink()
    (out / "renamed.yaml").write_text(kontor)
    (out / "brasserie-lumiere.yaml").write_text((out / "brasserie-lumiere.yaml").read_text().replace(
        "  id: A-001", '  id: "A-001"   # quoted by hand'))
    result = run(runner, "--mapping", messy / "mapping.yaml", "-o", out)
    assert result.exit_code == 0 and "0 new, 0 changed, 3 unchanged, 0 left the CRM" in result.output
    assert sorted(p.name for p in out.glob("*.yaml")) == ["brasserie-lumiere.yaml", "pacific-freight-co.yaml",
                                                          "renamed.yaml"]


def test_a_changed_figure_changes_only_its_own_line(runner, tmp_path):
    crm = tmp_path / "crm"
    shutil.copytree(ROOT / "examples" / "crm", crm)
    out = tmp_path / "accounts"
    assert run(runner, "--mapping", crm / "qbrgen-import.yaml", "-o", out).exit_code == 0
    before = (out / "harbor-health-clinics.yaml").read_text().splitlines()
    (crm / "subscriptions.csv").write_text((crm / "subscriptions.csv").read_text().replace("$60,000.00", "$65,000"))
    (crm / "health.csv").write_text((crm / "health.csv").read_text().replace("2026-09-30,78", "2026-09-30,81"))
    assert run(runner, "--mapping", crm / "qbrgen-import.yaml", "-o", out).exit_code == 0
    after = (out / "harbor-health-clinics.yaml").read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("      arr: 60000", "      arr: 65000"),
                       ("  - {date: 2026-09-30, score: 78}", "  - {date: 2026-09-30, score: 81}")]
