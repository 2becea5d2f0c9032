"""Which of the found accounts a command works on: ``--select KEY=VALUE`` and ``--changed-since REV``.

A pull request touches a few accounts; CI builds, lints and validates just those. ``--select`` keeps the
accounts whose owner, segment or tier matches (or whose file matches a glob); several ``--select`` must all
match, and a comma gives alternatives (``segment=enterprise,mid-market``). ``--changed-since REV`` keeps the
accounts whose file changed since the git revision, and every account of a workspace whose other files
(``qbrgen.yaml``, a template, a logo) changed.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import os
from dataclasses import dataclass, replace
from pathlib import Path

from qbrgen.errors import InputError, QbrgenError

KEYS = ("owner", "segment", "tier", "file")


class SelectionError(QbrgenError):
    """A --select or --changed-since the command cannot carry out (a usage error, exit 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Selection:
    select: tuple[tuple[str, tuple[str, ...]], ...] = ()
    changed_since: str | None = None

    def __bool__(self) -> bool:
        return bool(self.select or self.changed_since)


def parse(select: tuple[str, ...] | list[str], changed_since: str | None = None) -> Selection:
    """Return the selection of ``--select KEY=VALUE`` options; raise SelectionError on a malformed one."""
    parsed = []
    for text in select:
        key, sep, value = text.partition("=")
        key = key.strip().lower()
        if not sep or key not in KEYS or not value.strip():
            raise SelectionError(f"--select '{text}': expected KEY=VALUE with KEY one of {', '.join(KEYS)}, "
                                 "like owner='Dana Reyes' or file='accounts/emea/*'")
        parsed.append((key, tuple(v.strip() for v in value.split(",") if v.strip())))
    return Selection(tuple(parsed), changed_since or None)


def narrow(found, selection: Selection | None, as_of: dt.date | None = None):
    """Return ``found`` keeping only the selected accounts (workspace files stay)."""
    if not selection:
        return found
    accounts = list(found.accounts)
    if selection.changed_since:
        accounts = _changed(accounts, selection.changed_since)
    for key, values in selection.select:
        if key == "file":
            accounts = [a for a in accounts if any(_glob(a, v) for v in values)]
        elif key == "tier":
            tiers = _tiers(found.accounts, as_of or dt.date.today())
            accounts = [a for a in accounts if tiers.get(a, "").lower() in {v.lower() for v in values}]
        else:
            accounts = [a for a in accounts if _field(a, key) in {v.lower() for v in values}]
    return replace(found, accounts=tuple(accounts))


def _glob(path: Path, pattern: str) -> bool:
    shown = os.path.relpath(path) if path.is_absolute() else str(path)
    return any(fnmatch.fnmatch(p.replace(os.sep, "/"), pattern) for p in (shown, str(path), path.name))


def _field(path: Path, key: str) -> str:
    """Return ``account.<key>`` as written in the file (lower case), without validating the file."""
    from qbrgen.account.loader import load_file

    try:
        account = load_file(path).data.get("account")
    except (InputError, OSError):
        return ""
    value = account.get(key) if isinstance(account, dict) else None
    return str(value).strip().lower() if value is not None else ""


def _tiers(accounts, as_of: dt.date) -> dict[Path, str]:
    """Return each valid account's tier in the book of all found accounts (white-glove, programmatic,
    tech-touch by ARR); an invalid account has none."""
    from qbrgen.account.validate import Workspaces, load_account
    from qbrgen.analysis.portfolio import build_book

    workspaces, infos, paths = Workspaces(), [], []
    for path in accounts:
        try:
            infos.append(load_account(path, workspaces.for_account(path)))
            paths.append(path)
        except InputError:
            continue
    if not infos:
        return {}
    book = build_book(infos, as_of, infos[0].workspace.model)
    tier = {entry.file: entry.tier for entry in book.entries}
    return {path: tier.get(info.display, "") for path, info in zip(paths, infos, strict=True)}


def _git(folder: Path, *args: str) -> str:
    import subprocess  # here: a build without --changed-since runs no git (and a no-op rebuild imports less)

    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SelectionError(f"--changed-since needs git: {exc}") from None
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise SelectionError(f"--changed-since: git {' '.join(args[:2])} failed in {folder}: {detail}")
    return done.stdout


def _changed(accounts: list[Path], rev: str) -> list[Path]:
    """Return the accounts whose file, or whose workspace's other files, changed since ``rev`` (committed,
    staged, unstaged or new and untracked)."""
    from qbrgen.account.validate import find_workspace

    if not accounts:
        return accounts
    folder = Path(os.path.abspath(accounts[0])).parent
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except SelectionError:
        raise SelectionError(f"--changed-since: '{rev}' is not a commit of the git repository {top} "
                             "(in CI, fetch it first: actions/checkout with fetch-depth: 0)") from None
    names = _git(top, "diff", "--name-only", "--no-renames", rev, "--").splitlines()
    names += _git(top, "ls-files", "--others", "--exclude-standard").splitlines()
    changed = {os.path.realpath(top / n) for n in names if n}
    account_files = {os.path.realpath(a) for a in accounts}
    keep = []
    for path in accounts:
        if os.path.realpath(path) in changed:
            keep.append(path)
            continue
        workspace = find_workspace(path)
        if workspace is None:
            continue
        root = os.path.realpath(workspace.parent) + os.sep
        if any(c.startswith(root) and c not in account_files and not _is_yaml_account(c) for c in changed):
            keep.append(path)
    return keep


def _is_yaml_account(path: str) -> bool:
    """Whether a changed file is another account file (it changes only its own account's outputs)."""
    name = os.path.basename(path)
    return name.endswith((".yaml", ".yml")) and name not in ("qbrgen.yaml", "qbrgen-import.yaml")
