"""Agenda: the meeting's blocks, with clock times when the meeting has a start time."""

import datetime as dt

from qbrgen.sections.document import Part, Table

BLOCK = "value"
WEIGHT = 1
# each block's heading as the agenda's title names it
PHRASE = {"Value delivered": "value", "Strategic alignment": "your priorities", "Roadmap and innovation": "roadmap",
          "Mutual success plan": "our shared plan", "Mutual success plan and your renewal": "plan and renewal",
          "Your renewal": "your renewal", "Your renewal and next steps": "renewal and next steps",
          "Next steps": "next steps"}


def build(ctx):
    qbr = ctx.account.qbr
    start = qbr.date if qbr and isinstance(qbr.date, dt.datetime) else None
    rows = []
    for _, heading, minutes, purpose in ctx.blocks:
        if start is not None:
            end = start + dt.timedelta(minutes=minutes)
            when = f"{ctx.fmt.time(start)}–{ctx.fmt.time(end)}"
            start = end
        else:
            when = f"{minutes} min"
        rows.append((when, heading, purpose))
    table = Table(("Time" if qbr and isinstance(qbr.date, dt.datetime) else "Length", "Block", "Purpose"),
                  tuple(rows), widths=(2, 3, 6))
    total = sum(b[2] for b in ctx.blocks)
    notes = (f"{total} minutes, block by block. Support questions go to a separate follow-up, so this time stays on "
             "your business. Is anything missing from the agenda?")
    names = [PHRASE.get(heading, heading.lower()) for _, heading, _, _ in ctx.blocks]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + ", then " + names[-1] if names else ""
    title = f"Our {total} minutes: {listed}" if listed else "Agenda"
    return (Part("agenda", title, blocks=(table,), notes=notes,
                 coaching="Say each block in a sentence, and park support questions for a follow-up."),)
