"""Deal desk: every price, date and offer a customer document prints is one a deal desk would approve.

Each test edits a copy of the Northwind example, builds it, and reads the reopened pptx, docx and pdf.
"""

from __future__ import annotations

import re

from qbrgen.analysis.context import context
from qbrgen.analysis.lint import lint
from qbrgen.build.assets import assets_for
from qbrgen.render.registry import render
from qbrgen.sections.assemble import build_deck, build_plan, build_proposal

from .conftest import AS_OF
from .proposal_helpers import docx_all_text, example_data, load, pdf_all_text
from .render_helpers import deck, deck_text


def variant(tmp_path, name: str, edit=None, workspace_edit=None):
    account, workspace = example_data()
    if edit:
        edit(account)
    if workspace_edit:
        workspace_edit(workspace)
    return load(tmp_path / name, account, workspace)


def three(info) -> dict[str, str]:
    """Return the text of the customer deck (pptx) and proposal (docx, pdf)."""
    assets = assets_for(info, AS_OF)
    proposal = build_proposal(info, AS_OF)
    return {"pptx": " ".join(deck_text(deck(render("pptx", build_deck(info, AS_OF), assets))).split()),
            "docx": " ".join(docx_all_text(render("docx", proposal, assets)).split()),
            "pdf": pdf_all_text(render("pdf", proposal, assets))}


def findings(info) -> dict[str, tuple[str, str]]:
    ctx = context(info.model, info.workspace.model, AS_OF)
    return {p.message[1:7]: (p.severity, p.message) for p in lint(info, ctx, info.source)}


def _competitor(account):
    account["signals"] = [{"date": "2026-10-01", "kind": "competitor-evaluation", "note": "Evaluating a rival"}]


# -- point 2: lint errs against the increase, so the documents hold the price with a recovery plan ---------

def test_flat_recovery_where_lint_errs(tmp_path):
    info = variant(tmp_path, "risky", _competitor)
    lint_found = findings(info)
    assert lint_found["QBR014"][0] == "error" and "flat renewal" in lint_found["QBR014"][1]
    texts = three(info)
    for fmt, text in texts.items():
        assert "$420,000" not in text and "5% increase" not in text, fmt  # the increase is never asked
        assert "revisit the price together" in text, fmt  # the recovery plan: measure, sponsor, revisit date
        assert "Workflows" not in text, fmt  # no expansion pitched to a customer evaluating competitors
    assert "keeps today's price of $400,000" in texts["docx"]
    assert "executive sponsor" in texts["pdf"]
    assert "plan capacity" not in texts["pptx"].lower()
    internal = build_deck(info, AS_OF, "internal")
    coaching = " ".join(p.coaching or "" for p in internal.parts)
    assert "held at today's price" in coaching and "Value is not yet proven" not in coaching


def test_coaching_never_denies_documented_value_that_covers_the_price(tmp_path):
    # sponsor left (a value-gap signal) while $1.2M of documented value covers a $400K price, no increase asked
    def edit(a):
        a["signals"] = [{"date": "2026-10-01", "kind": "sponsor-left"}]
        a["renewal"]["increase_pct"] = 0
        a["renewal"]["options"] = [o | {"increase_pct": 0} for o in a["renewal"]["options"]]
    coaching = " ".join(p.coaching or "" for p in build_deck(variant(tmp_path, "gap", edit), AS_OF, "internal").parts)
    assert "Value is not yet proven" not in coaching and "Documented value covers the price" in coaching


def test_pricing_decision_keeps_the_increase_and_the_plan_records_it(tmp_path):
    def edit(a):
        _competitor(a)
        a["renewal"]["pricing_decision"] = {"decision": "keep-increase", "reason": "List price rose for all "
                                            "customers; the CFO agreed in October", "decided_by": "Deal desk"}
    info = variant(tmp_path, "kept", edit)
    severity, message = findings(info)["QBR014"]
    assert severity == "warning" and "kept by Deal desk" in message
    assert "$420,000" in three(info)["docx"]
    plan = build_plan(info, AS_OF).text()
    assert "Pricing decision by Deal desk" in plan and "the CFO agreed in October" in plan
    assert "the CFO agreed" not in build_proposal(info, AS_OF).text()  # the reason is internal


