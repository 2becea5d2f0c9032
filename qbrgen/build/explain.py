"""``qbrgen explain``: how one figure of an account is computed, from which fields and lines."""

from __future__ import annotations

import click

from qbrgen.analysis.context import context
from qbrgen.build.pipeline import load_one
from qbrgen.build.trace import claims, explain, line_finder, traced_all


def explain_figure(path, figure: str, as_of) -> list[str]:
    """Return the calculation of each traced figure of the account at ``path`` named by ``figure``: its id
    (documented-value, option[1].total) or a text as a document writes it ($1.2M, 3×)."""
    info = load_one(path)
    ctx = context(info.model, info.workspace.model, as_of)
    figures = traced_all(ctx)
    wanted = figure.strip()
    found = [t for t in figures.values() if t.id.casefold() == wanted.casefold()]
    if not found:
        found = list(claims(ctx, figures).get(wanted, ()))
    if not found:
        raise click.UsageError(f"no traced figure '{figure}' in {info.display}; give a figure as the documents "
                               f"write it, or one of: {', '.join(figures)}")
    line = line_finder(info)
    return [explain(ctx, t, line) for t in found]
