"""The renewal notice (customer-facing) for a tech-touch account: one page instead of a meeting deck.

The playbook's smallest accounts get automated outreach, not an executive review. The notice says what
the customer has, what renews when and at what price, how to accept and whom to contact, and nothing
else: no value claims, no roadmap, no upsell. Rendered as a one-page PDF and as email-ready Markdown and HTML.
"""

from __future__ import annotations

from qbrgen.sections.base import change_words, year_prices
from qbrgen.sections.commercial import commercial, contact_line, return_sentence
from qbrgen.sections.document import Bullets, Paragraph, Part, Table


def tech_touch(ctx) -> bool:
    """Return True for an account served by automated outreach: ``qbr.length: none``, or ``account.tier:
    tech-touch`` (the tier the team gives it, e.g. from the book's segmentation in ``qbrgen portfolio``)."""
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
    rows += tuple((f"{t.product}: capacity in use above your contract", f"{ctx.fmt.number(t.excess, 2)} {t.unit}",
                   "—", money[2 * n + j]) for j, t in enumerate(r.true_ups))
    if len(rows) > 1:
        rows += (("Total per year", "", money[-2], money[-1]),)
    table = Table(("What you have", "Included", "Per year today", "Per year renewed"), rows,
                  align=("left", "left", "right", "right"), widths=(5, 4, 3, 3), emphasis_last_row=len(rows) > 1)
    if tl.overdue:
        when = (f"Your subscription passed its renewal date on {ctx.date(tl.renewal_date)}; the new term starts "
                f"on {ctx.date(tl.term_start)}.")
    elif tl.renewed_on:
        when = (f"Your subscription renewed automatically on {ctx.date(tl.renewed_on)}; its next renewal is on "
                f"{ctx.date(tl.renewal_date)}.")
    else:
        when = f"Your subscription renews on {ctx.date(tl.renewal_date)} for {tl_term(ctx)}."
    price = ("today's price" if r.flat else change_words(ctx, r.increase_pct))
    extra = (", plus the capacity you use above your contract at today's unit price" if r.true_ups else "")
    lines = [when, f"The renewed subscription comes to {ctx.money(r.renewed_arr)} a year, at {price}{extra}."]
    basics = commercial(ctx)
    nothing = ctx.account.contract.auto_renew and not tl.overdue and r.flat and not r.true_ups
    if nothing:
        lines.append("It renews automatically: you need do nothing to keep it running.")
        accept = [f"To choose another option below, reply to this notice by {ctx.date(basics.valid_until)}."]
    else:
        accept = [f"Sign the renewal proposal by {ctx.date(basics.valid_until)}, or reply to this notice to "
                  "accept it.", return_sentence(ctx)]
    for o in r.options:
        if o.term_months > 12:
            accept.append(f"Prefer a longer term? {o.name}: {year_prices(ctx, o)} a year, {ctx.money(o.total)} in "
                          "total.")
    return (Part("notice", f"Your renewal: {ctx.customer}", subtitle=ctx.date(ctx.as_of), blocks=(
        Paragraph(" ".join(lines), "lead"),
        table,
        Paragraph("How to renew:"),
        Bullets(tuple(accept)),
        Paragraph(f"Questions? {contact_line(ctx)}", "muted"),
        Paragraph(f"Prices {'exclude' if basics.taxes == 'excluded' else 'include'} taxes. Payment terms: "
                  f"{basics.payment_terms}.", "muted"),
    )),)


def tl_term(ctx) -> str:
    months = ctx.account.contract.term_months
    return "another year" if months == 12 else f"another {months} months"


SECTIONS = (notice,)
