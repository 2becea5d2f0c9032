"""A procurement reviewer's findings on the example proposals, each checked on the DOCX and PDF read back:
the offer stands until signature, steps on business days, terms that agree, a return address, honest savings,
tables kept with their totals and notes, plain wording."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document as open_docx
from pypdf import PdfReader

from .conftest import SPEC
from .proposal_helpers import example_data, load, render_both, texts

REVIEW_AS_OF = dt.date(2026, 11, 25)
DATE = re.compile(r"([A-Z][a-z]{2} \d{1,2}, \d{4})")
STEPS = ("We share the renewal proposal", "We answer your questions", "Your legal and procurement review",
         "Target date for signature")


def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%b %d, %Y").date()


def _steps(text: str) -> list[dt.date]:
    """Return the dates of the steps to signature (the term's start excluded), in the order shown."""
    part = text[text.rindex("Steps to signature"):]
    part = part[:part.index("By signing")]
    return [_day(m.group(1)) for m in re.finditer(DATE.pattern + r" (?:" + "|".join(STEPS) + ")", part)]


def _valid_until(text: str) -> dt.date:
    return _day(re.search(r"This offer is valid until " + DATE.pattern, text).group(1))


@pytest.mark.parametrize("name", ["northwind-logistics", "meridian-health", "lakeside-freight"])
def test_offer_stands_until_the_planned_signature_and_steps_fall_on_business_days(tmp_path, name):
    account, workspace = example_data(name)
    account["renewal"].pop("valid_until", None)
    info = load(tmp_path, account, workspace)
    for fmt, text in texts(info, as_of=REVIEW_AS_OF).items():
        steps = _steps(text)
        assert len(steps) == 4, (fmt, steps)
        assert steps == sorted(steps) and steps[0] >= REVIEW_AS_OF, (fmt, steps)
        assert all(d.weekday() < 5 for d in steps), (fmt, [d.strftime("%a %b %d") for d in steps])
        valid = _valid_until(text)
        assert valid >= steps[-1], (fmt, valid, steps[-1])  # the offer is still open on the signature day
        renewal, start = account["contract"]["renewal_date"], account["renewal"].get("term_start")
        if renewal > REVIEW_AS_OF:
            assert valid <= renewal, fmt
        elif start and start > REVIEW_AS_OF:  # a passed renewal: at most to the new term's start, or signature
            assert valid <= max(start, steps[-1]), fmt


def test_an_explicit_offer_date_before_the_usual_signature_brings_the_steps_forward(tmp_path):
    account, workspace = example_data()
    account["renewal"]["valid_until"] = dt.date(2026, 12, 10)  # the usual plan would sign in January
    info = load(tmp_path, account, workspace)
    for fmt, text in texts(info, as_of=REVIEW_AS_OF).items():
        steps = _steps(text)
        assert _valid_until(text) == dt.date(2026, 12, 10), fmt
        assert steps == sorted(steps) and steps[0] >= REVIEW_AS_OF and steps[-1] <= dt.date(2026, 12, 10), (fmt, steps)
    assert not [w for w in info.warnings if w.path == "renewal.valid_until"]  # no contradiction left to warn of


def test_a_short_replan_after_a_passed_renewal_spreads_the_steps(tmp_path):
    account, workspace = example_data("lakeside-freight")
    account["renewal"]["term_start"] = dt.date(2026, 12, 8)  # nine business days to go
    for fmt, text in texts(load(tmp_path, account, workspace), as_of=REVIEW_AS_OF).items():
        steps = _steps(text)
        assert all(d.weekday() < 5 for d in steps), fmt
        # a week of questions, then ten business days of review for a $260,000 contract... at least
        assert (steps[1] - steps[0]).days >= 7 and (steps[3] - steps[2]).days >= 14, (fmt, steps)


@pytest.mark.parametrize(("auto_renew", "expect", "absent"), [
    (True, ("renews automatically at the end of its term unless", "Notice of non-renewal: in writing, at least"),
     ("ends on its end date",)),
    (False, ("The renewed term ends on its end date",), ("Notice of non-renewal", "unless either party")),
    (None, ("The current contract renews automatically at the end of its term.",),
     ("Notice of non-renewal", "ends on its end date", "We propose that the renewed contract")),
], ids=["auto-renew", "no-auto-renew", "unknown"])
def test_notice_only_for_a_renewal_that_renews_by_itself(tmp_path, auto_renew, expect, absent):
    account, workspace = example_data()
    account["renewal"].pop("auto_renew", None)
    if auto_renew is not None:
        account["renewal"]["auto_renew"] = auto_renew
    for fmt, text in texts(load(tmp_path, account, workspace)).items():
        terms = text[text.rindex("Terms"):text.index("Steps to signature")]
        for sentence in expect:
            assert terms.count(sentence) == 1, (fmt, sentence)
        for sentence in absent:
            assert sentence not in terms, (fmt, sentence)


def test_the_acceptance_says_where_the_signed_copy_goes(tmp_path):
    account, workspace = example_data()
    seen = texts(load(tmp_path / "full", account, workspace))
    for key in ("owner_email", "owner_phone"):
        account["account"].pop(key)
    bare = texts(load(tmp_path / "bare", account, workspace))
    for fmt in ("docx", "pdf"):
        full = seen[fmt]
        assert "Your contact: Dana Reyes · dana.reyes@acme.example · +1 415 555 0134" in full, fmt  # the cover
        assert ("Please return the signed proposal to Dana Reyes at Acme Cloud (dana.reyes@acme.example or "
                "+1 415 555 0134).") in full[full.index("By signing"):], fmt
        assert "Please return the signed proposal to Dana Reyes at Acme Cloud." in bare[fmt], fmt


def test_a_dearer_option_shows_what_it_costs_more(tmp_path):
    account, workspace = example_data("lakeside-freight")
    account["renewal"]["options"][1]["increase_pct"] = 2  # protected at a price above today's flat one
    for fmt, text in texts(load(tmp_path, account, workspace), as_of=REVIEW_AS_OF).items():
        row = text[text.index("3-year with price protection"):]
        # with the 8 depots above the contract on a true-up line ($35,200 a year at today's price)
        assert row.startswith("3-year with price protection 36 months 2% $300,400 $901,200 costs $15,600 more"), fmt


def test_plain_wording_and_the_appendix_in_the_value_table_order(tmp_path):
    account, workspace = example_data("lakeside-freight")
    for fmt, text in texts(load(tmp_path / "flat", account, workspace), as_of=REVIEW_AS_OF).items():
        assert "in use above the contract, at today's price" in text and "flat: no increase" not in text, fmt
    account, workspace = example_data()
    for fmt, text in texts(load(tmp_path / "nw", account, workspace)).items():
        table = text[text.index("Executive summary"):]
        order = sorted(("Invoice cycle time", "Manual data entry", "Early-payment discounts captured"),
                       key=table.index)
        appendix = text[text.rindex("How we measured"):]
        assert sorted(order, key=lambda o: appendix.index(f"{o}:")) == order, fmt


def _pdf_page_of(pages: list[str], phrase: str) -> int:
    return next(i for i, page in enumerate(pages) if phrase in page)


@pytest.mark.parametrize("source", ["spec", "meridian-health"])
def test_the_pricing_table_stays_with_its_total_and_note(tmp_path, source):
    import yaml

    if source == "spec":
        account = yaml.safe_load((SPEC / "account.example.yaml").read_text(encoding="utf-8"))
        workspace = yaml.safe_load((SPEC / "qbrgen.example.yaml").read_text(encoding="utf-8"))
    else:  # as the reviewer read it, with its expansion for the acquired clinics
        account, workspace = example_data(source)
        account["renewal"]["expansion"] = [{"product": "Core Platform", "unit": "Acquired clinics", "arr": 36000}]
    files = render_both(load(tmp_path, account, workspace), REVIEW_AS_OF)
    pages = [" ".join(p.extract_text().replace("\xa0", " ").split())
             for p in PdfReader(io.BytesIO(files["pdf"])).pages]
    pricing = next(i for i, page in enumerate(pages) if re.search(r"Annual subscription today \$[\d,]{5,}", page))
    assert "Total with the optional expansion" in pages[pricing], "the total is on the table's page"
    assert "The expansion is optional" in pages[pricing], "the note is on the table's page"
    # the DOCX: every row before the total keeps with the next, no row splits, the note stays with the table
    doc = open_docx(io.BytesIO(files["docx"]))
    table = next(t for t in doc.tables if t.rows[-1].cells[0].text == "Total with the optional expansion")
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for row in table.rows:
        assert row._tr.find(f"{ns}trPr/{ns}cantSplit") is not None  # noqa: SLF001
    for row in table.rows[:-1]:
        assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs), row.cells[0].text
    assert all(p.paragraph_format.keep_with_next for p in table.rows[-1].cells[0].paragraphs)  # the note follows
    body = list(doc.element.body)
    spacer = body[body.index(table._tbl) + 1]  # noqa: SLF001
    assert spacer.find(f"{ns}pPr/{ns}keepNext") is not None
    assert "".join(t.text for t in body[body.index(table._tbl) + 2].iter(f"{ns}t")).startswith(  # noqa: SLF001
        "The expansion is optional")

