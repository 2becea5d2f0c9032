"""Write files atomically: a temporary file in the same folder, fsync, then rename over the target."""

from __future__ import annotations

import os
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
        write_atomic(path, data, sync_folder=False)
    for folder in {path.parent for path in files}:
        _fsync_dir(folder)


def write_atomic(path: Path, data: bytes, sync_folder: bool = True) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one, never a part."""
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
            _fsync_dir(path.parent)
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


@lru_cache(maxsize=1)
def file_mode() -> int:
    """Return the permissions a new file gets from the process's umask (0o644 under the usual 022)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync_dir(folder: Path) -> None:
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
