"""The loader and validator: every bad input gets file:line: path: message, exit 1, no traceback."""

from __future__ import annotations

import json
import re

import pytest

from qbrgen.account.validate import load_account
from qbrgen.cli import main

from .conftest import EXAMPLES, SPEC, example_accounts

SPEC_TEXT = (SPEC / "account.example.yaml").read_text()


def variant(old: str, new: str) -> str:
    assert old in SPEC_TEXT, old
    return SPEC_TEXT.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


BAD = [
    ("missing-field", variant("  owner: Dana Reyes ", "  # owner gone "), None, "account.owner",
     "required field is missing"),
    ("negative-money", variant("arr: 300000", "arr: -300000"), "arr: -300000", "contract.products[0].arr",
     "at least 0"),
    ("wrong-type", variant("term_months: 12\n  auto_renew", "term_months: twelve\n  auto_renew"), "term_months: twelve",
     "contract.term_months", "whole number"),
    ("bad-enum", variant("level: vp ", "level: boss "), "level: boss", "stakeholders[0].level",
     "'boss' is not allowed"),
    ("impossible-date", variant("renewal_date: 2027-01-15", "renewal_date: 2027-02-30"), "renewal_date: 2027-02-30",
     "contract.renewal_date", "not a real date"),
    ("duplicate-key", variant("  industry: Logistics", "  industry: Logistics\n  industry: Shipping"),
     "industry: Shipping", "account.industry", "duplicate key"),
    ("typo-field", variant("  industry: Logistics", "  industy: Logistics"), "industy:", "account.industy",
     "did you mean 'industry'"),
    ("unknown-priority", variant("supports: [cost]", "supports: [costs]"), "supports: [costs]",
     "roadmap[1].supports[0]", "'costs' is not a priority id"),
    ("future-version", variant("version: 1", "version: 2"), "version: 2", "version", "reads version 1"),
    ("renewal-before-start", variant("renewal_date: 2027-01-15", "renewal_date: 2023-01-15"),
     "renewal_date: 2023-01-15", "contract.renewal_date", "must be after the start date"),
    ("broken-syntax", variant("segment: enterprise", "segment: [enterprise"), None, "", "YAML syntax error"),
    ("empty-file", "", None, "", "the file is empty"),
    ("comments-only", "# nothing here\n", None, "", "no content"),
    ("binary-file", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, None, "", "binary file"),
    ("not-utf8", "name: caf\xe9\n".encode("latin-1"), None, "", "not UTF-8"),
    ("top-level-list", "- version: 1\n- account: x\n", None, "", "top level must be a mapping"),
    ("alias-bomb", "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                   "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
     None, "", "aliases"),
    ("python-tag", "version: !!python/object/apply:os.system ['echo pwned']\n", None, "version", "is not allowed"),
    ("several-documents", "version: 1\n---\nversion: 1\n", None, "", "several YAML documents"),
    ("conflict-markers", variant("  industry: Logistics", "<<<<<<< HEAD\n  industry: Logistics\n=======\n"
                                 "  industry: Shipping\n>>>>>>> branch"), None, "", "merge conflict marker"),
    ("huge-number", variant("arr: 300000", "arr: " + "9" * 5000), None, "contract.products[0].arr", "at most"),
    ("nan-money", variant("arr: 300000", "arr: .nan"), None, "contract.products[0].arr", "plain number"),
    ("inf-money", variant("arr: 300000", "arr: .inf"), None, "contract.products[0].arr", "plain number"),
    ("deep-nesting", "version: 1\nx: " + "[" * 500 + "]" * 500 + "\n", None, "", "nested more than"),
    ("bad-currency", variant("currency: USD", "currency: XYZ"), "currency: XYZ", "account.currency", "ISO 4217"),
    ("strength-range", variant("strength: 5 ", "strength: 7 "), "strength: 7", "stakeholders[0].strength",
     "at most 5"),
]


