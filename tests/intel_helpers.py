"""Small account files and books for the account-intelligence tests (coverage, retention, lint, portfolio)."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from qbrgen.account.validate import load_account
from qbrgen.analysis.context import context

from .conftest import AS_OF

WORKSPACE = {"version": 1, "vendor": {"name": "Acme Cloud"}, "catalog": ["Core", "Analytics"]}

BASE = {
    "version": 1,
    "account": {"name": "Small Co", "segment": "mid-market", "currency": "USD", "owner": "Dana Reyes",
                "owner_email": "dana@acme.example"},
    "contract": {"start_date": "2026-03-01", "renewal_date": "2027-03-01", "term_months": 12,
                 "products": [{"name": "Core", "arr": 100000}]},
    "stakeholders": [
        {"name": "Ann Lee", "title": "VP Operations", "level": "vp", "function": "using", "role": "champion",
         "strength": 5, "sentiment": "advocate", "last_contact": "2026-11-10"},
        {"name": "Bo Kim", "title": "CFO", "level": "c-level", "function": "buying", "role": "economic-buyer",
         "strength": 4, "sentiment": "neutral", "last_contact": "2026-10-01"},
        {"name": "Cy Diaz", "title": "Director IT", "level": "director", "function": "adjacent",
         "role": "technical", "strength": 4, "sentiment": "advocate", "last_contact": "2026-11-20"},
    ],
    "value": [{"outcome": "Hours saved", "baseline": 100, "current": 40, "unit": "hours", "better": "lower",
               "annual_value": 300000}],
    "priorities": [{"id": "grow", "title": "Grow"}],
    "roadmap": [{"title": "Feature", "supports": ["grow"]}],
    "success_plan": [{"goal": "Roll out", "customer_owner": "Ann Lee", "vendor_owner": "Dana Reyes",
                      "due": "2027-01-31", "status": "on-track"}],
    "whitespace": [{"unit": "Ops", "deployed": ["Core"], "opportunities": [{"product": "Analytics", "arr": 20000}]}],
    "risks": [],
    "renewal": {"increase_pct": 5, "options": [{"name": "1 year", "term_months": 12, "increase_pct": 5}]},
    "qbr": {"date": "2026-12-10", "attendees": ["Ann Lee", "Bo Kim"]},
}


def account_data(**changes) -> dict:
    """Return the small account as a mapping, with top-level keys replaced (or removed when None)."""
    data = copy.deepcopy(BASE)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def write_account(folder: Path, name: str = "small.yaml", workspace: dict | None = None, **changes) -> Path:
    """Write a workspace (unless one is there) and one small account into ``folder``; return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    ws = folder / "qbrgen.yaml"
    if workspace is not None or not ws.exists():
        ws.write_text(yaml.safe_dump(workspace or WORKSPACE, allow_unicode=True), encoding="utf-8")
    path = folder / name
    path.write_text(yaml.safe_dump(account_data(**changes), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def small(tmp_path: Path, **changes):
    """Return the validated small account with the given top-level changes."""
    return load_account(write_account(tmp_path / "ws", **changes))


def ctx_of(info, as_of=AS_OF):
    return context(info.model, info.workspace.model, as_of)


def person(name, level, function, role="user", strength=4, sentiment="neutral", last_contact="2026-11-20"):
    out = {"name": name, "title": name, "level": level, "function": function, "role": role, "strength": strength,
           "sentiment": sentiment}
    if last_contact:
        out["last_contact"] = last_contact
    return out
