"""Where the other figures come from: usage, health, capacity, outcomes before and now, dates, quarters,
steps to signature, per-product renewal lines, expansion and true-up lines, policy figures. Pure.

Each is a :class:`~qbrgen.analysis.provenance.Traced` over account-file fields; a field of the workspace
(``qbrgen.yaml``) or the build's as-of date is named as such (their path starts with ``qbrgen.yaml`` or
``as_of``), so a figure that comes from policy says so.
"""

from __future__ import annotations

from decimal import Decimal

from qbrgen.account.model import Account, Workspace
from qbrgen.analysis.figures import Figures
from qbrgen.analysis.provenance import Term, Traced

STEP_LABEL = {"proposal": "we share the renewal proposal", "terms": "questions answered and terms agreed",
              "legal": "your legal and procurement review starts", "signature": "target date for signature",
              "start": "the renewed term starts"}


def _num(path, value, kind: str = "number") -> Term:
    return Term(tuple(path), value, kind)


def more(account: Account, workspace: Workspace, f: Figures) -> list[Traced]:
    """Return the traced figures beyond the headline ones, in a stable order."""
    out: list[Traced] = []
    c, r, t = account.contract, f.renewal, f.timeline
    renewal_date = Term(("contract", "renewal_date"), c.renewal_date, "date")
    start = Term(("contract", "start_date"), c.start_date, "date")
    as_of = Term(("as_of",), f.as_of, "date")
    out.append(Traced("renewal-date", "Renewal date", t.renewal_date, "date", "as-written", (renewal_date,)))
    out.append(Traced("contract-start", "Contract start date", c.start_date, "date", "as-written", (start,)))
    out.append(Traced("as-of", "Date of the documents (--as-of)", f.as_of, "date", "as-written", (as_of,)))
    if t.term_start is not None:
        src = (Term(("renewal", "term_start"), account.renewal.term_start, "date"),) if account.renewal.term_start \
            else (renewal_date,)
        out.append(Traced("term-start", "The renewed term starts", t.term_start, "date", "policy", src,
                          "the renewal date; once it has passed, renewal.term_start (back-dated to the renewal "
                          "date, or no earlier than the signature target), else the business day after signature"))
    policy = (renewal_date, as_of, Term(("qbrgen.yaml", "renewal_policy", "review_days"), t.review_days, "days"),
              Term(("qbrgen.yaml", "working_calendar"), None, "text"))
    for st in t.steps:
        out.append(Traced(f"step.{st.key}", f"Step to signature: {STEP_LABEL.get(st.key, st.key)}", st.date, "date",
                          "policy", policy, "planned back from the renewal date by the workspace's renewal policy "
                          "(agree terms 90, review 60, sign 30 days before; review in business days), never before "
                          "the as-of date"))
    if t.signature_target is not None:
        out.append(Traced("signature-target", "Target date for signature", t.signature_target, "date", "policy",
                          policy, "30 days before the renewal date on a working day, or as early as the review "
                          "allows"))
    if t.offer_until is not None:
        src = ((Term(("renewal", "valid_until"), account.renewal.valid_until, "date"),)
               if account.renewal.valid_until else
               (as_of, Term(("qbrgen.yaml", "proposal", "valid_days"), workspace.proposal.valid_days, "days"),
                renewal_date))
        out.append(Traced("offer-until", "Offer valid until", t.offer_until, "date",
                          "as-written" if account.renewal.valid_until else "policy", src,
                          "the as-of date plus proposal.valid_days, kept between the signature target and the "
                          "renewal date"))
    if account.qbr is not None and account.qbr.date is not None:
        out.append(Traced("qbr-date", "Date of the meeting", account.qbr.date, "date", "as-written",
                          (Term(("qbr", "date"), account.qbr.date, "date"),)))
    for i, g in enumerate(account.success_plan):
        if g.due is not None:
            out.append(Traced(f"goal[{i}].due", f"{g.goal}: due", g.due, "date", "as-written",
                              (Term(("success_plan", i, "due"), g.due, "date"),)))
    for i, p in enumerate(account.priorities):
        if p.horizon:
            out.append(Traced(f"priority[{i}].horizon", f"{p.title}: by", p.horizon, "quarter", "as-written",
                              (Term(("priorities", i, "horizon"), p.horizon, "quarter"),)))
    years = sorted({p.horizon[:4] for p in account.priorities if p.horizon})
    for year in years:  # "Two priorities for 2027"
        out.append(Traced(f"priorities-year[{year}]", f"Year of the priorities' horizons: {year}", year, "year",
                          "as-written", tuple(Term(("priorities", i, "horizon"), p.horizon, "quarter")
                                              for i, p in enumerate(account.priorities)
                                              if p.horizon and p.horizon.startswith(year))))
    for i, item in enumerate(account.roadmap):
        if item.available is None:
            continue
        out.append(Traced(f"roadmap[{i}].available", f"{item.title}: available", item.available, "quarter",
                          "as-written", (Term(("roadmap", i, "available"), item.available, "quarter"),)))
    for i, (o, fig) in enumerate(zip(account.value, f.outcomes, strict=True)):
        kind = "percent" if o.unit.startswith("%") else "number"  # 1.2% of spend
        base, now = Term(("value", i, "baseline"), o.baseline, kind), Term(("value", i, "current"), o.current, kind)
        out.append(Traced(f"outcome[{i}].before", f"{o.outcome}: before", o.baseline, kind, "as-written", (base,)))
        out.append(Traced(f"outcome[{i}].now", f"{o.outcome}: now", o.current, kind, "as-written", (now,)))
        out.append(Traced(f"outcome[{i}].change", f"{o.outcome}: change", abs(fig.change), "number", "difference",
                          (now, base), "current less baseline"))
        if fig.improvement is not None:
            out.append(Traced(f"outcome[{i}].improvement", f"{o.outcome}: improvement", fig.improvement * 100,
                              "percent", "change", (now, base), "the change over the baseline, the better way"))
    for i, p in enumerate(c.products):
        cap = p.capacity
        if cap is None:
            continue
        used = Term(("contract", "products", i, "capacity", "used"), cap.used, "number")
        contracted = Term(("contract", "products", i, "capacity", "contracted"), cap.contracted, "number")
        out.append(Traced(f"product[{i}].contracted", f"{p.name}: contracted {cap.unit}", cap.contracted, "number",
                          "as-written", (contracted,)))
        out.append(Traced(f"product[{i}].used", f"{p.name}: {cap.unit} used", cap.used, "number", "as-written",
                          (used,)))
        if cap.contracted:
            out.append(Traced(f"product[{i}].utilisation", f"{p.name}: utilisation", cap.used / cap.contracted * 100,
                              "percent", "ratio", (used, contracted), "used over contracted"))
    pct = Term(("renewal", "increase_pct"), r.increase_pct, "percent")
    for i, line in enumerate(r.products):
        arr = Term(("contract", "products", i, "arr"), line.arr)
        out.append(Traced(f"product[{i}].renewed", f"{line.product}, per year renewed", line.renewed, "money",
                          "percent-of", (pct, arr), "the product's price raised by the increase"))
    for i, e in enumerate(r.expansion_lines):
        out.append(Traced(f"expansion[{i}]", f"Expansion: {e.product}, per year", e.arr, "money", "as-written",
                          (Term(("renewal", "expansion", i, "arr"), e.arr),)))
    for i, u in enumerate(r.true_ups):
        k = next((j for j, p in enumerate(c.products) if p.name == u.product), 0)
        terms = (Term(("contract", "products", k, "arr"), c.products[k].arr),
                 Term(("contract", "products", k, "capacity", "contracted"), u.contracted, "number"),
                 Term(("contract", "products", k, "capacity", "used"), u.used, "number"))
        out += [Traced(f"true-up[{i}]", f"True-up: {u.product}, per year", u.arr, "money", "true-up", terms,
                       "capacity used above the contract at today's price per unit"),
                Traced(f"true-up[{i}].excess", f"True-up: {u.product}, {u.unit} above the contract", u.excess,
                       "number", "difference", terms[2:0:-1], "used less contracted"),
                Traced(f"true-up[{i}].unit-price", f"True-up: {u.product}, price per unit", u.unit_price, "money",
                       "ratio", terms[:2], "the product's price over its contracted capacity")]
    if account.renewal.uplift_cap_pct is not None:
        cap = account.renewal.uplift_cap_pct
        out.append(Traced("uplift-cap", "Cap on later increases", cap, "percent", "as-written",
                          (Term(("renewal", "uplift_cap_pct"), cap, "percent"),)))
    if c.uplift_cap_pct is not None:
        out.append(Traced("contract-cap", "The current contract's cap on increases", c.uplift_cap_pct, "percent",
                          "as-written", (Term(("contract", "uplift_cap_pct"), c.uplift_cap_pct, "percent"),)))
    for i, o in enumerate(account.renewal.options):
        out.append(Traced(f"option[{i}].pct", f"{o.name}: increase", o.increase_pct, "percent", "as-written",
                          (Term(("renewal", "options", i, "increase_pct"), o.increase_pct, "percent"),)))
        out.append(Traced(f"option[{i}].months", f"{o.name}: term in months", Decimal(o.term_months), "number",
                          "as-written", (Term(("renewal", "options", i, "term_months"), o.term_months, "months"),)))
    if f.health:
        n = len(f.health) - 1
        out.append(Traced("health", "Health score, latest", f.health[-1][1], "number", "as-written",
                          (Term(("health", n, "score"), f.health[-1][1], "number"),)))
    if len(f.usage) > 1 and f.usage[0][1]:
        (m0, first), (m1, last) = f.usage[0], f.usage[-1]
        out.append(Traced("usage-change", f"{account.usage.metric}: change over the months shown",
                          abs(last - first) / first * 100, "percent", "change",
                          (Term(("usage", "monthly", m1), last, "number"), Term(("usage", "monthly", m0), first,
                                                                                 "number")),
                          "the latest month against the first month shown"))
        out.append(Traced("usage-from", f"{account.usage.metric}: first month shown", m0, "month", "as-written",
                          (Term(("usage", "monthly", m0), first, "number"),)))
        out.append(Traced("usage-to", f"{account.usage.metric}: latest month", m1, "month", "as-written",
                          (Term(("usage", "monthly", m1), last, "number"),)))
    for i, a in enumerate(account.activity):
        out.append(Traced(f"activity[{i}]", a.metric, a.value, "number", "as-written",
                          (Term(("activity", i, "value"), a.value, "number"),)))
    length = account.qbr.length if account.qbr is not None else None
    if isinstance(length, int):
        out.append(Traced("meeting-length", "Length of the meeting, in minutes", Decimal(length), "number",
                          "as-written", (Term(("qbr", "length"), length, "number"),)))
    else:
        out.append(Traced("meeting-length", "Length of the meeting, in minutes", Decimal(60), "number", "policy",
                          (Term(("qbr", "length"), None, "text"),), "60 minutes when qbr.length is left out"))
    out.append(Traced("review-days", "Business days of legal and procurement review", Decimal(t.review_days),
                      "number", "policy", policy[2:3], "the workspace's review days for a contract of this size"))
    if account.renewal.notice_days is not None:
        out.append(Traced("notice-days", "Days of notice of non-renewal", Decimal(account.renewal.notice_days),
                          "number", "as-written", (Term(("renewal", "notice_days"), account.renewal.notice_days,
                                                        "days"),)))
    return out
