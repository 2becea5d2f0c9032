"""QBR and account-management anti-patterns, as rules with ids, severities and a one-line fix.

Each rule is a function ``(ctx) -> list[(path, message)]``; registering it in :data:`RULES` with
its id, severity and fix is all a new rule needs. Rules read the computed figures, never the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qbrgen.account.loader import format_path, line_of
from qbrgen.analysis import placeholders
from qbrgen.analysis.context import Context
from qbrgen.analysis.lint_pricing import against_increase, discount, shelfware_upsell
from qbrgen.analysis.risk_rules import RULES as RISK_RULES
from qbrgen.errors import Problem


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: str  # error | warning
    fix: str
    check: Callable[[Context], list[tuple]]  # (path, message) or (path, message, severity)


def _value_missing(ctx):
    a = ctx.account
    if not a.value:
        detail = " (only activity metrics are listed)" if a.activity else ""
        return [(("value",), f"no documented outcomes{detail}: the QBR has nothing to lead with")]
    return []


def _no_executive(ctx):
    qbr = ctx.account.qbr
    if not qbr or not qbr.attendees:
        return []
    senior = {p.name for p in ctx.account.stakeholders if p.level in ("vp", "c-level")}
    if senior & set(qbr.attendees):
        return []
    return [(("qbr", "attendees"), "no VP or C-level stakeholder is among the QBR attendees")]


def _no_expansion_step(ctx):
    f = ctx.figures
    if ctx.account.renewal.expansion or f.triggers or f.whitespace.total > 0:
        return []
    return [(("renewal", "expansion"), "nothing to propose toward expansion: no expansion offer, upsell trigger "
                                       "or whitespace opportunity")]


def when(days_left: int) -> str:
    """Return how far the renewal is, never as negative days: '53 days away', '12 days past', 'today'."""
    if days_left > 0:
        return f"{days_left} day{'s' if days_left != 1 else ''} away"
    if days_left < 0:
        return f"{-days_left} day{'s' if days_left != -1 else ''} past"
    return "today"


def _renewal_without_options(ctx):
    if ctx.figures.timeline.in_window and not ctx.account.renewal.options:
        return [(("renewal", "options"), f"the renewal is {when(ctx.figures.timeline.days_left)} and no "
                                         "renewal options are defined")]
    return []


def _renewal_without_value(ctx):
    f = ctx.figures
    if not ctx.account.value and "QBR001" not in ctx.workspace.lint.disable:
        return []  # no outcomes at all: QBR001 says so, one finding for one gap
    if f.timeline.days_left <= 180 and f.documented_value <= 0:
        return [(("value",), f"the renewal is {when(f.timeline.days_left)} and no outcome has a documented "
                             "annual value")]
    return []


WEAKNESS = {"weak": "strength {strength}", "hostile": "a detractor",
            "lapsed": "last contact {days} days ago, every {cadence} days expected"}


def _why_not(h) -> str:
    """Return why ``h`` is no working relationship, e.g. 'strength 2, a detractor'."""
    return ", ".join("no contact recorded" if w == "lapsed" and h.days_since is None else
                     WEAKNESS[w].format(strength=h.strength, days=h.days_since, cadence=h.cadence_days)
                     for w in h.weaknesses)


def _not_counted(ctx) -> str:
    """Return each name that is no working relationship with why, e.g. 'Bo Kim (strength 2)', in file order."""
    holders = {h.name: h for cell in ctx.figures.coverage.cells for h in cell.holders if not h.working}
    return ", ".join(f"{p.name} ({_why_not(holders[p.name])})" for p in ctx.account.stakeholders
                     if p.name in holders)


def _single_threaded(ctx):
    cov = ctx.figures.coverage
    if not ctx.account.stakeholders:
        return [(("stakeholders",), "single-threaded: no stakeholder is mapped, so the account hangs on whoever "
                                    "answers the phone")]
    if "one-relationship" in cov.gaps:
        names = ", ".join(cov.working) or "none"
        why = _not_counted(ctx)
        return [(("stakeholders",), f"single-threaded: {len(cov.working)} working relationship(s) ({names})"
                                    + (f"; not counted: {why}" if why else ""))]
    if "no-backup" in cov.gaps:
        return [(("stakeholders",), f"single-threaded: nobody senior could carry the account if the champion "
                                    f"{cov.champion} left")]
    return []


def _risk_without_mitigation(ctx):
    return [(("risks", i, "mitigation"), f"risk '{r.risk}' has no mitigation")
            for i, r in enumerate(ctx.account.risks) if not r.mitigation]


def _goal_without_customer_owner(ctx):
    people = {p.name for p in ctx.account.stakeholders}
    vendor_side = {ctx.account.account.owner, ctx.account.account.csm}
    out = []
    for i, g in enumerate(ctx.account.success_plan):
        if g.customer_owner in vendor_side or g.customer_owner == g.vendor_owner:
            out.append((("success_plan", i, "customer_owner"), f"goal '{g.goal}' is owned by the vendor side only"))
        elif g.customer_owner not in people:
            out.append((("success_plan", i, "customer_owner"),
                        f"goal '{g.goal}': '{g.customer_owner}' is not a mapped customer stakeholder"))
    return out


def _roadmap_serves_nothing(ctx):
    ids = {p.id for p in ctx.account.priorities}
    return [(("roadmap", i), f"'{item.title}' serves no stated priority, so the deck leaves it out")
            for i, item in enumerate(ctx.account.roadmap) if not set(item.supports) & ids]


def _increase_over_cap(ctx):
    r = ctx.figures.renewal
    found = []
    if r.over_cap:
        found.append((("renewal", "increase_pct"), f"the proposed increase is above the contractual cap of "
                                                   f"{ctx.fmt.pct(r.cap_pct)}"))
    found += [(("renewal", "options", i, "increase_pct"), f"option '{o.name}' is above the contractual cap")
              for i, o in enumerate(r.options) if o.over_cap]
    return found


def _economic_buyer_silent(ctx):
    return [(("stakeholders",), s.note or "the economic buyer is out of contact")
            for s in ctx.figures.signals if s.kind == "economic-buyer-silent"]


def _increases(ctx):
    """Return the locations of every increase proposed: the default one and each option's."""
    r = ctx.account.renewal
    found = [(("renewal", "increase_pct"), r.increase_pct)] if r.increase_pct > 0 else []
    return found + [(("renewal", "options", i, "increase_pct"), o.increase_pct)
                    for i, o in enumerate(r.options) if o.increase_pct > 0]


