"""An account with thousands of outcomes or goals (a register pulled from a CRM) gives documents a customer can
read: each customer document lists a bounded number, counts and values the rest so every column still adds up,
and the internal plan keeps them all. A bounded document is also what keeps the build's cost flat (issue 16,
item 18; the seconds themselves are in benchmarks/large_account.py)."""

from __future__ import annotations

import copy
import io
import re

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from qbrgen.build.assets import assets_for
from qbrgen.render.registry import render
from qbrgen.sections.assemble import build_deck, build_plan, build_proposal
from qbrgen.sections.base import LISTED_OUTCOMES, TABLE_ROWS
from qbrgen.sections.deck.appendix import LISTED
from qbrgen.sections.deck.success_plan import MAX_ROWS

from .conftest import AS_OF
from .render_helpers import deck, deck_text, slide_title
from .test_content import BASE, D, account

N = 2000


def _outcomes(n):
    return [{"outcome": f"Outcome {i:04d}", "baseline": 100 + i, "current": 50 + i, "unit": "hours per year",
             "better": "lower", "annual_value": 1000 + i, "evidence": f"Report {i}"} for i in range(n)]


def _money(amount) -> str:
    return f"${amount:,}"


def _table(doc, pid):
    part = next(p for p in doc.parts if p.id == pid)
    return next(b for b in part.blocks if hasattr(b, "rows") and b.columns[0] == "Outcome")


@pytest.fixture(scope="module")
def many_outcomes(tmp_path_factory):
    return account(tmp_path_factory.mktemp("value"), value=_outcomes(N))


def test_customer_tables_list_the_largest_and_value_the_rest(many_outcomes):
    values = sorted((1000 + i for i in range(N)), reverse=True)
    total = sum(values)
    for doc, pid, shown, rest in ((build_deck(many_outcomes, AS_OF), "value", TABLE_ROWS - 1,
                                   "the largest in the appendix"),
                                  (build_deck(many_outcomes, AS_OF), "appendix-outcomes", LISTED - 1,
                                   "measured the same way"),
                                  (build_proposal(many_outcomes, AS_OF), "summary", 9,
                                   "the largest listed under How we measured")):
        rows = _table(doc, pid).rows
        assert [r[0] for r in rows[:shown]] == [f"Outcome {v - 1000:04d}" for v in values[:shown]]
        assert rows[shown] == (f"{N - shown:,} more outcomes ({rest})", "", "", "", _money(sum(values[shown:])))
        assert rows[-1] == ("Total documented value per year", "", "", "", _money(total))
        assert len(rows) == shown + 2  # the column adds up: shown rows + the others = the total


def test_rendered_documents_stay_a_meeting_long(many_outcomes):
    assets = assets_for(many_outcomes, AS_OF)
    prs = deck(render("pptx", build_deck(many_outcomes, AS_OF), assets))
    titles = [slide_title(s) for s in prs.slides]
    assert titles.count(f"The {LISTED - 1} largest documented outcomes") == 1  # and one "(continued)"
    assert len(prs.slides) <= 20
    text = deck_text(prs)
    assert f"{N - LISTED + 1:,} more outcomes (measured the same way)" in text
    assert "Outcome 1999" in text and "Outcome 0000" not in text  # the largest are listed, the smallest counted

    proposal = build_proposal(many_outcomes, AS_OF)
    pdf = PdfReader(io.BytesIO(render("pdf", proposal, assets)))
    assert len(pdf.pages) <= 12
    pdf_text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in pdf.pages))
    others = sorted((1000 + i for i in range(N)), reverse=True)[LISTED_OUTCOMES:]
    assert (f"The other {len(others):,} outcomes, worth {_money(sum(others))} a year together, were measured "
            "the same way") in pdf_text
    assert "Source: Report 1999" in pdf_text and "Source: Report 0000" not in pdf_text
    docx = open_docx(io.BytesIO(render("docx", proposal, assets)))
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert f"{N - 9:,} more outcomes (the largest listed under How we measured)" in cells


def test_the_internal_plan_keeps_every_outcome(many_outcomes):
    plan = render("md", build_plan(many_outcomes, AS_OF), assets_for(many_outcomes, AS_OF)).decode()
    assert all(f"Outcome {i:04d}" in plan for i in (0, 1, 999, 1999))


def test_a_register_of_outcomes_that_fits_is_listed_whole(tmp_path):
    info = account(tmp_path, value=_outcomes(LISTED))
    doc = build_deck(info, AS_OF)
    assert next(p for p in doc.parts if p.id == "appendix-outcomes").title == "Every documented outcome"
    assert len(_table(doc, "appendix-outcomes").rows) == LISTED + 1  # every outcome and the total
    assert _table(doc, "value").rows[TABLE_ROWS - 1][0] == f"{LISTED - TABLE_ROWS + 1} more outcomes " \
                                                          "(listed in the appendix)"
    proposal = build_proposal(account(tmp_path, value=_outcomes(LISTED_OUTCOMES)), AS_OF)
    evidence = next(p for p in proposal.parts if p.id == "evidence").blocks
    assert len(evidence[1].items) == LISTED_OUTCOMES and len(evidence) == 2  # every one, and no "other" sentence


