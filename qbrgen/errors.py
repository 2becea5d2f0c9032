"""User-facing problems and errors.

Every problem qbrgen reports about a user's input is a :class:`Problem` that knows its
file, line and field path, and prints as ``file:line: field.path: message``. Errors that stop a
command are :class:`QbrgenError` subclasses; the CLI prints their ``format_message()`` and
exits with their ``exit_code``, never with a traceback.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]  # note: what a build will do, neither wrong nor suspicious


_OBJECT_REPR = re.compile(r"<_?[\w.]+ object at 0x[0-9a-fA-F]+>")


def printable(text: str) -> str:
    """Return ``text`` safe to print: invisible and direction-changing characters shown as escapes.

    A right-to-left override or a zero-width space in a file name or value would otherwise make a
    message read differently from what it says; an object's memory address says nothing to a user.
    """
    text = _OBJECT_REPR.sub("the file's data", text)
    return "".join(c if c in "\n\t" or unicodedata.category(c) not in ("Cf", "Cc", "Zl", "Zp")
                   else f"\\u{ord(c):04x}" for c in text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or suspicious) in one input file."""

    file: str
    line: int | None
    path: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [where]
        if self.path:
            parts.append(self.path)
        text = printable(": ".join(parts) + f": {self.message}")
        return text if self.severity == "error" else f"{text} ({self.severity})"

    def as_dict(self) -> dict[str, object]:
        """Return the problem as a JSON-ready mapping."""
        return {
            "file": self.file,
            "line": self.line,
            "path": self.path,
            "message": self.message,
            "severity": self.severity,
        }


class QbrgenError(Exception):
    """Base class of every error meant for the user; exit status 1."""

    exit_code = 1

    def format_message(self) -> str:
        """Return the text shown to the user."""
        return str(self)


class InputError(QbrgenError):
    """One or more input files are invalid; carries every problem found."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__(self.format_message())

    def format_message(self) -> str:
        """Return one line per problem."""
        return "\n".join(str(p) for p in self.problems)


class TemplateError(QbrgenError):
    """A team template or HTML template cannot be used."""


class RenderError(QbrgenError):
    """A renderer could not produce its output."""


class WriteError(QbrgenError):
    """An output file could not be written or replaced."""
