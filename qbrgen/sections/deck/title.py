"""Title slide."""

from qbrgen.fmt import unbroken
from qbrgen.sections.document import Part

BLOCK = None
WEIGHT = 0


def build(ctx):
    qbr = ctx.account.qbr
    when = ctx.date(qbr.date) if qbr and qbr.date else ctx.date(ctx.as_of)
    when = unbroken(when)  # a narrow subtitle breaks before the date, never inside it
    minutes = 30 if ctx.short_review else 60
    notes = (
        f"Thank you for the {minutes} minutes. Today: the results {ctx.customer} achieved, what matters to you "
        "next, and goals both sides own, with one concrete next step together."
    )
    who = f"{ctx.customer} and {ctx.vendor_name}" if ctx.vendor_name else ctx.customer
    title = "Business Review" if ctx.short_review else "Quarterly Business Review"
    return (Part("title", title, subtitle=f"{who} · {when}", notes=notes, layout="title"),)
