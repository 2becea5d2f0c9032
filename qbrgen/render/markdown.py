"""Markdown renderer: the account plan as text a pull request can diff.

Every string is text, never markup: ``<`` and ``>`` (and an ``&`` that would start an entity) are written as
HTML entities, so an account note holding ``<script>`` or ``<img src=...>`` shows as written in a viewer
that renders HTML, and "Harbour Print & Copy" reads as written in the plain text too.
"""

from __future__ import annotations

import re

from qbrgen.i18n import _
from qbrgen.sections.document import Bullets, Chart, Document, Metrics, Paragraph, Signature, Table

_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")


def render(document: Document, assets=None) -> bytes:
    """Return the document as UTF-8 Markdown."""
    document = _escaped(document)
    out = [f"# {document.title}", "", f"_{document.subtitle}_", ""]
    if document.audience == "internal":
        # TRANSLATORS: the warning at the top of an internal document in Markdown (a blockquote)
        out += ["> " + _("Internal: do not share with the customer."), ""]
    for part in document.parts:
        if part.layout == "title":
            continue
        out += [f"## {part.title}", ""]
        if part.subtitle:
            out += [f"_{part.subtitle}_", ""]
        for block in part.blocks:
            out += _block(block) + [""]
    return ("\n".join(out).rstrip() + "\n").encode("utf-8")


def _html(text: str) -> str:
    # An "&" is escaped only where it would start an entity ("&lt;" as written): "Harbour Print & Copy" stays.
    return _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")


def _escaped(value):
    """Return the document tree with HTML's special characters escaped in every string."""
    import dataclasses

    if isinstance(value, str):
        return _html(value)
    if isinstance(value, tuple):
        return tuple(_escaped(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _escaped(getattr(value, f.name)) for f in dataclasses.fields(value)
                                             if isinstance(getattr(value, f.name), str | tuple)})
    return value


def _esc(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _block(block) -> list[str]:
    if isinstance(block, Paragraph):
        return [f"**{block.text}**" if block.style == "lead" else block.text]
    if isinstance(block, Bullets):
        return [f"{i}. {t}" if block.numbered else f"- {t}" for i, t in enumerate(block.items, 1)]
    if isinstance(block, Metrics):
        return [f"- **{m.label}:** {m.value}" + (f" ({m.detail})" if m.detail else "") for m in block.items]
    if isinstance(block, Table):
        align = block.align or ("left",) * len(block.columns)
        rule = {"left": "---", "right": "---:", "center": ":---:"}
        lines = ["| " + " | ".join(_esc(c) or " " for c in block.columns) + " |",
                 "|" + "|".join(rule[a] for a in align) + "|"]
        lines += ["| " + " | ".join(_esc(c) for c in row) + " |" for row in block.rows]
        return lines
    if isinstance(block, Chart):
        labels = block.labels or tuple(str(v) for v in block.series[0].values)
        return [f"_{block.title}_", ""] + [f"- {c}: {v}" for c, v in zip(block.categories, labels, strict=False)]
    if isinstance(block, Signature):
        # TRANSLATORS: one line per party of the acceptance block in Markdown; {party} is a company name
        return ["- " + _("{party}: name, title, signature, date", party=party) for party in block.parties]
    raise TypeError(f"no Markdown for block kind '{getattr(block, 'kind', type(block).__name__)}'")
