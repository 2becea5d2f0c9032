"""Deal desk, after reading the examples' customer documents: the wording says what the price really does.

- A renewal that holds today's unit prices while capacity true-ups raise the total never reads "a flat renewal":
  it says the unit prices are held and the total rises only by the capacity added (deck, DOCX and PDF).
- Wherever a multi-year option shows its yearly prices, a sentence says how each year follows from the one
  before, and every year can be checked by hand from the year before.
"""

from __future__ import annotations

import datetime as dt

import pytest

from qbrgen.account.validate import load_account
from qbrgen.analysis.context import context
from qbrgen.analysis.pricing import whole
from qbrgen.build.outputs import render_outputs

from .conftest import EXAMPLES
from .proposal_helpers import docx_all_text, flat, pdf_all_text
from .render_helpers import deck, deck_text

AS_OF = dt.date(2026, 12, 6)


def _texts(name: str, tmp_path) -> dict[str, str]:
    info = load_account(EXAMPLES / "accounts" / f"{name}.yaml")
    files = {p.name: data for p, data in render_outputs(info, tmp_path, ("pptx", "docx", "pdf"), AS_OF).items()}
    return {"deck": flat(deck_text(deck(files["qbr-deck.pptx"]))),
            "docx": flat(docx_all_text(files["renewal-proposal.docx"])),
            "pdf": pdf_all_text(files["renewal-proposal.pdf"])}


@pytest.fixture(scope="module")
def lakeside(tmp_path_factory):
    return _texts("lakeside-freight", tmp_path_factory.mktemp("lakeside"))


@pytest.fixture(scope="module")
def tidewater(tmp_path_factory):
    return _texts("tidewater-labs", tmp_path_factory.mktemp("tidewater"))


@pytest.mark.parametrize("kind", ["deck", "docx", "pdf"])
def test_unit_prices_held_while_capacity_raises_the_total_never_reads_flat(lakeside, kind):
    text = lakeside[kind]
    assert "flat renewal" not in text and "flat" not in text.lower().split()
    assert ("The renewal holds today's unit prices, with no increase: the total moves from $260,000 to $295,200 a "
            "year only by the $35,200 for the capacity added to cover what you already use") in text
    assert "unit prices held" in text  # the options table's change column


@pytest.mark.parametrize("kind", ["deck", "docx", "pdf"])
def test_each_year_of_an_escalating_option_is_explained_beside_its_prices(tidewater, kind):
    text = tidewater[kind]
    assert "Year 1: €103,500 · Year 2: €106,281 · Year 3: €109,145" in text
    assert ("3-year term: the subscription is today's €90,000 plus 3% in year 1, and the year before plus 3% in "
            "each later year; the €10,800 a year for the capacity added to cover what you use stays the same") in text


def test_every_year_follows_from_the_year_before_by_hand():
    info = load_account(EXAMPLES / "accounts" / "tidewater-labs.yaml")
    r = context(info.model, info.workspace.model, AS_OF).figures.renewal
    three = next(o for o in r.options if o.term_months == 36)
    subscription = [y - r.true_up for y in three.yearly]
    assert subscription[0] == whole(90000 * (1 + three.increase_pct / 100))
    for before, year in zip(subscription, subscription[1:], strict=False):
        assert year == whole(before * (1 + three.increase_pct / 100))  # the year before plus 3%, to the euro
    assert three.total == sum(three.yearly)


def test_a_small_account_without_documented_value_gets_a_working_deck_not_an_apology(tmp_path):
    """Corner Bakery (GBP 4,800, nobody mapped, nothing documented): its 30-minute review agrees what to measure;
    no apology, no agenda promising outcomes it does not show, no chart of two equal bars, and the results are
    reviewed with the owner, not an 'executive sponsor' a cafe does not have."""
    info = load_account(EXAMPLES / "accounts" / "corner-bakery.yaml")
    files = {p.name: data for p, data in render_outputs(info, tmp_path, ("pptx",), AS_OF).items()}
    prs = deck(files["qbr-deck.pptx"])
    text = flat(deck_text(prs))
    assert "We have not yet documented" not in text and "Outcomes you achieved" not in text
    assert "The results we agree to measure together, and their baseline" in text  # the agenda's value block
    assert "Who on your side owns each measure, and when we review it together" in text
    assert "We will review the results with you by" in text and "executive sponsor" not in text
    assert not any(shape.has_chart for slide in prs.slides for shape in slide.shapes)


def test_a_product_the_customer_runs_already_is_rolled_out_not_piloted(lakeside):
    """Lakeside uses Core Platform above its contract; taking it to the Southern network is a rollout, never a
    'pilot' of a product it has run for two years. A new product for a new team stays a pilot (Tidewater)."""
    text = lakeside["deck"]
    assert "pilot" not in text.lower()
    assert "scope the Core Platform rollout to the Southern network team" in text
    assert "Scope the Core Platform rollout to the Southern network team: its users, start date and success" in text


def test_a_new_product_for_a_new_team_stays_a_pilot(tidewater):
    assert "scope a Workflows pilot" in tidewater["deck"]


def test_a_true_up_unit_reads_in_the_singular_for_one(tidewater):
    for kind in ("docx", "pdf"):
        assert "at today's €600 per lab seat a year" in tidewater[kind], kind


def test_renewed_at_the_quantity_in_use_never_reads_flat_either(tmp_path):
    """With renewal.overage: quantity the capacity is in the renewed quantity, not on a line of its own: the
    unit prices are held, and the total still rises; the documents say so rather than 'a flat renewal'."""
    from .proposal_helpers import example_data, load, texts

    account, workspace = example_data("lakeside-freight")
    account["renewal"]["overage"] = "quantity"
    for fmt, text in texts(load(tmp_path, account, workspace), as_of=AS_OF).items():
        assert "flat renewal" not in text, fmt
        assert "The renewal holds today's unit prices, with no increase: the total moves from $260,000 to " \
               "$295,200 a year only by the $35,200 for the capacity added" in text, fmt
        assert "unit prices held" in text, fmt
