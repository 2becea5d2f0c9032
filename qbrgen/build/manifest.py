"""The build manifest: which inputs each account's outputs were made from, recorded as the files land.

``.qbrgen-manifest.json`` in the output folder maps each account (its real path relative to the output
folder's parent, so the folder a build starts from does not matter) to the hash of its inputs, the
files it depends on and the outputs it owns. While a build runs, ``.qbrgen-journal.jsonl`` beside it
records, first, that every account about to be rebuilt is pending (synced before any output is
written), then each account's new entry once its files are written. A build killed at any moment
therefore leaves a manifest that is never ahead of the files: an account whose files may have changed
is pending, and pending accounts are rebuilt and never called current. The journal is folded into the
manifest when the build ends. The outputs an entry owns are what a later build may remove when it no
longer makes them; nothing else is ever removed, apart from internal files in a folder built for customers.

Each output is recorded with its size and SHA-256 (and, as a shortcut, its inode and change time): an
output that was edited, truncated, replaced or turned into a link is stale, and is rebuilt. The manifest
and the journal are read only when they are regular files of bounded size; anything else (a link, a
FIFO, a device, a file nested too deep to parse) is ignored with a warning and replaced at the end.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from qbrgen import __version__
from qbrgen.errors import WriteError
from qbrgen.render.registry import RENDERERS

MANIFEST = ".qbrgen-manifest.json"
JOURNAL = ".qbrgen-journal.jsonl"
MAX_BYTES = 256 * 1024 * 1024  # a manifest of 100,000 accounts is ~60 MB; past this it is not ours
# the only file names a build ever removes (and only inside the output folder, when the manifest owns them)
OUTPUT_NAMES = frozenset({name for _, _, name in RENDERERS.values()} | {"qbr-deck-INTERNAL.pptx"})
INTERNAL_NAMES = frozenset(n for n in OUTPUT_NAMES if "INTERNAL" in n)


def key_base(output: Path) -> str:
    """Return the folder manifest keys are relative to: the real parent of the output folder."""
    return os.path.dirname(os.path.realpath(output))


def _realpath(path: Path, dirs: dict[str, str]) -> str:
    """Return os.path.realpath(path), resolving each folder once in ``dirs`` (one build: a few thousand
    files in a few folders); the file itself is checked for being a link every time."""
    text = os.path.abspath(path)
    folder, name = os.path.split(text)
    if not name or name in (".", "..") or os.path.islink(text):
        return os.path.realpath(text)
    if folder not in dirs:
        dirs[folder] = os.path.realpath(folder)
    return os.path.join(dirs[folder], name)


def account_key(path: Path, output: Path, base: str | None = None, dirs: dict | None = None) -> str:
    """Return the manifest key of an account: its real path, relative to the output folder's parent
    (``base``, from :func:`key_base`, and ``dirs``, the real paths of folders, kept by a caller naming many)."""
    real = _realpath(path, {} if dirs is None else dirs)
    base = key_base(output) if base is None else base
    prefix = base.rstrip(os.sep) + os.sep
    if real.startswith(prefix):
        return Path(real[len(prefix):]).as_posix()
    return Path(real).as_posix()


def hash_file(path: Path, roots: tuple[Path, ...] = ()) -> str:
    """Return the SHA-256 of a regular file (inside one of ``roots`` when given), else 'missing'.

    A manifest is input like any other: a dependency it names that is a device, a FIFO or a file
    outside the workspace is never read.
    """
    try:
        real = Path(os.path.realpath(path)) if roots else path  # without roots, only the content matters
        if roots and not any(real == r or r in real.parents for r in roots):
            return "missing"
        if not stat.S_ISREG(os.stat(real).st_mode):
            return "missing"
        return hashlib.sha256(real.read_bytes()).hexdigest()
    except (OSError, ValueError):
        return "missing"


def _entry_ok(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    key, deps, outputs, folder = entry.get("key"), entry.get("deps", {}), entry.get("outputs", []), \
        entry.get("folder", "")
    return ((key is None or isinstance(key, str)) and isinstance(folder, str)
            and isinstance(deps, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in deps.items())
            and isinstance(outputs, list) and all(isinstance(o, str) for o in outputs)
            and isinstance(entry.get("slug_source", []), list) and isinstance(entry.get("lint", ""), str)
            and _sums_ok(entry.get("sums", {})))


def _sums_ok(sums: object) -> bool:
    return isinstance(sums, dict) and all(
        isinstance(k, str) and isinstance(v, list) and len(v) == 4 and isinstance(v[0], int)
        and isinstance(v[1], str) and isinstance(v[2], int) and isinstance(v[3], int) for k, v in sums.items())


def output_sums(files: dict[Path, bytes], output: Path) -> dict[str, list]:
    """Return, per output written (relative to ``output``): [size, SHA-256, inode, change time in ns]."""
    sums = {}
    for path, data in files.items():
        try:
            info = os.lstat(path)
        except OSError:
            continue
        sums[path.relative_to(output).as_posix()] = [len(data), hashlib.sha256(data).hexdigest(),
                                                     info.st_ino, info.st_ctime_ns]
    return sums


def outputs_intact(entry: dict, output: Path) -> bool:
    """Return whether every output of ``entry`` is the regular file the build wrote (size and hash).

    A file whose inode and change time are those recorded is taken as written; any other is hashed.
    A link, a folder or a device in an output's place is never followed: the output is stale.
    """
    sums = entry.get("sums")
    if not isinstance(sums, dict) or set(sums) != set(entry.get("outputs", [])):
        return False
    for name, (size, digest, ino, ctime) in sums.items():
        path = output / name
        try:
            info = os.lstat(path)
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return False
        if info.st_ino == ino and info.st_ctime_ns == ctime:
            continue
        if _hash_regular(path) != digest:
            return False
    return True


def _hash_regular(path: Path) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return "missing"
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return "missing"
        h = hashlib.sha256()
        while chunk := fh.read(1 << 20):
            h.update(chunk)
        return h.hexdigest()


def _read_own_file(path: Path) -> tuple[str | None, str | None]:
    """Return (text, why-not): the text of a regular file of bounded size, never following a link.

    A FIFO is opened without blocking and a device or link is never read, so a planted one cannot hang
    or flood the build.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        return None, f"cannot be inspected ({exc.strerror or exc})"
    if not stat.S_ISREG(info.st_mode):
        kind = ("a symbolic link" if stat.S_ISLNK(info.st_mode) else "a FIFO" if stat.S_ISFIFO(info.st_mode)
                else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "not a regular file")
        return None, f"is {kind}, not a file qbrgen wrote; ignored, every account is rebuilt"
    if info.st_size > MAX_BYTES:
        return None, f"is {info.st_size // (1024 * 1024)} MB, larger than any qbrgen manifest; ignored"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None, "is not a regular file; ignored, every account is rebuilt"
            data = fh.read(MAX_BYTES + 1)
        return data.decode("utf-8"), None
    except (OSError, UnicodeDecodeError):
        return None, "cannot be read as a qbrgen manifest; every account is rebuilt"


