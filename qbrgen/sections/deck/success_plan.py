"""Mutual success plan: goals with an owner on each side, a date and a status.

Up to four goals read as a timeline of cards; more become a compact table with status chips. A plan longer
than a meeting can walk through shows its open goals first, nearest date first, and counts the rest.
"""


from qbrgen.i18n import _, ngettext, pgettext
from qbrgen.sections.base import status_text
from qbrgen.sections.deal_desk import adoption_goals
from qbrgen.sections.deck import titles
from qbrgen.sections.document import Card, Cards, Part, Table

BLOCK = "plan"
WEIGHT = 3
MAX_CARDS = 4
MAX_ROWS = 14  # two slides of goals at most; the account plan keeps the full list


def build(ctx):
    goals = sorted((*ctx.account.success_plan, *adoption_goals(ctx)), key=lambda g: (g.due, g.goal))
    if not goals:  # a slide without data is left out; the agenda follows
        return ()
    if len(goals) <= MAX_CARDS:
        # TRANSLATORS: a goal card's owner lines: a company name (or "Our owner"), then the person.
        ours = ctx.vendor_name or _("Our owner")
        block = Cards(tuple(Card(g.goal, ctx.date(g.due),
                                 (_("{company}: {person}", company=ctx.customer, person=g.customer_owner),
                                  _("{company}: {person}", company=ours, person=g.vendor_owner)),
                                 status_text(ctx, g.status))
                            for g in goals))
    else:
        shown, more = goals, ()
        if len(goals) > MAX_ROWS:  # open goals first (nearest date first), then the most recently done
            done = [g for g in reversed(goals) if g.status == "done"]
            ranked = [g for g in goals if g.status != "done"] + done
            shown, rest = ranked[: MAX_ROWS - 1], ranked[MAX_ROWS - 1:]
            finished = sum(1 for g in rest if g.status == "done")
            if finished:
                # TRANSLATORS: the last row of the goals table; {done} counts how many of the {count} are done.
                label = ngettext("{count} more goal in the shared plan, {done} of them done",
                                 "{count} more goals in the shared plan, {done} of them done", len(rest),
                                 count=ctx.fmt.count(len(rest)), done=ctx.fmt.count(finished))
            else:
                label = ngettext("{count} more goal in the shared plan", "{count} more goals in the shared plan",
                                 len(rest), count=ctx.fmt.count(len(rest)))
            more = ((label, "", "", ""),)
        block = Table((_("Goal"), _("Owners"), pgettext("table heading: a goal's due date", "Due"), _("Status")),
                      tuple((g.goal, f"{g.customer_owner} · {g.vendor_owner}", ctx.date(g.due),
                             status_text(ctx, g.status)) for g in shown) + more,
                      widths=(6, 4, 2, 2), chips=(3,))
    notes = _("Agree on each goal, its owners and its date out loud. Send the plan in writing within a day, and "
              "open the next QBR with its status.")
    return (Part("success-plan", titles.success_plan(ctx, goals), blocks=(block,), notes=notes,
                 overline=titles.TOPIC["success-plan"]),)
