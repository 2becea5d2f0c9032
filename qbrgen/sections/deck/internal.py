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
    n = len(r.patterns)
    title = f"Internal: {r.verdict_text}" + (f", {ctx.fmt.count(n)} open pattern{'s' if n != 1 else ''}" if n else "")
    return Part("internal-verdict", title,
                blocks=tuple(verdict_blocks(ctx, most=TOP_PATTERNS)), notes=NOTE, overline="Internal")


def _summary(ctx) -> Part:
    """Return the figures behind the verdict (days and ARR are on the verdict slide): retention, value, the
    increase on the table and how many people we really work with."""
    f = ctx.figures
    multiple = ctx.fmt.multiple(f.value_multiple) if f.value_multiple is not None else "—"
    increase = ctx.account.renewal.increase_pct
    people = len(f.coverage.contacts)
    metrics = Metrics((nrr_metric(ctx), Metric("Documented value", multiple, "of the ARR"),
                       Metric("Proposed increase", ctx.fmt.pct(increase), "at renewal, before the decision above"),
                       Metric("Working relationships", ctx.fmt.count(len(f.coverage.working)),
                              f"of {ctx.fmt.count(people)} people mapped")))
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
    return plan.upsell(ctx)  # nothing at 80% of capacity: no slide (the plan says so)


def build(ctx):
    if not ctx.internal:
        return ()
    parts = [Part("internal", "Internal: 180-day deal review", subtitle="Not for the customer", layout="section",
                  notes=NOTE), _verdict(ctx), _summary(ctx)]
    parts += [_internal(p) for p in plan.stakeholders(ctx, most=MAP_ROWS)]
    parts.append(Part("internal-coverage", "Internal: Coverage: the 3x3 rule",
                      blocks=tuple(plan.coverage_blocks(ctx, detail=False)), notes=NOTE))
    parts.append(_timeline(ctx))
    for section in (_upsell, _top(plan.risks), plan.signals, _top(plan.whitespace), plan.owner):
        parts += [_internal(p) for p in section(ctx)]
    usage = usage_part(ctx)
    if usage is not None and trend([v for _, v in ctx.figures.usage]) == "falling":
        parts.append(Part("internal-usage", f"Internal: {usage.title} (falling)", blocks=usage.blocks,
                          notes=f"{NOTE} {usage.notes}"))
    return tuple(parts)


def _top(section):
    """Return ``section`` showing the ten largest items and counting the rest (the plan lists them all)."""
    return lambda ctx: section(ctx, most=TOP_PATTERNS)


def _internal(part: Part) -> Part:
    return Part(f"internal-{part.id}", f"Internal: {part.title}", blocks=part.blocks, notes=NOTE, overline="Internal")