def _increase_without_value(ctx):
    f = ctx.figures
    if f.documented_value >= f.arr or not _increases(ctx):
        return []
    loc = _increases(ctx)[0][0]
    if f.documented_value <= 0:
        return against_increase(ctx, loc, f"an increase is proposed on an ARR of {ctx.money(f.arr)} with no "
                                          "documented value to set against it")
    return against_increase(ctx, loc, f"an increase is proposed while documented value ({ctx.money(f.documented_value)}"
                                      f" a year) is below the ARR ({ctx.money(f.arr)}): the customer pays more than "
                                      "they can show they get")


def _increase_with_critical_signal(ctx):
    start = ctx.account.contract.start_date
    critical = [s for s in ctx.figures.signals
                if s.severity == "critical" and not s.derived and (s.date is None or s.date >= start)]
    if not critical or not _increases(ctx):
        return []
    kinds = ", ".join(dict.fromkeys(s.kind for s in critical))
    return against_increase(ctx, _increases(ctx)[0][0],
                            f"an increase is proposed while a critical churn signal is open ({kinds})")


def _renewal_overdue(ctx):
    """Flag a passed renewal date: an error, or a warning while the new term is planned to start later."""
    tl = ctx.figures.timeline
    if not tl.overdue:
        return []
    past = f"the renewal date {ctx.date(tl.renewal_date)} is {when(tl.days_left)}"
    planned = ctx.account.renewal.term_start
    if planned is not None and planned >= ctx.as_of:
        start = tl.term_start or planned  # what the documents print: never before the customer can sign
        starts = "today" if start == ctx.as_of else f"on {ctx.date(start)}"
        asked = ("(renewal.term_start)" if start == planned else
                 f"(the signature target; renewal.term_start asks for {ctx.date(planned)}, before it)")
        gap = (start - tl.renewal_date).days
        return [(("contract", "renewal_date"), f"{past} and the contract is not signed yet; the new term starts "
                                               f"{starts} {asked}, so the {gap} days from {ctx.date(tl.renewal_date)} "
                                               "fall in neither contract: agree with the customer whether they are "
                                               "free, charged, or covered by back-dating the term "
                                               f"(renewal.term_start: {tl.renewal_date.isoformat()})", "warning")]
    if planned is not None and planned == tl.renewal_date:
        return [(("renewal", "term_start"), f"{past}; the new term is back-dated to it and covers the days already "
                                            "used, as the proposal states", "warning")]
    if planned is not None:
        return [(("renewal", "term_start"), f"{past}, and the planned start of the new term "
                                            f"({ctx.date(planned)}) has passed too, with no renewal in the file")]
    return [(("contract", "renewal_date"), f"{past} and the contract has not been renewed in the file")]


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _delivered_and_on_roadmap(ctx):
    delivered = {_norm(c): j for j, c in enumerate(ctx.account.renewal.new_capabilities)}
    return [(("roadmap", i, "title"), f"'{item.title}' is listed as delivered (renewal.new_capabilities"
                                      f"[{delivered[_norm(item.title)]}]) and as still to come on the roadmap; the "
                                      "deck shows it once, as delivered")
            for i, item in enumerate(ctx.account.roadmap) if _norm(item.title) in delivered]


