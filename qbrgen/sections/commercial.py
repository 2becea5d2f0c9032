"""The commercial parts of the renewal proposal: terms, acceptance, contact and the value evidence.

Every sentence of the terms comes from one field of the account file or of ``qbrgen.yaml``:
:func:`terms_items` returns each sentence with the path of the field it states, so the proposal
never promises a term that no file sets (a test holds each sentence against its field).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from qbrgen.account.model import Signatory
from qbrgen.analysis.pricing import as_proposed
from qbrgen.fmt import unbroken
from qbrgen.i18n import N_, PSEUDO, SOURCE, _, current, in_sentence, ngettext, npgettext, pgettext, sentences
from qbrgen.sections.base import LISTED_OUTCOMES, capacity_added, escalation, year_prices
from qbrgen.sections.document import SIGNATURE_FIELDS, Bullets, Paragraph, Part, Signature, Table

# TRANSLATORS: a blank line to write the vendor's company name on, in the signature block; keep the underscores.
BLANK_COMPANY = N_("______________________ (company name)")
TICK = "☐"


@dataclass(frozen=True)
class Commercial:
    """The proposal's commercial basics, each taken from the account or else from the workspace default."""

    valid_until: dt.date
    valid_from: str  # the field that set it
    payment_terms: str
    payment_from: str
    notice_days: int
    notice_from: str
    taxes: str
    taxes_from: str
    customer_signatory: Signatory
    vendor_signatory: Signatory


def commercial(ctx) -> Commercial:
    """Return the commercial basics of ``ctx``'s account: the account's own values over the workspace's."""
    r, d = ctx.account.renewal, ctx.workspace.proposal

    def pick(field: str, default_field: str):
        own = getattr(r, field)
        return (own, f"renewal.{field}") if own is not None else (getattr(d, default_field),
                                                                  f"proposal.{default_field}")

    payment, payment_from = pick("payment_terms", "payment_terms")
    notice, notice_from = pick("notice_days", "notice_days")
    taxes, taxes_from = pick("taxes", "taxes")
    tl = ctx.figures.timeline
    valid_until = tl.offer_until
    if r.valid_until is not None:
        valid_from = "renewal.valid_until"
    elif valid_until == ctx.as_of + dt.timedelta(days=d.valid_days) and valid_until != tl.signature_target:
        valid_from = "proposal.valid_days"
    elif tl.overdue:  # up to the new term's start, or to signature when the review runs longer
        valid_from = "renewal_policy.review_days" if valid_until == tl.signature_target else "renewal.term_start"
    elif valid_until == tl.signature_target and tl.signature_by_review:  # set by how long the review takes
        valid_from = "renewal_policy.review_days"
    else:  # the signature target or the renewal, both planned from the renewal date
        valid_from = "contract.renewal_date"
    return Commercial(valid_until, valid_from, payment, payment_from,
                      notice, notice_from, taxes, taxes_from, r.signatories.customer,
                      r.signatories.vendor or d.signatory)


def vendor_name(ctx) -> str | None:
    """Return the vendor's name as qbrgen.yaml sets it, or None when no workspace names the vendor."""
    return ctx.vendor_name or None


