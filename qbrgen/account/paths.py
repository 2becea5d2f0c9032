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


def read_at_most(fh, limit: int) -> bytes:
    """Return up to ``limit`` bytes of the open binary file ``fh`` from where it stands. ``fh.read(limit)``
    alone reserves ``limit`` bytes first, whatever the file's size: megabytes for every small account file."""
    try:
        size = os.fstat(fh.fileno()).st_size - fh.tell()
    except (OSError, AttributeError, ValueError):
        size = limit
    want = min(limit, max(size, 0) + 1)
    data = fh.read(want)
    if len(data) == want and want < limit:  # the file grew since it was measured: read on, up to the limit
        data += fh.read(limit - want)
    return data
