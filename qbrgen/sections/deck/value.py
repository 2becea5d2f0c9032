"""Value delivered: outcomes first, largest documented value per year first."""

from qbrgen.sections.base import LISTED_OUTCOMES, counted, is_percent, outcomes_table
from qbrgen.sections.deck import titles
from qbrgen.sections.deck.appendix import LISTED
from qbrgen.sections.document import Chart, Metric, Metrics, Paragraph, Part, Series

BLOCK = "value"
WEIGHT = 4
CHART_BARS = 6  # with more valued outcomes, the chart shows the top five and "Other"


def build(ctx):
    f = ctx.figures
    if not f.outcomes:
        if f.renewal.flat:
            text = ("We have not yet documented the outcomes you achieved. Let us agree today which business "
                    "results we will measure together, and their baseline.")
        else:  # never admit to no value on the slide before the one asking for more
            text = ("Let us agree today which business results your subscription should move, how we measure "
                    "each one and from what baseline, so that every review from now on shows the return.")
        return (Part("value", titles.value(ctx), blocks=(Paragraph(text, "lead"),),
                     notes="Use this slide to agree what to measure, the baseline of each measure, and who on "
                           "your side owns it."),)
    valued_count = sum(1 for o in f.outcomes if o.annual_value)
    metrics = [Metric("Documented value per year", ctx.compact(f.documented_value),
                      f"across {counted(ctx, valued_count, 'outcome')}" if valued_count else "not yet quantified")]
    if f.value_proven and f.value_multiple is not None:
        metrics.append(Metric("Value multiple", ctx.fmt.multiple(f.value_multiple),
                              f"value per year against {ctx.compact(f.arr)} of subscription"))
    best = f.headline
    if best is not None:
        detail = f"from {ctx.measure(best.baseline, best.unit)} to {ctx.measure(best.current, best.unit)}"
        if best.annual_value and valued_count > 1:
            figure = ctx.compact(best.annual_value)
            detail = f"a year; {detail}"
        elif is_percent(best.unit):  # one valued outcome: its money is the total, so show how far it moved
            figure = ctx.fmt.points(best.change)
        elif best.improvement is not None and best.improvement > 0:
            figure = ctx.fmt.percent(best.improvement) + " better"
        else:
            figure = ctx.measure(best.current, best.unit)
        metrics.append(Metric(best.outcome, figure, detail))
    evidence = [f"{o.outcome}: {o.evidence}" for o in f.ranked[:LISTED_OUTCOMES] if o.evidence]
    notes = ("Each result in your terms: who on your side saw the change? " + (
        "Sources: " + "; ".join(evidence) + "." if evidence else "Each figure has a source we can share."))
    coaching = "Lead with outcomes, not activity, and name the source of any figure you are asked about."
    if not f.value_proven:
        coaching += (" The value documented so far does not cover the subscription: agree which results to measure "
                     "next, and by when.")
    parts = [Part("value", titles.value(ctx), blocks=(Metrics(tuple(metrics)), outcomes_table(
        ctx, rest="listed in the appendix" if len(f.ranked) <= LISTED else "the largest in the appendix")),
        notes=notes, coaching=coaching)]
    valued = [o for o in f.ranked if o.annual_value]
    if len(valued) > 1:  # one bar would only repeat the card
        cats = [o.outcome for o in valued]
        values = [o.annual_value for o in valued]
        if len(valued) > CHART_BARS:
            cats = [*cats[:5], f"Other ({counted(ctx, len(valued) - 5, 'outcome')})"]
            values = [*values[:5], sum(values[5:])]
        chart = Chart("bar", "Documented value per year, by outcome", tuple(cats),
                      (Series("Value per year", tuple(values)),), labels=tuple(ctx.compact(v) for v in values))
        parts.append(Part("value-chart", titles.value_chart(ctx), blocks=(chart,),
                          notes=f"The largest result is {valued[0].outcome}, at {ctx.compact(values[0])} a year. "
                                "Ask which of these results your leadership talks about most."))
    return tuple(parts)
