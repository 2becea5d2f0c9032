"""The JSON Schemas an editor uses judge files as qbrgen does, wherever a schema can say so."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest
from ruamel.yaml import YAML

from qbrgen.account.schema import json_schema
from qbrgen.cli import main
from qbrgen.crm.schema import import_schema

from .conftest import EXAMPLES, ROOT, SPEC

CORPUS = ROOT / "tests" / "corpus"
# What no JSON Schema can say: JSON has no NaN (an editor's schema check sees a number).
BEYOND_A_SCHEMA = {"nan-money.yaml"}


def _as_an_editor_reads(path):
    """Return the file as a YAML 1.2 editor sees it (yaml-language-server), or None when it cannot parse it."""
    try:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8-sig"))
    except Exception:  # noqa: BLE001 - any parse error: the editor reports the YAML, not the schema
        return None

    def plain(x):
        if isinstance(x, dict):
            return {str(k): plain(v) for k, v in x.items()}
        if isinstance(x, list):
            return [plain(i) for i in x]
        return x.isoformat() if isinstance(x, dt.date) else x

    return plain(data)


def _files():
    return [*sorted((CORPUS / "valid").glob("*.yaml")), *sorted((CORPUS / "invalid").glob("*.yaml")),
            *sorted((EXAMPLES / "accounts").glob("*.yaml")), SPEC / "account.example.yaml"]


@pytest.fixture(scope="module")
def validator():
    return jsonschema.Draft202012Validator(json_schema())


@pytest.mark.parametrize("path", _files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_schema_and_qbrgen_agree(path, validator, runner, tmp_path):
    data = _as_an_editor_reads(path)
    if data is None or path.name in BEYOND_A_SCHEMA:
        pytest.skip("the YAML itself is what is wrong, or the rule is beyond a schema")
    shutil_copy = tmp_path / "ws"
    shutil_copy.mkdir()
    (shutil_copy / "qbrgen.yaml").write_text((SPEC / "qbrgen.example.yaml").read_text())
    (shutil_copy / path.name).write_bytes(path.read_bytes())
    qbrgen_ok = runner.invoke(main, ["validate", str(shutil_copy / path.name)]).exit_code == 0
    errors = list(validator.iter_errors(data))
    assert (not errors) == qbrgen_ok, [e.message[:200] for e in errors[:3]]


@pytest.mark.parametrize(("change", "qbrgen_accepts"), [
    ({"currency": "usd"}, False), ({"currency": "XYZ"}, False), ({"currency": "JPY"}, True),
    ({"id": 1234}, True), ({"id": "0042"}, True),
])
def test_account_block_edge_cases_agree(change, qbrgen_accepts, validator, runner, tmp_path):
    data = _as_an_editor_reads(SPEC / "account.example.yaml")
    data["account"].update(change)
    (tmp_path / "qbrgen.yaml").write_text((SPEC / "qbrgen.example.yaml").read_text())
    (tmp_path / "a.yaml").write_text(json.dumps(data))  # JSON is YAML: the same data for qbrgen
    assert (runner.invoke(main, ["validate", str(tmp_path / "a.yaml")]).exit_code == 0) == qbrgen_accepts
    assert (not list(validator.iter_errors(data))) == qbrgen_accepts


@pytest.mark.parametrize("arr", [300000, "300000", " 1.5e5 ", "3,000", "lots", -5])
def test_money_as_a_number_or_a_numeric_string(arr, validator, runner, tmp_path):
    data = _as_an_editor_reads(SPEC / "account.example.yaml")
    data["contract"]["products"][0]["arr"] = arr
    (tmp_path / "qbrgen.yaml").write_text((SPEC / "qbrgen.example.yaml").read_text())
    (tmp_path / "a.yaml").write_text(json.dumps(data))
    qbrgen_ok = runner.invoke(main, ["validate", str(tmp_path / "a.yaml")]).exit_code == 0
    assert (not list(validator.iter_errors(data))) == qbrgen_ok


def test_the_workspace_and_mapping_schemas_accept_the_shipped_files():
    workspace = jsonschema.Draft202012Validator(json_schema(workspace=True))
    for path in (SPEC / "qbrgen.example.yaml", EXAMPLES / "qbrgen.yaml"):
        assert list(workspace.iter_errors(_as_an_editor_reads(path))) == []
    mapping = jsonschema.Draft202012Validator(import_schema())
    for path in (EXAMPLES / "crm").rglob("*.yaml"):
        data = _as_an_editor_reads(path)
        if isinstance(data, dict) and "sources" in data:
            assert list(mapping.iter_errors(data)) == [], path
    assert list(mapping.iter_errors({"version": 1, "sources": {"a": "a.csv"}, "accounts": {"from": "a"}}))


def test_init_writes_the_schemas_its_modelines_point_to(runner, tmp_path):
    assert runner.invoke(main, ["init", str(tmp_path / "ws")]).exit_code == 0
    for file in (tmp_path / "ws" / "qbrgen.yaml", tmp_path / "ws" / "accounts" / "example-customer.yaml"):
        first = file.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        target = (file.parent / first.split("$schema=", 1)[1]).resolve()
        schema = json.loads(target.read_text())
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(_as_an_editor_reads(file))) == []
    assert (tmp_path / "ws" / "qbrgen-import.schema.json").is_file()
