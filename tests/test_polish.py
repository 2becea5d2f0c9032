"""Small things a customer notices: a headline that disagrees with its table, a date broken over two lines,
an agenda that promises a slide the deck does not have."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qbrgen.fmt import Formatter
from qbrgen.sections.assemble import build_deck

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


def _parts(doc):
    return {p.id: p for p in doc.parts}


def test_what_a_cfo_checks_on_the_renewal_slides(tmp_path):
    from qbrgen.sections.assemble import build_proposal

    info = account(tmp_path)
    deck = _parts(build_deck(info, AS_OF))
    assert deck["renewal"].blocks[0].items[1].detail == "5% at renewal"  # once, not every year
    notes = [b.text for b in deck["renewal-options"].blocks if getattr(b, "style", "") == "muted"]
    assert notes == ["Saving is measured against renewing one year at a time at the price of the 1-year renewal "
                     "option ($210,000 a year), held for the same term."]  # the saving can be checked from the slide
    assert deck["next-steps"].title.endswith("steps to agree today")  # no promise of an owner per step
    assert deck["agenda"].title == "Our 60 minutes: value, your priorities, roadmap, then plan and renewal"
    acceptance = _parts(build_proposal(info, AS_OF))["acceptance"].blocks[0].text
    assert acceptance.endswith("Tick exactly one renewal option.")


def test_roadmap_in_the_proposal_is_dated_by_quarter_and_not_a_commitment(tmp_path):
    from qbrgen.sections.assemble import build_proposal

    new = _parts(build_proposal(account(tmp_path), AS_OF))["new"].blocks
    assert new[-2].items == ("Regional warehouses (Q1\xa02027)",)
    assert "not part of what this proposal commits to" in new[-1].text


def test_a_phone_number_never_breaks(tmp_path):
    from qbrgen.sections.commercial import contact_line, return_sentence

    info = account(tmp_path, account=lambda d: d["account"].update(owner_phone="+1 415 555 0134"))
    from qbrgen.analysis.context import context

    ctx = context(info.model, info.workspace.model, AS_OF)
    assert "+1\xa0415\xa0555\xa00134" in contact_line(ctx) and "+1\xa0415\xa0555\xa00134" in return_sentence(ctx)


@pytest.mark.parametrize(("locale", "day", "moved"), [
    ("en_US", dt.date(2026, 11, 26), dt.date(2026, 11, 25)),  # Thanksgiving: the Wednesday before
    ("en_US", dt.date(2027, 1, 1), dt.date(2026, 12, 31)),  # New Year's Day
    ("de_DE", dt.date(2026, 12, 25), dt.date(2026, 12, 24)),  # Christmas Day (Dec 24 is a working day)
    ("de_DE", dt.date(2026, 11, 26), dt.date(2026, 11, 26)),  # no holiday in Germany
    ("en", dt.date(2027, 1, 1), dt.date(2027, 1, 1)),  # no country: weekends only
])
def test_steps_never_fall_on_a_public_holiday_of_the_account_s_country(tmp_path, locale, day, moved):
    from qbrgen.analysis.timeline import business_day, days_off

    info = account(tmp_path, account=lambda d: d["account"].update(locale=locale))
    assert business_day(day, dt.date(2026, 11, 1), days_off(info.model, dt.date(2026, 11, 23))) == moved


def test_a_holiday_right_after_the_as_of_date_moves_the_step_forward():
    from qbrgen.analysis.timeline import business_day

    new_year = frozenset({dt.date(2027, 1, 1)})
    assert business_day(dt.date(2027, 1, 1), dt.date(2027, 1, 1), new_year) == dt.date(2027, 1, 4)  # not before


def test_the_proposal_says_what_is_renewed_product_by_product():
    import io

    from docx import Document as open_docx
    from pypdf import PdfReader

    from qbrgen.account.validate import load_account
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_proposal

    from .conftest import EXAMPLES

    info = load_account(EXAMPLES / "accounts" / "northwind-logistics.yaml")
    as_of = dt.date(2026, 11, 25)  # the day the intro line once fell at the foot of a page, its table on the next
    doc = build_proposal(info, as_of)
    assets = assets_for(info, as_of)
    pages = [" ".join(p.extract_text().replace("\xa0", " ").split())
             for p in PdfReader(io.BytesIO(render("pdf", doc, assets))).pages]
    pdf = " ".join(pages)
    intro = next(p for p in pages if "What the renewal covers:" in p)
    assert "Core Platform 500 seats" in intro  # the line that introduces the table stays on its page
    assert "Core Platform 500 seats $300,000 $315,000" in pdf
    assert "Analytics 10,000,000 API calls per month $100,000 $105,000" in pdf
    assert "Total $400,000 $420,000" in pdf  # the lines add up to the subscription, today and renewed
    docx = open_docx(io.BytesIO(render("docx", doc, assets)))
    table = next(t for t in docx.tables if t.rows[0].cells[0].text == "Product" and len(t.columns) == 4)
    assert [c.text for c in table.rows[1].cells] == ["Core Platform", "500 seats", "$300,000", "$315,000"]


@pytest.mark.parametrize("name", ["meridian-health", "lakeside-freight", "northwind-logistics"])
def test_customer_speaker_notes_are_a_talk_track_not_coaching(name):
    from qbrgen.account.validate import load_account

    from .conftest import EXAMPLES
    from .test_content import COACHING

    info = load_account(EXAMPLES / "accounts" / f"{name}.yaml")
    customer = build_deck(info, dt.date(2026, 11, 25))
    notes = " ".join(p.notes for p in customer.parts).lower()
    assert not [phrase for phrase in COACHING if phrase.lower() in notes]
    internal = build_deck(info, dt.date(2026, 11, 25), audience="internal")
    assert any("Lead with outcomes" in (p.coaching or "") for p in internal.parts)  # the advice stays internal


def test_generated_files_do_not_carry_another_document_s_properties(spec_account):
    import io
    import zipfile

    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_proposal

    assets = assets_for(spec_account, AS_OF)
    for fmt, doc in (("docx", build_proposal(spec_account, AS_OF)), ("pptx", build_deck(spec_account, AS_OF))):
        app = zipfile.ZipFile(io.BytesIO(render(fmt, doc, assets))).read("docProps/app.xml").decode()
        assert "<Application>qbrgen</Application>" in app, fmt
        assert not any(f"<{tag}>" in app for tag in ("Pages", "Words", "Slides", "Template", "TitlesOfParts")), fmt
