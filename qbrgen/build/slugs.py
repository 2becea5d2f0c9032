"""Output folder names: an account's name made safe for a folder, and told apart from its neighbours'.

Light on purpose (no rendering library): a no-op rebuild plans every folder and imports only this.
"""

from __future__ import annotations

import re
import unicodedata

RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def slugify(text: str, limit: int = 60) -> str:
    """Return a safe folder name: ASCII letters, digits and single hyphens; never '..' or 'CON'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    if slug in RESERVED:
        slug += "-account"
    return slug


def unique_slugs(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Return a distinct folder name for each key, from its (name, id, file stem) in order of preference.

    Keys are taken in sorted order, so the same set of accounts always gets the same names.
    """
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for key in sorted(names):
        candidates = [slugify(n) for n in names[key] if n]
        base = next((c for c in candidates if c), "account")
        slug = base
        if slug in taken:
            slug = next((f"{base}-{c}" for c in candidates[1:] if c and f"{base}-{c}" not in taken), slug)
        n = 2
        while slug in taken:
            slug = f"{base}-{n}"
            n += 1
        taken.add(slug)
        slugs[key] = slug
    return slugs
