"""Write files atomically: a temporary file in the same folder, fsync, then rename over the target.

Only a regular file (or nothing) is ever renamed over. A path that is something else, like a symbolic
link, ``/dev/stdout``, ``/dev/null`` or a FIFO, is written to directly when the user named it (a report,
a portfolio file), and refused inside a build's output folder, where qbrgen owns every file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

from qbrgen.errors import WriteError

TEMP_SUFFIX = ".qbrgen-tmp"  # an interrupted build's leftovers are found and removed by this name


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file atomically; a failure leaves earlier versions of that file untouched.

    Each file is synced before its rename; each folder is synced once, after its last rename.
    """
    for path, data in files.items():
        write_atomic(path, data, sync_folder=False, special="refuse")
    for folder in {path.parent for path in files}:
        fsync_dir(folder)


def _special(path: Path) -> bool:
    """Return whether ``path`` exists and is not a regular file (a link counts, whatever it points to)."""
    try:
        return not stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def write_atomic(path: Path, data: bytes, sync_folder: bool = True, special: str = "write") -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one, never a part.

    When ``path`` is not a regular file, ``special`` says what to do: "write" into it directly (it is
    the user's own target, like /dev/stdout) or "refuse" with a clear error.
    """
    if _special(path):
        if special == "refuse":
            raise WriteError(f"cannot write {path}: it is not a regular file (a link, a device or a folder); "
                             "qbrgen replaces only regular files here, so it was left as it is")
        _write_directly(path, data)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create folder {path.parent}: {exc.strerror or exc}") from None
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, file_mode())  # mkstemp makes a private file; outputs are ordinary documents
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        if sync_folder:
            fsync_dir(path.parent)
    except PermissionError:
        raise WriteError(f"cannot replace {path}: permission denied, or the file is open in another program "
                         "(close it and build again); the previous file is unchanged") from None
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}; the previous file is unchanged") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _write_directly(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None


@lru_cache(maxsize=1)
def file_mode() -> int:
    """Return the permissions a new file gets from the process's umask (0o644 under the usual 022)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def fsync_dir(folder: Path) -> None:
    """Sync a folder's entries to disk (a rename is durable only then); a folder that cannot be opened is skipped."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
