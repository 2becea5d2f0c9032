"""Deal desk, point 10: the small things a CFO notices, each with its own test."""

from __future__ import annotations

from qbrgen.analysis.context import context
from qbrgen.sections import proposal
from qbrgen.sections.base import review_date, value_plan_sentence
from qbrgen.sections.deck import summary

from .conftest import AS_OF
from .proposal_helpers import example_data, load


def _ctx(tmp_path, edit=None):
    account, workspace = example_data()
    if edit:
        edit(account)
    info = load(tmp_path / "acct", account, workspace)
    return context(info.model, info.workspace.model, AS_OF)


def _new_part(ctx):
    return list(proposal.new_since(ctx))


def test_what_is_new_never_heads_future_items_only(tmp_path):
    def edit(a):
        a["renewal"].pop("new_capabilities", None)
    (part,) = _new_part(_ctx(tmp_path, edit))
    assert part.title == "What is coming next"
    (with_caps,) = _new_part(_ctx(tmp_path / "caps"))
    assert with_caps.title == "What is new since your last contract"


def test_review_date_never_before_the_term_it_measures(tmp_path):
    ctx = _ctx(tmp_path)
    review, start = review_date(ctx), ctx.figures.timeline.term_start
    assert review is not None and start is not None and review < start  # the example reviews before renewal
    sentence = value_plan_sentence(ctx)
    assert sentence.startswith("Until the renewal") and "Over the renewed term" not in sentence


def test_plan_capacity_never_for_usage_already_over_contract(tmp_path):
    def edit(a):
        a["renewal"].pop("expansion", None)
        a["contract"]["products"][0]["capacity"]["used"] = 540  # 540 of 500 seats: already over
    metric = summary._opportunity(_ctx(tmp_path, edit))
    assert metric is not None and "add capacity to cover what you use" in metric.detail
    assert "plan capacity before it limits you" not in metric.detail
