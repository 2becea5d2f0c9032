"""Title slide."""

from qbrgen.fmt import unbroken
from qbrgen.i18n import _
from qbrgen.sections.document import Part

BLOCK = None
WEIGHT = 0


def build(ctx):
    qbr = ctx.account.qbr
    when = ctx.date(qbr.date) if qbr and qbr.date else ctx.date(ctx.as_of)
    when = unbroken(when)  # a narrow subtitle breaks before the date, never inside it
    minutes = ctx.fmt.count(30 if ctx.short_review else 60)
    # TRANSLATORS: speaker notes of the title slide; {customer} is the customer's company name.
    notes = _("Thank you for the {minutes} minutes. Today: the results {customer} achieved, what matters to you "
              "next, and goals both sides own, with one concrete next step together.",
              minutes=minutes, customer=ctx.customer)
    if ctx.vendor_name:
        # TRANSLATORS: the title slide's subtitle: the customer's and our company names, then the meeting date.
        subtitle = _("{customer} and {vendor} · {date}", customer=ctx.customer, vendor=ctx.vendor_name, date=when)
    else:
        subtitle = _("{customer} · {date}", customer=ctx.customer, date=when)
    title = _("Business Review") if ctx.short_review else _("Quarterly Business Review")
    return (Part("title", title, subtitle=subtitle, notes=notes, layout="title"),)