class _TooDeep(ValueError):
    pass


def _json(text: str) -> object:
    """Parse JSON; raise ValueError for text nested too deep to be a manifest (never a RecursionError)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise _TooDeep("nested too deep") from None


def load(output: Path) -> tuple[dict, str | None]:
    """Return (entries, warning): the manifest with any journal of an interrupted build folded in.

    A manifest of another qbrgen version is ignored quietly; one that cannot be read or has the
    wrong shape is treated as empty, with a warning (everything is rebuilt).
    """
    path = output / MANIFEST
    entries: dict = {}
    warning = None
    text, why = _read_own_file(path)
    data = None
    if why:
        warning = f"{path}: {why}"
    elif text is not None:
        try:
            data = _json(text)
        except ValueError:
            warning = f"{path}: cannot be read as a qbrgen manifest; every account is rebuilt"
    if isinstance(data, dict) and data.get("qbrgen") == __version__:
        accounts = data.get("accounts")
        if isinstance(accounts, dict) and all(isinstance(k, str) and _entry_ok(v) for k, v in accounts.items()):
            entries = accounts
        else:
            warning = f"{path}: not shaped like a qbrgen manifest; every account is rebuilt"
    elif data is not None and not isinstance(data, dict):
        warning = f"{path}: not shaped like a qbrgen manifest; every account is rebuilt"
    journal = _replay(output / JOURNAL, entries)
    if journal:  # what the last build was doing is unknown: nothing is called current
        entries = {name: {**entry, "key": None} for name, entry in entries.items()}
    return entries, warning or journal


def _replay(path: Path, entries: dict) -> str | None:
    text, why = _read_own_file(path)
    if text is None:
        return f"{path}: {why}" if why else None
    for line in text.splitlines():
        try:
            record = _json(line)
        except _TooDeep:
            return f"{path}: nested too deep to be a qbrgen journal; ignored, every account is rebuilt"
        except ValueError:
            continue  # the last line of a killed build may be cut short
        if not isinstance(record, dict) or not isinstance(record.get("account"), str):
            continue
        name = record["account"]
        if record.get("pending"):
            outputs = [o for o in record.get("outputs", []) if isinstance(o, str)]
            old = entries.get(name) or {"deps": {}, "outputs": []}
            entries[name] = {**old, "key": None, "outputs": list(dict.fromkeys([*old["outputs"], *outputs]))}
        elif _entry_ok(record.get("entry")):
            entries[name] = record["entry"]
    return None


def owned_outputs(entry: dict, output: Path) -> list[Path]:
    """Return the files an entry says a build wrote: only qbrgen's own names, only inside ``output``."""
    base = None
    found = []
    for name in entry.get("outputs", []):
        rel = Path(name)
        if rel.name not in OUTPUT_NAMES or rel.is_absolute() or ".." in rel.parts:
            continue
        path = output / rel
        if len(rel.parts) != 2 or os.path.islink(path.parent):  # else the folder lies directly in the output
            base = base or Path(os.path.realpath(output))
            if Path(os.path.realpath(path.parent)).parent != base:
                continue  # one folder per account, directly inside the output folder
        found.append(path)
    return found