@pytest.mark.parametrize("content, needle, path, message", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_one_clear_line(tmp_path, runner, content, needle, path, message):
    account = tmp_path / "acct.yaml"
    account.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    before = sorted(tmp_path.rglob("*"))
    result = runner.invoke(main, ["validate", str(account)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [ln for ln in result.output.splitlines() if "acct.yaml" in ln]
    hits = [ln for ln in lines if message in ln]
    assert hits, result.output
    line = hits[0]
    if needle:
        assert re.search(rf"acct\.yaml:{line_of(content, needle)}: ", line), line
    else:
        assert re.search(r"acct\.yaml(:\d+)?: ", line), line
    if path:
        assert f": {path}: " in line, line
    assert sorted(tmp_path.rglob("*")) == before  # nothing written


def test_spec_files_validate_unchanged(spec_dir, runner):
    result = runner.invoke(main, ["validate", str(spec_dir)])
    assert result.exit_code == 0, result.output
    assert "2 valid, 0 invalid" in result.output


@pytest.mark.parametrize("path", example_accounts(), ids=lambda p: p.stem)
def test_every_example_validates(path):
    info = load_account(path)
    assert info.model.version == 1
    assert not [w for w in info.warnings if w.severity == "error"]


def test_all_errors_of_a_file_at_once(tmp_path, runner):
    text = variant("segment: enterprise", "segment: huge").replace("currency: USD", "currency: ABC")
    text = text.replace("level: vp ", "level: boss ")
    (tmp_path / "a.yaml").write_text(text)
    result = runner.invoke(main, ["validate", str(tmp_path / "a.yaml")])
    assert result.exit_code == 1
    for path in ("account.segment", "account.currency", "stakeholders[0].level"):
        assert f": {path}: " in result.output


def test_strings_keep_what_the_user_wrote():
    info = load_account(EXAMPLES / "accounts" / "brauhaus-keller.yaml")
    assert info.model.account.id == "001234"
    assert info.model.whitespace[1].unit == "NO"


def test_plain_crm_id_and_norway_without_quotes(tmp_path):
    text = variant("id: 0015g00000AbCdE", "id: 001234").replace("  - unit: Treasury", "  - unit: NO")
    path = tmp_path / "a.yaml"
    path.write_text(text)
    info = load_account(path)
    assert info.model.account.id == "001234"
    assert [w.unit for w in info.model.whitespace][-1] == "NO"


def test_control_characters_are_removed_with_a_warning(tmp_path):
    text = variant("industry: Logistics", "industry: Logis\x0btics")
    path = tmp_path / "a.yaml"
    path.write_bytes(text.encode())
    info = load_account(path)
    assert info.model.account.industry == "Logistics"
    (warning,) = [w for w in info.warnings if "U+000B" in w.message]
    assert warning.path == "account.industry"
    assert warning.line == line_of(text, "industry:")


def test_escaped_control_character_in_quoted_string(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(variant("industry: Logistics", 'industry: "Logi\\x00stics"'))
    info = load_account(path)
    assert info.model.account.industry == "Logistics"
    assert any(w.path == "account.industry" and "U+0000" in w.message for w in info.warnings)


def test_utf8_bom_is_fine(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SPEC_TEXT.encode())
    assert load_account(path).model.account.name == "Northwind Logistics"


def test_warnings_for_suspicious_data(tmp_path, spec_dir):
    text = variant("customer_owner: Maria Chen", "customer_owner: Maria Chenn")
    text = text.replace("{product: Workflows, arr: 50000}", "{product: Robots, arr: 50000}")
    (spec_dir / "northwind.yaml").write_text(text)
    info = load_account(spec_dir / "northwind.yaml")
    messages = {w.path: w.message for w in info.warnings}
    assert "not among the stakeholders" in messages["success_plan[0].customer_owner"]
    assert "not in the workspace catalog" in messages["whitespace[1].opportunities[1].product"]


def test_json_format_for_ci(tmp_path, runner):
    (tmp_path / "a.yaml").write_text(variant("segment: enterprise", "segment: huge"))
    result = runner.invoke(main, ["validate", "--format", "json", str(tmp_path / "a.yaml")])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["errors"][0]["path"] == "account.segment"
    assert data["errors"][0]["line"] == line_of(SPEC_TEXT, "segment:")


def test_workspace_discovery_nearest_parent(tmp_path, spec_dir):
    from qbrgen.account.validate import find_workspace

    deep = spec_dir / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "x.yaml").write_text(SPEC_TEXT)
    assert find_workspace(deep / "x.yaml") == (spec_dir / "qbrgen.yaml").resolve()
    assert load_account(deep / "x.yaml").workspace.model.vendor.name == "Acme Cloud"


def test_no_workspace_uses_defaults(tmp_path):
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / "a.yaml").write_text(SPEC_TEXT)
    info = load_account(lonely / "a.yaml")
    assert info.workspace.root is None
    assert info.workspace.model.renewal_policy.start_days_before == 180


def test_bad_workspace_is_reported(spec_dir, runner):
    (spec_dir / "qbrgen.yaml").write_text("version: 1\ncompany_stage: huge\ntemplates:\n  deck: ../../etc/x.pptx\n")
    result = runner.invoke(main, ["validate", str(spec_dir)])
    assert result.exit_code == 1
    assert "qbrgen.yaml:2: company_stage:" in result.output


def test_template_outside_workspace_refused(spec_dir, runner):
    (spec_dir / "qbrgen.yaml").write_text("version: 1\ntemplates:\n  deck: ../outside.pptx\n")
    (spec_dir.parent / "outside.pptx").write_bytes(b"x")
    result = runner.invoke(main, ["validate", str(spec_dir / "qbrgen.yaml")])
    assert result.exit_code == 1
    assert "qbrgen.yaml:3: templates.deck: '../outside.pptx' is outside the workspace" in result.output


def test_missing_logo_is_an_error(spec_dir, runner):
    text = variant("  # logo: northwind.png ", "  logo: northwind.png ")
    (spec_dir / "northwind.yaml").write_text(text)
    result = runner.invoke(main, ["validate", str(spec_dir / "northwind.yaml")])
    assert result.exit_code == 1
    assert "account.logo: file 'northwind.png' does not exist" in result.output


def test_usage_errors_exit_2(runner, tmp_path):
    assert runner.invoke(main, ["validate"]).exit_code == 2
    assert runner.invoke(main, ["validate", str(tmp_path / "nope")]).exit_code == 2
    assert runner.invoke(main, ["build", str(tmp_path), "--format", "gif"]).exit_code == 2
    assert runner.invoke(main, ["build", str(tmp_path), "--as-of", "yesterday"]).exit_code == 2


def test_schema_is_generated_from_the_model(runner):
    result = runner.invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert schema["properties"]["version"] == {"const": 1, "description": "Format version of this file."}
    assert "stakeholders" in schema["required"]
    level = schema["$defs"]["Stakeholder"]["properties"]["level"]
    assert level["enum"] == ["ic", "manager", "director", "vp", "c-level"]
    ws = json.loads(runner.invoke(main, ["schema", "--workspace"]).output)
    assert "renewal_policy" in ws["properties"]


def test_schema_accepts_the_spec_example():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from qbrgen.account.schema import json_schema

    data = yaml.safe_load(SPEC_TEXT)
    data = json.loads(json.dumps(data, default=str))
    jsonschema.validate(data, json_schema())


def test_init_scaffolds_a_workspace_that_validates(tmp_path, runner):
    result = runner.invoke(main, ["init", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["validate", str(tmp_path / "ws")]).exit_code == 0
    again = runner.invoke(main, ["init", str(tmp_path / "ws")])
    assert again.exit_code == 1 and "does not overwrite" in again.output


def test_help_imports_no_rendering_library():
    import subprocess
    import sys

    code = ("import sys; from qbrgen.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = ('pptx', 'docx', 'weasyprint', 'pydantic', 'babel', 'fontTools', 'duckdb', 'ruamel', 'openpyxl')\n"
            "bad = [m for m in heavy if m in sys.modules]\n"
            "print('LOADED', bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "LOADED []" in out


@pytest.mark.parametrize("case", ["duplicate-key", "alias-bomb", "python-tag", "impossible-date", "typo-field",
                                  "deep-nesting", "broken-syntax"])
def test_pure_python_yaml_loader_gives_the_same_messages(tmp_path, runner, monkeypatch, case):
    import yaml

    import qbrgen.account.loader

    content = next(b[1] for b in BAD if b[0] == case)
    (tmp_path / "a.yaml").write_text(content)
    fast = runner.invoke(main, ["validate", str(tmp_path / "a.yaml")]).output
    monkeypatch.setattr(qbrgen.account.loader, "SAFE_LOADER", yaml.SafeLoader)
    slow = runner.invoke(main, ["validate", str(tmp_path / "a.yaml")]).output
    first = lambda out: out.splitlines()[0].split(": YAML syntax error")[0]  # noqa: E731 - wording may differ
    assert first(fast) == first(slow)
