"""The book's tiers for a build, ranked before any account is loaded, and cheap on a no-op rebuild.

Each account's tier (:mod:`qbrgen.account.segments`) depends on every account file of its workspace. A build
ranks the whole workspace once, reading each file lightly. What each built file gave (name, currency, ARR) is
kept in its manifest entry beside the file's hash (``"book"``), so a file the output folder already holds is
never parsed again: a no-op rebuild parses no account file. The tier is part of the account's input key:
another account's ARR that moves this one across a line rebuilds it, nothing else does.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from qbrgen.account import segments
from qbrgen.account.discover import Seen


class Tiers:
    """The book tiers of every workspace a build touches, with each file's reading found by its hash."""

    def __init__(self, entries: dict, seen: Seen) -> None:
        self.cache: dict[str, list] = {}
        for entry in entries.values():  # what earlier builds read of each file, by the file's hash
            book = entry.get("book") if isinstance(entry, dict) else None
            if isinstance(book, list) and len(book) == 5 and isinstance(book[0], str):
                self.cache[book[0]] = book[1:]
        self.rows: dict[str, list] = {}  # real path of each file read in this build: [hash, *reading]
        self.books: dict[Path | None, dict[str, str]] = {}
        self.seen = seen  # what the build's discovery learnt of each file (its real path)
        self.real = seen.real

    def _read(self, path: Path) -> segments.Light | None:
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            return None
        row = self.cache.get(digest)
        found = segments.Light.from_list(row) if row is not None else None
        if found is None:
            found = segments.read_light(path)
        if found is not None:
            self.rows[self.real(path)] = [digest, *found.as_list()]
        return found

    def tier(self, account: Path, workspace: Path | None) -> tuple[str, list | None]:
        """Return (the book's tier for ``account``, what its manifest entry keeps of it): "" when its file fixes
        its own tier or the book is not segmented."""
        if workspace not in self.books:
            self.books[workspace] = segments.book_tiers(workspace, self._read, self.seen)
        real = self.real(account)
        row = self.rows.get(real)
        if row is None or row[4]:  # not in the book, or account.tier / qbr.length: none in the file
            return "", row
        return self.books[workspace].get(real, ""), row
