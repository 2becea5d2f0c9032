"""The proposal's terms and commercial basics: every sentence from one field, defaults and overrides.

Each rendered check reads the DOCX and the PDF back, as procurement would receive them.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from qbrgen.analysis.context import context
from qbrgen.sections.commercial import terms_items

from .conftest import AS_OF
from .proposal_helpers import example_data, load, texts


def line(fmt: str, label: str, value: str) -> str:
    """Return how a pre-filled signature line reads back: 'X Name' (the value on its line, the caption under it),
    in the DOCX as in the PDF."""
    return f"{value} {label}"


# the DOCX reads its signature table row by row (both parties' name lines, then both title lines ...), the PDF
# party by party
BLANK_LINES = {"docx": "Name Name Title Title Signature Signature Date Date",
               "pdf": "Name Title Signature Date Name Title Signature Date"}


def _terms(info, as_of=AS_OF) -> tuple[tuple[str, str], ...]:
    ctx = context(info.model, info.workspace.model, as_of)
    return terms_items(ctx)


def _drop(d: dict, key: str) -> None:
    d.pop(key, None)


# field path -> how to change it in (account, workspace) so its sentence must change or go
MUTATIONS = {
    "account.currency": lambda a, w: a["account"].update(currency="EUR"),
    "proposal.taxes": lambda a, w: w.setdefault("proposal", {}).update(taxes="included"),
    "renewal.taxes": lambda a, w: a["renewal"].update(taxes="excluded"),
    "contract.renewal_date": lambda a, w: a["contract"].update(renewal_date=dt.date(2027, 2, 1)),
    "proposal.payment_terms": lambda a, w: w.setdefault("proposal", {}).update(payment_terms="quarterly in advance"),
    "renewal.payment_terms": lambda a, w: _drop(a["renewal"], "payment_terms"),
    "renewal.options.price_protection": lambda a, w: [o.update(price_protection=False)
                                                      for o in a["renewal"]["options"]],
    "renewal.uplift_cap_pct": lambda a, w: _drop(a["renewal"], "uplift_cap_pct"),
    "contract.auto_renew": lambda a, w: a["contract"].update(auto_renew=not a["contract"].get("auto_renew")),
    "renewal.auto_renew": lambda a, w: _drop(a["renewal"], "auto_renew"),
    "proposal.notice_days": lambda a, w: w.setdefault("proposal", {}).update(notice_days=45),
    "renewal.notice_days": lambda a, w: _drop(a["renewal"], "notice_days"),
    "proposal.valid_days": lambda a, w: w.setdefault("proposal", {}).update(valid_days=10),
    "renewal.valid_until": lambda a, w: _drop(a["renewal"], "valid_until"),
    "renewal.term_start": lambda a, w: a["renewal"].update(term_start=dt.date(2026, 12, 4)),
    "renewal_policy.review_days": lambda a, w: w.setdefault("renewal_policy", {}).update(
        review_days=[{"from_arr": 0, "days": 25}]),
}


def _bare():
    account, workspace = example_data()
    workspace.pop("proposal", None)
    for key in ("uplift_cap_pct", "auto_renew", "valid_until", "payment_terms", "notice_days", "taxes",
                "signatories"):
        account["renewal"].pop(key, None)
    return account, workspace


@pytest.mark.parametrize("variant", ["defaults", "account-overrides", "auto-renew-false", "short-offer",
                                     "not-auto-renewing", "renewal-passed"])
def test_every_terms_sentence_is_traceable_to_its_field(tmp_path, variant):
    account, workspace = _bare()
    if variant == "account-overrides":
        account["renewal"].update(uplift_cap_pct=6, auto_renew=True, valid_until=dt.date(2026, 12, 18),
                                  payment_terms="annually in advance, net 45 days", notice_days=90, taxes="included")
    elif variant == "auto-renew-false":
        account["renewal"]["auto_renew"] = False
    elif variant == "short-offer":  # renewal far ahead: the workspace's days set the validity, notice stated
        account["contract"]["renewal_date"] = dt.date(2027, 6, 30)
        account["renewal"]["auto_renew"] = True
    elif variant == "not-auto-renewing":
        account["contract"]["auto_renew"] = False
    elif variant == "renewal-passed":  # the new term starts later: the validity runs to it
        account["contract"]["renewal_date"] = dt.date(2026, 11, 1)
        account["contract"]["auto_renew"] = False  # an auto-renewing contract would have renewed itself
        account["renewal"]["term_start"] = dt.date(2026, 12, 1)
    base = _terms(load(tmp_path / "base", account, workspace))
    assert base, "the proposal states its terms"
    for i, (path, sentence) in enumerate(base):
        assert path in MUTATIONS, f"no test for the field behind: {sentence}"
        changed_account, changed_workspace = copy.deepcopy(account), copy.deepcopy(workspace)
        MUTATIONS[path](changed_account, changed_workspace)
        after = [s for _, s in _terms(load(tmp_path / f"m{i}", changed_account, changed_workspace))]
        assert sentence not in after, f"{path} changed, yet the proposal still says: {sentence}"


def test_no_cap_or_auto_renewal_promise_without_its_renewal_field(tmp_path):
    account, workspace = _bare()
    assert account["contract"]["uplift_cap_pct"] == 7 and account["contract"]["auto_renew"] is True
    seen = texts(load(tmp_path / "a", account, workspace))
    for fmt, text in seen.items():
        assert "at most 7%" not in text and "capped" not in text, fmt
        assert "We propose that the renewed contract renews automatically" not in text, fmt
        assert "The current contract renews automatically at the end of its term." in text, fmt  # as it stands
    account["renewal"].update(uplift_cap_pct=4, auto_renew=True)
    seen = texts(load(tmp_path / "b", account, workspace))
    for fmt, text in seen.items():
        assert "At each later renewal, the price per year rises by at most 4%." in text, fmt
        assert "We propose that the renewed contract renews automatically at the end of its term" in text, fmt


def test_commercial_basics_have_stated_defaults(tmp_path):
    account, workspace = _bare()
    info = load(tmp_path, account, workspace)
    for fmt, text in texts(info).items():
        assert "This offer is valid until Dec 23, 2026." in text, fmt  # through the signature target
        assert "Payment terms: annually in advance, net 30 days from the invoice date." in text, fmt
        assert "Notice of non-renewal" not in text, fmt  # no renewal.auto_renew: the proposal states no notice
        assert "Prices are in US dollars (USD)" in text and "Prices exclude taxes" in text, fmt
        assert "Your contact: Dana Reyes" in text, fmt
        assert BLANK_LINES[fmt] in text, fmt  # blank lines to fill in


def test_commercial_basics_follow_the_workspace_then_the_account(tmp_path):
    account, workspace = _bare()
    workspace["proposal"] = {"valid_days": 14, "payment_terms": "quarterly in advance, net 15 days",
                             "notice_days": 30, "taxes": "included",
                             "signatory": {"name": "Jordan Blake", "title": "VP Sales"}}
    account["renewal"]["auto_renew"] = True  # the notice period belongs to a renewal that renews by itself
    ws_texts = texts(load(tmp_path / "ws", account, workspace))
    account["account"].update(owner_email="dana.reyes@acme.example", owner_phone="+1 415 555 0134")
    account["renewal"].update(valid_until=dt.date(2026, 12, 31), payment_terms="annually in advance, net 45 days",
                              notice_days=90, taxes="excluded",
                              signatories={"customer": {"name": "Tom Okafor", "title": "Chief Financial Officer"},
                                           "vendor": {"name": "Sam Ito"}})
    own_texts = texts(load(tmp_path / "own", account, workspace))
    for fmt in ("docx", "pdf"):
        ws, own = ws_texts[fmt], own_texts[fmt]
        assert "This offer is valid until Dec 23, 2026." in ws, fmt  # 14 days would lapse before signature
        assert "Payment terms: quarterly in advance, net 15 days." in ws and "Prices include taxes." in ws, fmt
        assert "at least 30 days before the end of the term" in ws, fmt
        assert line(fmt, "Name", "Jordan Blake") in ws and line(fmt, "Title", "VP Sales") in ws, fmt
        assert "This offer is valid until Dec 31, 2026." in own, fmt
        assert "Payment terms: annually in advance, net 45 days." in own and "Prices exclude taxes" in own, fmt
        assert "at least 90 days before the end of the term" in own, fmt
        assert line(fmt, "Name", "Tom Okafor") in own and line(fmt, "Title", "Chief Financial Officer") in own, fmt
        assert line(fmt, "Name", "Sam Ito") in own and "Jordan Blake" not in own, fmt  # the account's own signatory
        assert "Your contact: Dana Reyes · dana.reyes@acme.example · +1 415 555 0134" in own, fmt


@pytest.mark.parametrize(("as_of", "expected"), [
    # the signature target: a week of questions, then 15 business days of review for a $400,000 contract
    (dt.date(2026, 11, 23), dt.date(2026, 12, 23)),
    (dt.date(2026, 12, 10), dt.date(2027, 1, 12)),  # the signature target, after as-of + 30 days
    (dt.date(2026, 12, 30), dt.date(2027, 2, 1)),  # past the renewal date only because signature is
    (dt.date(2027, 2, 1), dt.date(2027, 3, 3)),  # the renewal date has passed: as-of + 30 days
], ids=["signature-target", "plus-30-days", "capped-at-renewal", "renewal-passed"])
def test_offer_validity_default(tmp_path, as_of, expected):
    from qbrgen.sections.commercial import commercial

    account, workspace = _bare()
    account["contract"]["auto_renew"] = as_of < dt.date(2027, 1, 15)  # lapsed, not renewed by itself
    info = load(tmp_path, account, workspace)
    assert commercial(context(info.model, info.workspace.model, as_of)).valid_until == expected


def test_unnamed_vendor_signs_with_a_company_line_to_fill_in(tmp_path):
    account, _ = _bare()
    for fmt, text in texts(load(tmp_path, account, None)).items():
        acceptance = text[text.index("By signing"):]
        assert "For ______________________ (company name)" in acceptance, fmt
        assert "For Our team" not in acceptance, fmt  # no stand-in name where the vendor signs


def test_acceptance_prices_each_option_and_expansion_line(tmp_path):
    account, workspace = _bare()
    seen = texts(load(tmp_path / "options", account, workspace))
    del account["renewal"]["options"]
    alone = texts(load(tmp_path / "alone", account, workspace))
    for fmt in ("docx", "pdf"):
        text = seen[fmt][seen[fmt].index("By signing"):]
        assert "☐ 1-year renewal (12 months) $420,000 $420,000" in text, fmt
        assert "☐ 3-year with price protection (36 months) $412,000 $1,236,000" in text, fmt
        assert "☐ Workflows (Finance) $80,000" in text, fmt
        assert "• ☐" not in text and "☐ ☐" not in text, fmt
        text = alone[fmt][alone[fmt].index("By signing"):]
        assert "accepts the renewal as proposed" in text, fmt
        assert "12 months at a 5% increase $420,000 $420,000" in text, fmt


def test_evidence_appendix_in_both_formats(tmp_path):
    account, workspace = _bare()
    account["value"][0]["period"] = "Q3 2025 to Q3 2026"
    for fmt, text in texts(load(tmp_path, account, workspace)).items():
        appendix = text[text.rindex("How we measured"):]
        assert ("Invoice cycle time: 6.5 days at the start, 2.1 days now, measured Q3 2025 to Q3 2026. "
                "Valued at $320,000 a year. Source: Finance ops dashboard, Q3 2026.") in appendix, fmt
        assert "Manual data entry: 2,400 hours per year at the start, 0 hours per year now, measured since " \
               "Jan 15, 2024." in appendix, fmt
        assert "Source: Treasury report, FY2026 H1." in appendix, fmt


def test_schema_and_examples_carry_the_new_fields():
    import json

    import jsonschema
    import yaml

    from qbrgen.account.schema import json_schema

    account, workspace = json_schema(), json_schema(workspace=True)
    renewal = account["$defs"]["Renewal"]["properties"]
    for field in ("uplift_cap_pct", "auto_renew", "valid_until", "payment_terms", "notice_days", "taxes",
                  "signatories"):
        assert renewal[field].get("description"), field
    assert {"owner_email", "owner_phone"} <= set(account["$defs"]["AccountInfo"]["properties"])
    assert "period" in account["$defs"]["Outcome"]["properties"]
    proposal = workspace["$defs"]["ProposalDefaults"]["properties"]
    assert proposal["esign"]["enum"] == ["docusign", "adobe-sign", "none"]
    assert proposal["pdf_variant"]["enum"] == ["plain", "pdf/a-3b", "pdf/ua-1"]
    assert proposal["valid_days"]["default"] == 30 and proposal["notice_days"]["default"] == 60
    data, ws = example_data()
    jsonschema.validate(json.loads(json.dumps(data, default=str)), account)
    jsonschema.validate(json.loads(json.dumps(ws, default=str)), workspace)
    assert data["renewal"]["uplift_cap_pct"] and set(ws["proposal"]) == set(proposal)
    from qbrgen.build.scaffold import ACCOUNT, WORKSPACE

    assert set(yaml.safe_load(WORKSPACE)["proposal"]) == set(proposal)
    assert yaml.safe_load(ACCOUNT)["account"]["owner_email"]
