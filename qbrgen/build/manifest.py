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
            and isinstance(entry.get("slug_source", []), list) and isinstance(entry.get("lint", ""), str))


def load(output: Path) -> tuple[dict, str | None]:
    """Return (entries, warning): the manifest with any journal of an interrupted build folded in.

    A manifest of another qbrgen version is ignored quietly; one that cannot be read or has the
    wrong shape is treated as empty, with a warning (everything is rebuilt).
    """
    path = output / MANIFEST
    entries: dict = {}
    warning = None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = None
    except (OSError, ValueError, UnicodeDecodeError):
        data, warning = None, f"{path}: cannot be read as a qbrgen manifest; every account is rebuilt"
    if isinstance(data, dict) and data.get("qbrgen") == __version__:
        accounts = data.get("accounts")
        if isinstance(accounts, dict) and all(isinstance(k, str) and _entry_ok(v) for k, v in accounts.items()):
            entries = accounts
        else:
            warning = f"{path}: not shaped like a qbrgen manifest; every account is rebuilt"
    elif data is not None and not isinstance(data, dict):
        warning = f"{path}: not shaped like a qbrgen manifest; every account is rebuilt"
    _replay(output / JOURNAL, entries)
    return entries, warning


def _replay(path: Path, entries: dict) -> None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return
    for line in lines:
        try:
            record = json.loads(line)
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
            self._fh = open(self.output / JOURNAL, "a", encoding="utf-8")  # noqa: SIM115 - open for the build
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
    write_atomic(output / MANIFEST, text.encode("utf-8"), special="refuse")
    try:
        (output / JOURNAL).unlink()
    except FileNotFoundError:
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


class Lock:
    """An exclusive lock on the output folder, so two builds never interleave their manifests."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self._fd: int | None = None
        self._created = False

    def acquire(self, echo) -> None:
        """Take the lock; when another build holds it, say so and wait for it to finish."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory locks on folders
            return
        self._created = not self.output.exists()
        try:
            self.output.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.output, os.O_RDONLY)
        except OSError as exc:
            raise WriteError(f"cannot use {self.output} as the output folder: {exc.strerror or exc}") from None
        _HELD.add(self._fd)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            echo(f"another qbrgen build is writing into {self.output}; waiting for it to finish")
            fcntl.flock(self._fd, fcntl.LOCK_EX)

    def release(self) -> None:
        """Release the lock; a folder created only to hold it, and left empty, is removed again."""
        if self._created:
            try:
                self.output.rmdir()
            except OSError:
                pass
        if self._fd is not None:
            _HELD.discard(self._fd)
            os.close(self._fd)  # closing the descriptor releases the lock
            self._fd = None
