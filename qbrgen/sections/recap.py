"""The written recap after the QBR, and the calendar of what was agreed: customer documents.

The playbook's rule for a success plan: write it down, share it after the meeting, hold both sides
accountable. The recap is the email the account manager sends within a business day, addressed to the
customer's people who attended: the goals agreed (an owner on each side, a date), the renewal path and its
next step, and the next meeting. Like every customer document it carries no internal field (no roles,
sentiment, relationship strength, risks, signals or whitespace).

The calendar holds the same dates as events whose UIDs are derived from the account and the item, so
importing an updated calendar moves an event instead of adding a second one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from qbrgen.analysis.coverage import present
from qbrgen.sections.base import LAPSED_START, STEP_TEXT, status_text
from qbrgen.sections.document import Document, Paragraph, Part, Table

NEXT_REVIEW_WEEKS = 13  # a quarter later, on the same weekday


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str | None


@dataclass(frozen=True)
class Event:
    """One all-day calendar event."""

    uid: str
    day: dt.date
    summary: str
    description: str = ""
    category: str = ""


@dataclass(frozen=True)
class Calendar:
    name: str
    events: tuple[Event, ...]
    stamp: dt.date  # DTSTAMP of every event: the as-of date, so a rebuild is byte-identical


def meeting_day(ctx) -> dt.date:
    """Return the day of the review the recap follows: qbr.date, else the as-of date."""
    when = ctx.account.qbr.date if ctx.account.qbr and ctx.account.qbr.date else ctx.as_of
    return when.date() if isinstance(when, dt.datetime) else when


def next_review(ctx) -> dt.date:
    return meeting_day(ctx) + dt.timedelta(weeks=NEXT_REVIEW_WEEKS)


def recipients(ctx) -> tuple[Recipient, ...]:
    """Return the customer's stakeholders who attended, in the order of the attendee list (not who has left)."""
    people = {p.name: p for p in present(ctx.account, ctx.as_of)}
    attendees = ctx.account.qbr.attendees if ctx.account.qbr else ()
    return tuple(Recipient(name, people[name].email) for name in dict.fromkeys(attendees) if name in people)


def _first_names(names) -> str:
    firsts = [n.split()[0] for n in names]
    if not firsts:
        return "Hello,"
    return "Hello " + (", ".join(firsts[:-1]) + " and " + firsts[-1] if len(firsts) > 1 else firsts[0]) + ","


def subject(ctx) -> str:
    return f"Our business review on {ctx.date(meeting_day(ctx))}: what we agreed"


def _step(ctx, key: str) -> str:
    if key == "start" and ctx.figures.timeline.overdue:
        return LAPSED_START
    if key == "proposal" and not ctx.figures.renewal.options:
        return "We share the renewal proposal with its price"
    return STEP_TEXT[key]


