"""The one-screen ROI summary of ``qbrgen roi``: documented value, price, value multiple and ROI, each named."""

from __future__ import annotations

from qbrgen.analysis.lint import when
from qbrgen.i18n import _
from qbrgen.sections.base import framing_sentence
from qbrgen.sections.document import Document, Metric, Metrics, Paragraph, Part, Table


def roi_document(ctx) -> Document:
    """Return the ROI summary of one account (a build context) as a small document."""
    f = ctx.figures
    rows = [(o.outcome, ctx.money(o.annual_value) if o.annual_value is not None else _("not quantified"))
            for o in f.outcomes]
    rows.append((_("Documented value per year"), ctx.money(f.documented_value)))
    table = Table((_("Outcome"), _("Value per year")), tuple(rows), align=("left", "right"), emphasis_last_row=True)
    metrics = [Metric(_("Price per year (ARR)"), ctx.money(f.arr))]
    if f.value_multiple is not None:
        metrics.append(Metric(_("Value multiple (documented value ÷ ARR)"), ctx.fmt.multiple(f.value_multiple)))
        metrics.append(Metric(_("Return on investment ((documented value − ARR) ÷ ARR)"),
                              ctx.fmt.percent(f.value_multiple - 1)))
    blocks: list = [table, Metrics(tuple(metrics))]
    if f.documented_value < f.arr:
        blocks.append(Paragraph(
            _("Documented value is below the price: the customer pays {price} a year for {value} of documented "
              "value. Document more outcomes, or the renewal is argued on price alone.", price=ctx.money(f.arr),
              value=ctx.money(f.documented_value)), "lead"))
    blocks.append(Paragraph(framing_sentence(ctx)))
    if f.renewal.over_cap:
        blocks.append(Paragraph(_("Warning: the increase is above the contractual cap of {percent}.",
                                  percent=ctx.fmt.pct(f.renewal.cap_pct)), "lead"))
    tl = f.timeline
    # TRANSLATORS: {when} says how far away the renewal is, like "in 45 days".
    blocks.append(Paragraph(_("Renewal on {date}: {when}.", date=ctx.date(tl.renewal_date), when=when(tl.days_left))))
    return Document("roi", "internal", _("{customer}: return on investment", customer=ctx.customer),
                    _("as of {date}", date=ctx.date(ctx.as_of)),
                    (Part("roi", _("Documented value"), blocks=tuple(blocks)),), ())
