"""Strategic alignment: the customer's priorities beside the questions to ask about them, on one slide."""

from qbrgen.i18n import N_, _, pgettext
from qbrgen.sections.deck import titles
from qbrgen.sections.document import Bullets, Paragraph, Part, Table

BLOCK = "alignment"
WEIGHT = 1

GENERAL_QUESTIONS = (
    N_("What is changing in your business over the next two to four quarters?"),
    N_("Which new initiatives, reorganizations or budget decisions are coming up?"),
    N_("Who else should be part of this conversation next time?"),
)


def build(ctx):
    priorities = ctx.account.priorities
    if priorities:
        # TRANSLATORS: table columns: the customer's priority, and the quarter it should be reached by.
        first = Table((_("Your priority"), pgettext("table heading: the quarter a priority is due", "By")),
                      tuple((p.title, ctx.fmt.quarter(p.horizon) if p.horizon else "—") for p in priorities),
                      widths=(7, 4))
    else:
        first = Paragraph(_("We would like to hear what matters most to you in the coming quarters."), "lead")
    # TRANSLATORS: a question on the slide; {priority} is the customer's priority as written in the account file.
    questions = [_("{priority}: what would success look like by {quarter}?", priority=p.title,
                   quarter=ctx.fmt.quarter(p.horizon)) if p.horizon
                 else _("{priority}: what would success look like?", priority=p.title) for p in priorities[:2]]
    questions.extend(_(q) for q in GENERAL_QUESTIONS)
    notes = _("This part is yours: each priority in your words, and what would make it a success. Changes in "
              "people, budget or timing matter here too; the answers shape the roadmap and the success plan.")
    return (Part("alignment", titles.alignment(ctx), blocks=(first, Bullets(tuple(questions))), notes=notes,
                 overline=titles.TOPIC["alignment"], arrange="columns",
                 coaching=_("Listen more than you speak; pick two or three of the questions and write the "
                            "answers down.")),)
