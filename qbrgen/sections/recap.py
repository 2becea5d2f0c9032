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
from qbrgen.i18n import _, in_sentence, ngettext, pgettext
from qbrgen.sections.base import listed, status_text
from qbrgen.sections.document import Document, Paragraph, Part, Table
from qbrgen.sections.steps import step_text

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


# Titles before a name, never a first name: "Dr. Sabine Krüger" is greeted as Sabine.
HONORIFICS = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "miss", "sir", "herr", "frau", "m", "mme", "mlle",
                        "sr", "sra", "srta", "dra", "ing", "dipl", "mag"})


def _first_name(name: str) -> str:
    """Return the name a greeting uses: the first word that is not a title (the family name first in Japanese
    data, as Japanese greetings use it: 田中 浩二 is greeted as 田中様)."""
    words = name.split()
    for word in words:
        if word.rstrip(".").lower() not in HONORIFICS and not (word.endswith(".") and len(word) <= 6):
            return word
    return words[0] if words else name


def _first_names(names) -> str:
    firsts = [_first_name(n) for n in names]
    if not firsts:
        # TRANSLATORS: the e-mail's greeting when it has no named recipient.
        return _("Hello,")
    # TRANSLATORS: the e-mail's greeting; {names} are the recipients' first names, like "Anna and Ben".
    return _("Hello {names},", names=listed(firsts))


def subject(ctx) -> str:
    # TRANSLATORS: the recap e-mail's subject; {date} is the day of the meeting.
    return _("Our business review on {date}: what we agreed", date=ctx.date(meeting_day(ctx)))


def build_recap(ctx) -> Document:
    """Return the recap of the account's last review as a customer document."""
    # TRANSLATORS: stands for the vendor's name in a column heading ("Owner at Our team") when no vendor is named.
    ours = ctx.vendor_name or _("Our team")
    met = meeting_day(ctx)
    who = [r.name for r in recipients(ctx)]
    parts = [Part("greeting", "", blocks=(
        Paragraph(_first_names(who)),
        Paragraph(_("Thank you for your time at our business review on {date}. As promised, here is what we agreed, "
                    "with an owner on each side and a date for each goal, so that we both hold to it.",
                    date=ctx.date(met))),
    ))]
    goals = sorted(ctx.account.success_plan, key=lambda g: (g.due, g.goal))
    if goals:
        rows = tuple((g.goal, g.customer_owner, g.vendor_owner, ctx.date(g.due), status_text(ctx, g.status))
                     for g in goals)
        # TRANSLATORS: column headings; {company} is the customer's or the vendor's company name.
        parts.append(Part("agreed", _("What we agreed"), blocks=(
            Table((pgettext("table heading", "Goal"), pgettext("table heading", "Owner at {company}",
                                                                company=ctx.customer),
                   pgettext("table heading", "Owner at {company}", company=ours), pgettext("table heading", "Date"),
                   pgettext("table heading", "Status")), rows, widths=(6, 3, 3, 3, 2)),)))
    else:
        parts.append(Part("agreed", _("What we agreed"), blocks=(Paragraph(_(
            "We agreed to set two or three shared goals, each with an owner on both sides and a date; we will "
            "send a proposal for them.")),)))
    f = ctx.figures
    if f.documented_value:
        parts.append(Part("value", _("Where we stand"), blocks=(Paragraph(_(
            "Together we have documented {value} of value a year so far; we keep measuring it with you and bring the "
            "figures to every review.", value=ctx.money(f.documented_value))),)))
    tl = f.timeline
    steps = tuple(st for st in tl.steps if st.date >= met)
    renewal = [Paragraph(_("Your subscription renews on {date}.", date=ctx.date(tl.renewal_date)) if not tl.overdue
                         else _("Your subscription passed its renewal date on {date}; the new term starts on {start}.",
                                date=ctx.date(tl.renewal_date), start=ctx.date(tl.term_start)))]
    if steps:
        # TRANSLATORS: {step} is one step of the renewal as written in the steps table ("We share the renewal
        # proposal with its price"), {date} its date.
        renewal.append(Paragraph(_("Next step: {step}, by {date}.", step=_lowered(step_text(ctx, steps[0].key)),
                                   date=ctx.date(steps[0].date))))
        renewal.append(Table((pgettext("table heading", "Date"), pgettext("table heading", "Step")),
                             tuple((ctx.date(st.date), step_text(ctx, st.key)) for st in steps), widths=(2, 7)))
    parts.append(Part("renewal", _("Your renewal"), blocks=tuple(renewal)))
    upcoming = [g for g in goals if g.status != "done" and g.due >= met]
    nxt = [Paragraph(_("We propose our next business review for the week of {date}; we will send an invitation.",
                       date=ctx.date(next_review(ctx))))]
    if upcoming:
        # TRANSLATORS: {name} is a person at the customer, {goal} a goal's text (shown in quotation marks; use the
        # language's own), {date} its due date.
        nxt.append(Paragraph(_("Before then, we will check in with {name} on “{goal}” by {date}.",
                               name=upcoming[0].customer_owner, goal=upcoming[0].goal,
                               date=ctx.date(upcoming[0].due))))
    parts.append(Part("next-meeting", _("Our next meeting"), blocks=tuple(nxt)))
    a = ctx.account.account
    # TRANSLATORS: the e-mail's closing, on a line of its own above the sender's name.
    sign = [Paragraph(_("Please reply if anything here differs from your notes; we will update the shared plan.")),
            Paragraph("\n".join(x for x in (_("Best regards,"), a.owner, ctx.vendor_name) if x))]
    contact = " · ".join(x for x in (a.owner_email, a.owner_phone) if x)
    if contact:
        sign.append(Paragraph(contact, "muted"))
    parts.append(Part("signature", "", blocks=tuple(sign)))
    who_line = (_("{customer} and {vendor}", customer=ctx.customer, vendor=ctx.vendor_name) if ctx.vendor_name
                else ctx.customer)
    return Document("recap", "customer", subject(ctx), f"{who_line} · {ctx.date(met)}", tuple(parts),
                    (("customer", ctx.customer), ("vendor", ctx.vendor_name), ("as_of", ctx.as_of.isoformat())))


