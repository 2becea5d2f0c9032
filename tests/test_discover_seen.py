"""What one build learns of the file system (discover.Seen) is what the slow, exact calls say."""

from __future__ import annotations

import os
from pathlib import Path

from qbrgen.account.discover import Seen, discover
from qbrgen.account.paths import read_at_most

ACCOUNT = "version: 1\naccount:\n  name: A\n"


def _tree(tmp_path: Path) -> list[str]:
    real = tmp_path / "real" / "accounts"
    real.mkdir(parents=True)
    (real / "a.yaml").write_text(ACCOUNT)
    (real / "b.yaml").write_text(ACCOUNT)
    (tmp_path / "linked").symlink_to(tmp_path / "real")  # a linked folder
    (tmp_path / "real" / "c.yaml").symlink_to(real / "a.yaml")  # a linked file
    (tmp_path / "other").mkdir()
    return [
        str(real / "a.yaml"),
        str(tmp_path / "linked" / "accounts" / "b.yaml"),
        str(tmp_path / "real" / "c.yaml"),
        str(tmp_path / "linked" / "accounts" / ".." / "c.yaml"),  # '..' after a link
        str(tmp_path / "linked" / ".." / "other"),  # '..' after a link: the link's target's parent
        str(tmp_path / "missing" / "x.yaml"),
        "relative.yaml",
        ".",
    ]


def test_real_paths_are_os_path_realpath(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    paths = _tree(tmp_path)
    seen = Seen()
    for path in paths * 2:  # the second round from the cache
        assert seen.real(path) == os.path.realpath(path), path
        assert seen.real(Path(path)) == os.path.realpath(path), path
    monkeypatch.chdir(tmp_path / "real")  # a relative path is the same text from another folder: resolved again
    assert Seen().real("accounts/a.yaml") == os.path.realpath("accounts/a.yaml")


def test_a_second_discovery_with_the_same_seen_finds_the_same(tmp_path, monkeypatch):
    _tree(tmp_path)
    (tmp_path / "real" / "mkdocs.yml").write_text("site_name: x\n")
    monkeypatch.chdir(tmp_path)
    seen = Seen()
    first = discover([Path("real")], seen)
    again = discover([tmp_path / "real"], seen)  # written another way: the verdicts are reused
    fresh = discover([tmp_path / "real"])
    assert [p.name for p in first.accounts] == ["a.yaml", "b.yaml"]  # c.yaml links to a.yaml: taken once
    assert again.accounts == fresh.accounts
    assert [p.name for p in again.ignored] == [p.name for p in fresh.ignored] == ["mkdocs.yml"]
    assert [p.name for p in first.accounts] == [p.name for p in fresh.accounts]


def test_read_at_most_reads_what_a_plain_read_would(tmp_path):
    path = tmp_path / "f"
    for size in (0, 1, 49, 50, 51, 5000):
        path.write_bytes(bytes(range(256)) * (size // 256) + bytes(range(size % 256)))
        with open(path, "rb") as fh:
            expected = fh.read(50)
        with open(path, "rb") as fh:
            assert read_at_most(fh, 50) == expected
        with open(path, "rb") as fh:
            fh.read(3)
            tail = fh.read(50)
        with open(path, "rb") as fh:
            fh.read(3)
            assert read_at_most(fh, 50) == tail
