"""What every section builder receives, and the words shared between sections."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from qbrgen.document import Audience, Table
from qbrgen.figures import Figures
from qbrgen.fmt import Formatter
from qbrgen.model import Account, Workspace

STATUS = {"not-started": "Not started", "on-track": "On track", "at-risk": "At risk", "done": "Done"}
LEVEL = {"ic": "Individual contributor", "manager": "Manager", "director": "Director", "vp": "VP",
         "c-level": "C-level"}
SENIORITY = {"ic-manager": "IC / manager", "director": "Director", "executive": "VP / C-level"}
FUNCTION = {"buying": "Buying team", "using": "Using team", "adjacent": "Adjacent team"}
MILESTONE_STATUS = {"passed": "Window passed", "current": "Now", "upcoming": "Upcoming", "overdue": "Overdue"}


@dataclass(frozen=True)
class Context:
    """One account, its workspace, its figures and its formatter, for one build."""

    account: Account
    workspace: Workspace
    figures: Figures
    fmt: Formatter
    as_of: dt.date
    audience: Audience = "customer"

    @property
    def customer(self) -> str:
        return self.account.account.name

    @property
    def vendor(self) -> str:
        return self.workspace.vendor.name

    @property
    def internal(self) -> bool:
        return self.audience == "internal"

    def money(self, amount: Decimal) -> str:
        return self.fmt.money(amount)

    def date(self, value: dt.date) -> str:
        return self.fmt.date(value)

    def measure(self, value: Decimal, unit: str) -> str:
        """Return a value with its unit: '2.1 days', '3.4 % of spend'."""
        return f"{self.fmt.number(value, 2)} {unit}"


def improvement_text(ctx: Context, o) -> str:
    """Return how far an outcome moved the right way, like '67.7% better' or '—'."""
    if o.improvement is None:
        return "new"
    if o.improvement < 0:
        return f"{ctx.fmt.percent(-o.improvement)} worse"
    return f"{ctx.fmt.percent(o.improvement)} better"


def outcomes_table(ctx: Context) -> Table:
    """Return the outcomes table: before, now, improvement and documented yearly value."""
    f = ctx.figures
    rows = [
        (o.outcome, ctx.measure(o.baseline, o.unit), ctx.measure(o.current, o.unit), improvement_text(ctx, o),
         ctx.money(o.annual_value) if o.annual_value is not None else "not yet quantified")
        for o in f.outcomes
    ]
    emphasis = False
    if any(o.annual_value is not None for o in f.outcomes):
        rows.append(("Total documented value per year", "", "", "", ctx.money(f.documented_value)))
        emphasis = True
    return Table(("Outcome", "Before", "Now", "Change", "Value per year"), tuple(rows),
                 align=("left", "right", "right", "right", "right"), widths=(5, 3, 3, 3, 3),
                 emphasis_last_row=emphasis)


def options_table(ctx: Context) -> Table:
    """Return the renewal options: term, price per year, total contract value and saving."""
    r = ctx.figures.renewal
    rows = []
    for opt in r.options:
        yearly = " / ".join(ctx.money(y) for y in dict.fromkeys(opt.yearly))
        saving = ctx.money(opt.saving) if opt.saving > 0 else "—"
        rows.append((opt.name, f"{opt.term_months} months", ctx.fmt.pct(opt.increase_pct), yearly,
                     ctx.money(opt.total), saving))
    return Table(("Option", "Term", "Increase", "Price per year", "Total contract value", "Saving"),
                 tuple(rows), align=("left", "left", "right", "right", "right", "right"),
                 widths=(5, 3, 2, 4, 4, 3))


def framing_sentence(ctx: Context) -> str:
    """Return the renewal increase set against documented value, in numbers."""
    r = ctx.figures.renewal
    text = (f"A {ctx.fmt.pct(r.increase_pct)} increase on {ctx.money(r.arr)} comes to {ctx.money(r.increase)} "
            f"a year")
    if r.documented_value > 0:
        text += f", set against {ctx.money(r.documented_value)} of value documented each year"
        if r.value_to_increase is not None:
            text += f" ({ctx.fmt.multiple(r.value_to_increase)} the increase)"
    return text + "."


def bridge_chart(ctx: Context):
    """Return the renewal price bridge: current ARR, increase, expansion, new ARR."""
    from qbrgen.document import Chart, Series

    r = ctx.figures.renewal
    cats = ["Current ARR", "Increase"]
    values = [r.arr, r.increase]
    if r.expansion:
        cats.append("Expansion")
        values.append(r.expansion)
    cats.append("New ARR")
    values.append(r.new_arr)
    return Chart("waterfall", "From today's ARR to the renewed ARR", tuple(cats),
                 (Series("Amount", tuple(values)),), labels=tuple(ctx.money(v) for v in values))


def timeline_rows(ctx: Context, customer_facing: bool) -> tuple[tuple[str, ...], ...]:
    """Return the renewal milestones as rows; the customer sees only the steps they take part in."""
    rows = []
    for m in ctx.figures.timeline.milestones:
        if customer_facing and m.days_before > 120:
            continue
        row = (ctx.date(m.date), f"{m.days_before} days before" if m.days_before else "Renewal date", m.step)
        rows.append(row if customer_facing else (*row, MILESTONE_STATUS[m.status]))
    return tuple(rows)
