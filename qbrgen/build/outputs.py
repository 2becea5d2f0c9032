"""Where each account's files go, and what they contain (rendered to bytes, nothing written)."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from qbrgen.analysis.context import context
from qbrgen.build.assets import assets_for
from qbrgen.build.slugs import slugify, unique_slugs  # noqa: F401 - where callers have found them
from qbrgen.i18n import SOURCE, override_files, resolve
from qbrgen.i18n import language as i18n_language
from qbrgen.render.assets import Assets
from qbrgen.render.registry import RENDERERS, render
from qbrgen.sections.assemble import build_deck, build_notice, build_plan, build_proposal
from qbrgen.sections.notice import tech_touch


def document_language(info, chosen: str | None = None) -> tuple[str, str | None]:
    """Return (the language an account's documents are written in, a warning or None): ``chosen`` (the
    command line's --language), else the account's ``language``, else its locale's."""
    account = info.model.account
    return resolve(chosen or account.language, account.locale)


def render_outputs(info, folder: Path, formats, as_of: dt.date, audience: str = "customer",
                   assets: Assets | None = None, since=None, trace: bool = False,
                   deck_asked: bool = False, language: str | None = None) -> dict[Path, bytes]:
    """Return {path: bytes} of every requested format of one account, written in ``language`` (a catalog
    language from :func:`document_language`; None: the account's own), with the workspace's own messages."""
    lang = language or document_language(info)[0]
    with i18n_language(lang, override_files(info.workspace.root, lang)):
        return _render_outputs(info, folder, formats, as_of, audience, assets, since, trace, deck_asked)


def _render_outputs(info, folder: Path, formats, as_of: dt.date, audience: str = "customer",
                    assets: Assets | None = None, since=None, trace: bool = False,
                    deck_asked: bool = False) -> dict[Path, bytes]:
    """Return {path: bytes} of every requested format of one account; nothing is written here.

    ``since`` is what changed since the last review (from the account's history); ``trace`` adds a JSON file
    mapping each figure on each slide and page to the account-file fields it was computed from. A tech-touch
    account gets a renewal notice (PDF, Markdown, HTML) and no deck, unless ``deck_asked`` (``--format`` named
    pptx explicitly).
    """
    ctx = context(info.model, info.workspace.model, as_of, audience, since=since)
    assets = assets or assets_for(info, as_of)
    documents = {}
    files: dict[Path, bytes] = {}
    slides: dict[str, tuple] = {}
    if tech_touch(ctx) and audience == "customer":  # a renewal notice instead of a meeting deck
        formats = [f for f in formats if f != "pptx" or deck_asked] + ["notice-pdf", "notice-md", "notice-html"]
    for fmt in formats:
        _, kind, name = RENDERERS[fmt]
        if kind == "deck" and audience == "internal":
            name = name.replace(".pptx", "-INTERNAL.pptx")
        # The account plan is the team's own working document, written in English like lint (see README).
        with i18n_language(SOURCE) if kind == "plan" else contextlib.nullcontext():
            if kind not in documents:
                documents[kind] = {"deck": lambda: build_deck(ctx), "proposal": lambda: build_proposal(ctx),
                                   "plan": lambda: build_plan(ctx), "notice": lambda: build_notice(ctx)}[kind]()
            if trace and fmt == "pptx":  # the same bytes, and which slides each part became
                from qbrgen.render.registry import render_mapped

                files[folder / name], slides[kind] = render_mapped(fmt, documents[kind], assets)
            else:
                files[folder / name] = render(fmt, documents[kind], assets)
    if trace:
        from qbrgen.build.trace import TRACE_FILE, trace_json

        files[folder / TRACE_FILE] = trace_json(info, ctx, documents, slides)
    return files