def _lowered(step: str) -> str:
    """Return a step's text as it reads inside a sentence: its first letter in lower case (as English and the
    Romance languages write it; a German noun keeps its capital only if the translator starts it so)."""
    return in_sentence(step)


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
    # TRANSLATORS: stands for the vendor's name inside a sentence when no vendor is named.
    ours = ctx.vendor_name or _("our team")
    events = []
    for g in sorted(ctx.account.success_plan, key=lambda g: (g.due, g.goal)):
        # TRANSLATORS: a calendar event's title; {goal} is a goal's text from the account file.
        summary = _("Goal met: {goal}", goal=g.goal) if g.status == "done" else _("Goal due: {goal}", goal=g.goal)
        events.append(Event(uid(ctx, "goal", _item(g.goal)), g.due, summary,
                            # TRANSLATORS: a calendar event's description; {customer_owner} and {vendor_owner} are
                            # people, {customer} and {vendor} their companies.
                            _("Owners: {customer_owner} ({customer}) and {vendor_owner} ({vendor}).",
                              customer_owner=g.customer_owner, customer=ctx.customer, vendor_owner=g.vendor_owner,
                              vendor=ours),
                            # TRANSLATORS: a calendar event's category.
                            pgettext("calendar category", "Success plan")))
    tl = ctx.figures.timeline
    for st in tl.steps:
        events.append(Event(uid(ctx, f"renewal-{tl.renewal_date.isoformat()}", st.key), st.date,
                            _("Renewal: {step}", step=step_text(ctx, st.key)),
                            _("{customer} renewal on {date}.", customer=ctx.customer, date=ctx.date(tl.renewal_date)),
                            pgettext("calendar category", "Renewal")))
    # TRANSLATORS: the calendar's name; {customer} is the customer's company name.
    return Calendar(_("{customer}: success plan and renewal", customer=ctx.customer), tuple(events), ctx.as_of)


def internal_calendar(ctx) -> Calendar:
    """Return the internal renewal timeline (180 to 0 days before the renewal date): never sent to the customer."""
    tl = ctx.figures.timeline
    # TRANSLATORS: an internal calendar event's title; {step} is a step of the renewal playbook.
    events = tuple(Event(uid(ctx, f"internal-{tl.renewal_date.isoformat()}", str(m.days_before)), m.date,
                         ngettext("{customer} ({count} day before renewal): {step}",
                                  "{customer} ({count} days before renewal): {step}", m.days_before,
                                  customer=ctx.customer, count=m.days_before, step=m.step) if m.days_before
                         else _("{customer}: {step}", customer=ctx.customer, step=m.step),
                         _("Internal renewal timeline."), pgettext("calendar category", "Internal"))
                   for m in tl.milestones)
    return Calendar(_("{customer}: internal renewal timeline", customer=ctx.customer), events, ctx.as_of)
