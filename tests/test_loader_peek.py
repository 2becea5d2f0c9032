"""A build names each output folder from the account's name before loading any account in full; the quick read
of the ``account`` block must give what the full load gives, and step aside where it cannot tell."""

from __future__ import annotations

import pytest

from qbrgen.account.loader import load_file, peek_account
from qbrgen.build.plan import _slug_source

SAME = [
    "version: 1\naccount:\n  name: Acme\n  id: A-1\nvalue:\n  - outcome: x\n",
    "version: 1\naccount: {name: 'Acme Co', id: 0012}\n",
    "account:\n  tags: [a, {b: c}]\n  name: null\n  id: ~\n",
    'account:\n  name: "null"\n  nested: {name: inner, id: inner}\n  id: 12\n',
    "account:\n  name: !!str Acme\n",
    "other:\n  name: x\n  id: y\naccount:\n  id: Z\n  name: |\n    two\n    lines\n",
    "account:\n  name: [1, 2]\n  id: X\n",
    "account:\n  name:\n  id: X\n",
    "account:\n  name: Caf\u00e9 M\u00fcller \u682a\u5f0f\u4f1a\u793e\n  id: 'no'\n",
]


def _full(path):
    data = load_file(path).data
    account = data.get("account") if isinstance(data.get("account"), dict) else {}
    return tuple(v if isinstance(v, str) else "" for v in (account.get("name"), account.get("id")))


@pytest.mark.parametrize("text", SAME)
def test_the_quick_read_gives_what_the_full_load_gives(tmp_path, text):
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    assert peek_account(path) == _full(path)


@pytest.mark.parametrize("text", [
    "account:\n  name: &a Acme\n  id: *a\n",  # an alias: the full load refuses it
    "account:\n  name: !weird Acme\n",  # an unknown tag
    "account: Acme\n",  # not a mapping
    "- a\n- b\n",  # not a mapping at the top
    "version: 1\n",  # no account block
])
def test_the_quick_read_steps_aside_where_it_cannot_tell(tmp_path, text):
    path = tmp_path / "a.yaml"
    path.write_text(text, encoding="utf-8")
    assert peek_account(path) is None
    assert _slug_source(path) == ("", "")  # the full load decides, as before


def test_a_large_file_is_read_only_as_far_as_its_account_block(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("account:\n  name: Acme\n  id: A-1\nvalue:\n" + "  - outcome: x\n" * 50_000 + "broken: [\n")
    assert peek_account(path) == ("Acme", "A-1")  # the syntax error at the end is never reached
