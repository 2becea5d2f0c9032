"""Measure text with real font metrics, so layouts can shrink or split before anything overflows.

Widths come from the advance widths of the bundled twin of the document's font (Carlito for
Calibri, Liberation Sans for Arial: :mod:`qbrgen.brandkit.fonts`), chosen for a render with
:func:`measuring`. A font with no bundled twin is measured with the widest of them all plus a
margin (:data:`SAFETY`), and CJK as full-width em squares, so nothing measured to fit overflows.
Lines wrap at spaces and, for words longer than a line, between characters, as PowerPoint does.
"""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
from contextvars import ContextVar
from functools import lru_cache

from fontTools.ttLib import TTFont

from qbrgen.i18n import KATAKANA_WORD
from qbrgen.render.assets import templates_dir

# The bundled Liberation fonts stamp their 'created' date as a Unix time; fontTools reads it right and says
# so on every load ("timestamp seems very low"), which a user would take for a problem with the build.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)

LINE_SPACING = 1.2
# Lines are filled to 97% of their width: PowerPoint's and LibreOffice's hinting and kerning make text
# a little wider than the sum of its advance widths, and a line measured as just fitting would wrap there.
FILL = 0.97
MISSING_WIDTH = 0.6  # em width assumed for characters the font lacks (CJK is ~1.0: see below)
SAFETY = 1.1  # an unknown font's characters: 10% wider than the widest bundled twin's
_BUNDLED = {"*": ("Carlito-Regular.ttf", "LiberationSans-Regular.ttf", "DejaVuSans.ttf"),
            "*bold": ("Carlito-Bold.ttf", "LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf")}


_FACE: ContextVar[tuple[str, str]] = ContextVar("face", default=("Carlito-Regular.ttf", "Carlito-Bold.ttf"))
_KEEP: ContextVar[tuple[str, ...]] = ContextVar("keep", default=())


@contextlib.contextmanager
def measuring(face, keep: tuple[str, ...] = ()):
    """Measure with ``face``'s twin (a :class:`qbrgen.brandkit.fonts.Face`) inside the ``with`` block; the
    East Asian names in ``keep`` (the customer's) are never broken across lines."""
    token = _FACE.set((face.regular, face.bold))
    token_keep = _KEEP.set(tuple(k for k in keep if k and _has_wide(k) and len(k) <= 16))
    try:
        yield
    finally:
        _FACE.reset(token)
        _KEEP.reset(token_keep)


def _metrics(bold: bool) -> tuple[dict[int, float], float]:
    return _file_metrics(_FACE.get()[1 if bold else 0])


@lru_cache(maxsize=8)
def _file_metrics(name: str) -> tuple[dict[int, float], float]:
    if name in _BUNDLED:  # a font with no twin: each character as wide as the widest twin's, plus SAFETY
        widths: dict[int, float] = {}
        for file in _BUNDLED[name]:
            for code, w in _file_metrics(file)[0].items():
                widths[code] = max(widths.get(code, 0.0), w * SAFETY)
        return widths, 1
    with TTFont(templates_dir() / "fonts" / name, lazy=True) as font:
        upem = font["head"].unitsPerEm
        hmtx = font["hmtx"].metrics
        widths = {code: hmtx[glyph][0] / upem for code, glyph in font.getBestCmap().items()}
    return widths, upem


# Space viewers put between East Asian and Latin letters or digits (LibreOffice's Asian autospacing adds
# about a quarter em there; PowerPoint less): measured, so a figure like "￥120万 a year" keeps its line.
AUTOSPACE = 0.25


@lru_cache(maxsize=4096)
def _east_asian(ch: str) -> float:
    """Return the em width an East Asian font gives ``ch`` whatever the Latin font holds: 1 for wide and
    full-width characters (Unicode East Asian Width W or F), 0.5 for half-width ones (H: half-width kana),
    0 for the rest (measured in the Latin font)."""
    eaw = unicodedata.east_asian_width(ch)
    return 1.0 if eaw in ("W", "F") else (0.5 if eaw == "H" else 0.0)


def _char_width(ch: str, widths: dict[int, float]) -> float:
    wide = _east_asian(ch)
    if wide:
        return wide  # drawn in the East Asian font: an em square (or half of one), whatever the Latin font has
    w = widths.get(ord(ch))
    if w is not None:
        return w
    return MISSING_WIDTH


def _has_wide(text: str) -> bool:
    """Return whether ``text`` holds a wide or full-width character (Chinese, Japanese, Korean)."""
    return not text.isascii() and any(_east_asian(ch) for ch in text)


def _em_width(text: str, bold: bool) -> float:
    """Return the width of ``text`` in ems (points at 1 pt) in the face being measured."""
    return _file_em_width(_FACE.get()[1 if bold else 0], text)


