"""A line's or spend record's currency is not the plan's and has no exchange rate.

Totals, the cap, quote thresholds and tracking are all in the plan's currency. A budget line in
another currency is converted at `plan.exchange_rates`; without a rate it cannot be, and it is
left out of every figure, which silently understates the budget. One finding per line, on its
`currency`. In an actuals file, the same holds for each spend record whose `currency` has no
rate in the plan it tracks (reported on the record's `currency`): that spend would be missing
from the actual figures.

Passes::

    plan:
      name: Studio plan 2027
      period: {start: 2027-01-01, end: 2027-12-31}
      currency: EUR
      exchange_rates: {USD: 0.92}
    budget:
      lines:
        - id: B1
          label: Stock photo licence
          amount: 300
          currency: USD

Fails (11:17, no rate for GBP)::

    plan:
      name: Studio plan 2027
      period: {start: 2027-01-01, end: 2027-12-31}
      currency: EUR
      exchange_rates: {USD: 0.92}
    budget:
      lines:
        - id: B1
          label: Stock photo licence
          amount: 300
          currency: GBP
"""

from __future__ import annotations

from collections.abc import Iterator

from opmkt.findings import Finding, Severity, say
from opmkt.i18n import N_
from opmkt.lint.context import Context
from opmkt.plan import lines as budget
from opmkt.plan.model import Plan

ID = "currency-rate-missing"
SUMMARY = N_("a line's or spend record's currency is not the plan's and has no exchange rate")
DEFAULT_SEVERITY = Severity.ERROR


def check(plan: Plan, ctx: Context) -> Iterator[Finding]:
    code = plan.plan.currency
    if ctx.actuals is not None:
        for i, spend in enumerate(ctx.actuals.spend):
            if spend.currency is not None and budget.rate(plan, spend.currency) is None:
                yield ctx.finding(
                    ID,
                    DEFAULT_SEVERITY,
                    say(
                        "spend on line '{line}' dated {date} is in {currency}, which the plan has "
                        "no exchange rate for: add {currency}: <value of 1 {currency} in "
                        "{code}> to plan.exchange_rates in {plan}",
                        line=spend.line,
                        date=str(spend.date),
                        currency=spend.currency,
                        code=code,
                        plan=ctx.actuals.plan,
                    ),
                    ("spend", i, "currency"),
                )
        return
    if plan.budget is None:
        return
    for i, line in enumerate(plan.budget.lines):
        if line.currency is not None and budget.rate(plan, line.currency) is None:
            yield ctx.finding(
                ID,
                DEFAULT_SEVERITY,
                say(
                    "budget line '{id}' is in {currency}, which has no exchange rate, so it is "
                    "left out of every total: add {currency}: <value of 1 {currency} in {code}> "
                    "to plan.exchange_rates",
                    id=line.id,
                    currency=line.currency,
                    code=code,
                ),
                ("budget", "lines", i, "currency"),
            )
