"""Deal desk, offers: overage priced (true-up or quantity), no shelfware upsell, and the renewal notice of a
tech-touch account instead of a meeting deck. Built from the two examples made for these cases."""

from __future__ import annotations

import io

import pytest
import yaml
from pypdf import PdfReader

from qbrgen.account.validate import load_account
from qbrgen.analysis.context import context
from qbrgen.build.assets import assets_for
from qbrgen.render.registry import render
from qbrgen.sections.assemble import build_deck, build_proposal

from .conftest import AS_OF, EXAMPLES
from .proposal_helpers import docx_all_text, load, pdf_all_text
from .render_helpers import deck, deck_text

TIDEWATER = EXAMPLES / "accounts" / "tidewater-labs.yaml"
HARBOUR = EXAMPLES / "accounts" / "harbour-print.yaml"


@pytest.fixture(scope="module")
def tidewater():
    info = load_account(TIDEWATER)
    assets = assets_for(info, AS_OF)
    proposal = build_proposal(info, AS_OF)
    texts = {"pptx": " ".join(deck_text(deck(render("pptx", build_deck(info, AS_OF), assets))).split()),
             "docx": " ".join(docx_all_text(render("docx", proposal, assets)).split()),
             "pdf": pdf_all_text(render("pdf", proposal, assets))}
    return info, texts


def test_overage_is_a_true_up_line_by_default(tidewater):
    info, texts = tidewater
    r = context(info.model, info.workspace.model, AS_OF).figures.renewal
    (t,) = r.true_ups
    assert (t.excess, t.unit_price, t.arr) == (18, 600, 10800)  # 18 lab seats at today's €600 each
    assert r.renewed_arr == 93600 + 10800
    for fmt in ("docx", "pdf"):
        assert "18 lab seats in use above the contract, at today's price" in texts[fmt], fmt
        assert "add capacity to cover what you use" in texts[fmt], fmt
    for fmt, text in texts.items():
        assert "ight-size" not in text and "plan capacity before it limits you" not in text.lower(), fmt
    assert "Add capacity to cover what you use of Core Platform" in texts["pptx"]


def test_overage_renewed_at_the_quantity_in_use_when_the_account_says_so(tmp_path):
    data = yaml.safe_load(TIDEWATER.read_text(encoding="utf-8"))
    data["renewal"]["overage"] = "quantity"
    workspace = yaml.safe_load((EXAMPLES / "qbrgen.yaml").read_text(encoding="utf-8"))
    info = load(tmp_path, data, workspace)
    r = context(info.model, info.workspace.model, AS_OF).figures.renewal
    assert not r.true_ups and r.products[0].renewed_quantity == 138
    assert r.products[0].renewed == 86112  # 138 seats at today's €600, plus 4%
    text = build_proposal(info, AS_OF).text()
    assert "138 lab seats (today 120)" in text


def test_no_cross_sell_of_shelfware_and_an_adoption_goal_instead(tidewater):
    info, texts = tidewater
    r = context(info.model, info.workspace.model, AS_OF).figures.renewal
    assert "Analytics" in r.shelfware and [e.product for e in r.expansion_lines] == ["Workflows"]
    for fmt, text in texts.items():
        assert "Scope Analytics" not in text and "Analytics (Quality)" not in text, fmt
    assert "Put Analytics to work: 14 of 40 dashboards in use today" in texts["pptx"]
    assert not any("14 of 40 dashboards" in t for t in texts["pptx"].split("Capacity, activity and growth")[1:])


def test_multi_year_unprotected_option_in_the_example(tidewater):
    _, texts = tidewater
    # each later year is the year before plus 3%, to the euro (92,700 -> 95,481 -> 98,345, plus 10,800 capacity)
    shown = "Year 1: €103,500 · Year 2: €106,281 · Year 3: €109,145"
    for fmt, text in texts.items():
        assert shown in text and "€318,926" in text, fmt


@pytest.fixture(scope="module")
def harbour(tmp_path_factory):
    from qbrgen.build.outputs import render_outputs

    info = load_account(HARBOUR)
    folder = tmp_path_factory.mktemp("harbour")
    return render_outputs(info, folder, ("pptx", "docx", "pdf"), AS_OF), folder


def test_tech_touch_account_gets_a_renewal_notice_not_a_deck(harbour):
    files, folder = harbour
    names = {p.name for p in files}
    assert "qbr-deck.pptx" not in names and {"renewal-notice.pdf", "renewal-notice.md"} <= names
    reader = PdfReader(io.BytesIO(files[folder / "renewal-notice.pdf"]))
    assert len(reader.pages) == 1
    pdf = " ".join(reader.pages[0].extract_text().split())
    md = files[folder / "renewal-notice.md"].decode("utf-8")
    for text in (pdf, " ".join(md.split())):
        assert "Core Platform" in text and "$2,400" in text  # what they have, at what price
        assert "renews on Mar 1, 2027" in text  # what renews when
        assert "reply to this notice" in text  # how to accept
        assert "sam.patel@acme.example" in text  # whom to contact
        assert "documented" not in text and "increase" not in text  # no value claims, no increase asked


def test_notice_holds_no_internal_data(harbour):
    files, folder = harbour
    md = files[folder / "renewal-notice.md"].decode("utf-8")
    assert "Internal" not in md and "economic" not in md and "neutral" not in md and "Ana Lima" not in md


def test_unprotected_option_never_said_to_cost_more_than_a_price_nobody_promised(tidewater):
    _, texts = tidewater
    for fmt, text in texts.items():
        assert "costs €5,727 more" not in text and "none: price not held" in text, fmt
    assert "Delivered since your last contract:" not in texts["pptx"]  # no stray list on the options slide
    assert "Delivered since your last contract, included in the renewal: Audit trail export." in texts["pptx"]
