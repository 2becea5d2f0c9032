"""Find account and workspace files under the paths a user names.

Each real folder is visited once (a symbolic link that loops back is not followed again), each file is
taken once however many paths lead to it, and only regular files are taken: a FIFO, a device or a broken
link is reported and skipped, never opened. A linked folder outside the named folder is not entered.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from qbrgen.account.paths import WORKSPACE_FILE, read_at_most

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}
SUFFIXES = {".yaml", ".yml"}


class PathMissing(Exception):
    """A named path does not exist (a usage error)."""


@dataclass(frozen=True)
class Found:
    """The account and workspace files found, each once, in a stable order, and what was skipped and why."""

    accounts: tuple[Path, ...]
    workspaces: tuple[Path, ...]
    skipped: tuple[tuple[Path, str], ...] = ()
    ignored: tuple[Path, ...] = ()  # YAML found in a folder that is not an account file (mkdocs.yml)


class Seen:
    """What one build learns of the file system, so that finding the accounts and ranking the book (which walks
    the workspace again) look at each file once: each path's real path, with each folder resolved once and a
    file by one ``lstat``, and each file's verdict. One per build: a later build looks again."""

    def __init__(self) -> None:
        self.reals: dict[str, str] = {}
        self.dirs: dict[str, str] = {}
        self.verdicts: dict[tuple[str, bool], str | None] = {}

    def real(self, path) -> str:
        """Return ``os.path.realpath(path)``."""
        text = _key(path)
        found = self.reals.get(text)
        if found is None:
            found = self.reals[text] = self._resolve(text)
        return found

    def _resolve(self, text: str) -> str:
        folder, name = os.path.split(text)
        if not folder or not name or name in (".", "..") or ".." in folder.split(os.sep):
            return os.path.realpath(text)  # (a '..' after a link is not lexical: the slow, exact way)
        try:
            if stat.S_ISLNK(os.lstat(text).st_mode):
                return os.path.realpath(text)
        except OSError:
            return os.path.realpath(text)
        real = self.dirs.get(folder)
        if real is None:
            real = self.dirs[folder] = os.path.realpath(folder)
        return os.path.join(real, name)

    def verdict(self, path: Path, named: bool) -> str | None:
        """Return why ``path`` is not taken: "" when a found file is not an account file, a reason when it is
        no regular file, None when it is taken (``named``: given on the command line, always read)."""
        key = (_key(path), named)
        if key not in self.verdicts:
            why = _not_regular(path)
            if why is None and not named and path.name != WORKSPACE_FILE and not _may_be_account(path):
                why = ""
            self.verdicts[key] = why
        return self.verdicts[key]


def _key(path) -> str:
    """Return ``path`` as one text for every way of writing it (relative or not) that names the same file: its
    absolute form, unless a '..' in it may follow a link (then as written)."""
    text = os.fspath(path)
    return text if ".." in text else os.path.abspath(text)


def _not_regular(path: Path) -> str | None:
    """Return why ``path`` cannot be read as an input file, or None when it is a regular file."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return f"a broken link (to {os.readlink(path)})" if path.is_symlink() else "no such file"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) \
        else "a socket" if stat.S_ISSOCK(mode) else "not a regular file"
    return f"{kind}, not a regular file"


IMPORT_MAPPING_FILES = ("qbrgen-import.yaml", "qbrgen-import.yml")  # read by `qbrgen import` only


def discover(paths: tuple[Path, ...] | list[Path], seen: Seen | None = None) -> Found:
    """Return every *.yaml / *.yml under ``paths``; qbrgen.yaml files are workspaces. ``seen``: what the build
    already learnt of these files (its own discovery, when the book's ranking walks the workspace again)."""
    seen = seen or Seen()
    accounts: dict[Path, None] = {}
    workspaces: dict[Path, None] = {}
    skipped: list[tuple[Path, str]] = []
    ignored: list[Path] = []
    seen_files: set[str] = set()
    seen_dirs: set[str] = set()
    for path in paths:
        if not os.path.lexists(path):
            raise PathMissing(str(path))
        if path.is_dir():  # a folder's import mapping (qbrgen-import.yaml) is not an account, nor mkdocs.yml
            files = [f for f in _walk(path, (path, os.path.realpath(path)), seen_dirs, skipped)
                     if f.name not in IMPORT_MAPPING_FILES]
        else:
            files = [path]
        for file in files:
            why = seen.verdict(file, file is path)
            if why:
                skipped.append((file, why))
                continue
            if why is not None:
                ignored.append(file)  # found in a folder, and not an account file (mkdocs.yml)
                continue
            real = seen.real(file)
            if real in seen_files:
                continue  # the same file reached twice (two paths, or a link): built once
            seen_files.add(real)
            target = workspaces if file.name == WORKSPACE_FILE else accounts
            target.setdefault(file, None)
    return Found(tuple(accounts), tuple(workspaces), tuple(skipped), tuple(ignored))


_ACCOUNT_KEY = re.compile(rb"^(version|account|contract)[ \t]*:", re.MULTILINE)


def _may_be_account(path: Path) -> bool:
    """Whether a YAML file found in a folder may be an account file: it has a top-level ``version``,
    ``account`` or ``contract`` key. Other YAML in a repository (mkdocs.yml, a CI workflow, docker-compose.yml)
    is left alone; a file named on the command line is always read."""
    try:
        with open(path, "rb") as fh:
            head = read_at_most(fh, 1 << 20)
    except OSError:
        return True  # let the reader report it
    return bool(_ACCOUNT_KEY.search(head.lstrip(b"\xef\xbb\xbf")))


def _walk(folder: Path, top: tuple[Path, str], seen: set[str], skipped: list) -> list[Path]:
    real = os.path.realpath(folder)
    if real in seen:
        return []
    seen.add(real)
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)  # (the order of sorted Paths, one folder's)
    except OSError as exc:
        skipped.append((folder, f"cannot be listed ({exc.strerror or exc})"))
        return []
    found = []
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()  # (follows a link, as Path.is_dir)
        except OSError:
            is_dir = False
        if is_dir:
            if name in SKIP_DIRS:
                continue
            path = folder / name
            target, (named, real_top) = os.path.realpath(path), top
            if target != real_top and not target.startswith(real_top.rstrip(os.sep) + os.sep):
                skipped.append((path, f"a link to a folder outside {named}; not followed"))
                continue
            found.extend(_walk(path, top, seen, skipped))
        elif os.path.splitext(name)[1].lower() in SUFFIXES:
            found.append(folder / name)
    return found
