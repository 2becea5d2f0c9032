"""Deal desk, point 8: tech-touch accounts (qbr.length: none, or account.tier: tech-touch) get the renewal notice
as PDF, Markdown and email-ready HTML, and a deck only when asked; such a deck never admits to no value while it
asks for an increase."""

from __future__ import annotations

import yaml

from qbrgen.account.validate import load_account
from qbrgen.build.outputs import render_outputs

from .conftest import AS_OF, EXAMPLES
from .proposal_helpers import example_data, load
from .render_helpers import deck, deck_text

HARBOUR = EXAMPLES / "accounts" / "harbour-print.yaml"
NO_VALUE = "We have not yet documented the outcomes you achieved"


def test_tier_tech_touch_gets_the_notice_in_three_forms(tmp_path):
    account, workspace = example_data()
    account["account"]["tier"] = "tech-touch"  # a 60-minute QBR account the team moved to tech-touch
    info = load(tmp_path / "acct", account, workspace)
    files = render_outputs(info, tmp_path / "out", ("pptx", "docx", "pdf"), AS_OF)
    names = {p.name for p in files}
    assert "qbr-deck.pptx" not in names
    assert {"renewal-notice.pdf", "renewal-notice.md", "renewal-notice.html"} <= names
    html = files[tmp_path / "out" / "renewal-notice.html"].decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<table" in html and "style=" in html  # inline styles
    assert "How to renew" in html and "reply to this notice" in html
    assert "Internal" not in html and "<script" not in html


def test_tier_other_than_tech_touch_keeps_the_deck(tmp_path):
    account, workspace = example_data()
    account["account"]["tier"] = "white-glove"
    info = load(tmp_path / "acct", account, workspace)
    names = {p.name for p in render_outputs(info, tmp_path / "out", ("pptx",), AS_OF)}
    assert names == {"qbr-deck.pptx"}


def test_deck_of_a_tech_touch_account_only_when_asked(tmp_path):
    info = load_account(HARBOUR)
    default = {p.name for p in render_outputs(info, tmp_path / "a", ("pptx", "docx", "pdf"), AS_OF)}
    asked = {p.name for p in render_outputs(info, tmp_path / "b", ("pptx", "docx", "pdf"), AS_OF, deck_asked=True)}
    assert "qbr-deck.pptx" not in default and "qbr-deck.pptx" in asked
    assert "renewal-notice.html" in asked


def test_asked_deck_never_admits_no_value_while_asking_an_increase(tmp_path):
    data = yaml.safe_load(HARBOUR.read_text(encoding="utf-8"))
    data["value"] = []  # no outcomes documented
    data["renewal"]["increase_pct"] = 5  # asked even though nothing is documented: the team decided so
    data["renewal"]["pricing_decision"] = {"decision": "keep-increase", "reason": "List price rose for all",
                                           "decided_by": "Deal desk"}
    workspace = yaml.safe_load((EXAMPLES / "qbrgen.yaml").read_text(encoding="utf-8"))
    info = load(tmp_path / "acct", data, workspace)
    from qbrgen.analysis.context import context

    r = context(info.model, info.workspace.model, AS_OF).figures.renewal
    files = render_outputs(info, tmp_path / "out", ("pptx",), AS_OF, deck_asked=True)
    text = " ".join(deck_text(deck(files[tmp_path / "out" / "qbr-deck.pptx"])).split())
    assert not r.flat  # the increase is asked
    assert NO_VALUE not in text
    assert "Let us agree today which business results your subscription should move" in text


def test_the_build_journal_plans_the_notice_files_a_tech_touch_account_may_write(tmp_path):
    """A build interrupted while writing a tech-touch account's notice leaves no file the manifest forgets."""
    import datetime as dt

    from qbrgen.build.options import Options
    from qbrgen.build.plan import planned_outputs

    customer = Options(output=tmp_path, formats=("pptx", "docx", "pdf"), as_of=dt.date(2026, 12, 6))
    internal = Options(output=tmp_path, formats=("pptx",), as_of=dt.date(2026, 12, 6), audience="internal")
    planned = planned_outputs(tmp_path / "acme", customer)
    assert {"acme/renewal-notice.pdf", "acme/renewal-notice.md", "acme/qbr-deck.pptx"} <= set(planned)
    assert planned_outputs(tmp_path / "acme", internal) == ["acme/qbr-deck-INTERNAL.pptx"]


def test_the_notice_says_who_sends_it_and_when_and_lines_up_its_amounts(tmp_path):
    import io
    import re

    from pypdf import PdfReader

    info = load_account(HARBOUR)
    files = render_outputs(info, tmp_path, ("docx", "pdf"), AS_OF)
    sender = f"Acme Cloud · {AS_OF:%b} {AS_OF.day}, {AS_OF.year}"  # the vendor and the notice's date (as-of)
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(files[tmp_path / "renewal-notice.pdf"])).pages)
    assert sender in pdf.replace("\xa0", " ")
    html = files[tmp_path / "renewal-notice.html"].decode("utf-8")
    assert sender in html.replace("&nbsp;", " ")
    amounts = re.findall(r'<td style="([^"]*)">\$2,400</td>', html)
    assert amounts and all(style.endswith("text-align:right") for style in amounts)
