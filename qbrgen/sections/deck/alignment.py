"""Strategic alignment: the customer's priorities and the questions to ask about them."""

from qbrgen.document import Bullets, Part, Table

BLOCK = "alignment"
WEIGHT = 1

GENERAL_QUESTIONS = (
    "What is changing in your business over the next two to four quarters?",
    "Which new initiatives, reorganizations or budget decisions are coming up?",
    "Who else should be part of this conversation next time?",
)


def build(ctx):
    priorities = ctx.account.priorities
    blocks = []
    if priorities:
        blocks.append(Table(("Your priority", "By"), tuple((p.title, p.horizon or "—") for p in priorities),
                            widths=(8, 2)))
    questions = [f"{p.title}: what would success look like" + (f" by {p.horizon}?" if p.horizon else "?")
                 for p in priorities[:2]]
    questions.extend(GENERAL_QUESTIONS)
    notes = ("Listen more than you speak: this block is for the customer. Confirm each priority in their words, "
             "ask the questions on the next slide, and note changes in people, budget and timing.")
    discovery = (
        Part("discovery", "Questions for the next quarters", blocks=(Bullets(tuple(questions)),),
             notes="Pick two or three questions; the answers feed the roadmap block and the success plan."),
    )
    if not priorities:  # no priorities on file: the questions slide asks for them, without a placeholder slide
        return discovery
    return (Part("alignment", "Your priorities", blocks=tuple(blocks), notes=notes), *discovery)
