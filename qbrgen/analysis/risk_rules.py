"""Lint rules read from the risk radar (:mod:`qbrgen.analysis.risk`), so lint and the plan give one verdict."""

from __future__ import annotations

from qbrgen.analysis.risk import PRICING_TEXT


def _verdict(ctx):
    r = ctx.figures.risk
    if r is None or r.verdict == "on-track":
        return []
    where = ("contract", "renewal_date")
    patterns = "; ".join(p.text for p in r.patterns)
    return [(where, f"verdict {r.verdict_text.lower()} (urgency score {r.score}, {ctx.fmt.count(len(r.patterns))} "
                    f"open pattern(s)): {patterns}. Pricing: {PRICING_TEXT[r.pricing].rstrip('.')}")]


# (id, name, severity, fix, check), registered by qbrgen.analysis.lint
RULES = (
    ("QBR030", "risk-verdict", "warning", "Work the open patterns from the top of the account plan's verdict block "
     "before the renewal.", _verdict),
)