def test_a_long_success_plan_shows_open_goals_first_and_counts_the_rest(tmp_path):
    goals = [{"goal": f"Goal {i:04d}", "customer_owner": "Ian Cole", "vendor_owner": "Ava Long",
              "due": D(2026, 12, 1) if i % 2 else D(2026, 10, 1), "status": "on-track" if i % 2 else "done"}
             for i in range(N)]
    info = account(tmp_path, success_plan=goals)
    doc = build_deck(info, AS_OF)
    table = next(p for p in doc.parts if p.id == "success-plan").blocks[0]
    assert len(table.rows) == MAX_ROWS
    assert all(r[3] == "On track" for r in table.rows[:-1])  # open goals before done ones
    assert table.rows[-1][0] == f"{N - MAX_ROWS + 1:,} more goals in the shared plan, 1,000 of them done"
    prs = deck(render("pptx", doc, assets_for(info, AS_OF)))
    assert len(prs.slides) <= 20


def test_a_short_success_plan_keeps_its_order(tmp_path):
    goals = copy.deepcopy(BASE["success_plan"]) * 1 + [
        {"goal": f"Goal {i}", "customer_owner": "Ian Cole", "vendor_owner": "Ava Long", "due": D(2026, 12, i + 1),
         "status": "done" if i == 0 else "on-track"} for i in range(6)]
    table = next(p for p in build_deck(account(tmp_path, success_plan=goals), AS_OF).parts
                 if p.id == "success-plan").blocks[0]
    assert [r[0] for r in table.rows] == ["Goal 0", "Goal 1", "Goal 2", "Goal 3", "Goal 4", "Goal 5",
                                          "Both regions live"]


@pytest.mark.parametrize(("rows", "pages"), [(8, [5, 3]), (9, [6, 3]), (10, [7, 3]), (15, [7, 5, 3]), (7, [7])])
def test_a_continued_table_never_leaves_a_lone_row(rows, pages):
    from qbrgen.render.pptx.fit import paginate
    from qbrgen.sections.document import Table

    table = Table(("Goal", "Due"), tuple((f"Goal {i}", "Jan 1, 2027") for i in range(rows)))
    laid = paginate([table], 800.0, 2000.0)  # room for any number of rows: only the row cap splits
    assert [sum(len(b.rows) for b in blocks) for blocks, _ in laid] == pages


def test_the_internal_deck_maps_the_people_who_decide_and_counts_the_rest(tmp_path):
    from qbrgen.sections.deck.internal import MAP_ROWS

    crowd = [{"name": f"Person {i:04d}", "title": f"Analyst {i}", "level": "ic", "function": "using", "role": "user",
              "strength": 2, "sentiment": "neutral", "last_contact": D(2026, 11, 1)} for i in range(1000)]
    info = account(tmp_path, stakeholders=[*crowd, *BASE["stakeholders"]])  # the buyer and champion come last
    doc = build_deck(info, AS_OF, audience="internal")
    table = next(p for p in doc.parts if p.id == "internal-stakeholders").blocks[0]
    assert len(table.rows) == MAP_ROWS
    assert [r[0] for r in table.rows[:2]] == ["Nora Hale", "Ian Cole"]  # the economic buyer, then the champion
    assert table.rows[-1][0] == f"{1002 - MAP_ROWS + 1:,} more people, listed in the account plan"
    grid = next(p for p in doc.parts if p.id == "internal-coverage").blocks[0]
    assert any(cell.endswith("and 997 more") for row in grid.rows for cell in row)  # not a thousand names
    prs = deck(render("pptx", doc, assets_for(info, AS_OF)))
    assert len(prs.slides) <= 30
    plan = render("md", build_plan(info, AS_OF), assets_for(info, AS_OF)).decode()
    assert "Person 0000" in plan and "Person 0999" in plan  # the plan's map lists everyone


@pytest.mark.parametrize("rows", [700, 1400])
def test_a_long_table_is_measured_once_not_once_per_slide(monkeypatch, rows):
    """Item 18: paginating re-measured the whole rest of a table for every continued slide (n^2 / 14 row
    measurements); each cell is now measured a bounded number of times, however long the table."""
    from qbrgen.render.pptx import fit
    from qbrgen.sections.document import Table

    calls = []
    real = fit.text_height
    monkeypatch.setattr(fit, "text_height", lambda *a, **k: calls.append(1) or real(*a, **k))
    table = Table(("Outcome", "Value"), tuple((f"Outcome number {i} for the finance team", f"${i:,}")
                                            for i in range(rows)))
    pages = fit.paginate([table], 820.0, 380.0)
    assert sum(len(b.rows) for blocks, _ in pages for b in blocks) == rows
    assert len(calls) <= 4 * 2 * (rows + 1)  # a few passes over every cell, header included


# -- 10,000 rows in every list at once (issue 28) ------------------------------------------------------------------

BIG = 10_000