def build_recap(ctx) -> Document:
    """Return the recap of the account's last review as a customer document."""
    ours = ctx.vendor_name or "Our team"
    met = meeting_day(ctx)
    who = [r.name for r in recipients(ctx)]
    parts = [Part("greeting", "", blocks=(
        Paragraph(_first_names(who)),
        Paragraph(f"Thank you for your time at our business review on {ctx.date(met)}. As promised, here is what "
                  "we agreed, with an owner on each side and a date for each goal, so that we both hold to it."),
    ))]
    goals = sorted(ctx.account.success_plan, key=lambda g: (g.due, g.goal))
    if goals:
        rows = tuple((g.goal, g.customer_owner, g.vendor_owner, ctx.date(g.due), status_text(ctx, g.status))
                     for g in goals)
        parts.append(Part("agreed", "What we agreed", blocks=(
            Table(("Goal", f"Owner at {ctx.customer}", f"Owner at {ours}", "Date", "Status"), rows,
                  widths=(6, 3, 3, 3, 2)),)))
    else:
        parts.append(Part("agreed", "What we agreed", blocks=(Paragraph(
            "We agreed to set two or three shared goals, each with an owner on both sides and a date; we will "
            "send a proposal for them."),)))
    f = ctx.figures
    if f.documented_value:
        parts.append(Part("value", "Where we stand", blocks=(Paragraph(
            f"Together we have documented {ctx.money(f.documented_value)} of value a year so far; we keep "
            "measuring it with you and bring the figures to every review."),)))
    tl = f.timeline
    steps = tuple(st for st in tl.steps if st.date >= met)
    renewal = [Paragraph(f"Your subscription renews on {ctx.date(tl.renewal_date)}." if not tl.overdue else
                         f"Your subscription passed its renewal date on {ctx.date(tl.renewal_date)}; the new term "
                         f"starts on {ctx.date(tl.term_start)}.")]
    if steps:
        renewal.append(Paragraph(f"Next step: {_step(ctx, steps[0].key).lower()[0]}{_step(ctx, steps[0].key)[1:]}"
                                 f", by {ctx.date(steps[0].date)}."))
        renewal.append(Table(("Date", "Step"), tuple((ctx.date(st.date), _step(ctx, st.key)) for st in steps),
                             widths=(2, 7)))
    parts.append(Part("renewal", "Your renewal", blocks=tuple(renewal)))
    upcoming = [g for g in goals if g.status != "done" and g.due >= met]
    nxt = [Paragraph(f"We propose our next business review for the week of {ctx.date(next_review(ctx))}; we will "
                     "send an invitation.")]
    if upcoming:
        nxt.append(Paragraph(f"Before then, we will check in with {upcoming[0].customer_owner} on "
                             f"“{upcoming[0].goal}” by {ctx.date(upcoming[0].due)}."))
    parts.append(Part("next-meeting", "Our next meeting", blocks=tuple(nxt)))
    a = ctx.account.account
    sign = [Paragraph("Please reply if anything here differs from your notes; we will update the shared plan."),
            Paragraph("\n".join(x for x in ("Best regards,", a.owner, ctx.vendor_name) if x))]
    contact = " · ".join(x for x in (a.owner_email, a.owner_phone) if x)
    if contact:
        sign.append(Paragraph(contact, "muted"))
    parts.append(Part("signature", "", blocks=tuple(sign)))
    who_line = f"{ctx.customer} and {ctx.vendor_name}" if ctx.vendor_name else ctx.customer
    return Document("recap", "customer", subject(ctx), f"{who_line} · {ctx.date(met)}", tuple(parts),
                    (("customer", ctx.customer), ("vendor", ctx.vendor_name), ("as_of", ctx.as_of.isoformat())))


# -- calendars ------------------------------------------------------------------------------------------


def _slug(text: str) -> str:
    """Return an id for a UID, its case kept (a CRM's 15-character ids tell two accounts apart by case)."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:40] or "account"


def _item(text: str) -> str:
    return hashlib.sha256(" ".join(text.casefold().split()).encode()).hexdigest()[:16]


def uid(ctx, kind: str, item: str) -> str:
    """Return a UID stable across exports: the account's id (or name), the kind of item and the item's id."""
    account = ctx.account.account
    return f"{_slug(account.id or account.name)}-{kind}-{item}@qbrgen"


def customer_calendar(ctx) -> Calendar:
    """Return the success-plan goals and the customer's steps to signature as all-day events."""
    ours = ctx.vendor_name or "our team"
    events = []
    for g in sorted(ctx.account.success_plan, key=lambda g: (g.due, g.goal)):
        label = "Goal met" if g.status == "done" else "Goal due"
        events.append(Event(uid(ctx, "goal", _item(g.goal)), g.due, f"{label}: {g.goal}",
                            f"Owners: {g.customer_owner} ({ctx.customer}) and {g.vendor_owner} ({ours}).",
                            "Success plan"))
    tl = ctx.figures.timeline
    for st in tl.steps:
        events.append(Event(uid(ctx, f"renewal-{tl.renewal_date.isoformat()}", st.key), st.date,
                            f"Renewal: {_step(ctx, st.key)}", f"{ctx.customer} renewal on {ctx.date(tl.renewal_date)}.",
                            "Renewal"))
    return Calendar(f"{ctx.customer}: success plan and renewal", tuple(events), ctx.as_of)


def internal_calendar(ctx) -> Calendar:
    """Return the internal renewal timeline (180 to 0 days before the renewal date): never sent to the customer."""
    tl = ctx.figures.timeline
    events = tuple(Event(uid(ctx, f"internal-{tl.renewal_date.isoformat()}", str(m.days_before)), m.date,
                         f"{ctx.customer} ({m.days_before} days before renewal): {m.step}" if m.days_before
                         else f"{ctx.customer}: {m.step}", "Internal renewal timeline.", "Internal")
                   for m in tl.milestones)
    return Calendar(f"{ctx.customer}: internal renewal timeline", events, ctx.as_of)