def leftovers(entry: dict | None, outputs: list[str], folder: Path, output: Path, audience: str) -> list[Path]:
    """Return files to remove beside an account's ``outputs``: ones the manifest owns that the build no longer
    makes, and, in a folder built for customers, internal files that the build did not make."""
    if entry and entry.get("outputs") == list(outputs):
        owned = set()  # what it owns is what it keeps (the no-op rebuild of a whole book)
    else:
        owned = set(owned_outputs(entry, output)) if entry else set()
    internal = {Path(f) for n in INTERNAL_NAMES if os.path.lexists(f := os.path.join(folder, n))} \
        if audience == "customer" else set()
    found = [p for p in owned | internal if p.is_file() and not p.is_symlink()]
    if not found:
        return []
    keep = {output / o for o in outputs}
    return sorted(p for p in found if p not in keep)


def unclaimed(paths: list[Path], entries: dict, owner: str | None, output: Path) -> list[Path]:
    """Return ``paths`` less any file another account's entry owns (two accounts may have shared a folder)."""
    if not paths:
        return paths
    claimed = {output / o for name, e in entries.items() if name != owner for o in e.get("outputs", [])}
    return [p for p in paths if p not in claimed]


def unlink_replaced(entry: dict | None, output: Path, echo) -> None:
    """Remove the link, FIFO or device found where an entry's output was (the entry, never what it points to),
    so the rebuild writes a regular file there again."""
    for path in owned_outputs(entry, output) if entry else []:
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            continue
        if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
            try:
                path.unlink()
            except OSError:
                continue
            echo(f"{path}: was replaced by a link or special file; rebuilt as a regular file")


def remove(paths: list[Path], output: Path, echo) -> None:
    """Remove stale outputs, saying so for each, and their account's folder once it is empty."""
    for path in paths:
        try:
            path.unlink()
        except OSError as exc:
            echo(f"cannot remove stale output {path}: {exc.strerror or exc}")
            continue
        internal = " (an internal file in a folder built for customers)" if "INTERNAL" in path.name else ""
        echo(f"removed stale output {path}{internal}")
        if path.parent != output:
            try:
                path.parent.rmdir()  # only when empty: files qbrgen did not write stay
            except OSError:
                pass