def _grown_yaml(folder, n: int):
    """Write BASE with n outcomes, n goals, n more stakeholders and n months of usage, as YAML written by hand
    (a YAML library's dump of 40,000 items takes longer than the build it feeds)."""
    import yaml

    from qbrgen.account.validate import load_account

    data = {k: v for k, v in BASE.items() if k not in ("value", "success_plan", "stakeholders", "usage")}
    text = [yaml.safe_dump(data, sort_keys=False), "stakeholders:\n", yaml.safe_dump(BASE["stakeholders"])]
    text += [f"- {{name: Person {i:05d}, title: Analyst {i}, level: ic, function: using, role: user, strength: 2, "
             f"sentiment: neutral, last_contact: 2026-11-01}}\n" for i in range(n)]
    text.append("value:\n")
    text += [f"- {{outcome: Outcome {i:05d}, baseline: {100 + i}, current: {50 + i}, unit: hours per year, "
             f"better: lower, annual_value: {1000 + i}, evidence: Report {i}}}\n" for i in range(n)]
    text.append("success_plan:\n")
    text += [f"- {{goal: Goal {i:05d}, customer_owner: Ian Cole, vendor_owner: Ava Long, due: 2026-12-01, "
             f"status: {'done' if i % 2 else 'on-track'}}}\n" for i in range(n)]
    first = (2026 * 12 + 10) - n  # the last month is 2026-10
    text.append("usage:\n  metric: Orders shipped\n  monthly:\n")
    text += [f"    {(first + i) // 12:04d}-{(first + i) % 12 + 1:02d}: {1000 + i}\n" for i in range(n)]
    (folder / "qbrgen.yaml").write_text("version: 1\nvendor:\n  name: Acme Cloud\n")
    path = folder / "harbor.yaml"
    path.write_text("".join(text))
    return load_account(path)


class _Counted:
    """Every document of one account rendered once, with the text measurements each format made."""

    def __init__(self, info, monkeypatch):
        from qbrgen.render import textfit

        self.info = info
        assets = assets_for(info, AS_OF)
        real = textfit._em_width
        self.measured: dict[str, int] = {}
        calls = []
        monkeypatch.setattr(textfit, "_em_width", lambda *a: calls.append(1) or real(*a))
        self.deck, self.proposal = build_deck(info, AS_OF), build_proposal(info, AS_OF)
        self.plan = build_plan(info, AS_OF)
        self.files = {}
        for fmt, doc in (("pptx", self.deck), ("docx", self.proposal), ("pdf", self.proposal), ("md", self.plan)):
            calls.clear()
            self.files[fmt] = render(fmt, doc, assets)
            self.measured[fmt] = len(calls)
        monkeypatch.undo()


@pytest.fixture(scope="module")
def ten_thousand(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    try:
        big = _Counted(_grown_yaml(tmp_path_factory.mktemp("big"), BIG), mp)
        small = _Counted(_grown_yaml(tmp_path_factory.mktemp("small"), 100), mp)
    finally:
        mp.undo()
    return big, small


def test_ten_thousand_rows_in_every_list_make_documents_a_meeting_long(ten_thousand):
    big, _ = ten_thousand
    prs = deck(big.files["pptx"])
    assert len(prs.slides) <= 20
    text = deck_text(prs)
    assert f"{BIG - LISTED + 1:,} more outcomes (measured the same way)" in text
    assert "Outcome 09999" in text and "Outcome 00000" not in text
    assert f"{BIG - MAX_ROWS + 1:,} more goals in the shared plan" in text
    usage = next(p for p in big.deck.parts if p.id == "usage").blocks[0]
    assert len(usage.categories) == 24 and usage.categories[-1] == "Oct\u00a02026"  # the recent two years, not 833
    pdf = PdfReader(io.BytesIO(big.files["pdf"]))
    assert len(pdf.pages) <= 12
    cells = [c.text for t in open_docx(io.BytesIO(big.files["docx"])).tables for r in t.rows for c in r.cells]
    assert f"{BIG - 9:,} more outcomes (the largest listed under How we measured)" in cells
    plan = big.files["md"].decode()
    for name in ("Outcome 00000", "Outcome 09999", "Person 00000", "Person 09999"):
        assert plan.count(name) >= 1  # the internal plan keeps every row


def test_text_is_measured_as_often_for_ten_thousand_rows_as_for_a_hundred(ten_thousand):
    """Each customer document lists a bounded number of rows, so the number of text measurements (the cost
    of fitting text on slides and pages) does not grow with the lists; the plan measures nothing."""
    big, small = ten_thousand
    for fmt in ("pptx", "docx", "pdf"):
        assert small.measured[fmt] > 0
        assert big.measured[fmt] <= small.measured[fmt] * 1.25 + 50, (fmt, big.measured, small.measured)
    assert big.measured["md"] == small.measured["md"] == 0
    # and what the plan lists grows one line per row: linear, not quadratic
    assert big.files["md"].count(b"\n") - small.files["md"].count(b"\n") <= 3 * (BIG - 100) + 50
