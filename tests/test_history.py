"""Between meetings: the account's history (since our last review), diff, recap and calendar, and provenance.

The repository is made by examples/history/make_history.py in a temporary folder: three commits of the Northwind
account (a goal met, a goal moved, an outcome added, a stakeholder gone). Nothing reads /work/shared.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import importlib.util
import io
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as DocxDocument
from icalendar import Calendar
from pptx import Presentation

from qbrgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = dt.date(2026, 11, 23)
ACCOUNT = "accounts/northwind-logistics.yaml"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _make_history():
    spec = importlib.util.spec_from_file_location("make_history", EXAMPLES / "history" / "make_history.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("history") / "workspace"
    return folder, _make_history().make(folder)


def _cli(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result


@pytest.fixture(scope="module")
def built(repo, tmp_path_factory) -> dict[str, Path]:
    """Build the head of the history twice with the CLI: plainly and with --trace."""
    folder, _ = repo
    out = {}
    for name, extra in (("plain", ()), ("traced", ("--trace",))):
        target = tmp_path_factory.mktemp(name)
        result = _cli("build", str(folder / ACCOUNT), "-o", str(target), "--format", "pptx,docx,pdf",
                      "--as-of", AS_OF.isoformat(), "-j", "1", *extra)
        assert result.exit_code == 0, result.output
        (out[name],) = [p for p in target.iterdir() if p.is_dir()]
    return out


def _slide_with(pptx: Path | bytes, title_start: str):
    deck = Presentation(io.BytesIO(pptx) if isinstance(pptx, bytes) else pptx)
    for slide in deck.slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        if any(t.startswith(title_start) for t in texts):
            return slide
    return None


def _table_rows(slide) -> list[tuple[str, ...]]:
    (table,) = [s.table for s in slide.shapes if s.has_table]
    return [tuple(c.text for c in row.cells) for row in table.rows]


# -- since our last review ----------------------------------------------------------------------------------


def test_since_slide_states_exactly_what_happened(built):
    slide = _slide_with(built["plain"] / "qbr-deck.pptx", "Since Sep 10, 2026")
    assert slide is not None
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    assert "Since Sep 10, 2026: one goal met, one moved and one new outcome" in texts
    assert _table_rows(slide) == [
        ("Agreed last time, and since", "What happened", "Owners"),
        ("Treasury team live on Analytics", "Met", "Lena Fischer · Priya Shah"),
        ("120 EU finance users active", "Moved from Jan 29, 2027 to Mar 31, 2027", "Maria Chen · Dana Reyes"),
        ("Executive sponsor session with the CFO", "On its date, Jan 8, 2027", "Tom Okafor · Dana Reyes"),
        ("New outcome: Early-payment discounts captured", "3.4% of spend, $700,000 a year", ""),
    ]
    metrics = " ".join(t.text or "" for t in slide._element.iter("{*}t")).replace("\xa0", " ")  # grouped cards
    assert "1 of 3" in metrics and "+12%" in metrics and "Aug 2026 to Oct 2026" in metrics
    deck = Presentation(built["plain"] / "qbr-deck.pptx")
    order = [" ".join(s.text_frame.text for s in sl.shapes if s.has_text_frame) for sl in deck.slides]
    since = next(i for i, t in enumerate(order) if t.startswith("Since our last review"))
    value = next(i for i, t in enumerate(order) if t.startswith("Value delivered"))
    assert since + 1 == value  # it opens the value block, just before the value slide
    everything = "\n".join(s.text_frame.text for sl in deck.slides for s in sl.shapes if s.has_text_frame)
    notes = "\n".join(sl.notes_slide.notes_text_frame.text for sl in deck.slides if sl.has_notes_slide)
    assert "Raj Patel" not in everything + notes  # a stakeholder gone is internal, never in the customer deck


def test_proposal_states_the_same_facts(built):
    doc = DocxDocument(built["plain"] / "renewal-proposal.docx")
    paragraphs = [p.text.replace("\xa0", " ") for p in doc.paragraphs]
    start = paragraphs.index("Since our last review on Sep 10, 2026:")
    facts = paragraphs[start + 1: start + 5]
    assert facts == [
        "Treasury team live on Analytics: met",
        "120 EU finance users active: moved from Jan 29, 2027 to Mar 31, 2027",
        "New outcome: Early-payment discounts captured, now 3.4% of spend, worth $700,000 a year",
        "Invoices processed: up 12%, from 54,800 in Aug 2026 to 61,200 in Oct 2026",
    ]
    assert paragraphs[start + 5] == "Delivered since the last contract, included in the renewal:"
    assert "Raj Patel" not in "\n".join(paragraphs)


def test_internal_deck_names_the_stakeholder_gone(repo):
    from qbrgen.account.validate import load_account
    from qbrgen.analysis.context import context
    from qbrgen.build.history import since_of
    from qbrgen.sections.assemble import build_deck

    folder, _ = repo
    info = load_account(folder / ACCOUNT)
    since, why = since_of(info, None, AS_OF)
    assert why == ""
    assert since.stakeholders_gone == ("Raj Patel",)
    deck = build_deck(context(info.model, info.workspace.model, AS_OF, "internal", since=since))
    (part,) = [p for p in deck.parts if p.id == "since"]
    assert "Raj Patel" in part.coaching
    customer = build_deck(context(info.model, info.workspace.model, AS_OF, since=since))
    assert "Raj Patel" not in customer.text()


def test_since_option_reads_a_revision(repo):
    from qbrgen.account.validate import load_account
    from qbrgen.build.history import since_of

    folder, commits = repo
    info = load_account(folder / ACCOUNT)
    since, _ = since_of(info, commits[1], AS_OF)  # the second commit: the Treasury goal was met by then
    assert since.commit == commits[1]
    assert since.date == dt.date(2026, 9, 10)  # the meeting that version names (its qbr.date), not the commit
    assert [(g.goal, g.state) for g in since.reviewed] == [("120 EU finance users active", "moved"),
                                                          ("Executive sponsor session with the CFO", "open")]


def test_build_since_option_overrides_qbr_previous(repo, tmp_path):
    folder, commits = repo
    result = _cli("build", str(folder / ACCOUNT), "-o", str(tmp_path), "--format", "pptx", "--as-of",
                  AS_OF.isoformat(), "-j", "1", "--since", commits[1])
    assert result.exit_code == 0, result.output
    (out,) = [p for p in tmp_path.iterdir() if p.is_dir()]
    slide = _slide_with(out / "qbr-deck.pptx", "Since Sep 10, 2026")
    assert [r[:2] for r in _table_rows(slide)[1:]] == [
        ("120 EU finance users active", "Moved from Jan 29, 2027 to Mar 31, 2027"),
        ("Executive sponsor session with the CFO", "On its date, Jan 8, 2027"),
        ("New outcome: Early-payment discounts captured", "3.4% of spend, $700,000 a year")]


def test_outside_git_the_slide_is_left_out_without_error(repo, tmp_path, monkeypatch):
    folder, _ = repo
    plain = tmp_path / "no-git"
    (plain / "accounts").mkdir(parents=True)
    shutil.copy(folder / "qbrgen.yaml", plain / "qbrgen.yaml")
    shutil.copy(folder / ACCOUNT, plain / ACCOUNT)  # it names qbr.previous: 2026-09-10
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = _cli("build", str(plain / ACCOUNT), "-o", str(tmp_path / "out"), "--format", "pptx,docx",
                  "--as-of", AS_OF.isoformat(), "-j", "1")
    assert result.exit_code == 0, result.output
    assert "no 'since our last review' slide: the account file is not in a git repository" in result.output
    (out,) = [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    assert _slide_with(out / "qbr-deck.pptx", "Since ") is None
    diff = _cli("diff", str(plain / ACCOUNT), "--as-of", AS_OF.isoformat())
    assert diff.exit_code == 0 and "_nothing to compare with: the account file is not in a git repository._" in \
        diff.output
    assert "Since our last review" not in "\n".join(p.text for p in DocxDocument(out / "renewal-proposal.docx")
                                                     .paragraphs)


def test_a_new_account_has_no_history(repo):
    from qbrgen.account.validate import load_account
    from qbrgen.build.history import since_of

    folder, _ = repo
    new = folder / "accounts" / "new-account.yaml"
    shutil.copy(folder / ACCOUNT, new)  # not committed: no earlier version
    try:
        since, why = since_of(load_account(new), "HEAD", AS_OF)
    finally:
        new.unlink()
    assert since is None and "did not exist" in why


# -- diff -----------------------------------------------------------------------------------------------


def _diff(folder: Path, *args: str):
    result = _cli("diff", str(folder / ACCOUNT), "--as-of", AS_OF.isoformat(), *args)
    assert result.exit_code == 0, result.output
    return result.output


def test_diff_lists_exactly_the_figures_that_changed(repo):
    folder, commits = repo
    data = json.loads(_diff(folder, "--since", commits[1], "--format", "json"))
    (account,) = data["accounts"]
    figures = {f["figure"]: (f["before"], f["after"], [m["field"] for m in f["fields"]]) for f in account["figures"]}
    assert figures == {  # every traced figure that moved: the outcome added, the goal moved, usage, the meeting
        "documented-value": ("$500,000", "$1,200,000", ["value[2].annual_value"]),
        "value-multiple": ("1.3×", "3×", ["value[2].annual_value"]),
        "value-to-increase": ("25×", "60×", ["value[2].annual_value"]),
        "qbr-date": ("Sep 10, 2026", "Dec 10, 2026", ["qbr.date"]),
        "goal[1].due": ("Jan 29, 2027", "Mar 31, 2027", ["success_plan[1].due"]),
        "usage-change": ("43.2%", "49.3%", ["usage.monthly.2026-09", "usage.monthly.2026-10"]),
        "usage-to": ("Sep 2026", "Oct 2026", ["usage.monthly.2026-09", "usage.monthly.2026-10"]),
        "outcome[2]": (None, "$700,000", ["value[2].annual_value"]),
        "outcome[2].before": (None, "1.2%", ["value[2].baseline"]),
        "outcome[2].now": (None, "3.4%", ["value[2].current"]),
        "outcome[2].change": (None, "2.2", ["value[2].current", "value[2].baseline"]),
        "outcome[2].improvement": (None, "183.3%", ["value[2].current", "value[2].baseline"]),
    }
    assert account["parts_added"] == [] and account["parts_dropped"] == []
    changed = {(s["document"], s["part"]) for s in account["sentences"]}
    assert ("QBR deck", "success-plan") in changed and ("Renewal proposal", "evidence") in changed
    markdown = _diff(folder, "--since", commits[1])
    assert "| Documented value per year | $500,000 | $1,200,000 | `value[2].annual_value` — → $700,000 |" in markdown


def test_diff_without_change_and_between_older_commits(repo):
    folder, commits = repo
    assert "No change in the customer documents." in _diff(folder)  # the working file is HEAD
    data = json.loads(_diff(folder, "--since", commits[0], "--format", "json"))
    (account,) = data["accounts"]
    assert account["changed"]
    assert {f["figure"] for f in account["figures"]} == {  # the first commit had no third outcome
        "documented-value", "value-multiple", "value-to-increase", "qbr-date", "goal[1].due", "usage-change",
        "usage-to", "outcome[2]", "outcome[2].before", "outcome[2].now", "outcome[2].change",
        "outcome[2].improvement"}


def test_diff_drops_and_adds_slides(repo, tmp_path):
    folder, _ = repo
    account = folder / ACCOUNT
    original = account.read_text()
    try:
        account.write_text(original.replace("  expansion:                     # (optional) expansion offered "
                                            "with the renewal\n    - {product: Workflows, unit: Finance, arr: "
                                            "80000}\n", ""))
        data = json.loads(_diff(folder, "--format", "json"))
    finally:
        account.write_text(original)
    (diff,) = data["accounts"]
    assert {p["part"] for p in diff["parts_dropped"]} == {"expansion"}
    assert {f["figure"] for f in diff["figures"]} == {"expansion", "expansion[0]", "with-expansion"}


# -- recap and calendar ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def recap(repo, tmp_path_factory) -> Path:
    folder, _ = repo
    out = tmp_path_factory.mktemp("recap")
    result = _cli("recap", str(folder / ACCOUNT), "-o", str(out), "--as-of", "2026-12-11")
    assert result.exit_code == 0, result.output
    return out


GOALS = [("Treasury team live on Analytics", "Lena Fischer", "Priya Shah", "Oct 30, 2026", "Done"),
         ("Executive sponsor session with the CFO", "Tom Okafor", "Dana Reyes", "Jan 8, 2027", "Not started"),
         ("120 EU finance users active", "Maria Chen", "Dana Reyes", "Mar 31, 2027", "On track")]
INTERNAL = ("champion", "economic-buyer", "blocker", "advocate", "detractor", "neutral", "strength", "sentiment",
            "Champion could move", "vendor consolidation", "Procurement skipped", "Build the CFO relationship",
            "$150,000", "$50,000", "Sofia Alvarez", "Raj Patel", "whitespace", "risk", "coaching")


def test_recap_states_every_goal_owner_and_date_and_nothing_internal(recap):
    page = (recap / "recap.html").read_text()
    rows = re.findall(r"<tr>(.*?)</tr>", page)
    cells = [tuple(re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r)) for r in rows]
    assert cells[0] == ("Goal", "Owner at Northwind Logistics", "Owner at Acme Cloud", "Date", "Status")
    assert cells[1:4] == GOALS
    text = (recap / "recap.md").read_text()
    for goal in GOALS:
        assert "| " + " | ".join(goal) + " |" in text
    assert "Your subscription renews on Jan 15, 2027." in text
    assert "Next step: we share the renewal proposal with its price and options, by Dec 11, 2026." in text
    assert "next business review for the week of Mar 11, 2027" in text
    assert "Hello Maria, Tom and Lena," in text
    for word in INTERNAL:
        assert word.lower() not in (text + page).lower(), word


def test_recap_eml_is_a_draft_to_the_attendees(recap, repo, tmp_path):
    raw = (recap / "recap.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["X-Unsent"] == "1"
    assert message["Subject"] == "Our business review on Dec 10, 2026: what we agreed"
    assert message["From"].addresses[0].addr_spec == "dana.reyes@acme.example"
    assert [a.addr_spec for a in message["To"].addresses] == ["maria.chen@northwind.example",
                                                              "tom.okafor@northwind.example",
                                                              "lena.fischer@northwind.example"]
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "120 EU finance users active" in plain and "120 EU finance users active" in html
    folder, _ = repo
    again = tmp_path / "again"
    assert _cli("recap", str(folder / ACCOUNT), "-o", str(again), "--as-of", "2026-12-11").exit_code == 0
    for name in ("recap.eml", "recap.html", "calendar.ics", "renewal-timeline-INTERNAL.ics"):
        assert (again / name).read_bytes() == (recap / name).read_bytes(), name


def _events(data: bytes) -> dict[str, tuple[dt.date, str]]:
    calendar = Calendar.from_ical(data)
    return {str(e["UID"]): (e.decoded("DTSTART"), str(e["SUMMARY"])) for e in calendar.walk("VEVENT")}


def test_calendar_events_dates_and_stable_uids(recap, repo):
    from qbrgen.account.validate import load_account
    from qbrgen.analysis.context import context
    from qbrgen.build.history import previous
    from qbrgen.render.ics import render_calendar
    from qbrgen.sections.recap import customer_calendar

    events = _events((recap / "calendar.ics").read_bytes())
    by_summary = {summary: (uid, day) for uid, (day, summary) in events.items()}
    assert by_summary["Goal met: Treasury team live on Analytics"][1] == dt.date(2026, 10, 30)
    assert by_summary["Goal due: Executive sponsor session with the CFO"][1] == dt.date(2027, 1, 8)
    assert by_summary["Goal due: 120 EU finance users active"][1] == dt.date(2027, 3, 31)
    steps = sorted((day, s) for s, (_, day) in by_summary.items() if s.startswith("Renewal: "))
    assert steps == [(dt.date(2026, 12, 11), "Renewal: We share the renewal proposal with its price and options"),
                     (dt.date(2026, 12, 18), "Renewal: We answer your questions and agree on the terms"),
                     (dt.date(2026, 12, 21), "Renewal: Your legal and procurement review"),
                     (dt.date(2027, 1, 13), "Renewal: Target date for signature"),
                     (dt.date(2027, 1, 15), "Renewal: The renewed subscription starts")]
    assert len(events) == 8
    assert not any("days before" in s for _, s in events.values())  # the internal timeline is its own file
    internal = _events((recap / "renewal-timeline-INTERNAL.ics").read_bytes())
    assert sorted(day for day, _ in internal.values())[0] == dt.date(2026, 7, 19)  # 180 days before Jan 15
    assert len(internal) == 7 and not set(internal) & set(events)

    # The earlier version had the EU goal on Jan 29: re-exported, the event keeps its UID and moves.
    folder, commits = repo
    info = load_account(folder / ACCOUNT)
    old = previous(folder / ACCOUNT, commits[1], AS_OF).account
    ctx = context(old, info.workspace.model, dt.date(2026, 12, 11))
    earlier = _events(render_calendar(customer_calendar(ctx)))
    uid = by_summary["Goal due: 120 EU finance users active"][0]
    assert earlier[uid] == (dt.date(2027, 1, 29), "Goal due: 120 EU finance users active")
    assert {u for u, (_, s) in earlier.items() if s.startswith("Renewal")} == \
        {u for u, (_, s) in events.items() if s.startswith("Renewal")}


# -- provenance ---------------------------------------------------------------------------------------------


def _line(text: str, pattern: str, nth: int = 0) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), 1) if re.search(pattern, line)]
    return hits[nth]


def test_explain_against_hand_computed_figures(tmp_path):
    account = tmp_path / "northwind.yaml"
    shutil.copy(EXAMPLES / "qbrgen.yaml", tmp_path / "qbrgen.yaml")
    shutil.copy(EXAMPLES / ACCOUNT, account)
    text = account.read_text()
    v = [_line(text, r"^\s+annual_value: ", i) for i in range(3)]
    p = [_line(text, r"^\s+arr: 300000"), _line(text, r"^\s+arr: 100000")]

    def explain(figure: str) -> str:
        result = _cli("explain", str(account), figure, "--as-of", AS_OF.isoformat())
        assert result.exit_code == 0, result.output
        return result.output.strip()

    assert explain("documented-value") == (
        "$1,200,000 (Documented value per year) = value[0].annual_value $320,000 + value[1].annual_value $180,000 + "
        f"value[2].annual_value $700,000 (lines {v[0]}, {v[1]}, {v[2]})")  # 320,000 + 180,000 + 700,000
    assert explain("$1.2M") == explain("documented-value")  # the short form on the slides
    assert explain("arr") == (f"$400,000 (Annual subscription today (ARR)) = contract.products[0].arr $300,000 + "
                              f"contract.products[1].arr $100,000 (lines {p[0]}, {p[1]})")
    assert explain("value-multiple").startswith("3× ")  # 1,200,000 / 400,000
    increase = _line(text, r"^  increase_pct: 5")
    assert explain("renewal-price").startswith("$420,000 (Renewed annual subscription) = ARR $400,000")  # × 1.05
    assert f"renewal.increase_pct 5% (line {increase})" in explain("increase")
    assert explain("increase").startswith("$20,000 ")
    # Three years, price protected at 3%: 400,000 × 1.03 = 412,000 each year.
    assert explain("option[1].total").endswith(": $412,000 + $412,000 + $412,000")
    assert explain("option[1].total").startswith("$1,236,000 ")
    # One-year renewals at 5%: 420,000 + 441,000 + 463,050 = 1,324,050; less 1,236,000.
    assert explain("option[1].saving").startswith("$24,000 ")
    result = _cli("explain", str(account), "no-such-figure")
    assert result.exit_code == 2 and "documented-value" in result.output


def test_trace_file_and_byte_identical_customer_files(built, repo):
    plain, traced = built["plain"], built["traced"]
    for name in ("qbr-deck.pptx", "renewal-proposal.docx", "renewal-proposal.pdf"):
        assert (plain / name).read_bytes() == (traced / name).read_bytes(), name
    assert not (plain / "figure-sources.json").exists()
    data = json.loads((traced / "figure-sources.json").read_text())
    folder, _ = repo
    text = (folder / ACCOUNT).read_text()
    documented = data["figures"]["documented-value"]
    assert documented["value"] == "1200000"
    assert [f["line"] for f in documented["fields"]] == [_line(text, r"^\s+annual_value: ", i) for i in range(3)]
    assert Decimal(data["figures"]["renewal-price"]["value"]) == 420000
    assert Decimal(data["figures"]["option[1].total"]["value"]) == 1236000
    value_slide = next(p for p in data["documents"]["qbr-deck"] if p["part"] == "value")
    shown = {(f["figure"], f["shown"]) for f in value_slide["figures"]}
    assert {("documented-value", "$1,200,000"), ("value-multiple", "3×"), ("outcome[2]", "$700,000")} <= shown
    pricing = next(p for p in data["documents"]["renewal-proposal"] if p["part"] == "pricing")
    assert {"arr", "increase", "renewal-price", "expansion", "with-expansion"} <= {f["figure"] for f in
                                                                                  pricing["figures"]}


def test_compare_dropped_goal_and_falling_usage_stay_customer_safe(tmp_path):
    """Pure comparison, no git: a goal dropped is said; usage that fell is never shown to the customer."""
    from qbrgen.account.validate import load_account
    from qbrgen.analysis.context import context
    from qbrgen.analysis.since import compare
    from qbrgen.sections.assemble import build_deck
    from qbrgen.sections.since import facts

    shutil.copy(EXAMPLES / "qbrgen.yaml", tmp_path / "qbrgen.yaml")
    shutil.copy(EXAMPLES / ACCOUNT, tmp_path / "a.yaml")
    info = load_account(tmp_path / "a.yaml")
    now = info.model
    extra = now.success_plan[0].model_copy(update={"goal": "Close the Q3 books in 5 days"})
    usage = now.usage.model_copy(update={"monthly": {**now.usage.monthly, "2026-10": Decimal(40000)}})
    now = now.model_copy(update={"usage": usage})
    before = now.model_copy(update={"success_plan": (*now.success_plan, extra),
                                    "usage": usage.model_copy(update={"monthly": {
                                        k: v for k, v in usage.monthly.items() if k <= "2026-08"}})})
    since = compare(before, now, dt.date(2026, 9, 10), "0" * 40, AS_OF)
    assert [(g.goal, g.state) for g in since.of("dropped")] == [("Close the Q3 books in 5 days", "dropped")]
    assert since.usage.end < since.usage.start  # 54,800 in August to 40,000 in October
    ctx = context(now, info.workspace.model, AS_OF, since=since)
    assert facts(ctx) == ("Close the Q3 books in 5 days: dropped from the plan",)
    (part,) = [p for p in build_deck(ctx).parts if p.id == "since"]
    assert part.title == "Since Sep 10, 2026: one goal dropped"
    assert "Invoices processed" not in str(part.blocks)
    internal = build_deck(context(now, info.workspace.model, AS_OF, "internal", since=since))
    (inside,) = [p for p in internal.parts if p.id == "since"]
    assert "Invoices processed fell over the period" in inside.coaching


@pytest.mark.parametrize(("previous", "message"), [
    ("2026-02-30", "qbr.previous: '2026-02-30' is not a real date"),
    ("-rf", "qbr.previous: must be the last review's date like 2026-09-10 or a git revision"),
])
def test_qbr_previous_is_validated(tmp_path, previous, message):
    shutil.copy(EXAMPLES / "qbrgen.yaml", tmp_path / "qbrgen.yaml")
    text = (EXAMPLES / ACCOUNT).read_text().replace("  date: 2026-12-10\n", f"  date: 2026-12-10\n  previous: "
                                                                          f"'{previous}'\n")
    (tmp_path / "a.yaml").write_text(text)
    result = _cli("validate", str(tmp_path / "a.yaml"))
    assert result.exit_code == 1 and message in result.output
