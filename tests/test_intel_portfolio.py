"""The portfolio you can read: every figure whole at 80 and 120 columns, Japanese rows aligned, risk by severity."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from rich.cells import cell_len

from qbrgen.account.validate import load_account
from qbrgen.analysis.portfolio import build_book
from qbrgen.cli import main
from qbrgen.render.terminal import render_text
from qbrgen.sections.book import book_document
from qbrgen.sections.document import Metrics, Paragraph, Table

from .conftest import AS_OF
from .intel_helpers import BASE, WORKSPACE, write_account

JAPANESE = "株式会社さくら物流ホールディングス"


def make_book(folder, workspace=None):
    ws = workspace or WORKSPACE
    write_account(folder, "sakura.yaml", workspace=ws,
                  account={"name": JAPANESE, "segment": "enterprise", "currency": "JPY", "locale": "ja_JP",
                           "owner": "田中 花子"},
                  contract={**BASE["contract"], "renewal_date": "2026-10-01", "start_date": "2025-10-01",
                            "products": [{"name": "Core", "arr": 132500000}]})
    write_account(folder, "harbour.yaml",
                  account={**BASE["account"], "name": "Harbour & Hinterland Freight Forwarding Cooperative",
                           "currency": "GBP", "locale": "en_GB"},
                  contract={**BASE["contract"], "products": [{"name": "Core", "arr": 64000}]},
                  signals=[{"date": "2026-10-10", "kind": "competitor-evaluation"}])
    write_account(folder, "northwind.yaml", account={**BASE["account"], "name": "Northwind Traders"},
                  contract={**BASE["contract"], "products": [{"name": "Core", "arr": 5770000}]},
                  arr_history=[{"date": "2025-03-01", "arr": 5000000}, {"date": "2026-03-01", "arr": 6000000}],
                  usage={"metric": "Orders", "monthly": {"2026-08": 30, "2026-09": 20, "2026-10": 10}})
    write_account(folder, "growth.yaml", account={**BASE["account"], "name": "Growth Co"},
                  contract={**BASE["contract"], "products": [{"name": "Core", "arr": 130000}]},
                  arr_history=[{"date": "2025-03-01", "arr": 100000}, {"date": "2026-03-01", "arr": 130000}])
    return folder


def book_of(folder):
    infos = [load_account(p) for p in sorted(folder.glob("*.yaml")) if p.name != "qbrgen.yaml"]
    return build_book(infos, AS_OF, infos[0].workspace.model)


def figures_in(document) -> list[str]:
    """Return every token holding a digit that the document prints (table cells, key figures, paragraphs)."""
    texts = []
    for part in document.parts[1:]:
        for block in part.blocks:
            if isinstance(block, Table):
                texts += [c for row in block.rows for c in row]
            elif isinstance(block, Metrics):
                texts += [m.value for m in block.items]
            elif isinstance(block, Paragraph):
                texts.append(block.text)
    return sorted({w.strip(".,;:()") for t in texts for w in t.split() if re.search(r"\d", w)})


@pytest.mark.parametrize("width", [80, 120, 40])
def test_every_figure_prints_whole(tmp_path, runner, width):
    folder = make_book(tmp_path / "book")
    result = runner.invoke(main, ["portfolio", str(folder), "--as-of", "2026-11-23"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    words = {w.strip(".,;:()") for line in lines for w in line.split()}
    document = book_document(book_of(folder))
    missing = [f for f in figures_in(document) if f not in words]
    assert missing == []
    for needle in ("¥132,500,000", "£64,000.00", "$5,770,000.00"):
        assert needle in words


@pytest.mark.parametrize("width", [80, 120])
def test_japanese_rows_line_up(tmp_path, width):
    text = render_text(book_document(book_of(make_book(tmp_path / "book"))), width=width)
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Verdict"))
    block = lines[header:lines.index("", header)]
    rule = cell_len(block[1])
    assert all(cell_len(line) == rule for line in block)  # East Asian wide characters measured as two cells
    arr_end = [cell_len(line) for line in block[2:] if line.rstrip().endswith(("¥132,500,000", ".00"))]
    assert arr_end and set(arr_end) == {rule}


def test_at_risk_sorted_by_urgency_with_lapsed_renewals(tmp_path):
    document = book_document(book_of(make_book(tmp_path / "book")))
    rows = next(p for p in document.parts if p.id == "at-risk").blocks[0].rows
    # the lapsed renewal first (time weight 6); then the competitor and the falling usage, 98 days out, with the
    # proposal not shared; Growth Co only misses the proposal step
    assert [(r[0], r[1]) for r in rows] == [
        ("Critical", JAPANESE), ("At risk", "Northwind Traders"),
        ("Critical", "Harbour & Hinterland Freight Forwarding Cooperative"), ("At risk", "Growth Co")]
    assert rows[0][3] == "53 past" and rows[0][4].startswith("Renewal date passed, contract not renewed")
    assert "Competitor under evaluation" in rows[2][4] and "Renewal steps missed" in rows[2][4]


def test_headline_shows_every_currency(tmp_path):
    document = book_document(book_of(make_book(tmp_path / "book")))
    totals = next(p for p in document.parts if p.id == "totals")
    lead = next(b.text for b in totals.blocks if isinstance(b, Paragraph) and b.text.startswith("ARR in every"))
    assert "¥132,500,000" in lead and "£64,000.00" in lead and "$5,900,000.00" in lead


def test_segmentation_says_when_it_cannot_rank_the_whole_book(tmp_path):
    document = book_document(book_of(make_book(tmp_path / "book")))
    tiers = next(p for p in document.parts if p.id == "tiers")
    assert "Not ranked across the whole book: it holds GBP, JPY, USD" in tiers.blocks[-1].text


def test_segmentation_ranks_across_the_book_with_rates(tmp_path):
    ws = {**WORKSPACE, "reporting_currency": "USD", "fx_rates": {"JPY": "0.0067", "GBP": "1.27"},
          "segmentation": {"min_accounts": 3}}  # four accounts: segmented only when the team says so
    book = book_of(make_book(tmp_path / "book", workspace=ws))
    assert book.ranked_together
    tiers = {e.name: e.tier for e in book.entries}
    # in USD: Northwind 5.77M, Sakura 887,750, Growth 130,000, Harbour 81,280
    assert tiers == {"Northwind Traders": "white-glove", JAPANESE: "programmatic", "Growth Co": "programmatic",
                     "Harbour & Hinterland Freight Forwarding Cooperative": "programmatic"}
    assert "converted into USD" in book_document(book).parts[-2].blocks[-1].text


def test_missing_rate_means_no_whole_book_ranking(tmp_path):
    ws = {**WORKSPACE, "reporting_currency": "USD", "fx_rates": {"GBP": "1.27"}}
    book = book_of(make_book(tmp_path / "book", workspace=ws))
    assert not book.ranked_together
    assert "no rate for JPY in fx_rates" in book_document(book).parts[-2].blocks[-1].text


def test_retention_sees_contraction_and_expansion_against_renewed_arr(tmp_path):
    book = book_of(make_book(tmp_path / "book"))
    usd = dict(book.retention)["USD"]
    # trailing 12 months to 2026-11-23: ARR a year ago is the 2025-03-01 point of each history;
    # Northwind 5,000,000 -> 5,770,000, Growth 100,000 -> 130,000
    assert usd.renewed == D(5100000) and usd.expansion == D(800000)
    assert usd.grr == 1 and usd.nrr == D(5900000) / D(5100000)
    totals = next(p for p in book_document(book).parts if p.id == "totals")
    table = [b for b in totals.blocks if isinstance(b, Table)][-1]
    assert table.columns[2] == "Against the 120% target" and table.columns[4] == "Expansion ARR on ARR a year ago"
    row = next(r for r in table.rows if r[0] == "USD")
    assert row[1:] == ("115.7%", "4.3 points short", "100%", "$800,000.00 on $5,100,000.00 (15.7%)", "365 days")


# -- qbrgen roi ------------------------------------------------------------------------------------


def test_roi_names_the_multiple_and_the_roi(tmp_path, runner):
    path = write_account(tmp_path / "ws")
    result = runner.invoke(main, ["roi", str(path), "--as-of", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert "Value multiple (documented value ÷ ARR): 3×" in result.output
    assert "Return on investment ((documented value − ARR) ÷ ARR): 200%" in result.output
    assert "below the price" not in result.output


def test_roi_says_plainly_when_value_is_below_price(tmp_path, runner):
    path = write_account(tmp_path / "ws", account={**BASE["account"], "name": JAPANESE},
                         value=[{**BASE["value"][0], "outcome": "処理時間の短縮", "annual_value": 75000}])
    result = runner.invoke(main, ["roi", str(path), "--as-of", "2026-11-23"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "Value multiple (documented value ÷ ARR): 0.75×" in result.output
    assert "Return on investment ((documented value − ARR) ÷ ARR): -25%" in result.output
    text = " ".join(result.output.split())
    assert "Documented value is below the price: the customer pays $100,000 a year for $75,000" in text
    row = next(line for line in result.output.splitlines() if line.startswith("処理時間の短縮"))
    header = next(line for line in result.output.splitlines() if line.startswith("Outcome"))
    assert cell_len(row.rstrip()) == cell_len(header.rstrip())  # the value column lines up after Japanese text


def test_roi_lapsed_renewal_is_days_past(tmp_path, runner):
    path = write_account(tmp_path / "ws", contract={**BASE["contract"], "renewal_date": "2026-10-01"})
    result = runner.invoke(main, ["roi", str(path), "--as-of", "2026-11-23"])
    assert "Renewal on Oct 1, 2026: 53 days past." in result.output and "-53" not in result.output
