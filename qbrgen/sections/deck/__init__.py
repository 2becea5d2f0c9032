"""The QBR deck: one module per section, in meeting order.

Each module has ``BLOCK`` (which 15-minute block of the meeting it belongs to, or ``None`` for
slides outside the clock), ``WEIGHT`` (its share of the block's minutes) and
``build(ctx) -> tuple[Part, ...]``. A new section is one module plus one entry here.
"""

from __future__ import annotations

from qbrgen.i18n import N_, _
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
from qbrgen.sections.deck.titles import Labels

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

# The short name of each block, for the section tracker on every content slide (translated when read).
TRACKER = Labels({"value": N_("Value"), "alignment": N_("Alignment"), "roadmap": N_("Roadmap"), "plan": N_("Plan")})


class Heading(str):
    """A block's heading in the document's language, carrying the words the agenda's title calls it by."""

    phrase: str

    def __new__(cls, text: str, phrase: str = ""):
        heading = super().__new__(cls, text)
        heading.phrase = phrase
        return heading

    def __reduce__(self):
        return (Heading, (str(self), self.phrase))


# The four 15-minute blocks of a 60-minute QBR: id, heading, minutes, what it is for, and how the agenda's title
# names the block ("Our 60 minutes: value, your priorities, roadmap, then our shared plan").
# Each block: a heading (a table cell and the slides' overline), what the block is for, and (in lower case) the
# short name the agenda slide's title gives it in a list.
BLOCKS = (
    # TRANSLATORS: the last word is the block's short name in the agenda slide's title ("Our 60 minutes: value, ...").
    ("value", N_("Value delivered"), 15, N_("Outcomes you achieved and what they are worth"), N_("value")),
    ("alignment", N_("Strategic alignment"), 15, N_("Your priorities for the next two to four quarters"),
     N_("your priorities")),
    ("roadmap", N_("Roadmap and innovation"), 15, N_("What is coming that serves those priorities"), N_("roadmap")),
    ("plan", N_("Mutual success plan"), 15, N_("Goals, owners and dates we both commit to"), N_("our shared plan")),
)
PLAN_AND_RENEWAL = ("plan", N_("Mutual success plan and your renewal"), 15,
                    N_("Goals we both commit to, then the renewal: price, options and steps to signature"),
                    N_("plan and renewal"))
# Without a success plan, the fourth block is what is left of it: the renewal and the next steps, or the steps.
RENEWAL_AND_STEPS = ("plan", N_("Your renewal and next steps"), 15,
                     N_("The price, the options and the steps to signature, then who does what next"),
                     N_("renewal and next steps"))
NEXT_STEPS = ("plan", N_("Next steps"), 15, N_("Who does what next, and by when"), N_("next steps"))
# The 30-minute business review of a smaller account: value, plan, renewal.
SHORT_BLOCKS = (
    ("value", N_("Value delivered"), 10, N_("Outcomes you achieved and what they are worth"), N_("value")),
    ("plan", N_("Mutual success plan"), 10, N_("Goals, owners and dates we both commit to"), N_("our shared plan")),
    ("renewal", N_("Your renewal"), 10, N_("The price, the options and the steps to signature"),
     N_("your renewal")),
)


def _shown(block, minutes: int | None = None) -> tuple[str, str, int, str]:
    """Return a block as the deck uses it, in the document's language: (id, heading, minutes, purpose)."""
    key, heading, total, purpose, phrase = block
    return (key, Heading(_(heading), _(phrase)), total if minutes is None else minutes, _(purpose))


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
        return tuple(_shown(b, minutes) for b in kept)
    fourth = (PLAN_AND_RENEWAL if plan else RENEWAL_AND_STEPS) if "renewal" in present else \
        (BLOCKS[3] if plan else NEXT_STEPS)
    full = tuple(fourth if b[0] == "plan" else b for b in BLOCKS)
    return tuple(_shown(b) for b in full if b[0] in present or (b[0] == "plan" and "renewal" in present))


def block_of(module, ctx) -> str | None:
    """Return the meeting block a section's slides belong to (the renewal joins the plan in a full QBR)."""
    block = getattr(module, "BLOCK", None)
    if block == "plan" and module.__name__.endswith(".renewal"):
        return "renewal" if ctx.short_review else "plan"
    return block
