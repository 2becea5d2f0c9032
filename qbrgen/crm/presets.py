"""Built-in mappings for the exports teams already have, so a standard export needs no mapping file.

* ``salesforce-report``: a report export (CSV or .xlsx) with columns named ``Object: Field Label``,
  one row per contact, like "Accounts with Contacts".
* ``salesforce-tree``: ``sf data export tree`` JSON files (Account, Contact, Opportunity records
  joined by ``@AccountRef`` references); Closed Won opportunities become products and the contract.
* ``hubspot``: HubSpot's companies, contacts and deals CSV exports, joined by record ids.

Each preset looks at the files' columns and maps the ones it knows; the rest are left to people.
"""

from __future__ import annotations

import json
from pathlib import Path

from qbrgen.crm.mapping import FORMATS, Mapping, parse_mapping
from qbrgen.crm.sources import _sniff_delimiter
from qbrgen.errors import InputError, Problem, QbrgenError

SF_REPORT = {  # qbrgen column -> report column
    "accounts": {"id": "Account: Account ID", "name": "Account: Account Name", "industry": "Account: Industry",
                 "owner": "Account: Account Owner", "currency": "Account: Account Currency"},
    "stakeholders": {"first_name": "Contact: First Name", "last_name": "Contact: Last Name",
                     "title": "Contact: Title", "last_contact": "Contact: Last Activity"},
}
HUBSPOT = {
    "companies": ("Record ID", "Company name"),
    "contacts": ("Record ID", "First Name", "Last Name"),
    "deals": ("Record ID", "Deal Name", "Amount"),
}

ASSOCIATION = ("Associated Company IDs", "Associated Company ID", "Associated Company IDs (Primary)")


class PresetError(QbrgenError):
    """The files given do not fit the preset; exit status 2 (a usage error)."""

    exit_code = 2


def preset_mapping(name: str, files: tuple[Path, ...]) -> Mapping:
    """Return the mapping of preset ``name`` over ``files``."""
    if not files:
        raise PresetError(f"--preset {name} needs the exported files, like: qbrgen import --preset {name} export.csv")
    for path in files:
        if not path.is_file():
            raise PresetError(f"{path} does not exist")
    build = {"salesforce-report": _salesforce_report, "salesforce-tree": _salesforce_tree, "hubspot": _hubspot}[name]
    data = build(files)
    return parse_mapping(data, f"--preset {name}", Path.cwd(), files_outside_ok=True)


def _salesforce_report(files: tuple[Path, ...]) -> dict:
    if len(files) != 1:
        raise PresetError("--preset salesforce-report reads one report export (one row per contact)")
    header = _header(files[0])
    if SF_REPORT["accounts"]["name"] not in header:
        raise PresetError(f"{files[0].name} has no 'Account: Account Name' column; is it a Salesforce report export?")
    key = "id" if SF_REPORT["accounts"]["id"] in header else "name"
    accounts = {k: v for k, v in SF_REPORT["accounts"].items() if v in header}
    data: dict = {"version": 1, "sources": {"report": str(files[0])},
                  "accounts": {"from": "report", "columns": accounts}}
    people = {k: v for k, v in SF_REPORT["stakeholders"].items() if v in header}
    if {"last_name", "title"} <= set(people):
        data["stakeholders"] = {"from": "report", "columns": {"account": accounts[key], **people}}
    return data


def _salesforce_tree(files: tuple[Path, ...]) -> dict:
    by_type: dict[str, Path] = {}
    fields: dict[str, set[str]] = {}
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            if isinstance(data, list) and all(isinstance(d, dict) and "sobject" in d for d in data):
                continue  # the plan file of `sf data export tree --plan`: names the others
            records = data["records"]
            kind = records[0]["attributes"]["type"]
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            raise PresetError(f"{path.name} is not an sObject tree export (a 'records' list with attributes)") from None
        by_type[kind] = path
        fields[kind] = {k for r in records for k in r}
    if "Account" not in by_type:
        raise PresetError("--preset salesforce-tree needs the Account export (like Accounts.json)")
    sources = {k.lower(): {"file": str(p), "records": "records"} for k, p in by_type.items()}
    industry = ", Industry AS industry" if "Industry" in fields["Account"] else ""
    data: dict = {"version": 1, "sources": sources}
    won = "o.StageName = 'Closed Won'"
    ref = "'@' || a.referenceId"
    if "Opportunity" in by_type:
        data["accounts"] = _dated_by_won_deals(f"a.Name AS name{industry.replace('Industry', 'a.Industry')}",
                                               "o.CloseDate", won, "account a", "opportunity o",
                                               f"o.AccountId = {ref}")
        data["products"] = {"sql": (
            f"SELECT a.Name AS account, o.Name AS name, o.Amount AS arr FROM opportunity o "
            f"JOIN account a ON o.AccountId = {ref} WHERE {won} ORDER BY a.Name, o.Name")}
    else:
        data["accounts"] = {"sql": f"SELECT Name AS name{industry} FROM account"}
    if "Contact" in by_type:
        data["stakeholders"] = {"sql": (
            "SELECT a.Name AS account, c.FirstName AS first_name, c.LastName AS last_name, c.Title AS title "
            f"FROM contact c JOIN account a ON c.AccountId = {ref} ORDER BY a.Name, c.LastName, c.FirstName")}
    return data


