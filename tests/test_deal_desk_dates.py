"""Deal desk, dates: auto-renewal, lapsed renewals in date order with a realistic review, no self-dated
proposal step, one signature target in every document, and the workspace's own closed days."""

from __future__ import annotations

import datetime as dt

from qbrgen.analysis.context import context
from qbrgen.build.assets import assets_for
from qbrgen.render.registry import render
from qbrgen.sections.assemble import build_deck, build_plan, build_proposal

from .conftest import AS_OF
from .proposal_helpers import docx_all_text, example_data, load, pdf_all_text
from .render_helpers import deck, deck_text

D = dt.date


def variant(tmp_path, name, edit=None, workspace_edit=None):
    account, workspace = example_data()
    if edit:
        edit(account)
    if workspace_edit:
        workspace_edit(workspace)
    return load(tmp_path / name, account, workspace)


def timeline_of(info, as_of=AS_OF):
    return context(info.model, info.workspace.model, as_of).figures.timeline


def proposal_texts(info, as_of=AS_OF) -> dict[str, str]:
    assets = assets_for(info, as_of)
    tree = build_proposal(info, as_of)
    return {"docx": " ".join(docx_all_text(render("docx", tree, assets)).split()),
            "pdf": pdf_all_text(render("pdf", tree, assets))}


def step_rows(info, as_of=AS_OF):
    part = next(p for p in build_proposal(info, as_of).parts if p.id == "timeline")
    return [(dt.datetime.strptime(d, "%b %d, %Y").date(), s) for d, s in part.blocks[-1].rows]


def test_auto_renewed_contract_speaks_of_the_current_term(tmp_path):
    def edit(a):  # auto_renew: true, renewal date passed in September
        a["contract"]["renewal_date"] = "2026-09-01"
    info = variant(tmp_path, "auto", edit)
    tl = timeline_of(info)
    assert tl.renewed_on == D(2026, 9, 1) and tl.renewal_date == D(2027, 9, 1) and not tl.overdue
    for fmt, text in proposal_texts(info).items():
        assert "renewed automatically on Sep 1, 2026" in text, fmt
        assert "next renewal, on Sep 1, 2027" in text, fmt
        assert "past its renewal date" not in text, fmt


def test_lapsed_without_auto_renewal_in_date_order_with_a_realistic_review(tmp_path):
    def edit(a):
        a["contract"]["auto_renew"] = False
        a["contract"]["renewal_date"] = "2026-11-01"
    info = variant(tmp_path, "lapsed", edit)
    rows = step_rows(info)
    dates = [d for d, _ in rows]
    assert dates == sorted(dates) and dates[0] >= AS_OF
    keyed = dict((s.split()[1] if s.startswith("Your") else s, d) for d, s in rows)
    legal = next(d for d, s in rows if "legal and procurement" in s)
    signature = next(d for d, s in rows if s.startswith("Target date for signature"))
    start = next(d for d, s in rows if s.startswith("The new term starts"))
    business = sum(1 for i in range(1, (signature - legal).days + 1)
                   if (legal + dt.timedelta(days=i)).weekday() < 5)
    assert business >= 15  # a $400,000 contract: three weeks of review, never one day
    assert start > signature  # the new term starts after signature, never before it
    assert keyed
    text = proposal_texts(info)["pdf"]
    assert "starts the business day after signature" in text and "15 business days" in text


def test_review_length_scales_with_contract_size_and_is_configurable(tmp_path):
    def small(a):
        a["contract"]["products"] = [{"name": "Core Platform", "arr": 12000}]
    assert timeline_of(variant(tmp_path, "small", small)).review_days == 5
    assert timeline_of(variant(tmp_path, "big")).review_days == 15

    def ws(w):
        w.setdefault("renewal_policy", {})["review_days"] = [{"from_arr": 0, "days": 8}, {"from_arr": 300000,
                                                                                          "days": 25}]
    assert timeline_of(variant(tmp_path, "ws", workspace_edit=ws)).review_days == 25


def test_backdated_term_is_stated_plainly(tmp_path):
    def edit(a):
        a["contract"]["auto_renew"] = False
        a["contract"]["renewal_date"] = "2026-11-01"
        a["renewal"]["term_start"] = "2026-11-01"
    info = variant(tmp_path, "back", edit)
    rows = step_rows(info)
    assert [d for d, _ in rows] == sorted(d for d, _ in rows)
    assert rows[0] == (D(2026, 11, 1), "The new term starts on the old renewal date, covering the days already used")
    for fmt, text in proposal_texts(info).items():
        assert "covers the days already used" in text, fmt
    from qbrgen.sections.recap import customer_calendar  # the calendar names the step as the proposal does

    calendar = customer_calendar(context(info.model, info.workspace.model, AS_OF, "customer"))
    texts = [e.summary for e in calendar.events]
    assert "Renewal: The new term starts on the old renewal date, covering the days already used" in texts, texts
    assert not any("The renewed subscription starts" in t for t in texts)


def test_proposal_never_announces_itself_for_later(tmp_path):
    as_of = D(2026, 6, 1)  # 228 days before the renewal: the playbook would share the proposal in September
    info = variant(tmp_path, "early")
    rows = step_rows(info, as_of)
    assert rows[0][0] == as_of and rows[0][1].startswith("We share the renewal proposal")


def test_a_proposal_dated_on_a_weekend_is_shared_that_day_and_the_rest_on_business_days(tmp_path):
    as_of = D(2026, 12, 6)  # a Sunday: the proposal dated today does not promise itself for Monday
    info = variant(tmp_path, "sunday")
    rows = step_rows(info, as_of)
    assert rows[0][0] == as_of and rows[0][1].startswith("We share the renewal proposal")
    assert all(day.weekday() < 5 for day, step in rows[1:-1]), rows


def test_one_signature_target_in_plan_deck_and_proposal(tmp_path):
    info = variant(tmp_path, "sig")
    tl = timeline_of(info)
    target = tl.signature_target
    when = f"{target:%b} {target.day}, {target.year}"
    plan_ms = next(m for m in tl.milestones if m.days_before == 30)
    assert plan_ms.date == target
    assert when in build_plan(info, AS_OF).text()
    assert when in " ".join(deck_text(deck(render("pptx", build_deck(info, AS_OF), assets_for(info, AS_OF)))).split())
    for fmt, text in proposal_texts(info).items():
        assert when in text, fmt
    dec16 = "Dec 16, 2026"  # the playbook's 30 days before, which the customer plan does not use
    assert dec16 not in build_plan(info, AS_OF).text() or target == D(2026, 12, 16)


def test_working_calendar_closes_the_year_end(tmp_path):
    def ws(w):
        w["working_calendar"] = {"closed": ["12-21..12-31", "2026-12-04"]}
    plain = timeline_of(variant(tmp_path, "open"))
    closed = timeline_of(variant(tmp_path, "closed", workspace_edit=ws))
    assert plain.signature_target == D(2026, 12, 23)
    for st in closed.steps[:-1]:  # every step before the term starts falls on an open day
        assert not D(2026, 12, 21) <= st.date <= D(2026, 12, 31) and st.date != D(2026, 12, 4), st
    # the review's business days skip the closed days too: signature moves past the year-end closure
    assert closed.signature_target > D(2026, 12, 31)
