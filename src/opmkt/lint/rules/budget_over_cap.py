"""The budget total exceeds `plan.budget_cap`.

The cap is the most the plan may spend; a budget above it cannot be approved as it stands. The
total counts every line, every occurrence of a recurring line, `quantity × unit_cost` where no
`amount` is given, and lines in another currency converted at `plan.exchange_rates`, all
exactly. A line whose currency has no rate cannot be counted: it is left out (and named by
`currency-rate-missing`), and the message says how many were, since the real total is higher.

The finding is plan-wide and points at the `budget` section (its first key, as for every
section), where the cut has to be made: the cap is one number, the lines are what the author
will change. Figures in the message are rounded half-even to the currency's digits for display
only; when that rounding would hide the excess, they are shown exact.

Passes::

    plan:
      name: Bakery plan 2027
      period: {start: 2027-01-01, end: 2027-12-31}
      budget_cap: 3000
    budget:
      lines:
        - id: B1
          label: Newsletter tool
          amount: 250
          recurring: {every: month, from: 2027-01, to: 2027-12}

Fails (6:3, 12 × 260 = 3120 is over the cap of 3000)::

    plan:
      name: Bakery plan 2027
      period: {start: 2027-01-01, end: 2027-12-31}
      budget_cap: 3000
    budget:
      lines:
        - id: B1
          label: Newsletter tool
          amount: 260
          recurring: {every: month, from: 2027-01, to: 2027-12}
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Severity
from opmkt.lint.context import Context
from opmkt.plan.model import Plan
from opmkt.plan.money import exact_sum, round_money

ID = "budget-over-cap"
SUMMARY = "the budget total exceeds plan.budget_cap"
DEFAULT_SEVERITY = Severity.ERROR


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    cap = plan.plan.budget_cap
    if cap is None or plan.budget is None:
        return
    costs = ctx.line_costs
    left_out = costs.count(None)
    total = exact_sum(cost.total for cost in costs if cost is not None)
    if total <= cap:
        return
    code = plan.plan.currency
    # copy_negate, unlike unary minus, never rounds.
    excess = exact_sum((total, cap.copy_negate()))
    exact = round_money(excess, code) == 0
    shown = [
        f"{amount if exact else round_money(amount, code):f} {code}"
        for amount in (total, excess, cap)
    ]
    note = ""
    if left_out:
        lines = "line" if left_out == 1 else "lines"
        note = f" (not counting {left_out} {lines} in a currency without an exchange rate)"
    yield ctx.section_finding(
        ID,
        DEFAULT_SEVERITY,
        f"the budget totals {shown[0]}{note}, {shown[1]} over plan.budget_cap ({shown[2]}): "
        "cut or drop lines, or raise the cap",
        "budget",
    )
