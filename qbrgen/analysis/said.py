"""A sentence the analysis decides once and a document writes later, in the document's language.

The figures are computed once per build, possibly before the language of the document being written is
known (and the account plan, built from the same figures, stays English). So a judgment's sentence is kept
as a deferred call, ``Said(lambda: _("...", name=value))``, evaluated when a document prints it:
``str(said)`` in the current language, ``said.english`` always in English. The messages inside the lambda
are ordinary ``_``/``ngettext`` calls, so the catalog extraction finds them.
"""

from __future__ import annotations

from collections.abc import Callable

from qbrgen.i18n import SOURCE, language


class Said:
    """A sentence written when printed; two are equal when they say the same in English."""

    __slots__ = ("_write",)

    def __init__(self, write: Callable[[], str]):
        self._write = write

    def __str__(self) -> str:
        return self._write()

    @property
    def english(self) -> str:
        with language(SOURCE):
            return self._write()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Said) and other.english == self.english

    def __hash__(self) -> int:
        return hash(self.english)

    def __repr__(self) -> str:
        return f"Said({self.english!r})"


def text(parts, sep: str = "; ") -> str:
    """Return parts (Said sentences, or the account's own words as str) joined, each in the current language."""
    return sep.join(str(p) for p in parts if p)
