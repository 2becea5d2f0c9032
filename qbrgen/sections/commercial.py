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
from qbrgen.sections.base import LISTED_OUTCOMES, change_words, counted, year_prices
from qbrgen.sections.document import Bullets, Paragraph, Part, Signature, Table

BLANK_COMPANY = "______________________ (company name)"
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
    money = get_currency_name(a.currency, count=2, locale="en")
    items = [("account.currency", f"Prices are in {money} ({a.currency}), per year unless a total for the term "
                                  "is shown."),
             (basics.taxes_from, "Prices exclude taxes, which are added to each invoice as the law requires."
              if basics.taxes == "excluded" else "Prices include taxes."),
             ("contract.renewal_date", f"The renewed term starts on {ctx.date(ctx.figures.timeline.term_start)}"
                                       + (", covering the days already used since the renewal date." if
                                          ctx.figures.timeline.backdated else ".")),
             (basics.payment_from, f"Payment terms: {basics.payment_terms}.")]
    if any(o.price_protection for o in r.options):
        items.append(("renewal.options.price_protection",
                      "With a price-protected option, the price per year stays the same for the whole term."))
    if r.uplift_cap_pct is not None:
        cap = ctx.fmt.pct(r.uplift_cap_pct)
        items.append(("renewal.uplift_cap_pct", f"At each later renewal, the price per year rises by at most {cap}."))
    tl = ctx.figures.timeline
    if tl.renewed_on:
        items.append(("contract.auto_renew", f"The current contract renewed automatically on {ctx.date(tl.renewed_on)}"
                                             f"; its current term ends on {ctx.date(tl.renewal_date)}."))
    elif c.auto_renew:
        items.append(("contract.auto_renew", "The current contract renews automatically at the end of its term."))
    elif r.auto_renew is None and "auto_renew" in c.model_fields_set:  # only what the file says
        items.append(("contract.auto_renew", "The current contract does not renew automatically."))
    if r.auto_renew is True:  # a notice period only means something for a contract that renews by itself
        items.append(("renewal.auto_renew", "We propose that the renewed contract renews automatically at the end "
                                            "of its term unless either party gives notice of non-renewal."))
        days = "day" if basics.notice_days == 1 else "days"
        items.append((basics.notice_from, f"Notice of non-renewal: in writing, at least {basics.notice_days} "
                                          f"{days} before the end of the term."))
    elif r.auto_renew is False:
        items.append(("renewal.auto_renew", "The renewed term ends on its end date; continuing after it needs a "
                                            "new agreement in writing."))
    items.append((basics.valid_from, f"This offer is valid until {ctx.date(basics.valid_until)}."))
    return tuple(items)


def terms(ctx) -> tuple[Part, ...]:
    blocks: list = [Bullets(tuple(s for _, s in terms_items(ctx)))]
    for clause in (*ctx.workspace.proposal.clauses, *ctx.account.renewal.clauses):
        blocks.append(Paragraph(clause.title, "lead"))
        blocks.extend(markdown_blocks(clause.text))
    return (Part("terms", "Terms", blocks=tuple(blocks)),)


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
            blocks.append(Paragraph(" ".join(lines)))
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
    if figures:
        what = "the one renewal option ticked below"
    else:
        what = "the renewal as proposed"
    if ctx.figures.renewal.expansion_lines:
        what += ", any expansion ticked below"
    text = f"By signing, {ctx.customer} accepts {what} and the terms of this proposal."
    if len(figures) > 1:
        text += " Tick exactly one renewal option."
    blocks.append(Paragraph(text))
    if figures:
        rows = tuple((TICK, f"{o.name} ({o.term_months} months)", _per_year(ctx, o), ctx.money(o.total))
                     for o in figures)
        blocks.append(Table(("Tick", "Renewal option", "Price per year", "Total for the term"), rows,
                            align=("center", "left", "right", "right"), widths=(2, 8, 4, 4)))
    else:
        o = as_proposed(ctx.account, ctx.figures.renewal)
        price = (f"at {change_words(ctx, o.increase_pct)}" if o.increase_pct
                 else "at today's price (a flat renewal)")
        blocks.append(Table(("Renewal as proposed", "Price per year", f"Total for {o.term_months} months"),
                            ((f"{o.term_months} months {price}",
                              _per_year(ctx, o), ctx.money(o.total)),),
                            align=("left", "right", "right"), widths=(7, 4, 4)))
    if ctx.figures.renewal.expansion_lines:
        rows = tuple((TICK, f"{e.product} ({e.unit})" if e.unit else e.product, ctx.money(e.arr))
                     for e in ctx.figures.renewal.expansion_lines)
        blocks.append(Table(("Tick", "Expansion", "Price per year"), rows, align=("center", "left", "right"),
                            widths=(2, 9, 4)))
    basics = commercial(ctx)
    vendor = vendor_name(ctx) or BLANK_COMPANY
    values = tuple((s.name or "", s.title or "", "", "") for s in (basics.customer_signatory, basics.vendor_signatory))
    blocks.append(Signature((ctx.customer, vendor), values=values))
    blocks.append(Paragraph(return_sentence(ctx), "muted"))
    return (Part("acceptance", "Acceptance", blocks=tuple(blocks)),)


def return_sentence(ctx) -> str:
    """Return to whom the signed proposal goes: the account manager, at the vendor, with email and phone
    where the account file gives them."""
    a = ctx.account.account
    at = f" at {vendor_name(ctx)}" if vendor_name(ctx) else ""
    reach = " or ".join(x for x in (a.owner_email, _phone(a.owner_phone)) if x)
    how = f" ({reach})" if reach else ""
    return f"Please return the signed proposal to {a.owner}{at}{how}."


def _per_year(ctx, option) -> str:
    return year_prices(ctx, option)


def evidence(ctx) -> tuple[Part, ...]:
    """Return the appendix "How we measured": each outcome's starting point, value now, period and source."""
    # in the order of the value table: largest documented value first (a stable sort, as the figures rank them)
    outcomes = sorted(ctx.account.value, key=lambda o: -(o.annual_value or 0))
    if not outcomes:
        return ()
    since = f"since {ctx.date(ctx.account.contract.start_date)}"
    items = []
    for o in outcomes[:LISTED_OUTCOMES]:
        text = (f"{o.outcome}: {ctx.measure(o.baseline, o.unit)} at the start, {ctx.measure(o.current, o.unit)} "
                f"now, measured {o.period or since}.")
        if o.annual_value is not None:
            text += f" Valued at {ctx.money(o.annual_value)} a year."
        if o.evidence:
            text += f" Source: {o.evidence}."
        items.append(text)
    return (Part("evidence", "How we measured", blocks=(
        Paragraph("Where each figure in this proposal comes from: the starting point, the value today, the period "
                  "and the source of the measurement."),
        Bullets(tuple(items)),
        *_not_listed(ctx, outcomes[LISTED_OUTCOMES:]),
    )),)


def _not_listed(ctx, others) -> tuple[Paragraph, ...]:
    """Return one sentence for the outcomes a customer document leaves out of its list, or nothing."""
    if not others:
        return ()
    worth = sum((o.annual_value for o in others if o.annual_value is not None), Decimal(0))
    value = f", worth {ctx.money(worth)} a year together," if worth else ""
    return (Paragraph(f"The other {counted(ctx, len(others), 'outcome')}{value} were measured the same way; we will "
                      "share the detail of each on request."),)
