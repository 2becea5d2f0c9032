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
