"""Checks that need several fields at once, and warnings for legal but suspicious data.

Each check returns :class:`~qbrgen.errors.Problem` objects that name the exact field, so a
user sees ``file:line: roadmap[2].supports[0]: ...`` rather than a message about the whole file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from qbrgen.account.loader import Loaded, format_path, line_of
from qbrgen.account.model import Account, Workspace
from qbrgen.brandkit.safety import check_image, safe_template
from qbrgen.errors import Problem, TemplateError

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff"}
TEMPLATE_SUFFIXES = {
    "deck": {".pptx", ".potx"},
    "proposal_docx": {".docx", ".dotx"},
    "proposal_html": {".html", ".htm", ".j2", ".jinja"},
}


class _Collector:
    def __init__(self, loaded: Loaded):
        self.loaded = loaded
        self.problems: list[Problem] = []

    def add(self, loc: tuple, message: str, severity: str = "error") -> None:
        self.problems.append(
            Problem(self.loaded.file, line_of(self.loaded.data, loc), format_path(loc), message, severity)
        )


def local_file(base: Path, relative: str, allowed_root: Path) -> tuple[Path | None, str | None]:
    """Return (path, None) for a regular file under ``allowed_root``, else (None, reason)."""
    if "://" in relative or relative.startswith(("data:", "//")):
        return None, f"'{relative}' must be a local file path, not a URL"
    path = (base / relative).resolve()
    root = allowed_root.resolve()
    if path != root and root not in path.parents:
        return None, f"'{relative}' is outside the workspace folder ({root}); copy it in"
    if not path.is_file():
        return None, f"file '{relative}' does not exist (looked for {path})"
    return path, None


def check_account(account: Account, loaded: Loaded, workspace: Workspace, folder: Path,
                  workspace_root: Path | None = None) -> list[Problem]:
    """Return the cross-field errors and the warnings of one account."""
    c = _Collector(loaded)
    contract = account.contract
    if contract.renewal_date <= contract.start_date:
        c.add(("contract", "renewal_date"),
              f"the renewal date {contract.renewal_date} must be after the start date {contract.start_date}")

    ids: dict[str, int] = {}
    for i, priority in enumerate(account.priorities):
        if priority.id in ids:
            c.add(("priorities", i, "id"),
                  f"priority id '{priority.id}' is used twice (also priorities[{ids[priority.id]}])")
        ids.setdefault(priority.id, i)
    for i, item in enumerate(account.roadmap):
        for j, ref in enumerate(item.supports):
            if ref not in ids:
                known = ", ".join(ids) or "none defined"
                c.add(("roadmap", i, "supports", j), f"'{ref}' is not a priority id (known ids: {known})")

    names = set()
    for i, person in enumerate(account.stakeholders):
        if person.name in names:
            c.add(("stakeholders", i, "name"), f"'{person.name}' is listed twice", "warning")
        names.add(person.name)
    for i, goal in enumerate(account.success_plan):
        if goal.customer_owner not in names:
            c.add(("success_plan", i, "customer_owner"),
                  f"'{goal.customer_owner}' is not among the stakeholders; add them to the map", "warning")

    for key in ("arr_history", "health"):
        dates = [p.date for p in getattr(account, key)]
        if dates != sorted(dates):
            c.add((key,), "entries should be oldest first; they are sorted by date for the documents", "warning")

    catalog = set(workspace.catalog)
    if catalog:
        for i, row in enumerate(account.whitespace):
            for j, product in enumerate(row.deployed):
                if product not in catalog:
                    c.add(("whitespace", i, "deployed", j), f"'{product}' is not in the workspace catalog", "warning")
            for j, opp in enumerate(row.opportunities):
                if opp.product not in catalog:
                    c.add(("whitespace", i, "opportunities", j, "product"),
                          f"'{opp.product}' is not in the workspace catalog", "warning")

    seen_options = set()
    for i, option in enumerate(account.renewal.options):
        if option.name in seen_options:
            c.add(("renewal", "options", i, "name"), f"option '{option.name}' is listed twice", "warning")
        seen_options.add(option.name)

    _milestones_done(c, account, workspace)
    _contradictions(c, account)

    if account.account.logo:
        _check_logo(c, ("account", "logo"), folder, account.account.logo, workspace_root or folder)
    return c.problems


def _milestones_done(c: _Collector, account: Account, workspace: Workspace) -> None:
    """Flag a completed step that is not on the renewal timeline: it would be silently ignored."""
    from qbrgen.account.policy import milestone_days

    days = milestone_days(workspace)
    allowed = ", ".join(map(str, days[:-1])) + f" or {days[-1]}"
    for i, day in enumerate(account.renewal.milestones_done):
        if day not in days:
            c.add(("renewal", "milestones_done", i), f"{day} is not a step of the renewal timeline; use the days "
                  f"before the renewal of a step: {allowed} (0 is the renewal date)")


def _contradictions(c: _Collector, account: Account) -> None:
    """Warn where two fields of one file tell different stories."""
    # a roadmap item also listed as delivered is lint rule QBR016, and a milestone due after the renewal
    # QBR017: account-management findings with a fix, not repeated here
    # a file that sets renewal.term_start knows the renewal date has passed: the new term's start counts
    renewal = account.renewal.term_start or account.contract.renewal_date
    # an offer that ends before the usual signature date brings the steps forward (timeline.py); one that has
    # lapsed by the as-of date is lint rule QBR022
    qbr = account.qbr
    if qbr is not None and qbr.date is not None and account.renewal.term_start is None:
        day = qbr.date.date() if isinstance(qbr.date, dt.datetime) else qbr.date
        if renewal < day:
            c.add(("qbr", "date"), f"the QBR on {day} is after the renewal on {renewal}; hold it before the "
                  "renewal, or set renewal.term_start if the renewal date has passed", "warning")


def _check_template_opens(c: _Collector, root: Path, key: str, value: str) -> None:
    """Add an error when the deck or proposal template named ``value`` cannot be opened and used."""
    if key not in ("deck", "proposal_docx"):
        return
    from qbrgen.brandkit.usable import template_problem

    reason = template_problem((root / value).resolve(), key)
    if reason:
        c.add(("templates", key), f"'{value}' {reason}")


def _check_logo(c: _Collector, loc: tuple, base: Path, value: str, root: Path) -> None:
    path, reason = local_file(base, value, root)
    if reason is None and Path(value).suffix.lower() not in IMAGE_SUFFIXES:
        reason = "must be a PNG, JPEG or GIF image"
    if reason is None:
        reason = check_image(path)
    if reason:
        c.add(loc, reason)


def check_workspace(workspace: Workspace, loaded: Loaded, root: Path) -> list[Problem]:
    """Return the errors of a workspace: missing or misplaced templates and logos."""
    c = _Collector(loaded)
    if workspace.vendor.logo:
        _check_logo(c, ("vendor", "logo"), root, workspace.vendor.logo, root)
    for key, suffixes in TEMPLATE_SUFFIXES.items():
        value = getattr(workspace.templates, key)
        if not value:
            continue
        path, reason = local_file(root, value, root)
        if reason:
            c.add(("templates", key), reason)
        elif Path(value).suffix.lower() not in suffixes:
            c.add(("templates", key), f"must be a {' or '.join(sorted(suffixes))} file")
        elif key == "proposal_html":
            reason = _html_template_problem(path)
            if reason:
                c.add(("templates", key), reason)
        else:
            try:
                _, warnings = safe_template(str(path), path.stat().st_mtime)
            except TemplateError as exc:
                c.add(("templates", key), str(exc))
            else:
                for warning in warnings:
                    c.add(("templates", key), warning, "warning")
                _check_template_opens(c, root, key, value)  # safe to open: is it a usable template?
    if len(set(workspace.catalog)) != len(workspace.catalog):
        c.add(("catalog",), "lists a product twice", "warning")
    from qbrgen.brandkit.fonts import DEFAULT, FACES, known

    if not known(workspace.theme.font):
        names = ", ".join(sorted({f.name for f in FACES.values()}))
        c.add(("theme", "font"), f"'{workspace.theme.font}' has no bundled metrics; the documents use {DEFAULT} "
                                 f"(known: {names})", "warning")
    from qbrgen.account.messages import check_messages

    return c.problems + check_messages(root)


def template_notes(workspace: Workspace, loaded: Loaded, root: Path) -> list[Problem]:
    """Return what a build takes from each usable deck and Word template and what it leaves (notes), and what a
    brand manager should know (warnings: fonts the customer's Office substitutes, placeholder text removed)."""
    from qbrgen.brandkit.kit import report

    c = _Collector(loaded)
    fill = {"vendor": workspace.vendor.name, "customer": "the customer", "date": "the build date"}
    for key in ("deck", "proposal_docx"):
        value = getattr(workspace.templates, key)
        path, reason = local_file(root, value, root) if value else (None, "none")
        if reason or path is None:
            continue
        for severity, message in report(path, key, fill):
            c.add(("templates", key), message, severity)
    return c.problems


def _html_template_problem(path: Path) -> str | None:
    """Return the syntax error of a Jinja2 HTML template as 'file:line: message', or None (nothing is rendered)."""
    from jinja2 import TemplateSyntaxError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    try:
        with open(path, "rb") as fh:
            raw = fh.read(1024 * 1024 + 1)
        if len(raw) > 1024 * 1024:
            return f"'{path.name}' is larger than 1024 KB"
        ImmutableSandboxedEnvironment().parse(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return f"'{path.name}' is not UTF-8 text"
    except OSError as exc:
        return f"cannot read '{path.name}': {exc.strerror or exc}"
    except TemplateSyntaxError as exc:
        return f"{path.name}:{exc.lineno}: {exc.message}"
    return None