def _sponsors(account) -> set[str]:
    """Return the executive sponsor: the economic buyer, or without one, the C-level people."""
    return {p.name for p in account.stakeholders if p.role == "economic-buyer"} or {
        p.name for p in account.stakeholders if p.level == "c-level"}


def _milestone_after_renewal(ctx):
    # once the renewal date has passed, the new term's start (renewal.term_start, never before the customer can
    # sign: the date the documents print) is the date the renewal happens
    planned = ctx.account.renewal.term_start
    renewal = (ctx.figures.timeline.term_start or planned) if planned else ctx.account.contract.renewal_date
    after = f"the new term starts on {ctx.date(renewal)}" if planned else f"the renewal on {ctx.date(renewal)}"
    sponsors = _sponsors(ctx.account)
    out = []
    for i, g in enumerate(ctx.account.success_plan):
        if g.due > renewal and g.status != "done":
            whose = f" (the executive sponsor {g.customer_owner}'s milestone)" if g.customer_owner in sponsors else ""
            out.append((("success_plan", i, "due"), f"goal '{g.goal}'{whose} is due {ctx.date(g.due)}, after "
                                                    f"{after}: its result cannot support the renewal"))
    return out


def _no_vendor_name(ctx):
    if "vendor" in ctx.workspace.model_fields_set:
        return []
    return [(("vendor", "name"), "no vendor name is set in qbrgen.yaml: the documents name no company on your side, "
                                 "and the proposal's signature block leaves a blank line for your company's name")]


def _no_qbr_date(ctx):
    qbr = ctx.account.qbr
    if (qbr is not None and (qbr.date is not None or qbr.length == "none")) \
            or ctx.account.account.tier == "tech-touch":  # a tech-touch account has no meeting
        return []
    return [(("qbr", "date") if qbr is not None else ("qbr",),
             f"no QBR date: the title slide shows the as-of date ({ctx.date(ctx.as_of)}) as the meeting date")]


def _no_contact(ctx):
    a = ctx.account.account
    if a.owner_email or a.owner_phone:
        return []
    return [(("account", "owner"), f"no email or phone for {a.owner}: the proposal asks the customer to return it "
                                    "signed but gives no way to reach you")]


STALE_FIELD = {"usage": ("usage", "monthly"), "health": ("health",), "contacts": ("stakeholders",)}
STALE_WHAT = {"usage": "the usage series ends on", "health": "the last health score is from",
              "contacts": "the most recent stakeholder contact is from"}


def _stale_data(ctx):
    return [(STALE_FIELD[s.kind], f"stale data: {STALE_WHAT[s.kind]} {ctx.date(s.last)}, more than two months "
                                  "before the as-of date")
            for s in ctx.figures.stale]


