"""What a build prints: lint lines above rich's progress bar, and a finding many accounts share said once."""

from __future__ import annotations

import datetime as dt
import shutil

from qbrgen.build.batch import run
from qbrgen.build.options import Options
from qbrgen.build.results import CommonLint

from .conftest import SPEC


def _book(folder, n: int):
    folder.mkdir()
    shutil.copy(SPEC / "qbrgen.example.yaml", folder / "qbrgen.yaml")
    text = (SPEC / "account.example.yaml").read_text()
    # no documented value: QBR001 and QBR005, the same lint errors in every account, as after an import
    start = text.index("\nvalue:")
    end = text.index("\n", text.index("\n", start + 1) + 1)
    while text[end + 1:end + 3] in ("  ", "- "):
        end = text.index("\n", end + 1)
    bare = text[:start] + "\nvalue: []" + text[end:]
    for i in range(n):
        (folder / f"a{i}.yaml").write_text(bare.replace("name: Northwind Logistics", f"name: Account {i}", 1))


def test_a_lint_finding_many_accounts_share_is_said_once(tmp_path):
    _book(tmp_path / "book", 6)
    lines: list[str] = []
    result = run([tmp_path / "book"], Options(output=tmp_path / "out", formats=("md",), as_of=dt.date(2026, 11, 23),
                                              jobs=1), echo=lines.append)
    assert result.count("built") == 6
    lint = [line for line in lines if "lint" in line]
    assert len([line for line in lint if ": lint: " in line]) == CommonLint.SHOWN, lines
    (more,) = [line for line in lint if "more account(s)" in line]
    assert more.startswith("3 more account(s) have the same lint errors (QBR001 value-missing")
    # an unchanged rebuild says it the same way
    again: list[str] = []
    run([tmp_path / "book"], Options(output=tmp_path / "out", formats=("md",), as_of=dt.date(2026, 11, 23), jobs=1),
        echo=again.append)
    assert len([line for line in again if ": lint: " in line]) == CommonLint.SHOWN
    assert any(line.startswith("3 more account(s)") for line in again)


def test_lint_lines_print_above_the_progress_bar(tmp_path, capsys):
    _book(tmp_path / "book", 2)
    lines: list[str] = []
    run([tmp_path / "book"], Options(output=tmp_path / "out", formats=("md",), as_of=dt.date(2026, 11, 23), jobs=1),
        echo=lines.append, progress=True)
    err = capsys.readouterr().err
    # with the bar on, lines go through rich's console (above the live bar), each whole on its own line
    assert not [line for line in lines if ": lint: " in line]
    printed = [line for line in err.splitlines() if ": lint: " in line]
    assert len(printed) == 2 and all(line.split(": lint: ")[0].endswith(".yaml") for line in printed)
