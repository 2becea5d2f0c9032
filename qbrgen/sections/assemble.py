"""Build the document trees of one account: pure functions of (account, workspace, as-of, audience)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from qbrgen.analysis.context import Context, context
from qbrgen.i18n import _
from qbrgen.sections import plan as plan_sections
from qbrgen.sections import proposal as proposal_sections
from qbrgen.sections.deck import SECTIONS, TRACKER, block_of, blocks_for
from qbrgen.sections.deck.titles import TOPIC
from qbrgen.sections.document import Audience, Document, Part


def _ctx(info_or_ctx, as_of, audience="customer") -> Context:
    if isinstance(info_or_ctx, Context):
        return info_or_ctx
    return context(info_or_ctx.model, info_or_ctx.workspace.model, as_of, audience)


def build_deck(info, as_of: dt.date | None = None, audience: Audience = "customer") -> Document:
    """Return the QBR deck of an account (an AccountInfo or a Context)."""
    ctx = _ctx(info, as_of, audience)
    built = {name: (block_of(module, ctx), module.WEIGHT, module.build(ctx)) for name, module in SECTIONS.items()
             if name != "agenda"}
    present = {block for block, _unused, parts in built.values() if parts and block}
    present |= {"renewal"} if built["renewal"][2] else set()
    blocks = blocks_for(ctx, present)
    ctx = dataclasses.replace(ctx, blocks=blocks)
    placed: list[tuple[str | None, int, Part]] = []
    kept = {b[0] for b in blocks}
    for name, module in SECTIONS.items():
        block, weight, parts = (block_of(module, ctx), module.WEIGHT, module.build(ctx)) if name == "agenda" \
            else built[name]
        if block is not None and block not in kept:
            continue  # a section the meeting has no time for (the short review has no roadmap block)
        for part in parts:
            if ctx.audience == "customer" and part.coaching:
                part = dataclasses.replace(part, coaching="")  # coaching never enters a customer deck
            placed.append((block, weight, part))
    parts = _allocate_minutes(placed, blocks)
    if ctx.internal:
        parts = _deal_review_first(parts)
    # TRANSLATORS: the deck's title on its cover.
    title = _("Business Review") if ctx.short_review else _("Quarterly Business Review")
    # TRANSLATORS: the deck's cover line naming both companies.
    who = _("{customer} and {vendor}", customer=ctx.customer, vendor=ctx.vendor_name) if ctx.vendor_name \
        else ctx.customer
    return Document("deck", ctx.audience, title, who, tuple(parts), _meta(ctx))


def _deal_review_first(parts: list[Part]) -> list[Part]:
    """Return the internal deck's slides with the deal review first, after the title: the verdict and the
    pricing decision open the meeting; the customer's slides follow, for rehearsal."""
    review = [p for p in parts if p.id.startswith("internal")]
    if not review or not parts:
        return parts
    rest = [p for p in parts if not p.id.startswith("internal")]
    # TRANSLATORS: the internal deal-review deck's divider before the customer's slides.
    divider = Part("rehearsal", _("The customer's deck, for rehearsal"), subtitle=_("What the customer will see"),
                   layout="section", notes=_("INTERNAL: the slides as the customer will see them."))
    return [rest[0], *review, divider, *rest[1:]]


def _allocate_minutes(placed: list[tuple[str | None, int, Part]], blocks) -> list[Part]:
    """Share each block's minutes among its slides by weight, and write the time into the notes."""
    minutes: dict[int, int] = {}
    headings = {}
    totals = {}
    for block, heading, total, _unused in blocks:
        totals[block] = total
        headings[block] = heading
        members = [(i, weight) for i, (blk, weight, _p) in enumerate(placed) if blk == block]
        weights = sum(w for _i, w in members) or 1
        given = 0
        for n, (i, weight) in enumerate(members):
            share = total - given if n == len(members) - 1 else round(total * weight / weights)
            minutes[i] = share
            given += share
    shown = {b if b in TRACKER else "plan" for b, _w, _p in placed if b is not None}
    names = [key for key in TRACKER if key in shown]  # the tracker names only the sections this deck has
    out = []
    for i, (block, _w, part) in enumerate(placed):
        if block is None:
            out.append(part)
            continue
        # TRANSLATORS: a speaker note; {minutes} and {total} are numbers of minutes, {section} a section's heading.
        note = _("Time: about {minutes} min of the {total} minutes for \"{section}\".", minutes=minutes[i],
                 total=totals[block], section=headings[block])
        tracker = tuple(TRACKER[key] for key in names) if part.layout == "content" else ()
        if not part.overline and part.layout == "content":
            part = dataclasses.replace(part, overline=TOPIC.get(part.id, headings[block]))
        at = names.index(block if block in TRACKER else "plan") if tracker else -1
        out.append(dataclasses.replace(part, minutes=minutes[i], notes=f"{part.notes}\n\n{note}", tracker=tracker,
                                       tracker_at=at))
    return out


def build_proposal(info, as_of: dt.date | None = None) -> Document:
    """Return the renewal proposal of an account; always customer-facing."""
    ctx = _ctx(info, as_of)
    ctx = dataclasses.replace(ctx, audience="customer")
    parts = tuple(p for section in proposal_sections.SECTIONS for p in section(ctx))
    return Document("proposal", "customer", _("Renewal proposal for {customer}", customer=ctx.customer),
                    ctx.vendor_name, parts, _meta(ctx))


def build_notice(info, as_of: dt.date | None = None) -> Document:
    """Return the one-page renewal notice of a tech-touch account; always customer-facing."""
    from qbrgen.sections import notice

    ctx = dataclasses.replace(_ctx(info, as_of), audience="customer")
    parts = tuple(p for section in notice.SECTIONS for p in section(ctx))
    # TRANSLATORS: the renewal notice's document title (file properties, e-mail subject).
    return Document("notice", "customer", _("Renewal notice for {customer}", customer=ctx.customer),
                    ctx.vendor_name, parts, _meta(ctx))


def build_plan(info, as_of: dt.date | None = None) -> Document:
    """Return the internal account plan of an account."""
    ctx = _ctx(info, as_of, "internal")
    ctx = dataclasses.replace(ctx, audience="internal")
    parts = tuple(p for section in plan_sections.SECTIONS for p in section(ctx))
    return Document("plan", "internal", f"Account plan: {ctx.customer}",
                    f"Internal · as of {ctx.date(ctx.as_of)}", parts, _meta(ctx))


def _meta(ctx: Context) -> tuple[tuple[str, str], ...]:
    return (("customer", ctx.customer), ("vendor", ctx.vendor_name), ("as_of", ctx.as_of.isoformat()),
            ("locale", ctx.account.account.locale), ("currency", ctx.account.account.currency))