MAX_MULTIPLE = 100
MAX_AMOUNT = 10**11


def _amounts(account):
    """Yield (location, amount) for every money amount in the account file."""
    for i, p in enumerate(account.contract.products):
        yield ("contract", "products", i, "arr"), p.arr
    for i, p in enumerate(account.arr_history):
        yield ("arr_history", i, "arr"), p.arr
    for i, o in enumerate(account.value):
        if o.annual_value is not None:
            yield ("value", i, "annual_value"), o.annual_value
    for i, row in enumerate(account.whitespace):
        for j, o in enumerate(row.opportunities):
            yield ("whitespace", i, "opportunities", j, "arr"), o.arr
    for i, e in enumerate(account.renewal.expansion):
        yield ("renewal", "expansion", i, "arr"), e.arr


def _absurd_figure(ctx):
    f = ctx.figures
    found = [(loc, f"{ctx.money(amount)} is above 10^11: check for a typo or a wrong unit")
             for loc, amount in _amounts(ctx.account) if amount > MAX_AMOUNT]
    if f.value_multiple is not None and f.value_multiple > MAX_MULTIPLE:
        found.append((("value",), f"documented value is {ctx.fmt.multiple(f.value_multiple)} the ARR: above "
                                  f"{MAX_MULTIPLE}x, no CFO will believe it"))
    return found


def _whitespace_unquantified(ctx):
    cells = ctx.figures.whitespace.unquantified
    if not cells:
        return []
    shown = ", ".join(f"{unit} x {product}" for unit, product in cells[:4])
    more = f" and {len(cells) - 4} more" if len(cells) > 4 else ""
    return [(("whitespace",), f"{len(cells)} whitespace cell(s) marked not sold have no amount: {shown}{more}")]


def _offer_lapsed(ctx):
    valid = ctx.account.renewal.valid_until
    if valid is None:
        return []
    where = ("renewal", "valid_until")
    if valid < ctx.as_of:
        return [(where, f"the offer lapsed on {ctx.date(valid)}, before {ctx.date(ctx.as_of)}: the proposal would "
                        "offer terms that have expired")]
    from qbrgen.analysis.timeline import days_off, steps_to_signature

    tl = ctx.figures.timeline
    usual, _ = steps_to_signature(tl.renewal_date, ctx.as_of, ctx.account.renewal.term_start,
                                  off=days_off(ctx.account, ctx.as_of, ctx.workspace), review=tl.review_days)
    planned = next(st.date for st in usual if st.key == "signature")
    target = ctx.figures.timeline.signature_target
    if target < planned:
        return [(where, f"the offer lapses on {ctx.date(valid)}, so the steps to signature are brought forward to "
                        f"end on {ctx.date(target)} instead of {ctx.date(planned)}", "warning")]
    return []


