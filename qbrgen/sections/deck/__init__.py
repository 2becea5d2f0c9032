"""The QBR deck: one module per section, in meeting order.

Each module has ``BLOCK`` (which 15-minute block of the meeting it belongs to, or ``None`` for
slides outside the clock), ``WEIGHT`` (its share of the block's minutes) and
``build(ctx) -> tuple[Part, ...]``. A new section is one module plus one entry here.
"""

from __future__ import annotations

from qbrgen.sections.deck import (
    agenda,
    alignment,
    appendix,
    internal,
    next_steps,
    roadmap,
    since,
    success_plan,
    summary,
    title,
    usage,
    value,
)
from qbrgen.sections.deck import renewal as renewal_section

SECTIONS = {
    "title": title,
    "summary": summary,
    "agenda": agenda,
    "since": since,
    "value": value,
    "usage": usage,
    "alignment": alignment,
    "roadmap": roadmap,
    "success_plan": success_plan,
    "renewal": renewal_section,
    "next_steps": next_steps,
    "appendix": appendix,
    "internal": internal,
}

# The short name of each block, for the section tracker on every content slide.
TRACKER = {"value": "Value", "alignment": "Alignment", "roadmap": "Roadmap", "plan": "Plan"}

# The four 15-minute blocks of a 60-minute QBR: id, heading, minutes, what it is for.
BLOCKS = (
    ("value", "Value delivered", 15, "Outcomes you achieved and what they are worth"),
    ("alignment", "Strategic alignment", 15, "Your priorities for the next two to four quarters"),
    ("roadmap", "Roadmap and innovation", 15, "What is coming that serves those priorities"),
    ("plan", "Mutual success plan", 15, "Goals, owners and dates we both commit to"),
)
PLAN_AND_RENEWAL = ("plan", "Mutual success plan and your renewal", 15,
                    "Goals we both commit to, then the renewal: price, options and steps to signature")
# Without a success plan, the fourth block is what is left of it: the renewal and the next steps, or the steps.
RENEWAL_AND_STEPS = ("plan", "Your renewal and next steps", 15,
                     "The price, the options and the steps to signature, then who does what next")
NEXT_STEPS = ("plan", "Next steps", 15, "Who does what next, and by when")
# The 30-minute business review of a smaller account: value, plan, renewal.
SHORT_BLOCKS = (
    ("value", "Value delivered", 10, "Outcomes you achieved and what they are worth"),
    ("plan", "Mutual success plan", 10, "Goals, owners and dates we both commit to"),
    ("renewal", "Your renewal", 10, "The price, the options and the steps to signature"),
)


def blocks_for(ctx, present: set[str]) -> tuple[tuple[str, str, int, str], ...]:
    """Return the meeting's blocks that have slides: the executive QBR or the short business review.

    Inside the renewal window the QBR's fourth block names the renewal, so the price slide is expected.
    A block without slides is left out, and in the short review its minutes go to the others.
    """
    plan = bool(ctx.account.success_plan)  # without one, the block holds only the renewal and next steps
    if ctx.short_review:
        order = SHORT_BLOCKS if plan else (SHORT_BLOCKS[0], SHORT_BLOCKS[2], NEXT_STEPS)  # the steps close it
        kept = [b for b in order if b[0] in present]
        minutes = 30 // max(1, len(kept))
        return tuple((b[0], b[1], minutes, b[3]) for b in kept)
    fourth = (PLAN_AND_RENEWAL if plan else RENEWAL_AND_STEPS) if "renewal" in present else \
        (BLOCKS[3] if plan else NEXT_STEPS)
    full = tuple(fourth if b[0] == "plan" else b for b in BLOCKS)
    return tuple(b for b in full if b[0] in present or (b[0] == "plan" and "renewal" in present))


def block_of(module, ctx) -> str | None:
    """Return the meeting block a section's slides belong to (the renewal joins the plan in a full QBR)."""
    block = getattr(module, "BLOCK", None)
    if block == "plan" and module.__name__.endswith(".renewal"):
        return "renewal" if ctx.short_review else "plan"
    return block
