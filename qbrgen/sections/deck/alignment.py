"""Strategic alignment: the customer's priorities beside the questions to ask about them, on one slide."""

from qbrgen.sections.deck import titles
from qbrgen.sections.document import Bullets, Paragraph, Part, Table

BLOCK = "alignment"
WEIGHT = 1

GENERAL_QUESTIONS = (
    "What is changing in your business over the next two to four quarters?",
    "Which new initiatives, reorganizations or budget decisions are coming up?",
    "Who else should be part of this conversation next time?",
)


def build(ctx):
    priorities = ctx.account.priorities
    if priorities:
        first = Table(("Your priority", "By"),
                      tuple((p.title, ctx.fmt.quarter(p.horizon) if p.horizon else "—") for p in priorities),
                      widths=(8, 3))
    else:
        first = Paragraph("We would like to hear what matters most to you in the coming quarters.", "lead")
    questions = [f"{p.title}: what would success look like"
                 + (f" by {ctx.fmt.quarter(p.horizon)}?" if p.horizon else "?") for p in priorities[:2]]
    questions.extend(GENERAL_QUESTIONS)
    notes = ("This part is yours: each priority in your words, and what would make it a success. Changes in people, "
             "budget or timing matter here too; the answers shape the roadmap and the success plan.")
    return (Part("alignment", titles.alignment(ctx), blocks=(first, Bullets(tuple(questions))), notes=notes,
                 overline=titles.TOPIC["alignment"], arrange="columns",
                 coaching="Listen more than you speak; pick two or three of the questions and write the answers "
                          "down."),)