RULES = (
    Rule("QBR001", "value-missing", "error", "Document at least one business outcome with its baseline.",
         _value_missing),
    Rule("QBR002", "no-executive-attendee", "warning", "Ask your champion to bring their VP or C-level leader.",
         _no_executive),
    Rule("QBR003", "no-expansion-step", "warning", "Propose one expansion step: a pilot, a new team, more capacity.",
         _no_expansion_step),
    Rule("QBR004", "renewal-without-options", "warning", "Add a one-year option and a multi-year option with "
         "price protection.", _renewal_without_options),
    Rule("QBR005", "renewal-without-value", "error", "Put an annual value on the outcomes before pricing the "
         "renewal.", _renewal_without_value),
    Rule("QBR006", "single-threaded", "warning", "Build a second working relationship at director level or "
         "above, and meet people at three levels in three teams.",
         _single_threaded),
    Rule("QBR007", "risk-without-mitigation", "warning", "Write down who does what to reduce each risk.",
         _risk_without_mitigation),
    Rule("QBR008", "goal-without-customer-owner", "warning", "Name a customer stakeholder who owns each goal.",
         _goal_without_customer_owner),
    Rule("QBR009", "roadmap-serves-no-priority", "warning", "Link the item to a priority with 'supports', or "
         "drop it.", _roadmap_serves_nothing),
    Rule("QBR010", "increase-over-cap", "error", "Keep the increase within the contractual cap.",
         _increase_over_cap),
    Rule("QBR011", "economic-buyer-out-of-contact", "warning", "Meet the economic buyer this quarter.",
         _economic_buyer_silent),
    Rule("QBR012", "whitespace-unquantified", "warning", "Quantify every cell: add an opportunity with an ARR "
         "estimate for each product not sold to a unit.", _whitespace_unquantified),
    Rule("QBR013", "increase-without-value", "error", "Document outcomes worth more than the ARR before asking "
         "for more, or hold the price.", _increase_without_value),
    Rule("QBR014", "increase-with-critical-signal", "error", "Resolve the churn signal first: renew flat and "
         "win the account back before raising the price.", _increase_with_critical_signal),
    Rule("QBR015", "renewal-overdue", "error", "Escalate today and get the renewal signed; once signed, record the "
         "renewed contract's dates.", _renewal_overdue),
    Rule("QBR016", "delivered-and-on-roadmap", "warning", "Keep each capability in one place: delivered, or on "
         "the roadmap.", _delivered_and_on_roadmap),
    Rule("QBR017", "milestone-after-renewal", "warning", "Bring the goal forward, or plan a result the customer "
         "sees before the renewal.", _milestone_after_renewal),
    Rule("QBR018", "no-vendor-name", "error", "Set vendor.name in qbrgen.yaml to your company's name as the "
         "customer knows it.", _no_vendor_name),
    Rule("QBR019", "no-qbr-date", "warning", "Set qbr.date to the meeting's date.", _no_qbr_date),
    Rule("QBR020", "stale-data", "warning", "Refresh the data from its source before the review.", _stale_data),
    Rule("QBR021", "absurd-figure", "error", "Check the figure against its source; amounts are plain numbers in "
         "the account's currency.", _absurd_figure),
    Rule("QBR022", "offer-lapsed", "error", "Set renewal.valid_until to a date after the signature target, or "
         "leave it out for the workspace's default validity.", _offer_lapsed),
    Rule("QBR023", "no-contact-details", "warning", "Set account.owner_email (and owner_phone) to how the "
         "customer reaches you.", _no_contact),
    Rule("QBR041", "discount", "error", "Fix the undelivered value before the price; if the discount stands, set "
         "renewal.discount_approved_by.", discount),
    Rule("QBR042", "shelfware-upsell", "warning", "Set an adoption goal in the success plan for what the customer "
         "owns; offer more only once they use it.", shelfware_upsell),
)
RULES += tuple(Rule(*rule) for rule in RISK_RULES)
WORKSPACE_RULES = frozenset({"QBR018"})
BY_ID = {r.id: r for r in RULES}


def lint(info, ctx: Context, loaded_data=None) -> list[Problem]:
    """Return the lint findings of one account, skipping rules the workspace disables."""
    disabled = set(ctx.workspace.lint.disable)
    out = []
    for rule in RULES:
        if rule.id in disabled:
            continue
        for loc, message, *severity in rule.check(ctx):  # a finding may soften its rule's severity
            text = f"[{rule.id} {rule.name}] {message}. Fix: {rule.fix}"
            level = severity[0] if severity else rule.severity
            if rule.id in WORKSPACE_RULES:  # about qbrgen.yaml, which may not exist yet
                out.append(Problem(info.display, None, "", text, level))
                continue
            line = line_of(loaded_data, loc) if loaded_data is not None else None
            out.append(Problem(info.display, line, format_path(loc), text, level))
    if placeholders.RULE_ID not in disabled:
        out.extend(placeholders.findings(info, loaded_data))
    return out


def build_summary(info, as_of) -> str:
    """Return the one-line lint summary ``qbrgen build`` prints for an account with errors, or ''."""
    from qbrgen.analysis.context import context

    ctx = context(info.model, info.workspace.model, as_of)
    errors = [p for p in lint(info, ctx, info.source) if p.severity == "error"]
    if not errors:
        return ""
    rules = ", ".join(dict.fromkeys(p.message[1:].split("]")[0] for p in errors))
    return (f"{info.display}: lint: {len(errors)} error(s): {rules}; run 'qbrgen lint {info.display}' for "
            "the details")
