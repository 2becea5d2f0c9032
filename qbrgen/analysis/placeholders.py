"""Stand-ins that ``qbrgen init`` and ``qbrgen import`` write until someone fills in the real value.

A stand-in must never reach a customer: "Your Company" on a proposal, "Your contact: Unassigned", a renewal
date the importer guessed, a contract with no product or an ARR of 0. Lint reports each as an error
(QBR024), and ``build`` refuses to write customer documents for such an account unless told
``--allow-placeholders``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from qbrgen.account.loader import format_path, line_of
from qbrgen.errors import Problem

RULE_ID = "QBR024"
RULE_NAME = "placeholder"
FIX = "Replace the stand-in with the real value (or build with --allow-placeholders for an internal draft)."

# The values init and import write where they know nothing better; compared case-insensitively.
STAND_IN_NAMES = frozenset({"unassigned", "your name", "your company", "example customer inc", "tbd", "todo"})
STAND_IN_EMAILS = frozenset({"you@example.com"})
# The comment the importer (and init) put beside a value it had to make up.
MADE_UP = re.compile(r"#\s*(not in the CRM export|stand-in)\b", re.IGNORECASE)


def _is_stand_in(text: object) -> bool:
    return isinstance(text, str) and text.strip().lower() in STAND_IN_NAMES


def _lines(path: Path | None) -> list[str]:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines() if path is not None else []
    except (OSError, UnicodeDecodeError):
        return []


def _workspace_line(path: Path | None, key: str, value: str) -> int | None:
    pattern = re.compile(rf"^\s*{re.escape(key)}:\s*[\"']?{re.escape(value)}[\"']?\s*(#.*)?$")
    return next((n for n, text in enumerate(_lines(path), 1) if pattern.match(text)), None)


def _shown(path: Path | None) -> str:
    from qbrgen.account.validate import display_path

    return display_path(path) if path is not None else "qbrgen.yaml"


def findings(info, loaded_data=None) -> list[Problem]:
    """Return one error per stand-in value of an account and of its workspace file."""
    account = info.model
    if account is None:
        return []
    out: list[Problem] = []

    def add(loc: tuple, message: str) -> None:
        line = line_of(loaded_data, loc) if loaded_data is not None else None
        out.append(Problem(info.display, line, format_path(loc), f"[{RULE_ID} {RULE_NAME}] {message}. Fix: {FIX}"))

    a = account.account
    if _is_stand_in(a.name):
        add(("account", "name"), f"'{a.name}' is a stand-in for the customer's name")
    if _is_stand_in(a.owner):
        add(("account", "owner"), f"'{a.owner}' is a stand-in: the customer would read it as your contact")
    if a.owner_email and a.owner_email.strip().lower() in STAND_IN_EMAILS:
        add(("account", "owner_email"), f"'{a.owner_email}' is a stand-in address")
    if not account.contract.products:
        add(("contract", "products"), "no product: the proposal would renew nothing")
    elif sum((p.arr for p in account.contract.products), Decimal(0)) <= 0:
        add(("contract", "products"), "the contract's ARR is 0: the proposal would renew at no price")
    if loaded_data is not None:
        text = _lines(Path(info.file))
        for field in ("start_date", "renewal_date"):
            line = line_of(loaded_data, ("contract", field))
            if line and 0 < line <= len(text) and MADE_UP.search(text[line - 1]):
                add(("contract", field), "a made-up date (the export did not have it): every date in the "
                                         "renewal timeline would follow from it")
    workspace = info.workspace
    vendor = workspace.model.vendor.name
    if "vendor" in workspace.model.model_fields_set and _is_stand_in(vendor):
        shown = _shown(workspace.file)
        out.append(Problem(shown, _workspace_line(workspace.file, "name", vendor), "vendor.name",
                           f"[{RULE_ID} {RULE_NAME}] '{vendor}' is a stand-in for your company's name. Fix: {FIX}"))
    signer = workspace.model.proposal.signatory.name
    if _is_stand_in(signer):
        shown = _shown(workspace.file)
        out.append(Problem(shown, _workspace_line(workspace.file, "name", signer), "proposal.signatory.name",
                           f"[{RULE_ID} {RULE_NAME}] '{signer}' is a stand-in for who signs for you. Fix: {FIX}"))
    return out
