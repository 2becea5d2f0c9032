"""The 180-day deal review: only in a deck built for the internal audience, never for the customer.

Stakeholders with strength and sentiment, the 3x3 grid, the renewal timeline with each step's state,
upsell triggers, risks with owners, churn signals, whitespace, NRR against target and the CURE owner
recommendation. The slides reuse the plan's sections so the deck and the plan never disagree.
"""

from __future__ import annotations

from qbrgen.sections import plan
from qbrgen.sections.deck.usage import trend, usage_part
from qbrgen.sections.document import Bullets, Metric, Metrics, Paragraph, Part
from qbrgen.sections.intel import nrr_metric, stale_lines, timeline_table, verdict_blocks

BLOCK = None
WEIGHT = 0
NOTE = "INTERNAL: remove before sharing."
MAP_ROWS = 10  # people on the deck's stakeholder map: the ten who decide, the rest counted; the plan lists everyone
TOP_PATTERNS = 10  # open patterns on the verdict slide; the plan lists every one


def _verdict(ctx) -> Part:
    """Return the opening slide: the verdict, the open patterns, steps missed and the pricing decision."""
    r = ctx.figures.risk
    return Part("internal-verdict", f"Internal: verdict: {r.verdict_text.lower()}",
                blocks=tuple(verdict_blocks(ctx, most=TOP_PATTERNS)), notes=NOTE, overline="Internal")


def _summary(ctx) -> Part:
    f = ctx.figures
    tl = f.timeline
    days = (Metric("Days past renewal", str(-tl.days_left), "the renewal date has passed") if tl.overdue
            else Metric("Days to renewal", str(tl.days_left), ctx.date(tl.renewal_date)))
    multiple = ctx.fmt.multiple(f.value_multiple) if f.value_multiple is not None else "—"
    metrics = Metrics((Metric("ARR", ctx.money(f.arr)), days, nrr_metric(ctx),
                       Metric("Documented value", multiple, "of the ARR")))
    blocks = [metrics]
    r = f.retention
    if r is not None and r.contracted:
        blocks.append(Paragraph(f"ARR has contracted since the last renewal: {ctx.money(r.start)} then, "
                                f"{ctx.money(r.end)} today.", "lead"))
    stale = stale_lines(ctx)
    if stale:
        blocks.append(Bullets(stale))
    return Part("internal-summary", "Internal: deal review at a glance", blocks=tuple(blocks), notes=NOTE)


def _timeline(ctx) -> Part:
    return Part("internal-timeline", "Internal: renewal timeline", blocks=(timeline_table(ctx),), notes=NOTE)


def _upsell(ctx) -> tuple[Part, ...]:
    parts = plan.upsell(ctx)
    if parts:
        return parts
    return (Part("upsell", "Upsell triggers", blocks=(
        Paragraph("No product is at 80% of its contracted capacity."),)),)


def build(ctx):
    if not ctx.internal:
        return ()
    parts = [Part("internal", "Internal: 180-day deal review", subtitle="Not for the customer", layout="section",
                  notes=NOTE), _verdict(ctx), _summary(ctx)]
    parts += [_internal(p) for p in plan.stakeholders(ctx, most=MAP_ROWS)]
    parts.append(Part("internal-coverage", "Internal: Coverage: the 3x3 rule",
                      blocks=tuple(plan.coverage_blocks(ctx, detail=False)), notes=NOTE))
    parts.append(_timeline(ctx))
    for section in (_upsell, plan.risks, plan.signals, plan.whitespace, plan.owner):
        parts += [_internal(p) for p in section(ctx)]
    usage = usage_part(ctx)
    if usage is not None and trend([v for _, v in ctx.figures.usage]) == "falling":
        parts.append(Part("internal-usage", f"Internal: {usage.title} (falling)", blocks=usage.blocks,
                          notes=f"{NOTE} {usage.notes}"))
    return tuple(parts)


def _internal(part: Part) -> Part:
    return Part(f"internal-{part.id}", f"Internal: {part.title}", blocks=part.blocks, notes=NOTE, overline="Internal")
