"""The 180-day deal review: only in a deck built for the internal audience, never for the customer.

Stakeholders with strength and sentiment, the 3x3 grid, the renewal timeline with each step's state,
upsell triggers, risks with owners, churn signals, whitespace, NRR against target and the CURE owner
recommendation. The slides reuse the plan's sections so the deck and the plan never disagree.
"""

from __future__ import annotations

from qbrgen.i18n import N_, _, ngettext, sentences
from qbrgen.sections import plan
from qbrgen.sections.deck.usage import trend, usage_part
from qbrgen.sections.document import Bullets, Metric, Metrics, Paragraph, Part
from qbrgen.sections.intel import nrr_metric, stale_lines, timeline_table, verdict_blocks

BLOCK = None
WEIGHT = 0
# TRANSLATORS: speaker notes of every slide of the internal deal review.
NOTE = N_("INTERNAL: remove before sharing.")
MAP_ROWS = 10  # people on the deck's stakeholder map: the ten who decide, the rest counted; the plan lists everyone
TOP_PATTERNS = 10  # open patterns on the verdict slide; the plan lists every one


def _verdict(ctx) -> Part:
    """Return the opening slide: the verdict, the open patterns, steps missed and the pricing decision."""
    r = ctx.figures.risk
    n = len(r.patterns)
    if n:
        # TRANSLATORS: slide title of the internal deal review; {verdict} is the account's verdict, like "At risk".
        title = ngettext("Internal: {verdict}, {count} open pattern", "Internal: {verdict}, {count} open patterns", n,
                         verdict=r.verdict_text, count=ctx.fmt.count(n))
    else:
        title = _("Internal: {verdict}", verdict=r.verdict_text)
    return Part("internal-verdict", title,
                blocks=tuple(verdict_blocks(ctx, most=TOP_PATTERNS)), notes=_(NOTE), overline=_("Internal"))


def _summary(ctx) -> Part:
    """Return the figures behind the verdict (days and ARR are on the verdict slide): retention, value, the
    increase on the table and how many people we really work with."""
    f = ctx.figures
    multiple = ctx.fmt.multiple(f.value_multiple) if f.value_multiple is not None else "—"
    increase = ctx.account.renewal.increase_pct
    people = len(f.coverage.contacts)
    # TRANSLATORS: key figures of the internal deal review; "the decision above" is the pricing decision.
    metrics = Metrics((nrr_metric(ctx), Metric(_("Documented value"), multiple, _("of the ARR")),
                       Metric(_("Proposed increase"), ctx.fmt.pct(increase),
                              _("at renewal, before the decision above")),
                       Metric(_("Working relationships"), ctx.fmt.count(len(f.coverage.working)),
                              ngettext("of {count} person mapped", "of {count} people mapped", people,
                                       count=ctx.fmt.count(people)))))
    blocks = [metrics]
    r = f.retention
    if r is not None and r.contracted:
        blocks.append(Paragraph(_("ARR has contracted since the last renewal: {before} then, {now} today.",
                                  before=ctx.money(r.start), now=ctx.money(r.end)), "lead"))
    stale = stale_lines(ctx)
    if stale:
        blocks.append(Bullets(stale))
    return Part("internal-summary", _("Internal: deal review at a glance"), blocks=tuple(blocks), notes=_(NOTE))


def _timeline(ctx) -> Part:
    return Part("internal-timeline", _("Internal: renewal timeline"), blocks=(timeline_table(ctx),), notes=_(NOTE))


def _upsell(ctx) -> tuple[Part, ...]:
    return plan.upsell(ctx)  # nothing at 80% of capacity: no slide (the plan says so)


def build(ctx):
    if not ctx.internal:
        return ()
    # TRANSLATORS: the title of the internal section's divider slide; 180 days before the renewal date.
    parts = [Part("internal", _("Internal: {days}-day deal review", days=ctx.fmt.count(180)),
                  subtitle=_("Not for the customer"), layout="section", notes=_(NOTE)), _verdict(ctx), _summary(ctx)]
    parts += [_internal(p) for p in plan.stakeholders(ctx, most=MAP_ROWS)]
    # TRANSLATORS: slide title; the 3x3 rule: three people on each side, in three functions, are in contact.
    parts.append(Part("internal-coverage", _("Internal: Coverage: the 3x3 rule"),
                      blocks=tuple(plan.coverage_blocks(ctx, detail=False)), notes=_(NOTE)))
    parts.append(_timeline(ctx))
    for section in (_upsell, _top(plan.risks), plan.signals, _top(plan.whitespace), plan.owner):
        parts += [_internal(p) for p in section(ctx)]
    usage = usage_part(ctx)
    if usage is not None and trend([v for _month, v in ctx.figures.usage]) == "falling":
        parts.append(Part("internal-usage", _("Internal: {title} (falling)", title=usage.title), blocks=usage.blocks,
                          notes=sentences((_(NOTE), usage.notes))))
    return tuple(parts)


def _top(section):
    """Return ``section`` showing the ten largest items and counting the rest (the plan lists them all)."""
    return lambda ctx: section(ctx, most=TOP_PATTERNS)


def _internal(part: Part) -> Part:
    # TRANSLATORS: the title of a slide of the internal deal review; {title} is the section's own title.
    return Part(f"internal-{part.id}", _("Internal: {title}", title=part.title), blocks=part.blocks, notes=_(NOTE),
                overline=_("Internal"))
