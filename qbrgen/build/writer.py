"""Write files atomically: a temporary file in the same folder, fsync, then rename over the target.

Only a regular file (or nothing) is ever renamed over. A path that is something else, like a symbolic
link, ``/dev/stdout``, ``/dev/null`` or a FIFO, is written to directly when the user named it (a report,
a portfolio file), and refused inside a build's output folder, where qbrgen owns every file.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from functools import lru_cache
from pathlib import Path

from qbrgen.errors import WriteError

TEMP_SUFFIX = ".qbrgen-tmp"  # an interrupted build's leftovers are found and removed by this name


def write_all(files: dict[Path, bytes]) -> None:
    """Write a set of files so that either all of them are replaced or none is.

    Every file's bytes are written and synced to a temporary file beside it first; only when all of
    them are on disk are they renamed over their targets, then each folder is synced once. A failure
    while writing (a full disk, a read-only folder) removes the temporary files and leaves every
    earlier version as it was, so an account's outputs never mix two builds.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path in files:
            if _special(path):
                _refuse_special(path)
        for path, data in files.items():
            staged.append((_stage(path, data), path))
        while staged:
            tmp, path = staged[0]
            _replace(tmp, path)
            staged.pop(0)
    finally:
        for tmp, _path in staged:
            _discard(tmp)
    for folder in {path.parent for path in files}:
        fsync_dir(folder)


def _special(path: Path) -> bool:
    """Return whether ``path`` exists and is not a regular file (a link counts, whatever it points to)."""
    try:
        return not stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _refuse_special(path: Path) -> None:
    raise WriteError(f"cannot write {path}: it is not a regular file (a link, a device or a folder); "
                     "qbrgen replaces only regular files here, so it was left as it is")


def write_atomic(path: Path, data: bytes, sync_folder: bool = True, special: str = "write") -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one, never a part.

    When ``path`` is not a regular file, ``special`` says what to do: "write" into it directly (it is
    the user's own target, like /dev/stdout) or "refuse" with a clear error.
    """
    if _special(path):
        if special == "refuse":
            _refuse_special(path)
        _write_directly(path, data)
        return
    tmp = _stage(path, data)
    try:
        _replace(tmp, path)
    except BaseException:
        _discard(tmp)
        raise
    if sync_folder:
        fsync_dir(path.parent)


def cause(exc: OSError, folder: Path) -> str:
    """Return what went wrong in words a user can act on, naming ``folder``."""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"the disk holding {folder} is full (no space left); free some space and build again"
    if exc.errno == errno.EROFS:
        return f"the folder {folder} is on a read-only file system; choose another output folder with -o"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return (f"permission denied in the folder {folder}, or the file is open in another program "
                "(close it, or choose another output folder with -o)")
    return f"{exc.strerror or exc} (in the folder {folder})"


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``path``, synced; return its name (removed on failure)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create folder {path.parent}: {cause(exc, path.parent)}") from None
    tmp = None
    try:
        fd, tmp = _create(path)
        _fill(fd, data)
    except OSError as exc:
        if tmp is not None:
            _discard(tmp)
        raise WriteError(f"cannot write {path.name}: {cause(exc, path.parent)}; nothing was replaced") from None
    except BaseException:
        if tmp is not None:
            _discard(tmp)
        raise
    return tmp


def _create(path: Path) -> tuple[int, str]:
    """Open a new temporary file beside ``path``; return (descriptor, name)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    if hasattr(os, "fchmod"):
        try:
            os.fchmod(fd, file_mode())  # mkstemp makes a private file; outputs are ordinary documents
        except OSError:
            os.close(fd)
            _discard(tmp)
            raise
    return fd, tmp


def _fill(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd``, sync it to disk and close it."""
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _replace(tmp: str, path: Path) -> None:
    """Rename the temporary file over ``path`` (atomic on one file system)."""
    try:
        _rename(tmp, path)
    except OSError as exc:
        raise WriteError(f"cannot replace {path.name}: {cause(exc, path.parent)}; the previous file is unchanged") \
            from None


def _rename(tmp: str, path: Path) -> None:
    os.replace(tmp, path)


def _discard(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except OSError:
        pass


def _write_directly(path: Path, data: bytes) -> None:
    try:
        with open(path, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {cause(exc, path.parent)}") from None


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
