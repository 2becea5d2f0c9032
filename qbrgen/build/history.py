"""Read an account file as it stood at an earlier point of its repository's history.

Account teams keep their account files in git, so the version of the file at the last review is one
``git show`` away. The ``git`` command is used (no library): it is on every machine that has the history,
it reads exactly what the user's own git reads (worktrees, packed refs, alternates), and it is only started
when an account asks for its history. It never touches the network here: only local plumbing commands run,
with lazy fetching of a partial clone's missing objects turned off.

Without git, outside a repository, or when the file did not exist at that point, there is no previous
version: the caller leaves out what depends on it, and says why in one line.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from qbrgen.account.loader import load_bytes
from qbrgen.account.model import Account
from qbrgen.account.validate import validate_mapping
from qbrgen.errors import InputError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_REVISION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./~^@{}+-]*$")
TIMEOUT = 30


@dataclass(frozen=True)
class Previous:
    """The account file at an earlier commit: its model, the commit, the review's date and what was asked."""

    account: Account
    commit: str
    date: dt.date
    asked: str
    raw: bytes = b""


class NoHistory(Exception):
    """There is no earlier version to compare with; the message says why, in the user's terms."""


def _git(folder: Path, *args: str) -> bytes:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_NO_LAZY_FETCH": "1", "LC_ALL": "C",
           "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(["git", "-c", "protocol.allow=never", "-C", str(folder), *args], capture_output=True,
                              env=env, timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise NoHistory(f"git could not be run ({exc})") from None
    if done.returncode != 0:
        raise NoHistory(done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:][0]
                        if done.stderr.strip() else f"git {args[0]} failed")
    return done.stdout


def resolve(path: Path, asked: str) -> str:
    """Return the commit at which to read ``path``: a revision as named, or the last commit on or before a date."""
    if shutil.which("git") is None:
        raise NoHistory("git is not installed")
    folder = path.parent
    try:
        _git(folder, "rev-parse", "--is-inside-work-tree")
    except NoHistory:
        raise NoHistory("the account file is not in a git repository") from None
    if _DATE.match(asked):
        try:
            day = dt.date.fromisoformat(asked)
        except ValueError:
            raise NoHistory(f"'{asked}' is not a real date") from None
        out = _git(folder, "rev-list", "-1", f"--before={day.isoformat()} 23:59:59", "HEAD", "--", f"./{path.name}")
        commit = out.decode().strip()
        if not commit:
            raise NoHistory(f"the account file has no commit on or before {day.isoformat()}")
        return commit
    if not _REVISION.match(asked) or ".." in asked:
        raise NoHistory(f"'{asked}' is not a date like 2026-09-10 or a git revision")
    try:
        out = _git(folder, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{asked}^{{commit}}")
        return out.decode().strip()
    except NoHistory:
        raise NoHistory(f"git knows no revision '{asked}'") from None


def read_at(path: Path, commit: str) -> bytes:
    """Return the bytes of ``path`` at ``commit``; NoHistory when the file did not exist then."""
    try:
        return _git(path.parent, "show", f"{commit}:./{path.name}")
    except NoHistory:
        raise NoHistory(f"the account file did not exist at {commit[:12]}") from None


def commit_date(folder: Path, commit: str) -> dt.date:
    stamp = _git(folder, "show", "-s", "--format=%cI", commit).decode().strip()
    return dt.datetime.fromisoformat(stamp).date()


def previous(path: Path, asked: str, as_of: dt.date) -> Previous:
    """Return the account at ``path`` as it stood at ``asked`` (a date or a git revision); raise NoHistory.

    The review's date is the date asked for; for a revision, the meeting date that version names when it is
    not after ``as_of``, else the commit's date.
    """
    path = Path(os.path.abspath(path))
    commit = resolve(path, asked)
    raw = read_at(path, commit)
    try:
        model = validate_mapping(Account, load_bytes(raw, f"{path.name}@{commit[:12]}"))
    except InputError as exc:
        first = exc.problems[0] if exc.problems else None
        raise NoHistory(f"the account file at {commit[:12]} is not valid ({first})") from None
    if _DATE.match(asked):
        date = dt.date.fromisoformat(asked)
    else:
        when = model.qbr.date if model.qbr and model.qbr.date else None
        day = when.date() if isinstance(when, dt.datetime) else when
        date = day if day is not None and day <= as_of else commit_date(path.parent, commit)
    return Previous(model, commit, date, asked, raw)


def asked_for(account: Account, since: str | None) -> str | None:
    """Return what to compare with: ``--since`` first, else the account's ``qbr.previous``."""
    if since:
        return since
    return account.qbr.previous if account.qbr and account.qbr.previous else None


def since_of(info, since: str | None, as_of: dt.date):
    """Return (the Since comparison or None, a note on why there is none or ""), for an AccountInfo."""
    from qbrgen.analysis.since import compare

    asked = asked_for(info.model, since)
    if not asked:
        return None, ""
    try:
        prev = previous(info.file, asked, as_of)
    except NoHistory as exc:
        return None, f"{info.display}: no 'since our last review' slide: {exc}"
    return compare(prev.account, info.model, prev.date, prev.commit, as_of), ""