def terms_items(ctx) -> tuple[tuple[str, str], ...]:
    """Return the terms as (path of the field it states, sentence), in the order the proposal lists them."""
    from babel.numbers import get_currency_name

    a, c, r = ctx.account.account, ctx.account.contract, ctx.account.renewal
    basics = commercial(ctx)
    lang = current()
    # a currency's name is a common noun inside a sentence ("dólares americanos"), kept as written in German
    money = get_currency_name(a.currency, count=2, locale="en" if lang in (SOURCE, PSEUDO) else lang)
    money = money if lang in (SOURCE, PSEUDO) else in_sentence(money)  # "British pounds" keeps its capital
    start = ctx.date(ctx.figures.timeline.term_start)
    # TRANSLATORS: the proposal's terms, a legal list a customer signs: write each as a careful contract sentence.
    # {currency} is the currency's name in the plural ("US dollars"), {code} its ISO code ("USD").
    items = [("account.currency", _("Prices are in {currency} ({code}), per year unless a total for the term is "
                                    "shown.", currency=money, code=a.currency)),
             (basics.taxes_from, _("Prices exclude taxes, which are added to each invoice as the law requires.")
              if basics.taxes == "excluded" else _("Prices include taxes.")),
             ("contract.renewal_date", _("The renewed term starts on {date}, covering the days already used since "
                                         "the renewal date.", date=start) if ctx.figures.timeline.backdated else
              _("The renewed term starts on {date}.", date=start)),
             # TRANSLATORS: {terms} are the payment terms as the account file writes them, like "Net 30".
             (basics.payment_from, _("Payment terms: {terms}.", terms=basics.payment_terms))]
    if any(o.price_protection for o in r.options):
        items.append(("renewal.options.price_protection",
                      _("With a price-protected option, the price per year stays the same for the whole term.")))
    if r.uplift_cap_pct is not None:
        cap = ctx.fmt.pct(r.uplift_cap_pct)
        items.append(("renewal.uplift_cap_pct",
                      _("At each later renewal, the price per year rises by at most {percent}.", percent=cap)))
    tl = ctx.figures.timeline
    if tl.renewed_on:
        items.append(("contract.auto_renew", _("The current contract renewed automatically on {renewed}; its current "
                                               "term ends on {date}.", renewed=ctx.date(tl.renewed_on),
                                               date=ctx.date(tl.renewal_date))))
    elif c.auto_renew:
        items.append(("contract.auto_renew", _("The current contract renews automatically at the end of its term.")))
    elif r.auto_renew is None and "auto_renew" in c.model_fields_set:  # only what the file says
        items.append(("contract.auto_renew", _("The current contract does not renew automatically.")))
    if r.auto_renew is True:  # a notice period only means something for a contract that renews by itself
        items.append(("renewal.auto_renew", _("We propose that the renewed contract renews automatically at the end "
                                              "of its term unless either party gives notice of non-renewal.")))
        items.append((basics.notice_from, ngettext(
            "Notice of non-renewal: in writing, at least {count} day before the end of the term.",
            "Notice of non-renewal: in writing, at least {count} days before the end of the term.",
            basics.notice_days, count=ctx.fmt.count(basics.notice_days))))
    elif r.auto_renew is False:
        items.append(("renewal.auto_renew", _("The renewed term ends on its end date; continuing after it needs a "
                                              "new agreement in writing.")))
    items.append((basics.valid_from, _("This offer is valid until {date}.", date=ctx.date(basics.valid_until))))
    return tuple(items)


def terms(ctx) -> tuple[Part, ...]:
    blocks: list = [Bullets(tuple(s for _path, s in terms_items(ctx)))]
    for clause in (*ctx.workspace.proposal.clauses, *ctx.account.renewal.clauses):
        blocks.append(Paragraph(clause.title, "lead"))
        blocks.extend(markdown_blocks(clause.text))
    return (Part("terms", _("Terms"), blocks=tuple(blocks)),)


def markdown_blocks(text: str) -> list:
    """Return a team's Markdown clause as paragraphs and bullet lists, its words exactly as written.

    Blank lines separate paragraphs; lines starting with '- ', '* ' or '1. ' make a list; the lines of a
    paragraph are joined with a space. Other markup is kept as written, never interpreted."""
    blocks: list = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        items = [re.match(r"^(?:[-*]|\d+[.)])\s+(.*)$", line) for line in lines]
        if lines and all(items):
            numbered = bool(re.match(r"^\d", lines[0]))
            blocks.append(Bullets(tuple(m.group(1) for m in items), numbered=numbered))
        elif lines:
            blocks.append(Paragraph(sentences(lines)))
    return blocks


def contact_line(ctx) -> str:
    """Return the account manager's contact: name, then email and phone where given."""
    a = ctx.account.account
    return " · ".join(x for x in (a.owner, a.owner_email, _phone(a.owner_phone)) if x)