# -- point 7: a discount reads as one, lint flags it, the saving has an honest baseline ---------------------

def _discount(a):
    a["renewal"]["increase_pct"] = -12
    a["renewal"]["options"] = [{"name": "1-year renewal", "term_months": 12, "increase_pct": -12},
                               {"name": "3-year with price protection", "term_months": 36, "increase_pct": -12,
                                "price_protection": True}]


def test_discount_wording_lint_and_baseline(tmp_path):
    info = variant(tmp_path, "discount", _discount)
    for fmt, text in three(info).items():
        assert "12% reduction" in text, fmt
        assert "-12%" not in text and "−12%" not in text and "-12 %" not in text, fmt
    severity, message = findings(info)["QBR041"]
    assert severity == "error" and "discount_approved_by" in message
    assert "Discount: 12% off today's price, not approved" in build_plan(info, AS_OF).text()
    r = context(info.model, info.workspace.model, AS_OF).figures.renewal
    three_year = r.options[1]
    # the baseline is the one-year price held ($352,000 a year), never the discount repeated each year
    assert r.baseline_price == 352000 and three_year.baseline_total == 352000 * 3 and three_year.saving == 0


def test_approved_discount_is_a_warning(tmp_path):
    def edit(a):
        _discount(a)
        a["renewal"]["discount_approved_by"] = "Maria Chen, VP Sales"
    severity, message = findings(variant(tmp_path, "approved", edit))["QBR041"]
    assert severity == "warning" and "approved by Maria Chen" in message


def test_small_discount_under_the_threshold_is_a_warning(tmp_path):
    def edit(a):
        a["renewal"]["increase_pct"] = -5
    assert findings(variant(tmp_path, "small", edit))["QBR041"][0] == "warning"


# -- points 1 and 9: per-year prices in every place, one precision per amount ------------------------------

def _unprotected(a):
    a["renewal"]["options"] = [{"name": "1-year renewal", "term_months": 12, "increase_pct": 5},
                               {"name": "3-year term", "term_months": 36, "increase_pct": 3}]


def test_multi_year_option_priced_per_year_everywhere(tmp_path):
    info = variant(tmp_path, "unprotected", _unprotected)
    r = context(info.model, info.workspace.model, AS_OF).figures.renewal
    years = r.options[1].yearly
    assert years == (412000, 424360, 437091) and r.options[1].total == sum(years)  # the total is their sum
    shown = "Year 1: $412,000 · Year 2: $424,360 · Year 3: $437,091"
    texts = three(info)
    for fmt, text in texts.items():
        assert shown in text, fmt
        assert "$1,273,451" in text, fmt
    assert texts["docx"].count(shown) >= 2 and texts["pdf"].count(shown) >= 2  # options table and acceptance


def amounts(text: str) -> set[str]:
    return set(re.findall(r"\$\d[\d,]*(?:\.\d\d)?", text))


def test_one_precision_per_amount_across_formats(tmp_path):
    def edit(a):
        a["contract"]["products"][1]["arr"] = "100000.50"
    info = variant(tmp_path, "cents", edit)
    found = set().union(*(amounts(t) for t in three(info).values()))
    whole = {a for a in found if "." not in a}
    assert not {a + ".00" for a in whole} & found  # never $X on one page and $X.00 on the next
    assert "$400,000.50" in found


def test_whole_prices_never_show_cents(tmp_path):
    info = variant(tmp_path, "whole", _unprotected)
    for fmt, text in three(info).items():
        assert not [a for a in amounts(text) if "." in a], fmt
