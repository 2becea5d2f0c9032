"""Build the document trees of one account: pure functions of (account, workspace, as-of, audience)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from qbrgen.document import Audience, Document, Part
from qbrgen.figures import compute
from qbrgen.fmt import Formatter
from qbrgen.model import Account, Workspace
from qbrgen.sections import plan as plan_sections
from qbrgen.sections import proposal as proposal_sections
from qbrgen.sections.base import Context
from qbrgen.sections.deck import BLOCKS, SECTIONS


def context(account: Account, workspace: Workspace, as_of: dt.date, audience: Audience = "customer") -> Context:
    """Return the build context: figures computed once, and the account's formatter."""
    fmt = Formatter(account.account.locale, account.account.currency)
    return Context(account, workspace, compute(account, workspace, as_of), fmt, as_of, audience)


def _ctx(info_or_ctx, as_of, audience="customer") -> Context:
    if isinstance(info_or_ctx, Context):
        return info_or_ctx
    return context(info_or_ctx.model, info_or_ctx.workspace.model, as_of, audience)


def build_deck(info, as_of: dt.date | None = None, audience: Audience = "customer") -> Document:
    """Return the QBR deck of an account (an AccountInfo or a Context)."""
    ctx = _ctx(info, as_of, audience)
    placed: list[tuple[str | None, int, Part]] = []
    for module in SECTIONS.values():
        for part in module.build(ctx):
            placed.append((module.BLOCK, module.WEIGHT, part))
    parts = _allocate_minutes(placed)
    return Document("deck", ctx.audience, "Quarterly Business Review", f"{ctx.customer} and {ctx.vendor}",
                    tuple(parts), _meta(ctx))


def _allocate_minutes(placed: list[tuple[str | None, int, Part]]) -> list[Part]:
    """Share each block's minutes among its slides by weight, and write the time into the notes."""
    minutes: dict[int, int] = {}
    headings = {}
    for block, heading, total, _ in BLOCKS:
        headings[block] = heading
        members = [(i, weight) for i, (blk, weight, _) in enumerate(placed) if blk == block]
        weights = sum(w for _, w in members) or 1
        given = 0
        for n, (i, weight) in enumerate(members):
            share = total - given if n == len(members) - 1 else round(total * weight / weights)
            minutes[i] = share
            given += share
    out = []
    for i, (block, _, part) in enumerate(placed):
        if block is None:
            out.append(part)
            continue
        note = f"Time: about {minutes[i]} min of the 15-minute {headings[block].lower()} block."
        out.append(dataclasses.replace(part, minutes=minutes[i], notes=f"{part.notes}\n\n{note}"))
    return out


def build_proposal(info, as_of: dt.date | None = None) -> Document:
    """Return the renewal proposal of an account; always customer-facing."""
    ctx = _ctx(info, as_of)
    ctx = dataclasses.replace(ctx, audience="customer")
    parts = tuple(p for section in proposal_sections.SECTIONS for p in section(ctx))
    return Document("proposal", "customer", f"Renewal proposal for {ctx.customer}", ctx.vendor, parts, _meta(ctx))


def build_plan(info, as_of: dt.date | None = None) -> Document:
    """Return the internal account plan of an account."""
    ctx = _ctx(info, as_of, "internal")
    ctx = dataclasses.replace(ctx, audience="internal")
    parts = tuple(p for section in plan_sections.SECTIONS for p in section(ctx))
    return Document("plan", "internal", f"Account plan: {ctx.customer}",
                    f"Internal · as of {ctx.date(ctx.as_of)}", parts, _meta(ctx))


def _meta(ctx: Context) -> tuple[tuple[str, str], ...]:
    return (("customer", ctx.customer), ("vendor", ctx.vendor), ("as_of", ctx.as_of.isoformat()),
            ("locale", ctx.account.account.locale), ("currency", ctx.account.account.currency))