def _hubspot(files: tuple[Path, ...]) -> dict:
    found: dict[str, Path] = {}
    headers: dict[str, list[str]] = {}
    for path in files:
        header = _header(path)
        kind = next((k for k in ("deals", "companies", "contacts") if all(c in header for c in HUBSPOT[k])), None)
        if kind is None:
            raise PresetError(f"{path.name} is not a HubSpot companies, contacts or deals export "
                              "(expected columns like 'Record ID' with 'Company name', 'First Name' or 'Deal Name')")
        found[kind], headers[kind] = path, header
    if "companies" not in found:
        raise PresetError("--preset hubspot needs the companies export (columns 'Record ID', 'Company name')")
    data: dict = {"version": 1, "sources": {k: str(p) for k, p in found.items()}}
    has = headers["companies"]
    extra = "".join(f', c."{col}" AS {name}' for col, name in (("Industry", "industry"), ("Company owner", "owner"))
                    if col in has)
    assoc = next((c for c in ASSOCIATION if c in headers.get("deals", [])), None)
    if "deals" in found and assoc and "Close Date" in headers["deals"]:
        won = "lower(replace(d.\"Deal Stage\", ' ', '')) IN ('closedwon', 'closed-won')"
        close = "TRY_CAST(left(d.\"Close Date\", 10) AS DATE)"
        data["accounts"] = _dated_by_won_deals(f'c."Record ID" AS id, c."Company name" AS name{extra}', close, won,
                                               "companies c", "deals d",
                                               f'split_part(d."{assoc}", \';\', 1) = c."Record ID"')
        data["products"] = {"sql": (
            f"SELECT split_part(d.\"{assoc}\", ';', 1) AS account, d.\"Deal Name\" AS name, d.\"Amount\" AS arr "
            f"FROM deals d WHERE {won} ORDER BY 1, 2")}
    else:
        data["accounts"] = {"sql": f"SELECT c.\"Record ID\" AS id, c.\"Company name\" AS name{extra} FROM companies c"}
    contact_assoc = next((c for c in ASSOCIATION if c in headers.get("contacts", [])), None)
    if "contacts" in found and contact_assoc and "Job Title" in headers["contacts"]:
        last = ', p."Last Activity Date" AS last_contact' if "Last Activity Date" in headers["contacts"] else ""
        data["stakeholders"] = {"sql": (
            f"SELECT split_part(p.\"{contact_assoc}\", ';', 1) AS account, p.\"First Name\" AS first_name, "
            f"p.\"Last Name\" AS last_name, p.\"Job Title\" AS title{last} FROM contacts p ORDER BY 1, 3, 2")}
    return data


def _dated_by_won_deals(columns: str, close: str, won: str, accounts: str, deals: str, join: str) -> dict:
    """Return the accounts query of a CRM export without contract dates: the latest won deal's close date is the
    contract's start, and the renewal falls a year later (a mapping can set real dates where the CRM has them)."""
    return {"sql": (f"SELECT {columns}, max({close}) FILTER ({won}) AS start_date, "
                    f"CAST(max({close}) FILTER ({won}) + INTERVAL 12 MONTH AS DATE) AS renewal_date "
                    f"FROM {accounts} LEFT JOIN {deals} ON {join} GROUP BY ALL")}


def _header(path: Path) -> list[str]:
    """Return the column names of a CSV or .xlsx export."""
    kind = FORMATS.get(path.suffix.lower())
    if kind == "xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        try:
            first = next(book.worksheets[0].iter_rows(values_only=True), ())
        finally:
            book.close()
        return [str(c).strip() for c in first if c is not None]
    if kind != "csv":
        raise PresetError(f"{path.name}: this preset reads .csv or .xlsx exports")
    raw = path.read_bytes()[:65536]
    boms = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
    encoding = next((name for bom, name in boms if raw.startswith(bom)), "utf-8")
    try:
        text = raw.decode(encoding, errors="strict" if encoding == "utf-8" else "ignore")
    except UnicodeDecodeError:
        raise InputError([Problem(path.name, 1, "", "is not UTF-8 text; save it as UTF-8")]) from None
    line = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    import csv

    return [c.strip() for c in next(csv.reader([line], delimiter=_sniff_delimiter(line)), [])]
