"""The risk radar on a book of 36 accounts: every planted account-losing pattern surfaced in the plan, lint and
the portfolio, nothing on a control; urgency ordering; trailing-12-month retention checked by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal as D

import pytest
import yaml

from qbrgen.account.validate import load_account
from qbrgen.analysis.context import context
from qbrgen.analysis.lint import lint
from qbrgen.analysis.portfolio import COLUMNS, at_risk, book_csv, book_json, build_book
from qbrgen.analysis.risk import KINDS, LABEL
from qbrgen.sections.assemble import build_plan
from qbrgen.sections.book import book_document

from .fixtures.risk_book import AS_OF, CONTROLS, PLANTED, WORKSPACE, healthy, write_book


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    folder = write_book(tmp_path_factory.mktemp("risk") / "book")
    infos = {file: load_account(folder / file) for file in PLANTED}
    contexts = {file: context(i.model, i.workspace.model, AS_OF, "internal") for file, i in infos.items()}
    plans = {file: build_plan(ctx) for file, ctx in contexts.items()}
    lints = {file: [p.message for p in lint(infos[file], ctx)] for file, ctx in contexts.items()}
    built = build_book(list(infos.values()), AS_OF, infos["control-alpine.yaml"].workspace.model)
    return {"infos": infos, "plans": plans, "lints": lints, "book": built}


def _verdict_text(plan) -> str:
    part = next(p for p in plan.parts if p.id == "verdict")
    from qbrgen.sections.document import Document

    return Document("x", "internal", "", "", (part,), ()).text()


def found_by_surface(book) -> dict[str, dict[str, set[str]]]:
    """Return, per surface, the pattern kinds each account shows (read from the words and cells printed)."""
    by_name = {i.model.account.name: file for file, i in book["infos"].items()}
    plan = {file: {k for k in KINDS if LABEL[k] in _verdict_text(p)} for file, p in book["plans"].items()}
    lint_found = {}
    for file, messages in book["lints"].items():
        verdicts = [m for m in messages if m.startswith("[QBR030 ")]
        lint_found[file] = {k for k in KINDS if any(LABEL[k] in m for m in verdicts)}
    document = book_document(book["book"])
    rows = next(p for p in document.parts if p.id == "at-risk").blocks[0].rows
    table = {by_name[r[1]]: {k for k in KINDS if LABEL[k] in r[4]} for r in rows}
    csv_rows = {r["file"]: set(filter(None, r["patterns"].split("; ")))
                for r in csv.DictReader(io.StringIO(book_csv(book["book"])))}
    portfolio = {file: table.get(file, set()) & {k for f, ks in csv_rows.items() if f.endswith(file) for k in ks}
                 for file in PLANTED}
    return {"plan": plan, "lint": lint_found, "portfolio": portfolio}


def scores(found: dict[str, set[str]]) -> dict[str, tuple[float, float]]:
    """Return (recall, precision) per planted pattern kind."""
    out = {}
    for kind in sorted({k for ks in PLANTED.values() for k in ks}):
        planted = {f for f, ks in PLANTED.items() if kind in ks}
        flagged = {f for f, ks in found.items() if kind in ks}
        hit = planted & flagged
        out[kind] = (len(hit) / len(planted), len(hit) / len(flagged) if flagged else 0.0)
    return out


def test_the_book_is_big_enough_and_covers_every_kind():
    assert len(PLANTED) >= 30 and len(CONTROLS) >= 10
    planted = {k for ks in PLANTED.values() for k in ks}
    assert planted == set(KINDS)  # every pattern kind the radar knows is planted at least once


@pytest.mark.parametrize("surface", ["plan", "lint", "portfolio"])
def test_every_planted_pattern_is_surfaced_and_nothing_else(book, surface):
    found = found_by_surface(book)[surface]
    per_kind = scores(found)
    misses = {k: v for k, v in per_kind.items() if v != (1.0, 1.0)}
    assert misses == {}, f"{surface}: (recall, precision) below 1 for {misses}"
    for file in CONTROLS:
        assert found[file] == set(), (surface, file)
    assert {f: ks for f, ks in found.items() if ks != PLANTED[f]} == {}


def test_controls_are_on_track_everywhere(book):
    for file in CONTROLS:
        assert "On track" in _verdict_text(book["plans"][file])
        assert not any(m.startswith("[QBR030 ") for m in book["lints"][file])
    names = {e.name for _, e, _ in at_risk(book["book"])}
    assert names.isdisjoint({CONTROLS[f][0] for f in CONTROLS})


def test_the_late_large_renewal_with_nothing_done_is_critical_at_the_top(book):
    ranked = at_risk(book["book"])
    maple = next(i for i, (_, e, _) in enumerate(ranked) if e.name == "Maple Pharma")
    assert ranked[maple][0] == "critical" and maple < 3
    plan = book["plans"]["maple-pharma.yaml"].text()
    assert "No churn signals observed" not in plan
    assert ("Critical: Renewal steps missed: proposal not shared; legal and procurement review not started "
            "(38 days to renewal). Next: share the proposal this week and book the legal review.") in plan


def test_many_patterns_and_few_days_rank_above_a_large_calm_account(tmp_path):
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "qbrgen.yaml").write_text(yaml.safe_dump(WORKSPACE), encoding="utf-8")
    calm = healthy("Large Calm Corp", 9_000_000, 148, segment="enterprise")
    calm["usage"]["monthly"] = {"2026-06": 1, "2026-07": 2, "2026-08": 3}  # one medium pattern: stale usage
    small = healthy("Small Troubled Ltd", 60000, 38)
    small["renewal"]["milestones_done"] = [180]
    small["signals"] = [{"date": "2026-11-02", "kind": "meeting-cancelled", "note": "Skipped the QBR"}]
    small["stakeholders"][1]["last_contact"] = "2026-06-01"  # the CFO silent since June
    for name, data in (("calm.yaml", calm), ("small.yaml", small)):
        (folder / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    infos = [load_account(folder / n) for n in ("calm.yaml", "small.yaml")]
    ranked = at_risk(build_book(infos, AS_OF, infos[0].workspace.model))
    assert [e.name for _, e, _ in ranked] == ["Small Troubled Ltd", "Large Calm Corp"]
    small_r, calm_r = ranked[0][1].figures.risk, ranked[1][1].figures.risk
    # by hand: small: steps missed (critical, 40) + buyer silent (high, 20) + QBR cancelled (medium, 8) = 68 points;
    # time 180/38 = 4.74; size 1 + log10(6) / 2 = 1.39: 68 x 4.74 x 1.39 = 448.0
    assert (small_r.points, small_r.time, small_r.size, small_r.score) == (68, D("4.74"), D("1.39"), D("448.0"))
    # calm: stale data (medium, 8); time 180/148 = 1.22; size 1 + log10(900) / 2 = 2.48: 24.2
    assert (calm_r.points, calm_r.time, calm_r.size, calm_r.score) == (8, D("1.22"), D("2.48"), D("24.2"))
    assert (small_r.verdict, calm_r.verdict) == ("critical", "watch")


# -- trailing-12-month retention ---------------------------------------------------------------------


def _with_history(name, arr, points):
    data = healthy(name, arr, 250)
    data["arr_history"] = [{"date": d, "arr": v} for d, v in points]
    return data


HISTORIES = {
    # yearly points: ARR on 2025-11-23 is the 2025-06-01 point, 120,000; today 132,000: NRR 110%, GRR 100%
    "yearly.yaml": ("Yearly Co", 132000, [("2024-06-01", 100000), ("2025-06-01", 120000)], D("1.1"), D(1)),
    # every two years: the 2025-03-01 point (100,000) against 90,000 today: NRR = GRR = 90%; the last two points
    # (80,000 to 100,000) are two years apart and never read as a year's 125%
    "two-yearly.yaml": ("Two Yearly Co", 90000, [("2023-03-01", 80000), ("2025-03-01", 100000)], D("0.9"),
                        D("0.9")),
    # every three years: the 2025-09-01 point, 80,000, against 96,000: NRR 120%, GRR 100%
    "three-yearly.yaml": ("Three Yearly Co", 96000, [("2022-09-01", 50000), ("2025-09-01", 80000)], D("1.2"), D(1)),
}


@pytest.fixture(scope="module")
def histories(tmp_path_factory):
    folder = tmp_path_factory.mktemp("t12m")
    (folder / "qbrgen.yaml").write_text(yaml.safe_dump(WORKSPACE), encoding="utf-8")
    for file, (name, arr, points, _, _) in HISTORIES.items():
        (folder / file).write_text(yaml.safe_dump(_with_history(name, arr, points), sort_keys=False),
                                   encoding="utf-8")
    return {file: load_account(folder / file) for file in HISTORIES}


@pytest.mark.parametrize("file", sorted(HISTORIES))
def test_trailing_twelve_month_retention_by_hand(histories, file):
    _, _, points, nrr, grr = HISTORIES[file]
    info = histories[file]
    ctx = context(info.model, info.workspace.model, AS_OF, "internal")
    t = ctx.figures.trailing
    assert (t.since, t.nrr, t.grr) == (dt.date(2025, 11, 23), nrr, grr)
    assert t.point == dt.date.fromisoformat(points[-1][0])
    rows = dict(next(b for b in next(p for p in build_plan(ctx).parts if p.id == "overview").blocks
                     if getattr(b, "kind", "") == "table").rows)
    assert rows["Net revenue retention (12 months)"].startswith(ctx.fmt.percent(nrr))
    assert f"the last ARR recorded before it, on {ctx.date(t.point)}" in rows["Retention measured over"]


def test_book_retention_over_twelve_months_by_hand(histories):
    book = build_book(list(histories.values()), AS_OF, next(iter(histories.values())).workspace.model)
    r = dict(book.retention)["USD"]
    # a year ago 120,000 + 100,000 + 80,000 = 300,000; today 132,000 + 90,000 + 96,000 = 318,000;
    # kept 120,000 + 90,000 + 80,000 = 290,000
    assert (r.renewed, r.nrr, r.grr) == (D(300000), D(318000) / D(300000), D(290000) / D(300000))
    totals = next(p for p in book_document(book).parts if p.id == "totals")
    table = [b for b in totals.blocks if getattr(b, "kind", "") == "table"][-1]
    assert table.rows[0][1:4] == ("106%", "14 points short", "96.7%")


# -- no false alarms, people who left, CURE ------------------------------------------------------------


def test_a_signal_on_well_proven_value_has_its_own_words(book):
    birch = book["plans"]["birch-insurance.yaml"].text()
    assert "Value is not yet proven" not in birch
    assert "Value is documented at 3× the ARR, but a competitor is being evaluated. Defend the value" in birch
    linden = book["plans"]["linden-schools.yaml"].text()
    assert "Value is not yet proven: documented value per year is below the subscription" in linden


def test_a_signal_from_the_previous_term_is_history(tmp_path):
    data = healthy("Old Trouble Inc", 150000, 200)
    data["signals"] = [{"date": "2025-01-10", "kind": "competitor-evaluation", "note": "Looked at a rival in 2025"}]
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "qbrgen.yaml").write_text(yaml.safe_dump(WORKSPACE), encoding="utf-8")
    (folder / "a.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    info = load_account(folder / "a.yaml")
    ctx = context(info.model, info.workspace.model, AS_OF, "internal")
    assert ctx.figures.risk.verdict == "on-track" and ctx.figures.signals == ()
    plan = build_plan(ctx).text()
    assert "History: 1 signal recorded before this term started" in plan and "Value is not yet proven" not in plan
    assert "Bring the new-business sales team back in" not in plan


def test_a_departed_champion_leaves_coverage_and_the_call_list(book):
    ctx_plan = book["plans"]["tundra-outdoor.yaml"]
    text = ctx_plan.text()
    assert "Ann Lee (champion) left on " in text and "the role is a gap to fill" in text
    assert "if Ann Lee left" not in text and "One champion only (Ann Lee)" not in text
    assert "No champion: nobody argues for us inside the customer." in text
    coverage = next(p for p in ctx_plan.parts if p.id == "coverage")
    grid = coverage.blocks[0]
    assert all("Ann Lee" not in cell for row in grid.rows for cell in row)
    overdue = [b for b in coverage.blocks if getattr(b, "kind", "") == "bullets"]
    assert all("Ann Lee (" not in item for b in overdue[1:] for item in b.items)
    stakeholders = next(p for p in ctx_plan.parts if p.id == "stakeholders").blocks[0].rows
    assert any(r[0] == "Ann Lee" and "(left on " in r[6] for r in stakeholders)


def test_a_sponsor_left_signal_naming_the_buyer_makes_him_gone(book):
    text = book["plans"]["yarrow-gov.yaml"].text()
    assert "Bo Kim (economic buyer) left on " in text
    assert "No economic buyer: the one we knew has left" in text
    assert "Bring the new-business sales team back in" in text  # a new buyer, nobody named since


def test_a_departed_sponsor_replaced_by_a_named_champion_keeps_the_account_manager(tmp_path):
    data = healthy("Replaced Sponsor Ltd", 240000, 200)
    data["signals"] = [{"date": "2026-10-01", "kind": "sponsor-left", "note": "The COO retired"}]
    data["stakeholders"].append({"name": "Eve Hart", "title": "COO", "level": "c-level", "function": "using",
                                 "role": "champion", "strength": 4, "sentiment": "advocate",
                                 "last_contact": "2026-11-15"})
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "qbrgen.yaml").write_text(yaml.safe_dump(WORKSPACE), encoding="utf-8")
    (folder / "a.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    info = load_account(folder / "a.yaml")
    owner = context(info.model, info.workspace.model, AS_OF).figures.owner
    assert owner.owner == "account-manager" and "new-economic-buyer" not in owner.reasons


def test_vendor_rationalisation_brings_new_business_back(book):
    cobalt = book["plans"]["cobalt-labs.yaml"].text()
    assert "Bring the new-business sales team back in" in cobalt and "Vendor rationalisation:" in cobalt
    assert "Bring the new-business sales team back in" not in book["plans"]["control-alpine.yaml"].text()


def test_the_csm_owning_the_renewal_is_flagged(book):
    text = book["plans"]["vale-construction.yaml"].text()
    assert "Dana Reyes is the account's CSM and owns the renewal" in text


# -- forecast and exports ---------------------------------------------------------------------------


def test_csv_and_json_carry_every_column_and_the_forecast(book):
    rows = list(csv.DictReader(io.StringIO(book_csv(book["book"]))))
    assert tuple(rows[0]) == COLUMNS and len(rows) == len(PLANTED)
    maple = next(r for r in rows if r["account"] == "Maple Pharma")
    assert (maple["verdict"], maple["patterns"], maple["arr"], maple["days_to_renewal"]) == (
        "critical", "steps-missed", "1900000.00", "38")
    data = json.loads(book_json(book["book"]))
    assert [a["account"] for a in data["accounts"]] == [r["account"] for r in rows]
    usd = next(f for f in data["forecast"] if f["currency"] == "USD (converted)")
    # renewing within 90 days, converted at EUR 1.08: Maple 1,900,000 x 1.08 + Heron 125,000 + Elm 140,000
    # + Xenon (lapsed) 380,000 + Zinc 95,000
    assert D(usd["renewing_90_days"]) == D(1900000) * D("1.08") + 125000 + 140000 + 380000 + 95000
    assert set(usd["arr_by_verdict"]) == {"critical", "at-risk", "watch", "on-track"}
    assert D(usd["nrr_if_at_risk_churn"]) < D(usd["nrr_if_renewed_flat"]) < D(usd["nrr_if_renewed_as_proposed"])


def test_the_book_document_has_the_forecast(book):
    document = book_document(book["book"])
    forecast = next(p for p in document.parts if p.id == "forecast")
    scenarios = forecast.blocks[-1]
    assert scenarios.columns == ("Currency", "As proposed", "Flat", "Critical and at-risk lost")
    assert any(r[0] == "USD (converted)" for r in scenarios.rows)
    risk = next(p for p in document.parts if p.id == "at-risk").blocks[0]
    assert risk.columns == ("Verdict", "Account", "Score", "Days", "Open patterns", "ARR")
    assert risk.rows[0][1] == "Xenon Rail" and risk.rows[0][3] == "22 past"  # a lapsed renewal weighs most


# -- the internal deck as a deal review ---------------------------------------------------------------


def test_a_book_sized_account_gets_a_deal_review_of_at_most_25_slides(tmp_path):
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_deck

    from .render_helpers import deck, slide_title

    data = healthy("Colossus Group", 3_000_000, 100, segment="enterprise")
    data["renewal"]["milestones_done"] = [180, 150, 120]
    data["contract"]["products"] = [{"name": f"Module {i:02d}", "arr": 100000} for i in range(30)]
    data["stakeholders"] += [{"name": f"Person {i:02d}", "title": f"Analyst {i}", "level": "ic",
                              "function": "using", "role": "user", "strength": 3, "sentiment": "neutral",
                              "last_contact": "2026-11-20"} for i in range(41)]
    data["whitespace"] = [{"unit": f"Unit {u:02d}", "deployed": ["Module 00"],
                           "opportunities": [{"product": f"Module {i:02d}", "arr": 1000 * (u + i + 1)}
                                             for i in range(1, 30)]} for u in range(14)]
    data["risks"] = [{"risk": f"Risk {i:02d}", "likelihood": "medium", "impact": "medium", "mitigation": "Plan",
                      "owner": "Dana Reyes"} for i in range(14)]
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "qbrgen.yaml").write_text(yaml.safe_dump(WORKSPACE), encoding="utf-8")
    (folder / "a.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    info = load_account(folder / "a.yaml")
    doc = build_deck(info, AS_OF, audience="internal")
    ids = [p.id for p in doc.parts]
    assert ids[1:3] == ["internal", "internal-verdict"]  # the deal review opens the deck, verdict first
    verdict = doc.parts[2]
    assert any("Pricing decision:" in getattr(b, "text", "") for b in verdict.blocks)
    people = next(p for p in doc.parts if p.id == "internal-stakeholders").blocks[0]
    assert len(people.rows) == 10 and people.rows[-1][0] == "36 more people, listed in the account plan"
    ws = next(p for p in doc.parts if p.id == "internal-whitespace")
    assert len(ws.blocks[0].columns) == 12 and len(ws.blocks[0].rows) == 11  # ten products, ten units, total
    assert "4 more units and 22 more products in the account plan" in ws.blocks[-1].text
    risks = next(p for p in doc.parts if p.id == "internal-risks")
    assert len(risks.blocks[0].rows) == 10 and risks.blocks[-1].text.startswith("4 more risks")
    prs = deck(render("pptx", doc, assets_for(info, AS_OF)))
    titles = [slide_title(s) for s in prs.slides]
    review = titles[1:titles.index("The customer's deck, for rehearsal")]
    assert 8 <= len(review) <= 25, titles


def test_someone_who_left_is_neither_addressed_nor_named_to_the_customer(tmp_path):
    from qbrgen.sections.recap import recipients

    data = healthy("Departed Guest Ltd", 240000, 200)
    gone = data["stakeholders"][0]
    gone["departed"] = "2026-10-01"
    for person in data["stakeholders"]:
        person["email"] = person["name"].split()[0].lower() + "@example.com"
    data["qbr"] = {**data.get("qbr", {}), "attendees": [p["name"] for p in data["stakeholders"]]}
    folder = tmp_path / "ws"
    folder.mkdir()
    (folder / "qbrgen.yaml").write_text(yaml.safe_dump(WORKSPACE), encoding="utf-8")
    (folder / "a.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    info = load_account(folder / "a.yaml")
    names = [r.name for r in recipients(context(info.model, info.workspace.model, AS_OF))]
    assert gone["name"] not in names and len(names) == len(data["stakeholders"]) - 1