@lru_cache(maxsize=1 << 16)
def _file_em_width(name: str, text: str) -> float:
    """Return the width of ``text`` in ems in the metrics ``name``; cached, as a long table repeats its words."""
    widths, _ = _file_metrics(name)
    width = sum(_char_width(ch, widths) for ch in text)
    if len(text) > 1 and _has_wide(text):  # the gap viewers leave between East Asian and Latin characters
        width += AUTOSPACE * sum(1 for a, b in zip(text, text[1:], strict=False) if _autospaced(a, b))
    return width


def _autospaced(a: str, b: str) -> bool:
    """Return whether a viewer widens the gap between ``a`` and ``b``: an East Asian character beside a Latin
    letter, a digit or a space (LibreOffice spaces a space next to CJK text too)."""
    return (bool(_east_asian(a)) and (b.isalnum() or b == " ") and not _east_asian(b)) or \
        (bool(_east_asian(b)) and (a.isalnum() or a == " ") and not _east_asian(a))


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the width of one line of ``text`` in points."""
    return _em_width(text, bold) * size_pt


def wrap(text: str, width_pt: float, size_pt: float, bold: bool = False) -> list[str]:
    """Return ``text`` broken into lines no wider than ``width_pt`` (less the FILL margin); long words break
    between characters. East Asian text also breaks between its characters, never inside an amount or a
    name being kept (:func:`measuring`), nor before closing punctuation (:func:`wide_lines`)."""
    widths, _ = _metrics(bold)
    width_pt *= FILL
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if _has_wide(paragraph):
            lines.extend(_wrap_wide(paragraph, width_pt, size_pt, bold, widths))
            continue
        line, used = "", 0.0
        for word in paragraph.split(" "):
            w = _em_width(word, bold) * size_pt
            space = _char_width(" ", widths) * size_pt if line else 0.0
            if used + space + w <= width_pt:
                line, used = (f"{line} {word}" if line else word), used + space + w
                continue
            if line:
                lines.append(line)
            line, used = "", 0.0
            if w <= width_pt:
                line, used = word, w
                continue
            for ch in word:  # a word wider than the line: cut it between characters, in one pass
                cw = _char_width(ch, widths) * size_pt
                if used + cw > width_pt and line:
                    lines.append(line)
                    line, used = "", 0.0
                line, used = line + ch, used + cw
        lines.append(line)
    return lines


# Japanese line-breaking rules (kinsoku): no line starts with closing punctuation or a small kana, none ends
# with an opening bracket or a currency sign.
_NO_START = frozenset("、。，．,.)）」』】〕〉》］｝・：；:;？！?!ー々％%‐゠～…"
                      "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
_NO_END = frozenset("(（「『【〔〈《［｛￥¥$＄€£")
_AMOUNT = r"[￥¥$＄€£]?[0-9０-９][0-9０-９,.，．]*(?:[万億兆][0-9０-９][0-9０-９,.，．]*)*[万億兆千]?円?"
# A Japanese date or quarter reads as one unit: 2027年第3四半期, 2027年1月29日, 第1四半期.
_DATE = r"(?:[0-9０-９]{4}年)?(?:第[0-9０-９]四半期|[0-9０-９]{1,2}月(?:[0-9０-９]{1,2}日)?)"


@lru_cache(maxsize=64)
def _unbreakable(keep: tuple[str, ...]) -> re.Pattern:
    names = "|".join(re.escape(k) for k in sorted(keep, key=len, reverse=True))
    return re.compile("|".join(p for p in (names, _DATE, _AMOUNT, KATAKANA_WORD) if p))


def _segments(text: str) -> list[str]:
    """Return ``text`` cut at its break opportunities: after a space, and beside an East Asian character,
    except inside an amount or a kept name and where kinsoku forbids it."""
    glued = [False] * (len(text) + 1)  # glued[i]: no break between text[i-1] and text[i]
    for m in _unbreakable(_KEEP.get()).finditer(text):
        for i in range(m.start() + 1, m.end()):
            glued[i] = True
    out, start = [], 0
    for i in range(1, len(text)):
        a, b = text[i - 1], text[i]
        if glued[i] or b.isspace() or b in _NO_START or a in _NO_END:
            continue
        if a.isspace() or _east_asian(a) or _east_asian(b):
            out.append(text[start:i])
            start = i
    out.append(text[start:])
    return out


def _wrap_wide(paragraph: str, width_pt: float, size_pt: float, bold: bool, widths) -> list[str]:
    """Return the lines of a paragraph holding East Asian text, filled greedily segment by segment."""
    lines: list[str] = []
    line = ""
    for seg in _segments(paragraph):
        candidate = line + seg
        if _em_width(candidate.rstrip(), bold) * size_pt <= width_pt or not line.strip():
            line = candidate
        else:
            lines.append(line.rstrip())
            line = seg.lstrip()
        while _em_width(line.rstrip(), bold) * size_pt > width_pt and len(line.rstrip()) > 1:
            cut = 1  # one segment wider than the line (a long name or word): cut it between characters
            while cut < len(line) and _em_width(line[:cut + 1], bold) * size_pt <= width_pt:
                cut += 1
            lines.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
    lines.append(line.rstrip())
    return _no_orphan(lines, width_pt, size_pt, bold)


def _no_orphan(lines: list[str], width_pt: float, size_pt: float, bold: bool) -> list[str]:
    """Return ``lines`` without one East Asian character alone on the last line (a typesetter's orphan): the
    line before gives up its last segment (a character, or an amount kept whole) while it keeps two."""
    if len(lines) < 2:
        return lines
    last = lines[-1].strip()
    letters = [ch for ch in last if ch not in _NO_START]
    if len(letters) != 1 or not _east_asian(letters[0]):
        return lines
    segments = _segments(lines[-2])
    if len(segments) < 3:
        return lines
    moved = segments[-1] + last
    if _em_width(moved, bold) * size_pt > width_pt:
        return lines
    return [*lines[:-2], "".join(segments[:-1]).rstrip(), moved]


def has_wide(text: str) -> bool:
    """Return whether ``text`` holds East Asian (wide or full-width) characters, which :func:`wrap` breaks
    by its own rules; a renderer writes the lines it returns with explicit breaks."""
    return _has_wide(text)


def text_height(text: str, width_pt: float, size_pt: float, bold: bool = False,
                spacing: float = LINE_SPACING) -> float:
    """Return the height in points of ``text`` wrapped to ``width_pt``."""
    return len(wrap(text, width_pt, size_pt, bold)) * size_pt * spacing


def clip(text: str, limit: int) -> str:
    """Return ``text`` cut to ``limit`` characters with an ellipsis (the floor after shrinking)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _longest_word(cells, size: float) -> float:
    """Return the width of the widest word in ``cells`` ((text, bold) pairs); words over 24 characters
    (links, identifiers) are left to break, and only the first 40 words of a cell are looked at."""
    return max((text_width(w.strip(), size, bold) for text, bold in cells for w in _words(text)[:40]
                if len(w.strip()) <= 24), default=0.0)


def _words(text: str) -> list[str]:
    """Return the pieces of ``text`` no line break falls inside: its words, and for East Asian text its
    segments (a character, an amount, a kept name)."""
    return _segments(text) if _has_wide(text) else text.split()


def auto_column_widths(rows, width: float, size: float, pad: float, limit: int = 1000, whole=()) -> list[float]:
    """Return column widths for ``rows`` (header first) as a browser's automatic table layout sets them.

    Each column gets at least its longest word (its longest cell where ``whole`` marks it, up to
    40% of ``width``); the rest of ``width`` goes to the columns in proportion to how much more
    their longest cell wants. Used to give WeasyPrint fixed widths, so it need not measure each
    cell twice.
    """
    n = len(rows[0])
    low, high, word = [], [], []
    for c in range(n):
        cells = [(clip(row[c], limit), r == 0) for r, row in enumerate(rows)]
        full = max((text_width(t, size, bold) for t, bold in cells), default=0.0)
        longest = _longest_word(cells, size)
        least = min(0.4 * width, full) if c < len(whole) and whole[c] else longest
        low.append(least * 1.03 + 2 * pad + 4)  # a little slack: the renderer's rounding differs from ours
        high.append(max(least, full) * 1.03 + 2 * pad + 4)
        word.append(longest * 1.03 + 2 * pad + 4)
    if sum(low) >= width and sum(word) < width:  # the whole cells do not all fit: each column keeps its longest
        spare = width - sum(word)  # word, and the columns kept whole share the rest by what they lack
        lack = [lo - w for lo, w in zip(low, word, strict=True)]
        return [w + spare * x / sum(lack) for w, x in zip(word, lack, strict=True)]
    if sum(low) >= width:
        return [width * lo / sum(low) for lo in low]
    if sum(high) <= width:
        return [width * hi / sum(high) for hi in high]
    want = [hi - lo for lo, hi in zip(low, high, strict=True)]
    spare = width - sum(low)
    return [lo + spare * w / sum(want) for lo, w in zip(low, want, strict=True)]


def column_widths(rows, weights, width: float, size: float, pad: float, limit: int = 280) -> list[float]:
    """Return column widths for ``rows`` (header first): each fits its longest word, the rest by weight.

    When even the longest words do not fit side by side, the widths are simply proportional.
    """
    n = len(rows[0])
    weights = list(weights) if len(weights) == n else [1] * n
    total = sum(weights)
    floor = _word_floors(rows, size, pad, limit)
    if sum(floor) >= width:
        return [width * w / total for w in weights]
    spare = width - sum(floor)
    return [f + spare * w / total for f, w in zip(floor, weights, strict=True)]


def _word_floors(rows, size: float, pad: float, limit: int) -> list[float]:
    """Return each column's least width: its longest word on one line, as wrap() measures it."""
    return [_longest_word([(clip(row[c], limit), r == 0) for r, row in enumerate(rows)], size) / FILL + 2 * pad + 2
            for c in range(len(rows[0]))]


def words_fit(rows, width: float, size: float, pad: float, limit: int = 280) -> bool:
    """Return whether every column of ``rows`` can hold its longest word (a number is never broken) in ``width``."""
    return sum(_word_floors(rows, size, pad, limit)) < width
