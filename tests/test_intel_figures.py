"""Retention that sees contraction, NRR against target, stale data, and whitespace quantified cell by cell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from qbrgen.sections.assemble import build_plan
from qbrgen.sections.document import Bullets, Paragraph, Table

from .intel_helpers import BASE, ctx_of, small


def plan_part(info, part_id, as_of=None):
    ctx = ctx_of(info, as_of) if as_of else ctx_of(info)
    return next(p for p in build_plan(ctx).parts if p.id == part_id)


def overview_rows(info) -> dict:
    table = next(b for b in plan_part(info, "overview").blocks if isinstance(b, Table))
    return dict(table.rows)


def history(*points):
    return [{"date": d, "arr": v} for d, v in points]


def products(arr):
    return {**BASE["contract"], "products": [{"name": "Core", "arr": arr}]}


def test_contraction_since_the_last_renewal_lowers_gross_retention(tmp_path):
    info = small(tmp_path, contract=products(5770000),
                 arr_history=history(("2025-03-01", 5500000), ("2026-03-01", 6000000)))
    r = ctx_of(info).figures.retention
    assert r.contracted and (r.start, r.end) == (D(6000000), D(5770000))
    assert round(r.grr, 4) == D("0.9617") and round(r.nrr, 4) == D("0.9617")
    rows = overview_rows(info)
    # over the trailing 12 months (as of 2026-11-23): ARR on 2025-11-23 is the 2025-03-01 point, 5,500,000
    assert rows["Gross revenue retention (12 months)"] == "100%"
    assert rows["Net revenue retention (12 months)"] == "104.9%, 15.1 points below the 120% target"
    assert "the last ARR recorded before it, on Mar 1, 2025" in rows["Retention measured over"]
    assert rows["Since the last renewal"] == "ARR contracted: $6,000,000 on Mar 1, 2026, $5,770,000 today"


def test_no_contraction_measures_the_last_renewal(tmp_path):
    info = small(tmp_path, contract=products(6000000),
                 arr_history=history(("2025-03-01", 5500000), ("2026-03-01", 6000000)))
    r = ctx_of(info).figures.retention
    assert not r.contracted and r.grr == 1 and round(r.nrr, 4) == D("1.0909")
    rows = overview_rows(info)
    assert rows["Gross revenue retention (12 months)"] == "100%"
    assert rows["Net revenue retention (12 months)"] == "109.1%, 10.9 points below the 120% target"
    assert "Since the last renewal" not in rows


def test_nrr_at_target(tmp_path):
    info = small(tmp_path, contract=products(6000000),
                 arr_history=history(("2025-03-01", 5000000), ("2026-03-01", 6000000)))
    assert overview_rows(info)["Net revenue retention (12 months)"] == "120%, at or above the 120% target"
    assert not ctx_of(info).figures.retention.below_target


def test_no_history_says_retention_cannot_be_measured(tmp_path):
    assert "not measurable yet" in overview_rows(small(tmp_path))["Net revenue retention (12 months)"]


USAGE = {"metric": "Orders", "monthly": {"2026-06": 100, "2026-07": 90, "2026-08": 80}}


def test_stale_usage_raises_no_current_signal(tmp_path):
    info = small(tmp_path, usage=USAGE)
    f = ctx_of(info).figures  # as of 2026-11-23: the series ended on Aug 31, more than two months before
    assert "usage-decline" not in {s.kind for s in f.signals}
    assert [(s.kind, s.last) for s in f.stale] == [("usage", dt.date(2026, 8, 31))]
    blocks = plan_part(info, "overview").blocks
    stale = next(b for b in blocks if isinstance(b, Bullets)).items
    assert stale[0].startswith("Usage data is stale: the last month recorded ends on Aug 31, 2026.")
    signals = plan_part(info, "signals").blocks
    assert not any("Usage fell" in str(b) for b in signals)


def test_fresh_usage_decline_is_a_current_signal(tmp_path):
    info = small(tmp_path, usage=USAGE)
    f = ctx_of(info, dt.date(2026, 10, 15)).figures
    assert "usage-decline" in {s.kind for s in f.signals} and not f.stale


def test_stale_health_and_contacts(tmp_path):
    people = [{**p, "last_contact": "2026-06-01"} for p in BASE["stakeholders"]]
    info = small(tmp_path, stakeholders=people,
                 health=[{"date": "2026-05-31", "score": 80}, {"date": "2026-06-30", "score": 60}])
    f = ctx_of(info).figures
    assert "health-falling" not in {s.kind for s in f.signals}
    assert {s.kind: s.last for s in f.stale} == {"health": dt.date(2026, 6, 30), "contacts": dt.date(2026, 6, 1)}
    fresh = ctx_of(info, dt.date(2026, 7, 15)).figures
    assert "health-falling" in {s.kind for s in fresh.signals} and not fresh.stale


def test_unquantified_whitespace_is_flagged_in_the_plan(tmp_path):
    units = [{"unit": "Ops", "deployed": ["Core"], "opportunities": [{"product": "Analytics", "arr": 20000}]},
             {"unit": "Sales", "deployed": [], "opportunities": [{"product": "Core", "arr": 50000}]}]
    info = small(tmp_path, whitespace=units)
    blocks = plan_part(info, "whitespace").blocks
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.columns == ("Business unit", "Core", "Analytics", "Unit total")
    assert table.rows == (("Ops", "Deployed", "$20,000", "$20,000"),
                          ("Sales", "$50,000", "Not sold, no amount", "$50,000"),
                          ("Total", "$50,000", "$20,000", "$70,000"))
    assert any(isinstance(b, Paragraph) and b.text.startswith("Quantify every cell: 1 ") for b in blocks)
    assert ("Sales: Analytics",) in [b.items for b in blocks if isinstance(b, Bullets)]


def test_quantified_whitespace_is_not_flagged(tmp_path):
    blocks = plan_part(small(tmp_path), "whitespace").blocks
    assert not any(isinstance(b, Paragraph) and "Quantify every cell" in b.text for b in blocks)
