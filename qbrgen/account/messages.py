"""A team's own words: check a workspace's ``messages/<lang>.po`` files before any document uses them.

Each file overrides qbrgen's messages in one language for the workspace's documents. ``validate`` reports,
one line per problem: a file that is not a catalog (syntax), a file named for no language, a link or a file
outside the workspace (refused), a message id qbrgen does not have (a typo, or a sentence since reworded:
a warning, the entry has no effect), a translation using a {placeholder} the message lacks (an error: the
sentence would fail, so the source is used) and one leaving a placeholder out (a warning: a team may greet
"Sehr geehrte Damen und Herren" without the names; a price sentence must keep its figures).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from qbrgen.account.paths import display_path
from qbrgen.errors import Problem
from qbrgen.i18n import CATALOGS, PSEUDO, placeholders, read_catalog

MAX_BYTES = 2_000_000  # a catalog of every qbrgen message in one language is about 200 KB


@lru_cache(maxsize=1)
def known_ids() -> frozenset:
    """Return every (msgid, context) qbrgen's sources use, from the shipped template."""
    template = CATALOGS / "qbrgen.pot"
    if not template.is_file():
        return frozenset()
    return frozenset((_key(m.id), m.context) for m in read_catalog(template) if m.id)


def _key(message_id) -> str:
    return message_id[0] if isinstance(message_id, (list, tuple)) else message_id


def check_messages(root: Path) -> list[Problem]:
    """Return the problems of the workspace's message overrides (none when it has no messages folder)."""
    folder = root / "messages"
    if not folder.is_dir():
        return []
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.suffix != ".po":
            continue
        shown = display_path(path)
        if path.is_symlink() or not path.is_file():
            problems.append(Problem(shown, None, "", "refused: a message file must be a regular file inside the "
                                                     "workspace, not a link; copy it in"))
            continue
        problems.extend(_check_file(path, shown))
    return problems


def _check_file(path: Path, shown: str) -> list[Problem]:
    from babel import Locale, UnknownLocaleError
    from babel.messages.pofile import PoFileError

    if path.stat().st_size > MAX_BYTES:
        return [Problem(shown, None, "", f"larger than {MAX_BYTES // 1_000_000} MB; a message file holds "
                                         "sentences, not data")]
    problems = []
    try:
        Locale.parse(path.stem)
    except (ValueError, UnknownLocaleError):
        if path.stem != PSEUDO:
            problems.append(Problem(shown, None, "", f"'{path.stem}' is not a language: name the file for the "
                                                     "language it overrides, like de.po or pt_BR.po", "warning"))
    try:
        catalog = read_catalog(path)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        return [*problems, Problem(shown, line, "", f"not a readable .po file: {exc}")]
    known = known_ids()
    for message in catalog:
        if not message.id:
            continue
        line = message.lineno
        source = _key(message.id)
        where = f"msgid \"{_short(source)}\""
        if known and (source, message.context) not in known:
            problems.append(Problem(shown, line, where, "qbrgen has no such message (a typo, or reworded since); "
                                                        "this entry changes nothing", "warning"))
            continue
        sources = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        wanted = set().union(*(placeholders(s) for s in sources))
        for text in strings:
            if text and placeholders(text) - wanted:
                extra = ", ".join("{" + n + "}" for n in sorted(placeholders(text) - wanted))
                problems.append(Problem(shown, line, where, f"the translation uses {extra}, which the message does "
                                                            f"not have (it has: {_names(wanted)})"))
                break
            if text and len(sources) == 1 and wanted - placeholders(text):
                missing = ", ".join("{" + n + "}" for n in sorted(wanted - placeholders(text)))
                problems.append(Problem(shown, line, where, f"the translation leaves out {missing}, so the documents "
                                                            "will not show it there (fine for a greeting, not for a "
                                                            "price)", "warning"))
                break
    return problems


def _names(names: set[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names)) or "none"


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
