"""``qbrgen init``: a new workspace (qbrgen.yaml plus one account) that validates and builds."""

from __future__ import annotations

from pathlib import Path

from qbrgen.build.writer import write_atomic
from qbrgen.errors import QbrgenError

WORKSPACE = """\
# yaml-language-server: $schema=qbrgen.schema.json
# qbrgen workspace file, format version 1. Paths are relative to this file.
version: 1

vendor:
  name: Your Company

company_stage: growth            # early | growth | scale

theme:                           # the built-in colours: a team template's own accents win unless you choose others
  primary: "#1F3A5F"
  accent: "#F28C28"
  font: Calibri

catalog:
  - Core Platform
  - Analytics

renewal_policy:
  start_days_before: 180
  enterprise_arr: 100000

proposal:                        # commercial defaults of every renewal proposal (an account can override each)
  valid_days: 30                 # offer valid this many days after the as-of date, never past the renewal date
  payment_terms: annually in advance, net 30 days from the invoice date
  notice_days: 60                # written notice of non-renewal, days before the end of a term
  taxes: excluded                # excluded | included
  signatory:                     # who signs for you; left out, the proposal leaves lines to fill in
    name: Your Name
    title: Account Manager
  esign: none                    # docusign | adobe-sign | none (or --esign)
  pdf_variant: plain             # plain | pdf/a-3b | pdf/ua-1 (or --pdf-variant)
  page_size: auto                # auto (by the account's locale) | a4 | letter
  clauses: []                    # your legal team's own terms, after qbrgen's: [{title: ..., text: Markdown}]
"""

ACCOUNT = """\
# yaml-language-server: $schema=../account.schema.json
# One customer account, format version 1. The line above points your editor at the schema init wrote.
version: 1

account:
  name: Example Customer Inc
  segment: mid-market            # smb | mid-market | enterprise
  currency: USD
  locale: en_US
  owner: Your Name
  owner_email: you@example.com   # your contact on the proposal (optional, like owner_phone)

contract:
  start_date: 2026-01-01         # stand-in: the first day of the current contract
  renewal_date: 2027-01-01       # stand-in: the day it renews
  term_months: 12
  auto_renew: true
  products:
    - name: Core Platform
      arr: 60000
      capacity: {unit: seats, contracted: 100, used: 84}

stakeholders:
  - name: Alex Morgan
    title: VP Operations
    level: vp
    function: buying
    role: economic-buyer
    strength: 3
    sentiment: neutral
  - name: Jamie Lee
    title: Operations Manager
    level: manager
    function: using
    role: champion
    strength: 4
    sentiment: advocate

value:
  - outcome: Time to close the month
    baseline: 9
    current: 5
    unit: days
    better: lower
    annual_value: 90000

priorities:
  - id: scale
    title: Support twice the order volume without new hires
    horizon: 2027-Q2

roadmap:
  - title: Bulk order import
    available: 2027-Q1
    supports: [scale]

success_plan:
  - goal: All regional teams onboarded
    customer_owner: Jamie Lee
    vendor_owner: Your Name
    due: 2027-03-31
    status: on-track

whitespace:
  - unit: Operations
    deployed: [Core Platform]
    opportunities:
      - {product: Analytics, arr: 20000}

risks:
  - risk: Budget review in Q1
    likelihood: medium
    impact: high
    mitigation: Share the documented value with the VP before the review

renewal:
  increase_pct: 5
  options:
    - {name: 1-year renewal, term_months: 12, increase_pct: 5}
    - {name: 2-year with price protection, term_months: 24, increase_pct: 3, price_protection: true}
  # uplift_cap_pct: 5            # a cap you propose on later increases; without it the proposal promises none
  # auto_renew: true             # propose that the renewed contract renews automatically
  signatories:
    customer: {name: Alex Morgan, title: VP Operations}
"""


def init_workspace(directory: Path, extra: dict | None = None) -> list[Path]:
    """Create qbrgen.yaml, accounts/example-customer.yaml and the schema files their first lines point to (and
    ``extra`` schemas by file name) in ``directory``; never overwrite a file."""
    import json

    from qbrgen.account.schema import FILES, json_schema

    schemas = {FILES["account"]: json_schema(), FILES["workspace"]: json_schema(workspace=True), **(extra or {})}
    files = {directory / "qbrgen.yaml": WORKSPACE, directory / "accounts" / "example-customer.yaml": ACCOUNT,
             **{directory / name: json.dumps(schema, indent=2) + "\n" for name, schema in schemas.items()}}
    existing = [p for p in files if p.exists()]
    if existing:
        raise QbrgenError(f"{existing[0]} already exists; qbrgen init does not overwrite files")
    for path, text in files.items():
        write_atomic(path, text.encode("utf-8"))
    return list(files)
