"""Where each account's files go, and what they contain (rendered to bytes, nothing written)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from qbrgen.analysis.context import context
from qbrgen.build.assets import assets_for
from qbrgen.render.assets import Assets
from qbrgen.render.registry import RENDERERS, render
from qbrgen.sections.assemble import build_deck, build_notice, build_plan, build_proposal
from qbrgen.sections.notice import tech_touch

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


def render_outputs(info, folder: Path, formats, as_of: dt.date, audience: str = "customer",
                   assets: Assets | None = None) -> dict[Path, bytes]:
    """Return {path: bytes} of every requested format of one account; nothing is written here."""
    ctx = context(info.model, info.workspace.model, as_of, audience)
    assets = assets or assets_for(info, as_of)
    documents = {}
    files: dict[Path, bytes] = {}
    if tech_touch(ctx) and audience == "customer":  # a renewal notice instead of a meeting deck
        formats = [f for f in formats if f != "pptx"] + ["notice-pdf", "notice-md"]
    for fmt in formats:
        _, kind, name = RENDERERS[fmt]
        if kind not in documents:
            documents[kind] = {"deck": lambda: build_deck(ctx), "proposal": lambda: build_proposal(ctx),
                               "plan": lambda: build_plan(ctx), "notice": lambda: build_notice(ctx)}[kind]()
        if kind == "deck" and audience == "internal":
            name = name.replace(".pptx", "-INTERNAL.pptx")
        files[folder / name] = render(fmt, documents[kind], assets)
    return files
