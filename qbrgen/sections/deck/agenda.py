"""Agenda: the meeting's blocks, with clock times when the meeting has a start time."""

import datetime as dt

from qbrgen.i18n import _, in_sentence, ngettext
from qbrgen.sections.deck.titles import listing
from qbrgen.sections.document import Part, Table

BLOCK = "value"
WEIGHT = 1


def build(ctx):
    qbr = ctx.account.qbr
    start = qbr.date if qbr and isinstance(qbr.date, dt.datetime) else None
    rows = []
    for key, heading, minutes, purpose in ctx.blocks:
        if key == "value" and not ctx.figures.outcomes:  # nothing documented yet: the block agrees what to measure
            # TRANSLATORS: the purpose of the agenda's value block when no results are documented yet.
            purpose = _("The results we agree to measure together, and their baseline")
        if start is not None:
            end = start + dt.timedelta(minutes=minutes)
            # TRANSLATORS: a block's clock times in the agenda, like "09:00–09:15".
            when = _("{start}–{end}", start=ctx.fmt.time(start), end=ctx.fmt.time(end))
            start = end
        else:
            # TRANSLATORS: a block's length in the agenda's first column; "min" is minutes.
            when = _("{minutes} min", minutes=ctx.fmt.count(minutes))
        rows.append((when, str(heading), purpose))
    timed = qbr and isinstance(qbr.date, dt.datetime)
    table = Table((_("Time") if timed else _("Length"), _("Block"), _("Purpose")), tuple(rows), widths=(2, 3, 6))
    total = sum(b[2] for b in ctx.blocks)
    notes = ngettext("{count} minute, block by block. Support questions go to a separate follow-up, so this time "
                     "stays on your business. Is anything missing from the agenda?",
                     "{count} minutes, block by block. Support questions go to a separate follow-up, so this time "
                     "stays on your business. Is anything missing from the agenda?", total, count=ctx.fmt.count(total))
    names = [getattr(heading, "phrase", "") or in_sentence(heading) for _key, heading, _minutes, _purpose in ctx.blocks]
    if names:
        # TRANSLATORS: the agenda slide's title; {blocks} lists the meeting's blocks ("value, then next steps").
        title = ngettext("Our {count} minute: {blocks}", "Our {count} minutes: {blocks}", total,
                         count=ctx.fmt.count(total), blocks=listing(names, last="then"))
    else:
        title = _("Agenda")
    return (Part("agenda", title, blocks=(table,), notes=notes,
                 coaching=_("Say each block in a sentence, and park support questions for a follow-up.")),)
