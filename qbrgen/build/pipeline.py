"""load -> validate -> build -> render -> write, for one account or many.

The library entry points the CLI calls. Nothing here imports a rendering library at module
level: :mod:`qbrgen.render` loads a renderer only when its format is asked for.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qbrgen.account.discover import PathMissing, discover
from qbrgen.account.paths import display_path, find_workspace
from qbrgen.errors import InputError, Problem

if TYPE_CHECKING:
    from qbrgen.account.validate import AccountInfo



def _paths_or_usage_error(paths, selection=None, as_of: dt.date | None = None):
    from qbrgen.build.selection import SelectionError, narrow

    try:
        return narrow(discover(paths), selection, as_of)
    except PathMissing as exc:
        raise click.UsageError(f"no such file or folder: {exc}") from None
    except SelectionError as exc:
        raise click.UsageError(exc.format_message()) from None


def skipped_problems(found) -> list[Problem]:
    """Return a problem for each path discovery would not read (a FIFO, a device, a broken link, a loop)."""
    return [Problem(str(path), None, "", f"skipped: {why}") for path, why in found.skipped]


@dataclass
class ValidateReport:
    """What ``qbrgen validate`` found: every problem of every file."""

    files: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored: tuple[Path, ...] = ()  # YAML files in the folders that are not account files

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def summary(self) -> str:
        bad = len({p.file for p in self.errors})
        other = (f"; {len(self.ignored)} other YAML file(s) left alone, not account files: "
                 f"{', '.join(p.name for p in self.ignored[:3])}{' ...' if len(self.ignored) > 3 else ''}"
                 if self.ignored else "")
        return (
            f"{self.files} file(s) checked: {self.files - bad} valid, {bad} invalid; "
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s){other}"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "errors": [p.as_dict() for p in self.errors],
            "warnings": [p.as_dict() for p in self.warnings],
        }


def validate_paths(paths, selection=None) -> ValidateReport:
    """Return the report of validating every account and workspace file under ``paths`` (the selected accounts)."""
    from qbrgen.account.validate import Workspaces, load_account  # the model, only when used

    found = _paths_or_usage_error(paths, selection)
    report = ValidateReport(files=len(found.skipped), problems=skipped_problems(found), ignored=found.ignored)
    workspaces = Workspaces()
    seen_ws: set[Path] = set()
    for ws in found.workspaces:
        report.files += 1
        seen_ws.add(ws.resolve())
        try:
            info = workspaces.get(ws)
            report.problems.extend(info.warnings)
            report.problems.extend(info.template_notes())
        except InputError as exc:
            report.problems.extend(exc.problems)
    for path in found.accounts:
        report.files += 1
        try:
            ws_path = find_workspace(path)
            try:
                workspace = workspaces.get(ws_path)
            except InputError as exc:
                if ws_path and ws_path.resolve() not in seen_ws:
                    seen_ws.add(ws_path.resolve())
                    report.problems.extend(exc.problems)
                report.problems.append(Problem(display_path(path), None, "", "not checked: its qbrgen.yaml is invalid"))
                continue
            info = load_account(path, workspace)
            report.problems.extend(info.warnings)
        except InputError as exc:
            report.problems.extend(exc.problems)
        except Exception as exc:  # noqa: BLE001 - a bug on one file must not hide the others
            report.problems.append(internal_error(path, exc))
    return report


def internal_error(path: Path, exc: Exception) -> Problem:
    """Return an unexpected exception as a problem that names the file and asks for a report.

    With --debug (QBRGEN_DEBUG set) the exception is raised again instead, so its traceback shows.
    """
    if os.environ.get("QBRGEN_DEBUG"):
        raise exc
    message = (f"internal error: {type(exc).__name__}: {exc}. This is a bug in qbrgen; please report it with "
               "this file (run with --debug for the traceback)")
    return Problem(display_path(path), None, "", message)


def load_one(path: Path) -> AccountInfo:
    """Return one validated account with its workspace; raise InputError on any problem."""
    from qbrgen.account.validate import Workspaces, load_account  # the model, only when used

    if not path.is_file():
        raise click.UsageError(f"no such account file: {path}")
    return load_account(path, Workspaces().for_account(path))


def account_plan_markdown(path: Path, as_of: dt.date) -> str:
    """Return the internal account plan of the account at ``path`` as Markdown."""
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_plan

    info = load_one(path)
    return render("md", build_plan(info, as_of), assets_for(info, as_of)).decode("utf-8")


def roi_summary(path: Path, as_of: dt.date) -> str:
    """Return a one-screen ROI summary of the account at ``path``."""
    from qbrgen.analysis.context import context
    from qbrgen.render.terminal import render_text
    from qbrgen.sections.roi import roi_document

    info = load_one(path)
    ctx = context(info.model, info.workspace.model, as_of)
    return render_text(roi_document(ctx), None, sys.stdout.isatty()).rstrip("\n")


# -- build -------------------------------------------------------------------------------------

FORMATS = ("pptx", "docx", "pdf", "md")


def parse_formats(text: str) -> tuple[str, ...]:
    """Return the formats named in a comma-separated list; unknown names are a usage error."""
    wanted = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise click.UsageError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
        )
    return wanted


def build_paths(paths, options, echo: Callable[[str], None] = print, progress: bool = False):
    """Build every account under ``paths`` (see :mod:`qbrgen.build.batch`); one bad account stops none."""
    from qbrgen.build.batch import run

    try:
        return run(paths, options, echo=echo, progress=progress)
    except PathMissing as exc:
        raise click.UsageError(f"no such file or folder: {exc}") from None


class LintReport(ValidateReport):
    """What ``qbrgen lint`` found."""

    def summary(self) -> str:
        bad = len({p.file for p in self.errors})
        return (f"{self.files} account(s) linted: {bad} with errors; "
                f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)")


def lint_paths(paths, as_of: dt.date, selection=None) -> LintReport:
    """Return every lint finding (and validation problem) of the (selected) accounts under ``paths``."""
    from qbrgen.account.validate import Workspaces, load_account  # the model, only when used
    from qbrgen.analysis.context import context
    from qbrgen.analysis.lint import lint

    found = _paths_or_usage_error(paths, selection, as_of)
    report = LintReport(files=len(found.skipped), problems=skipped_problems(found))
    workspaces = Workspaces()
    seen: set = set()
    for path in found.accounts:
        report.files += 1
        try:
            info = load_account(path, workspaces.for_account(path))
        except InputError as exc:
            report.problems.extend(exc.problems)
            continue
        try:
            ctx = context(info.model, info.workspace.model, as_of)
            report.problems.extend(p for p in lint(info, ctx, info.source) if p not in seen)
            seen.update(report.problems)  # a workspace's finding is reported once, not once per account
        except Exception as exc:  # noqa: BLE001
            report.problems.append(internal_error(path, exc))
    return report


def portfolio(path: Path, as_of: dt.date, fmt: str, output: Path | None = None,
              echo: Callable[[str], None] = print) -> str | None:
    """Return the book under ``path`` as a table, Markdown or CSV; for pptx, write ``output`` and return None."""
    from qbrgen.account.validate import Workspaces, load_account  # the model, only when used
    from qbrgen.analysis.figures import compute
    from qbrgen.analysis.portfolio import book_csv, book_json, build_book
    from qbrgen.sections.book import book_document

    found = _paths_or_usage_error([path])
    workspaces = Workspaces()
    infos = []
    for problem in skipped_problems(found):
        echo(str(problem))
    for account in found.accounts:
        try:
            info = load_account(account, workspaces.for_account(account))
            compute(info.model, info.workspace.model, as_of)  # one account's failure leaves it out, not the book
            infos.append(info)
        except InputError as exc:
            for problem in exc.problems:
                echo(str(problem))
            echo(f"{display_path(account)}: left out of the portfolio (invalid)")
        except Exception as exc:  # noqa: BLE001 - a bug on one account must not hide the book
            echo(str(internal_error(account, exc)))
            echo(f"{display_path(account)}: left out of the portfolio (it could not be computed)")
    if not infos:
        raise click.UsageError(f"no valid account files under {path}")
    governing = workspaces.get(find_workspace(path if path.is_dir() else path.parent))
    locales = {i.model.account.locale for i in infos}
    locale = locales.pop() if len(locales) == 1 else "en_US"  # a mixed book is written in one neutral locale
    book = build_book(infos, as_of, governing.model)
    by_file = {info.display: info for info in infos}
    from qbrgen.render.esign import neutralise, neutralise_text  # account text is text: no signing anchors

    if fmt == "csv":  # a spreadsheet may be printed and sent for signature like any document
        return neutralise_text(book_csv(book, by_file))
    if fmt == "json":  # data for other programs: the values as they are, escaped by JSON
        return book_json(book, by_file)
    document = book_document(book, locale)
    if fmt == "table":
        from qbrgen.render.terminal import render_text

        return render_text(neutralise(document), None, sys.stdout.isatty())
    from qbrgen.render.assets import Assets
    from qbrgen.render.registry import render

    if fmt == "md":
        return render("md", document, Assets()).decode("utf-8")
    from qbrgen.build.writer import write_atomic
    from qbrgen.render.assets import build_date

    target = output or Path("portfolio.pptx")
    assets = Assets(theme=governing.model.theme, build_date=build_date(as_of))
    write_atomic(target, render("pptx", document, assets))
    echo(f"wrote {target}")
    return None