def _phone(number: str | None) -> str | None:
    """Return a phone number that never breaks across lines."""
    return unbroken(number) if number else number


def acceptance(ctx) -> tuple[Part, ...]:
    """Return the acceptance block: what is accepted, with its prices, and a signature column per party."""
    figures = ctx.figures.renewal.options
    blocks: list = []
    expansion = bool(ctx.figures.renewal.expansion_lines)
    # TRANSLATORS: the legal acceptance sentence the customer signs under; {customer} is the customer's company.
    # Write it as a careful contract sentence.
    if figures and expansion:
        text = _("By signing, {customer} accepts the one renewal option ticked below, any expansion ticked below and "
                 "the terms of this proposal.", customer=ctx.customer)
    elif figures:
        text = _("By signing, {customer} accepts the one renewal option ticked below and the terms of this proposal.",
                 customer=ctx.customer)
    elif expansion:
        text = _("By signing, {customer} accepts the renewal as proposed, any expansion ticked below and the terms "
                 "of this proposal.", customer=ctx.customer)
    else:
        text = _("By signing, {customer} accepts the renewal as proposed and the terms of this proposal.",
                 customer=ctx.customer)
    if len(figures) > 1:
        text += " " + _("Tick exactly one renewal option.")
    blocks.append(Paragraph(text))
    if figures:
        # TRANSLATORS: {option} is a renewal option's name from the account file, like "3-year".
        rows = tuple((TICK, ngettext("{option} ({count} month)", "{option} ({count} months)", o.term_months,
                                     option=o.name, count=ctx.fmt.count(o.term_months)),
                      _per_year(ctx, o), ctx.money(o.total)) for o in figures)
        blocks.append(Table((pgettext("table heading", "Tick"), pgettext("table heading", "Renewal option"),
                             pgettext("table heading", "Price per year"),
                             pgettext("table heading", "Total for the term")), rows,
                            align=("center", "left", "right", "right"), widths=(2, 8, 4, 4)))
    else:
        o = as_proposed(ctx.account, ctx.figures.renewal)
        n, count, pct = o.term_months, ctx.fmt.count(o.term_months), ctx.fmt.pct(abs(o.increase_pct))
        # TRANSLATORS: a table cell naming what is accepted; {percent} is like "5%".
        if o.increase_pct > 0:
            what = ngettext("{count} month at a {percent} increase", "{count} months at a {percent} increase", n,
                            count=count, percent=pct)
        elif o.increase_pct < 0:
            what = ngettext("{count} month at a {percent} reduction", "{count} months at a {percent} reduction", n,
                            count=count, percent=pct)
        elif capacity_added(ctx.figures.renewal):  # the total rises with the capacity added, never "flat"
            what = ngettext("{count} month at today's unit prices, with the capacity you use",
                            "{count} months at today's unit prices, with the capacity you use", n, count=count)
        else:
            what = ngettext("{count} month at today's price (a flat renewal)",
                            "{count} months at today's price (a flat renewal)", n, count=count)
        blocks.append(Table((pgettext("table heading", "Renewal as proposed"),
                             pgettext("table heading", "Price per year"),
                             npgettext("table heading", "Total for {count} month", "Total for {count} months", n,
                                       count=count)),
                            ((what, _per_year(ctx, o), ctx.money(o.total)),),
                            align=("left", "right", "right"), widths=(7, 4, 4)))
    steps = escalation(ctx, figures or (as_proposed(ctx.account, ctx.figures.renewal),))
    if steps:  # each year's price beside how it follows from the year before
        blocks.append(Paragraph(sentences(steps), "muted"))
    if expansion:
        rows = tuple((TICK, _("{product} ({unit})", product=e.product, unit=e.unit) if e.unit else e.product,
                      ctx.money(e.arr)) for e in ctx.figures.renewal.expansion_lines)
        blocks.append(Table((pgettext("table heading", "Tick"), pgettext("table heading", "Expansion"),
                             pgettext("table heading", "Price per year")), rows, align=("center", "left", "right"),
                            widths=(2, 9, 4)))
    basics = commercial(ctx)
    vendor = vendor_name(ctx) or _(BLANK_COMPANY)
    values = tuple((s.name or "", s.title or "", "", "") for s in (basics.customer_signatory, basics.vendor_signatory))
    blocks.append(Signature((ctx.customer, vendor), fields=tuple(_(f) for f in SIGNATURE_FIELDS), values=values))
    blocks.append(Paragraph(return_sentence(ctx), "muted"))
    return (Part("acceptance", _("Acceptance"), blocks=tuple(blocks)),)


