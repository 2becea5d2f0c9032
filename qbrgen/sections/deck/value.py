"""Value delivered: outcomes first, largest documented value per year first."""

import re

from qbrgen.i18n import _, ngettext, pgettext
from qbrgen.sections.base import LISTED_OUTCOMES, is_percent, outcomes_table
from qbrgen.sections.deck import titles
from qbrgen.sections.deck.appendix import LISTED
from qbrgen.sections.document import Bullets, Chart, Metric, Metrics, Paragraph, Part, Series

BLOCK = "value"
WEIGHT = 4
CHART_BARS = 6  # with more valued outcomes, the chart shows the top five and "Other"
SOURCES = 3  # a source line names the sources of the largest outcomes, at most this many
CITED = 60  # characters of one source's name on a source line


def source_line(outcomes) -> str:
    """Return the slide's source line: where the figures of ``outcomes`` (largest first) come from, as the account
    file records it (the evidence of the ones a slide lists, once each), or "" when none is recorded."""
    found = list(dict.fromkeys(_cited(o.evidence) for o in outcomes[:LISTED_OUTCOMES] if o.evidence))[:SOURCES]
    if not found:
        return ""
    return _("Source: {source}.", source=pgettext("list separator", "; ").join(found))


def _cited(evidence: str) -> str:
    """Return how a source line cites ``evidence``: the source's name, without the details an account file may
    give after a colon ("ERP discount report: the 2% discount now taken on..."), and at most CITED characters,
    cut after a whole word (the full evidence stays on the appendix and in the proposal)."""
    name = re.split(r":\s|：", evidence.strip(), maxsplit=1)[0].strip() or evidence.strip()
    if len(name) <= CITED:
        return name
    cut = name[:CITED].rsplit(", ", 1)[0] if ", " in name[:CITED] else name[:CITED].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;") or name[:CITED]


def build(ctx):
    f = ctx.figures
    if not f.outcomes:  # a working slide: what we agree in the meeting, never an apology for what is missing
        text = _("Let us agree today which business results your subscription should move, how we measure "
                 "each one and from what baseline, so that every review from now on shows the return.")
        # TRANSLATORS: what the customer and the vendor agree on a slide with no documented results yet.
        agree = Bullets((_("The two or three results that matter most to your business"),
                         _("How we measure each one, and where it stands today"),
                         _("Who on your side owns each measure, and when we review it together")))
        return (Part("value", titles.value(ctx), blocks=(Paragraph(text, "lead"), agree),
                     notes=_("Use this slide to agree what to measure, the baseline of each measure, and who on "
                             "your side owns it.")),)
    valued_count = sum(1 for o in f.outcomes if o.annual_value)
    metrics = [Metric(_("Documented value per year"), ctx.compact(f.documented_value),
                      ngettext("across {count} outcome", "across {count} outcomes", valued_count,
                               count=ctx.fmt.count(valued_count)) if valued_count else _("not yet quantified"))]
    if f.value_proven and f.value_multiple is not None:
        # TRANSLATORS: a key figure's detail; {amount} is the yearly subscription price.
        metrics.append(Metric(_("Value multiple"), ctx.fmt.multiple(f.value_multiple),
                              _("value per year against {amount} of subscription", amount=ctx.compact(f.arr))))
    best = f.headline
    if best is not None:
        before, now = ctx.measure(best.baseline, best.unit), ctx.measure(best.current, best.unit)
        # TRANSLATORS: a key figure's detail: an outcome's level before and now, with its unit ("9 days", "4 days").
        detail = _("from {before} to {now}", before=before, now=now)
        if best.annual_value and valued_count > 1:
            figure = ctx.compact(best.annual_value)
            # TRANSLATORS: a key figure's detail under a yearly amount: "a year; from 9 days to 4 days".
            detail = _("a year; from {before} to {now}", before=before, now=now)
        elif is_percent(best.unit):  # one valued outcome: its money is the total, so show how far it moved
            figure = ctx.fmt.points(best.change)
        elif best.improvement is not None and best.improvement > 0:
            # TRANSLATORS: a key figure: how much an outcome improved, like "67.7% better".
            figure = _("{percent} better", percent=ctx.fmt.percent(best.improvement))
        else:
            figure = now
        metrics.append(Metric(best.outcome, figure, detail))
    # TRANSLATORS: one source in the speaker notes: an outcome's name, then where its figure comes from.
    evidence = [_("{outcome}: {evidence}", outcome=o.outcome, evidence=o.evidence)
                for o in f.ranked[:LISTED_OUTCOMES] if o.evidence]
    if evidence:
        # TRANSLATORS: speaker notes; {sources} is a semicolon-separated list of "outcome: source".
        notes = _("Each result in your terms: who on your side saw the change? Sources: {sources}.",
                  sources=pgettext("list separator", "; ").join(evidence))
    else:
        notes = _("Each result in your terms: who on your side saw the change? Each figure has a source we can share.")
    if f.value_proven:
        coaching = _("Lead with outcomes, not activity, and name the source of any figure you are asked about.")
    else:
        coaching = _("Lead with outcomes, not activity, and name the source of any figure you are asked about. The "
                     "value documented so far does not cover the subscription: agree which results to measure next, "
                     "and by when.")
    # TRANSLATORS: in brackets after "N more outcomes" in the outcomes table: where the others are listed.
    rest = _("listed in the appendix") if len(f.ranked) <= LISTED else _("the largest in the appendix")
    parts = [Part("value", titles.value(ctx), blocks=(Metrics(tuple(metrics)), outcomes_table(ctx, rest=rest)),
                  notes=notes, coaching=coaching, source_line=source_line(f.ranked[:LISTED_OUTCOMES]))]
    valued = [o for o in f.ranked if o.annual_value]
    if len(valued) > 1:  # one bar would only repeat the card
        cats = [o.outcome for o in valued]
        values = [o.annual_value for o in valued]
        if len(valued) > CHART_BARS:
            others = len(valued) - 5
            # TRANSLATORS: the last bar of a chart, adding up the smaller outcomes.
            cats = [*cats[:5], ngettext("Other ({count} outcome)", "Other ({count} outcomes)", others,
                                        count=ctx.fmt.count(others))]
            values = [*values[:5], sum(values[5:])]
        chart = Chart("bar", _("Documented value per year, by outcome"), tuple(cats),
                      (Series(_("Value per year"), tuple(values)),), labels=tuple(ctx.compact(v) for v in values))
        parts.append(Part("value-chart", titles.value_chart(ctx), blocks=(chart,), source_line=source_line(valued),
                          notes=_("The largest result is {outcome}, at {amount} a year. Ask which of these results "
                                  "your leadership talks about most.", outcome=valued[0].outcome,
                                  amount=ctx.compact(values[0]))))
    return tuple(parts)
