"""Where account and workspace files are, and how a path is shown: light (no model, no pydantic), so a
no-op rebuild that only plans can import it."""

from __future__ import annotations

import os
from pathlib import Path

WORKSPACE_FILE = "qbrgen.yaml"


def located(path: Path) -> Path:
    """Return ``path`` made absolute with its folder resolved, keeping a symlink at its end as the link.

    A symlinked account file belongs where the link is: its workspace and logo folder are found
    from there, never from the link target's folder.
    """
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name


def find_workspace(start: Path) -> Path | None:
    """Return the nearest qbrgen.yaml in ``start`` or a parent folder, as git finds its repository."""
    folder = located(start)
    if not folder.is_dir():
        folder = folder.parent
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / WORKSPACE_FILE
        if path.is_file():
            return path
    return None


def display_path(path: Path) -> str:
    """Return ``path`` as the user should see it: relative to the working folder when inside it.

    A symbolic link is shown under its own name, never its target's.
    """
    absolute, cwd = os.path.abspath(path), os.getcwd()  # strings: a build shows thousands of paths
    if absolute == cwd:
        return "."
    prefix = cwd.rstrip(os.sep) + os.sep
    return absolute[len(prefix):] if absolute.startswith(prefix) else str(path)