def return_sentence(ctx) -> str:
    """Return to whom the signed proposal goes: the account manager, at the vendor, with email and phone
    where the account file gives them."""
    a = ctx.account.account
    vendor = vendor_name(ctx)
    email, phone = a.owner_email, _phone(a.owner_phone)
    # TRANSLATORS: {name} is the account manager, {vendor} the vendor's company, {email} and {phone} how to reach them.
    if email and phone:
        reach = _("{email} or {phone}", email=email, phone=phone)
    else:
        reach = email or phone
    if vendor and reach:
        return _("Please return the signed proposal to {name} at {vendor} ({reach}).", name=a.owner, vendor=vendor,
                 reach=reach)
    if vendor:
        return _("Please return the signed proposal to {name} at {vendor}.", name=a.owner, vendor=vendor)
    if reach:
        return _("Please return the signed proposal to {name} ({reach}).", name=a.owner, reach=reach)
    return _("Please return the signed proposal to {name}.", name=a.owner)


def _per_year(ctx, option) -> str:
    return year_prices(ctx, option)


def evidence(ctx) -> tuple[Part, ...]:
    """Return the appendix "How we measured": each outcome's starting point, value now, period and source."""
    # in the order of the value table: largest documented value first (a stable sort, as the figures rank them)
    outcomes = sorted(ctx.account.value, key=lambda o: -(o.annual_value or 0))
    if not outcomes:
        return ()
    since = _("since {date}", date=ctx.date(ctx.account.contract.start_date))
    items = []
    for o in outcomes[:LISTED_OUTCOMES]:
        # TRANSLATORS: one outcome's evidence; {outcome} is its name, {before} and {now} measures with their unit,
        # {period} the account file's period (like "Q1 2025 to Q3 2026") or "since {date}".
        text = _("{outcome}: {before} at the start, {now} now, measured {period}.", outcome=o.outcome,
                 before=ctx.measure(o.baseline, o.unit), now=ctx.measure(o.current, o.unit), period=o.period or since)
        if o.annual_value is not None:
            text += " " + _("Valued at {amount} a year.", amount=ctx.money(o.annual_value))
        if o.evidence:
            # TRANSLATORS: {source} is where the measurement comes from, as the account file writes it.
            text += " " + _("Source: {source}.", source=o.evidence)
        items.append(text)
    return (Part("evidence", _("How we measured"), blocks=(
        Paragraph(_("Where each figure in this proposal comes from: the starting point, the value today, the period "
                    "and the source of the measurement.")),
        Bullets(tuple(items)),
        *_not_listed(ctx, outcomes[LISTED_OUTCOMES:]),
    )),)


def _not_listed(ctx, others) -> tuple[Paragraph, ...]:
    """Return one sentence for the outcomes a customer document leaves out of its list, or nothing."""
    if not others:
        return ()
    worth = sum((o.annual_value for o in others if o.annual_value is not None), Decimal(0))
    n, count = len(others), ctx.fmt.count(len(others))
    if worth:
        return (Paragraph(ngettext(
            "The other {count} outcome, worth {amount} a year, was measured the same way; we will share its detail "
            "on request.",
            "The other {count} outcomes, worth {amount} a year together, were measured the same way; we will share "
            "the detail of each on request.", n, count=count, amount=ctx.money(worth))),)
    return (Paragraph(ngettext(
        "The other {count} outcome was measured the same way; we will share its detail on request.",
        "The other {count} outcomes were measured the same way; we will share the detail of each on request.",
        n, count=count)),)
