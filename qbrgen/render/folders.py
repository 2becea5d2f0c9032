"""Where qbrgen's own files are (light: a no-op rebuild hashes the templates without loading any model)."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def templates_dir() -> Path:
    """Return the folder of built-in templates: inside the installed package, or the source tree's."""
    inside = PACKAGE_DIR / "templates"
    return inside if inside.is_dir() else PACKAGE_DIR.parent / "templates"
