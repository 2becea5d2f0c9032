"""Small things a customer notices: a headline that disagrees with its table, a date broken over two lines,
an agenda that promises a slide the deck does not have."""

from __future__ import annotations

from decimal import Decimal

from qbrgen.build import build_deck
from qbrgen.fmt import Formatter

from .conftest import AS_OF
from .test_content import account


def test_a_small_amount_in_a_headline_reads_as_in_its_table():
    de = Formatter("de_DE", "EUR")
    assert de.money_headline(Decimal("2956.80")) == de.table_money([Decimal("2956.80")])[0] == "2.956,80\xa0€"
    assert de.compact_money(Decimal("2956.80")) == "2.956,80\xa0€"
    us = Formatter("en_US", "USD")
    assert us.money_headline(Decimal("4944")) == "$4,944"  # whole amounts stay whole
    assert us.money_headline(Decimal("88050")) == "$88K"  # large ones are still shortened


def test_the_cover_date_never_breaks_inside(tmp_path):
    title = next(p for p in build_deck(account(tmp_path), AS_OF).parts if p.id == "title")
    date = title.subtitle.split(" · ")[-1]
    assert " " not in date and "\xa0" in date


def _agenda(tmp_path, **changes):
    doc = build_deck(account(tmp_path, **changes), AS_OF)
    table = next(p for p in doc.parts if p.id == "agenda").blocks[0]
    return [r[1] for r in table.rows], {p.id for p in doc.parts}


def test_the_agenda_names_a_success_plan_only_when_the_deck_has_one(tmp_path):
    blocks, parts = _agenda(tmp_path)
    assert "success-plan" in parts and any("Mutual success plan" in b for b in blocks)
    blocks, parts = _agenda(tmp_path, success_plan=[])
    assert "success-plan" not in parts
    assert not any("success plan" in b.lower() for b in blocks)
    assert blocks[-1] in ("Your renewal and next steps", "Next steps")


def test_the_closing_step_sends_a_success_plan_only_when_there_is_one(tmp_path):
    def last_step(**changes):
        doc = build_deck(account(tmp_path, **changes), AS_OF)
        return next(p for p in doc.parts if p.id == "next-steps").blocks[0].items[-1]

    assert "the success plan" in last_step()
    without = last_step(success_plan=[])
    assert "success plan" not in without and "first draft of the goals" in without


def test_one_goal_is_not_the_next_of_several(tmp_path):
    title = next(p for p in build_deck(account(tmp_path), AS_OF).parts if p.id == "success-plan").title
    assert title == "One shared goal, due Dec 20, 2026"
