"""Internal appendix: only in a deck built for the internal audience."""

from qbrgen.document import Part
from qbrgen.sections import plan
from qbrgen.sections.deck.usage import trend, usage_part

BLOCK = None
WEIGHT = 0


def build(ctx):
    if not ctx.internal:
        return ()
    note = "INTERNAL: remove before sharing."
    parts = [Part("internal", "Internal appendix", subtitle="Not for the customer", layout="section", notes=note)]
    for section in (plan.coverage, plan.risks, plan.signals, plan.whitespace, plan.owner):
        for part in section(ctx):
            blocks = part.blocks
            if blocks:
                parts.append(Part(f"internal-{part.id}", f"Internal: {part.title}", blocks=blocks, notes=note))
    usage = usage_part(ctx)
    if usage is not None and trend([v for _, v in ctx.figures.usage]) == "falling":
        parts.append(Part("internal-usage", f"Internal: {usage.title} (falling)", blocks=usage.blocks,
                          notes=f"{note} {usage.notes}"))
    return tuple(parts)
