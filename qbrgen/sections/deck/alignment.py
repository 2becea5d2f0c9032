"""Strategic alignment: the customer's priorities and the questions to ask about them."""

from qbrgen.document import Bullets, Paragraph, Part, Table

BLOCK = "alignment"
WEIGHT = 1

GENERAL_QUESTIONS = (
    "What is changing in your business over the next two to four quarters?",
    "Which new initiatives, reorganisations or budget decisions are coming up?",
    "Who else should be part of this conversation next time?",
)


def build(ctx):
    priorities = ctx.account.priorities
    blocks = []
    if priorities:
        blocks.append(Table(("Your priority", "By"), tuple((p.title, p.horizon or "—") for p in priorities),
                            widths=(8, 2)))
    else:
        blocks.append(Paragraph("We would like to hear what matters most to you in the coming quarters.", "lead"))
    questions = [f"What would make '{p.title}' a success by {p.horizon or 'its deadline'}?" for p in priorities[:2]]
    questions.extend(GENERAL_QUESTIONS)
    notes = ("Listen more than you speak: this block is for the customer. Confirm each priority in their words, "
             "ask the questions on the right, and note changes in people, budget and timing.")
    return (
        Part("alignment", "Your priorities", blocks=tuple(blocks), notes=notes),
        Part("discovery", "Questions for the next quarters", blocks=(Bullets(tuple(questions)),),
             notes="Pick two or three questions; the answers feed the roadmap block and the success plan."),
    )
