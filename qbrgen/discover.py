"""Find account and workspace files under the paths a user names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qbrgen.validate import WORKSPACE_FILE

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", "venv", ".tox"}


class PathMissing(Exception):
    """A named path does not exist (a usage error)."""


@dataclass(frozen=True)
class Found:
    """The account and workspace files found, each once, in a stable order."""

    accounts: tuple[Path, ...]
    workspaces: tuple[Path, ...]


def discover(paths: tuple[Path, ...] | list[Path]) -> Found:
    """Return every *.yaml / *.yml under ``paths``; qbrgen.yaml files are workspaces."""
    accounts: dict[Path, None] = {}
    workspaces: dict[Path, None] = {}
    for path in paths:
        if not path.exists():
            raise PathMissing(str(path))
        files = sorted(_walk(path)) if path.is_dir() else [path]  # a device or FIFO: the loader says so
        for file in files:
            target = workspaces if file.name == WORKSPACE_FILE else accounts
            target.setdefault(file, None)
    return Found(tuple(accounts), tuple(workspaces))


def _walk(folder: Path):
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            if entry.name not in SKIP_DIRS and not entry.name.startswith("."):
                yield from _walk(entry)
        elif entry.suffix.lower() in {".yaml", ".yml"} and not entry.name.startswith("."):
            yield entry
