"""The lint rules that catch what loses accounts: each fires on a small account file and stays quiet when fixed."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from qbrgen.analysis.lint import BY_ID, lint
from qbrgen.cli import main

from .intel_helpers import BASE, WORKSPACE, ctx_of, small, write_account

NEW_RULES = ("QBR012", "QBR013", "QBR014", "QBR015", "QBR016", "QBR017", "QBR018", "QBR019", "QBR020", "QBR021",
             "QBR022", "QBR023")


def problems(info, as_of=None):
    ctx = ctx_of(info, as_of) if as_of else ctx_of(info)
    return lint(info, ctx, info.source)


def ids(info, as_of=None):
    return {p.message[1:7] for p in problems(info, as_of)}


def contract(**changes):
    return {**BASE["contract"], **changes}


def renewal(**changes):
    return {**BASE["renewal"], **changes}


FIRES = {
    "QBR012": {"whitespace": [{"unit": "Ops", "deployed": ["Core"], "opportunities": []}]},
    "QBR013": {"value": [{**BASE["value"][0], "annual_value": 90000}]},
    "QBR014": {"signals": [{"date": "2026-10-01", "kind": "competitor-evaluation", "note": "Rival pilot"}]},
    "QBR015": {"contract": contract(renewal_date="2026-10-01")},
    "QBR016": {"renewal": renewal(new_capabilities=["Feature"])},
    "QBR017": {"success_plan": [{**BASE["success_plan"][0], "due": "2027-04-30"}]},
    "QBR019": {"qbr": {"attendees": ["Ann Lee", "Bo Kim"]}},
    "QBR020": {"usage": {"metric": "Orders", "monthly": {"2026-07": 10, "2026-08": 12}}},
    "QBR021": {"contract": contract(products=[{"name": "Core", "arr": 200000000000}])},
    "QBR022": {"renewal": renewal(valid_until="2026-11-20")},
    "QBR023": {"account": {k: v for k, v in BASE["account"].items() if k not in ("owner_email", "owner_phone")}},
}
# the same situations, fixed or harmless
QUIET = {
    "QBR012": {"whitespace": [{"unit": "Ops", "deployed": ["Core", "Analytics"], "opportunities": []}]},
    "QBR013": {"value": [{**BASE["value"][0], "annual_value": 90000}], "renewal": renewal(increase_pct=0, options=[])},
    "QBR014": {"signals": [{"date": "2026-10-01", "kind": "competitor-evaluation"}],
               "renewal": renewal(increase_pct=0, options=[{"name": "Flat", "term_months": 12, "increase_pct": 0}])},
    "QBR015": {"contract": contract(renewal_date="2026-11-23")},
    "QBR016": {"renewal": renewal(new_capabilities=["Something else"])},
    "QBR017": {"success_plan": [{**BASE["success_plan"][0], "due": "2027-04-30", "status": "done"}]},
    "QBR019": {"qbr": {"date": "2026-12-10"}},
    "QBR020": {"usage": {"metric": "Orders", "monthly": {"2026-09": 10, "2026-10": 12}}},
    "QBR021": {"contract": contract(products=[{"name": "Core", "arr": 100000000000}]),
               "value": [{**BASE["value"][0], "annual_value": 100000000000}]},  # exactly 10^11
    "QBR022": {"renewal": renewal(valid_until="2027-02-15")},
    "QBR023": {"account": {**BASE["account"], "owner_email": "ann@vendor.example"}},
}


def test_new_rules_are_registered_with_a_fix():
    for rule_id in NEW_RULES:
        rule = BY_ID[rule_id]
        assert rule.fix.endswith(".") and rule.severity in ("error", "warning")
    assert {r: BY_ID[r].severity for r in ("QBR013", "QBR014", "QBR015", "QBR018", "QBR021")} == dict.fromkeys(
        ("QBR013", "QBR014", "QBR015", "QBR018", "QBR021"), "error")


def test_the_small_account_is_clean(tmp_path):
    # 98 days before the renewal: clean once the proposal is shared (the 120-day step done)
    done = {**BASE["renewal"], "milestones_done": [180, 150, 120]}
    assert ids(small(tmp_path, renewal=done)) == set()
    assert ids(small(tmp_path / "late")) == {"QBR030"}


@pytest.mark.parametrize("rule", sorted(FIRES))
def test_rule_fires(tmp_path, rule):
    found = [p for p in problems(small(tmp_path, **FIRES[rule])) if p.message.startswith(f"[{rule} ")]
    assert found, rule
    assert all(p.severity == BY_ID[rule].severity and ". Fix: " in p.message for p in found)
    assert all(p.line is not None for p in found)  # points at the field in the file


@pytest.mark.parametrize("rule", sorted(QUIET))
def test_rule_stays_quiet(tmp_path, rule):
    assert rule not in ids(small(tmp_path, **QUIET[rule]))


def test_overdue_renewal_is_days_past_never_negative(tmp_path):
    info = small(tmp_path, contract=contract(renewal_date="2026-10-01"),
                 renewal=renewal(options=[]))
    texts = [p.message for p in problems(info)]
    overdue = next(t for t in texts if t.startswith("[QBR015"))
    assert "is 53 days past" in overdue
    assert not any(re.search(r"-\d+ days", t) for t in texts)


def test_increase_with_critical_signal_names_it(tmp_path):
    info = small(tmp_path, signals=[{"date": "2026-10-01", "kind": "sponsor-left"}])
    message = next(p.message for p in problems(info) if p.message.startswith("[QBR014"))
    assert "sponsor-left" in message and p_path(info, "QBR014") == "renewal.increase_pct"


def test_a_critical_signal_before_this_contract_is_closed(tmp_path):
    assert "QBR014" not in ids(small(tmp_path, signals=[{"date": "2025-06-01", "kind": "sponsor-left"}]))


def p_path(info, rule):
    return next(p.path for p in problems(info) if p.message.startswith(f"[{rule}"))


def test_value_multiple_above_100x_is_absurd(tmp_path):
    info = small(tmp_path, value=[{**BASE["value"][0], "annual_value": 10000001}])  # 100.00001x of 100,000
    message = next(p.message for p in problems(info) if p.message.startswith("[QBR021"))
    assert "100× the ARR" in message
    exactly = small(tmp_path / "b", value=[{**BASE["value"][0], "annual_value": 10000000}])  # exactly 100x
    assert "QBR021" not in ids(exactly)


def test_no_vendor_name(tmp_path):
    path = write_account(tmp_path / "ws", workspace={"version": 1, "catalog": ["Core", "Analytics"]})
    from qbrgen.account.validate import load_account

    found = [p for p in problems(load_account(path)) if p.message.startswith("[QBR018")]
    assert len(found) == 1 and found[0].severity == "error"
    message = found[0].message
    assert "Our team" not in message and "name no company" in message and "blank line" in message
    assert "Fix: Set vendor.name" in message
    assert "QBR018" not in ids(small(tmp_path / "named"))


def test_stale_health_is_linted(tmp_path):
    info = small(tmp_path, health=[{"date": "2026-06-30", "score": 70}])
    message = next(p.message for p in problems(info) if p.message.startswith("[QBR020"))
    assert "Jun 30, 2026" in message


# -- qbrgen build: the lint summary and --strict-lint -----------------------------------------------


def book(tmp_path):
    folder = tmp_path / "book"
    write_account(folder, "clean.yaml")
    write_account(folder, "risky.yaml", account={**BASE["account"], "name": "Risky Co"},
                  signals=[{"date": "2026-10-01", "kind": "competitor-evaluation"}])
    return folder


ARGS = ["--format", "md", "--as-of", "2026-11-23", "-j", "1"]


def test_build_prints_one_lint_line_per_account_with_errors(tmp_path, runner):
    folder, out = book(tmp_path), tmp_path / "out"
    result = runner.invoke(main, ["build", str(folder), "-o", str(out), *ARGS])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if ": lint: " in line]
    assert len(lines) == 1 and "risky.yaml: lint: 1 error(s): QBR014 increase-with-critical-signal" in lines[0]
    assert (out / "risky-co" / "account-plan-INTERNAL.md").is_file()


def test_strict_lint_fails_the_account_and_writes_nothing_for_it(tmp_path, runner):
    folder, out = book(tmp_path), tmp_path / "out"
    result = runner.invoke(main, ["build", str(folder), "-o", str(out), "--strict-lint", *ARGS])
    assert result.exit_code == 1
    assert "risky.yaml: not built: lint errors fail the build with --strict-lint" in result.output
    assert (out / "small-co" / "account-plan-INTERNAL.md").is_file() and not (out / "risky-co").exists()


def test_strict_lint_still_fails_an_unchanged_account(tmp_path, runner):
    folder, out = book(tmp_path), tmp_path / "out"
    assert runner.invoke(main, ["build", str(folder), "-o", str(out), *ARGS]).exit_code == 0
    again = runner.invoke(main, ["build", str(folder), "-o", str(out), "--strict-lint", *ARGS])
    assert again.exit_code == 1 and "2 unchanged" in again.output
    assert "risky.yaml: lint: 1 error(s)" in again.output


def test_clean_book_passes_strict_lint(tmp_path, runner):
    folder = tmp_path / "book"
    write_account(folder, "clean.yaml", workspace=WORKSPACE)
    result = runner.invoke(main, ["build", str(folder), "-o", str(tmp_path / "out"), "--strict-lint", *ARGS])
    assert result.exit_code == 0 and ": lint: " not in result.output


def test_single_threaded_counts_working_relationships_not_names(tmp_path):
    from .intel_helpers import person

    five_names = [person("Ann Lee", "vp", "using", "champion", 5, "advocate"),
                  person("B", "director", "buying", strength=2), person("C", "director", "adjacent", strength=2),
                  person("D", "c-level", "buying", "economic-buyer", strength=4, sentiment="detractor"),
                  person("E", "ic", "using", strength=4, last_contact="2026-01-05")]
    message = next(p.message for p in problems(small(tmp_path / "a", stakeholders=five_names))
                   if p.message.startswith("[QBR006"))
    assert "1 working relationship(s) (Ann Lee)" in message
    assert ("not counted: B (strength 2), C (strength 2), D (a detractor), E (last contact 322 days ago, every 7 "
            "days expected)") in message
    nobody = next(p.message for p in problems(small(tmp_path / "c", stakeholders=[], success_plan=[],
                                                    qbr={"date": "2026-12-10"}))
                  if p.message.startswith("[QBR006"))
    assert "no stakeholder is mapped" in nobody and "0 working" not in nobody
    assert "QBR006" not in ids(small(tmp_path / "b"))  # three names, all working, a senior backup


def qbr015(info):
    return [p for p in problems(info) if p.message.startswith("[QBR015")]


def test_passed_renewal_with_a_planned_term_is_a_warning_in_days_past(tmp_path):
    planned = small(tmp_path, contract=contract(renewal_date="2026-10-01"), renewal=renewal(term_start="2026-12-01"))
    found = qbr015(planned)
    assert [p.severity for p in found] == ["warning"] and found[0].path == "contract.renewal_date"
    message = found[0].message
    assert "is 53 days past" in message and "renewal.term_start asks for Dec 1, 2026, before it" in message
    start = ctx_of(planned).figures.timeline.term_start
    assert start > dt.date(2026, 12, 1) and f"the new term starts on {start:%b} {start.day}, {start.year}" in message
    # the days between the old renewal date and the new term are named, with the way to back-date it
    assert f"the {(start - dt.date(2026, 10, 1)).days} days from Oct 1, 2026 fall in neither contract" in message
    assert "renewal.term_start: 2026-10-01" in message
    on_time = small(tmp_path / "c", contract=contract(renewal_date="2026-10-01"),
                    renewal=renewal(term_start="2027-02-01"))  # after the signature target: as the file asks
    [kept] = qbr015(on_time)
    assert "starts on Feb 1, 2027 (renewal.term_start)" in kept.message and "123 days from Oct 1" in kept.message
    assert not re.search(r"-\d+ days", found[0].message)
    # a planned start that has passed too is an error again, pointing at it
    lapsed = small(tmp_path / "b", contract=contract(renewal_date="2026-10-01"),
                   renewal=renewal(term_start="2026-11-01"))
    [late] = qbr015(lapsed)
    assert late.severity == "error" and late.path == "renewal.term_start" and "has passed too" in late.message


def test_milestone_after_renewal_counts_from_the_planned_term_and_names_the_sponsor(tmp_path):
    goals = [{**BASE["success_plan"][0], "due": "2026-11-30"},
             {**BASE["success_plan"][0], "goal": "CFO review", "customer_owner": "Bo Kim", "due": "2027-04-30"}]
    info = small(tmp_path, contract=contract(renewal_date="2026-11-01"), renewal=renewal(term_start="2026-12-01"),
                 success_plan=goals)
    found = [p for p in problems(info) if p.message.startswith("[QBR017")]
    assert [p.path for p in found] == ["success_plan[1].due"]  # Nov 30 is before the new term starts
    assert "the executive sponsor Bo Kim's milestone" in found[0].message
    start = ctx_of(info).figures.timeline.term_start  # the file asks for Dec 1; the customer signs later
    assert start > dt.date(2026, 12, 1)
    assert f"after the new term starts on {start:%b} {start.day}, {start.year}" in found[0].message


def test_lint_findings_are_not_repeated_by_validation(tmp_path):
    from qbrgen.build.pipeline import validate_paths

    goal = {**BASE["success_plan"][0], "customer_owner": "Bo Kim", "due": "2027-04-30"}
    path = write_account(tmp_path / "ws", success_plan=[goal])
    validation = [p for p in validate_paths((path,)).problems if "success_plan" in p.path]
    assert validation == []  # lint's QBR017 reports it, validation does not repeat it
    both = write_account(tmp_path / "both", renewal=renewal(new_capabilities=["Feature"]))
    assert validate_paths((both,)).problems == []  # QBR016's, below
    from qbrgen.account.validate import load_account as load

    [once] = [p for p in problems(load(both)) if p.message.startswith("[QBR016")]
    assert "(renewal.new_capabilities[0])" in once.message and "the deck shows it once" in once.message
    from qbrgen.account.validate import load_account

    assert [p.path for p in problems(load_account(path)) if p.message.startswith("[QBR017")] == ["success_plan[0].due"]


def test_milestone_done_off_the_timeline_is_an_error_naming_the_steps(tmp_path):
    from qbrgen.build.pipeline import validate_paths

    path = write_account(tmp_path / "ws", renewal=renewal(milestones_done=[180, 175]))
    report = validate_paths((path,))
    [error] = report.errors
    assert error.path == "renewal.milestones_done[1]" and error.line is not None
    assert error.line == path.read_text().splitlines().index("  - 175") + 1
    assert "175 is not a step" in error.message and "180, 150, 120, 90, 60, 30 or 0" in error.message
    shorter = write_account(tmp_path / "short", workspace={**WORKSPACE, "renewal_policy": {"start_days_before": 100}},
                            renewal=renewal(milestones_done=[100, 90, 120]))
    [error] = validate_paths((shorter,)).errors
    assert error.path == "renewal.milestones_done[2]" and "100, 90, 60, 30 or 0" in error.message


def test_no_outcomes_at_all_is_one_finding(tmp_path):
    info = small(tmp_path, value=[], contract=contract(renewal_date="2027-02-01"))
    found = problems(info)
    assert {"QBR001", "QBR013"} <= ids(info) and "QBR005" not in ids(info)
    increase = next(p.message for p in found if p.message.startswith("[QBR013"))
    assert "with no documented value to set against it" in increase and "$0" not in increase
    ws = {**WORKSPACE, "lint": {"disable": ["QBR001"]}}
    assert "QBR005" in ids(load_disabled(tmp_path / "d", ws))  # with QBR001 off, QBR005 still says it


def load_disabled(folder, workspace):
    from qbrgen.account.validate import load_account

    return load_account(write_account(folder, workspace=workspace, value=[],
                                      contract=contract(renewal_date="2027-02-01")))


def test_an_offer_that_ends_before_the_usual_signature_brings_the_steps_forward(tmp_path):
    # renewal on 2027-03-01: from 2027-02-10 a week of questions and two weeks of review would sign on 2027-03-12,
    # after the offer's 2027-02-15
    info = small(tmp_path, renewal=renewal(valid_until="2027-02-15"))
    late = [p for p in problems(info, as_of=dt.date(2027, 2, 10)) if p.message.startswith("[QBR022")]
    assert [p.severity for p in late] == ["warning"]
    # Mon Feb 15, 2027 is Presidents' Day: the last business day within the offer is Fri Feb 12
    assert "brought forward to end on Feb 12, 2027 instead of Mar 12, 2027" in late[0].message
    assert ctx_of(info, dt.date(2027, 2, 10)).figures.timeline.signature_target == dt.date(2027, 2, 12)
    assert "QBR022" not in ids(info)  # from the usual date the offer covers the signature
