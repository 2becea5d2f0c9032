"""Title slide."""

from qbrgen.document import Part

BLOCK = None
WEIGHT = 0


def build(ctx):
    qbr = ctx.account.qbr
    when = ctx.date(qbr.date) if qbr and qbr.date else ctx.date(ctx.as_of)
    notes = (
        "Open by thanking everyone for the hour. Say what the meeting is for: to look at the results "
        f"{ctx.customer} achieved, to hear what matters next, and to leave with goals both sides own, "
        "including one concrete next step together."
    )
    return (Part("title", "Quarterly Business Review", subtitle=f"{ctx.customer} and {ctx.vendor} · {when}",
                 notes=notes, layout="title"),)
