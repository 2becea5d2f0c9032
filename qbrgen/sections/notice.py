"""The renewal notice (customer-facing) for a tech-touch account: one page instead of a meeting deck.

The playbook's smallest accounts get automated outreach, not an executive review. The notice says what
the customer has, what renews when and at what price, how to accept and whom to contact, and nothing
else: no value claims, no roadmap, no upsell. Rendered as a one-page PDF and as email-ready Markdown and HTML.
"""

from __future__ import annotations

from qbrgen.i18n import _, ngettext, pgettext, sentences
from qbrgen.sections.base import escalation, year_prices
from qbrgen.sections.commercial import commercial, contact_line, return_sentence
from qbrgen.sections.document import Bullets, Paragraph, Part, Table


def tech_touch(ctx) -> bool:
    """Return True for an account served by automated outreach: ``qbr.length: none``, ``account.tier:
    tech-touch`` in its file, or the book's bottom 20% by ARR when its file sets no tier (the tier is applied
    when the account is loaded: :mod:`qbrgen.account.segments`)."""
    qbr = ctx.account.qbr
    return (qbr is not None and qbr.length == "none") or ctx.account.account.tier == "tech-touch"


def notice(ctx) -> tuple[Part, ...]:
    f = ctx.figures
    r, tl = f.renewal, f.timeline
    products = r.products
    money = ctx.fmt.table_money([*(x.arr for x in products), *(x.renewed for x in products),
                                 *(t.arr for t in r.true_ups), r.arr, r.renewed_arr])
    n = len(products)
    rows = tuple((x.product, f"{ctx.fmt.number(x.quantity, 2)} {x.unit}" if x.quantity is not None else "—",
                  money[i], money[n + i]) for i, x in enumerate(products))
    rows += tuple((_("{product}: capacity in use above your contract", product=t.product),
                   f"{ctx.fmt.number(t.excess, 2)} {t.unit}", "—", money[2 * n + j]) for j, t in enumerate(r.true_ups))
    if len(rows) > 1:
        rows += ((_("Total per year"), "", money[-2], money[-1]),)
    table = Table((pgettext("table heading", "What you have"), pgettext("table heading", "Included"),
                   pgettext("table heading", "Per year today"), pgettext("table heading", "Per year renewed")), rows,
                  align=("left", "left", "right", "right"), widths=(5, 4, 3, 3), emphasis_last_row=len(rows) > 1)
    if tl.overdue:
        when = _("Your subscription passed its renewal date on {date}; the new term starts on {start}.",
                 date=ctx.date(tl.renewal_date), start=ctx.date(tl.term_start))
    elif tl.renewed_on:
        when = _("Your subscription renewed automatically on {renewed}; its next renewal is on {date}.",
                 renewed=ctx.date(tl.renewed_on), date=ctx.date(tl.renewal_date))
    else:
        months = ctx.account.contract.term_months
        # TRANSLATORS: {date} is the renewal date; the subscription renews for another year (or {count} months).
        when = (_("Your subscription renews on {date} for another year.", date=ctx.date(tl.renewal_date))
                if months == 12 else
                ngettext("Your subscription renews on {date} for another {count} month.",
                         "Your subscription renews on {date} for another {count} months.", months,
                         date=ctx.date(tl.renewal_date), count=ctx.fmt.count(months)))
    lines = [when, _price_sentence(ctx)]
    basics = commercial(ctx)
    nothing = ctx.account.contract.auto_renew and not tl.overdue and r.flat and not r.true_ups
    valid = ctx.date(basics.valid_until)
    if nothing:
        lines.append(_("It renews automatically: you need do nothing to keep it running."))
        accept = [_("To choose another option below, reply to this notice by {date}.", date=valid)]
    else:
        accept = [_("Sign the renewal proposal by {date}, or reply to this notice to accept it.", date=valid),
                  return_sentence(ctx)]
    for o in r.options:
        if o.term_months > 12:
            # TRANSLATORS: {option} is a renewal option's name, like "3-year"; {prices} its price per year (one
            # amount, or "Year 1: ... · Year 2: ..."), {total} its total for the term.
            accept.append(_("Prefer a longer term? {option}: {prices} a year, {total} in total.", option=o.name,
                            prices=year_prices(ctx, o), total=ctx.money(o.total)))
            accept.extend(escalation(ctx, (o,)))
    taxes = (_("Prices exclude taxes.") if basics.taxes == "excluded" else _("Prices include taxes."))
    # TRANSLATORS: the notice's title; {customer} is the customer's company name.
    sender = " · ".join(filter(None, (ctx.vendor_name, ctx.date(ctx.as_of))))  # who sends the notice, and when
    return (Part("notice", _("Your renewal: {customer}", customer=ctx.customer), subtitle=sender, blocks=(
        Paragraph(sentences(lines), "lead"),
        table,
        Paragraph(_("How to renew:")),
        Bullets(tuple(accept)),
        # TRANSLATORS: {contact} is the account manager's name, e-mail and phone.
        Paragraph(_("Questions? {contact}", contact=contact_line(ctx)), "muted"),
        Paragraph(taxes + " " + _("Payment terms: {terms}.", terms=basics.payment_terms), "muted"),
    )),)


def _price_sentence(ctx) -> str:
    """Return the renewed price in one sentence: flat, or the change, plus capacity above the contract."""
    r = ctx.figures.renewal
    amount, pct = ctx.money(r.renewed_arr), ctx.fmt.pct(abs(r.increase_pct))
    extra = bool(r.true_ups)
    # TRANSLATORS: {amount} is the renewed price a year, {percent} like "5%".
    if r.flat:
        return (_("The renewed subscription comes to {amount} a year, at today's price, plus the capacity you use "
                  "above your contract at today's unit price.", amount=amount) if extra else
                _("The renewed subscription comes to {amount} a year, at today's price.", amount=amount))
    if r.increase_pct > 0:
        return (_("The renewed subscription comes to {amount} a year, at a {percent} increase, plus the capacity you "
                  "use above your contract at today's unit price.", amount=amount, percent=pct) if extra else
                _("The renewed subscription comes to {amount} a year, at a {percent} increase.", amount=amount,
                  percent=pct))
    return (_("The renewed subscription comes to {amount} a year, at a {percent} reduction, plus the capacity you "
              "use above your contract at today's unit price.", amount=amount, percent=pct) if extra else
            _("The renewed subscription comes to {amount} a year, at a {percent} reduction.", amount=amount,
              percent=pct))


SECTIONS = (notice,)
