"""Value delivered: outcomes first, with their documented yearly value."""

from qbrgen.document import Chart, Metric, Metrics, Paragraph, Part, Series
from qbrgen.sections.base import outcomes_table
from qbrgen.sections.deck import titles

BLOCK = "value"
WEIGHT = 4


def build(ctx):
    f = ctx.figures
    if not f.outcomes:
        text = ("We have not yet documented the outcomes you achieved. Let us agree today which business results "
                "we will measure together, and their baseline.")
        return (Part("value", titles.value(ctx), blocks=(Paragraph(text, "lead"),),
                     notes="No outcomes are documented yet: use this slide to agree on what to measure."),)
    metrics = [Metric("Documented value per year", ctx.money(f.documented_value),
                      f"across {len(f.outcomes)} outcome(s)")]
    if f.value_multiple is not None and f.documented_value:
        metrics.append(Metric("Return on your subscription", ctx.fmt.multiple(f.value_multiple),
                              f"against {ctx.money(f.arr)} a year"))
    best = max((o for o in f.outcomes if o.improvement is not None), key=lambda o: o.improvement, default=None)
    if best is not None and best.improvement > 0:
        detail = f"from {ctx.measure(best.baseline, best.unit)} to {ctx.measure(best.current, best.unit)}"
        metrics.append(Metric(best.outcome, ctx.fmt.percent(best.improvement) + " better", detail))
    evidence = [f"{o.outcome}: {o.evidence}" for o in f.outcomes if o.evidence]
    notes = ("Lead with outcomes, not activity. Read each result in the customer's terms and ask who on their "
             "side saw the change. " + ("Sources: " + "; ".join(evidence) + "." if evidence else
                                        "Name the source of each figure when asked."))
    parts = [Part("value", titles.value(ctx), blocks=(Metrics(tuple(metrics)), outcomes_table(ctx)), notes=notes)]
    valued = [o for o in f.outcomes if o.annual_value]
    if valued:
        chart = Chart("bar", "Documented value per year, by outcome", tuple(o.outcome for o in valued),
                      (Series("Value per year", tuple(o.annual_value for o in valued)),),
                      labels=tuple(ctx.money(o.annual_value) for o in valued))
        parts.append(Part("value-chart", titles.value_chart(ctx), blocks=(chart,),
                          notes="Point to the largest bar and tell the story behind it in two sentences. "
                                "Ask which of these results their leadership talks about most."))
    return tuple(parts)
