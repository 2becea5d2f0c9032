"""What the languages promise around the catalogs: a team's own words, a right-to-left locale, a language
without a catalog, and --language on the command line."""

from __future__ import annotations

import textwrap

import yaml
from click.testing import CliRunner

from qbrgen.cli import main

from .proposal_helpers import docx_all_text, example_data, load, pdf_all_text
from .render_helpers import deck, deck_text

MARKS = ("\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069")
ARGS = ["--as-of", "2026-12-06"]


def _po(entries: str) -> str:
    return textwrap.dedent('''\
        msgid ""
        msgstr ""
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Language: en\\n"

        ''') + textwrap.dedent(entries)


def _workspace_with_messages(tmp_path, name: str, text: str):
    """Write the example account and workspace into tmp_path/ws with messages/<name> holding ``text``;
    return the messages folder."""
    account, workspace = example_data()
    load(tmp_path / "ws", account, workspace)
    messages = tmp_path / "ws" / "messages"
    messages.mkdir()
    (messages / name).write_text(text, encoding="utf-8")
    return messages


def _folder(out):
    return next(p for p in out.iterdir() if p.is_dir() and not p.name.startswith("."))


def _build(folder, out, *extra):
    return CliRunner().invoke(main, ["build", str(folder / "account.yaml"), "-o", str(out), *ARGS, *extra])


def _built_with(tmp_path, field: str, value: str):
    """Build the example account with ``account.<field>`` set to ``value``; return the result and its folder."""
    account, workspace = example_data()
    account["account"][field] = value
    load(tmp_path / "ws", account, workspace)
    result = _build(tmp_path / "ws", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return result, _folder(tmp_path / "out")


def test_a_workspace_message_file_sets_the_teams_own_words(tmp_path):
    messages = _workspace_with_messages(tmp_path, "en.po", _po('''\
        msgid "Renewal proposal for {customer}"
        msgstr "Our offer to {customer}"
        '''))
    result = _build(tmp_path / "ws", tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = _folder(tmp_path / "out")
    docx = docx_all_text((folder / "renewal-proposal.docx").read_bytes())
    pdf = pdf_all_text((folder / "renewal-proposal.pdf").read_bytes())
    assert "Our offer to Northwind Logistics" in docx and "Our offer to Northwind Logistics" in pdf
    assert "Renewal proposal for Northwind" not in docx
    # the override is an input: changing it rebuilds the account
    (messages / "en.po").write_text(_po('''\
        msgid "Renewal proposal for {customer}"
        msgstr "A renewal for {customer}"
        '''), encoding="utf-8")
    result = _build(tmp_path / "ws", tmp_path / "out")
    assert "1 built" in result.output, result.output
    assert "A renewal for Northwind Logistics" in docx_all_text((folder / "renewal-proposal.docx").read_bytes())


def test_validate_reports_an_unknown_message_and_a_broken_placeholder(tmp_path):
    messages = _workspace_with_messages(tmp_path, "de.po", _po('''\
        msgid "A sentence qbrgen never wrote"
        msgstr "Ein Satz"
        '''))
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output  # an entry with no effect is a warning
    unknown = [line for line in result.output.splitlines() if "de.po" in line]
    assert len(unknown) == 1 and "no such message" in unknown[0] and unknown[0].endswith("(warning)")
    assert unknown[0].split(":")[1].isdigit()
    (messages / "de.po").write_text(_po('''\
        msgid "Renewal proposal for {customer}"
        msgstr "Angebot für {kunde}"
        '''), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "ws")])
    assert result.exit_code == 1
    broken = [line for line in result.output.splitlines() if "de.po" in line]
    assert len(broken) == 1 and "{kunde}" in broken[0] and "(warning)" not in broken[0]
    assert broken[0].split(":")[1].isdigit() and "Traceback" not in result.output


def test_a_broken_message_file_is_one_error_and_nothing_is_built(tmp_path):
    _workspace_with_messages(tmp_path, "en.po", 'msgid "x"\nnot a catalog line\n')
    result = _build(tmp_path / "ws", tmp_path / "out")
    assert result.exit_code == 1
    assert "en.po" in result.output and "Traceback" not in result.output and "internal error" not in result.output
    assert not any(p.is_file() for p in (tmp_path / "out").rglob("*.pptx"))


def test_a_right_to_left_locale_writes_english_without_direction_marks_and_says_so_once(tmp_path):
    result, folder = _built_with(tmp_path, "locale", "ar_EG")
    assert result.output.count("right to left") == 1
    texts = {"pptx": deck_text(deck((folder / "qbr-deck.pptx").read_bytes())),
             "docx": docx_all_text((folder / "renewal-proposal.docx").read_bytes()),
             "pdf": pdf_all_text((folder / "renewal-proposal.pdf").read_bytes())}
    for kind, text in texts.items():
        assert not [m for m in MARKS if m in text], kind
        assert "Renewal proposal for Northwind" in text or "Northwind" in text
    assert "Renewal proposal for Northwind Logistics" in texts["docx"]


def test_a_language_without_a_catalog_is_english_with_one_warning(tmp_path):
    result, folder = _built_with(tmp_path, "language", "sw")
    assert result.output.count("'sw'") == 1 and "English" in result.output
    assert "Renewal proposal for Northwind Logistics" in docx_all_text((folder / "renewal-proposal.docx").read_bytes())


def test_language_on_the_command_line_overrides_the_account_and_is_checked(tmp_path):
    account, workspace = example_data()
    load(tmp_path / "ws", account, workspace)
    result = _build(tmp_path / "ws", tmp_path / "out", "--language", "qps", "--format", "docx")
    assert result.exit_code == 0, result.output
    folder = _folder(tmp_path / "out")
    text = docx_all_text((folder / "renewal-proposal.docx").read_bytes())
    assert "Renewal proposal for" not in text and "Northwind Logistics" in text
    bad = _build(tmp_path / "ws", tmp_path / "out2", "--language", "xx-nonsense")
    assert bad.exit_code == 2 and "not a known language" in bad.output


def test_the_account_language_field_is_validated_with_its_line(tmp_path):
    account, workspace = example_data()
    account["account"]["language"] = "klingon"
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "qbrgen.yaml").write_text(yaml.safe_dump(workspace), encoding="utf-8")
    (tmp_path / "ws" / "account.yaml").write_text(yaml.safe_dump(account, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "ws" / "account.yaml")])
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "account.language" in line)
    assert line.split(":")[1].isdigit() and "not a known language" in line
    assert yaml.safe_load((tmp_path / "ws" / "account.yaml").read_text())["account"]["language"] == "klingon"


def test_a_team_may_leave_a_name_out_of_its_greeting_with_a_warning(tmp_path):
    _workspace_with_messages(tmp_path, "de.po", _po('''\
        msgid "Hello {names},"
        msgstr "Sehr geehrte Damen und Herren,"
        '''))
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if "de.po" in line]
    assert "leaves out {names}" in line and line.endswith("(warning)")
