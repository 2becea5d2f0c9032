"""Deal desk, point 8: the book's segmentation applies to a build by itself.

An account whose file sets no ``account.tier`` takes its tier from the same ranking as ``qbrgen portfolio``,
over every account file of the workspace: the bottom 20% by ARR get the renewal notice instead of a deck,
whichever file or folder is built. A small book is not segmented; an explicit tier wins; the tier is part of
the input key, so a build reruns an account only when its tier moves.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
import yaml

from qbrgen.account import segments
from qbrgen.account.validate import load_account
from qbrgen.build.batch import run
from qbrgen.build.options import Options

from .conftest import EXAMPLES

AS_OF = dt.date(2026, 12, 6)
HARBOUR = EXAMPLES / "accounts" / "harbour-print.yaml"
WORKSPACE = EXAMPLES / "qbrgen.yaml"
NOTICE = {"renewal-notice.pdf", "renewal-notice.md", "renewal-notice.html"}


def _account(name: str, arr: int, tier: str | None = None) -> dict:
    data = yaml.safe_load(HARBOUR.read_text(encoding="utf-8"))
    data["account"]["name"] = name
    data["contract"]["products"][0]["arr"] = arr
    data["qbr"] = {"length": 30, "date": "2027-01-12"}  # a meeting account, unless the book says otherwise
    if tier:
        data["account"]["tier"] = tier
    return data


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _book(root: Path, count: int, settings: dict | None = None) -> dict[int, Path]:
    """Write a workspace of ``count`` USD accounts, ARR 1,000 (a-01, in folder small/) up to count x 1,000."""
    workspace = yaml.safe_load(WORKSPACE.read_text(encoding="utf-8"))
    if settings is not None:
        workspace["segmentation"] = settings
    _write(root / "qbrgen.yaml", workspace)
    files = {}
    for i in range(1, count + 1):
        folder = "small" if i <= 3 else "big"
        files[i] = root / folder / f"a-{i:02d}.yaml"
        _write(files[i], _account(f"Account {i:02d}", 1000 * i))
    return files


def _names(result, file: Path) -> set[str]:
    shown = {a.file: a for a in result.accounts}
    account = next(a for f, a in shown.items() if f.endswith(file.name))
    assert not account.errors, account.errors
    return {Path(p).name for p in account.outputs}


def _build(paths, out: Path, formats=("pptx",), **kw):
    return run([Path(p) for p in paths], Options(output=out, formats=formats, as_of=AS_OF, jobs=1, **kw),
               echo=lambda _line: None)


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return _book(tmp_path_factory.mktemp("seg") / "ws", 10)


def test_the_ranking_gives_the_bottom_fifth_tech_touch_over_the_whole_workspace(book):
    tiers = {i: load_account(p).model.account.tier for i, p in book.items()}
    assert tiers == {1: "tech-touch", 2: "tech-touch", 3: "programmatic", 4: "programmatic", 5: "programmatic",
                     6: "programmatic", 7: "programmatic", 8: "programmatic", 9: "white-glove", 10: "white-glove"}


def test_the_smallest_gets_the_notice_and_no_deck_whichever_file_or_folder_is_built(book, tmp_path):
    alone = _build([book[1]], tmp_path / "alone")  # only its file: still the bottom of the whole workspace
    folder = _build([book[1].parent], tmp_path / "folder")  # its folder: 3 accounts, ranked in the workspace
    for result in (alone, folder):
        names = _names(result, book[1])
        assert "qbr-deck.pptx" not in names and NOTICE <= names
    assert _names(folder, book[3]) == {"qbr-deck.pptx"}  # programmatic in the book: its deck


def test_a_deck_when_the_format_names_it(book, tmp_path):
    names = _names(_build([book[1]], tmp_path / "asked", deck_asked=True), book[1])
    assert "qbr-deck.pptx" in names and NOTICE <= names


def test_an_explicit_tier_wins_over_the_book(tmp_path):
    files = _book(tmp_path / "ws", 10)
    smallest = _account("Account 01", 1000, tier="programmatic")
    _write(files[1], smallest)
    biggest = _account("Account 10", 10000, tier="tech-touch")
    _write(files[10], biggest)
    result = _build([files[1], files[10]], tmp_path / "out")
    assert _names(result, files[1]) == {"qbr-deck.pptx"}
    assert "qbr-deck.pptx" not in _names(result, files[10])
    # the line is drawn over the whole book, explicit tiers included: account 2 stays in the bottom fifth
    assert load_account(files[2]).model.account.tier == "tech-touch"


def test_a_small_book_is_not_segmented(tmp_path):
    files = _book(tmp_path / "ws", 5)
    assert _names(_build([files[1]], tmp_path / "out"), files[1]) == {"qbr-deck.pptx"}
    assert load_account(files[1]).model.account.tier is None


def test_the_workspace_sets_the_minimum_or_turns_segmentation_off(tmp_path):
    five = _book(tmp_path / "five", 5, {"min_accounts": 5})
    assert load_account(five[1]).model.account.tier == "tech-touch"
    off = _book(tmp_path / "off", 10, {"enabled": False})
    assert load_account(off[1]).model.account.tier is None


def test_the_examples_book_is_too_small_to_segment():
    """Seven accounts (nine with the language examples), in three currencies: nobody is demoted; Harbour Print
    stays tech-touch by its own qbr.length."""
    for path in sorted((EXAMPLES / "accounts").glob("*.yaml")):
        model = load_account(path).model
        expected = "tech-touch" if path.name == "harbour-print.yaml" else ""
        assert segments.source(model)[0] == expected, path.name


def test_the_plan_names_the_tier_and_where_it_came_from(book, tmp_path):
    from qbrgen.sections.assemble import build_plan

    text = build_plan(load_account(book[1]), AS_OF).text()
    assert "tech-touch (the book's bottom 20% by ARR" in text
    text = build_plan(load_account(book[10]), AS_OF).text()
    assert "white-glove (the book's top 20% by ARR)" in text
    files = _book(tmp_path / "ws", 3)
    _write(files[2], _account("Account 02", 2000, tier="white-glove"))
    assert "white-glove (set in the account file" in build_plan(load_account(files[2]), AS_OF).text()
    assert "none: the book is not segmented" in build_plan(load_account(files[1]), AS_OF).text()
    assert "tech-touch (qbr.length: none" in build_plan(load_account(HARBOUR), AS_OF).text()


def test_lint_and_the_portfolio_agree_with_the_build(book, tmp_path):
    from qbrgen.analysis.context import context
    from qbrgen.analysis.lint import lint
    from qbrgen.analysis.portfolio import build_book

    infos = [load_account(book[i]) for i in (1, 2, 3)]  # a folder's worth: tiers still come from the workspace
    tiers = {e.name: e.tier for e in build_book(infos, AS_OF, infos[0].workspace.model).entries}
    assert tiers == {"Account 01": "tech-touch", "Account 02": "tech-touch", "Account 03": "programmatic"}
    # lint: the meeting date is not asked of an account the book serves by a renewal notice
    files = _book(tmp_path / "ws", 10)
    for i in (1, 5):
        data = _account(f"Account {i:02d}", 1000 * i)
        data["qbr"] = {"length": 30}
        _write(files[i], data)
    found = {}
    for i in (1, 5):
        info = load_account(files[i])
        found[i] = [p.message for p in lint(info, context(info.model, info.workspace.model, AS_OF), info.source)]
    assert not any("QBR019" in m for m in found[1])
    assert any("QBR019" in m for m in found[5])


def test_the_input_key_changes_only_when_the_tier_changes(tmp_path, monkeypatch):
    files = _book(tmp_path / "ws", 10)
    out = tmp_path / "out"
    first = _build([tmp_path / "ws"], out, formats=("md",))
    assert first.count("built") == 10
    import json

    kept = json.loads((out / ".qbrgen-manifest.json").read_text())["accounts"]
    assert all(entry["book"][1:3] == [f"Account {i:02d}", "USD"]  # each file's hash, name, currency, ARR, kept
               for i, entry in enumerate(sorted(kept.values(), key=lambda e: e["book"][1]), start=1))

    def no_parse(path):
        raise AssertionError(f"{path} parsed on a no-op build")

    monkeypatch.setattr(segments, "read_light", no_parse)  # a no-op build reads each file's ARR from the cache
    again = _build([tmp_path / "ws"], out, formats=("md",))
    assert again.count("skipped") == 10
    monkeypatch.undo()

    _write(files[5], _account("Account 05", 5500))  # its own file changes; no line moves
    moved = _build([tmp_path / "ws"], out, formats=("md",))
    assert {os.path.basename(a.file) for a in moved.accounts if a.status == "built"} == {"a-05.yaml"}

    # account 10 drops below account 1: it becomes tech-touch, account 2 leaves the bottom fifth and account 8
    # joins the top; accounts 1, 3-7 and 9 keep their tier and are not rebuilt
    _write(files[10], _account("Account 10", 500))
    moved = _build([tmp_path / "ws"], out, formats=("md",))
    built = {os.path.basename(a.file) for a in moved.accounts if a.status == "built"}
    assert built == {"a-10.yaml", "a-02.yaml", "a-08.yaml"}