def orphans(entries: dict, output: Path) -> list[str]:
    """Return the manifest names of accounts whose file no longer exists (deleted or renamed)."""
    base = Path(os.path.realpath(output)).parent
    return [name for name in entries if not os.path.lexists(base / name)]


class Journal:
    """The record of one build in progress: pending accounts first, then each entry as its files land."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self._fh = None

    def _open(self):
        if self._fh is None:
            self.output.mkdir(parents=True, exist_ok=True)
            _unlink_special(self.output / JOURNAL)
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
            try:
                fd = os.open(self.output / JOURNAL, flags, 0o666)
            except OSError as exc:
                raise WriteError(f"cannot write {self.output / JOURNAL}: {exc.strerror or exc}") from None
            self._fh = os.fdopen(fd, "a", encoding="utf-8")
        return self._fh

    def pending(self, accounts: list[tuple[str, list[str]]]) -> None:
        """Record, durably, that these accounts' outputs (every file they own or will write) are about to change."""
        if not accounts:
            return
        lines = (json.dumps({"account": name, "pending": True, "outputs": outputs}) for name, outputs in accounts)
        self._open().write("".join(line + "\n" for line in lines))
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def record(self, name: str, entry: dict) -> None:
        """Record one account's entry once its files are written (losing it only means a rebuild)."""
        self._open().write(json.dumps({"account": name, "entry": entry}) + "\n")
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def save(output: Path, entries: dict) -> None:
    """Write the manifest atomically, then drop the journal it now contains."""
    from qbrgen.build.writer import write_atomic

    text = json.dumps({"qbrgen": __version__, "accounts": dict(sorted(entries.items()))}, indent=1)
    _unlink_special(output / MANIFEST)
    write_atomic(output / MANIFEST, text.encode("utf-8"), special="refuse")
    try:
        (output / JOURNAL).unlink()
    except FileNotFoundError:
        pass


def _unlink_special(path: Path) -> None:
    """Remove a link, FIFO or device found in the place of qbrgen's own bookkeeping file (only the entry)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) and not stat.S_ISDIR(os.lstat(path).st_mode):
            path.unlink()
    except OSError:
        pass


_HELD: set[int] = set()  # descriptors holding a lock: a forked worker closes its copies, so that a
# worker outliving a killed build can never keep the next build waiting


def _close_held_in_child() -> None:
    for fd in _HELD:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held_in_child)


LOCK_FILE = ".qbrgen-lock"


class Lock:
    """An exclusive lock on the output folder, so two builds never interleave their manifests.

    The lock is the ``filelock`` package's on ``.qbrgen-lock`` in the output folder: an OS lock (``flock`` on
    Linux and macOS, ``msvcrt`` on Windows) that the system releases when the build's process ends, however
    it ends. The file itself stays (removing it would let a third build lock a new file while a second still
    waits on the old one), except in a folder created only to hold it.
    """

    def __init__(self, output: Path) -> None:
        self.output = output
        self._lock = None
        self._fd: int | None = None
        self._created = False

    def acquire(self, echo) -> None:
        """Take the lock; when another build holds it, say so and wait for it to finish."""
        from filelock import FileLock, Timeout

        self._created = not self.output.exists()
        try:
            self.output.mkdir(parents=True, exist_ok=True)
            self._lock = FileLock(str(self.output / LOCK_FILE))
            try:
                self._lock.acquire(timeout=0)
            except Timeout:
                echo(f"another qbrgen build is writing into {self.output}; waiting for it to finish")
                self._lock.acquire()
        except OSError as exc:
            raise WriteError(f"cannot use {self.output} as the output folder: {exc.strerror or exc}") from None
        context = getattr(self._lock, "_context", self._lock)  # where filelock keeps the open descriptor
        self._fd = getattr(context, "lock_file_fd", None)
        if self._fd is not None:
            _HELD.add(self._fd)

    def release(self) -> None:
        """Release the lock; a folder created only to hold it, and left empty, is removed again."""
        if self._fd is not None:
            _HELD.discard(self._fd)
            self._fd = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if self._created and [p.name for p in self.output.iterdir()] == [LOCK_FILE]:
            try:
                (self.output / LOCK_FILE).unlink()
                self.output.rmdir()
            except OSError:
                pass
