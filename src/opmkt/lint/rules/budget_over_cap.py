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

from opmkt.findings import Finding, Severity, say, say_n
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan.model import Plan
from opmkt.plan.money import exact_sum, round_money

ID = "budget-over-cap"
SUMMARY = N_("the budget total exceeds plan.budget_cap")
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
    said = (
        say_n(
            "the budget totals {total} (not counting {n} line in a currency without an exchange "
            "rate), {excess} over plan.budget_cap ({cap}): cut or drop lines, or raise the cap",
            "the budget totals {total} (not counting {n} lines in a currency without an "
            "exchange rate), {excess} over plan.budget_cap ({cap}): cut or drop lines, or raise "
            "the cap",
            left_out,
            total=shown[0],
            excess=shown[1],
            cap=shown[2],
        )
        if left_out
        else say(
            "the budget totals {total}, {excess} over plan.budget_cap ({cap}): cut or drop "
            "lines, or raise the cap",
            total=shown[0],
            excess=shown[1],
            cap=shown[2],
        )
    )
    yield ctx.section_finding(ID, DEFAULT_SEVERITY, said, "budget")
