"""Fonts: the name a document gives its text, and the free metric-compatible twin that measures it.

The built-in look names Calibri, which Office installs on Windows and macOS; qbrgen measures text
with Carlito, whose advance widths are Calibri's, and embeds Carlito in the PDF. Arial pairs with
Liberation Sans the same way. ``theme.font`` picks another pair; a font qbrgen has no metrics for
falls back to the default, and the workspace check warns about it (:func:`known`).

A team template draws text in its own theme fonts; :func:`measure_face` picks the twin measuring
them, or, for a font qbrgen has no metrics for, :data:`WIDEST`: every bundled twin at once, each
character as wide as the widest of them, plus a margin, so text measured to fit does fit.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT = "Calibri"


@dataclass(frozen=True)
class Face:
    """A font as documents name it, and the bundled twin (file stem in templates/fonts) measuring it."""

    name: str
    twin: str  # family name of the bundled twin
    regular: str  # file names in templates/fonts
    bold: str


_CARLITO = ("Carlito", "Carlito-Regular.ttf", "Carlito-Bold.ttf")
_LIBERATION = ("Liberation Sans", "LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")
_DEJAVU = ("DejaVu Sans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FACES = {
    "calibri": Face("Calibri", *_CARLITO),
    "carlito": Face("Carlito", *_CARLITO),
    "arial": Face("Arial", *_LIBERATION),
    "helvetica": Face("Arial", *_LIBERATION),
    "liberation sans": Face("Liberation Sans", *_LIBERATION),
    "dejavu sans": Face("DejaVu Sans", *_DEJAVU),
}
WIDEST = Face("(unknown)", "", "*", "*bold")  # textfit reads "*" as the widest of the bundled metrics
# The font Office on Windows and macOS uses for East Asian text, by language.
EAST_ASIAN = {"ja": "Yu Gothic", "zh": "Microsoft YaHei", "zh-TW": "Microsoft JhengHei", "zh-HK": "Microsoft JhengHei",
              "ko": "Malgun Gothic"}


def known(name: str) -> bool:
    """Return whether qbrgen can measure text in the font called ``name``."""
    return name.strip().lower() in FACES


def face(name: str | None) -> Face:
    """Return the face for ``name``: its own when known, else the built-in look's (Calibri)."""
    return FACES.get((name or DEFAULT).strip().lower(), FACES[DEFAULT.lower()])


def language_tag(locale: str) -> str:
    """Return the BCP 47 tag of a locale name: ``ja_JP`` -> ``ja-JP``."""
    return (locale or "en_US").replace("_", "-")


def east_asian(locale: str) -> str | None:
    """Return the East Asian font for a CJK locale, else None."""
    tag = language_tag(locale)
    return EAST_ASIAN.get(tag) or EAST_ASIAN.get(tag.split("-")[0]) if tag.split("-")[0] in ("ja", "zh", "ko") else None


def measure_face(names) -> Face:
    """Return the face measuring text drawn in any of the fonts ``names`` (a template's theme and text styles).

    When all of them have the same bundled twin, that twin; otherwise :data:`WIDEST`, as the text may be
    drawn in a font qbrgen cannot measure, or in one of several.
    """
    found = {FACES.get(n.strip().lower()) for n in names if n and n.strip()}
    twins = {f.regular if f else None for f in found}
    if len(twins) == 1 and None not in twins:
        return found.pop()
    return WIDEST
