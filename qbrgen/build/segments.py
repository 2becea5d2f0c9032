"""The book's tiers for a build, ranked before any account is loaded, and cheap on a no-op rebuild.

Each account's tier (:mod:`qbrgen.account.segments`) depends on every account file of its workspace. A build
ranks the whole workspace once, reading each file lightly; what each file gave (name, currency, ARR) is kept
by the file's hash beside the manifest, so an unchanged file is never parsed again. The tier is part of the
account's input key: another account's ARR that moves this one across a line rebuilds it, nothing else does.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from qbrgen.account import segments

CACHE_FILE = ".qbrgen-segments.json"


class Tiers:
    """The book tiers of every workspace a build touches, with the light readings cached by file hash."""

    def __init__(self, output: Path) -> None:
        self.path = output / CACHE_FILE
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.cache = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.cache = {}
        self.used: dict[str, object] = {}
        self.books: dict[Path | None, dict[str, str]] = {}
        self.fixed: dict[str, bool] = {}

    def _read(self, path: Path) -> segments.Light | None:
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return None
        row = self.cache.get(digest)
        found = segments.Light.from_list(row) if row is not None else None
        if found is None and row != "-":
            found = segments.read_light(path)
        self.used[digest] = found.as_list() if found is not None else "-"
        self.fixed[os.path.realpath(path)] = bool(found and found.fixed)
        return found

    def tier(self, account: Path, workspace: Path | None) -> str:
        """Return the book's tier for ``account`` ("" when its file fixes its own, or the book is not
        segmented): the part of its input key and what its worker applies."""
        if workspace not in self.books:
            self.books[workspace] = segments.book_tiers(workspace, self._read)
        real = os.path.realpath(account)
        return "" if self.fixed.get(real, True) else self.books[workspace].get(real, "")

    def save(self) -> None:
        """Keep the readings of this build's files (and only those) for the next build."""
        if self.used == self.cache or not self.path.parent.is_dir():
            return
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(json.dumps(self.used, sort_keys=True), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass
